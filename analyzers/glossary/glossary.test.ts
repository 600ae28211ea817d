import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIELD_COUNT,
  GLOSSARY_HEADER,
  Glossary,
  type GlossaryEntry,
  glossaryStats,
  loadGlossary,
  parseGlossary,
  type Translation,
} from './glossary';

const raw = readFileSync(join(__dirname, 'glossary.tsv'), 'utf8');
const entries = parseGlossary(raw);
const glossary = loadGlossary();

/** Lower-cased NFC word tokens, as analyzers/tokenize.ts gives them. */
function words(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w !== '');
}

const translate = (query: string, g: Glossary = glossary): Translation[] =>
  g.translate(words(query));
const targets = (query: string, g: Glossary = glossary): string[] =>
  translate(query, g).map((t) => t.to);
const spans = (query: string): string[] => [
  ...new Set(translate(query).map((t) => `${t.start}-${t.end}`)),
];

/**
 * Old ("traditional") tone placement in an open syllable: the mark on the second vowel of oa,
 * oe, uy ("hoà", "khoẻ", "thuỷ") where modern spelling puts it on the first ("hòa", "khỏe",
 * "thủy"). Closed syllables ("hoàng", "toán", "khuỷu") and "qu" + y ("quý") are correct.
 */
function oldTonePlacement(term: string): string[] {
  return words(term).filter((syllable) => {
    const m = /(?:^|[^q])(o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])$/u.exec(syllable);
    return m !== null;
  });
}

describe('glossary.tsv', () => {
  it('is UTF-8 NFC text with LF line ends and the header line first', () => {
    expect(raw.charCodeAt(0)).not.toBe(0xfeff);
    expect(raw).toBe(raw.normalize('NFC'));
    expect(raw).not.toContain('\r');
    expect(raw.endsWith('\n')).toBe(true);
    expect(raw.split('\n')[0]).toBe(GLOSSARY_HEADER);
    expect(GLOSSARY_HEADER).toBe('vi\ten\tfield');
  });

  it('has at least 450 entries and at least 8 in every WIPO field 1–35', () => {
    expect(entries.length).toBeGreaterThanOrEqual(450);
    const stats = glossaryStats(entries);
    expect(Object.keys(stats).map(Number)).toEqual(
      Array.from({ length: FIELD_COUNT }, (_, i) => i + 1),
    );
    const thin = Object.entries(stats).filter(([, n]) => n < 8);
    expect(thin).toEqual([]);
  });

  it('groups its entries under a comment naming each field', () => {
    const headings = raw
      .split('\n')
      .map((l) => /^# (\d+) /.exec(l)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    expect(headings).toEqual(Array.from({ length: FIELD_COUNT }, (_, i) => i + 1));
  });

  it('has no duplicated pair, no stray white space and lower case on both sides', () => {
    const seen = new Set<string>();
    const duplicated: string[] = [];
    const malformed: string[] = [];
    for (const { vi, en } of entries) {
      const pair = `${vi} = ${en}`;
      if (seen.has(pair)) duplicated.push(pair);
      seen.add(pair);
      for (const term of [vi, en]) {
        const clean =
          term === term.trim() &&
          !/\s\s|\t/.test(term) &&
          term === term.toLowerCase() &&
          term === term.normalize('NFC');
        if (!clean) malformed.push(term);
      }
      if (vi === en) malformed.push(pair);
    }
    expect(duplicated).toEqual([]);
    expect(malformed).toEqual([]);
  });

  it('writes Vietnamese with modern tone placement', () => {
    // The check itself: old placement is caught, correct spellings pass.
    expect(oldTonePlacement('hoà tan thuỷ lực khoẻ')).toEqual(['hoà', 'thuỷ', 'khoẻ']);
    expect(oldTonePlacement('hòa tan thủy lực khỏe hoàng toán quý khuỷu hóa')).toEqual([]);
    const old = entries.filter((e) => oldTonePlacement(e.vi).length > 0).map((e) => e.vi);
    expect(old).toEqual([]);
  });

  it('writes English in American spelling, with plain letters, digits, spaces and hyphens', () => {
    const british =
      /isation|iser|ised\b|ising\b|yse\b|fibre|aluminium|colour|sulph|mould|litre|centre|haem|aemia|ageing|\btyres?\b|programme|analogue|petrol\b|aeroplane|jewellery|defence/;
    const odd = entries.map((e) => e.en).filter((en) => !/^[a-z0-9][a-z0-9 -]*$/.test(en));
    expect(odd).toEqual([]);
    expect(entries.map((e) => e.en).filter((en) => british.test(en))).toEqual([]);
  });

  it('keeps one entry per line: vi, en and the field list', () => {
    const lines = raw.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines.length).toBe(entries.length + 1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^[^\t]+\t[^\t]+\t\d+(,\d+)*$/);
  });
});

describe('glossary coverage of the sample data', () => {
  // Key terms of fixtures/patents and fixtures/research, each found in those texts in both
  // languages (checked below: the Vietnamese term in a Vietnamese text, the English term, up to
  // inflection and British spelling, in an English one).
  const FIXTURE_TERMS: ReadonlyArray<[string, string]> = [
    ['phân bón', 'fertilizer'],
    ['phân hữu cơ', 'organic fertilizer'],
    ['phân bón hữu cơ', 'organic fertilizer'],
    ['phân hữu cơ vi sinh', 'microbial organic fertilizer'],
    ['vỏ trấu', 'rice husk'],
    ['rơm rạ', 'rice straw'],
    ['than sinh học', 'biochar'],
    ['tro bay', 'fly ash'],
    ['tro trấu', 'rice husk ash'],
    ['xỉ đáy', 'bottom ash'],
    ['xỉ lò cao', 'blast furnace slag'],
    ['gạch không nung', 'unfired brick'],
    ['bê tông', 'concrete'],
    ['bê tông geopolymer', 'geopolymer concrete'],
    ['xi măng poóc lăng', 'portland cement'],
    ['cường độ nén', 'compressive strength'],
    ['cống hộp', 'box culvert'],
    ['cấu kiện đúc sẵn', 'precast element'],
    ['pin', 'battery'],
    ['vật liệu điện cực dương', 'cathode material'],
    ['pin ion natri', 'sodium-ion battery'],
    ['pin lithi-ion', 'lithium-ion battery'],
    ['cacbon cứng', 'hard carbon'],
    ['pin túi', 'pouch cell'],
    ['pin cúc áo', 'coin cell'],
    ['lithi sắt photphat', 'lithium iron phosphate'],
    ['bộ nghịch lưu', 'inverter'],
    ['tấm pin mặt trời', 'solar panel'],
    ['năng lượng mặt trời', 'solar energy'],
    ['điện mặt trời áp mái', 'rooftop solar'],
    ['dò điểm công suất cực đại', 'maximum power point tracking'],
    ['tôm thẻ chân trắng', 'whiteleg shrimp'],
    ['tôm sú', 'black tiger shrimp'],
    ['chế phẩm probiotic', 'probiotic preparation'],
    ['nuôi trồng thủy sản', 'aquaculture'],
    ['ao lót bạt', 'lined pond'],
    ['cá tra', 'striped catfish'],
    ['cá tra', 'pangasius'],
    ['bệnh hoại tử gan tụy cấp', 'acute hepatopancreatic necrosis disease'],
    ['hệ số chuyển hóa thức ăn', 'feed conversion ratio'],
    ['oxy hòa tan', 'dissolved oxygen'],
    ['máy sục khí', 'aerator'],
    ['ruồi lính đen', 'black soldier fly'],
    ['bột cá', 'fishmeal'],
    ['cám gạo', 'rice bran'],
    ['xâm nhập mặn', 'saline intrusion'],
    ['nước giếng khoan', 'well water'],
    ['asen', 'arsenic'],
    ['đá ong', 'laterite'],
    ['nước lợ', 'brackish water'],
    ['thẩm thấu ngược', 'reverse osmosis'],
    ['khử ion điện dung', 'capacitive deionization'],
    ['nước rỉ rác', 'landfill leachate'],
    ['nước thải sinh hoạt', 'domestic wastewater'],
    ['bể tự hoại', 'septic tank'],
    ['chất thải nhựa', 'plastic waste'],
    ['nhiệt phân', 'pyrolysis'],
    ['đất ngập nước kiến tạo', 'constructed wetland'],
    ['máy sấy', 'dryer'],
    ['bơm nhiệt', 'heat pump'],
    ['lò đốt trấu', 'rice husk furnace'],
    ['cảm biến', 'sensor'],
    ['độ mặn', 'salinity'],
    ['độ dẫn điện', 'electrical conductivity'],
    ['sốt xuất huyết', 'dengue'],
    ['kháng nguyên', 'antigen'],
    ['kháng thể đơn dòng', 'monoclonal antibody'],
    ['que thử nhanh', 'rapid test'],
    ['hạt vàng nano', 'gold nanoparticle'],
    ['vắc xin cúm', 'influenza vaccine'],
    ['tá chất', 'adjuvant'],
    ['nghệ', 'turmeric'],
    ['nghệ vàng', 'turmeric'],
    ['rau má', 'centella'],
    ['chè dây', 'ampelopsis cantoniensis'],
    ['đinh lăng', 'polyscias fruticosa'],
    ['viên nén bao phim', 'film-coated tablet'],
    ['sinh khả dụng', 'bioavailability'],
    ['viêm loét dạ dày', 'gastric ulcer'],
    ['nấm rơm', 'straw mushroom'],
    ['hạt điều', 'cashew nut'],
    ['thanh long', 'dragon fruit'],
    ['cà phê', 'coffee'],
    ['máy gặt đập liên hợp', 'combine harvester'],
    ['rầy nâu', 'brown planthopper'],
    ['bệnh đạo ôn', 'rice blast'],
    ['bẫy đèn', 'light trap'],
    ['mạng nơ-ron tích chập', 'convolutional neural network'],
    ['vi điều khiển', 'microcontroller'],
    ['bảng mạch in', 'printed circuit board'],
    ['đồng hồ nước', 'water meter'],
    ['xe máy điện', 'electric motorcycle'],
    ['tua bin', 'turbine'],
    ['thủy điện nhỏ', 'small hydropower'],
    ['chuyển giao công nghệ', 'technology transfer'],
  ];

  // Examples named when the glossary was commissioned; not all occur in the sample texts.
  const REQUIRED: ReadonlyArray<[string, string]> = [
    ['phân bón', 'fertilizer'],
    ['phân hữu cơ', 'organic fertilizer'],
    ['vỏ trấu', 'rice husk'],
    ['rơm rạ', 'rice straw'],
    ['than sinh học', 'biochar'],
    ['tro bay', 'fly ash'],
    ['gạch không nung', 'unfired brick'],
    ['bê tông', 'concrete'],
    ['pin', 'battery'],
    ['ắc quy', 'battery'],
    ['vật liệu cực dương', 'cathode material'],
    ['tôm thẻ chân trắng', 'whiteleg shrimp'],
    ['chế phẩm sinh học', 'probiotic'],
    ['nuôi trồng thủy sản', 'aquaculture'],
    ['xâm nhập mặn', 'saline intrusion'],
    ['nước giếng khoan', 'well water'],
    ['asen', 'arsenic'],
    ['máy sấy', 'dryer'],
    ['năng lượng mặt trời', 'solar energy'],
    ['cảm biến', 'sensor'],
    ['sốt xuất huyết', 'dengue'],
    ['dược liệu', 'medicinal herb'],
    ['nghệ', 'turmeric'],
    ['rau má', 'centella'],
  ];

  const has = (vi: string, en: string): boolean => entries.some((e) => e.vi === vi && e.en === en);

  it('has the named examples', () => {
    expect(REQUIRED.filter(([vi, en]) => !has(vi, en))).toEqual([]);
  });

  it(`has ${FIXTURE_TERMS.length} key terms of the sample data`, () => {
    expect(FIXTURE_TERMS.length).toBeGreaterThanOrEqual(40);
    expect(FIXTURE_TERMS.filter(([vi, en]) => !has(vi, en))).toEqual([]);
  });

  it('finds each key term in the sample texts in both languages', () => {
    const root = join(__dirname, '..', '..', 'fixtures');
    const files = [
      ...readdirSync(join(root, 'patents')).map((f) => join(root, 'patents', f)),
      ...readdirSync(join(root, 'research')).flatMap((repo) =>
        readdirSync(join(root, 'research', repo)).map((f) => join(root, 'research', repo, f)),
      ),
    ].filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThan(60);
    const docs = files.map((f) => {
      const tokens = words(readFileSync(f, 'utf8').replace(/<[^>]*>/g, ' '));
      return { tokens, joined: ` ${tokens.join(' ')} ` };
    });
    const absent: string[] = [];
    for (const [vi, en] of FIXTURE_TERMS) {
      // The Vietnamese term as written.
      if (!docs.some((d) => d.joined.includes(` ${words(vi).join(' ')} `)))
        absent.push(`vi: ${vi}`);
      // The English term as the glossary matches it (stems, British spelling), in the texts
      // that have the start of its first word at all.
      const one = new Glossary([{ vi, en, fields: [1] }]);
      const hint = words(en)[0]!.slice(0, 3);
      const found = docs
        .filter((d) => d.joined.includes(hint))
        .some((d) => one.translate(d.tokens).some((t) => t.toLang === 'vi'));
      if (!found) absent.push(`en: ${en}`);
    }
    expect(absent).toEqual([]);
  });
});

describe('parseGlossary', () => {
  it('reads entries, skipping the header, comments and blank lines', () => {
    const parsed = parseGlossary(
      `${GLOSSARY_HEADER}\n# 19 fertilisers\n\nphân bón\tfertilizer\t19\nvỏ trấu\trice husk\t19,20\n`,
    );
    expect(parsed).toEqual<GlossaryEntry[]>([
      { vi: 'phân bón', en: 'fertilizer', fields: [19] },
      { vi: 'vỏ trấu', en: 'rice husk', fields: [19, 20] },
    ]);
  });

  it('names the line of a malformed entry', () => {
    const at = (line: string): string => `${GLOSSARY_HEADER}\n# comment\n${line}\n`;
    expect(() => parseGlossary(at('phân bón\tfertilizer'))).toThrow(/line 3: expected 3/);
    expect(() => parseGlossary(at('phân bón\tfertilizer\t19\textra'))).toThrow(/line 3/);
    expect(() => parseGlossary(at('\tfertilizer\t19'))).toThrow(/line 3: empty/);
    expect(() => parseGlossary(at('phân bón\t \t19'))).toThrow(/line 3: empty/);
    expect(() => parseGlossary(at('phân bón\tfertilizer\t0'))).toThrow(/line 3: field/);
    expect(() => parseGlossary(at('phân bón\tfertilizer\t36'))).toThrow(/line 3: field/);
    expect(() => parseGlossary(at('phân bón\tfertilizer\t19,x'))).toThrow(/line 3: field/);
    expect(() => parseGlossary(at('phân bón\tfertilizer\t'))).toThrow(/line 3: field/);
    expect(() => parseGlossary(at('phân bón\tfertilizer\t19,19'))).toThrow(/line 3/);
    expect(() => parseGlossary(at('phân bón \tfertilizer\t19'))).toThrow(/line 3/);
    expect(() => parseGlossary(at('Phân bón\tfertilizer\t19'))).toThrow(/line 3/);
    const nfd = 'phân bón'.normalize('NFD');
    expect(() => parseGlossary(`${GLOSSARY_HEADER}\n${nfd}\tfertilizer\t19\n`)).toThrow(
      /line 2: not NFC/,
    );
  });
});

describe('glossaryStats', () => {
  it('counts entries per field, an entry once in each of its fields', () => {
    const stats = glossaryStats([
      { vi: 'vỏ trấu', en: 'rice husk', fields: [19, 20] },
      { vi: 'phân bón', en: 'fertilizer', fields: [19] },
    ]);
    expect(stats[19]).toBe(2);
    expect(stats[20]).toBe(1);
    expect(stats[1]).toBe(0);
    expect(Object.keys(stats)).toHaveLength(FIELD_COUNT);
  });
});

describe('Glossary.translate', () => {
  it('is loaded once', () => {
    expect(loadGlossary()).toBe(glossary);
    expect(glossary.entries).toHaveLength(entries.length);
  });

  it('finds English terms in plural and inflected forms', () => {
    expect(targets('fertilizers')).toEqual(['phân bón']);
    expect(targets('batteries')).toEqual(expect.arrayContaining(['pin', 'ắc quy']));
    expect(targets('rice husks')).toContain('vỏ trấu');
    expect(targets('sodium-ion batteries')).toEqual(['pin ion natri']);
    expect(targets('whiteleg shrimps')).toContain('tôm thẻ chân trắng');
    expect(targets('cathode materials')).toContain('vật liệu điện cực dương');
    expect(targets('bacteria')).toEqual(['vi khuẩn']);
    expect(targets('larvae')).toEqual(['ấu trùng']);
  });

  it('finds English terms in British spelling', () => {
    expect(targets('fertilisers')).toEqual(['phân bón']);
    expect(targets('aluminium alloy')).toEqual(['hợp kim nhôm']);
    expect(targets('capacitive deionisation')).toEqual(['khử ion điện dung']);
    expect(targets('pasteurised')).toEqual(['thanh trùng']);
  });

  it('translates a mixed English query phrase by phrase', () => {
    const found = translate('rice husk fertilizer');
    expect(found).toEqual(
      expect.arrayContaining([
        { from: 'rice husk', to: 'vỏ trấu', toLang: 'vi', start: 0, end: 2 },
        { from: 'fertilizer', to: 'phân bón', toLang: 'vi', start: 2, end: 3 },
      ]),
    );
    expect(spans('rice husk fertilizer')).toEqual(['0-2', '2-3']);
  });

  it('finds Vietnamese terms with tone marks, in old tone placement and without marks', () => {
    expect(targets('phân bón')).toEqual(['fertilizer']);
    expect(targets('phan bon')).toEqual(['fertilizer']);
    expect(targets('PHÂN BÓN')).toEqual(['fertilizer']);
    expect(targets('nuôi trồng thuỷ sản')).toEqual(['aquaculture']);
    expect(targets('nuoi trong thuy san')).toEqual(['aquaculture']);
    expect(targets('xâm nhập mặn')).toEqual(['saline intrusion', 'saltwater intrusion']);
    expect(targets('xam nhap man')).toEqual(['saline intrusion', 'saltwater intrusion']);
    expect(targets('tôm thẻ chân trắng')).toContain('whiteleg shrimp');
    expect(targets('tom the chan trang')).toContain('whiteleg shrimp');
    expect(targets('dien mat troi ap mai')).toEqual(['rooftop solar']);
    expect(targets('nghệ')).toEqual(['turmeric']);
    expect(targets('pin')).toEqual(['battery']);
  });

  it('prefers the longest term', () => {
    expect(translate('phân bón hữu cơ')).toEqual([
      {
        from: 'phân bón hữu cơ',
        to: 'organic fertilizer',
        toLang: 'en',
        start: 0,
        end: 4,
      },
    ]);
    expect(targets('phan bon huu co')).toEqual(['organic fertilizer']);
    expect(targets('phân bón hữu cơ vi sinh')).toEqual(['microbial organic fertilizer']);
    expect(targets('rice husk ash')).toEqual(['tro trấu']);
    expect(targets('pin ion natri')).toEqual(['sodium-ion battery']);
    expect(targets('organic fertilizer')).toEqual(['phân hữu cơ', 'phân bón hữu cơ']);
  });

  it('scans left to right without overlaps', () => {
    const query = 'than sinh học từ vỏ trấu bón cho lúa trên đất phèn';
    const found = translate(query);
    expect(spans(query)).toEqual(['0-3', '4-6', '8-9', '10-12']);
    for (let k = 1; k < found.length; k++) {
      expect(found[k]!.start).toBeGreaterThanOrEqual(found[k - 1]!.start);
      if (found[k]!.start !== found[k - 1]!.start) {
        expect(found[k]!.start).toBeGreaterThanOrEqual(found[k - 1]!.end);
      }
    }
    expect(targets(query)).toEqual(
      expect.arrayContaining(['biochar', 'rice husk', 'rice', 'acid sulfate soil']),
    );
  });

  it('returns every equivalent of a term', () => {
    expect(targets('battery').sort()).toEqual(['pin', 'ắc quy']);
    expect(targets('sốt xuất huyết')).toEqual([
      'dengue',
      'dengue fever',
      'dengue hemorrhagic fever',
    ]);
  });

  it('matches a folded Vietnamese term only when it is unambiguous and has two syllables', () => {
    // One-syllable folded tokens: "ban" could be any of bàn, bán, bạn, bản…; "nghe" is not "nghệ".
    expect(translate('ban')).toEqual([]);
    expect(translate('nghe')).toEqual([]);
    expect(translate('tom')).toEqual([]);
    // "lo hoi" folds both "lò hơi" (boiler) and "lô hội" (aloe vera).
    expect(translate('lo hoi')).toEqual([]);
    expect(targets('lò hơi')).toEqual(['boiler']);
    expect(targets('lô hội')).toEqual(['aloe vera']);
    // "tu dong" folds both "tủ đông" (freezer) and "tự động" (automatic).
    expect(translate('tu dong')).toEqual([]);
  });

  it('takes a query typed with marks as written', () => {
    expect(targets('cua so')).toEqual(['window']);
    expect(translate('của số')).toEqual([]);
    expect(translate('sau hai năm')).toEqual([]);
  });

  it('does not read English function words as a toneless Vietnamese term', () => {
    expect(targets('in an acid sulfate soil')).toEqual(['đất phèn']);
    expect(targets('in ấn')).toEqual(['printing']);
  });

  it('translates both ways only a run that is a term in both languages', () => {
    const g = new Glossary([
      { vi: 'pin', en: 'battery', fields: [1] },
      { vi: 'chốt', en: 'pin', fields: [31] },
      { vi: 'geopolymer', en: 'geopolymer', fields: [20] },
      { vi: 'bê tông geopolymer', en: 'geopolymer concrete', fields: [20] },
    ]);
    expect(g.translate(['pin'])).toEqual([
      { from: 'pin', to: 'battery', toLang: 'en', start: 0, end: 1 },
      { from: 'pin', to: 'chốt', toLang: 'vi', start: 0, end: 1 },
    ]);
    // A target equal to its source is no translation.
    expect(g.translate(['geopolymer'])).toEqual([]);
    // Nor one that is what was typed: "zeolit" is Vietnamese and stems like "zeolite".
    expect(targets('zeolit')).toEqual(['zeolite']);
    expect(targets('zeolites')).toEqual(['zeolit']);
    expect(g.translate(['geopolymer', 'concrete'])).toEqual([
      { from: 'geopolymer concrete', to: 'bê tông geopolymer', toLang: 'vi', start: 0, end: 2 },
    ]);
  });

  it('finds nothing in words outside the glossary', () => {
    expect(translate('')).toEqual([]);
    expect(translate('the of and')).toEqual([]);
    expect(translate('xyzzy quux')).toEqual([]);
    expect(translate('constructor __proto__ tostring')).toEqual([]);
  });
});
