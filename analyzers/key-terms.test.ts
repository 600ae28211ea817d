import { containsTerm, keyTermCandidates, selectKeyTerms, textTermKeys } from '.';

describe('key terms', () => {
  it('counts content words and Vietnamese word pairs, never function words', () => {
    const c = keyTermCandidates('Phân bón của rơm rạ và phân bón từ vỏ trấu được ủ.');
    const terms = new Map(c.map((x) => [x.term, x.tf]));
    expect(terms.get('phân bón')).toBe(2);
    expect(terms.get('vỏ trấu')).toBe(1);
    for (const f of ['của', 'và', 'từ', 'được']) expect(terms.has(f)).toBe(false);
    // A pair never spans a function word or punctuation.
    expect(terms.has('rạ phân')).toBe(false);
    expect(terms.has('trấu ủ')).toBe(false);
  });

  it('counts English words by stem, and English pairs only when they recur', () => {
    const c = keyTermCandidates(
      'The battery cathode. Batteries with a cathode coating; the cathode coating is thin.',
    );
    const tf = new Map(c.map((x) => [x.term, x.tf]));
    expect(tf.get('cathode')).toBe(3);
    expect([...tf.keys()].filter((t) => /^batter/.test(t))).toHaveLength(1);
    expect(tf.get('cathode coating')).toBe(2);
    expect(tf.has('battery cathode')).toBe(false);
  });

  it('weights rare terms above common ones and drops words absent from or common in the corpus', () => {
    const cands = keyTermCandidates('zeolit zeolit lọc nước lọc nước lọc nước tôm');
    const df = new Map([
      ['zeolit', 2],
      ['lọc', 40],
      ['nước', 90],
      ['lọc nước', 30],
      ['tôm', 0],
    ]);
    const chosen = selectKeyTerms(cands, df, 100).map((t) => t.term);
    expect(chosen[0]).toBe('zeolit');
    expect(chosen).not.toContain('nước'); // in 90 % of the corpus
    expect(chosen).not.toContain('tôm'); // in no record: finds nothing
  });

  it('drops a pair of syllables that merely meet across a word boundary', () => {
    // "phủ trực tiếp": "phủ trực" is in 2 records, "trực" in 40 (as "trực tiếp"): no unit.
    const cands = keyTermCandidates('lớp phủ trực tiếp; gáo dừa');
    const df = new Map([
      ['phủ trực', 2],
      ['phủ', 30],
      ['trực', 40],
      ['gáo dừa', 3],
      ['gáo', 3],
      ['dừa', 20],
      ['trực tiếp', 40],
      ['tiếp', 45],
      ['lớp phủ', 20],
      ['lớp', 50],
    ]);
    const chosen = selectKeyTerms(cands, df, 1000).map((t) => t.term);
    expect(chosen).toContain('gáo dừa');
    expect(chosen).not.toContain('phủ trực');
  });

  it('prefers known words and never picks a term overlapping a better one', () => {
    const cands = keyTermCandidates('phân bón hữu cơ, phân bón hữu cơ');
    const df = new Map([
      ['phân bón', 10],
      ['bón hữu', 10],
      ['hữu cơ', 12],
      ['phân bón hữu', 10],
      ['bón hữu cơ', 10],
      ['phân', 20],
      ['bón', 10],
      ['hữu', 12],
      ['cơ', 40],
    ]);
    const chosen = selectKeyTerms(cands, df, 1000, { known: new Set(['phân bón', 'hữu cơ']) });
    const terms = chosen.map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['phân bón', 'hữu cơ']));
    expect(terms).not.toContain('bón hữu');
    expect(terms).not.toContain('phân');
  });

  it('finds a term in a text with or without tone marks and in any English inflection', () => {
    const keys = textTermKeys('Rice husks were composted; phân bón vi sinh.');
    expect(containsTerm(keys, 'rice husk')).toBe(true);
    expect(containsTerm(keys, 'phan bon')).toBe(true);
    expect(containsTerm(keys, 'vỏ trấu')).toBe(false);
  });
});
