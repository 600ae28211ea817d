import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, patent } from '../contract/records';
import { glossaryTranslator } from '../index';
import type { SearchRequest, SearchResponse } from '../search-index';
import { RANK_LIBRARY } from './rank-function';
import { SqliteSearchIndex } from './sqlite-index';

// cau_rank replaces the ranking's SQL expression where `npm ci` could build it: the answers,
// scores included, must be the very same with and without it. Words typed side by side are
// phrases for the SQL expression and pairs found in the instances for cau_rank, their terms
// summed in another order: there the same answers, scores equal but for the last bits.
const dir = mkdtempSync(join(tmpdir(), 'cau-rank-'));
let native: SqliteSearchIndex;
let sql: SqliteSearchIndex;

beforeAll(async () => {
  native = SqliteSearchIndex.open(dir);
  sql = SqliteSearchIndex.open(dir, { rankFunction: false });
  for (const index of [native, sql]) index.translate = glossaryTranslator();
  await native.upsert(CORPUS);
});
afterAll(async () => {
  await native.close();
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
});

/** No two plain words side by side: the SQL expression's very scores. */
const WITHOUT_PAIRS: SearchRequest[] = [
  { query: 'trấu' },
  { query: '"năng lượng mặt trời"' },
  { query: 'bàn OR biochar' },
  { query: 'bioch*' },
  { query: '"vỏ trấu" biochar' },
  { query: 'phân OR bón OR xylophone' },
  { query: 'biochar -bàn' },
  { query: 'trấu', sort: 'readiness', facets: true },
  { query: 'máy', type: 'patent', from: '2015-01-01', explain: true },
];

/** Words side by side (relaxed, translated, typed with marks, filtered). */
const WITH_PAIRS: SearchRequest[] = [
  { query: 'vỏ trấu' },
  { query: 'phân bón hữu cơ' },
  { query: 'phan bon huu co' },
  { query: 'rice husk biochar' },
  { query: 'phân bón vỏ trấu xylophone' },
  { query: 'năng lượng sấy' },
  { query: 'vỏ trấu', sort: 'readiness', facets: true },
  { query: 'máy bán', type: 'patent', from: '2015-01-01', explain: true },
];

/** The answer with its scores rounded: equal but for the last bits. */
function rounded(r: SearchResponse): unknown {
  const round = (x: number): string => x.toPrecision(12);
  return {
    ...r,
    hits: r.hits.map((h) => ({
      ...h,
      score: round(h.score),
      ...(h.explain
        ? { explain: { ...h.explain, score: round(h.explain.score), text: round(h.explain.text) } }
        : {}),
    })),
  };
}

describe('cau_rank, the ranking function', () => {
  it('is loaded wherever it was built', () => {
    expect(native.rankFunction).toBe(
      existsSync(RANK_LIBRARY) && process.env.CAU_RANK_FUNCTION !== '0',
    );
    expect(sql.rankFunction).toBe(false);
  });

  it.each(WITHOUT_PAIRS.map((r) => [r.query!, r]))(
    'gives the same hits, scores and totals as the SQL expression: %s',
    async (_q, request) => {
      const [a, b] = [await native.search(request), await sql.search(request)];
      expect(a.total).toBeGreaterThan(0);
      expect(a).toEqual(b);
    },
  );

  it.each(WITH_PAIRS.map((r) => [r.query!, r]))(
    'with words side by side, gives the same hits, scores (but for the last bits) and totals: %s',
    async (_q, request) => {
      const [a, b] = [await native.search(request), await sql.search(request)];
      expect(a.total).toBeGreaterThan(0);
      expect(rounded(a)).toEqual(rounded(b));
    },
  );
});

describe('cau_rank, words side by side', () => {
  // Without marks, so no exact phrase in the MATCH prefers either: only cau_rank's pairs (or
  // the SQL expression's phrases) tell the two records apart; they tie otherwise.
  const pairDir = mkdtempSync(join(tmpdir(), 'cau-rank-pairs-'));
  const both: SqliteSearchIndex[] = [];
  beforeAll(async () => {
    both.push(
      SqliteSearchIndex.open(pairDir),
      SqliteSearchIndex.open(pairDir, { rankFunction: false }),
    );
    await both[0]!.upsert([
      patent('ADJ-1', { title: 'Đo lượng năng gió biển', abstract: 'Máy đo gió.' }),
      patent('ADJ-2', { title: 'Đo năng lượng gió biển', abstract: 'Máy đo gió.' }),
      patent('ADJ-3', { title: 'Máy bơm nước sạch' }),
      patent('ADJ-4', { title: 'Nước sạch bơm máy' }),
      // The rest of the corpus, so that the words are rare enough to count (a positive IDF).
      ...CORPUS,
    ]);
  });
  afterAll(async () => {
    for (const index of both) await index.close();
    rmSync(pairDir, { recursive: true, force: true });
  });

  it("counts a pair phrase's records again once the index changed, from either connection", async () => {
    const scores = async (index: SqliteSearchIndex): Promise<string[]> =>
      (await index.search({ query: 'nang luong', explain: true })).hits.map(
        (h) => `${h.id} ${h.explain!.text.toPrecision(12)}`,
      );
    expect(await scores(both[0]!)).toEqual(await scores(both[1]!));
    // Written by this connection (total_changes()), then by the other (data_version).
    await both[0]!.upsert([patent('ADJ-5', { title: 'Năng lượng sạch' })]);
    expect(await scores(both[0]!)).toEqual(await scores(both[1]!));
    await both[1]!.upsert([patent('ADJ-6', { title: 'Năng lượng gió' })]);
    expect(await scores(both[0]!)).toEqual(await scores(both[1]!));
    await both[1]!.delete(['ADJ-5', 'ADJ-6']);
    expect(await scores(both[0]!)).toEqual(await scores(both[1]!));
  });

  it('ranks with cau_rank wherever it was built', () => {
    expect(both[0]!.rankFunction).toBe(
      existsSync(RANK_LIBRARY) && process.env.CAU_RANK_FUNCTION !== '0',
    );
  });

  it.each([
    ['nang luong', ['ADJ-2', 'ADJ-1']],
    ['luong nang', ['ADJ-1', 'ADJ-2']],
    ['may bom nuoc', ['ADJ-3', 'ADJ-4']],
    ['nuoc bom may', ['ADJ-4', 'ADJ-3']],
  ])('ranks %s found side by side first, in both rankings', async (query, ids) => {
    for (const index of both) {
      const hits = (await index.search({ query })).hits.filter((h) => h.id.startsWith('ADJ-'));
      expect(hits.map((h) => h.id)).toEqual(ids);
      // A preference, not a tie broken by the record's number.
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    }
  });
});
