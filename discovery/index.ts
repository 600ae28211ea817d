export {
  priorArt,
  MAX_PRIOR_ART_TEXT,
  type PriorArtRequest,
  type PriorArtResponse,
  type PriorArtHit,
} from './prior-art';
export { similarRecords, type SimilarResponse, type SimilarHit } from './similar';
export {
  licensees,
  MIN_RELEVANCE,
  TERM_OVERLAP,
  type LicenseesResponse,
  type LicenseeCandidate,
} from './licensees';
export { relatedRecords, MAX_RELATED, type RelatedRecord, type LinkKind } from './related';
export { normaliseOrganisation, type Organisation, type OrganisationKind } from './organisations';
export { personKey } from './people';
export { sameFamily } from './family';
export type { WeightedTerm } from './text-query';
export type { Passage } from './passages';
