import { detectLanguage } from './language';
import { canonicalTones, foldDiacritics, nfc } from './normalize';
import { tokenize, type Token } from './tokenize';

/**
 * One text analysed once for every consumer at ingest: the index's columns, readiness and the
 * technology-field classifier each used to normalise, tokenise, fold and guess the language of
 * the same title, abstract and description again. Each form is computed on first use and kept,
 * so a consumer that needs only the text pays for nothing else. Pure: the forms depend on the
 * text alone (and the language on the hint given).
 */
export class TextAnalysis {
  private canonical?: string;
  private tokenList?: Token[];
  private foldedTerms?: string[];
  private lowerText?: string;
  private readonly langs = new Map<string | undefined, string>();

  constructor(readonly raw: string) {}

  /** NFC with modern tone placement: `text` of analyzers/analyze.ts `baseTokens`. */
  get text(): string {
    this.canonical ??= canonicalTones(nfc(this.raw));
    return this.canonical;
  }

  /** The tokens of `text` (lower-cased terms with their offsets): `tokens` of `baseTokens`. */
  get tokens(): Token[] {
    this.tokenList ??= tokenize(this.text);
    return this.tokenList;
  }

  /** Every token's term folded (diacritics removed, đ→d). */
  get folded(): readonly string[] {
    this.foldedTerms ??= this.tokens.map((t) => foldDiacritics(t.term));
    return this.foldedTerms;
  }

  /** `text` lower-cased: the exact form of the whole text. */
  get lower(): string {
    this.lowerText ??= this.text.toLowerCase();
    return this.lowerText;
  }

  /** The language the text is analysed in, given its metadata's claim (detectLanguage). */
  language(hint?: string): string {
    let lang = this.langs.get(hint);
    if (lang === undefined) this.langs.set(hint, (lang = detectLanguage(this.raw, hint)));
    return lang;
  }
}

/**
 * The analyses of one record's texts, by text: whoever asks for the same text gets the same
 * analysis. Made for one record and dropped with it (it holds every form it computed).
 */
export class TextAnalyses {
  private readonly byText = new Map<string, TextAnalysis>();

  of(raw: string): TextAnalysis {
    let a = this.byText.get(raw);
    if (!a) this.byText.set(raw, (a = new TextAnalysis(raw)));
    return a;
  }
}
