export { assessReadiness, applicantType, researchType, descriptionSections } from './assess';
export {
  WEIGHTS as READINESS_WEIGHTS,
  NUDGE_AT as READINESS_NUDGE_AT,
  FALLBACK as READINESS_FALLBACK,
} from './assess';
export {
  readinessAgreement,
  type ReadinessAgreement,
  type ReadinessLabel,
  type ReadinessDisagreement,
} from './agreement';
export type { Readiness, ReadinessSignal, ReadinessContext } from './types';
