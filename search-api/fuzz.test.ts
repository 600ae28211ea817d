import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { ingestPaths } from '../ingest';
import {
  InvalidQueryError,
  openIndex,
  parseQuery,
  planQuery,
  glossaryTranslator,
  type SearchIndex,
} from '../search-index';
import { createApp } from './app';

// Property-based queries through the query parser and through the API (real HTTP, a real
// index of the fixtures): a query is answered or refused with a 400 in the one wording, never
// a crash, a 500, a hang (a time bound per query), a stack trace or a file path.
const RUNS = Number(process.env.CAU_FUZZ_RUNS ?? 150);
/** Generous for a loaded 2-core CI machine; a query stuck in a loop never meets it. */
const MS_PER_QUERY = 3000;
const SEED = Number(process.env.CAU_FUZZ_SEED ?? Date.now() % 1e9);

const WORDS = [
  'phân',
  'bón',
  'phan',
  'bon',
  'hữu',
  'cơ',
  'vỏ',
  'trấu',
  'năng',
  'lượng',
  'mặt',
  'trời',
  'rice',
  'husk',
  'batteries',
  'cathode',
  'nuôi',
  'thuỷ',
  'sản',
  'C05F',
  'C05F 11/08',
  'H01M',
  '2019',
  'lithi*',
  'a',
  'the',
  'NEAR',
  'AND',
];
const TOKENS = [
  ...WORDS,
  'OR',
  'or',
  '-',
  '"',
  '(',
  ')',
  '*',
  ':',
  'ti:',
  'ab:',
  'pa:',
  'in:',
  'ipc:',
  'cl:',
  'xx:',
  '^',
  '{',
  '}',
  '\\',
  "'",
  '\u0000',
  '\u200B',
  '\u0301',
  '🌾',
  '…',
];

/** Queries a user (or a script probing the API) might type: tokens of the syntax, mixed. */
const querylike = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 40 })
  .chain((tokens) =>
    fc
      .array(fc.constantFrom(' ', '', '  '), { minLength: tokens.length, maxLength: tokens.length })
      .map((gaps) => tokens.map((t, i) => t + gaps[i]).join('')),
  );
const anyQuery = fc.oneof(
  querylike,
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('(', '"', '-a', 'a OR', 'OR OR OR', '((((((((((a))))))))))', '"'.repeat(999)),
);

describe('the query parser', () => {
  const translate = glossaryTranslator();
  it('parses or refuses with InvalidQueryError, in bounded time', () => {
    fc.assert(
      fc.property(anyQuery, (q) => {
        const t0 = performance.now();
        try {
          planQuery(parseQuery(q), translate);
        } catch (e) {
          if (!(e instanceof InvalidQueryError)) throw e;
          expect(e.message.length).toBeGreaterThan(0);
        }
        expect(performance.now() - t0).toBeLessThan(MS_PER_QUERY);
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });
});

describe('the API under random queries', () => {
  let dir: string;
  let index: SearchIndex;
  let app: ReturnType<typeof createApp>;
  const logged: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-fuzz-'));
    index = openIndex({ dataDir: dir });
    await ingestPaths([resolve(__dirname, '..', 'fixtures', 'patents')], index);
    app = createApp({
      index,
      version: 'fuzz',
      log: (l) => logged.push(l),
      // Hundreds of requests from one client in seconds: no rate limit here.
      protections: {
        corsOrigins: [],
        rateLimit: { windowMs: 60_000, limit: 0, expensiveLimit: 0 },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A response a person can use: a result, or a 400 in the one wording; nothing internal. */
  function expectUsable(res: request.Response, ms: number): void {
    expect([200, 400]).toContain(res.status);
    const text = res.text;
    expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules/);
    expect(text).not.toContain(dir);
    if (res.status === 400) {
      expect(['bad_request', 'invalid_query']).toContain(res.body.error.code);
      expect(res.body.error.message).toMatch(/^[\w.-]+: .+; allowed: .+/s);
    } else {
      expect(Array.isArray(res.body.hits)).toBe(true);
    }
    expect(ms).toBeLessThan(MS_PER_QUERY);
  }

  it('answers GET /api/search with a result or a clear 400', async () => {
    const params = fc.record(
      {
        q: anyQuery,
        type: fc.constantFrom('patent', 'research', 'thesis', ''),
        ipc: fc.constantFrom('C05F', 'C05F 11/08', 'zz', 'C'),
        from: fc.constantFrom('2015-01-01', '2019-02-30', 'x'),
        sort: fc.constantFrom('relevance', 'date', 'readiness', 'best'),
        limit: fc.constantFrom('1', '100', '1000', '-1', 'ten'),
        cursor: fc.string({ maxLength: 30 }),
      },
      { requiredKeys: ['q'] },
    );
    await fc.assert(
      fc.asyncProperty(params, async (query) => {
        const t0 = performance.now();
        const res = await request(app).get('/api/search').query(query);
        expectUsable(res, performance.now() - t0);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(logged).toEqual([]);
  });

  it('answers POST /api/prior-art with a result or a clear 400', async () => {
    const body = fc.record(
      {
        text: fc.oneof(anyQuery, fc.constant(1), fc.constant(null)),
        cutoff: fc.constantFrom('2018-01-01', '2018-13-01', '', 20180101),
        ipc: fc.oneof(
          fc.array(fc.constantFrom('C05F', 'x', 'A01N 25/00'), { maxLength: 3 }),
          fc.constant('C05F'),
        ),
        limit: fc.constantFrom(1, 5, 0, 'x'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const t0 = performance.now();
        const res = await request(app).post('/api/prior-art').send(b);
        expectUsable(res, performance.now() - t0);
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: SEED },
    );
    expect(logged).toEqual([]);
  });
});
