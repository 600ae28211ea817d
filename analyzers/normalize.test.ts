import fc from 'fast-check';
import { canonicalTones, foldDiacritics } from './normalize';

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
