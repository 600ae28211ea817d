/**
 * Technology fields of records: WIPO's 35 fields in 5 sectors (Schmoch 2008), from IPC codes by
 * the WIPO concordance (patents), or predicted from text by a naive Bayes classifier trained on
 * the bundled patents and the glossary (research records). See SOURCES.md.
 */
export type {
  TechnologyFieldInfo,
  TechnologyFieldAssignment,
  ClassifierText,
  LabelledExample,
} from './types';
export {
  fieldsFromIpc,
  loadConcordance,
  parseConcordance,
  parseCsv,
  parseIpc,
  technologyField,
  Concordance,
  TECHNOLOGY_FIELDS,
  type ConcordanceRow,
  type IpcKey,
} from './concordance';
export {
  trainClassifier,
  loadDefaultClassifier,
  serializeModel,
  textFeatures,
  TechnologyClassifier,
  DEFAULT_OPTIONS,
  type ClassifierModel,
  type ClassifierOptions,
  type LogScores,
  type RankedField,
} from './classifier';
export {
  evaluateClassifier,
  seededRandom,
  calibrate,
  type Calibration,
  type Evaluation,
  type EvaluationOptions,
} from './evaluate';
export {
  glossaryExamples,
  patentExamples,
  researchExamples,
  SubjectFieldIndex,
  type GlossaryTerm,
  type RecordLike,
} from './training-data';
export { assignTechnologyFields, type FieldSource } from './assign';
export { FIELD_NAMES_VI, SECTOR_NAMES_VI } from './vietnamese-names';
