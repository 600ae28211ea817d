import fc from 'fast-check';
import { canonicalTones, foldDiacritics, TONED_AFTER_PAIR } from './normalize';

/** The definition: decompose, drop every combining mark, đ→d (and its look-alike ð), recompose. */
const folded = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đð]/g, 'd')
    .replace(/[ĐÐ]/g, 'D')
    .normalize('NFC');

describe('foldDiacritics', () => {
  it('folds Vietnamese in NFC and NFD alike', () => {
    expect(foldDiacritics('Phân bón hữu cơ ĐẶC BIỆT')).toBe('Phan bon huu co DAC BIET');
    expect(foldDiacritics('Phân bón hữu cơ'.normalize('NFD'))).toBe('Phan bon huu co');
  });

  it('gives what its definition gives, for Latin, marks, and anything else mixed in', () => {
    const units = [
      ...'aAeEoOuUdDyY -\n',
      ...Array.from({ length: 0x370 }, (_, i) => String.fromCharCode(i)),
      ...Array.from({ length: 0x100 }, (_, i) => String.fromCharCode(0x1e00 + i)),
      ...'\u0301\u0323\u1100\u1161\u11a8한가ﬁÅΩ😀中“”–…αβΣ₄≥µ\u2000\u2126\uff21\ud7b0',
    ];
    // Short texts (tokens) and long ones (folded through a buffer: descriptions).
    const text = fc
      .oneof(
        fc.array(fc.constantFrom(...units), { maxLength: 12 }),
        fc.array(fc.constantFrom(...units), { minLength: 60, maxLength: 160 }),
      )
      .chain((cs) => fc.constantFrom(cs.join(''), cs.join('').normalize('NFD')));
    fc.assert(
      fc.property(text, (t) => foldDiacritics(t) === folded(t)),
      { numRuns: 20000 },
    );
  });
});

describe('look-alike letters', () => {
  it('reads the eth Ð/ð (U+00D0/U+00F0) as Đ/đ, so the words meet with or without marks', () => {
    expect(canonicalTones('\u00d0ại học \u00f0ường')).toBe('Đại học đường');
    expect(foldDiacritics('\u00d0ại học \u00f0ường')).toBe('Dai hoc duong');
    // Text without them is returned as it is.
    const plain = 'Đại học Cần Thơ';
    expect(canonicalTones(plain)).toBe(plain);
  });
});

describe('old tone placement', () => {
  /** The definition: in NFD, an open oa, oe, uy (not after q) ending a word takes the tone first. */
  const placed = (text: string): string => {
    const t = text.replace(/\u00d0/g, '\u0110').replace(/\u00f0/g, '\u0111');
    const d = t.normalize('NFD');
    const moved = d.replace(/(?:(?![\u02b0-\u02ff])[\p{L}\p{M}])+/gu, (word) =>
      word.replace(
        /^(.*?)([oO][aAeE]|[uU][yY])([\u0300\u0301\u0303\u0309\u0323])$/u,
        (w, before: string, pair: string, tone: string) =>
          /[qQ]$/.test(before) && /^[uU]/.test(pair) ? w : `${before}${pair[0]}${tone}${pair[1]}`,
      ),
    );
    return moved === d ? t : moved.normalize('NFC');
  };

  it('moves the tone of open oa, oe, uy to the first vowel, and nothing else', () => {
    expect(canonicalTones('Hoà Bình, thuỷ sản khoẻ, hoạ sĩ')).toBe(
      'Hòa Bình, thủy sản khỏe, họa sĩ',
    );
    expect(canonicalTones('quý hoàng toán thuyền')).toBe('quý hoàng toán thuyền');
  });

  it('knows every character that can carry a tone after o or u', () => {
    const expected: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (/^[aAeEyY][\u0300\u0301\u0303\u0309\u0323]/.test(c.normalize('NFD'))) expected.push(c);
    }
    expect([...TONED_AFTER_PAIR].sort()).toEqual(expected.sort());
  });

  it('gives what its definition gives, in NFC and NFD, with marks written apart', () => {
    const units = [
      ...'oOuUqQaAeEyYhktn -,\n',
      ...TONED_AFTER_PAIR,
      ...'\u0300\u0301\u0303\u0309\u0323\u0302\u0306ôơưăâêĐđÐð\u02bc',
    ];
    const text = fc
      .array(fc.constantFrom(...units), { maxLength: 24 })
      .chain((cs) => fc.constantFrom(cs.join(''), cs.join('').normalize('NFD')));
    fc.assert(
      fc.property(text, (t) => canonicalTones(t) === placed(t)),
      { numRuns: 20000 },
    );
  });
});
