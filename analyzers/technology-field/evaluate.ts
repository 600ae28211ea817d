/**
 * Held-out evaluation and calibration of the technology-field classifier: labelled examples
 * (patents) are split by group into folds with a seeded, stratified shuffle; each fold is
 * classified by a model trained on the other folds plus the background examples (glossary,
 * research records), reading only title and abstract, as a research record would give them.
 */
import {
  type ClassifierOptions,
  type LogScores,
  softmaxRank,
  trainClassifier,
  type TechnologyClassifier,
} from './classifier';
import type { LabelledExample } from './types';

export interface EvaluationOptions {
  /** k-fold cross-validation over all examples (default 5), unless split is given. */
  folds?: number;
  /** Instead of folds: hold out this share of the groups (0..1) once. */
  split?: number;
  /** Seed of the shuffle (default 1). */
  seed?: number;
  /** Examples always trained on, never tested (e.g. the glossary). */
  background?: readonly LabelledExample[];
  /**
   * The background a fold may train on, given the examples it holds out (default: all of
   * `background`). A background written by reading the labelled examples (a glossary built from
   * these patents) leaks their labels into their own test: leave such parts out here.
   */
  backgroundFor?: (heldOut: readonly LabelledExample[]) => readonly LabelledExample[];
  /** Options of the classifiers trained. */
  classifier?: Partial<ClassifierOptions>;
  /**
   * What of a held-out example is classified: title and abstract (default, as a research record
   * gives them), or the title alone.
   */
  view?: TextView;
}

export type TextView = 'title+abstract' | 'title';

export interface Evaluation {
  /** Share of held-out examples whose best field is one of their fields. */
  accuracyTop1: number;
  /** Share of held-out examples with one of their fields among the 3 best. */
  accuracyTop3: number;
  /** Held-out examples tested (each language version of a patent counts once). */
  n: number;
  /** Held-out groups (patents) tested. */
  groups: number;
  /** Share of held-out examples whose best field is their main (first) field. */
  mainTop1: number;
  /** Share of held-out examples for which classify() returns at least one field. */
  coverage: number;
  /** Mean −log of the confidence given to the example's fields (calibration quality). */
  logLoss: number;
}

/** mulberry32: a small seeded PRNG, the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Assigns every group to one of k folds: groups are ordered by main field, shuffled within a
 * field with the seed, and dealt round-robin, so each fold gets a similar mix of fields.
 */
export function assignFolds(
  examples: readonly LabelledExample[],
  k: number,
  seed: number,
): Map<string, number> {
  const mainField = new Map<string, number>();
  examples.forEach((ex, i) => {
    const g = ex.group ?? `#${i}`;
    if (!mainField.has(g)) mainField.set(g, ex.fields[0] ?? 0);
  });
  const byField = new Map<number, string[]>();
  for (const [g, f] of mainField) byField.set(f, [...(byField.get(f) ?? []), g]);
  const random = seededRandom(seed);
  const order = [...byField.keys()]
    .sort((a, b) => a - b)
    .flatMap((f) => shuffle([...byField.get(f)!].sort(), random));
  const offset = Math.floor(random() * k);
  return new Map(order.map((g, i) => [g, (i + offset) % k]));
}

/** Held-out predictions: each test example with the log scores of a model that never saw it. */
export interface HeldOutPrediction {
  example: LabelledExample;
  view: TextView;
  /** Uncalibrated log scores, undefined when no term was known. */
  scores?: LogScores;
  classifier: TechnologyClassifier;
}

/** Only what a research record would give: title and abstract (or the title), no subjects. */
function researchText(ex: LabelledExample, view: TextView): LabelledExample['text'] {
  const { title, abstract, lang } = ex.text;
  return view === 'title' ? { title, lang } : { title, abstract, lang };
}

/**
 * The held-out predictions of a cross-validation (or split): every held-out example classified
 * in each of the views by a model trained on the other folds and the background.
 */
export function heldOutPredictions(
  examples: readonly LabelledExample[],
  options: EvaluationOptions = {},
  views: readonly TextView[] = [options.view ?? 'title+abstract'],
): HeldOutPrediction[] {
  const seed = options.seed ?? 1;
  const background = options.background ?? [];
  const split = options.split;
  const k = split !== undefined ? Math.max(2, Math.round(1 / split)) : (options.folds ?? 5);
  if (!(k >= 2)) throw new Error('evaluateClassifier: need at least 2 folds');
  const fold = assignFolds(examples, k, seed);
  const groupOf = (ex: LabelledExample, i: number): string => ex.group ?? `#${i}`;
  const rounds = split !== undefined ? [0] : [...Array(k).keys()];
  const out: HeldOutPrediction[] = [];
  for (const r of rounds) {
    const train = examples.filter((ex, i) => fold.get(groupOf(ex, i)) !== r);
    const test = examples.filter((ex, i) => fold.get(groupOf(ex, i)) === r);
    if (test.length === 0) continue;
    const foldBackground = options.backgroundFor?.(test) ?? background;
    const classifier = trainClassifier([...train, ...foldBackground], options.classifier);
    for (const example of test) {
      for (const view of views) {
        // A title-only view of an example without a title tells nothing.
        if (view === 'title' && !example.text.title) continue;
        const scores = classifier.logScores(researchText(example, view));
        out.push({ example, view, scores, classifier });
      }
    }
  }
  return out;
}

/** Scores held-out predictions, calibrated as their classifiers are or as `calibration` says. */
export function scorePredictions(
  predictions: readonly HeldOutPrediction[],
  calibration?: Calibration,
): Evaluation {
  let top1 = 0;
  let top3 = 0;
  let main = 0;
  let covered = 0;
  let loss = 0;
  const groups = new Set<string>();
  predictions.forEach((p, i) => {
    groups.add(p.example.group ?? `#${i}`);
    const gold = new Set(p.example.fields);
    const ranked = p.scores ? softmaxRank(p.scores, calibration ?? p.classifier.options) : [];
    if (ranked[0] && gold.has(ranked[0].number)) top1++;
    if (ranked.slice(0, 3).some((r) => gold.has(r.number))) top3++;
    if (ranked[0]?.number === p.example.fields[0]) main++;
    if (ranked[0] && ranked[0].confidence >= p.classifier.options.threshold) covered++;
    const mass = ranked.filter((r) => gold.has(r.number)).reduce((a, r) => a + r.confidence, 0);
    loss += -Math.log(Math.max(mass, 1e-6));
  });
  const n = predictions.length;
  const share = (x: number): number => (n === 0 ? 0 : x / n);
  return {
    accuracyTop1: share(top1),
    accuracyTop3: share(top3),
    n,
    groups: groups.size,
    mainTop1: share(main),
    coverage: share(covered),
    logLoss: share(loss),
  };
}

/**
 * Trains on all but a held-out part of `examples` (plus `background`) and tests on the held-out
 * part with title and abstract only; deterministic for a seed. With `folds` (default 5) every
 * example is held out once; with `split` one share of the groups is.
 */
export function evaluateClassifier(
  examples: readonly LabelledExample[],
  options: EvaluationOptions = {},
): Evaluation {
  return scorePredictions(heldOutPredictions(examples, options));
}

/** The options calibration fits. */
export type Calibration = Pick<ClassifierOptions, 'temperature' | 'lengthPower'>;

/** Temperatures tried by calibrate: a geometric grid from 0.1 to 100. */
export const TEMPERATURE_GRID: readonly number[] = Array.from(
  { length: 31 },
  (_, i) => Math.round(10 ** (i / 10 - 1) * 1000) / 1000,
);

/** Length powers tried by calibrate. */
export const LENGTH_POWER_GRID: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/**
 * The calibration of the grids with the lowest held-out log loss, over held-out examples read
 * both with their abstract and by title alone (short and long texts): naive Bayes is
 * over-confident, the more so the more (correlated) terms a text has; the fitted temperature
 * spreads its scores so that a confidence of 0.6 is right about 60% of the time.
 */
export function calibrate(
  examples: readonly LabelledExample[],
  options: EvaluationOptions = {},
): Calibration {
  const predictions = heldOutPredictions(examples, options, ['title+abstract', 'title']);
  let best: Calibration = { temperature: 1, lengthPower: 0 };
  let bestLoss = Infinity;
  for (const lengthPower of LENGTH_POWER_GRID) {
    for (const temperature of TEMPERATURE_GRID) {
      const loss = scorePredictions(predictions, { temperature, lengthPower }).logLoss;
      if (loss < bestLoss - 1e-12) {
        best = { temperature, lengthPower };
        bestLoss = loss;
      }
    }
  }
  return best;
}
