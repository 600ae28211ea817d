/**
 * Elasticsearch analysis settings generated from Cầu's own analyzers, so an Elasticsearch index
 * produces the same terms as the embedded index: one custom analyzer per term stream (see
 * analyzeField in ./analyze.ts). Everything that defines a stream is read from the TypeScript
 * analyzers (the token character class, the old tone placements canonicalTones moves, the
 * characters foldDiacritics changes, the bigram joiner and white space, the possessive
 * apostrophes, the English stop words), never written here a second time.
 *
 * infra/elasticsearch/analysis.json is this function's output (regenerate it with
 * `npx tsx infra/elasticsearch/generate.ts`); ./elasticsearch.test.ts runs it through Lucene and
 * compares every analyzer with cauTerms() below.
 */
import {
  BIGRAM_JOINER,
  BIGRAM_SPACES,
  POSSESSIVE_APOSTROPHES,
  baseTokens,
  dropPossessives,
  vietnameseBigrams,
} from './analyze';
import { ENGLISH_STOP_WORDS, englishTerm, isEnglishStopWord, porterStem } from './english';
import {
  LOOKALIKE_LETTERS,
  SPACING_MODIFIERS,
  TONE_MARKS,
  TONE_WORD_CLASS,
  canonicalTones,
  foldDiacritics,
} from './normalize';
import { TOKEN_CHAR_CLASS, isTokenChar } from './tokenize';

export const CAU_ANALYZERS = [
  'cau_exact',
  'cau_folded',
  'cau_vi_bigram',
  'cau_vi_folded_bigram',
  'cau_en_exact',
  'cau_en_folded',
  'cau_en_stem',
  'cau_en',
] as const;
export type CauAnalyzer = (typeof CAU_ANALYZERS)[number];

/**
 * The terms each Elasticsearch analyzer must produce, computed by the TypeScript analyzers: the
 * streams of analyzeField, without its language choice (the mapping picks analyzers per field).
 * cau_en_folded is the folded stream of an English field (folded after possessives are dropped).
 * cau_en is the lean index's English text (search-index/sqlite/columns.ts, the cluster's `.en`
 * fields): folded, then Porter-stemmed except stop words, which stay in place.
 */
export function cauTerms(text: string): Record<CauAnalyzer, string[]> {
  const base = baseTokens(text);
  const exact = base.tokens.map((t) => t.term);
  const bigrams = vietnameseBigrams(base.text, base.tokens);
  const english = dropPossessives(base.text, base.tokens).map((t) => t.term);
  return {
    cau_exact: exact,
    cau_folded: exact.map(foldDiacritics),
    cau_vi_bigram: bigrams,
    cau_vi_folded_bigram: bigrams.map(foldDiacritics),
    cau_en_exact: english,
    cau_en_folded: english.map(foldDiacritics),
    cau_en_stem: english.filter((t) => !isEnglishStopWord(t)).map(porterStem),
    cau_en: english.map((t) => englishTerm(foldDiacritics(t))),
  };
}

type Component = Record<string, string | number | boolean | string[]>;
export interface ElasticsearchAnalysis {
  analysis: {
    char_filter: Record<string, Component>;
    tokenizer: Record<string, Component>;
    filter: Record<string, Component>;
    analyzer: Record<
      CauAnalyzer,
      { type: 'custom'; char_filter: string[]; tokenizer: string; filter: string[] }
    >;
  };
}

/**
 * A character no text can bring into a token (a noncharacter, not a letter, mark or digit): the
 * bigram analyzers put it where punctuation was, and the English stem analyzer hangs it on the
 * tokens Porter must not touch.
 */
const SENTINEL = '\ufdd0';

/** Java regex escape of one character. */
function javaChar(c: string): string {
  return `\\x{${c.codePointAt(0)!.toString(16)}}`;
}

/** The inside of a JS character class made only of \p{…} escapes, which Java reads the same. */
function classBody(source: string, what: string): string {
  const m = /^\[((?:\\p\{\w+\})+)\](\+?)$/.exec(source);
  if (!m) throw new Error(`${what} is not a plain \\p{…} class: ${source}`);
  return m[1]!;
}

/**
 * The token characters are TOKEN_CHAR_CLASS less SPACING_MODIFIERS: in Java, `[A&&[^B]]` where a
 * character must be one, and `(?:[^A]|[B])` where it must not (a negated class with an
 * intersection reads differently across Java versions).
 */
const TOKEN = classBody(TOKEN_CHAR_CLASS, 'TOKEN_CHAR_CLASS');
const MODIFIERS = `${javaChar(String.fromCodePoint(SPACING_MODIFIERS[0]))}-${javaChar(String.fromCodePoint(SPACING_MODIFIERS[1]))}`;
const TOKEN_CHAR = `[${TOKEN}&&[^${MODIFIERS}]]`;
/** A run of characters that are neither token characters nor `extra` (Java class body). */
const notTokenRun = (extra = ''): string => `(?:[^${TOKEN}${extra}]|[${MODIFIERS}])+`;
const SPACE = [...BIGRAM_SPACES].map(javaChar).join('');

/** What a character is to the bigram analyzers: part of a token, a bigram-safe space, or a break. */
function role(c: string): 'token' | 'space' | 'break' {
  return isTokenChar(c) ? 'token' : BIGRAM_SPACES.includes(c) ? 'space' : 'break';
}

function mustHold(ok: boolean, what: string): void {
  if (!ok) throw new Error(`elasticsearchAnalysis: cannot express ${what}`);
}

/**
 * Tone placement, one pattern_replace filter per (vowel pair, tone) that canonicalTones moves,
 * found by asking canonicalTones itself; runs after lowercase. The rule the patterns encode (an
 * open syllable: no letter or mark after the pair; a preceding q refused where canonicalTones
 * refuses it) is checked against canonicalTones here, so a change there fails loudly.
 */
function toneFilters(): Array<[string, Component]> {
  const vowels = [...'aăâeêioôơuưy'];
  const consonants = [...'bcdđghklmnprstvx'];
  const wordChar = `${classBody(TONE_WORD_CLASS, 'TONE_WORD_CLASS')}&&[^${MODIFIERS}]`;
  const out: Array<[string, Component]> = [];
  for (const v1 of vowels) {
    for (const v2 of vowels) {
      for (const tone of TONE_MARKS) {
        const old = `${v1}${v2}${tone}`.normalize('NFC');
        const modern = `${v1}${tone}${v2}`.normalize('NFC');
        const moves = (before: string, after: string): boolean => {
          const got = canonicalTones(`${before}${old}${after}`);
          if (got === `${before}${modern}${after}`) return true;
          mustHold(got === `${before}${old}${after}`, `canonicalTones(${before}${old}${after})`);
          return false;
        };
        if (!moves('h', '')) continue;
        const afterQ = moves('q', '');
        mustHold(
          moves('', '') &&
            moves('h', '9') &&
            moves('1', '') &&
            !moves('h', 'n') &&
            !moves('h', '\u0302') &&
            consonants.every((c) => moves(c, '')) &&
            canonicalTones(`Q${old.toUpperCase()}`).toLowerCase() ===
              (afterQ ? `q${modern}` : `q${old}`) &&
            canonicalTones(`H${old.toUpperCase()}`).toLowerCase() === `h${modern}`,
          `the tone move ${old} → ${modern}`,
        );
        const name = /^[a-z]+$/.test(v1 + v2)
          ? v1 + v2
          : [...(v1 + v2)].map((c) => c.codePointAt(0)!.toString(16)).join('_');
        out.push([
          `cau_tone_${name}_${tone.codePointAt(0)!.toString(16).padStart(4, '0')}`,
          {
            type: 'pattern_replace',
            pattern: `${afterQ ? '' : '(?<!q)'}${old}(?![${wordChar}])`,
            replacement: modern,
          },
        ]);
      }
    }
  }
  return out;
}

/**
 * foldDiacritics, character by character, as a mapping char filter: every character that can
 * occur in NFC text, is not itself a mark, and that foldDiacritics changes ("ầ" → "a", "đ" →
 * "d", "ά" → "α"). Marks left standing alone are removed after tokenizing (cau_strip_marks), as
 * foldDiacritics removes them, so a token made only of marks still folds to "".
 */
function foldMappings(): string[] {
  const out: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    const c = String.fromCodePoint(cp);
    if (/[\p{M}\p{Cn}\p{Co}]/u.test(c) || c.normalize('NFC') !== c) continue;
    const f = foldDiacritics(c);
    if (f === c) continue;
    mustHold(
      f !== '' &&
        [...f].every((x) => role(x) === role(c)) &&
        f.toLowerCase() === foldDiacritics(c.toLowerCase()),
      `the fold ${c} → ${f} before tokenizing and lowercasing`,
    );
    out.push(`${c} => ${f}`);
  }
  return out;
}

/**
 * Lucene lower-cases one code point at a time; JavaScript's toLowerCase applies the full
 * mappings, which differ for "İ" (→ "i̇") and for a word-final capital sigma (→ "ς"). The
 * first is a mapping char filter (found by asking toLowerCase); the second a token filter run
 * before lowercase, with the Final_Sigma context of the Unicode standard within the token.
 */
function fullLowercaseMappings(): string[] {
  const out: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    const c = String.fromCodePoint(cp);
    const lower = c.toLowerCase();
    if ([...lower].length > 1 && c.normalize('NFC') === c) out.push(`${c} => ${lower}`);
  }
  return out;
}
const CASED = '[\\p{IsLowercase}\\p{IsUppercase}\\p{IsTitlecase}]';
const CASE_IGNORABLE_IN_TOKEN = '[\\p{Mn}\\p{Me}\\p{Lm}]';

/** Porter only stems tokens of English letters (porterStem in ./english.ts). */
const PORTER_STEMS = '[a-z]+';

export function elasticsearchAnalysis(): ElasticsearchAnalysis {
  const joiner: string = BIGRAM_JOINER;
  mustHold(
    joiner !== '' && [...joiner].every((c) => role(c) === 'break'),
    'a bigram joiner that can occur inside a token',
  );
  const tones = toneFilters();
  const toneNames = tones.map(([name]) => name);
  const apostrophes = [...POSSESSIVE_APOSTROPHES].map(javaChar).join('');
  const caseFold = ['cau_final_sigma', 'lowercase'];
  const analyzer = (char_filter: string[], tokenizer: string, filter: string[]) => ({
    type: 'custom' as const,
    char_filter,
    tokenizer,
    filter,
  });
  return {
    analysis: {
      char_filter: {
        cau_full_lowercase: { type: 'mapping', mappings: fullLowercaseMappings() },
        cau_lookalike: {
          type: 'mapping',
          mappings: Object.entries(LOOKALIKE_LETTERS).map(([from, to]) => `${from} => ${to}`),
        },
        cau_fold: { type: 'mapping', mappings: foldMappings() },
        cau_possessive: {
          type: 'pattern_replace',
          pattern: `(?<=${TOKEN_CHAR})[${apostrophes}][sS](?!${TOKEN_CHAR})`,
          replacement: '',
        },
        // Every run of characters that is neither token nor bigram-safe space becomes the
        // sentinel token, so no bigram spans punctuation.
        cau_bigram_breaks: {
          type: 'pattern_replace',
          pattern: notTokenRun(SPACE),
          replacement: ` ${SENTINEL} `,
        },
      },
      tokenizer: {
        cau_tokens: { type: 'pattern', pattern: notTokenRun() },
        cau_bigram_tokens: { type: 'pattern', pattern: notTokenRun(javaChar(SENTINEL)) },
      },
      filter: {
        cau_final_sigma: {
          type: 'pattern_replace',
          pattern: `(${CASED}${CASE_IGNORABLE_IN_TOKEN}*)\u03a3(?!${CASE_IGNORABLE_IN_TOKEN}*${CASED})`,
          replacement: '$1\u03c2',
        },
        ...Object.fromEntries(tones),
        cau_strip_marks: { type: 'pattern_replace', pattern: '\\p{M}+', replacement: '' },
        cau_bigram: {
          type: 'shingle',
          min_shingle_size: 2,
          max_shingle_size: 2,
          output_unigrams: false,
          token_separator: joiner,
        },
        cau_bigram_drop_breaks: {
          type: 'pattern_replace',
          pattern: `^.*${javaChar(SENTINEL)}.*$`,
          replacement: '',
        },
        cau_drop_empty: { type: 'length', min: 1 },
        cau_en_stop: { type: 'stop', stopwords: [...ENGLISH_STOP_WORDS], ignore_case: false },
        // Stop words kept in place but never stemmed (porter_stem skips keywords): englishTerm.
        cau_en_keep_stop: {
          type: 'keyword_marker',
          keywords: [...ENGLISH_STOP_WORDS],
          ignore_case: false,
        },
        cau_porter_guard: {
          type: 'pattern_replace',
          pattern: `^(?!${PORTER_STEMS}$)(.*)$`,
          replacement: `$1${SENTINEL}`,
        },
        cau_porter_unguard: {
          type: 'pattern_replace',
          pattern: javaChar(SENTINEL),
          replacement: '',
        },
      },
      analyzer: {
        cau_exact: analyzer(['cau_lookalike', 'cau_full_lowercase'], 'cau_tokens', [
          ...caseFold,
          ...toneNames,
        ]),
        cau_folded: analyzer(['cau_fold', 'cau_full_lowercase'], 'cau_tokens', [
          ...caseFold,
          'cau_strip_marks',
        ]),
        cau_vi_bigram: analyzer(
          ['cau_lookalike', 'cau_full_lowercase', 'cau_bigram_breaks'],
          'cau_bigram_tokens',
          [...caseFold, ...toneNames, 'cau_bigram', 'cau_bigram_drop_breaks', 'cau_drop_empty'],
        ),
        cau_vi_folded_bigram: analyzer(
          ['cau_fold', 'cau_full_lowercase', 'cau_bigram_breaks'],
          'cau_bigram_tokens',
          [
            ...caseFold,
            'cau_strip_marks',
            'cau_bigram',
            'cau_bigram_drop_breaks',
            'cau_drop_empty',
          ],
        ),
        cau_en_exact: analyzer(
          ['cau_possessive', 'cau_lookalike', 'cau_full_lowercase'],
          'cau_tokens',
          [...caseFold, ...toneNames],
        ),
        cau_en_folded: analyzer(
          ['cau_possessive', 'cau_fold', 'cau_full_lowercase'],
          'cau_tokens',
          [...caseFold, 'cau_strip_marks'],
        ),
        cau_en_stem: analyzer(
          ['cau_possessive', 'cau_lookalike', 'cau_full_lowercase'],
          'cau_tokens',
          [
            ...caseFold,
            ...toneNames,
            'cau_en_stop',
            'cau_porter_guard',
            'porter_stem',
            'cau_porter_unguard',
          ],
        ),
        cau_en: analyzer(['cau_possessive', 'cau_fold', 'cau_full_lowercase'], 'cau_tokens', [
          ...caseFold,
          'cau_strip_marks',
          'cau_en_keep_stop',
          'cau_porter_guard',
          'porter_stem',
          'cau_porter_unguard',
        ]),
      },
    },
  };
}
