import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from '../contract/records';
import { glossaryTranslator } from '../index';
import type { SearchRequest } from '../search-index';
import { RANK_LIBRARY } from './rank-function';
import { SqliteSearchIndex } from './sqlite-index';

// cau_rank replaces the ranking's SQL expression where `npm ci` could build it: the answers,
// scores included, must be the very same with and without it.
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

const REQUESTS: SearchRequest[] = [
  { query: 'vỏ trấu' },
  { query: 'phân bón hữu cơ' },
  { query: 'phan bon huu co' },
  { query: '"năng lượng mặt trời"' },
  { query: 'bàn OR biochar' },
  { query: 'bioch*' },
  { query: 'rice husk biochar' },
  { query: 'phân bón vỏ trấu xylophone' },
  { query: 'năng lượng sấy' },
  { query: 'vỏ trấu', sort: 'readiness', facets: true },
  { query: 'máy bán', type: 'patent', from: '2015-01-01', explain: true },
];

describe('cau_rank, the ranking function', () => {
  it('is loaded wherever it was built', () => {
    expect(native.rankFunction).toBe(
      existsSync(RANK_LIBRARY) && process.env.CAU_RANK_FUNCTION !== '0',
    );
    expect(sql.rankFunction).toBe(false);
  });

  it.each(REQUESTS.map((r) => [r.query!, r]))(
    'gives the same hits, scores and totals as the SQL expression: %s',
    async (_q, request) => {
      const [a, b] = [await native.search(request), await sql.search(request)];
      expect(a.total).toBeGreaterThan(0);
      expect(a).toEqual(b);
    },
  );
});
