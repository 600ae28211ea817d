export {
  assessReadiness,
  assessReadinessWith,
  assessFromEvidence,
  readinessEvidence,
  type ReadinessEvidence,
  assessedCitations,
  descriptionSections,
  type ReadinessTexts,
} from './assess';
export { applicantType, researchType } from './metadata';
export {
  WEIGHTS as READINESS_WEIGHTS,
  NUDGE_AT as READINESS_NUDGE_AT,
  FALLBACK as READINESS_FALLBACK,
  type ReadinessWeights,
} from './weights';
export {
  readinessAgreement,
  type ReadinessAgreement,
  type ReadinessLabel,
  type ReadinessDisagreement,
} from './agreement';
export type { AnalysedText } from './field';
export type { Readiness, ReadinessSignal, ReadinessContext } from './types';
