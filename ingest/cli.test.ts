import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { Command } from 'commander';
import {
  ElasticCluster,
  ElasticsearchSearchIndex,
  ReindexError,
  type SearchIndex,
} from '../search-index';
import { registerIngestCommands } from './cli';

// `cau reindex --from` wired through the ingest pipeline to an Elasticsearch index whose client
// talks to @elastic/elasticsearch-mock (the real client and transport, no sockets).

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-reindex-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function oai(ids: string[]): string {
  const records = ids
    .map(
      (
        id,
      ) => `<record><header><identifier>${id}</identifier><datestamp>2020-01-01</datestamp></header>
  <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>Than sinh học từ vỏ trấu ${id}</dc:title><dc:date>2020</dc:date><dc:language>vi</dc:language>
  </oai_dc:dc></metadata></record>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="oai_dc">https://repo.example/oai</request>
<ListRecords>${records}</ListRecords></OAI-PMH>`;
}

function cluster(newCount: number) {
  const mock = new Mock();
  const seen: string[] = [];
  const on = (method: string | string[], path: string, reply: (p: { body: unknown }) => unknown) =>
    mock.add({ method, path }, (p) => {
      seen.push(`${p.method} ${p.path}`);
      return reply(p as { body: unknown }) as Record<string, unknown>;
    });
  on('HEAD', '/cau-records', () => '');
  on('PUT', '/_index_template/cau-records', () => ({ acknowledged: true }));
  on('GET', '/_alias/cau-records', () => ({
    'cau-records-v1': { aliases: { 'cau-records': {} } },
  }));
  on('GET', '/_cat/indices/cau-records-v*', () => [{ index: 'cau-records-v1' }]);
  // The live index was built by an older Cầu (mapping version 2): reindex is how it upgrades.
  on('GET', '/cau-records/_mapping', () => ({
    'cau-records-v1': { mappings: { _meta: { cau_mapping_version: 2 } } },
  }));
  on('PUT', '/cau-records-v2', () => ({ acknowledged: true }));
  on('POST', '/cau-records-v2/_mget', () => ({ docs: [] }));
  on(['GET', 'POST'], '/cau-records-v2/_search', () => ({
    hits: { total: { value: 0, relation: 'eq' }, hits: [] },
    aggregations: { cited: { buckets: [] } },
  }));
  on('POST', '/_bulk', (p) => ({
    errors: false,
    items: (p.body as { index?: { _id: string } }[])
      .filter((l) => l.index)
      .map((l) => ({ index: { _id: l.index!._id, status: 201, result: 'created' } })),
  }));
  on('GET', '/cau-records-v2/_refresh', () => ({}));
  on('GET', '/cau-records-v2/_count', () => ({ count: newCount }));
  on('POST', '/_aliases', () => ({ acknowledged: true }));
  on('DELETE', '/cau-records-v1', () => ({ acknowledged: true }));
  on('DELETE', '/cau-records-v2', () => ({ acknowledged: true }));
  const url = 'http://es.example:9200';
  const client = new Client({ node: url, Connection: mock.getConnection() });
  return {
    index: new ElasticsearchSearchIndex({
      cluster: new ElasticCluster(client, url),
      index: 'cau-records',
    }),
    seen,
  };
}

async function run(index: SearchIndex, args: string[]) {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        add(chunk.toString());
        done();
      },
    });
  const program = new Command('cau').exitOverride();
  registerIngestCommands(program, {
    openIndex: () => index,
    dataDir: tmpdir(),
    harvest: { intervalMs: 0, retries: 0, maxWaitMs: 0 },
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    setExitCode: () => undefined,
  });
  const error = await program
    .parseAsync(['node', 'cau', ...args])
    .then(() => undefined)
    .catch((e: unknown) => e);
  return { out, err, error };
}

describe('cau reindex --from', () => {
  it('ingests the sources into the next version, checks the count, then swaps the alias', async () => {
    writeFileSync(join(work, 'oai.xml'), oai(['oai:repo:1', 'oai:repo:2']));
    const es = cluster(2);
    const r = await run(es.index, ['reindex', '--from', work]);
    expect(r.error).toBeUndefined();
    expect(r.out).toContain('alias:   cau-records → cau-records-v2 (2 records)');
    expect(r.out).toContain('deleted: cau-records-v1');
    expect(es.seen).toContain('POST /_aliases');
    expect(es.seen.indexOf('DELETE /cau-records-v1')).toBeGreaterThan(
      es.seen.indexOf('POST /_aliases'),
    );
  });

  it('leaves the alias where it was when a source file fails', async () => {
    writeFileSync(join(work, 'oai.xml'), oai(['oai:repo:1']));
    writeFileSync(join(work, 'broken.xml'), '<?xml version="1.0"?><OAI-PMH><ListRecords>');
    const es = cluster(1);
    const r = await run(es.index, ['reindex', '--from', work]);
    expect(r.error).toBeInstanceOf(ReindexError);
    expect((r.error as Error).message).toMatch(/1 file\(s\) failed.*alias was not moved/);
    expect(r.err).toMatch(/broken\.xml/);
    expect(es.seen).not.toContain('POST /_aliases');
    expect(es.seen).toContain('DELETE /cau-records-v2');
    expect(es.seen).not.toContain('DELETE /cau-records-v1');
  });
});
