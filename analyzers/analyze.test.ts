import fc from 'fast-check';
import { analyzeField, baseTokens } from './analyze';
import { detectLanguage } from './language';
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
