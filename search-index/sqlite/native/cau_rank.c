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
*/
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include "fts5.h"
#include <math.h>
#include <string.h>

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
};

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
    sqlite3_int64 nRow = 0, nToken = 0, nByte;
    int i, g, c;
    if( nGroup<1 || nVal!=1 + nGroup + nGroup*nCol ) return SQLITE_MISUSE;
    nByte = sizeof(CauRank)
          + sizeof(double)*((sqlite3_int64)nPhrase*(1 + nGroup) + nGroup + (sqlite3_int64)nGroup*nCol);
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
    for(g=0; g<nGroup; g++){
      p->aGroupW[g] = sqlite3_value_double(apVal[1 + g]);
      for(c=0; c<nCol; c++){
        p->aColW[g*nCol + c] = sqlite3_value_double(apVal[1 + nGroup + g*nCol + c]);
      }
    }
    rc = pApi->xRowCount(pFts, &nRow);
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

static void cauRankFunction(
  const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *pCtx,
  int nVal, sqlite3_value **apVal
){
  const double k1 = 1.2;
  const double b = 0.75;
  CauRank *p = 0;
  int nInst = 0, nTok = 0, i, g;
  double D, total = 0.0;
  int rc = cauRankData(pApi, pFts, nVal, apVal, &p);
  if( rc==SQLITE_OK ){
    memset(p->aFreq, 0, sizeof(double)*p->nPhrase*p->nGroup);
    rc = pApi->xInstCount(pFts, &nInst);
  }
  for(i=0; rc==SQLITE_OK && i<nInst; i++){
    int ip, ic, io;
    rc = pApi->xInst(pFts, i, &ip, &ic, &io);
    if( rc==SQLITE_OK ){
      for(g=0; g<p->nGroup; g++){
        p->aFreq[g*p->nPhrase + ip] += p->aColW[g*p->nCol + ic];
      }
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
    /* bm25() returns -1.0 * score; the SQL multiplies it by the group's weight and adds. */
    if( g==0 ) total = p->aGroupW[g] * (-1.0 * score);
    else total = total + p->aGroupW[g] * (-1.0 * score);
  }
  sqlite3_result_double(pCtx, -total);
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
  SQLITE_EXTENSION_INIT2(pApi);
  fts5 = cauFts5Api(db);
  if( fts5==0 || fts5->iVersion<2 ){
    *pzErrMsg = sqlite3_mprintf("cau_rank: this SQLite has no FTS5");
    return SQLITE_ERROR;
  }
  return fts5->xCreateFunction(fts5, "cau_rank", 0, cauRankFunction, 0);
}
