import { tokenize, terms } from './tokenize';

describe('tokenize', () => {
  it('keeps letters, combining marks and digits together; everything else separates', () => {
    expect(terms('Phân bón (NPK 16-16-8), TRL-6; C05F 11/08 — 18650 pin!')).toEqual([
      'phân',
      'bón',
      'npk',
      '16',
      '16',
      '8',
      'trl',
      '6',
      'c05f',
      '11',
      '08',
      '18650',
      'pin',
    ]);
  });

  it('gives offsets into the NFC text that slice back to each token', () => {
    const text = 'Năng lượng mặt trời, LiFePO₄';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.term);
  });

  it('reads NFD input as its NFC form', () => {
    expect(terms('Hữu cơ'.normalize('NFD'))).toEqual(['hữu', 'cơ']);
  });

  it('agrees with the Unicode-property regex on every script, astral characters included', () => {
    const sample =
      'Ελληνικά русский 日本語テキスト العربية हिन्दी 𝐀𝐁 𠀋字 a_b 3½ ١٢٣ ① x\u0301y hʰa kʷe';
    const expected = [
      ...sample.normalize('NFC').matchAll(/(?:(?![\u02b0-\u02ff])[\p{L}\p{M}\p{N}])+/gu),
    ].map((m) => ({
      term: m[0].toLowerCase(),
      start: m.index,
      end: m.index + m[0].length,
    }));
    expect(tokenize(sample)).toEqual(expected);
  });

  it("splits at the spacing modifier letters, which stand for punctuation: HʼMông is H'Mông", () => {
    // U+02BC MODIFIER LETTER APOSTROPHE, U+02BB TURNED COMMA (ʻokina), U+02B9 PRIME.
    expect(terms('Người H\u02bcMông')).toEqual(terms("Người H'Mông"));
    expect(terms('H\u02bcMông, Ê\u02bbđê, x\u02b9')).toEqual(['h', 'mông', 'ê', 'đê', 'x']);
  });
});
