import fc from 'fast-check';
import { canonicalTones, foldDiacritics, nfc } from './normalize';
import { TextAnalysis } from './text-analysis';
import { tokenize } from './tokenize';

describe('TextAnalysis', () => {
  // Vietnamese and English letters, marks written apart, letters whose lower case depends on
  // their neighbours (Σ) or is longer (İ), Hangul jamo, surrogates, separators.
  const units = [
    ..."aAeEoOuUdDyYđĐðÐqQ -_.,'\n",
    ...'ÀÁÃàáãẠạẢảẬậẶặÊêỆệƠơƯưÝýỲỳ',
    ...'\u0300\u0301\u0303\u0309\u0323\u0302ΣσςΑİıﬁ\u1100\u1161한😀中“”–\u212a\u02bc',
  ];
  const text = fc
    .array(fc.constantFrom(...units), { maxLength: 40 })
    .chain((cs) => fc.constantFrom(cs.join(''), cs.join('').normalize('NFD')));

  it('gives the tokens and folded forms of tokenising and folding one by one', () => {
    fc.assert(
      fc.property(text, (raw) => {
        const a = new TextAnalysis(raw);
        expect(a.text).toBe(canonicalTones(nfc(raw)));
        const plain = tokenize(canonicalTones(nfc(raw)));
        expect(a.tokens).toEqual(plain);
        expect(a.folded).toEqual(plain.map((t) => foldDiacritics(t.term)));
        expect(a.foldedLower).toBe(foldDiacritics(a.lower));
      }),
      { numRuns: 20000 },
    );
  });

  it('folds Vietnamese as its words are folded', () => {
    const a = new TextAnalysis('Phân bón HỮU CƠ, Đại học Cần Thơ');
    expect(a.folded).toEqual(['phan', 'bon', 'huu', 'co', 'dai', 'hoc', 'can', 'tho']);
    expect(a.foldedLower).toBe('phan bon huu co, dai hoc can tho');
  });
});
