import { Automaton, type Match, type PhraseDef } from './automaton';
import {
  AMBIGUOUS_BEFORE,
  AREAS,
  BEFORE_COUNT,
  CLAUSE_WORDS,
  COLLABORATIONS,
  COMPANY_WORDS,
  COMPARISONS,
  CONJUNCTIONS,
  CONTRASTS,
  COUNT_AFTER,
  COUNT_BARE,
  DURATIONS,
  EVALUATION_CUES,
  HEADINGS,
  LAB_CUES,
  MARKERS_AFTER,
  MARKERS_BEFORE,
  NOT_A_MARKER,
  NOT_A_STAGE,
  PARTNERS,
  PILOT_CUES,
  PREPOSITIONS,
  RANGE_WORDS,
  REAL_PLANT_CUES,
  RELATIVE_WORDS,
  SINCE,
  SITES,
  STAGES,
  TRL_PHRASES,
  TRL_RANGE_END,
  UNITS,
  UNIT_SIGNS,
  USER_SITES,
  type MarkerCue,
  type Polarity,
  type Scale,
  type StageCue,
} from './cues';
import { gapBefore, span, type ScanField } from './field';
import { CLASSES, looseCountAt, mayStartClass } from './numbers';

/**
 * Reading one field: one pass of the cue automaton over its tokens, then the rules that turn
 * the matches into stage evidence (docs/readiness.md, "How a level is found" and "Negation,
 * plans and possibilities"). Every rule works on token positions; evidence is cut from the
 * record's own text.
 */

export type FieldName = 'title' | 'abstract' | 'description' | 'subject';

/** A stage (or explicit level) the field states, with how it is stated. */
export interface StageHit {
  stage: string;
  lo: number;
  hi: number;
  polarity: Polarity;
  evidence: string;
  /** Also a topic name: not counted in subjects. */
  topical: boolean;
  /** Order of appearance over the whole record, for deterministic "first" choices. */
  order: number;
}

export interface FieldReading {
  hits: StageHit[];
  /** An industrial partner named in the field, when one is said to take part. */
  partner?: string;
}

// ---- the automata, compiled once -------------------------------------------------------------

type Cue =
  | { kind: 'stage'; stage: StageCue }
  | { kind: 'trl' }
  | { kind: 'before' | 'after'; marker: MarkerCue }
  | { kind: 'not-stage' | 'not-marker' | 'lab' | 'pilot' | 'plant' | 'evaluation' }
  | { kind: 'clause'; contrast: boolean }
  | { kind: 'comparison' | 'area' | 'site-count' | 'since' }
  | { kind: 'partner' | 'collaboration' }
  | { kind: 'duration'; unitMonths: number }
  | { kind: 'heading'; lang: 'vi' | 'en'; skip: boolean };

const defs = <T>(phrases: readonly string[], value: T): PhraseDef<T>[] =>
  phrases.map((phrase) => ({ phrase, value }));

/** Built on first use: a process that imports the analyzers but never reads text pays nothing. */
let automata:
  | {
      text: Automaton<Cue>;
      countAfter: Automaton<true>;
      countBare: Automaton<true>;
      units: Automaton<true>;
      sites: Automaton<true>;
      userSites: Automaton<true>;
      companies: Automaton<true>;
      rangeEnd: Automaton<true>;
    }
  | undefined;

function compiled(): NonNullable<typeof automata> {
  if (automata) return automata;
  const cues: PhraseDef<Cue>[] = [
    ...defs<Cue>(TRL_PHRASES, { kind: 'trl' }),
    ...STAGES.flatMap((stage) => defs<Cue>(stage.phrases, { kind: 'stage', stage })),
    ...MARKERS_BEFORE.flatMap((marker) => defs<Cue>(marker.phrases, { kind: 'before', marker })),
    ...MARKERS_AFTER.flatMap((marker) => defs<Cue>(marker.phrases, { kind: 'after', marker })),
    ...defs<Cue>(NOT_A_STAGE, { kind: 'not-stage' }),
    ...defs<Cue>(NOT_A_MARKER, { kind: 'not-marker' }),
    ...CLAUSE_WORDS.map((phrase) => ({
      phrase,
      value: { kind: 'clause', contrast: CONTRASTS.includes(phrase) } as Cue,
    })),
    ...defs<Cue>(COMPARISONS, { kind: 'comparison' }),
    ...defs<Cue>(EVALUATION_CUES, { kind: 'evaluation' }),
    ...defs<Cue>(AREAS, { kind: 'area' }),
    ...defs<Cue>(SINCE, { kind: 'since' }),
    ...defs<Cue>(
      SITES.map((site) => `<num> {<w>}? {<w>}? ${site}`),
      { kind: 'site-count' },
    ),
    ...defs<Cue>(LAB_CUES, { kind: 'lab' }),
    ...defs<Cue>(PILOT_CUES, { kind: 'pilot' }),
    ...defs<Cue>(REAL_PLANT_CUES, { kind: 'plant' }),
    ...DURATIONS.flatMap((d) =>
      defs<Cue>(d.phrases, { kind: 'duration', unitMonths: d.unitMonths }),
    ),
    ...defs<Cue>(PARTNERS, { kind: 'partner' }),
    ...defs<Cue>(COLLABORATIONS, { kind: 'collaboration' }),
    ...HEADINGS.flatMap((h) =>
      defs<Cue>(h.phrases, { kind: 'heading', lang: h.lang, skip: h.skip }),
    ),
  ];
  const folded = (phrases: readonly string[]): PhraseDef<true>[] =>
    phrases.map((phrase) => ({ phrase, value: true, accents: 'folded' }));
  automata = {
    text: new Automaton(cues, CLASSES, mayStartClass),
    countAfter: new Automaton(defs(COUNT_AFTER, true), CLASSES),
    countBare: new Automaton(defs(COUNT_BARE, true), CLASSES),
    units: new Automaton(defs(UNITS, true), CLASSES),
    sites: new Automaton(folded(SITES), CLASSES),
    userSites: new Automaton(folded(USER_SITES), CLASSES),
    companies: new Automaton(folded(COMPANY_WORDS), CLASSES),
    rangeEnd: new Automaton(defs(TRL_RANGE_END, true), CLASSES),
  };
  return automata;
}

const PREPOSITION_SET = new Set(PREPOSITIONS);
const CONJUNCTION_SET = new Set(CONJUNCTIONS);
const BEFORE_COUNT_SET = new Set(BEFORE_COUNT);
const RELATIVE_SET = new Set(RELATIVE_WORDS);
const RANGE_WORD_SET = new Set(RANGE_WORDS);
const AMBIGUOUS_SET = new Set(AMBIGUOUS_BEFORE);

// ---- one field -------------------------------------------------------------------------------

type M = Match<Cue>;
type StageMatch = Match<Extract<Cue, { kind: 'stage' | 'trl' }>>;
type MarkerMatch = Match<Extract<Cue, { kind: 'before' | 'after' }>>;

interface Ctx {
  f: ScanField;
  /** Clause number of every token. */
  clause: Int32Array;
  /** First and last token of every clause. */
  clauseFirst: number[];
  clauseLast: number[];
  by: Map<Cue['kind'], M[]>;
}

export interface ReadOptions {
  isPatent: boolean;
  /** The record's publication date: how long an operation "since 2021" has run. */
  published?: string;
}

export function readField(f: ScanField, field: FieldName, opts: ReadOptions): FieldReading {
  const { isPatent } = opts;
  if (f.tokens.length === 0) return { hits: [] };
  const a = compiled();
  const all = a.text.scan(f);
  const by = new Map<Cue['kind'], M[]>();
  for (const m of all) {
    const list = by.get(m.value.kind);
    if (list) list.push(m);
    else by.set(m.value.kind, [m]);
  }

  // Description sections: the skipped ones are masked out, every heading starts a clause.
  const cuts = new Set<number>();
  let kept: (m: M) => boolean = () => true;
  if (field === 'description') {
    const sections = sectionsOf(f, by.get('heading') ?? []);
    for (const s of sections) cuts.add(s.first);
    const skipped = sections.filter((s) => s.skip);
    if (skipped.length) {
      kept = (m) => !skipped.some((s) => m.first >= s.first && m.first <= s.last);
      for (const [k, list] of by) by.set(k, list.filter(kept));
    }
  }
  const ctx = clausesOf(f, by, cuts);

  // Stage words and explicit levels: names, non-stages and shorter overlapped matches dropped.
  const skips = by.get('not-stage') ?? [];
  const raw = [
    ...(by.get('trl') ?? []).map((m) => withRange(f, m)),
    ...(by.get('stage') ?? []),
  ].filter((m) => {
    const v = m.value as Extract<Cue, { kind: 'stage' | 'trl' }>;
    if (v.kind === 'stage' && v.stage.nameCheck && field !== 'title' && looksLikeName(f, m.first))
      return false;
    return true;
  }) as StageMatch[];
  const stages = raw
    .filter(
      (r) =>
        !skips.some((s) => s.first <= r.first && r.last <= s.last) &&
        !raw.some(
          (o) =>
            o !== r && o.start <= r.start && r.end <= o.end && o.end - o.start > r.end - r.start,
        ),
    )
    .sort((x, y) => x.start - y.start);

  const others = comparisonScopes(ctx);
  const masks = by.get('not-marker') ?? [];
  const unmasked = (m: M) => !masks.some((s) => s.first <= m.first && m.last <= s.last);
  const before = ((by.get('before') ?? []) as MarkerMatch[]).filter(unmasked);
  const after = ((by.get('after') ?? []) as MarkerMatch[]).filter(unmasked);

  const hits: StageHit[] = [];
  let previous: { polarity: Polarity; from: number; last: number; clause: number } | undefined;
  for (const r of stages) {
    const c = ctx.clause[r.first]!;
    if (previous && previous.clause !== c) previous = undefined;
    const cs = ctx.clauseFirst[c]!;
    const ce = ctx.clauseLast[c]!;
    const near = before.filter((m) => m.last < r.first && m.first >= cs);
    let decided = decideBefore(near, r.first);
    // A negation or plan runs on over the stage words it governs, until something is said to
    // have happened: "chưa tiến hành thử nghiệm thực địa hay sản xuất ở quy mô nhà máy".
    if (
      !decided &&
      previous &&
      r.first - previous.last - 1 <= 8 &&
      !near.some((m) => m.value.marker.polarity === 'achieved' && m.first > previous!.last)
    ) {
      decided = { polarity: previous.polarity, from: previous.from, explicit: false, first: -1 };
    }
    let polarity: Polarity = decided?.polarity ?? 'achieved';
    let evStart = r.start;
    if (decided && decided.polarity !== 'achieved') evStart = decided.from;
    // "đang được thương mại hóa", "has been licensed": the evidence shows the tense too.
    if (decided?.polarity === 'achieved' && decided.explicit && r.first - decided.first <= 3) {
      evStart = decided.from;
    }
    let evEnd = r.end;
    if (!decided) {
      const undo = decideAfter(ctx, after, r, ce);
      if (undo) {
        polarity = undo.polarity;
        evEnd = undo.to;
      }
    }
    previous =
      decided && decided.polarity !== 'achieved'
        ? { polarity: decided.polarity, from: decided.from, last: r.last, clause: c }
        : undefined;
    // "Unlike commercial kits, which were sold widely, …": said of other products.
    const other = others.find(([a, b]) => r.first >= a && r.last <= b);
    if (other) {
      polarity = 'other';
      evStart = f.tokens[other[0]]!.start;
      evEnd = r.end;
    }

    const v = r.value;
    let lo: number;
    let hi: number;
    let id: string;
    let topical = false;
    if (v.kind === 'trl') {
      const [g1, g2 = g1] = r.numbers as [number, number?];
      lo = hi = Math.min(g1, g2);
      id = 'trl';
    } else {
      const stage = v.stage;
      id = stage.stage;
      lo = isPatent && stage.patentLo !== undefined ? stage.patentLo : stage.lo;
      hi = stage.hi;
      topical = stage.topical === true;
      const inClause = (kind: Cue['kind']) => has(ctx, kind, cs, ce, r);
      if (stage.context === 'lab' && inClause('lab')) {
        // A test model of 500 litres, a trial in 24 tanks: validation in the laboratory.
        id = 'lab-validation';
        lo = hi = 4;
      }
      if (stage.context === 'plant' && inClause('pilot') && !inClause('plant')) {
        // Trial production in a pilot workshop or on an experimental farm is a pilot (6).
        id = 'pilot-production';
        lo = 6;
        hi = 7;
      }
      if (stage.unitMonths !== undefined) {
        const months = (r.numbers[0] ?? 0) * stage.unitMonths;
        if (months < (stage.minMonths ?? 0) || inClause('lab')) continue;
      }
      // Broad words ("hoạt động", "widely used") count only when said to have happened.
      const said = polarity === 'achieved' && decided?.explicit === true;
      if (stage.said && polarity === 'achieved' && !said) continue;
      if (stage.clauseMonths !== undefined) {
        if (inClause('lab') || durationIn(ctx, cs, ce, opts.published) < stage.clauseMonths)
          continue;
      }
      if (stage.notBeforeContrast && contrastFollows(ctx, c)) continue;
      if (stage.needs === 'user-site') {
        const site = userSiteAfter(ctx, r, ce);
        if (!site) continue;
        if (polarity === 'achieved') evEnd = Math.max(evEnd, site.end);
      }
      if (stage.monthsRaise && !inClause('lab') && durationIn(ctx, cs, ce, opts.published) >= 3) {
        // Months of operation at a real site: a prototype in its operational environment.
        lo = hi;
      }
      if (
        stage.needs === 'said' ||
        stage.needs === 'count' ||
        stage.needs === 'site' ||
        stage.counted
      ) {
        const count = countNear(ctx, r, cs, ce);
        const sites = count !== undefined && !count.before && count.site;
        if (stage.needs === 'site' && !sites) continue;
        if (stage.needs === 'said' || stage.needs === 'count') {
          // Not achieved ("để lắp đặt cho các hộ dân") still needs the sites, or it is design
          // text ("có thể lắp chìm").
          const ok = sites || (stage.needs === 'said' ? said : count?.before === true);
          if (!ok) continue;
        }
        if (count && stage.counted) [lo, hi] = scaled(lo, hi, stage.counted, count.n);
        if (count && polarity === 'achieved') {
          evStart = Math.min(evStart, count.from);
          evEnd = Math.max(evEnd, count.to);
        }
      }
      if (stage.clauseSites) [lo, hi] = scaled(lo, hi, stage.clauseSites, sitesIn(ctx, cs, ce));
      if (stage.area) [lo, hi] = scaled(lo, hi, stage.area, areaIn(ctx, cs, ce));
      if (stage.evaluationCap !== undefined && inClause('evaluation')) {
        // Installed at 30 households "and monitored for 9 months": a demonstration.
        lo = Math.min(lo, stage.evaluationCap);
        hi = Math.min(hi, stage.evaluationCap);
      }
    }
    hits.push({
      stage: id,
      lo,
      hi: Math.max(lo, hi),
      polarity,
      evidence: span(f, evStart, evEnd),
      topical,
      order: 0,
    });
  }
  return { hits, partner: partnerIn(ctx, before) };
}

/** "TRL 5–6", "mức sẵn sàng công nghệ 5 đến 6": the explicit level with the end of its range. */
function withRange(f: ScanField, m: M): M {
  let j = m.last + 1;
  if (j >= f.tokens.length) return m;
  const gap = gapBefore(f, j);
  if (!/^\s*[-–—]\s*$/u.test(gap)) {
    if (!/^\s+$/u.test(gap) || !RANGE_WORD_SET.has(f.tokens[j]!.term)) return m;
    j++;
    if (j >= f.tokens.length || !/^\s+$/u.test(gapBefore(f, j))) return m;
  }
  const end = compiled().rangeEnd.at(f, j)[0];
  if (!end) return m;
  return { ...m, last: end.last, end: end.end, numbers: [...m.numbers, ...end.numbers] };
}

// ---- clauses and sections ------------------------------------------------------------------

/** Clause boundaries: . ; : ! ? followed by white space, new lines, and the clause words. */
const CLAUSE_PUNCT = /[.;:!?](?=\s)|[\n\r]/u;

function clausesOf(f: ScanField, by: Map<Cue['kind'], M[]>, cuts: Set<number>): Ctx {
  const n = f.tokens.length;
  for (const m of by.get('clause') ?? []) cuts.add(m.first);
  const clause = new Int32Array(n);
  const clauseFirst = [0];
  const clauseLast: number[] = [];
  let c = 0;
  for (let i = 1; i < n; i++) {
    const a = f.tokens[i - 1]!.end;
    const b = f.tokens[i]!.start;
    const space = b === a + 1 && f.text.charCodeAt(a) === 32;
    if (cuts.has(i) || (!space && CLAUSE_PUNCT.test(f.text.slice(a, b)))) {
      clauseLast.push(i - 1);
      clauseFirst.push(i);
      c++;
    }
    clause[i] = c;
  }
  clauseLast.push(n - 1);
  return { f, clause, clauseFirst, clauseLast, by };
}

interface Section {
  /** First and last token; the character where it starts. */
  first: number;
  last: number;
  start: number;
  skip: boolean;
}

/** The description's sections, from its headings (docs/readiness.md, "Where Cầu looks"). */
export function sectionsOf(f: ScanField, headings: readonly M[] = headingsIn(f)): Section[] {
  const heads: { first: number; last: number; skip: boolean }[] = [];
  const candidates = headings
    .map((m) => ({ m, v: m.value as Extract<Cue, { kind: 'heading' }> }))
    .map(({ m, v }) => {
      if (v.lang === 'vi') {
        const at =
          m.start === 0 ||
          (/\s/u.test(f.source[m.start - 1] ?? '') && /[.:]/.test(f.source[m.start - 2] ?? ''));
        return at && /[.:]/.test(f.source[m.end] ?? '')
          ? { first: m.first, last: m.last, skip: v.skip }
          : undefined;
      }
      const written = f.source.slice(m.start, m.end);
      if (written !== written.toUpperCase()) return undefined;
      let last = m.last;
      // "DETAILED DESCRIPTION OF THE EMBODIMENTS", "BEST MODE FOR CARRYING OUT…": one heading.
      if (
        /^(?:detailed description|best mode)$/.test(f.folded.slice(m.first, m.last + 1).join(' '))
      ) {
        while (
          last + 1 < f.tokens.length &&
          /^ +$/.test(gapBefore(f, last + 1)) &&
          /^[A-Z]+$/.test(f.source.slice(f.tokens[last + 1]!.start, f.tokens[last + 1]!.end))
        )
          last++;
      }
      return { first: m.first, last, skip: v.skip };
    })
    .filter((h): h is NonNullable<typeof h> => h !== undefined)
    .sort((x, y) => x.first - y.first || y.last - x.last);
  for (const h of candidates) {
    const prev = heads[heads.length - 1];
    if (prev && h.first <= prev.last) continue;
    heads.push(h);
  }
  const out: Section[] = [];
  let first = 0;
  let skip = false;
  for (const h of heads) {
    if (h.first > first)
      out.push({ first, last: h.first - 1, start: f.tokens[first]!.start, skip });
    first = h.first;
    skip = h.skip;
  }
  out.push({ first, last: f.tokens.length - 1, start: f.tokens[first]!.start, skip });
  return out;
}

function headingsIn(f: ScanField): M[] {
  return compiled()
    .text.scan(f)
    .filter((m) => m.value.kind === 'heading');
}

// ---- polarity --------------------------------------------------------------------------------

interface Decision {
  polarity: Polarity;
  /** Where the marker starts (character), and its first token. */
  from: number;
  first: number;
  /** A marker was actually seen (not inherited from an earlier stage word). */
  explicit: boolean;
}

/** The nearest marker before the stage word decides, if the stage word is within its window. */
function decideBefore(
  candidates: readonly MarkerMatch[],
  stageFirst: number,
): Decision | undefined {
  const sorted = [...candidates].sort(
    (a, b) => b.end - a.end || b.end - b.start - (a.end - a.start),
  );
  for (const m of sorted) {
    const gap = stageFirst - m.last - 1;
    if (gap <= m.value.marker.window) {
      return { polarity: m.value.marker.polarity, from: m.start, first: m.first, explicit: true };
    }
    if (m.value.marker.polarity === 'achieved') return undefined;
  }
  return undefined;
}

/** A few markers after the stage word, before any comma, can still undo it. */
function decideAfter(
  ctx: Ctx,
  candidates: readonly MarkerMatch[],
  r: StageMatch,
  clauseLast: number,
): { polarity: Polarity; to: number } | undefined {
  const f = ctx.f;
  let limit = clauseLast;
  for (let j = r.last + 1; j <= clauseLast; j++) {
    if (/[,(]/.test(gapBefore(f, j))) {
      limit = j - 1;
      break;
    }
  }
  let best: MarkerMatch | undefined;
  for (const m of candidates) {
    if (m.first <= r.last || m.last > limit) continue;
    if (m.first - r.last - 1 > m.value.marker.window) continue;
    // "… tại trại thực nghiệm và chưa triển khai ở nông hộ": a new predicate, not this stage.
    if (m.first - 1 > r.last && isConjunction(f, m.first - 1)) continue;
    if (!best || m.start < best.start) best = m;
  }
  return best && { polarity: best.value.marker.polarity, to: best.end };
}

function isConjunction(f: ScanField, i: number): boolean {
  return (
    CONJUNCTION_SET.has(f.tokens[i]!.term) || (f.toneless && CONJUNCTION_SET.has(f.folded[i]!))
  );
}

// ---- context in the clause -------------------------------------------------------------------

/** Whether the clause, outside the stage words themselves, has a cue of this kind. */
function has(ctx: Ctx, kind: Cue['kind'], cs: number, ce: number, r: StageMatch): boolean {
  return (ctx.by.get(kind) ?? []).some(
    (m) => m.first >= cs && m.last <= ce && (m.last < r.first || m.first > r.last),
  );
}

/**
 * The longest duration stated in the clause, in months ("trong 4 tháng", "for 8 months"); an
 * operation "since 2021" counts from that year to the record's publication, at least 3 months.
 */
function durationIn(ctx: Ctx, cs: number, ce: number, published?: string): number {
  let best = 0;
  for (const m of ctx.by.get('duration') ?? []) {
    if (m.first < cs || m.last > ce) continue;
    const v = m.value as Extract<Cue, { kind: 'duration' }>;
    best = Math.max(best, (m.numbers[0] ?? 0) * v.unitMonths);
  }
  const year = Number(/^(\d{4})/.exec(published ?? '')?.[1]);
  for (const m of ctx.by.get('since') ?? []) {
    if (m.first < cs || m.last > ce) continue;
    const since = m.numbers[m.numbers.length - 1]!;
    best = Math.max(best, 3, Number.isFinite(year) ? (year - since) * 12 : 0);
  }
  return best;
}

/** [threshold, level] steps: the highest one the value reaches raises lo and hi to its level. */
function scaled(lo: number, hi: number, scale: Scale, value: number): [number, number] {
  let level = 0;
  for (const [threshold, l] of scale) if (value >= threshold) level = Math.max(level, l);
  return level ? [Math.max(lo, level), Math.max(hi, level)] : [lo, hi];
}

/** The largest count of sites stated in the clause ("tại 12 trang trại", "60 smallholdings"). */
function sitesIn(ctx: Ctx, cs: number, ce: number): number {
  let best = 0;
  for (const m of ctx.by.get('site-count') ?? []) {
    if (m.first < cs || m.last > ce) continue;
    const n = countValue(ctx, m.numbers[0]!, m.first, { first: m.first, last: m.first });
    if (n !== undefined) best = Math.max(best, n);
  }
  return best;
}

/** The largest area stated in the clause, in hectares. */
function areaIn(ctx: Ctx, cs: number, ce: number): number {
  let best = 0;
  for (const m of ctx.by.get('area') ?? []) {
    if (m.first >= cs && m.last <= ce) best = Math.max(best, m.numbers[0] ?? 0);
  }
  return best;
}

/** A real user's site named within a few words after the stage words, before any comma. */
function userSiteAfter(ctx: Ctx, r: StageMatch, ce: number): { end: number } | undefined {
  const f = ctx.f;
  const a = compiled();
  for (let j = r.last + 1; j <= Math.min(ce, r.last + 8); j++) {
    if (/[,(;]/.test(gapBefore(f, j))) return undefined;
    const site = a.userSites.at(f, j, ce + 1)[0];
    if (site) return { end: site.end };
  }
  return undefined;
}

/** Whether the next clause turns against this one ("… rộng rãi nhưng nhanh bão hòa"). */
function contrastFollows(ctx: Ctx, c: number): boolean {
  const next = ctx.clauseFirst[c + 1];
  if (next === undefined) return false;
  return (ctx.by.get('clause') ?? []).some(
    (m) => m.first === next && (m.value as Extract<Cue, { kind: 'clause' }>).contrast,
  );
}

/**
 * Token ranges said of other products: from a comparison word ("unlike", "khác với") to the
 * first comma that is not followed by a relative word ("which", "mà"), within the clause.
 */
function comparisonScopes(ctx: Ctx): [number, number][] {
  const f = ctx.f;
  const out: [number, number][] = [];
  for (const m of ctx.by.get('comparison') ?? []) {
    const ce = ctx.clauseLast[ctx.clause[m.first]!]!;
    let end = ce;
    for (let j = m.last + 1; j <= ce; j++) {
      if (/,/.test(gapBefore(f, j)) && !RELATIVE_SET.has(f.tokens[j]!.term)) {
        end = j - 1;
        break;
      }
    }
    out.push([m.first, end]);
  }
  return out;
}

interface Count {
  n: number;
  from: number;
  to: number;
  /** Before the verb ("18 nodes installed"), or after it with a site noun ("tại 35 cơ sở"). */
  before: boolean;
  site: boolean;
}

/** The number of sites near a stage word: after it ("tại 35 cơ sở") or just before. */
function countNear(ctx: Ctx, r: StageMatch, cs: number, ce: number): Count | undefined {
  const f = ctx.f;
  const a = compiled();
  const next = r.last + 1;
  if (next <= ce && /^\s+$/u.test(gapBefore(f, next))) {
    // "bán cho các cơ sở": the stage words already end with the preposition.
    const lastWord = f.toneless ? f.folded[r.last]! : f.tokens[r.last]!.term;
    const bare = r.last > r.first && PREPOSITION_SET.has(lastWord);
    for (const m of (bare ? a.countBare : a.countAfter).at(f, next, ce + 1)) {
      const n = countValue(ctx, m.numbers[0]!, m.last, m);
      if (n === undefined) continue;
      const site = /^\s+$/u.test(gapBefore(f, m.last + 1))
        ? a.sites.at(f, m.last + 1, ce + 1)[0]
        : undefined;
      return { n, from: m.start, to: site?.end ?? m.end, before: false, site: !!site };
    }
  }
  for (let k = r.first - 1; k >= Math.max(cs, r.first - 6); k--) {
    let start = k;
    // The last group of "1.200" is part of the number that starts two tokens back.
    while (
      start - 1 >= cs &&
      /^\d+$/.test(f.tokens[start]!.term) &&
      /^\d+$/.test(f.tokens[start - 1]!.term) &&
      /^[.,]$/.test(gapBefore(f, start))
    )
      start--;
    const num = looseCountAt(f, start);
    if (!num || num.next - 1 !== k) continue;
    if (!/^\d/.test(f.tokens[start]!.term) && AMBIGUOUS_SET.has(f.folded[start]!)) continue;
    const n = countValue(ctx, num.value ?? 0, k, { first: start, last: k });
    if (n === undefined) continue;
    // "frame 800 shown in its fully deployed position" is a reference numeral, not a count.
    const prev = start - 1 >= cs ? f.tokens[start - 1]!.term : undefined;
    if (prev !== undefined && /^\p{L}+$/u.test(prev) && !BEFORE_COUNT_SET.has(prev))
      return undefined;
    return { n, from: f.tokens[start]!.start, to: r.start, before: true, site: false };
  }
  return undefined;
}

/**
 * A count, or undefined when the number is not one: a measure (a unit follows: kW, m², ha,
 * tấn, ngày, %…), a year, a decimal, or zero.
 */
function countValue(
  ctx: Ctx,
  value: number,
  lastToken: number,
  m: { first: number; last: number },
): number | undefined {
  const f = ctx.f;
  if (!Number.isInteger(value) || value <= 0) return undefined;
  const numberTokens = f.tokens.slice(m.first, m.last + 1).filter((t) => /^\d+$/.test(t.term));
  const firstDigits = numberTokens[0]?.term;
  if (
    numberTokens.length === 1 &&
    firstDigits &&
    /^\d{4}$/.test(firstDigits) &&
    value >= 1900 &&
    value <= 2100
  )
    return undefined; // a year
  const gap = gapBefore(f, lastToken + 1);
  const sign = gap.trimStart()[0];
  if (sign !== undefined && UNIT_SIGNS.includes(sign)) return undefined;
  if (
    lastToken + 1 < f.tokens.length &&
    /^\s+$/u.test(gap) &&
    compiled().units.at(f, lastToken + 1).length
  )
    return undefined;
  return value;
}

// ---- partners --------------------------------------------------------------------------------

function partnerIn(ctx: Ctx, before: readonly MarkerMatch[]): string | undefined {
  const f = ctx.f;
  const achievedHere = (m: M): boolean => {
    const cs = ctx.clauseFirst[ctx.clause[m.first]!]!;
    const d = decideBefore(
      before.filter((b) => b.last < m.first && b.first >= cs),
      m.first,
    );
    return !d || d.polarity === 'achieved';
  };
  for (const m of ctx.by.get('partner') ?? []) if (achievedHere(m)) return span(f, m.start, m.end);
  for (const m of ctx.by.get('collaboration') ?? []) {
    const to = Math.min(f.tokens.length, m.last + 7);
    const company = compiled().companies.scan(f, m.last + 1, to)[0];
    if (company && achievedHere(m)) return span(f, m.start, company.end);
  }
  return undefined;
}

/** Whether token i starts with a capital in the middle of a sentence: part of a name. */
function looksLikeName(f: ScanField, i: number): boolean {
  const start = f.tokens[i]!.start;
  const first = f.source[start] ?? '';
  if (first === first.toLowerCase()) return false;
  const before = f.source.slice(0, start).trimEnd();
  if (before === '') return false;
  return !/[.!?:;("“'\u2018]$/.test(before);
}
