/*
** cau_rank(fts, G, g1..gG, w[1][1..C], ..., w[G][1..C]): Cầu's relevance in one FTS5 auxiliary
** function call per row, the value of the SQL expression it replaces (schema.ts RELEVANCE_SQL)
**
**   -(g1 * bm25(fts, w[1]...) + g2 * bm25(fts, w[2]...) + ... + gG * bm25(fts, w[G]...))
**
** to the last bit: the same IDF and average length as FTS5's bm25(), the same arithmetic in the
** same order (build with -ffp-contract=off), but the row's phrase instances are walked once for
** every group instead of once per bm25() call. Loaded by rank-extension.ts; without it the SQL
** expression runs, with the same scores.
**
** cau_rank(fts, G, g..., w..., adjW, pairs): the same, plus the preference for words typed side
** by side (search-index/sqlite/match.ts, CompiledQuery.pairs), which the SQL expression ranks as
** phrases "a b" in the MATCH. Here there is no such phrase: FTS5 would match it over every
** candidate (about as much work again as the ranking without it, bench/README.md). The pairs
** name the phrase indexes of each pair's two words instead; xInst gives a row's instances sorted
** by column, then offset (then phrase: fts5CacheInstArray), so the walk that sums the phrases'
** frequencies also finds a first word at offset o and a second at o + 1 in the same column: the
** pair's frequency in that column, exactly the phrase's. Its IDF comes from the number of records
** with the phrase, which the caller counts (and keeps while the index does not change), as
** bm25() would have; the term is then multiplied by adjW. Scores of queries without pairs are
** bm25()'s to the last bit, as before; with pairs, and adjW 1, the phrase's bm25() terms summed
** in another order (so equal but for the last bits).
*/
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include "fts5.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef sqlite3_uint64 u64;

/* The index of the lowest set bit of x (x != 0). */
static int cauLowBit(u64 x){
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll(x);
#else
  int n = 0;
  while( (x & 1)==0 ){ x >>= 1; n++; }
  return n;
#endif
}

typedef struct CauRank CauRank;
struct CauRank {
  int nPhrase;
  int nGroup;
  int nCol;
  double avgdl;
  double *aIDF;    /* [nPhrase] */
  double *aFreq;   /* [nGroup][nPhrase], for the current row */
  double *aGroupW; /* [nGroup] */
  double *aColW;   /* [nGroup][nCol] */
  /* The adjacent pairs, when given (cauPairs): nPair entries, as bit masks of nWord words. */
  int nPair;
  int nWord;
  double adjW;
  double *aPairIDF;   /* [nPair] */
  double *aPairFreq;  /* [nGroup][nPair], for the current row */
  u64 *aFirst;        /* [nPhrase][nWord]: the pairs whose first word this phrase is */
  u64 *aSecond;       /* [nPhrase][nWord]: the pairs whose second word this phrase is */
  u64 *aColPairs;     /* [nCol][nWord]: the pairs whose phrase would have had this column */
  u64 *aPrev;         /* [nWord] scratch: pairs whose first word is at the previous offset */
  u64 *aCur;          /* [nWord] scratch: pairs whose first word is at the current offset */
  u64 *aDone;         /* [nWord] scratch: pairs already counted at the current offset */
  unsigned char *aInPair; /* [nPhrase]: whether the phrase is a word of some pair */
};

/*
** Reads the pairs (match.ts, encodePairs): integers separated by spaces, the expression's phrase
** count, the number of entries, then per entry the bit mask of its columns, the number of records
** with the pair's phrase, the count and indexes of its first word's phrases, the count and
** indexes of its second word's. With p==0 only checks the text and returns the number of
** entries; with p, fills p's pair arrays (zeroed) and the IDFs (nRow records in all). Returns -1
** if the text is malformed or names a phrase or column the query does not have.
*/
static int cauPairs(const char *z, int nPhrase, int nCol, sqlite3_int64 nRow, CauRank *p){
  char *zEnd;
  long nExpected, nEntry, k, j, n, iCol, ip;
  long long nHit;
  if( z==0 || *z==0 ) return 0;
  nExpected = strtol(z, &zEnd, 10); if( zEnd==z ) return -1; z = zEnd;
  nEntry = strtol(z, &zEnd, 10); if( zEnd==z || nEntry<0 || nEntry>65536 ) return -1; z = zEnd;
  /* The phrase indexes were counted in the text of the expression; FTS5 must agree. */
  if( nExpected!=nPhrase ) return -1;
  for(k=0; k<nEntry; k++){
    long side;
    long long mask = strtoll(z, &zEnd, 10);
    if( zEnd==z || mask<=0 || (nCol<63 && mask>=(1LL<<nCol)) ) return -1;
    z = zEnd;
    nHit = strtoll(z, &zEnd, 10); if( zEnd==z || nHit<0 ) return -1; z = zEnd;
    if( p ){
      /* As bm25()'s IDF of the phrase (fts5Bm25GetData). */
      double idf = log( (nRow - nHit + 0.5) / (nHit + 0.5) );
      p->aPairIDF[k] = idf<=0.0 ? 1e-6 : idf;
      for(iCol=0; iCol<nCol; iCol++){
        if( mask & (1LL<<iCol) ) p->aColPairs[iCol*p->nWord + k/64] |= (u64)1 << (k%64);
      }
    }
    for(side=0; side<2; side++){
      n = strtol(z, &zEnd, 10); if( zEnd==z || n<1 ) return -1; z = zEnd;
      for(j=0; j<n; j++){
        ip = strtol(z, &zEnd, 10);
        if( zEnd==z || ip<0 || ip>=nPhrase ) return -1;
        z = zEnd;
        if( p ){
          u64 *a = side==0 ? p->aFirst : p->aSecond;
          a[ip*p->nWord + k/64] |= (u64)1 << (k%64);
          p->aInPair[ip] = 1;
        }
      }
    }
  }
  while( *z==' ' ) z++;
  return *z==0 ? (int)nEntry : -1;
}

static int cauCountCb(const Fts5ExtensionApi *pApi, Fts5Context *pFts, void *pUserData){
  sqlite3_int64 *pn = (sqlite3_int64*)pUserData;
  (void)pApi; (void)pFts;
  (*pn)++;
  return SQLITE_OK;
}

/* As fts5Bm25GetData() in SQLite's fts5_aux.c, plus the weights, read once per query. */
static int cauRankData(
  const Fts5ExtensionApi *pApi, Fts5Context *pFts, int nVal, sqlite3_value **apVal,
  CauRank **pp
){
  int rc = SQLITE_OK;
  CauRank *p = (CauRank*)pApi->xGetAuxdata(pFts, 0);
  if( p==0 ){
    int nPhrase = pApi->xPhraseCount(pFts);
    int nCol = pApi->xColumnCount(pFts);
    int nGroup = nVal>0 ? sqlite3_value_int(apVal[0]) : 0;
    int nFixed = 1 + nGroup + nGroup*nCol;
    const char *zPairs = 0;
    int nPair = 0, nWord = 0;
    sqlite3_int64 nRow = 0, nToken = 0, nByte;
    int i, g, c;
    if( nGroup<1 || (nVal!=nFixed && nVal!=nFixed + 2) ) return SQLITE_MISUSE;
    if( nVal==nFixed + 2 ){
      zPairs = (const char*)sqlite3_value_text(apVal[nFixed + 1]);
      /* Pairs that do not fit this expression (match.ts and FTS5 counting phrases otherwise,
      ** which compileQuery's quoting rules out) are not looked for: never the wrong phrases. */
      nPair = cauPairs(zPairs, nPhrase, nCol, 0, 0);
      if( nPair<0 || nCol>64 ) nPair = 0;
      nWord = (nPair + 63) / 64;
    }
    nByte = sizeof(CauRank)
          + sizeof(double)*((sqlite3_int64)nPhrase*(1 + nGroup) + nGroup + (sqlite3_int64)nGroup*nCol)
          + sizeof(double)*((sqlite3_int64)nPair*(1 + nGroup))
          + sizeof(u64)*((sqlite3_int64)nWord*(2*nPhrase + nCol + 3))
          + nPhrase;
    p = (CauRank*)sqlite3_malloc64(nByte);
    if( p==0 ) return SQLITE_NOMEM;
    memset(p, 0, (size_t)nByte);
    p->nPhrase = nPhrase;
    p->nGroup = nGroup;
    p->nCol = nCol;
    p->aIDF = (double*)&p[1];
    p->aFreq = &p->aIDF[nPhrase];
    p->aGroupW = &p->aFreq[nPhrase*nGroup];
    p->aColW = &p->aGroupW[nGroup];
    p->nPair = nPair;
    p->nWord = nWord;
    p->aPairIDF = &p->aColW[nGroup*nCol];
    p->aPairFreq = &p->aPairIDF[nPair];
    p->aFirst = (u64*)&p->aPairFreq[nGroup*nPair];
    p->aSecond = &p->aFirst[nPhrase*nWord];
    p->aColPairs = &p->aSecond[nPhrase*nWord];
    p->aPrev = &p->aColPairs[nCol*nWord];
    p->aCur = &p->aPrev[nWord];
    p->aDone = &p->aCur[nWord];
    p->aInPair = (unsigned char*)&p->aDone[nWord];
    for(g=0; g<nGroup; g++){
      p->aGroupW[g] = sqlite3_value_double(apVal[1 + g]);
      for(c=0; c<nCol; c++){
        p->aColW[g*nCol + c] = sqlite3_value_double(apVal[1 + nGroup + g*nCol + c]);
      }
    }
    rc = pApi->xRowCount(pFts, &nRow);
    if( rc==SQLITE_OK && nPair>0 ){
      p->adjW = sqlite3_value_double(apVal[nFixed]);
      cauPairs(zPairs, nPhrase, nCol, nRow, p);
    }
    if( rc==SQLITE_OK ) rc = pApi->xColumnTotalSize(pFts, -1, &nToken);
    if( rc==SQLITE_OK ) p->avgdl = (double)nToken / (double)nRow;
    for(i=0; rc==SQLITE_OK && i<nPhrase; i++){
      sqlite3_int64 nHit = 0;
      rc = pApi->xQueryPhrase(pFts, i, (void*)&nHit, cauCountCb);
      if( rc==SQLITE_OK ){
        double idf = log( (nRow - nHit + 0.5) / (nHit + 0.5) );
        if( idf<=0.0 ) idf = 1e-6;
        p->aIDF[i] = idf;
      }
    }
    if( rc==SQLITE_OK ) rc = pApi->xSetAuxdata(pFts, p, sqlite3_free);
    else sqlite3_free(p);
    if( rc!=SQLITE_OK ) p = 0;
  }
  *pp = p;
  return rc;
}

/*
** One instance of the row's walk, for the pairs: the instance of phrase ip at (iCol, iOff),
** the instances coming sorted by column, then offset. A pair is counted once per offset of its
** second word, however many of the query's phrases are its words there (a relaxed query writes
** a word once per combination).
*/
static void cauPairInst(CauRank *p, int ip, int iCol, int iOff, int *piCol, int *piOff){
  const int nWord = p->nWord;
  int w;
  if( iCol!=*piCol || iOff!=*piOff ){
    int next = iCol==*piCol && iOff==*piOff + 1;
    for(w=0; w<nWord; w++){
      p->aPrev[w] = next ? p->aCur[w] : 0;
      p->aCur[w] = 0;
      p->aDone[w] = 0;
    }
    *piCol = iCol;
    *piOff = iOff;
  }
  if( !p->aInPair[ip] ) return;
  for(w=0; w<nWord; w++){
    const u64 cols = p->aColPairs[iCol*nWord + w];
    u64 hit = p->aSecond[ip*nWord + w] & cols & p->aPrev[w] & ~p->aDone[w];
    p->aCur[w] |= p->aFirst[ip*nWord + w] & cols;
    p->aDone[w] |= hit;
    while( hit ){
      int k = w*64 + cauLowBit(hit);
      int g;
      for(g=0; g<p->nGroup; g++){
        p->aPairFreq[g*p->nPair + k] += p->aColW[g*p->nCol + iCol];
      }
      hit &= hit - 1;
    }
  }
}

static void cauRankFunction(
  const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *pCtx,
  int nVal, sqlite3_value **apVal
){
  const double k1 = 1.2;
  const double b = 0.75;
  CauRank *p = 0;
  int nInst = 0, nTok = 0, i, g;
  int iCol = -1, iOff = -1;
  double D, total = 0.0;
  int rc = cauRankData(pApi, pFts, nVal, apVal, &p);
  if( rc==SQLITE_OK ){
    memset(p->aFreq, 0, sizeof(double)*p->nPhrase*p->nGroup);
    if( p->nPair ){
      memset(p->aPairFreq, 0, sizeof(double)*p->nPair*p->nGroup);
      memset(p->aCur, 0, sizeof(u64)*p->nWord);
    }
    rc = pApi->xInstCount(pFts, &nInst);
  }
  for(i=0; rc==SQLITE_OK && i<nInst; i++){
    int ip, ic, io;
    rc = pApi->xInst(pFts, i, &ip, &ic, &io);
    if( rc==SQLITE_OK ){
      for(g=0; g<p->nGroup; g++){
        p->aFreq[g*p->nPhrase + ip] += p->aColW[g*p->nCol + ic];
      }
      if( p->nPair ) cauPairInst(p, ip, ic, io, &iCol, &iOff);
    }
  }
  if( rc==SQLITE_OK ) rc = pApi->xColumnSize(pFts, -1, &nTok);
  if( rc!=SQLITE_OK ){
    sqlite3_result_error_code(pCtx, rc);
    return;
  }
  D = (double)nTok;
  for(g=0; g<p->nGroup; g++){
    const double *aFreq = &p->aFreq[g*p->nPhrase];
    double score = 0.0;
    for(i=0; i<p->nPhrase; i++){
      score += p->aIDF[i] * (
          ( aFreq[i] * (k1 + 1.0) ) /
          ( aFreq[i] + k1 * (1 - b + b * D / p->avgdl) )
      );
    }
    /* The pairs after the phrases: without pairs the sum is bm25()'s, to the last bit. */
    for(i=0; i<p->nPair; i++){
      const double f = p->aPairFreq[g*p->nPair + i];
      score += p->adjW * p->aPairIDF[i] * (
          ( f * (k1 + 1.0) ) /
          ( f + k1 * (1 - b + b * D / p->avgdl) )
      );
    }
    /* bm25() returns -1.0 * score; the SQL multiplies it by the group's weight and adds. */
    if( g==0 ) total = p->aGroupW[g] * (-1.0 * score);
    else total = total + p->aGroupW[g] * (-1.0 * score);
  }
  sqlite3_result_double(pCtx, -total);
}

/*
** What this build of cau_rank understands, for rank-function.ts to check after loading it: a
** library built from older source (a checkout updated without `npm ci`) would refuse the
** arguments the search now passes, so the search ranks in SQL instead. 2: the pairs.
*/
#define CAU_RANK_VERSION 2
static void cauRankVersion(sqlite3_context *pCtx, int nVal, sqlite3_value **apVal){
  (void)nVal; (void)apVal;
  sqlite3_result_int(pCtx, CAU_RANK_VERSION);
}

static fts5_api *cauFts5Api(sqlite3 *db){
  fts5_api *pRet = 0;
  sqlite3_stmt *pStmt = 0;
  if( sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, 0)==SQLITE_OK ){
    sqlite3_bind_pointer(pStmt, 1, (void*)&pRet, "fts5_api_ptr", 0);
    sqlite3_step(pStmt);
  }
  sqlite3_finalize(pStmt);
  return pRet;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_caurank_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi){
  fts5_api *fts5;
  int rc;
  SQLITE_EXTENSION_INIT2(pApi);
  fts5 = cauFts5Api(db);
  if( fts5==0 || fts5->iVersion<2 ){
    *pzErrMsg = sqlite3_mprintf("cau_rank: this SQLite has no FTS5");
    return SQLITE_ERROR;
  }
  rc = sqlite3_create_function(db, "cau_rank_version", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0,
                               cauRankVersion, 0, 0);
  if( rc!=SQLITE_OK ) return rc;
  return fts5->xCreateFunction(fts5, "cau_rank", 0, cauRankFunction, 0);
}
