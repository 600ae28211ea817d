export { nfc, normalizeForIndex, foldDiacritics } from './normalize';
export { tokenize, terms, type Token } from './tokenize';
export { analyzeText, analyzeQueryTerm, type AnalyzedText } from './analyze';
