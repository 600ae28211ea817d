import type { CauRecord, PatentRecord, ResearchRecord } from '../../model';
import { foldDiacritics } from '../normalize';
import {
  ACADEMIC_NAME,
  COLLABORATION,
  COMPANY_NAME,
  COMPANY_NAME_CASED,
  COMPANY_WORD,
  COUNT_AFTER,
  COUNT_BARE,
  DURATION,
  EXPLICIT_TRL,
  LAB_CUE,
  PILOT_CUE,
  REAL_PLANT_CUE,
  MARKERS_AFTER,
  MARKERS_BEFORE,
  NOT_A_STAGE,
  NUMBER_WORDS,
  PARTNER,
  SITE_AFTER_NUMBER,
  BEFORE_COUNT,
  STAGES,
  UNIT_AFTER_NUMBER,
  type MarkerDef,
  type Polarity,
  type StageDef,
} from './lexicon';
import {
  clauses,
  type Phrase,
  findAny,
  looksLikeName,
  prepare,
  wordCount,
  type ScanText,
  type Span,
} from './text';
import type { Readiness, ReadinessContext, ReadinessSignal } from './types';

/**
 * Weights, in TRL levels (docs/readiness.md, "How the weights were chosen"). The signal that
 * sets the level carries the level; these fractions of a level are summed into a nudge of at
 * most ±1 (|sum| ≥ NUDGE_AT) and into the position of the score within the level.
 */
export const WEIGHTS = {
  corroboration: 0.1,
  corroborationMax: 0.3,
  negated: -0.2,
  negatedMax: -0.4,
  future: 0,
  potential: 0,
  partner: 0.25,
  granted: 0.2,
  application: 0,
  utility: 0.4,
  company: 0.4,
  academicOnly: -0.2,
  individual: 0,
  priorityAbroad: 0.3,
  citationsPerDoubling: 0.15,
  citationsMax: 0.6,
  agePerYear: 0.02,
  ageMaxYears: 10,
  research: {
    article: 0,
    thesis: -0.3,
    'doctoral-thesis': -0.2,
    'technical-report': 0.3,
    dataset: -0.5,
    'working-paper': -0.5,
    other: 0,
  },
} as const;
export const NUDGE_AT = 0.5;

/** Levels when the text states no stage at all: [lo, hi]. */
export const FALLBACK = {
  patent: [3, 4],
  utility: [4, 5],
  research: {
    article: [2, 3],
    thesis: [2, 3],
    'doctoral-thesis': [2, 3],
    'technical-report': [3, 4],
    dataset: [1, 2],
    'working-paper': [2, 2],
    other: [2, 3],
  },
} as const;

type ResearchType = keyof typeof WEIGHTS.research;

interface Segment {
  text: string;
  field: 'title' | 'abstract' | 'description' | 'subject';
}

interface StageHit {
  stage: string;
  lo: number;
  hi: number;
  polarity: Polarity;
  evidence: string;
  /** Order of appearance, for deterministic "first" choices. */
  order: number;
  topical: boolean;
}

/**
 * Commercial readiness of one record, TRL-aligned, with every contribution explained.
 * Pure: the same record and context always give the same answer; no clock, no I/O.
 */
export function assessReadiness(record: CauRecord, context: ReadinessContext = {}): Readiness {
  const segments = segmentsOf(record);
  const hits: StageHit[] = [];
  const explicit: StageHit[] = [];
  let partner: ReadinessSignal | undefined;
  let order = 0;
  for (const seg of segments) {
    const t = prepare(seg.text);
    for (const h of scanStages(t, seg.field, record.type === 'patent')) {
      h.order = order++;
      if (seg.field === 'subject' && h.topical) continue;
      (h.stage === 'trl' ? explicit : hits).push(h);
    }
    partner ??= scanPartner(t);
  }

  const signals: ReadinessSignal[] = [];
  const weak: ReadinessSignal[] = [];

  // Stage evidence: one signal per stage and polarity (for counted stages, the strongest).
  const achieved = dedupe(hits.filter((h) => h.polarity === 'achieved'));
  const notAchieved = dedupe([...hits, ...explicit].filter((h) => h.polarity !== 'achieved'));
  const explicitAchieved = explicit.filter((h) => h.polarity === 'achieved');
  const top = explicitAchieved.length
    ? explicitAchieved.reduce((a, b) => (b.lo > a.lo ? b : a))
    : achieved.reduce<StageHit | undefined>(
        (a, b) => (!a || b.lo > a.lo || (b.lo === a.lo && b.hi > a.hi) ? b : a),
        undefined,
      );

  let corroboration = 0;
  for (const h of achieved) {
    if (h === top) continue;
    const w = corroboration < WEIGHTS.corroborationMax ? WEIGHTS.corroboration : 0;
    corroboration = round(corroboration + w);
    weak.push({ name: `stage:${h.stage}`, weight: w, evidence: h.evidence });
  }
  let negatedSum = 0;
  for (const h of notAchieved) {
    let w: number = WEIGHTS[h.polarity as 'negated' | 'future' | 'potential'];
    if (h.polarity === 'negated') {
      w = negatedSum > WEIGHTS.negatedMax ? w : 0;
      negatedSum = round(negatedSum + w);
    }
    weak.push({ name: `${h.polarity}:${h.stage}`, weight: w, evidence: h.evidence });
  }
  if (partner) weak.push(partner);

  // Metadata.
  const base =
    record.type === 'patent' ? patentSignals(record, weak) : researchSignals(record, weak);
  if (context.citationsReceived !== undefined && context.citationsReceived >= 0) {
    const c = Math.floor(context.citationsReceived);
    const w = Math.min(WEIGHTS.citationsMax, WEIGHTS.citationsPerDoubling * Math.log2(1 + c));
    weak.push({ name: 'citations-received', weight: round(w), evidence: String(c) });
  }
  const age = yearsBetween(record.published, context.now);
  if (age !== undefined && age >= 0) {
    const w = WEIGHTS.agePerYear * Math.min(age, WEIGHTS.ageMaxYears);
    weak.push({ name: 'age', weight: round(w), evidence: record.published! });
  }

  if (!top && base.own) base.own.weight = 0;
  const sum = round(weak.reduce((s, x) => s + x.weight, 0));
  const nudge = sum >= NUDGE_AT ? 1 : sum <= -NUDGE_AT ? -1 : 0;

  let level: number;
  let lead: ReadinessSignal;
  let applied = 0;
  if (top && top.stage === 'trl') {
    // The author's own assessment: taken as stated, never nudged.
    level = top.lo;
    lead = { name: 'trl', weight: level, evidence: top.evidence };
  } else {
    const [lo, hi] = top ? [top.lo, top.hi] : base.range;
    level = clamp(lo + nudge, Math.max(1, lo - 1), hi);
    applied = level - lo;
    lead = top
      ? { name: `stage:${top.stage}`, weight: lo, evidence: top.evidence }
      : { name: base.name, weight: lo, evidence: base.evidence };
  }
  signals.push(lead);
  if (applied !== 0) {
    signals.push({
      name: 'nudge',
      weight: applied,
      evidence: `weaker signals sum to ${sum > 0 ? '+' : ''}${sum}`,
    });
  }

  // A stage stated as not reached caps the level below it, unless something at or above it was
  // reached (then the negation is about another part or scale) or the author gave a TRL.
  if (!(top && top.stage === 'trl')) {
    const reached = Math.max(0, ...achieved.map((h) => h.lo));
    for (const h of notAchieved) {
      if (h.lo <= reached || level < h.lo) continue;
      const capped = Math.max(1, h.lo - 1);
      signals.push({ name: `cap:${h.polarity}`, weight: capped - level, evidence: h.evidence });
      level = capped;
    }
  }

  level = clamp(level, 1, 9);
  const residual = sum - applied;
  const position = clamp(0.5 + residual / 2, 0, 0.999);
  const score = Math.floor(((level - 1 + position) / 9) * 10000) / 10000;
  return { level, score, signals: [...signals, ...weak] };
}

// ---------------------------------------------------------------------------------------------
// Text

function segmentsOf(record: CauRecord): Segment[] {
  const out: Segment[] = [{ text: record.title, field: 'title' }];
  for (const t of record.alternateTitles ?? []) out.push({ text: t.text, field: 'title' });
  if (record.abstract) out.push({ text: record.abstract, field: 'abstract' });
  for (const a of record.alternateAbstracts ?? []) out.push({ text: a.text, field: 'abstract' });
  if (record.type === 'patent') {
    // Claims say what the invention is, not how far it got: never scanned.
    for (const d of descriptionSections(record.description ?? ''))
      out.push({ text: d, field: 'description' });
  } else {
    for (const s of record.subjects) out.push({ text: s, field: 'subject' });
  }
  return out.filter((s) => s.text.trim() !== '');
}

/**
 * The description without its "technical field" and "background art" sections: those describe
 * the domain and other people's work ("các chế phẩm thương mại hiện có…"), not this invention.
 */
const HEADING_VI =
  /(?:^|(?<=[.:]\s))(lĩnh vực kỹ thuật(?: được đề cập)?|tình trạng kỹ thuật(?: của (?:sáng chế|giải pháp(?: hữu ích)?))?|bản chất kỹ thuật(?: của (?:sáng chế|giải pháp(?: hữu ích)?))?|mô tả vắn tắt các hình vẽ|mô tả chi tiết(?: (?:sáng chế|giải pháp(?: hữu ích)?))?|ví dụ thực hiện(?: (?:sáng chế|giải pháp(?: hữu ích)?))?|hiệu quả(?: đạt được)?)[.:]/giu;
const HEADING_EN =
  /(?<![A-Z])(TECHNICAL FIELD|FIELD OF THE INVENTION|BACKGROUND(?: ART| OF THE INVENTION)?|DESCRIPTION OF (?:THE )?RELATED ART|RELATED ART|PRIOR ART|SUMMARY(?: OF THE INVENTION)?|BRIEF SUMMARY(?: OF THE INVENTION)?|DISCLOSURE(?: OF (?:THE )?INVENTION)?|TECHNICAL PROBLEM|SOLUTION TO PROBLEM|ADVANTAGEOUS EFFECTS?|BRIEF DESCRIPTION OF (?:THE )?DRAWINGS|DETAILED DESCRIPTION[A-Z ]*|DESCRIPTION OF (?:THE )?(?:PREFERRED )?EMBODIMENTS?|BEST MODE[A-Z ]*|EXAMPLES?|REFERENCE TO RELATED APPLICATIONS?)(?![A-Za-z])/gu;
const SKIPPED_SECTION =
  /^(lĩnh vực|tình trạng|technical field|field of|background|description of (the )?related|related art|prior art)/iu;

export function descriptionSections(description: string): string[] {
  if (!description) return [];
  const heads: { at: number; name: string }[] = [];
  for (const m of description.normalize('NFC').matchAll(HEADING_VI))
    heads.push({ at: m.index, name: m[1]! });
  for (const m of description.normalize('NFC').matchAll(HEADING_EN))
    heads.push({ at: m.index, name: m[1]! });
  heads.sort((a, b) => a.at - b.at);
  const text = description.normalize('NFC');
  const out: string[] = [];
  let from = 0;
  let skip = false;
  for (const h of heads) {
    if (!skip && h.at > from) out.push(text.slice(from, h.at));
    from = h.at;
    skip = SKIPPED_SECTION.test(h.name);
  }
  if (!skip) out.push(text.slice(from));
  return out.filter((s) => s.trim() !== '');
}

interface RawHit {
  stage: StageDef | 'trl';
  span: Span;
}

function scanStages(t: ScanText, field: Segment['field'], isPatent: boolean): StageHit[] {
  const raw: RawHit[] = [];
  for (const s of findAny(t, EXPLICIT_TRL)) raw.push({ stage: 'trl', span: s });
  for (const def of STAGES) {
    for (const s of findAny(t, def.phrases)) {
      if (def.nameCheck && field !== 'title' && looksLikeName(t, s.start)) continue;
      raw.push({ stage: def, span: s });
    }
  }
  const skips = findAny(t, NOT_A_STAGE);
  // Longest match wins: "pilot production" is not also "pilot", "lắp đặt thử" not "lắp đặt".
  const kept = raw.filter(
    (r) =>
      !skips.some((s) => s.start <= r.span.start && r.span.end <= s.end) &&
      !raw.some(
        (o) =>
          o !== r &&
          o.span.start <= r.span.start &&
          r.span.end <= o.span.end &&
          o.span.end - o.span.start > r.span.end - r.span.start,
      ),
  );
  kept.sort((a, b) => a.span.start - b.span.start);

  const markers = MARKERS_BEFORE.flatMap((def) =>
    findAny(t, def.phrases).map((span) => ({ def, span })),
  );
  const afterMarkers = MARKERS_AFTER.flatMap((def) =>
    findAny(t, def.phrases).map((span) => ({ def, span })),
  );
  const out: StageHit[] = [];
  const ranges = clauses(t);
  for (const [cs, ce] of ranges) {
    let previous: { polarity: Polarity; from: number; end: number } | undefined;
    for (const r of kept) {
      const { start, end } = r.span;
      if (start < cs || start >= ce) continue;
      const before = markers.filter((m) => m.span.end <= start && m.span.start >= cs);
      let decided = decideBefore(t, before, start);
      // A negation or plan runs on over the stage words it governs, until something is said to
      // have happened: "chưa tiến hành thử nghiệm thực địa hay sản xuất ở quy mô nhà máy".
      if (
        !decided &&
        previous &&
        wordCount(t.low.slice(previous.end, start)) <= 8 &&
        !before.some((m) => m.def.polarity === 'achieved' && m.span.start >= previous!.end)
      ) {
        decided = { polarity: previous.polarity, from: previous.from, explicit: false };
      }
      let polarity: Polarity = decided?.polarity ?? 'achieved';
      let evStart = start;
      if (decided && decided.polarity !== 'achieved') evStart = decided.from;
      // "đang được thương mại hóa", "has been licensed": the evidence shows the tense too.
      if (
        decided?.polarity === 'achieved' &&
        decided.explicit &&
        wordCount(t.low.slice(decided.from, start)) <= 3
      ) {
        evStart = decided.from;
      }
      let evEnd = end;
      if (!decided) {
        const after = decideAfter(t, afterMarkers, end, ce);
        if (after) {
          polarity = after.polarity;
          evEnd = after.to;
        }
      }
      previous =
        decided && decided.polarity !== 'achieved'
          ? { polarity: decided.polarity, from: decided.from, end }
          : undefined;

      const stage = r.stage;
      let lo: number;
      let hi: number;
      let id: string;
      let topical = false;
      if (stage === 'trl') {
        const g1 = Number(r.span.groups[0]);
        const g2 = r.span.groups[1] !== undefined ? Number(r.span.groups[1]) : g1;
        lo = Math.min(g1, g2);
        hi = lo;
        id = 'trl';
      } else {
        id = stage.id;
        lo = isPatent && stage.patentLo !== undefined ? stage.patentLo : stage.lo;
        hi = stage.hi;
        topical = stage.topical === true;
        const clause = { start: cs, end: ce, hitStart: start, hitEnd: end };
        if (stage.context === 'lab' && has(t, clause, LAB_CUE)) {
          // A test model of 500 litres, a trial in 24 tanks: validation in the laboratory.
          id = 'lab-validation';
          lo = hi = 4;
        }
        if (
          stage.context === 'plant' &&
          has(t, clause, PILOT_CUE) &&
          !has(t, clause, REAL_PLANT_CUE)
        ) {
          // Trial production in a pilot workshop or on an experimental farm is a pilot (6).
          id = 'pilot-production';
          lo = 6;
          hi = 7;
        }
        if (stage.minMonths !== undefined) {
          const months = monthsOf(r.span.groups);
          if (months === undefined || months < stage.minMonths || has(t, clause, LAB_CUE)) {
            continue;
          }
        }
        if (stage.monthsRaise && !has(t, clause, LAB_CUE) && (durationIn(t, cs, ce) ?? 0) >= 3) {
          // Months of operation at a real site: a prototype in its operational environment.
          lo = hi;
        }
        if (stage.needsAchieved || stage.counted) {
          const count = countNear(t, start, end, cs, ce);
          const sites = count !== undefined && !count.before && count.site;
          const need = stage.needsAchieved;
          if (need === 'site' && !sites) continue;
          if (need && need !== 'site') {
            // Not achieved ("để lắp đặt cho các hộ dân") still needs the sites, or it is design
            // text ("có thể lắp chìm").
            const said = polarity === 'achieved' && decided?.explicit === true;
            const ok = sites || (need === 'said' ? said : count?.before === true);
            if (!ok) continue;
          }
          if (count && stage.counted) {
            // A handful of sites (7), ten or more (8), tens of sites: deployed at scale (9).
            if (count.n >= 20) lo = hi = 9;
            else if (count.n >= 10) lo = Math.max(lo, 8);
          }
          if (count && polarity === 'achieved') {
            evStart = Math.min(evStart, count.from);
            evEnd = Math.max(evEnd, count.to);
          }
        }
      }
      out.push({
        stage: id,
        lo,
        hi: Math.max(lo, hi),
        polarity,
        evidence: t.text.slice(evStart, evEnd),
        order: 0,
        topical,
      });
    }
  }
  return out;
}

interface Decision {
  polarity: Polarity;
  from: number;
  /** A marker was actually seen (not inherited from an earlier stage word). */
  explicit: boolean;
}

function decideBefore(
  t: ScanText,
  candidates: { def: MarkerDef; span: Span }[],
  stageStart: number,
): Decision | undefined {
  const sorted = [...candidates].sort(
    (a, b) => b.span.end - a.span.end || b.span.end - b.span.start - (a.span.end - a.span.start),
  );
  for (const m of sorted) {
    const gap = wordCount(t.low.slice(m.span.end, stageStart));
    if (gap <= m.def.window)
      return { polarity: m.def.polarity, from: m.span.start, explicit: true };
    if (m.def.polarity === 'achieved') return undefined;
  }
  return undefined;
}

function decideAfter(
  t: ScanText,
  candidates: { def: MarkerDef; span: Span }[],
  stageEnd: number,
  clauseEnd: number,
): { polarity: Polarity; to: number } | undefined {
  const comma = t.low.slice(stageEnd, clauseEnd).search(/[,(]/);
  const limit = comma < 0 ? clauseEnd : stageEnd + comma;
  let best: { polarity: Polarity; to: number; at: number } | undefined;
  for (const m of candidates) {
    if (m.span.start < stageEnd || m.span.end > limit) continue;
    const gap = t.low.slice(stageEnd, m.span.start);
    if (wordCount(gap) > m.def.window) continue;
    // "… tại trại thực nghiệm và chưa triển khai ở nông hộ": a new predicate, not this stage.
    if (/(?:^|[^\p{L}])(?:và|and|or|hoặc)\s*$/u.test(gap)) continue;
    if (!best || m.span.start < best.at)
      best = { polarity: m.def.polarity, to: m.span.end, at: m.span.start };
  }
  return best;
}

/** The number of sites near an "installed" verb: after it ("tại 35 cơ sở") or just before. */
function countNear(
  t: ScanText,
  start: number,
  end: number,
  cs: number,
  ce: number,
): { n: number; from: number; to: number; before: boolean; site: boolean } | undefined {
  // "bán cho các cơ sở": the stage phrase already ends with the preposition.
  const bare = /(?:^|\s)(?:tại|ở|trên|cho|at|in|on|to)$/u.test(t.low.slice(start, end));
  for (const m of findAny(t, bare ? COUNT_BARE_LIST : COUNT_AFTER_LIST)) {
    if (m.start < end || m.start > end + 2 || m.end > ce) continue;
    const n = parseCount(t, m.groups[0], m.end);
    if (n === undefined) continue;
    const site = SITE_AFTER_NUMBER.exec(t.fold.slice(m.end));
    return { n, from: m.start, to: m.end + (site?.[0].length ?? 0), before: false, site: !!site };
  }
  const head = t.low.slice(cs, start);
  const words = [...head.matchAll(/[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.,]*/gu)];
  for (let i = words.length - 1; i >= Math.max(0, words.length - 6); i--) {
    const w = words[i]!;
    const token = w[0].replace(/[.,]$/, '');
    const at = cs + w.index;
    const n = parseCount(t, token, at + token.length);
    if (n === undefined || /^(?:ba|nam|sau|bay|tam|cac)$/.test(foldDiacritics(token))) continue;
    // "frame 800 shown in its fully deployed position" is a reference numeral, not a count.
    const prev = words[i - 1]?.[0].replace(/[.,]$/, '');
    if (prev !== undefined && /^\p{L}+$/u.test(prev) && !BEFORE_COUNT.test(prev)) return undefined;
    return { n, from: at, to: start, before: true, site: false };
  }
  return undefined;
}

const COUNT_AFTER_LIST = [COUNT_AFTER];
const COUNT_BARE_LIST = [COUNT_BARE];
const DURATION_LIST = [DURATION];

/** Whether the clause, outside the stage word itself, contains one of the cue phrases. */
function has(
  t: ScanText,
  c: { start: number; end: number; hitStart: number; hitEnd: number },
  cues: readonly Phrase[],
): boolean {
  return findAny(t, cues).some(
    (m) => m.start >= c.start && m.end <= c.end && (m.end <= c.hitStart || m.start >= c.hitEnd),
  );
}

/** Months in a "N tháng / N năm / N months / N years" capture (groups: number, unit). */
function monthsOf(groups: (string | undefined)[]): number | undefined {
  const [num, unit] = groups;
  if (!num || !unit) return undefined;
  const n = /^\d+$/.test(num) ? Number(num) : NUMBER_WORDS[foldDiacritics(num)];
  if (n === undefined) return undefined;
  return /^(?:năm|nam|years?)$/.test(unit) ? n * 12 : n;
}

/** The longest stated duration in a clause, in months ("trong 4 tháng", "for 8 months"). */
function durationIn(t: ScanText, cs: number, ce: number): number | undefined {
  let best: number | undefined;
  for (const m of findAny(t, DURATION_LIST)) {
    if (m.start < cs || m.end > ce) continue;
    const months = monthsOf(m.groups);
    if (months !== undefined && (best === undefined || months > best)) best = months;
  }
  return best;
}

function parseCount(t: ScanText, token: string | undefined, endAt: number): number | undefined {
  if (!token) return undefined;
  if (UNIT_AFTER_NUMBER.test(t.low.slice(endAt))) return undefined;
  if (/^\d/.test(token)) {
    if (!/^\d{1,3}(?:[.,]\d{3})+$|^\d+$/.test(token)) return undefined;
    const n = Number(token.replace(/[.,]/g, ''));
    if (/^\d{4}$/.test(token) && n >= 1900 && n <= 2100) return undefined; // a year
    return n > 0 ? n : undefined;
  }
  return NUMBER_WORDS[foldDiacritics(token).replace(/\s+/g, ' ')];
}

function scanPartner(t: ScanText): ReadinessSignal | undefined {
  const ranges = clauses(t);
  const markers = MARKERS_BEFORE.flatMap((def) =>
    findAny(t, def.phrases).map((span) => ({ def, span })),
  );
  const achievedHere = (s: Span): boolean => {
    const range = ranges.find(([a, b]) => s.start >= a && s.start < b) ?? [0, t.text.length];
    const d = decideBefore(
      t,
      markers.filter((m) => m.span.end <= s.start && m.span.start >= range[0]),
      s.start,
    );
    return !d || d.polarity === 'achieved';
  };
  for (const s of findAny(t, PARTNER)) {
    if (achievedHere(s)) return partnerSignal(t.text.slice(s.start, s.end));
  }
  for (const s of findAny(t, COLLABORATION)) {
    const next = t.low.slice(s.end, s.end + 80);
    const words = next.match(/^(?:\s*\S+){0,6}/u)?.[0] ?? '';
    const m = COMPANY_WORD.exec(words);
    if (m && achievedHere(s)) {
      return partnerSignal(t.text.slice(s.start, s.end + m.index + m[0].length));
    }
  }
  return undefined;
}

function partnerSignal(evidence: string): ReadinessSignal {
  return { name: 'partner:industry', weight: WEIGHTS.partner, evidence };
}

// ---------------------------------------------------------------------------------------------
// Metadata

interface Base {
  name: string;
  evidence: string;
  range: readonly [number, number];
  /**
   * The kind or type signal, when its fallback range is its own (utility solutions, research
   * types): without stage evidence it has set the level, so it does not also nudge it.
   */
  own?: ReadinessSignal;
}

function patentSignals(record: PatentRecord, weak: ReadinessSignal[]): Base {
  const kind = (record.kind ?? '').toUpperCase();
  let base: Base = { name: 'fallback:patent', evidence: kind || record.id, range: FALLBACK.patent };
  if (/^[UY]/.test(kind)) {
    const own = { name: 'kind:utility-solution', weight: WEIGHTS.utility, evidence: kind };
    weak.push(own);
    base = { name: 'fallback:utility-solution', evidence: kind, range: FALLBACK.utility, own };
  } else if (/^[BC]/.test(kind)) {
    weak.push({ name: 'kind:granted', weight: WEIGHTS.granted, evidence: kind });
    base = { name: 'fallback:granted-patent', evidence: kind, range: FALLBACK.patent };
  } else if (/^A/.test(kind)) {
    weak.push({ name: 'kind:application', weight: WEIGHTS.application, evidence: kind });
    base = { name: 'fallback:patent-application', evidence: kind, range: FALLBACK.patent };
  }

  const companies: string[] = [];
  const academic: string[] = [];
  const individuals: string[] = [];
  for (const a of record.applicants) {
    const type = applicantType(a.name);
    if (type === 'company') companies.push(a.name);
    else if (type === 'academic') academic.push(a.name);
    else if (type === 'individual') individuals.push(a.name);
  }
  if (companies.length) {
    weak.push({
      name: 'applicant:company',
      weight: WEIGHTS.company,
      evidence: companies.join('; '),
    });
  }
  if (academic.length) {
    weak.push({
      name: 'applicant:university-or-institute',
      weight: companies.length ? 0 : WEIGHTS.academicOnly,
      evidence: academic.join('; '),
    });
  }
  if (individuals.length) {
    weak.push({
      name: 'applicant:individual',
      weight: WEIGHTS.individual,
      evidence: individuals.join('; '),
    });
  }

  const office = (record.country ?? '').toUpperCase();
  const abroad = record.priority.filter((p) => p.country && p.country.toUpperCase() !== office);
  if (abroad.length) {
    weak.push({
      name: 'priority-abroad',
      weight: WEIGHTS.priorityAbroad,
      evidence: abroad.map((p) => `${p.country} ${p.number}`.trim()).join('; '),
    });
  }
  return base;
}

export function applicantType(name: string): 'company' | 'academic' | 'individual' | 'other' {
  const t = prepare(name);
  if (findAny(t, COMPANY_NAME).length || COMPANY_NAME_CASED.test(t.text)) return 'company';
  if (findAny(t, ACADEMIC_NAME).length) return 'academic';
  const words = t.text.split(/\s+/).filter(Boolean);
  if (words.length >= 2 && words.length <= 6 && !/[\d&/]/.test(t.text)) return 'individual';
  return 'other';
}

function researchSignals(record: ResearchRecord, weak: ReadinessSignal[]): Base {
  const raw = record.resourceType ?? '';
  const type = researchType(raw);
  const own = { name: `type:${type}`, weight: WEIGHTS.research[type], evidence: raw || '(none)' };
  weak.push(own);
  return {
    name: `fallback:${type}`,
    evidence: raw || '(none)',
    range: FALLBACK.research[type],
    own,
  };
}

export function researchType(resourceType: string): ResearchType {
  const s = foldDiacritics(resourceType).toLowerCase();
  if (/doctor|phd|ph\.d|dissertation|luan an/.test(s)) return 'doctoral-thesis';
  if (/thesis|master|luan van|khoa luan/.test(s)) return 'thesis';
  if (/report|bao cao/.test(s)) return 'technical-report';
  if (/data ?set|du lieu/.test(s)) return 'dataset';
  if (/working ?paper|preprint|discussion paper|ban thao/.test(s)) return 'working-paper';
  if (/article|journal|paper|conference|proceedings|bai bao/.test(s)) return 'article';
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Helpers

function dedupe(hits: StageHit[]): StageHit[] {
  const best = new Map<string, StageHit>();
  for (const h of hits) {
    const key = `${h.polarity}:${h.stage}`;
    const b = best.get(key);
    if (!b || h.lo > b.lo) best.set(key, h);
  }
  return [...best.values()].sort((a, b) => a.order - b.order);
}

function yearsBetween(from: string | undefined, to: string | undefined): number | undefined {
  const a = parseDate(from);
  const b = parseDate(to);
  if (a === undefined || b === undefined) return undefined;
  return (b - a) / (365.25 * 86400000);
}

function parseDate(s: string | undefined): number | undefined {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(s ?? '');
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2] ?? '1') - 1, Number(m[3] ?? '1'));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
