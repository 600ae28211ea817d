import type { CauRecord } from '../../model';
import { scanField, type AnalysedText } from './field';
import { patentSignals, researchSignals } from './metadata';
import { readField, sectionsOf, type FieldName, type StageHit } from './scan';
import type { Readiness, ReadinessContext, ReadinessSignal } from './types';
import { WEIGHTS as DEFAULT_WEIGHTS, type ReadinessWeights } from './weights';

/**
 * The record's text fields already analysed (analyzers/analyze.ts `baseTokens`), for callers
 * that analyse each record once for every consumer. Each entry must be the analysis of exactly
 * that field of the record (same order for the lists); a missing entry is computed here.
 */
export interface ReadinessTexts {
  title?: AnalysedText;
  alternateTitles?: readonly (AnalysedText | undefined)[];
  abstract?: AnalysedText;
  alternateAbstracts?: readonly (AnalysedText | undefined)[];
  /** Patents: the description (its technical-field and background sections are skipped here). */
  description?: AnalysedText;
  /** Research records: the subjects. */
  subjects?: readonly (AnalysedText | undefined)[];
}

interface Segment {
  text: string;
  field: FieldName;
  analysed?: AnalysedText;
  name: string;
}

/**
 * Commercial readiness of one record, TRL-aligned, with every contribution explained.
 * Pure: the same record, context and texts always give the same answer; no clock, no I/O.
 */
export function assessReadiness(
  record: CauRecord,
  context: ReadinessContext = {},
  texts: ReadinessTexts = {},
): Readiness {
  return assessWith(DEFAULT_WEIGHTS, record, context, texts);
}

/**
 * The same assessment with other weights: what bench/fit-readiness.ts searches over. Ingest and
 * the API use `assessReadiness`, with the weights of ./weights.ts.
 */
export function assessReadinessWith(
  weights: Readonly<ReadinessWeights>,
): (record: CauRecord, context?: ReadinessContext, texts?: ReadinessTexts) => Readiness {
  return (record, context = {}, texts = {}) => assessWith(weights, record, context, texts);
}

function assessWith(
  weights: Readonly<ReadinessWeights>,
  record: CauRecord,
  context: ReadinessContext,
  texts: ReadinessTexts,
): Readiness {
  return combine(weights, record, context, readinessEvidence(record, texts));
}

/**
 * What the record's text says about its stage: the costly part of an assessment (one automaton
 * pass per field), plain data that can cross a thread (ingest reads text in worker threads) and
 * that no later run can change. `assessFromEvidence` turns it, with the record's metadata and the
 * context (citations received, the date), into the assessment `assessReadiness` gives.
 */
export interface ReadinessEvidence {
  /** Stage statements, in the order they appear in the record. */
  hits: StageHit[];
  /** Explicit levels ("TRL 6"). */
  explicit: StageHit[];
  /** The first industrial partner said to take part. */
  partner?: string;
}

export function readinessEvidence(
  record: CauRecord,
  texts: ReadinessTexts = {},
): ReadinessEvidence {
  const hits: StageHit[] = [];
  const explicit: StageHit[] = [];
  let partner: string | undefined;
  let order = 0;
  for (const seg of segmentsOf(record, texts)) {
    const f = scanField(seg.text, seg.analysed, seg.name);
    const reading = readField(f, seg.field, {
      isPatent: record.type === 'patent',
      published: record.published,
    });
    for (const h of reading.hits) {
      h.order = order++;
      if (seg.field === 'subject' && h.topical) continue;
      (h.stage === 'trl' ? explicit : hits).push(h);
    }
    if (partner === undefined && reading.partner) partner = reading.partner;
  }
  return partner === undefined ? { hits, explicit } : { hits, explicit, partner };
}

/** The assessment of a record from its text's evidence (see ReadinessEvidence). Cheap. */
export function assessFromEvidence(
  evidence: ReadinessEvidence,
  record: CauRecord,
  context: ReadinessContext = {},
): Readiness {
  return combine(DEFAULT_WEIGHTS, record, context, evidence);
}

function combine(
  weights: Readonly<ReadinessWeights>,
  record: CauRecord,
  context: ReadinessContext,
  { hits, explicit, partner: partnerEvidence }: ReadinessEvidence,
): Readiness {
  const partner: ReadinessSignal | undefined =
    partnerEvidence === undefined
      ? undefined
      : { name: 'partner:industry', weight: weights.partner, evidence: partnerEvidence };

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
    const w = corroboration < weights.corroborationMax ? weights.corroboration : 0;
    corroboration = round(corroboration + w);
    weak.push({ name: `stage:${h.stage}`, weight: w, evidence: h.evidence });
  }
  let negatedSum = 0;
  const reached = Math.max(0, ...achieved.map((h) => h.lo));
  for (const h of notAchieved) {
    let w: number = weights[h.polarity as 'negated' | 'future' | 'potential' | 'other'];
    // A stage said not reached below one that was reached is about another part or scale
    // ("chưa được thử nghiệm ở quy mô hợp tác xã" after installations at households): no penalty,
    // as it caps nothing either.
    if (h.polarity === 'negated' && h.lo <= reached) w = 0;
    if (h.polarity === 'negated') {
      w = negatedSum > weights.negatedMax ? w : 0;
      negatedSum = round(negatedSum + w);
    }
    weak.push({ name: `${h.polarity}:${h.stage}`, weight: w, evidence: h.evidence });
  }
  if (partner) weak.push(partner);

  // Metadata.
  const base =
    record.type === 'patent'
      ? patentSignals(record, weak, weights)
      : researchSignals(record, weak, weights);
  if (context.citationsReceived !== undefined && context.citationsReceived >= 0) {
    const c = Math.floor(context.citationsReceived);
    const w = Math.min(weights.citationsMax, weights.citationsPerDoubling * Math.log2(1 + c));
    weak.push({ name: 'citations-received', weight: round(w), evidence: String(c) });
  }
  const age = yearsBetween(record.published, context.now);
  if (age !== undefined && age >= 0) {
    const w = weights.agePerYear * Math.min(age, weights.ageMaxYears);
    weak.push({ name: 'age', weight: round(w), evidence: record.published! });
  }

  if (!top && base.own) base.own.weight = 0;
  const sum = round(weak.reduce((s, x) => s + x.weight, 0));
  const nudge = sum >= weights.nudgeAt ? 1 : sum <= -weights.nudgeAt ? -1 : 0;

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
    for (const h of notAchieved) {
      if (h.polarity === 'other' || h.lo <= reached || level < h.lo) continue;
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

/** The citation count a stored assessment was made with (its `citations-received` signal). */
export function assessedCitations(readiness: Readiness | undefined): number | undefined {
  const s = readiness?.signals.find((x) => x.name === 'citations-received');
  return s === undefined ? undefined : Number(s.evidence);
}

// ---------------------------------------------------------------------------------------------
// Text

function segmentsOf(record: CauRecord, texts: ReadinessTexts): Segment[] {
  const out: Segment[] = [
    { text: record.title, field: 'title', analysed: texts.title, name: 'title' },
  ];
  (record.alternateTitles ?? []).forEach((t, i) =>
    out.push({
      text: t.text,
      field: 'title',
      analysed: texts.alternateTitles?.[i],
      name: `alternateTitles[${i}]`,
    }),
  );
  if (record.abstract) {
    out.push({
      text: record.abstract,
      field: 'abstract',
      analysed: texts.abstract,
      name: 'abstract',
    });
  }
  (record.alternateAbstracts ?? []).forEach((a, i) =>
    out.push({
      text: a.text,
      field: 'abstract',
      analysed: texts.alternateAbstracts?.[i],
      name: `alternateAbstracts[${i}]`,
    }),
  );
  if (record.type === 'patent') {
    // Claims say what the invention is, not how far it got: never scanned.
    if (record.description) {
      out.push({
        text: record.description,
        field: 'description',
        analysed: texts.description,
        name: 'description',
      });
    }
  } else {
    record.subjects.forEach((s, i) =>
      out.push({
        text: s,
        field: 'subject',
        analysed: texts.subjects?.[i],
        name: `subjects[${i}]`,
      }),
    );
  }
  return out.filter((s) => s.text.trim() !== '');
}

/**
 * The description without its "technical field" and "background art" sections: those describe
 * the domain and other people's work ("các chế phẩm thương mại hiện có…"), not this invention.
 */
export function descriptionSections(description: string): string[] {
  if (!description) return [];
  const f = scanField(description);
  if (f.tokens.length === 0) return [];
  const sections = sectionsOf(f);
  return sections
    .map((s, i) =>
      s.skip
        ? ''
        : f.source.slice(i === 0 ? 0 : s.start, sections[i + 1]?.start ?? f.source.length),
    )
    .filter((s) => s.trim() !== '');
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
