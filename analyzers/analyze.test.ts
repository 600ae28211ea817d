import fc from 'fast-check';
import { analyzeField, baseTokens } from './analyze';
import { detectLanguage, vietnameseShare } from './language';
import { ENGLISH_STOP_WORDS } from './english';
import { canonicalTones, foldDiacritics } from './normalize';
import { tokenize } from './tokenize';

describe('analyzeField (golden terms)', () => {
  it('Vietnamese: syllables, bigrams that never cross punctuation, folded forms', () => {
    const a = analyzeField('Năng lượng mặt trời, pin Li-ion.', 'vi');
    expect(a.lang).toBe('vi');
    expect(a.exact).toEqual(['năng', 'lượng', 'mặt', 'trời', 'pin', 'li', 'ion']);
    expect(a.bigrams).toEqual(['năng_lượng', 'lượng_mặt', 'mặt_trời', 'pin_li']);
    expect(a.folded).toEqual(['nang', 'luong', 'mat', 'troi', 'pin', 'li', 'ion']);
    expect(a.foldedBigrams).toEqual(['nang_luong', 'luong_mat', 'mat_troi', 'pin_li']);
    expect(a.stems).toEqual([]);
  });

  it('Vietnamese: keeps stop words, so bigrams stay whole', () => {
    expect(analyzeField('phân bón của các hộ', 'vi').bigrams).toEqual([
      'phân_bón',
      'bón_của',
      'của_các',
      'các_hộ',
    ]);
  });

  it('maps old tone placement to the modern one everywhere', () => {
    expect(analyzeField('Hoà Bình, nuôi trồng thuỷ sản khoẻ', 'vi').exact).toEqual([
      'hòa',
      'bình',
      'nuôi',
      'trồng',
      'thủy',
      'sản',
      'khỏe',
    ]);
    expect(canonicalTones('quý hoàng toán thuyền')).toBe('quý hoàng toán thuyền');
  });

  it('English: possessives, stop words and Porter stems (in the stem stream only)', () => {
    const a = analyzeField("The battery's cathodes are coated with carbon", 'en');
    expect(a.exact).toEqual(['the', 'battery', 'cathodes', 'are', 'coated', 'with', 'carbon']);
    expect(a.stems).toEqual(['batteri', 'cathod', 'coat', 'carbon']);
    expect(a.bigrams).toEqual([]);
  });

  it('analyses English claims of a Vietnamese record as English', () => {
    const a = analyzeField('A cathode material comprising lithium iron phosphate particles', 'vi');
    expect(a.lang).toBe('en');
    expect(a.stems).toContain('particl');
  });

  it('keeps codes searchable', () => {
    expect(analyzeField('TRL-6, C05F 11/08, pin 18650, PM2.5', 'vi').exact).toEqual([
      'trl',
      '6',
      'c05f',
      '11',
      '08',
      'pin',
      '18650',
      'pm2',
      '5',
    ]);
  });

  it('folds đ and every tone and vowel mark', () => {
    expect(foldDiacritics('Đường ống ẩm ướt, bàn bán ban')).toBe('Duong ong am uot, ban ban ban');
  });
});

describe('detectLanguage', () => {
  it.each([
    ['Phân bón hữu cơ vi sinh từ vỏ trấu', undefined, 'vi'],
    ['phan bon huu co', 'vi', 'vi'],
    ['Rice husk biochar for saline soils in the Mekong Delta', undefined, 'en'],
    ['The method of claim 1, wherein the cathode is coated', 'vi', 'en'],
    ['Bilderzeugungsverfahren und -apparat', 'de', 'de'],
    ['Procédé pour être efficace', 'fr', 'fr'],
  ])('%j (metadata %s) → %s', (text, hint, lang) => {
    expect(detectLanguage(text, hint)).toBe(lang);
  });
});

describe('detectLanguage reads words as the regex definition does', () => {
  // The definition the table scan of ./language.ts replaced (a regex run per text was a tenth
  // of ingest's analysis): words are runs of letters and marks, NFC first.
  const WORD = /[\p{L}\p{M}]+/gu;
  const VI = /[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9]/;
  const share = (t: string): number => {
    const words = [...t.normalize('NFC').matchAll(WORD)].map((m) => m[0]);
    return words.length ? words.filter((w) => VI.test(w)).length / words.length : 0;
  };
  const byDefinition = (t: string, hint?: string): string => {
    const s = share(t);
    if (s >= 0.15) return 'vi';
    const words = [...t.toLowerCase().matchAll(WORD)].map((m) => m[0]);
    const english = words.filter((w) => ENGLISH_STOP_WORDS.has(w)).length;
    const looksEnglish = words.length >= 3 && english / words.length >= 0.08 && s === 0;
    if (hint === 'vi') return looksEnglish ? 'en' : 'vi';
    if (hint) return hint;
    if (looksEnglish || (s === 0 && /^[\p{ASCII}]*$/u.test(t))) return 'en';
    return s > 0 ? 'vi' : 'und';
  };
  // Vietnamese and English words, decomposed marks, astral letters and lone surrogates,
  // modifier letters, CJK, a Greek capital sigma and a dotted capital I (lower-casing changes them).
  const piece = fc.constantFrom(
    ..."aăbđeêoơuưyếệợ .,-'’0189\u0301\u0323éʼ日İΣ\ud835\udc00".split(''),
    '\u{1d400}',
    'the',
    ' and ',
    'of',
    'phân',
  );
  it('on generated text, with every kind of hint', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((a) => a.join('')),
        fc.constantFrom(undefined, 'vi', 'en', 'fr'),
        (t, hint) => {
          expect(vietnameseShare(t)).toBe(share(t));
          expect(detectLanguage(t, hint)).toBe(byDefinition(t, hint));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// Invariants that must hold for any input, checked on generated text that mixes Vietnamese
// letters (composed and decomposed), ASCII, digits and punctuation.
const vietnameseChar = fc.constantFrom(
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ AĐƯ0123456789.,;-()\'"'.split(
    '',
  ),
);
const text = fc
  .array(vietnameseChar, { maxLength: 60 })
  .map((cs) => cs.join(''))
  .chain((s) => fc.constantFrom(s, s.normalize('NFD'), s.toUpperCase()));

describe('analysis invariants (property tests)', () => {
  it('NFC and NFD input give identical terms in every stream', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('vi', 'en', undefined), (s, lang) => {
        expect(analyzeField(s.normalize('NFD'), lang)).toEqual(
          analyzeField(s.normalize('NFC'), lang),
        );
      }),
    );
  });

  it('is idempotent: analysing the exact terms again gives the same terms', () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = analyzeField(s, 'vi').exact;
        expect(analyzeField(once.join(' '), 'vi').exact).toEqual(once);
        const folded = analyzeField(s, 'vi').folded;
        expect(folded.map(foldDiacritics)).toEqual(folded);
      }),
    );
  });

  it('folding never changes the number of tokens', () => {
    fc.assert(
      fc.property(text, (s) => {
        const a = analyzeField(s, 'vi');
        expect(a.folded).toHaveLength(a.exact.length);
        expect(a.foldedBigrams).toHaveLength(a.bigrams.length);
        expect(tokenize(foldDiacritics(s)).length).toBe(tokenize(s).length);
      }),
    );
  });

  it('offsets always point at the original (NFC) text', () => {
    fc.assert(
      fc.property(text, (s) => {
        const nfc = s.normalize('NFC');
        const { text: normal, tokens } = baseTokens(s);
        expect(normal.length).toBe(nfc.length);
        for (const t of tokens) {
          expect(canonicalTones(nfc.slice(t.start, t.end)).toLowerCase()).toBe(t.term);
        }
      }),
    );
  });

  it('tone canonicalisation is length-preserving and idempotent', () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = canonicalTones(s.normalize('NFC'));
        expect(once.length).toBe(s.normalize('NFC').length);
        expect(canonicalTones(once)).toBe(once);
      }),
    );
  });
});
