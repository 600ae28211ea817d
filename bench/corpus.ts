/**
 * A deterministic synthetic corpus for `npm run bench`: Vietnamese and English patent and
 * research records, written in the formats Cầu ingests.
 *
 *   patents/NNN/VN-….xml   ST.36 `patent-document` files (docs/st36-profile.md), 1,000 per folder
 *   bulk/bulk-NNN.xml      several ST.36 documents concatenated, each with its own `<?xml`
 *                          declaration, as in USPTO weekly files
 *   oai/ListRecords-N.xml  OAI-PMH 2.0 oai_dc ListRecords pages of 100 records, each page but the
 *                          last ending in a resumptionToken
 *
 * Words are drawn from a Zipf distribution over the vocabulary of the bundled fixtures (ranked
 * by frequency), with glossary terms mixed in, so term statistics look like real text rather
 * than uniform noise. Everything comes from one seeded PRNG and is generated in a fixed order:
 * the same seed and size give byte-identical files.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { seededRandom } from '../analyzers';

const ROOT = resolve(__dirname, '..');

/** Share of records that are patents (the rest are OAI-PMH research records). */
const PATENT_SHARE = 0.75;
/** Share of patents written into concatenated bulk files instead of one file each. */
const BULK_SHARE = 0.15;
const PER_FOLDER = 1000;
const PER_BULK_FILE = 250;
const PER_OAI_PAGE = 100;

// ---- randomness ------------------------------------------------------------------------------

/** The analyzers' seeded PRNG (mulberry32): the same sequence on every platform. */
export const prng = seededRandom;

type Rng = () => number;

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

/** Standard normal by Box–Muller (one value per call; deterministic given the rng). */
function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s. */
class Zipf<T> {
  private readonly cumulative: Float64Array;
  constructor(
    readonly items: readonly T[],
    s = 1.0,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += 1 / (i + 1) ** s;
      this.cumulative[i] = sum;
    }
  }
  sample(rng: Rng): T {
    const target = rng() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

// ---- vocabulary ------------------------------------------------------------------------------

export interface Vocabulary {
  /** Words by descending frequency in the fixtures (ties alphabetical). */
  vi: string[];
  en: string[];
  /** Glossary terms, one column each. */
  glossaryVi: string[];
  glossaryEn: string[];
  ipc: string[];
  applicants: string[];
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:[-'][\p{L}\p{M}\p{N}]+)*/gu;
const TEXT_ELEMENT =
  /<(invention-title|abstract|description|claims) lang="(vi|en)"[^>]*>([\s\S]*?)<\/\1>/g;

function ranked(counts: Map<string, number>): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w]) => w);
}

let cachedVocabulary: Vocabulary | undefined;

/** The fixtures' words, glossary, IPC codes and applicants (read once). */
export function vocabulary(): Vocabulary {
  if (cachedVocabulary) return cachedVocabulary;
  const dir = join(ROOT, 'fixtures', 'patents');
  const counts = { vi: new Map<string, number>(), en: new Map<string, number>() };
  const ipc = new Map<string, number>();
  const applicants = new Map<string, number>();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.xml')) continue;
    const xml = readFileSync(join(dir, name), 'utf8');
    for (const m of xml.matchAll(TEXT_ELEMENT)) {
      const lang = m[2] as 'vi' | 'en';
      const text = m[3]!.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
      for (const w of text.match(WORD) ?? []) {
        const word = w.toLowerCase();
        counts[lang].set(word, (counts[lang].get(word) ?? 0) + 1);
      }
    }
    for (const m of xml.matchAll(/<text>([A-H]\d\d[A-Z]) +(\d+)\/(\d+)/g)) {
      const code = `${m[1]} ${m[2]}/${m[3]}`;
      ipc.set(code, (ipc.get(code) ?? 0) + 1);
    }
    for (const m of xml.matchAll(/<orgname>([^<]+)<\/orgname>/g)) {
      applicants.set(m[1]!, (applicants.get(m[1]!) ?? 0) + 1);
    }
  }
  const glossaryVi: string[] = [];
  const glossaryEn: string[] = [];
  const tsv = readFileSync(join(ROOT, 'analyzers', 'glossary', 'glossary.tsv'), 'utf8');
  for (const line of tsv.split('\n').slice(1)) {
    if (!line || line.startsWith('#')) continue;
    const [vi, en] = line.split('\t');
    if (vi && !glossaryVi.includes(vi)) glossaryVi.push(vi);
    if (en && !glossaryEn.includes(en)) glossaryEn.push(en);
  }
  cachedVocabulary = {
    vi: ranked(counts.vi),
    en: ranked(counts.en),
    glossaryVi,
    glossaryEn,
    ipc: ranked(ipc),
    applicants: ranked(applicants),
  };
  return cachedVocabulary;
}

// ---- text ------------------------------------------------------------------------------------

type Lang = 'vi' | 'en';

class TextMaker {
  private readonly words: Record<Lang, Zipf<string>>;
  private readonly terms: Record<Lang, Zipf<string>>;
  constructor(
    private readonly rng: Rng,
    v: Vocabulary,
  ) {
    this.words = { vi: new Zipf(v.vi), en: new Zipf(v.en) };
    // Glossary order is by field, not frequency: a mild Zipf keeps every field in use.
    this.terms = { vi: new Zipf(v.glossaryVi, 0.6), en: new Zipf(v.glossaryEn, 0.6) };
  }

  words_(lang: Lang, n: number): string {
    const out: string[] = [];
    while (out.length < n) {
      if (this.rng() < 0.08) out.push(this.terms[lang].sample(this.rng));
      else out.push(this.words[lang].sample(this.rng));
    }
    return out.join(' ');
  }

  sentence(lang: Lang, min = 8, max = 28): string {
    const s = this.words_(lang, int(this.rng, min, max));
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  }

  paragraph(lang: Lang, min = 3, max = 7): string {
    const n = int(this.rng, min, max);
    return Array.from({ length: n }, () => this.sentence(lang)).join(' ');
  }

  /** About `words` words of running text (what a prior-art search pastes in). */
  text(lang: Lang, words: number): string {
    const out: string[] = [];
    let count = 0;
    while (count < words) {
      const s = this.sentence(lang);
      count += s.split(' ').length;
      out.push(s);
    }
    return out.join(' ');
  }
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thu', 'Hoàng', 'Đức', 'Thanh', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Hà', 'Huy', 'Khoa', 'Lan', 'Nam', 'Phúc', 'Thành', 'Trang', 'Vy'];
const FOREIGN_FILERS: { country: string; name: string }[] = [
  { country: 'JP', name: 'Toyota Jidosha Kabushiki Kaisha' },
  { country: 'KR', name: 'LG Chem, Ltd.' },
  { country: 'US', name: 'General Electric Company' },
  { country: 'DE', name: 'BASF SE' },
  { country: 'CN', name: 'Contemporary Amperex Technology Co., Limited' },
];
const RESOURCE_TYPES = ['Article', 'Thesis', 'Technical Report', 'Dataset', 'Conference paper'];

const person = (rng: Rng): string =>
  `${pick(rng, SURNAMES)} ${pick(rng, MIDDLE)} ${pick(rng, GIVEN)}`;

function ymd(rng: Rng, fromYear: number, toYear: number): string {
  const y = int(rng, fromYear, toYear);
  return `${y}${String(int(rng, 1, 12)).padStart(2, '0')}${String(int(rng, 1, 28)).padStart(2, '0')}`;
}

// ---- documents -------------------------------------------------------------------------------

interface PatentId {
  docNumber: string;
  kind: string;
}

function patentId(rng: Rng, i: number, year: string): PatentId {
  const r = rng();
  if (r < 0.6) return { docNumber: `1-${String(100000 + i).padStart(7, '0')}`, kind: 'B' };
  if (r < 0.8) return { docNumber: `1-${year}-${String(i).padStart(5, '0')}`, kind: 'A' };
  return { docNumber: `2-${String(100000 + i).padStart(7, '0')}`, kind: 'U' };
}

function ipcLine(code: string, seq: number, date: string): string {
  const [sub, rest] = code.split(' ') as [string, string];
  const [group, subgroup] = rest.split('/') as [string, string];
  const text = `${sub}${group.padStart(4)}/${subgroup.padEnd(10)}20060101A${seq === 1 ? 'F' : 'L'}I${date}BHVN`;
  return `      <classification-ipcr sequence="${seq}"><text>${text}</text></classification-ipcr>`;
}

/** One ST.36 document, its size drawn from a log-normal around 8 KB (2–40 KB). */
function patentDocument(
  rng: Rng,
  t: TextMaker,
  v: Vocabulary,
  ipcZipf: Zipf<string>,
  i: number,
  earlier: PatentId[],
): { xml: string; id: PatentId } {
  const published = ymd(rng, 2005, 2025);
  const id = patentId(rng, i, published.slice(0, 4));
  const foreign = rng() < 0.2 ? pick(rng, FOREIGN_FILERS) : undefined;
  const lang: Lang = foreign && rng() < 0.5 ? 'en' : 'vi';
  const target = Math.min(40_000, Math.max(2_000, Math.exp(Math.log(8_000) + 0.7 * normal(rng))));
  const filedYear = Number(published.slice(0, 4)) - int(rng, 1, 3);
  const filed = ymd(rng, filedYear, filedYear);
  const codes = new Set<string>();
  const nIpc = int(rng, 1, 4);
  while (codes.size < nIpc) codes.add(ipcZipf.sample(rng));
  const head: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<patent-document country="VN" doc-number="${id.docNumber}" kind="${id.kind}" lang="${lang}" date-publ="${published}">`,
    `  <bibliographic-data lang="${lang}">`,
    `    <publication-reference>`,
    `      <document-id><country>VN</country><doc-number>${id.docNumber}</doc-number><kind>${id.kind}</kind><date>${published}</date></document-id>`,
    `    </publication-reference>`,
    `    <application-reference>`,
    `      <document-id><country>VN</country><doc-number>${id.docNumber[0]}-${filedYear}-${String(i).padStart(5, '0')}</doc-number><date>${filed}</date></document-id>`,
    `    </application-reference>`,
  ];
  if (foreign) {
    head.push(
      `    <priority-claims>`,
      `      <priority-claim sequence="1" kind="national"><country>${foreign.country}</country><doc-number>${filedYear}-${String(i).padStart(6, '0')}</doc-number><date>${filed}</date></priority-claim>`,
      `    </priority-claims>`,
    );
  }
  head.push(`    <classifications-ipcr>`);
  [...codes].forEach((c, k) => head.push(ipcLine(c, k + 1, published)));
  head.push(`    </classifications-ipcr>`);
  head.push(
    `    <invention-title lang="${lang}">${esc(t.words_(lang, int(rng, 6, 20)))}</invention-title>`,
  );
  if (lang === 'vi' && rng() < 0.6) {
    head.push(
      `    <invention-title lang="en">${esc(t.words_('en', int(rng, 6, 16)))}</invention-title>`,
    );
  }
  const applicant = foreign ?? { country: 'VN', name: pick(rng, v.applicants) };
  head.push(
    `    <parties>`,
    `      <applicants>`,
    `        <applicant sequence="1" app-type="applicant"><addressbook><orgname>${esc(applicant.name)}</orgname><address><country>${applicant.country}</country></address></addressbook></applicant>`,
    `      </applicants>`,
    `      <inventors>`,
  );
  const nInv = int(rng, 1, 4);
  for (let k = 1; k <= nInv; k++) {
    head.push(
      `        <inventor sequence="${k}"><addressbook><name>${person(rng)}</name><address><country>VN</country></address></addressbook></inventor>`,
    );
  }
  head.push(`      </inventors>`, `    </parties>`);
  if (earlier.length > 0 && rng() < 0.3) {
    head.push(`    <references-cited>`);
    const n = int(rng, 1, Math.min(3, earlier.length));
    for (let k = 1; k <= n; k++) {
      const c = pick(rng, earlier);
      head.push(
        `      <citation><patcit num="${k}"><document-id><country>VN</country><doc-number>${c.docNumber}</doc-number><kind>${c.kind}</kind></document-id></patcit></citation>`,
      );
    }
    head.push(`    </references-cited>`);
  }
  head.push(`  </bibliographic-data>`);
  head.push(`  <abstract lang="${lang}"><p>${esc(t.paragraph(lang, 4, 8))}</p></abstract>`);
  if (lang === 'vi' && rng() < 0.5) {
    head.push(`  <abstract lang="en"><p>${esc(t.paragraph('en', 4, 8))}</p></abstract>`);
  }
  const claims: string[] = [`  <claims lang="${lang}">`];
  const nClaims = int(rng, 3, Math.max(3, Math.min(20, Math.round(target / 1500))));
  for (let k = 1; k <= nClaims; k++) {
    claims.push(
      `    <claim id="c${k}" num="${k}"><claim-text>${esc(t.paragraph(lang, 1, 3))}</claim-text></claim>`,
    );
  }
  claims.push(`  </claims>`, `</patent-document>`);
  let size = Buffer.byteLength(head.join('\n')) + Buffer.byteLength(claims.join('\n'));
  const description: string[] = [`  <description lang="${lang}">`];
  do {
    const p = `    <p>${esc(t.paragraph(lang))}</p>`;
    description.push(p);
    size += Buffer.byteLength(p) + 1;
  } while (size < target);
  description.push(`  </description>`);
  return { xml: `${[...head, ...description, ...claims].join('\n')}\n`, id };
}

function oaiRecord(rng: Rng, t: TextMaker, v: Vocabulary, i: number): string {
  const lang: Lang = rng() < 0.65 ? 'vi' : 'en';
  const lines = [
    `    <record>`,
    `      <header>`,
    `        <identifier>oai:bench.cau.example:123456789/${i}</identifier>`,
    `        <datestamp>2025-01-01T00:00:00Z</datestamp>`,
    `      </header>`,
    `      <metadata>`,
    `        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    `          <dc:title>${esc(t.words_(lang, int(rng, 8, 24)))}</dc:title>`,
  ];
  if (lang === 'vi' && rng() < 0.33) {
    lines.push(`          <dc:title>${esc(t.words_('en', int(rng, 8, 20)))}</dc:title>`);
  }
  const nCreators = int(rng, 1, 4);
  for (let k = 0; k < nCreators; k++)
    lines.push(`          <dc:creator>${person(rng)}</dc:creator>`);
  const glossary = lang === 'vi' ? v.glossaryVi : v.glossaryEn;
  const nSubjects = int(rng, 2, 5);
  for (let k = 0; k < nSubjects; k++) {
    lines.push(`          <dc:subject>${esc(pick(rng, glossary))}</dc:subject>`);
  }
  const published = ymd(rng, 2005, 2025);
  lines.push(
    `          <dc:description>${esc(t.paragraph(lang, 5, 14))}</dc:description>`,
    `          <dc:publisher>${esc(pick(rng, v.applicants))}</dc:publisher>`,
    `          <dc:date>${published.slice(0, 4)}-${published.slice(4, 6)}-${published.slice(6)}</dc:date>`,
    `          <dc:type>${pick(rng, RESOURCE_TYPES)}</dc:type>`,
    `          <dc:identifier>https://bench.cau.example/handle/123456789/${i}</dc:identifier>`,
    `          <dc:language>${lang}</dc:language>`,
    `        </oai_dc:dc>`,
    `      </metadata>`,
    `    </record>`,
  );
  return lines.join('\n');
}

function oaiPage(records: string[], page: number, pages: number, total: number): string {
  const token =
    page < pages
      ? `    <resumptionToken completeListSize="${total}" cursor="${(page - 1) * PER_OAI_PAGE}">oai_dc////${page * PER_OAI_PAGE}</resumptionToken>\n`
      : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n` +
    `  <responseDate>2025-01-01T00:00:00Z</responseDate>\n` +
    `  <request verb="ListRecords" metadataPrefix="oai_dc">https://bench.cau.example/oai/request</request>\n` +
    `  <ListRecords>\n${records.join('\n')}\n${token}  </ListRecords>\n</OAI-PMH>\n`
  );
}

// ---- the corpus ------------------------------------------------------------------------------

export interface CorpusSummary {
  dir: string;
  seed: number;
  records: number;
  patents: number;
  research: number;
  files: string[];
  bytes: number;
}

/** Writes `records` records under `dir` (created if needed); returns what it wrote. */
export function generateCorpus(dir: string, records: number, seed: number): CorpusSummary {
  const rng = prng(seed);
  const v = vocabulary();
  const t = new TextMaker(rng, v);
  const ipcZipf = new Zipf(v.ipc);
  const patents = Math.round(records * PATENT_SHARE);
  const research = records - patents;
  const files: string[] = [];
  let bytes = 0;
  const write = (path: string, content: string): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    files.push(path);
    bytes += Buffer.byteLength(content);
  };

  const earlier: PatentId[] = [];
  let bulk: string[] = [];
  let bulkFiles = 0;
  let single = 0;
  for (let i = 0; i < patents; i++) {
    const { xml, id } = patentDocument(rng, t, v, ipcZipf, i, earlier);
    if (earlier.length < 5000) earlier.push(id);
    else earlier[Math.floor(rng() * earlier.length)] = id;
    if (rng() < BULK_SHARE) {
      bulk.push(xml);
      if (bulk.length === PER_BULK_FILE) {
        write(join(dir, 'bulk', `bulk-${String(bulkFiles++).padStart(3, '0')}.xml`), bulk.join(''));
        bulk = [];
      }
    } else {
      const folder = String(Math.floor(single++ / PER_FOLDER)).padStart(3, '0');
      write(join(dir, 'patents', folder, `VN-${id.docNumber}-${id.kind}.xml`), xml);
    }
  }
  if (bulk.length > 0) {
    write(join(dir, 'bulk', `bulk-${String(bulkFiles).padStart(3, '0')}.xml`), bulk.join(''));
  }

  const pages = Math.ceil(research / PER_OAI_PAGE);
  for (let page = 1; page <= pages; page++) {
    const recs: string[] = [];
    for (let i = (page - 1) * PER_OAI_PAGE; i < Math.min(research, page * PER_OAI_PAGE); i++) {
      recs.push(oaiRecord(rng, t, v, i));
    }
    write(join(dir, 'oai', `ListRecords-${page}.xml`), oaiPage(recs, page, pages, research));
  }
  return { dir, seed, records, patents, research, files, bytes };
}

/** Seeded text for queries (a prior-art paste), from the same vocabulary as the corpus. */
export function sampleText(seed: number, lang: Lang, words: number): string {
  return new TextMaker(prng(seed), vocabulary()).text(lang, words);
}

/**
 * `records` ST.36 patents concatenated in one file, each with its own `<?xml` declaration
 * (the shape of a USPTO weekly file), written as they are generated. Same seed, same bytes.
 */
export function writeBulkFile(path: string, records: number, seed: number): { bytes: number } {
  const rng = prng(seed);
  const v = vocabulary();
  const t = new TextMaker(rng, v);
  const ipcZipf = new Zipf(v.ipc);
  const earlier: PatentId[] = [];
  mkdirSync(join(path, '..'), { recursive: true });
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (let i = 0; i < records; i++) {
      const { xml, id } = patentDocument(rng, t, v, ipcZipf, i, earlier);
      if (earlier.length < 5000) earlier.push(id);
      bytes += writeSync(fd, xml);
    }
  } finally {
    closeSync(fd);
  }
  return { bytes };
}
