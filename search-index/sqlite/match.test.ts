import { glossaryTranslator } from '../index';
import { planQuery } from '../plan';
import { parseQuery } from '../query';
import { COLUMNS } from './columns';
import { compileQuery, encodePairs, type RankPairs } from './match';

// cau_rank reads the pairs by phrase index: the order of the quoted strings in `rank`, which is
// how FTS5 numbers the phrases of a MATCH expression. These tests read the indexes back.

/** The quoted strings of an expression, in order, unquoted, with the column filter before each. */
function phrases(expr: string): { cols: string; text: string }[] {
  const out: { cols: string; text: string }[] = [];
  const re = /(?:\{([^}]*)\} : )?"((?:[^"]|"")*)"/g;
  for (let m = re.exec(expr); m; m = re.exec(expr))
    out.push({ cols: m[1] ?? '', text: m[2]!.replace(/""/g, '"') });
  return out;
}

interface Entry {
  cols: string[];
  records: number;
  firsts: number[];
  seconds: number[];
}

/** CompiledQuery.pairs encoded, then read as cau_rank reads it (native/cau_rank.c, cauPairs). */
function decode(pairs: RankPairs): { phrases: number; entries: Entry[] } {
  // Each phrase's record count: its length, to see that every entry gets its own phrase's.
  const n = encodePairs(pairs, (phrase) => phrase.length)
    .split(' ')
    .map(Number);
  let i = 0;
  const phraseCount = n[i++]!;
  const count = n[i++]!;
  const entries: Entry[] = [];
  for (let k = 0; k < count; k++) {
    const mask = n[i++]!;
    const cols = COLUMNS.filter((_c, j) => Math.floor(mask / 2 ** j) % 2 === 1).map((c) => c.name);
    const records = n[i++]!;
    expect(records).toBe(pairs.entries[k]!.phrase.length);
    const firsts = n.slice(i + 1, i + 1 + n[i]!);
    i += 1 + firsts.length;
    const seconds = n.slice(i + 1, i + 1 + n[i]!);
    i += 1 + seconds.length;
    entries.push({ cols, records, firsts, seconds });
  }
  expect(i).toBe(n.length);
  return { phrases: phraseCount, entries };
}

const compile = (query: string, relaxed = false, translate = false) =>
  compileQuery(planQuery(parseQuery(query), translate ? glossaryTranslator() : undefined), {
    relaxed,
    adjacency: 'instances',
  });

/** Each entry as the texts of its phrases: "first words → second words @ columns". */
function readable(query: string, relaxed = false, translate = false): string[] {
  const q = compile(query, relaxed, translate);
  const all = phrases(q.rank);
  const { phrases: count, entries } = decode(q.pairs!);
  expect(count).toBe(all.length);
  return entries.map(
    (e) =>
      `${e.firsts.map((i) => all[i]!.text).join('|')} → ${e.seconds.map((i) => all[i]!.text).join('|')} @ ${e.cols.join(' ')}`,
  );
}

/** Each entry's phrase, the one the SQL form writes. */
function pairPhrases(query: string): string[] {
  return compile(query).pairs!.entries.map((e) => e.phrase);
}

describe('compileQuery, adjacency for cau_rank', () => {
  it('writes no phrase of the pair and names its words by phrase index', () => {
    const q = compile('may bom nuoc');
    expect(q.rank).not.toMatch(/"may bom"|"bom nuoc"|"mai bom"/);
    expect(compileQuery(planQuery(parseQuery('may bom nuoc'))).rank).toMatch(/"may bom"/);
    // Each stands for the phrase the SQL form writes, whose records count for its IDF.
    const sqlForm = compileQuery(planQuery(parseQuery('may bom nuoc'))).rank;
    for (const phrase of pairPhrases('may bom nuoc')) expect(sqlForm).toContain(phrase);
    expect(pairPhrases('may bom nuoc')).toEqual([
      '{t a c d p i m} : "may bom"',
      '{te ae ce de me} : "mai bom"',
      '{t a c d p i m te ae ce de me} : "bom nuoc"',
    ]);
    expect(readable('may bom nuoc')).toEqual([
      // "may" is stemmed to "mai" in the English columns: one pair phrase per kind of column,
      // as foldedAlternatives would have written it.
      'may → bom @ t a c d p i m',
      'mai → bom @ te ae ce de me',
      'bom → nuoc @ t te a ae c ce d de p i m me',
    ]);
  });

  it('keeps the pair typed with marks as a phrase on the exact columns', () => {
    const q = compile('cá tra');
    expect(phrases(q.rank).map((p) => `${p.cols}:${p.text}`)).toEqual([
      't a c d p i m te ae ce de me:ca',
      'xt xa:cá',
      'xt xa:cá tra',
      't a c d p i m te ae ce de me:tra',
    ]);
    // The exact phrases are not the pair's words: their columns are not the pair's.
    expect(readable('cá tra')).toEqual(['ca → tra @ t te a ae c ce d de p i m me']);
  });

  it('names every place a relaxed query writes the first word, and every copy of the second', () => {
    const q = compile('may bom nuoc', true);
    const all = phrases(q.rank);
    // Three combinations of two parts: each word is written twice.
    expect(all.filter((p) => p.text === 'bom')).toHaveLength(2);
    const entries = decode(q.pairs!).entries;
    const bom = entries.filter((e) => all[e.firsts[0]!]!.text === 'bom');
    expect(bom).toHaveLength(2);
    expect(new Set(bom.map((e) => e.firsts[0]))).toEqual(
      new Set(all.flatMap((p, i) => (p.text === 'bom' ? [i] : []))),
    );
    for (const e of bom) expect(e.seconds.map((i) => all[i]!.text)).toEqual(['nuoc', 'nuoc']);
  });

  it('counts the phrases of translations and typed numbers', () => {
    expect(readable('phân bón hữu cơ', false, true)).toEqual([
      'phan → bon @ t te a ae c ce d de p i m me',
      'bon → huu @ t te a ae c ce d de p i m me',
      'huu → co @ t te a ae c ce d de p i m me',
    ]);
    const q = compile('pin sạc US1234567');
    expect(q.numbers).toBeDefined();
    expect(decode(q.pairs!).phrases).toBe(phrases(q.rank).length);
  });

  it('has no pairs without words typed side by side, and none in the SQL form', () => {
    expect(compile('biochar').pairs).toBeUndefined();
    expect(compile('"năng lượng" OR biochar').pairs).toBeUndefined();
    expect(compile('bàn -ghế').pairs).toBeUndefined();
    expect(compileQuery(planQuery(parseQuery('may bom nuoc'))).pairs).toBeUndefined();
  });

  it('leaves the other expressions as they were', () => {
    const plan = planQuery(parseQuery('cá tra nuôi'));
    const [a, b] = [compileQuery(plan, { relaxed: true }), compile('cá tra nuôi', true)];
    for (const k of ['candidates', 'strict', 'typed', 'spelled'] as const) expect(b[k]).toBe(a[k]);
  });
});
