import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../ingest';
import {
  IndexUnavailableError,
  InvalidQueryError,
  RecordNotFoundError,
  openIndex,
  type SearchIndex,
} from '../search-index';
import {
  licensees,
  MIN_RELEVANCE,
  normaliseOrganisation,
  priorArt,
  relatedRecords,
  similarRecords,
} from '.';

/** A research result no patent in the fixtures is about: a thesis on folk poetry. */
const OFF_TOPIC_ID = 'oai:repository.example.edu.vn:lit/1';
const OFF_TOPIC = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2025-01-01T00:00:00Z</responseDate>
  <request verb="ListRecords" metadataPrefix="oai_dc">https://repository.example.edu.vn/oai</request>
  <ListRecords><record>
    <header><identifier>${OFF_TOPIC_ID}</identifier><datestamp>2024-01-01</datestamp></header>
    <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:title>Thi pháp ca dao trữ tình Nam Bộ qua các tuyển tập thế kỷ XX</dc:title>
      <dc:creator>Nguyễn Thị Thu Vân</dc:creator>
      <dc:subject>ca dao</dc:subject><dc:subject>thi pháp</dc:subject><dc:subject>văn học dân gian</dc:subject>
      <dc:description>Luận văn khảo sát thể thơ lục bát, biểu tượng và lối so sánh trong ca dao trữ tình Nam Bộ qua ba tuyển tập xuất bản trong thế kỷ XX, so sánh với ca dao Bắc Bộ về hình ảnh con người, sông nước và tình yêu đôi lứa.</dc:description>
      <dc:publisher>Khoa Ngữ văn, Trường Đại học Sư phạm TP.HCM</dc:publisher>
      <dc:date>2019</dc:date><dc:type>Thesis</dc:type><dc:language>vi</dc:language>
    </oai_dc:dc></metadata>
  </record></ListRecords>
</OAI-PMH>
`;

// The bundled fixtures: 64 patents and 43 research records written with near-duplicates,
// shared inventors/creators, citations and companies in the same fields (fixtures/README.md).
let dir: string;
let index: SearchIndex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-discovery-'));
  index = openIndex({ dataDir: join(dir, 'data') });
  mkdirSync(join(dir, 'extra'));
  writeFileSync(join(dir, 'extra', 'ListRecords-1.xml'), OFF_TOPIC);
  await ingestPaths(
    [
      join(__dirname, '../fixtures/patents'),
      join(__dirname, '../fixtures/research'),
      join(dir, 'extra'),
    ],
    index,
    {
      asOf: '2026-01-01',
    },
  );
}, 60_000);

afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

async function claimsOf(id: string): Promise<string> {
  const r = await index.get(id);
  if (r?.type !== 'patent') throw new Error(`${id} is not a stored patent`);
  return [r.abstract ?? '', ...r.claims].join('\n');
}

describe('prior art', () => {
  it('finds the earlier near-duplicate and never the later one when the cutoff falls between', async () => {
    // VN-2-0002007-U (2018) re-claims VN-1-0020001-B (2014): searching the later one's claims
    // with a cutoff before its publication must give the earlier one first.
    const text = await claimsOf('VN-2-0002007-U');
    const res = await priorArt(index, { text, cutoff: '2018-01-01', limit: 10 });
    expect(res.hits[0]?.id).toBe('VN-1-0020001-B');
    expect(res.hits.map((h) => h.id)).not.toContain('VN-2-0002007-U');
    for (const h of res.hits) expect(h.published! < '2018-01-01').toBe(true);
    // After its publication it is prior art to itself: the cutoff is what left it out.
    const later = await priorArt(index, { text, cutoff: '2030-01-01', limit: 10 });
    expect(later.hits[0]?.id).toBe('VN-2-0002007-U');
  });

  it('keeps pages full: the cutoff filters inside the search', async () => {
    const text = await claimsOf('VN-1-2020-20566-A');
    const all = await priorArt(index, { text, cutoff: '2030-01-01', limit: 100 });
    const before = await priorArt(index, { text, cutoff: '2017-01-01', limit: 100 });
    const expected = all.hits.filter((h) => (h.published ?? '') < '2017-01-01').length;
    expect(before.total).toBe(expected);
    const page = await priorArt(index, { text, cutoff: '2017-01-01', limit: 3 });
    expect(page.hits).toHaveLength(Math.min(3, expected));
    expect(page.hits.map((h) => h.id)).toContain('VN-1-0020009-B');
  });

  it('says for each hit which terms matched and shows the passages that matched', async () => {
    const res = await priorArt(index, {
      text: await claimsOf('VN-1-2020-30215-A'),
      cutoff: '2020-01-01',
      limit: 5,
    });
    expect(res.dateField).toBe('published');
    expect(res.terms.length).toBeGreaterThan(3);
    const top = res.hits[0]!;
    expect(top.id).toBe('VN-1-0030012-B');
    expect(top.matchedTerms.length).toBeGreaterThan(2);
    for (const t of top.matchedTerms) expect(res.terms.map((x) => x.term)).toContain(t);
    expect(top.passages.length).toBeGreaterThan(0);
    expect(top.passages[0]!.text).toMatch(/<mark>/);
    expect(Array.isArray(top.priority)).toBe(true);
  });

  it('finds Vietnamese patents from an English claim, through the glossary', async () => {
    const res = await priorArt(index, {
      text:
        'A process for producing microbial organic fertilizer from rice straw, wherein the rice ' +
        'straw is composted with Trichoderma fungi and Bacillus bacteria under forced aeration.',
      cutoff: '2017-01-01',
      type: 'patent',
      limit: 5,
    });
    expect(res.hits.map((h) => h.id)).toContain('VN-1-0020001-B');
    expect(res.hits.find((h) => h.id === 'VN-1-0020001-B')!.lang).toBe('vi');
  });

  it('boosts the IPC codes it is given without filtering by them', async () => {
    const text = 'vỏ trấu than sinh học';
    const plain = await priorArt(index, { text, cutoff: '2030-01-01', limit: 100 });
    const boosted = await priorArt(index, {
      text,
      cutoff: '2030-01-01',
      limit: 100,
      ipc: ['C02F'],
    });
    expect(boosted.ipcBoost).toContain('C02F');
    // Records outside C02F are still there.
    expect(boosted.hits.some((h) => !h.ipc.some((c) => c.startsWith('C02F')))).toBe(true);
    const rank = (r: typeof plain, id: string): number => r.hits.findIndex((h) => h.id === id);
    const c02f = plain.hits.find((h) => h.ipc.some((c) => c.startsWith('C02F')));
    if (c02f) expect(rank(boosted, c02f.id)).toBeLessThanOrEqual(rank(plain, c02f.id));
  });

  it('refuses empty or oversized text and a missing or impossible cutoff', async () => {
    const ok = { text: 'phân bón', cutoff: '2018-01-01' };
    await expect(priorArt(index, { ...ok, text: '   ' })).rejects.toThrow(/empty/);
    await expect(priorArt(index, { ...ok, text: 'a'.repeat(50_001) })).rejects.toThrow(/50000/);
    await expect(priorArt(index, { ...ok, cutoff: '2018-02-30' })).rejects.toThrow(
      InvalidQueryError,
    );
    await expect(priorArt(index, { ...ok, cutoff: '' })).rejects.toThrow(/cutoff/);
    await expect(priorArt(index, { ...ok, ipc: ['not a code'] })).rejects.toThrow(
      InvalidQueryError,
    );
  });
});

describe('similar records', () => {
  it('finds research in either language for a patent, never the patent itself', async () => {
    const res = await similarRecords(index, 'VN-1-0020001-B', { type: 'research', limit: 8 });
    expect(res.hits.length).toBeGreaterThan(2);
    expect(res.hits.every((h) => h.type === 'research')).toBe(true);
    expect(res.hits.map((h) => h.id)).not.toContain('VN-1-0020001-B');
    // Cross-language: an English paper on the same material is among them.
    const english = res.hits.filter((h) => h.lang === 'en');
    expect(english.length).toBeGreaterThan(0);
    expect(english[0]!.matchedTerms.length).toBeGreaterThan(0);
  });

  it('finds Vietnamese patents for an English research record', async () => {
    const hit = (await index.search({ query: 'rice husk biochar phosphorus', type: 'research' }))
      .hits[0]!;
    expect(hit.lang).toBe('en');
    const res = await similarRecords(index, hit.id, { type: 'patent', limit: 5 });
    expect(res.hits.length).toBeGreaterThan(0);
    expect(res.hits.some((h) => h.lang === 'vi')).toBe(true);
  });

  it('answers RecordNotFoundError for an unknown id', async () => {
    await expect(similarRecords(index, 'VN-0-0000000-X')).rejects.toThrow(RecordNotFoundError);
  });
});

describe('licensees', () => {
  it('proposes companies patenting in the same field, with evidence, never the owner', async () => {
    const research = (await index.search({ query: 'phân hữu cơ vi sinh rơm rạ', type: 'research' }))
      .hits[0]!;
    const res = await licensees(index, research.id, { limit: 5, asOf: new Date('2026-01-01') });
    expect(res.owners.length).toBe(1);
    const top = res.candidates[0]!;
    expect(top.kind).toBe('company');
    expect(res.candidates.map((c) => c.organisation)).not.toContain(res.owners[0]);
    for (const c of res.candidates) {
      expect(c.evidence.records.length).toBeGreaterThan(0);
      const perYear = Object.values(c.evidence.perYear).reduce((a, b) => a + b, 0);
      expect(perYear).toBe(c.evidence.records.filter((r) => r.published).length);
      for (const f of c.evidence.sharedFields)
        expect(f.patentsInIndex).toBeGreaterThanOrEqual(f.patents);
      for (const r of c.evidence.records)
        expect(r.href).toBe(`/api/records/${encodeURIComponent(r.id)}`);
    }
    const scores = res.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('never gives a fertiliser result a cement or seafood company, and shows the overlap', async () => {
    // Pelletised organic fertiliser with rice-husk biochar (Cần Thơ University): the cement
    // maker's rice-husk-ash patent and the fish-feed patents share a word or two with it.
    const res = await licensees(index, 'oai:dspace.ctu.edu.vn:123456789/28114', {
      limit: 10,
      asOf: new Date('2026-01-01'),
    });
    const names = res.candidates.map((c) => c.organisation);
    expect(names[0]).toBe('Công ty Cổ phần Phân bón Bình Điền');
    for (const unrelated of [/Xi măng/, /Thủy sản/, /Vĩnh Hoàn/, /Cargill/, /Traphaco/])
      expect(names.filter((n) => unrelated.test(n))).toEqual([]);
    for (const c of res.candidates) {
      // The overlap is the evidence: a shared field (this record has no IPC) and the terms.
      expect(c.evidence.sharedFields.map((f) => f.field)).toContain('Basic materials chemistry');
      expect(c.evidence.sharedTerms.length).toBeGreaterThan(2);
      for (const r of c.evidence.records) expect(r.relevance).toBeGreaterThanOrEqual(MIN_RELEVANCE);
    }
  });

  it('gives a research result that no patent is about an empty list, not noise', async () => {
    const res = await licensees(index, OFF_TOPIC_ID, { limit: 10 });
    expect(res.owners).toEqual(['Khoa Ngữ văn, Trường Đại học Sư phạm TP.HCM']);
    expect(res.candidates).toEqual([]);
  });

  it('merges the spellings of one organisation into one candidate', async () => {
    const res = await licensees(index, 'VN-1-0030012-B', { limit: 50 });
    const keys = res.candidates.map((c) => normaliseOrganisation(c.organisation).key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('related records', () => {
  it('links a patent to research by the same person, written with or without tone marks', async () => {
    const patent = (await index.get('VN-1-0020001-B'))!;
    const related = await relatedRecords(index, patent);
    const byPerson = related.filter((r) => r.reasons.some((x) => x.kind === 'inventor'));
    expect(byPerson.some((r) => r.type === 'research')).toBe(true);
    for (const r of byPerson) {
      const other = (await index.get(r.id))!;
      const people = other.type === 'patent' ? other.inventors : other.creators;
      const name = r.reasons.find((x) => x.kind === 'inventor')!.value;
      expect(people.map(fold)).toContainEqual(fold(name));
    }
  });

  it('passes an engine failure on instead of answering with no links', async () => {
    const patent = (await index.get('VN-1-0020001-B'))!;
    const failing: SearchIndex = Object.assign(Object.create(index) as SearchIndex, {
      search: () => Promise.reject(new IndexUnavailableError('cluster went away')),
    });
    await expect(relatedRecords(failing, patent)).rejects.toThrow(IndexUnavailableError);
  });

  it('links records by citation both ways, with the reason', async () => {
    const earlier = (await index.get('VN-1-0020001-B'))!;
    const related = await relatedRecords(index, earlier);
    const later = related.find((r) => r.id === 'VN-2-0002007-U');
    expect(later?.reasons).toContainEqual({ kind: 'cited-by', value: 'VN-2-0002007-U' });
    const back = await relatedRecords(index, (await index.get('VN-2-0002007-U'))!);
    expect(back.find((r) => r.id === 'VN-1-0020001-B')?.reasons).toContainEqual({
      kind: 'cites',
      value: 'VN-1-0020001-B',
    });
  });
});

function fold(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .split(/\s+/)
    .sort()
    .join(' ');
}
