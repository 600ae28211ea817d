/**
 * Crossref REST API works: a `/works/{doi}` response (`message-type: "work"`), a `/works` list
 * (`"work-list"`, its `message.items`), or a bare work object, one JSON document per line or per
 * file. Each work becomes a research record: title (subtitle joined), abstract (JATS flattened),
 * issued date, authors with ORCID and affiliations, container title, publisher, DOI, subjects,
 * references with a DOI (as `doi:` citations), `is-referenced-by-count`, funders.
 */
import type { Author, Institution, LangText, Link, ResearchRecord } from '../../model';
import { InvalidRecordError, type SourceError } from '../errors';
import type { JsonSourceParser, SourceDocument } from './parser';
import { normalizeDate, normalizeLang } from './normalize';
import {
  buildResearchRecord,
  compact,
  institutionsOfAuthors,
  type ResearchFields,
} from './research-record';
import { parseXml, textOf, type XmlElement, elements } from './xml';

export const CROSSREF_FORMAT = 'crossref';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isWork(v: unknown): v is Json {
  return isObject(v) && typeof v.DOI === 'string' && (Array.isArray(v.title) || 'type' in v);
}

export const crossrefParser: JsonSourceParser = {
  format: CROSSREF_FORMAT,
  accepts(value) {
    if (!isObject(value)) return false;
    const type = value['message-type'];
    if (type === 'work') return isWork(value.message);
    if (type === 'work-list') return isObject(value.message);
    return isWork(value);
  },
  parse(value, doc) {
    const v = value as Json;
    let works: unknown[];
    if (v['message-type'] === 'work-list') {
      const items = (v.message as Json).items;
      works = Array.isArray(items) ? items : [];
    } else {
      works = [v['message-type'] === 'work' ? v.message : v];
    }
    const records: ResearchRecord[] = [];
    const errors: SourceError[] = [];
    for (const w of works) {
      try {
        if (!isWork(w)) {
          throw new InvalidRecordError('Crossref item has no DOI', {
            file: doc.file,
            line: doc.line,
          });
        }
        records.push(readWork(w, doc, records.length));
      } catch (e) {
        if (!(e instanceof InvalidRecordError) || works.length === 1) throw e;
        errors.push(e);
      }
    }
    return { records, deletions: [], errors };
  },
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function strings(v: unknown): string[] {
  return (Array.isArray(v) ? v : []).map(str).filter((s): s is string => s !== undefined);
}

function readWork(w: Json, doc: SourceDocument, index: number): ResearchRecord {
  const doi = str(w.DOI)!;
  const titles = strings(w.title);
  const subtitle = strings(w.subtitle)[0];
  const title = titles[0] && subtitle ? `${titles[0]}: ${subtitle}` : titles[0];
  const lang = normalizeLang(str(w.language));
  const alternateTitles: LangText[] = [...titles.slice(1), ...strings(w['original-title'])]
    .filter((t) => t !== titles[0])
    .map((text) => ({ lang: lang ?? 'und', text }));
  const authors = (Array.isArray(w.author) ? (w.author as Json[]) : [])
    .map(readAuthor)
    .filter((a): a is Author => a !== undefined);
  const fields: ResearchFields = {
    sourceId: doi,
    title,
    lang,
    abstract: jatsText(str(w.abstract)),
    published: issued(w),
    creators: authors.map((a) => a.name),
    authors,
    institutions: institutionsOfAuthors(authors),
    subjects: strings(w.subject),
    identifiers: [str(w.URL) ?? `https://doi.org/${doi}`, ...strings(w.ISBN)],
    publisher: str(w.publisher),
    container: strings(w['container-title'])[0],
    resourceType: str(w.type),
    citations: (Array.isArray(w.reference) ? (w.reference as Json[]) : [])
      .map((r) => str(r.DOI))
      .filter((d): d is string => d !== undefined)
      .map((d) => `doi:${d.toLowerCase()}`),
    citedByCount:
      typeof w['is-referenced-by-count'] === 'number' ? w['is-referenced-by-count'] : undefined,
    links: fundersOf(w),
    alternateTitles,
  };
  return buildResearchRecord(fields, doc, {
    format: CROSSREF_FORMAT,
    name: `Crossref work ${doi}`,
    index,
  });
}

function readAuthor(a: Json): Author | undefined {
  const name = [str(a.given), str(a.family)].filter(Boolean).join(' ') || str(a.name) || undefined;
  if (!name) return undefined;
  const affiliations = (Array.isArray(a.affiliation) ? (a.affiliation as Json[]) : [])
    .map((f): Institution | undefined => {
      const n = str(f.name);
      if (!n) return undefined;
      const ids = Array.isArray(f.id) ? (f.id as Json[]) : [];
      const ror = ids.find((i) => str(i['id-type'])?.toUpperCase() === 'ROR');
      return compact({ name: n, ror: ror ? str(ror.id) : undefined });
    })
    .filter((f): f is Institution => f !== undefined);
  return compact({
    name,
    orcid: str(a.ORCID),
    affiliations: affiliations.length ? affiliations : undefined,
  });
}

/** The first complete date of `issued`, `published-print`, `published-online`, `created`. */
function issued(w: Json): string | undefined {
  for (const key of ['issued', 'published', 'published-print', 'published-online', 'created']) {
    const parts = isObject(w[key]) ? (w[key] as Json)['date-parts'] : undefined;
    const first = Array.isArray(parts) && Array.isArray(parts[0]) ? (parts[0] as unknown[]) : [];
    if (typeof first[0] !== 'number') continue;
    const [y, m, d] = first as number[];
    const date = normalizeDate(
      [y, m, d]
        .filter((n) => typeof n === 'number')
        .map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0'))
        .join('-'),
    );
    if (date) return date;
  }
  return undefined;
}

/**
 * Crossref abstracts are JATS XML fragments (`<jats:title>Abstract</jats:title><jats:p>…`): the
 * paragraphs' text, a leading "Abstract" heading left out. Text that is not XML is kept as text.
 */
export function jatsText(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let root: XmlElement;
  try {
    root = parseXml(`<abstract>${raw}</abstract>`, 'abstract');
  } catch {
    return (
      raw
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim() || undefined
    );
  }
  const parts = root.children.filter(
    (c) => !(c.name === 'title' && /^abstract$/i.test(textOf(c as XmlElement))),
  );
  const text = parts
    .map((c) => (c.name === '#text' ? (c as { text: string }).text : textOf(c as XmlElement)))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || (elements(root).length ? textOf(root) : undefined) || undefined;
}

function fundersOf(w: Json): Link[] {
  return (Array.isArray(w.funder) ? (w.funder as Json[]) : [])
    .map((f) => {
      const name = str(f.name);
      if (!name) return undefined;
      const awards = strings(f.award);
      return compact<Link>({
        kind: 'funder',
        name,
        id: awards.length ? awards.join(', ') : str(f.DOI),
      });
    })
    .filter((l): l is Link => l !== undefined);
}
