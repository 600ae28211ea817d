import fc from 'fast-check';
import { foldDiacritics } from './normalize';

/** The definition: decompose, drop every combining mark, đ→d, recompose. */
const folded = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
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
      ...'\u0301\u0323\u1100\u1161한ﬁÅΩ😀中',
    ];
    const text = fc
      .array(fc.constantFrom(...units), { maxLength: 12 })
      .chain((cs) => fc.constantFrom(cs.join(''), cs.join('').normalize('NFD')));
    fc.assert(
      fc.property(text, (t) => foldDiacritics(t) === folded(t)),
      { numRuns: 20000 },
    );
  });
});
