import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, type estypes } from '@elastic/elasticsearch';
import { patent, research } from '../contract/records';
import { IndexUnavailableError, InvalidQueryError, ReindexError } from '../errors';
import type { CauRecord } from '../../model';
import { contentHash, toDocument } from './document';
import { combine, READINESS_BOOST } from '../ranking';
import { indexTemplate, MAPPING_VERSION } from './mapping';
import { ranked } from './query';
import { mockCluster, responseError, type Recorded } from './mock-cluster';

// Elasticsearch 8 at the request level: no Elasticsearch server can run here, so responses are
// played back through the Elasticsearch client's own transport (@elastic/elasticsearch-mock
// replaces only the socket). The mapping, queries, ranking, facets and paging that both engines
// share run against a live OpenSearch node instead (./elasticsearch-contract.test.ts,
// ./cluster-live.test.ts, bin/cau-cluster.test.ts); what stays here is what a live node cannot
// be made to do on demand (429s, timeouts, shard failures, a copy changing under a reindex)
// and what only the Elasticsearch adapter sends (its point-in-time endpoints).

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempFile(name: string): string {
  const d = mkdtempSync(join(tmpdir(), 'cau-es-'));
  dirs.push(d);
  return join(d, name);
}

const FERT = patent('P-FERT', {
  title: 'Phân bón hữu cơ vi sinh từ vỏ trấu',
  abstract: 'Phân bón hữu cơ được ủ từ vỏ trấu và chế phẩm vi sinh.',
  ipc: ['C05F 11/08', 'C05G 3/00'],
  published: '2018-07-01',
  technologyFields: [
    { number: 16, field: 'Pharmaceuticals', sector: 'Chemistry', confidence: 1, source: 'ipc' },
  ],
  readiness: { level: 6, score: 0.6, signals: [] },
});
const EN = research('R-EN', {
  title: 'Rice husk biochar for saline soils',
  lang: 'en',
  creators: ['Tran Thi B'],
  published: '2023-01-01',
});

function hit(record: CauRecord, score: number | null, sort: unknown[]) {
  return { _index: 'cau-records-v1', _id: record.id, _score: score, _source: { record }, sort };
}
function searchReply(hits: ReturnType<typeof hit>[], total = hits.length, extra = {}) {
  return {
    took: 1,
    timed_out: false,
    hits: { total: { value: total, relation: 'eq' }, hits },
    ...extra,
  };
}

describe('Elasticsearch index template', () => {
  it('is the committed infra/elasticsearch/template.json (regenerate: npx tsx infra/elasticsearch/generate.ts)', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '../../infra/elasticsearch/template.json'), 'utf8'),
    ) as unknown;
    expect(indexTemplate('cau-records')).toEqual(committed);
  });

  it('creates the template, the first versioned index and the alias on first use', async () => {
    const es = mockCluster();
    es.mock.clear({ method: 'HEAD', path: '/cau-records' });
    es.on('HEAD', '/cau-records', () => responseError(404, ''));
    es.on('PUT', '/_index_template/cau-records', () => ({ acknowledged: true }));
    es.on('PUT', '/cau-records-v1', () => ({ acknowledged: true, index: 'cau-records-v1' }));
    es.on('GET', '/cau-records/_count', () => ({ count: 0 }));
    expect(await es.index.count()).toBe(0);
    expect(es.sent('PUT', '/_index_template/cau-records')[0]!.body).toEqual(
      indexTemplate('cau-records'),
    );
    expect(es.sent('PUT', '/cau-records-v1')[0]!.body).toEqual({
      aliases: { 'cau-records': {} },
    });
  });

  it('points the alias at a first index another process (or an interrupted start) created', async () => {
    const es = mockCluster();
    es.mock.clear({ method: 'HEAD', path: '/cau-records' });
    es.on('HEAD', '/cau-records', () => responseError(404, ''));
    es.on('PUT', '/_index_template/cau-records', () => ({ acknowledged: true }));
    es.on('PUT', '/cau-records-v1', () =>
      responseError(400, {
        error: { type: 'resource_already_exists_exception', reason: 'index already exists' },
      }),
    );
    es.on('PUT', '/cau-records-v1/_alias/cau-records', () => ({ acknowledged: true }));
    es.on('GET', '/cau-records/_count', () => ({ count: 3 }));
    expect(await es.index.count()).toBe(3);
    expect(es.sent('PUT', '/cau-records-v1/_alias/cau-records')).toHaveLength(1);
  });

  it('maps text under the language the embedded index would choose (English or folded), NFC, with keyword codes', () => {
    const doc = toDocument(
      patent('P-1', {
        title: 'Gạch không nung'.normalize('NFD'),
        alternateTitles: [{ lang: 'en', text: 'Unfired brick for the walls' }],
        ipc: ['C04B 28/00', 'C04B 7/00'],
        published: '2020-02-03',
      }),
    );
    expect(doc).toMatchObject({
      id: 'P-1',
      year: '2020',
      ipc_section: ['C'],
      ipc_subclass: ['C04B'],
      title: { folded: ['Gạch không nung'], en: ['Unfired brick for the walls'] },
      meta: { folded: expect.any(Array) },
    });
    expect(doc.ipc_tokens).toEqual(
      expect.arrayContaining(['ipc_c', 'ipc_c04b', 'ipc_c04b28_00', 'ipc_c04b7']),
    );
  });
});

describe('Elasticsearch ranking', () => {
  /** What Elasticsearch computes for one document from ranked()'s function_score. */
  function evaluate(
    query: ReturnType<typeof ranked>,
    text: number,
    readiness: number | undefined,
    fields: number[],
  ): number {
    const fs = query.function_score as estypes.QueryDslFunctionScoreQuery;
    let sum = 0;
    for (const f of fs.functions!) {
      const terms = (f.filter as { terms?: { technology_fields: number[] } } | undefined)?.terms;
      if (terms && !terms.technology_fields.some((n) => fields.includes(n))) continue;
      if (f.field_value_factor) {
        const v = readiness ?? (f.field_value_factor.missing as number);
        sum += v * f.field_value_factor.factor!;
      } else sum += f.weight!;
    }
    expect([fs.score_mode, fs.boost_mode]).toEqual(['sum', 'multiply']);
    return text * sum;
  }

  it('is search-index/ranking.ts: text × (1 + 0.15 readiness + 0.1 field match)', () => {
    const q = ranked({ match_all: {} }, [16, 17]);
    for (const readiness of [undefined, 0, 0.35, 1]) {
      for (const fields of [[], [16], [3, 17]]) {
        const want = combine({
          text: 7.5,
          readiness: readiness ?? 0,
          field: fields.some((f) => f === 16 || f === 17) ? 1 : 0,
        }).score;
        expect(evaluate(q, 7.5, readiness, fields)).toBeCloseTo(want, 10);
      }
    }
    // Without a field the query is about, no record gets the field boost.
    expect(evaluate(ranked({ match_all: {} }, []), 2, 1, [16])).toBeCloseTo(
      2 * (1 + READINESS_BOOST),
      10,
    );
  });
});

describe('Elasticsearch writes', () => {
  it('upserts: one mget of content hashes, then a bulk of the new and changed records only', async () => {
    const es = mockCluster();
    const unchanged = patent('P-SAME', { title: 'Không đổi' });
    const changed = { ...FERT, title: 'Phân bón mới' };
    es.on('POST', '/cau-records/_mget', () => ({
      docs: [
        { _id: 'P-FERT', found: true, _source: { hash: contentHash(FERT) } },
        { _id: 'P-SAME', found: true, _source: { hash: contentHash(unchanged) } },
        { _id: 'R-EN', found: false },
      ],
    }));
    es.on('POST', '/_bulk', (r) => ({
      errors: false,
      items: (r.body as { index?: { _id: string } }[])
        .filter((l) => l.index)
        .map((l) => ({ index: { _id: l.index!._id, status: 201, result: 'created' } })),
    }));
    expect(await es.index.upsert([changed, unchanged, EN])).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
    });
    expect(es.sent('POST', '/cau-records/_mget')[0]!.body).toEqual({
      ids: ['P-FERT', 'P-SAME', 'R-EN'],
    });
    const bulk = es.sent('POST', '/_bulk');
    expect(bulk).toHaveLength(1);
    // Not waiting for a refresh: the index refreshes before its own next search instead.
    expect(bulk[0]!.querystring).toEqual({});
    const actions = (bulk[0]!.body as { index?: { _id: string } }[]).filter((l) => l.index);
    expect(actions.map((l) => l.index!._id)).toEqual(['P-FERT', 'R-EN']);
  });

  it('retries a document refused with 429, and writes one with a mapping error to the dead-letter file', async () => {
    const deadLetters = tempFile('dead.jsonl');
    const es = mockCluster({ deadLetterFile: deadLetters });
    const bad = patent('P-BADDATE', { published: '2019-02-30' });
    es.on('POST', '/cau-records/_mget', () => ({ docs: [] }));
    let round = 0;
    es.on('POST', '/_bulk', (r) => {
      round++;
      const ids = (r.body as { index?: { _id: string } }[]).flatMap((l) =>
        l.index ? [l.index._id] : [],
      );
      return {
        errors: true,
        items: ids.map((id) =>
          id === 'P-BADDATE'
            ? {
                index: {
                  _id: id,
                  status: 400,
                  error: {
                    type: 'document_parsing_exception',
                    reason: 'failed to parse field [published] of type [date]',
                  },
                },
              }
            : id === 'R-EN' && round === 1
              ? {
                  index: {
                    _id: id,
                    status: 429,
                    error: {
                      type: 'es_rejected_execution_exception',
                      reason: 'rejected execution',
                    },
                  },
                }
              : { index: { _id: id, status: 201, result: 'created' } },
        ),
      };
    });
    const result = await es.index.upsert([FERT, bad, EN]);
    expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    expect(result.rejected).toEqual([
      {
        id: 'P-BADDATE',
        reason: expect.stringContaining('document_parsing_exception') as string,
      },
    ]);
    // The second round carries only the document refused as overloaded.
    const rounds = es
      .sent('POST', '/_bulk')
      .map((r) =>
        (r.body as { index?: { _id: string } }[]).flatMap((l) => (l.index ? [l.index._id] : [])),
      );
    expect(rounds).toEqual([['P-FERT', 'P-BADDATE', 'R-EN'], ['R-EN']]);
    const letters = readFileSync(deadLetters, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(letters).toEqual([
      expect.objectContaining({
        id: 'P-BADDATE',
        status: 400,
        index: 'cau-records',
        reason: expect.stringContaining('failed to parse field [published]') as string,
        record: bad,
      }),
    ]);
  });

  it('gives up with IndexUnavailableError when the cluster keeps refusing with 429', async () => {
    const es = mockCluster();
    es.on('POST', '/cau-records/_mget', () => ({ docs: [] }));
    es.on('POST', '/_bulk', () => ({
      errors: true,
      items: [
        {
          index: { _id: 'P-FERT', status: 429, error: { type: 'es_rejected_execution_exception' } },
        },
      ],
    }));
    await expect(es.index.upsert([FERT])).rejects.toThrow(IndexUnavailableError);
    expect(es.sent('POST', '/_bulk')).toHaveLength(3); // first try + 2 retry rounds
  });

  it('deletes by id with one bulk and counts what existed', async () => {
    const es = mockCluster();
    es.on('POST', '/_bulk', () => ({
      errors: false,
      items: [
        { delete: { _id: 'P-FERT', status: 200, result: 'deleted' } },
        { delete: { _id: 'nope', status: 404, result: 'not_found' } },
      ],
    }));
    expect(await es.index.delete(['P-FERT', 'nope', 'P-FERT'])).toBe(1);
    expect(es.sent('POST', '/_bulk')[0]!.body).toEqual([
      { delete: { _index: 'cau-records', _id: 'P-FERT' } },
      { delete: { _index: 'cau-records', _id: 'nope' } },
    ]);
  });

  it('never takes a document the cluster could not read for a missing one', async () => {
    const es = mockCluster();
    es.on('POST', '/cau-records/_mget', () => ({
      docs: [
        {
          _id: 'P-FERT',
          error: { type: 'no_shard_available_action_exception', reason: 'No shard available' },
        },
      ],
    }));
    await expect(es.index.get('P-FERT')).rejects.toThrow(/no_shard_available_action_exception/);
    await expect(es.index.upsert([FERT])).rejects.toThrow(IndexUnavailableError);
    expect(es.sent('POST', '/_bulk')).toHaveLength(0);
  });

  it('does not count a delete the cluster refused as done', async () => {
    const es = mockCluster();
    es.on('POST', '/_bulk', () => ({
      errors: true,
      items: [
        {
          delete: {
            _id: 'P-FERT',
            status: 429,
            error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
          },
        },
      ],
    }));
    await expect(es.index.delete(['P-FERT'])).rejects.toThrow(IndexUnavailableError);
  });

  it('gets stored records, nothing for an unknown id, with one _mget for gets made together', async () => {
    const es = mockCluster();
    es.on('POST', '/cau-records/_mget', (r) => ({
      docs: (r.body as { ids: string[] }).ids.map((id) =>
        id === 'P-FERT'
          ? { _id: id, found: true, _source: { record: FERT } }
          : id === 'R-EN'
            ? { _id: id, found: true, _source: { record: EN } }
            : { _id: id, found: false },
      ),
    }));
    expect(await es.index.get('P-FERT')).toEqual(FERT);
    expect(await es.index.get('none')).toBeUndefined();
    const together = await Promise.all(
      ['R-EN', 'none', 'P-FERT', 'R-EN'].map((id) => es.index.get(id)),
    );
    expect(together).toEqual([EN, undefined, FERT, EN]);
    expect(es.sent('POST', '/cau-records/_mget').map((r) => r.body)).toEqual([
      { ids: ['P-FERT'] },
      { ids: ['none'] },
      { ids: ['R-EN', 'none', 'P-FERT'] },
    ]);
    expect(es.sent('POST', '/cau-records/_mget')[0]!.querystring).toEqual({
      _source_includes: 'record',
    });
  });
});

describe('Elasticsearch queries', () => {
  const searched = async (
    req: Parameters<ReturnType<typeof mockCluster>['index']['search']>[0],
    reply = searchReply([]),
  ) => {
    const es = mockCluster();
    es.on('POST', '/cau-records/_search', () => reply);
    es.on('POST', '/cau-records/_count', () => ({ count: 50 }));
    const res = await es.index.search(req);
    return { es, res, body: es.sent('POST', '/cau-records/_search')[0]!.body };
  };

  it('relaxes a long query few records match: count first, then all-but-one', async () => {
    const es = mockCluster();
    es.on('POST', '/cau-records/_count', () => ({ count: 2 }));
    es.on('POST', '/cau-records/_search', () => searchReply([hit(FERT, 3, [3, 'P-FERT'])]));
    const res = await es.index.search({ query: 'phân bón vỏ trấu xylophone' });
    expect(res.relaxed).toBe(true);
    expect(es.sent('POST', '/cau-records/_count')).toHaveLength(1);
  });

  it("asks for facets as terms aggregations and reads them in the embedded index's shape", async () => {
    const aggregations = {
      type: {
        buckets: [
          { key: 'patent', doc_count: 2 },
          { key: 'research', doc_count: 1 },
        ],
      },
      ipcSection: { buckets: [{ key: 'C', doc_count: 2 }] },
      ipcSubclass: {
        buckets: [
          { key: 'C02F', doc_count: 1 },
          { key: 'C05F', doc_count: 1 },
          { key: 'C05G', doc_count: 1 },
        ],
      },
      year: {
        buckets: [
          { key: '2018', doc_count: 1 },
          { key: '2022', doc_count: 1 },
          { key: '2020', doc_count: 1 },
        ],
      },
      technologyField: { buckets: [{ key: 16, doc_count: 1 }] },
      sector: { buckets: [{ key: 'Chemistry', doc_count: 1 }] },
    };
    const { res } = await searched(
      { query: 'vỏ trấu', facets: true, limit: 1 },
      searchReply([hit(FERT, 2, [2, 'P-FERT'])], 3, { aggregations }),
    );
    expect(res.total).toBe(3);
    expect(res.facets).toEqual({
      type: [
        { value: 'patent', count: 2 },
        { value: 'research', count: 1 },
      ],
      ipcSection: [{ value: 'C', count: 2 }],
      ipcSubclass: [
        { value: 'C02F', count: 1 },
        { value: 'C05F', count: 1 },
        { value: 'C05G', count: 1 },
      ],
      year: [
        { value: '2022', count: 1 },
        { value: '2020', count: 1 },
        { value: '2018', count: 1 },
      ],
      technologyField: [{ value: '16', name: expect.any(String) as string, count: 1 }],
      sector: [{ value: 'Chemistry', count: 1 }],
    });
  });

  it('returns hits with highlights, and explain parts that multiply back to the score', async () => {
    const es = mockCluster();
    es.index.queryFields = () => [16];
    // text 10 × (1 + 0.15 × 0.6 + 0.1 × 1) = 11.9
    es.on('POST', '/cau-records/_search', () => searchReply([hit(FERT, 11.9, [11.9, 'P-FERT'])]));
    const res = await es.index.search({ query: 'vỏ trấu', explain: true });
    const h = res.hits[0]!;
    expect(h).toMatchObject({ id: 'P-FERT', score: 11.9, readiness: { level: 6, score: 0.6 } });
    expect(h.explain!.text).toBeCloseTo(10, 6);
    expect(h.explain).toMatchObject({ readiness: 0.6, field: 1 });
    expect(h.explain!.boost).toBeCloseTo(1.19, 6);
    expect(h.highlights.title![0]).toContain('<mark>vỏ</mark> <mark>trấu</mark>');
    expect(res.nextCursor).toBeUndefined();
  });

  it('pages with search_after: the second page opens a point in time, the last one closes it', async () => {
    const es = mockCluster();
    const A = patent('P-A', { published: '2022-01-01' });
    const B = patent('P-B', { published: '2021-01-01' });
    const C = patent('P-C', { published: '2020-01-01' });
    es.on('POST', '/cau-records/_search', () =>
      searchReply([hit(A, null, ['2022-01-01', 'P-A']), hit(B, null, ['2021-01-01', 'P-B'])], 3),
    );
    es.on('POST', '/cau-records/_pit', () => ({ id: 'PIT-1' }));
    es.on('POST', '/_search', () => ({
      ...searchReply([hit(C, null, ['2020-01-01', 'P-C'])], 3),
      pit_id: 'PIT-2',
    }));
    es.on('DELETE', '/_pit', () => ({ succeeded: true, num_freed: 1 }));

    const first = await es.index.search({ limit: 1 });
    expect(first.hits.map((h) => h.id)).toEqual(['P-A']);
    expect(es.sent('POST', '/cau-records/_pit')).toHaveLength(0);
    const second = await es.index.search({ limit: 1, cursor: first.nextCursor });
    expect(second.hits.map((h) => h.id)).toEqual(['P-C']);
    expect(second.nextCursor).toBeUndefined();
    expect(es.sent('POST', '/cau-records/_pit')[0]!.querystring).toEqual({ keep_alive: '5m' });
    expect(es.sent('POST', '/_search')[0]!.body).toMatchObject({
      pit: { id: 'PIT-1', keep_alive: '5m' },
      search_after: ['2022-01-01', 'P-A'],
    });
    expect(es.sent('DELETE', '/_pit')[0]!.body).toEqual({ id: 'PIT-2' });
    // A cursor of another search is refused before anything is sent.
    await expect(
      es.index.search({ limit: 1, query: 'x', cursor: first.nextCursor }),
    ).rejects.toThrow(InvalidQueryError);
  });

  it('replaces a point in time that expired, keeping the position', async () => {
    const es = mockCluster();
    const C = patent('P-C');
    es.on('POST', '/cau-records/_search', () =>
      searchReply([hit(C, null, [1, 'P-A']), hit(C, null, [2, 'P-B'])], 3),
    );
    let pits = 0;
    es.on('POST', '/cau-records/_pit', () => ({ id: `PIT-${++pits}` }));
    es.on('POST', '/_search', (r) =>
      (r.body as { pit: { id: string } }).pit.id === 'PIT-1'
        ? responseError(404, {
            error: { type: 'search_context_missing_exception', reason: 'No search context found' },
          })
        : searchReply([hit(C, null, [3, 'P-C'])], 3),
    );
    es.on('DELETE', '/_pit', () => ({ succeeded: true }));
    const first = await es.index.search({ limit: 1 });
    const second = await es.index.search({ limit: 1, cursor: first.nextCursor });
    expect(second.hits.map((h) => h.id)).toEqual(['P-C']);
    const tries = es
      .sent('POST', '/_search')
      .map((r) => r.body as { pit: { id: string }; search_after: unknown });
    expect(tries.map((t) => t.pit.id)).toEqual(['PIT-1', 'PIT-2']);
    expect(tries[1]!.search_after).toEqual([1, 'P-A']);
  });

  it('counts citing records, lists them newest first, and counts words', async () => {
    const es = mockCluster();
    es.on('POST', '/cau-records/_search', (r) =>
      (r.body as { aggs?: unknown }).aggs
        ? searchReply([], 2, {
            aggregations: { cited: { buckets: [{ key: 'P-FERT', doc_count: 2 }] } },
          })
        : searchReply([hit(FERT, null, [1, 'P-CITES-2'])].map((h) => ({ ...h, _id: 'P-CITES-2' }))),
    );
    es.on('POST', '/cau-records/_msearch', () => ({
      responses: [
        { hits: { total: { value: 3, relation: 'eq' }, hits: [] } },
        { hits: { total: { value: 0, relation: 'eq' }, hits: [] } },
      ],
    }));
    expect(await es.index.citationCounts(['P-FERT', 'P-SOLAR'])).toEqual(new Map([['P-FERT', 2]]));
    expect(await es.index.citedBy('P-FERT', 10)).toEqual(['P-CITES-2']);
    const df = await es.index.documentFrequencies(['vỏ trấu', 'xyzzy', '"']);
    expect(df).toEqual(
      new Map([
        ['"', 0],
        ['vỏ trấu', 3],
        ['xyzzy', 0],
      ]),
    );
  });
});

describe('Elasticsearch failures become clear errors', () => {
  const failing = async (reply: (r: Recorded) => Error) => {
    const es = mockCluster();
    es.on('POST', '/cau-records/_search', reply);
    const error = (await es.index.search({ query: 'vỏ trấu' }).catch((e: unknown) => e)) as Error;
    return { es, error };
  };

  it('429 on search', async () => {
    const { error } = await failing(() =>
      responseError(429, {
        error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
      }),
    );
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect(error.message).toMatch(/http:\/\/es\.example:9200 is unavailable \(429/);
  });

  it('an alias deleted by hand (index_not_found) is unavailable, not an internal error', async () => {
    const { error } = await failing(() =>
      responseError(404, {
        error: { type: 'index_not_found_exception', reason: 'no such index [cau-records]' },
      }),
    );
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect(error.message).toContain('no such index [cau-records]');
  });

  it("a query over the cluster's clause limit is the user's to shorten (400), not a failure", async () => {
    const { error } = await failing(() =>
      responseError(400, {
        error: {
          type: 'search_phase_execution_exception',
          root_cause: [
            {
              type: 'too_many_nested_clauses',
              reason: 'Query contains too many nested clauses; maxClauseCount is set to 2730',
            },
          ],
        },
      }),
    );
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect(error.message).toMatch(
      /more terms than Elasticsearch at http:\/\/es\.example:9200 accepts/,
    );
  });

  it('a timeout, never showing the credentials', async () => {
    const { error } = await failing(() => new errors.TimeoutError('Request timed out'));
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect(error.message).toContain('http://es.example:9200 did not answer in time');
    expect(error.message).not.toContain('s3cret');
  });

  it('connection refused, after the transport retried', async () => {
    const { es, error } = await failing(
      () => new errors.ConnectionError('connect ECONNREFUSED 10.0.0.9:9200'),
    );
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect(error.message).toMatch(/cannot reach Elasticsearch at http:\/\/es\.example:9200/);
    expect(es.sent('POST', '/cau-records/_search').length).toBeGreaterThan(1);
  });

  it('a cluster answering 503 (going away mid-request)', async () => {
    const { es, error } = await failing(() =>
      responseError(503, {
        error: { type: 'cluster_block_exception', reason: 'state not recovered' },
      }),
    );
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect(error.message).toContain('cluster_block_exception');
    expect(es.sent('POST', '/cau-records/_search')).toHaveLength(3); // retried twice first
  });
});

describe('cau reindex on Elasticsearch', () => {
  function cluster(counts: Record<string, number[]>, mappingVersion?: number) {
    const es = mockCluster({}, mappingVersion ?? MAPPING_VERSION);
    es.on('PUT', '/_index_template/cau-records', () => ({ acknowledged: true }));
    es.on('GET', '/_alias/cau-records', () => ({
      'cau-records-v2': { aliases: { 'cau-records': {} } },
    }));
    es.on('GET', '/_cat/indices/cau-records-v*', () => [
      { index: 'cau-records-v1' },
      { index: 'cau-records-v2' },
    ]);
    es.on('PUT', '/cau-records-v3', () => ({ acknowledged: true }));
    es.on('POST', '/_reindex', () => ({ task: 'node-1:42' }));
    let polls = 0;
    es.on('GET', '/_tasks/node-1:42', () =>
      ++polls < 2
        ? { completed: false, task: {} }
        : { completed: true, task: {}, response: { total: 7, created: 7, failures: [] } },
    );
    es.on('GET', '/cau-records-v3/_refresh', () => ({}));
    for (const [index, values] of Object.entries(counts)) {
      let i = 0;
      es.on('GET', `/${index}/_count`, () => ({ count: values[Math.min(i++, values.length - 1)] }));
    }
    es.on('POST', '/_aliases', () => ({ acknowledged: true }));
    es.on('DELETE', '/cau-records-v2', () => ({ acknowledged: true }));
    es.on('DELETE', '/cau-records-v3', () => ({ acknowledged: true }));
    return es;
  }

  it('copies into the next version, checks the count, swaps the alias in one call, then drops the old index', async () => {
    const es = cluster({ 'cau-records-v2': [7], 'cau-records-v3': [7] });
    const result = await es.index.reindex({});
    expect(result).toEqual({
      alias: 'cau-records',
      previous: ['cau-records-v2'],
      current: 'cau-records-v3',
      records: 7,
      deleted: ['cau-records-v2'],
    });
    const copy = es.sent('POST', '/_reindex')[0]!;
    expect(copy.body).toEqual({
      source: { index: ['cau-records-v2'] },
      dest: { index: 'cau-records-v3' },
    });
    expect(copy.querystring).toEqual({ wait_for_completion: 'false', refresh: 'true' });
    expect(es.requests.filter((r) => r.path.startsWith('/_tasks/'))).toHaveLength(2);
    // One _aliases call: the swap is atomic.
    expect(es.sent('POST', '/_aliases')).toHaveLength(1);
    expect(es.sent('POST', '/_aliases')[0]!.body).toEqual({
      actions: [
        { remove: { index: 'cau-records-v2', alias: 'cau-records' } },
        { add: { index: 'cau-records-v3', alias: 'cau-records' } },
      ],
    });
    // The old index goes only after the swap.
    const order = es.requests.map((r) => `${r.method} ${r.path}`);
    expect(order.indexOf('DELETE /cau-records-v2')).toBeGreaterThan(
      order.indexOf('POST /_aliases'),
    );
  });

  it('keeps the alias and the old index when the new one holds a different count', async () => {
    const es = cluster({ 'cau-records-v2': [7], 'cau-records-v3': [6] });
    await expect(es.index.reindex({ keepOld: true })).rejects.toThrow(ReindexError);
    expect(es.sent('POST', '/_aliases')).toHaveLength(0);
    expect(es.sent('DELETE', '/cau-records-v2')).toHaveLength(0);
    expect(es.sent('DELETE', '/cau-records-v3')).toHaveLength(1);
  });

  it('refuses the swap when records were written to the old index during the copy', async () => {
    const es = cluster({ 'cau-records-v2': [7, 8], 'cau-records-v3': [7] });
    await expect(es.index.reindex({})).rejects.toThrow(/changed while it was copied/);
    expect(es.sent('POST', '/_aliases')).toHaveLength(0);
  });

  it('fills the new index from sources through a SearchIndex writing to it', async () => {
    const es = cluster({ 'cau-records-v3': [1] });
    es.on('POST', '/cau-records-v3/_mget', () => ({ docs: [] }));
    es.on('POST', '/_bulk', () => ({
      errors: false,
      items: [{ index: { _id: 'P-FERT', status: 201, result: 'created' } }],
    }));
    const result = await es.index.reindex({
      keepOld: true,
      fill: async (target) => (await target.upsert([FERT])).inserted,
    });
    expect(result).toMatchObject({ current: 'cau-records-v3', records: 1, deleted: [] });
    expect(es.sent('POST', '/_reindex')).toHaveLength(0);
    expect((es.sent('POST', '/_bulk')[0]!.body as unknown[])[0]).toEqual({
      index: { _index: 'cau-records-v3', _id: 'P-FERT' },
    });
  });

  it('refuses to search or write an index of an older mapping version, saying to run cau reindex', async () => {
    const es = mockCluster({}, null);
    const search = await es.index.search({ query: 'vỏ trấu' }).catch((e: unknown) => e);
    expect(search).toMatchObject({ code: 'schema_version' });
    expect((search as Error).message).toMatch(/cau-records .*schema version unknown.*cau reindex/);
    await expect(es.index.upsert([FERT])).rejects.toMatchObject({ code: 'schema_version' });
    expect(es.sent('POST', '/_bulk')).toHaveLength(0);
  });

  it('rebuilds an index of an older mapping version from its stored records, not by copying old documents', async () => {
    const es = cluster({ 'cau-records-v2': [2], 'cau-records-v3': [2] }, 2);
    let page = 0;
    es.on('POST', '/cau-records-v2/_search', () =>
      ++page === 1
        ? searchReply([hit(FERT, null, ['P-FERT']), hit(EN, null, ['R-EN'])], 2)
        : searchReply([], 2),
    );
    es.on('POST', '/_bulk', () => ({
      errors: false,
      items: [
        { index: { _id: 'P-FERT', status: 201, result: 'created' } },
        { index: { _id: 'R-EN', status: 201, result: 'created' } },
      ],
    }));
    const result = await es.index.reindex({});
    expect(result).toMatchObject({ current: 'cau-records-v3', records: 2 });
    expect(es.sent('POST', '/_reindex')).toHaveLength(0);
    const bulk = es.sent('POST', '/_bulk')[0]!.body as Record<string, unknown>[];
    // The documents are this version's: English text under `.en`, the rest under `.folded`.
    expect(bulk[3]).toMatchObject({
      id: 'R-EN',
      title: { en: ['Rice husk biochar for saline soils'] },
    });
    expect(bulk[1]).toMatchObject({
      id: 'P-FERT',
      title: { folded: ['Phân bón hữu cơ vi sinh từ vỏ trấu'] },
    });
  });
});
