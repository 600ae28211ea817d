/**
 * Commercial readiness, aligned with Technology Readiness Levels (docs/readiness.md).
 * The same shape as `Readiness` in search-index/record.ts.
 */
export interface ReadinessSignal {
  /** What was seen, e.g. "trl", "stage:field-trial", "negated:field-trial", "applicant:company". */
  name: string;
  /**
   * In TRL levels. The signal that sets the level carries that level; every other signal carries
   * a fraction of a level (positive, negative or zero) that is summed into the ±1 nudge and the
   * position of the score within the level.
   */
  weight: number;
  /** The exact text span (NFC, as the record gives it) or the metadata value that triggered it. */
  evidence: string;
}

export interface Readiness {
  /** 1..9 */
  level: number;
  /** 0..1, monotone with level: (level − 1)/9 ≤ score < level/9. */
  score: number;
  signals: ReadinessSignal[];
}

export interface ReadinessContext {
  /** How many documents in the corpus cite this one. */
  citationsReceived?: number;
  /** "YYYY-MM-DD": the date ages are measured against. Without it there is no age signal. */
  now?: string;
}
