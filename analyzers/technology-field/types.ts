/** One WIPO technology field (Schmoch 2008): 35 fields in 5 sectors. */
export interface TechnologyFieldInfo {
  /** 1–35. */
  number: number;
  /** English field name as WIPO writes it, e.g. "Electrical machinery, apparatus, energy". */
  field: string;
  /** One of the 5 sectors, e.g. "Electrical engineering". */
  sector: string;
}

/**
 * A technology field given to a record: from its IPC codes through the WIPO concordance
 * (confidence 1), or predicted from its text by the classifier (confidence 0..1).
 */
export interface TechnologyFieldAssignment extends TechnologyFieldInfo {
  confidence: number;
  source: 'ipc' | 'classifier';
}

/** The text of a record the classifier reads. */
export interface ClassifierText {
  title: string;
  abstract?: string;
  subjects?: string[];
  /** Language hint (ISO 639-1) of title and abstract, as the record gives it. */
  lang?: string;
}

/** A training example: text and the WIPO field numbers it belongs to (first = main). */
export interface LabelledExample {
  text: ClassifierText;
  fields: number[];
  /**
   * Examples sharing a group (e.g. the Vietnamese and English versions of one patent) are held
   * out together by evaluateClassifier.
   */
  group?: string;
  /**
   * Keep this example's terms in the model however rarely they are seen (glossary terms: each
   * is seen once by design, and is worth more than a word seen once in an abstract).
   */
  keepTerms?: boolean;
}
