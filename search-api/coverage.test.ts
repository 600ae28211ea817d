import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { ingestPaths, type IngestSummary } from '../ingest';
import { SqliteSearchIndex, type CauRecord, type ResearchRecord } from '../search-index';
import { createApp } from './app';

// End to end (issue 18): the real samples of every research source and the patent samples are
// ingested into a real embedded index, then each record is found through the HTTP API by its
// number, DOI or identifier in the forms analysts type; ids in other forms resolve.
const SAMPLES = join(__dirname, '..', 'test-samples');
const sample = (p: string): string => join(SAMPLES, p);

let dir: string;
let index: SqliteSearchIndex;
let app: ReturnType<typeof createApp>;
let first: IngestSummary;
const inputs = [
  sample('openalex'),
  sample('crossref'),
  sample('cerif'),
  sample('uspto'),
  sample('st36'),
  sample('st96'),
  sample('docdb'),
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-coverage-'));
  index = SqliteSearchIndex.open(dir);
  first = await ingestPaths(inputs, index, { asOf: '2026-01-01' });
  app = createApp({ index, version: 'test', log: () => {} });
}, 120_000);

afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

const topHit = async (q: string): Promise<string | undefined> => {
  const res = await request(app).get('/api/search').query({ q, limit: 3 });
  expect(res.status).toBe(200);
  return (res.body as { hits: { id: string }[] }).hits[0]?.id;
};

describe('ingesting every sample source', () => {
  it('reads each format; the only failures are OpenAlex entries without a title and non-work entities', () => {
    expect(first.formats).toMatchObject({ openalex: 12, crossref: 6, cerif: 14 });
    const reasons = first.failures.map((f) => f.reason);
    expect(reasons.filter((r) => /has no title/.test(r))).toHaveLength(16);
    expect(reasons.filter((r) => /is not a work/.test(r))).toHaveLength(2);
    expect(reasons).toHaveLength(18);
  });

  it('re-ingesting the same files changes nothing', async () => {
    const again = await ingestPaths(inputs, index, { asOf: '2026-01-01' });
    expect(again.inserted).toBe(0);
    // US-11147202-B2 is in two USPTO files (grant_v4-5-B2.xml and the concatenated weekly
    // file, test-samples/SOURCES.md): every run writes it from one, then from the other.
    expect(again.updated).toBe(2);
    expect(again.unchanged).toBe(first.records - 2);
  }, 120_000);
});

describe('a patent number in every common form finds its record first', () => {
  it.each([
    ['US9358892B1', 'US-9358892-B1'],
    ['US 9,358,892 B1', 'US-9358892-B1'],
    ['US9358892', 'US-9358892-B1'],
    ['9358892', 'US-9358892-B1'],
    ['EP3404678', 'EP-3404678-B1'],
    ['EP 3 404 678', 'EP-3404678-B1'],
    ['WO2023/012807', 'WO-2023012807-A1'],
    ['WO2023012807A1', 'WO-2023012807-A1'],
    ['CN113781974A', 'CN-113781974-A'],
    ['JP2021044377A', 'JP-2021044377-A'],
    ['JP 2021-044377', 'JP-2021044377-A'],
    ['US 8,936,998 B2', 'US-8936998-B2'],
    ['US 2021/0049351 A1', 'US-20210049351-A1'],
    ['BR20161110203', 'BR-20161110203'],
  ])('%s → %s', async (q, id) => {
    expect(await topHit(q)).toBe(id);
  });

  it('a number inside a sentence still puts its record first', async () => {
    expect(await topHit('the lithium battery of US 9,358,892 B1')).toBe('US-9358892-B1');
  });
});

describe('research identifiers find their record first', () => {
  it.each([
    ['10.1038/srep16696', 'doi:10.1038/srep16696'],
    ['doi:10.1038/SREP16696', 'doi:10.1038/srep16696'],
    ['https://doi.org/10.7717/peerj.4375', 'doi:10.7717/peerj.4375'],
    ['W2741809807', 'doi:10.7717/peerj.4375'],
    ['https://openalex.org/W2741809807', 'doi:10.7717/peerj.4375'],
    ['0000-0001-6187-6610', 'doi:10.7717/peerj.4375'],
    ['oai:cris.example.org:Publications/4123451', 'doi:10.1007/978-3-642-35233-1_18'],
    ['10.1111/J.1558-5646.2011.01539.X', 'doi:10.1111/j.1558-5646.2011.01539.x'],
  ])('%s → %s', async (q, id) => {
    expect(await topHit(q)).toBe(id);
  });
});

describe('GET /api/records/:id resolves an id in another common form', () => {
  it.each([
    ['US-09358892-B1', 'US-9358892-B1'],
    ['US9358892B1', 'US-9358892-B1'],
    ['US 9,358,892 B1', 'US-9358892-B1'],
    ['EP3404678', 'EP-3404678-B1'],
    ['https://doi.org/10.1038/srep16696', 'doi:10.1038/srep16696'],
    ['W2741809807', 'doi:10.7717/peerj.4375'],
    ['oai:cris.example.org:Publications/812348', 'doi:10.2218/ijdc.v8i1.257'],
  ])('%s → %s, naming the canonical path', async (raw, id) => {
    const res = await request(app).get(`/api/records/${encodeURIComponent(raw)}`);
    expect(res.status).toBe(200);
    expect((res.body as CauRecord).id).toBe(id);
    expect(res.headers['content-location']).toBe(`/api/records/${encodeURIComponent(id)}`);
  });

  it('the canonical id is answered without a Content-Location; an unknown number is a 404', async () => {
    const res = await request(app).get('/api/records/US-9358892-B1');
    expect(res.status).toBe(200);
    expect(res.headers['content-location']).toBeUndefined();
    expect((await request(app).get('/api/records/US9358893B1')).status).toBe(404);
  });

  it('similar and licensees accept the other forms too', async () => {
    const similar = await request(app).get(
      `/api/records/${encodeURIComponent('US9358892B1')}/similar`,
    );
    expect(similar.status).toBe(200);
    expect(similar.body.id).toBe('US-9358892-B1');
  });
});

describe('one work from several sources is one record', () => {
  let work: string;
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'cau-merge-'));
    // The same DOI from a repository (oai_dc, in Vietnamese), Crossref and OpenAlex.
    writeFileSync(
      join(tmp, 'repo.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="oai_dc">https://repo.example.edu.vn/oai</request>
<ListRecords><record><header><identifier>oai:repo.example.edu.vn:1/77</identifier></header>
<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Nghiên cứu FRET đơn phân tử về sự kết tụ alpha-synuclein</dc:title>
<dc:creator>Tosatto, Laura</dc:creator><dc:subject>Parkinson</dc:subject>
<dc:identifier>https://doi.org/10.1038/srep16696</dc:identifier><dc:language>vi</dc:language>
<dc:publisher>Trường Đại học Cần Thơ</dc:publisher><dc:date>2015</dc:date>
</oai_dc:dc></metadata></record></ListRecords></OAI-PMH>`,
    );
    const lines = readFileSync(sample('crossref/crossref_works_api_responses.jsonl'), 'utf8');
    writeFileSync(join(tmp, 'crossref.jsonl'), `${lines.split('\n')[3]}\n`);
    const oa = JSON.parse(readFileSync(sample('openalex/work_W2741809807.json'), 'utf8')) as {
      doi: string;
    };
    oa.doi = 'https://doi.org/10.1038/srep16696';
    mkdirSync(join(tmp, 'openalex'));
    writeFileSync(join(tmp, 'openalex', 'part.jsonl.gz'), gzipSync(`${JSON.stringify(oa)}\n`));
    copyFileSync(join(tmp, 'repo.xml'), join(tmp, 'repo-again.xml'));
    work = 'doi:10.1038/srep16696';
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('merges the three, keeps each source and where each field came from, and stays unchanged on re-ingest', async () => {
    const files = [join(tmp, 'repo.xml'), join(tmp, 'crossref.jsonl'), join(tmp, 'openalex')];
    const s1 = await ingestPaths(files, index, { asOf: '2026-01-01' });
    expect(s1.failures).toEqual([]);
    const r = (await index.get(work)) as ResearchRecord;
    expect(r.sources!.map((s) => s.format)).toEqual(['oai-pmh', 'crossref', 'openalex']);
    expect(r.source.format).toBe('oai-pmh');
    // The repository's own title (Vietnamese) first; Crossref's English one kept as alternate.
    expect(r.title).toMatch(/^Nghiên cứu FRET/);
    expect(r.lang).toBe('vi');
    expect(r.alternateTitles?.map((t) => t.lang)).toContain('en');
    expect(r.provenance).toMatchObject({
      title: 'oai-pmh',
      abstract: 'crossref',
      container: 'crossref',
    });
    expect(r.container).toBe('Scientific Reports');
    expect(r.identifiers).toEqual(
      expect.arrayContaining([
        'https://doi.org/10.1038/srep16696',
        'https://openalex.org/W2741809807',
      ]),
    );
    expect(r.institutions?.some((i) => i.ror === 'https://ror.org/05ppvf150')).toBe(true);
    const again = await ingestPaths(files, index, { asOf: '2026-01-01' });
    expect(again.updated).toBe(0);
    expect(again.unchanged).toBe(3);
    // Found by any of its sources' ids.
    expect(await topHit('oai:repo.example.edu.vn:1/77')).toBe(work);
    // The OpenAlex id is the sample work's too (this test gave its record another DOI): both
    // are named by it and come first.
    const named = await request(app).get('/api/search').query({ q: 'W2741809807', limit: 2 });
    expect((named.body as { hits: { id: string }[] }).hits.map((h) => h.id).sort()).toEqual([
      work,
      'doi:10.7717/peerj.4375',
    ]);
  }, 60_000);

  it('a repository deleting its copy removes only that source', async () => {
    writeFileSync(
      join(tmp, 'delete.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-02-01T00:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="oai_dc">https://repo.example.edu.vn/oai</request>
<ListRecords><record><header status="deleted"><identifier>oai:repo.example.edu.vn:1/77</identifier></header></record></ListRecords></OAI-PMH>`,
    );
    await ingestPaths([join(tmp, 'delete.xml')], index, { asOf: '2026-01-01' });
    const r = await index.get(work);
    expect(r?.sources?.map((s) => s.format)).toEqual(['crossref', 'openalex']);
  }, 60_000);
});
