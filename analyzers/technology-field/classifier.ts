/**
 * A small, deterministic multinomial naive Bayes classifier that predicts WIPO technology fields
 * (1–35) from a record's text, for records without IPC codes (research records).
 *
 * Features are the analysed terms of title, abstract and subjects (analyzeField: exact words,
 * folded words, English stems, Vietnamese bigrams), each counted once per example (binarised
 * multinomial NB). An example with several fields counts 1/k towards each of its k fields.
 * Scores are turned into confidences by a softmax with a temperature fitted on held-out data
 * (see calibrate in evaluate.ts), so a confidence is a calibrated share of the posterior.
 *
 * The trained model is plain data (toJSON / fromJSON, serializeModel writes it in the layout
 * Prettier keeps), so the shipped model.json is rebuilt byte for byte from the same inputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeField, BIGRAM_JOINER } from '../analyze';
import { isEnglishStopWord, porterStem } from '../english';
import type { TextAnalyses } from '../text-analysis';
import { technologyField } from './concordance';
import type { ClassifierText, LabelledExample, TechnologyFieldAssignment } from './types';

export const MODEL_FORMAT = 'cau-technology-field-nb';
export const MODEL_VERSION = 1;

export interface ClassifierOptions {
  /** Additive (Lidstone) smoothing of term counts. */
  alpha: number;
  /** Terms found in fewer training examples than this are pruned. */
  minCount: number;
  /** Class priors: from the training examples, or equal for every trained field. */
  priors: 'uniform' | 'empirical';
  /**
   * Softmax temperature turning log scores into confidences (calibration), for a text of one
   * known term; a text of n known terms gets temperature · n^lengthPower, since the evidence of
   * many correlated terms is worth less than their product.
   */
  temperature: number;
  /** See temperature. */
  lengthPower: number;
  /** Confidence below which a field is not returned by classify. */
  threshold: number;
  /** At most this many fields are returned by classify. */
  maxFields: number;
}

export const DEFAULT_OPTIONS: ClassifierOptions = {
  alpha: 0.3,
  minCount: 2,
  priors: 'uniform',
  temperature: 1,
  lengthPower: 0,
  threshold: 0.2,
  maxFields: 3,
};

/** A trained model as plain data (what toJSON gives and model.json holds). */
export interface ClassifierModel {
  format: typeof MODEL_FORMAT;
  version: number;
  options: ClassifierOptions;
  /** Field number → weighted number of training examples. */
  classes: Record<string, number>;
  /** Term → "field:count field:count …" (weighted example counts, fields ascending). */
  terms: Record<string, string>;
}

/** Digits of rounded numbers in the model. */
const DECIMALS = 3;

export function round(x: number, decimals = DECIMALS): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Marks keeping the streams of one word apart in the feature space. */
const FOLDED = '~';
const STEM = '>';

const isNumber = (term: string): boolean => /^\d+$/.test(term);

/**
 * The feature slots of one field: per word its exact form, then its folded form and its English
 * stem as back-offs; per Vietnamese bigram the bigram. (Folded bigrams were tried as back-offs:
 * a third more terms for no measurable gain.)
 */
function fieldSlots(
  out: string[][],
  text: string | undefined,
  lang: string | undefined,
  analyses: TextAnalyses | undefined,
): void {
  if (!text) return;
  const t = analyzeField(text, lang, analyses?.of(text));
  const stems =
    t.lang === 'en' ? t.exact.map((w) => (isEnglishStopWord(w) ? '' : porterStem(w))) : [];
  t.exact.forEach((word, i) => {
    if (isNumber(word) || (t.lang === 'en' && isEnglishStopWord(word))) return;
    // The folded form is a back-off even when the word is written without marks: "phan" finds
    // what "phân" was counted as.
    const slot = [word, FOLDED + t.folded[i]!];
    const stem = stems[i];
    if (stem && !isNumber(stem)) slot.push(STEM + stem);
    out.push(slot);
  });
  for (const bigram of t.bigrams) {
    // "20_tấn", "10_cm": quantities, not topics.
    if (!bigram.split(BIGRAM_JOINER).some(isNumber)) out.push([bigram]);
  }
}

/**
 * The analysed terms of a text as feature slots: each slot is one word (or bigram) with its
 * forms, preferred first. Training counts every form; classification uses the first form of a
 * slot the model knows, so a word's forms are not counted as several pieces of evidence, and a
 * text typed without diacritics or with another inflection still finds the known form.
 * `analyses`: the record's shared text analysis (ingest), reused instead of redone.
 */
export function textSlots(text: ClassifierText, analyses?: TextAnalyses): string[][] {
  const out: string[][] = [];
  fieldSlots(out, text.title, text.lang, analyses);
  fieldSlots(out, text.abstract, text.lang, analyses);
  for (const s of text.subjects ?? []) fieldSlots(out, s, text.lang, analyses);
  return out;
}

/**
 * Every distinct form of every slot of a text: what training counts. A folded form equal to its
 * word is not counted (the word is).
 */
export function textFeatures(text: ClassifierText): string[] {
  const out = new Set<string>();
  for (const slot of textSlots(text)) {
    for (const form of slot) if (form !== FOLDED + slot[0]) out.add(form);
  }
  return [...out];
}

/** A trained field and its confidence. */
export interface RankedField {
  number: number;
  /** Calibrated share of the posterior, 0..1. */
  confidence: number;
}

export class TechnologyClassifier {
  readonly options: ClassifierOptions;
  private readonly model: ClassifierModel;
  /** Trained field numbers, ascending. */
  private readonly fields: number[];
  private readonly logPrior: number[];
  /** log of the smoothed probability of a term the field never saw. */
  private readonly logUnseen: number[];
  /** Term → per-field log probability (index as `fields`). */
  private readonly logProb = new Map<string, Float64Array>();

  constructor(model: ClassifierModel) {
    if (model.format !== MODEL_FORMAT || model.version !== MODEL_VERSION) {
      throw new Error(`not a ${MODEL_FORMAT} v${MODEL_VERSION} model`);
    }
    this.model = model;
    this.options = { ...DEFAULT_OPTIONS, ...model.options };
    const { alpha, priors } = this.options;
    this.fields = Object.keys(model.classes)
      .map(Number)
      .sort((a, b) => a - b);
    const index = new Map(this.fields.map((f, i) => [f, i]));
    const k = this.fields.length;
    const parsed = new Map<string, [number, number][]>();
    const totals = new Float64Array(k);
    for (const [term, list] of Object.entries(model.terms)) {
      const pairs = list.split(' ').map((p): [number, number] => {
        const [f, c] = p.split(':');
        const i = index.get(Number(f));
        if (i === undefined) throw new Error(`model: term "${term}" names unknown field ${f}`);
        return [i, Number(c)];
      });
      for (const [i, c] of pairs) totals[i]! += c;
      parsed.set(term, pairs);
    }
    const vocabulary = parsed.size;
    const denominators = [...totals].map((n) => Math.log(n + alpha * vocabulary));
    this.logUnseen = denominators.map((d) => Math.log(alpha) - d);
    for (const [term, pairs] of parsed) {
      const lp = Float64Array.from(this.logUnseen);
      for (const [i, c] of pairs) lp[i] = Math.log(c + alpha) - denominators[i]!;
      this.logProb.set(term, lp);
    }
    const docs = this.fields.map((f) => model.classes[String(f)]!);
    const allDocs = docs.reduce((a, b) => a + b, 0);
    this.logPrior = docs.map((d) => (priors === 'uniform' ? -Math.log(k) : Math.log(d / allDocs)));
  }

  /**
   * The uncalibrated log score (log prior + log likelihood) of every trained field, in field
   * order, or undefined when no term of the text is known.
   */
  logScores(text: ClassifierText, analyses?: TextAnalyses): LogScores | undefined {
    const scores = Float64Array.from(this.logPrior);
    const used = new Set<string>();
    for (const slot of textSlots(text, analyses)) {
      const term = slot.find((form) => this.logProb.has(form));
      if (term !== undefined) used.add(term);
    }
    for (const term of used) {
      const lp = this.logProb.get(term)!;
      for (let i = 0; i < scores.length; i++) scores[i]! += lp[i]!;
    }
    return used.size === 0 ? undefined : { fields: this.fields, scores, known: used.size };
  }

  /** Every trained field with its confidence, best first (ties by field number). */
  rank(text: ClassifierText, analyses?: TextAnalyses): RankedField[] {
    const s = this.logScores(text, analyses);
    return s ? softmaxRank(s, this.options) : [];
  }

  /**
   * The most likely fields of a text: at most maxFields, each with a confidence of at least
   * threshold (rounded to 3 decimals), best first; empty when no term of the text is known.
   */
  classify(text: ClassifierText, analyses?: TextAnalyses): TechnologyFieldAssignment[] {
    const { threshold, maxFields } = this.options;
    return this.rank(text, analyses)
      .filter((r) => r.confidence >= threshold)
      .slice(0, maxFields)
      .map((r) => ({
        ...technologyField(r.number),
        confidence: round(r.confidence),
        source: 'classifier' as const,
      }));
  }

  /** The model as plain data; fromJSON(toJSON()) classifies identically. */
  toJSON(): ClassifierModel {
    return this.model;
  }

  /** A copy of this classifier with other calibration or output options (same counts). */
  withOptions(options: Partial<ClassifierOptions>): TechnologyClassifier {
    return new TechnologyClassifier({
      ...this.model,
      options: { ...this.options, ...options },
    });
  }

  static fromJSON(model: ClassifierModel | string): TechnologyClassifier {
    return new TechnologyClassifier(
      typeof model === 'string' ? (JSON.parse(model) as ClassifierModel) : model,
    );
  }

  /** Number of terms in the vocabulary. */
  get vocabularySize(): number {
    return this.logProb.size;
  }
}

/** Uncalibrated log scores of a text (see TechnologyClassifier.logScores). */
export interface LogScores {
  /** Trained fields, ascending. */
  fields: readonly number[];
  /** Log prior + log likelihood, per field. */
  scores: Float64Array;
  /** Number of known terms the scores use. */
  known: number;
}

/**
 * Fields ranked by softmax(score / (temperature · known^lengthPower)), best first (ties by field
 * number).
 */
export function softmaxRank(
  { fields, scores, known }: LogScores,
  { temperature, lengthPower }: Pick<ClassifierOptions, 'temperature' | 'lengthPower'>,
): RankedField[] {
  const t = temperature * Math.max(1, known) ** lengthPower;
  let max = -Infinity;
  for (let i = 0; i < fields.length; i++) max = Math.max(max, scores[i]!);
  const exp = fields.map((_, i) => Math.exp((scores[i]! - max) / t));
  const sum = exp.reduce((a, b) => a + b, 0);
  return fields
    .map((number, i) => ({ number, confidence: exp[i]! / sum }))
    .sort((a, b) => b.confidence - a.confidence || a.number - b.number);
}

/** Trains a classifier on labelled examples (deterministic: same examples → same model). */
export function trainClassifier(
  examples: readonly LabelledExample[],
  options: Partial<ClassifierOptions> = {},
): TechnologyClassifier {
  const opts: ClassifierOptions = { ...DEFAULT_OPTIONS, ...options };
  const classes = new Map<number, number>();
  const counts = new Map<string, Map<number, number>>();
  const seen = new Map<string, number>();
  const kept = new Set<string>();
  for (const ex of examples) {
    const fields = [...new Set(ex.fields)];
    if (fields.length === 0) continue;
    for (const f of fields) technologyField(f);
    const w = 1 / fields.length;
    for (const f of fields) classes.set(f, (classes.get(f) ?? 0) + w);
    for (const term of textFeatures(ex.text)) {
      seen.set(term, (seen.get(term) ?? 0) + 1);
      if (ex.keepTerms) kept.add(term);
      let byField = counts.get(term);
      if (!byField) counts.set(term, (byField = new Map()));
      for (const f of fields) byField.set(f, (byField.get(f) ?? 0) + w);
    }
  }
  // Object.fromEntries defines own properties, so no term can reach a prototype.
  const terms = Object.fromEntries(
    [...counts.keys()]
      .sort(compareStrings)
      .filter((term) => kept.has(term) || seen.get(term)! >= opts.minCount)
      .map((term) => {
        const byField = counts.get(term)!;
        const list = [...byField.keys()]
          .sort((a, b) => a - b)
          .map((f) => `${f}:${round(byField.get(f)!)}`);
        return [term, list.join(' ')];
      }),
  );
  const classRecord = Object.fromEntries(
    [...classes.keys()].sort((a, b) => a - b).map((f) => [String(f), round(classes.get(f)!)]),
  );
  return new TechnologyClassifier({
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    options: opts,
    classes: classRecord,
    terms,
  });
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The model as text, in the layout Prettier keeps for JSON (objects one key per line), so that
 * model.json passes `prettier --check` and the same model always gives the same bytes.
 */
export function serializeModel(model: ClassifierModel): string {
  const entries = (o: Record<string, unknown>, indent: string): string =>
    Object.entries(o)
      .map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  return [
    '{',
    `  "format": ${JSON.stringify(model.format)},`,
    `  "version": ${model.version},`,
    '  "options": {',
    entries({ ...model.options }, '    '),
    '  },',
    '  "classes": {',
    entries(model.classes, '    '),
    '  },',
    '  "terms": {',
    entries(model.terms, '    '),
    '  }',
    '}',
    '',
  ].join('\n');
}

export const MODEL_FILE = join(__dirname, 'model.json');

let cached: TechnologyClassifier | undefined;

/** The shipped classifier of model.json beside this module (see train.ts), read once. */
export function loadDefaultClassifier(): TechnologyClassifier {
  cached ??= TechnologyClassifier.fromJSON(readFileSync(MODEL_FILE, 'utf8'));
  return cached;
}
