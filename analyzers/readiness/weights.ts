/**
 * Weights, in TRL levels (docs/readiness.md, "How the weights were chosen"). The signal that
 * sets the level carries the level; these fractions of a level are summed into a nudge of at
 * most ±1 (|sum| ≥ NUDGE_AT) and into the position of the score within the level.
 */
export type ResearchType =
  | 'article'
  | 'thesis'
  | 'doctoral-thesis'
  | 'technical-report'
  | 'dataset'
  | 'working-paper'
  | 'other';

/** Every weight of a weaker signal, in TRL levels; `nudgeAt` is the sum that moves a level. */
export interface ReadinessWeights {
  corroboration: number;
  corroborationMax: number;
  negated: number;
  negatedMax: number;
  future: number;
  potential: number;
  other: number;
  partner: number;
  granted: number;
  application: number;
  utility: number;
  company: number;
  academicOnly: number;
  individual: number;
  priorityAbroad: number;
  citationsPerDoubling: number;
  citationsMax: number;
  agePerYear: number;
  ageMaxYears: number;
  research: Record<ResearchType, number>;
  nudgeAt: number;
}

export const WEIGHTS: Readonly<ReadinessWeights> = {
  corroboration: 0.1,
  corroborationMax: 0.3,
  negated: -0.2,
  negatedMax: -0.4,
  future: 0,
  potential: 0,
  other: 0,
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
  nudgeAt: 0.5,
};
export const NUDGE_AT = WEIGHTS.nudgeAt;

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
