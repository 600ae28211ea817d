export { nfc, canonicalTones, foldDiacritics } from './normalize';
export { tokenize, acceptedTokens, terms, type Token } from './tokenize';
export { detectLanguage, identifyLanguage, vietnameseShare } from './language';
export { TextAnalysis, TextAnalyses } from './text-analysis';
export { englishTerm, porterStem, isEnglishStopWord, ENGLISH_STOP_WORDS } from './english';
export {
  analyzeField,
  baseTokens,
  dropPossessives,
  vietnameseBigrams,
  BIGRAM_JOINER,
  type FieldTerms,
} from './analyze';
export {
  loadGlossary,
  parseGlossary,
  Glossary,
  type GlossaryEntry,
  type Translation as GlossaryTranslation,
} from './glossary/glossary';
export * from './technology-field';
export { CAU_ANALYZERS, cauTerms, elasticsearchAnalysis, type CauAnalyzer } from './elasticsearch';
export * from './readiness';
export {
  keyTermCandidates,
  selectKeyTerms,
  containsTerm,
  textTermKeys,
  KEY_TERM_TEXT_LIMIT,
  NOT_A_TERM,
  notATerm,
  type KeyTerm,
  type KeyTermCandidate,
} from './key-terms';
export { VIETNAMESE_STOP_WORDS } from './stop-words';
export {
  canonicalPatentNumber,
  canonicalPatentId,
  parsePatentNumber,
  canonicalIdentifier,
  findNumberSpans,
  numberKey,
  patentForms,
  typedPatentForms,
  PATENT_OFFICES,
  type PatentNumber,
  type NumberSpan,
} from './numbers';
