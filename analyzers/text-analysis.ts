import { detectLanguage } from './language';
import { canonicalTonesOfNfc, foldDiacritics, foldUnitwise, nfc } from './normalize';
import { tokenize, unitwiseLower, type Token } from './tokenize';

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
  private foldedWhole?: string;
  private lowerIsUnitwise?: boolean;
  private unitwiseFold?: string | null;
  private readonly langs = new Map<string | undefined, string>();

  constructor(readonly raw: string) {}

  /** NFC with modern tone placement: `text` of analyzers/analyze.ts `baseTokens`. */
  get text(): string {
    this.canonical ??= canonicalTonesOfNfc(nfc(this.raw));
    return this.canonical;
  }

  /** The tokens of `text` (lower-cased terms with their offsets): `tokens` of `baseTokens`. */
  get tokens(): Token[] {
    // Terms cut from the text lower-cased once, where that gives the same terms.
    this.tokenList ??= tokenize(this.text, this.unitwiseLower());
    return this.tokenList;
  }

  /** Every token's term folded (diacritics removed, đ→d). */
  get folded(): readonly string[] {
    if (!this.foldedTerms) {
      // Cut from the whole text folded once, where slices of it are the tokens' folds.
      const whole = this.unitwiseLower() !== undefined ? this.foldedUnitwise() : undefined;
      this.foldedTerms =
        whole !== undefined
          ? this.tokens.map((t) => whole.slice(t.start, t.end))
          : this.tokens.map((t) => foldDiacritics(t.term));
    }
    return this.foldedTerms;
  }

  /** `text` lower-cased: the exact form of the whole text. */
  get lower(): string {
    this.lowerText ??= this.text.toLowerCase();
    return this.lowerText;
  }

  /** `lower` folded (diacritics removed, đ→d): the folded form of the whole text. */
  get foldedLower(): string {
    this.foldedWhole ??= this.foldedUnitwise() ?? foldDiacritics(this.lower);
    return this.foldedWhole;
  }

  private unitwiseLower(): string | undefined {
    if (this.lowerIsUnitwise === undefined) {
      this.lowerIsUnitwise = unitwiseLower(this.text, this.lower) !== undefined;
    }
    return this.lowerIsUnitwise ? this.lower : undefined;
  }

  private foldedUnitwise(): string | undefined {
    if (this.unitwiseFold === undefined) this.unitwiseFold = foldUnitwise(this.lower) ?? null;
    return this.unitwiseFold ?? undefined;
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
