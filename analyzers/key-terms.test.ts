import {
  containsTerm,
  keyTermCandidates,
  NOT_A_TERM,
  notATerm,
  selectKeyTerms,
  textTermKeys,
} from '.';

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

  it('never offers numbers, units, Latin abbreviations or formula fragments as terms', () => {
    const terms = keyTermCandidates(
      'Mật độ Bacillus sp. P-CT03 đạt 3,5 × 10⁷ CFU/g; R² = 0,98; dung dịch 5 mL Fe(NO3)3·9H2O ' +
        'ở 1C; chủng T2; diện tích 20 m²; CO2 và LiFePO4 giống lúa OM5451.',
    ).map((c) => c.term);
    for (const t of ['10⁷', '3', '5', 'sp', 'cfu', 'ml', 'r²', '9h2o', '1c', 't2', 'm²', '0'])
      expect(terms).not.toContain(t);
    // What a person would recognise stays: names, strain codes, formulas, variety codes.
    for (const t of ['bacillus', 'p-ct03', 'co2', 'lifepo4', 'om5451']) expect(terms).toContain(t);
  });

  it('keeps the rules as data: each names what it rules out', () => {
    const cases: Record<string, string[]> = {
      'shorter than two characters': ['x', 'ạ'],
      'a number, in any digits': ['10⁷', '18650', '0,98'],
      'a unit of measure': ['kwh', 'mah', 'ppm', 'lít', 'cm²', 'mm³'],
      'a Latin or reference abbreviation': ['sp', 'spp', 'cv', 'al'],
      'a coefficient glued to a formula': ['9h2o', '1c', '3d'],
      'a one-letter label with a number': ['t2', 's3', 'r²'],
    };
    expect(NOT_A_TERM.map((r) => r.rule)).toEqual(Object.keys(cases));
    for (const [rule, words] of Object.entries(cases))
      for (const w of words) expect(notATerm(w)).toBe(rule);
    for (const w of ['co2', 'nh3', 'k2o', 'p2o5', 'pm10', 'esp32', 'trichoderma', 'phân'])
      expect(notATerm(w)).toBeUndefined();
  });

  it('reads a hyphenated word as one word, never its parts with their neighbours', () => {
    const terms = keyTermCandidates(
      'mạng nơ-ron tích chập trên ESP32-S3; mạng nơ-ron tích chập; phương pháp sol-gel.',
    ).map((c) => c.term);
    expect(terms).toEqual(expect.arrayContaining(['nơ-ron', 'esp32-s3', 'sol-gel', 'tích chập']));
    for (const t of ['ron', 's3', 'ron tích', 'ron tích chập', 'phương pháp sol', 'gel'])
      expect(terms).not.toContain(t);
    // Found in text as search finds it: the parts, tone marks optional.
    expect(containsTerm(textTermKeys('mạng no ron tích chập'), 'nơ-ron')).toBe(true);
  });

  it('drops a pair that only meets a foreign word by chance, unless it recurs', () => {
    const once = keyTermCandidates('Mô hình được huấn luyện bằng TensorFlow, gồm camera OV2640.');
    const terms = once.map((c) => c.term);
    expect(terms).not.toContain('bằng tensorflow');
    expect(terms).not.toContain('gồm camera');
    expect(terms).toEqual(expect.arrayContaining(['tensorflow', 'camera']));
    const twice = keyTermCandidates('Giống lúa OM5451 chịu mặn. Năng suất lúa OM5451 cao.');
    expect(twice.find((c) => c.term === 'lúa om5451')?.tf).toBe(2);
  });
});
