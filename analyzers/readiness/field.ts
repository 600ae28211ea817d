import { baseTokens } from '../analyze';
import { canonicalTones, foldDiacritics, nfc } from '../normalize';
import type { Token } from '../tokenize';
import type { TokenText } from './automaton';
import { TONELESS_VI } from './cues';

/**
 * A text field as the analysis pass gives it (analyzers/analyze.ts `baseTokens`): NFC with
 * modern tone placement, and its tokens (lower-cased terms with offsets into that text).
 */
export interface AnalysedText {
  text: string;
  tokens: readonly Token[];
  /** Each token's term folded (foldDiacritics), when the caller has it already. */
  folded?: readonly string[];
}

/** One field, ready for the automaton, with what evidence is cut from. */
export interface ScanField extends TokenText {
  /**
   * The record's own text in NFC, the same length as `text` (tone placement is length-preserving
   * in NFC), so evidence is an exact span of what the record says ("thương mại hoá" stays as
   * written). When the two lengths differ, `text` itself.
   */
  source: string;
}

const TONELESS = new Set(TONELESS_VI);
const VI_MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;

/**
 * Vietnamese typed without diacritics: no Vietnamese-marked letter, and at least a quarter of
 * its words are frequent Vietnamese syllables. Only then do folded matches count.
 */
function looksToneless(text: string, tokens: readonly Token[]): boolean {
  if (VI_MARKED.test(text)) return false;
  let words = 0;
  let vi = 0;
  for (const t of tokens) {
    if (/^\d+$/.test(t.term)) continue;
    words++;
    if (TONELESS.has(t.term)) vi++;
  }
  return words > 0 && vi / words >= 0.25;
}

/**
 * Prepares one field. `analysed` is the shared analysis of exactly this text, when the caller
 * has it; otherwise it is computed here. Throws when `analysed` is the analysis of another text.
 */
export function scanField(raw: string, analysed?: AnalysedText, name = 'text'): ScanField {
  const a: AnalysedText = analysed ?? baseTokens(raw);
  let source: string;
  if (a.text === raw) source = raw;
  else {
    source = nfc(raw);
    if (source.length !== a.text.length) {
      // canonicalTones keeps the length in NFC for all Vietnamese; if some text ever breaks
      // that, the analysed text is the evidence. Anything else is a caller's mistake.
      if (analysed && canonicalTones(source) !== a.text) {
        throw new Error(
          `readiness: the analysed ${name} is not the analysis of the record's ${name}`,
        );
      }
      source = a.text;
    }
  }
  const folded = a.folded ?? a.tokens.map((t) => foldDiacritics(t.term));
  return {
    text: a.text,
    tokens: a.tokens,
    folded,
    toneless: looksToneless(a.text, a.tokens),
    source,
  };
}

/** Evidence: the record's text from the first token's start to the last token's end. */
export function span(f: ScanField, start: number, end: number): string {
  return f.source.slice(start, end);
}

/** The characters between token i − 1 and token i. */
export function gapBefore(f: TokenText, i: number): string {
  if (i <= 0) return f.text.slice(0, f.tokens[0]?.start ?? 0);
  if (i >= f.tokens.length) return f.text.slice(f.tokens[f.tokens.length - 1]!.end);
  return f.text.slice(f.tokens[i - 1]!.end, f.tokens[i]!.start);
}
