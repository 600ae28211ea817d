import type { CauRecord } from '../search-index';
import { recordUrl } from './export-formats';

/**
 * An Atom 1.0 feed (RFC 4287) of a search's newest matches: a business watches a technology
 * or a competitor in any feed reader, with no account. Entry ids are the record pages' URLs,
 * so a reader sees each record once however often it polls.
 */
export interface FeedInput {
  title: string;
  subtitle: string;
  /** Absolute URL of this feed (its id and rel=self). */
  self: string;
  /** Absolute URL of the same search on the search page. */
  alternate: string;
  origin: string;
  lang: string;
  version: string;
  records: CauRecord[];
  /** ISO date-time used when no record has a date. */
  now: string;
}

/** XML 1.0 text: escaped, and without the control characters XML forbids. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const dateTime = (date: string): string => `${date}T00:00:00Z`;
const SUMMARY_CHARS = 600;

function entry(r: CauRecord, origin: string): string {
  const url = recordUrl(origin, r.id);
  const authors = r.type === 'patent' ? r.applicants.map((a) => a.name) : r.creators;
  const summary =
    r.abstract && r.abstract.length > SUMMARY_CHARS
      ? `${r.abstract.slice(0, SUMMARY_CHARS - 1)}…`
      : r.abstract;
  return [
    '<entry>',
    `<id>${xmlEscape(url)}</id>`,
    `<title>${xmlEscape(r.title)}</title>`,
    `<updated>${dateTime(r.published!)}</updated>`,
    `<published>${dateTime(r.published!)}</published>`,
    `<link rel="alternate" type="text/html" href="${xmlEscape(url)}"/>`,
    ...authors.slice(0, 5).map((a) => `<author><name>${xmlEscape(a)}</name></author>`),
    `<category term="${r.type}"/>`,
    ...(r.technologyFields ?? []).map(
      (f) => `<category term="wipo-${f.number}" label="${xmlEscape(f.field)}"/>`,
    ),
    summary ? `<summary xml:lang="${xmlEscape(r.lang)}">${xmlEscape(summary)}</summary>` : '',
    '</entry>',
  ]
    .filter(Boolean)
    .join('\n');
}

export function atomFeed(f: FeedInput): string {
  const dated = f.records.filter((r) => r.published);
  const newest = dated
    .map((r) => r.published!)
    .sort()
    .at(-1);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(f.lang)}">`,
    `<title>${xmlEscape(f.title)}</title>`,
    `<subtitle>${xmlEscape(f.subtitle)}</subtitle>`,
    `<id>${xmlEscape(f.self)}</id>`,
    `<updated>${newest ? dateTime(newest) : f.now}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(f.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlEscape(f.alternate)}"/>`,
    // Atom needs an author for every entry; the feed's own covers entries that have none.
    '<author><name>Cầu</name></author>',
    `<generator version="${xmlEscape(f.version)}">Cầu</generator>`,
    ...dated.map((r) => entry(r, f.origin)),
    '</feed>',
    '',
  ].join('\n');
}
