/**
 * What Cầu reads as evidence of readiness: the tables of docs/readiness.md, as data. Every
 * phrase is compiled once into one token automaton (./automaton.ts) and found in one pass over
 * a field's tokens. Phrases are written lower case with modern tone placement and their
 * diacritics; the automaton matches them on toneless text too where the field is typed
 * without marks. Syntax: a space is white space or a hyphen, `{a|b}` alternatives, `{…}?`
 * optional, `<num>` a count, `<n>` a small number, `<level>` a digit 1–9, `~` a loose gap
 * (":", "=", dashes), `–` a range dash.
 */

export type Polarity = 'achieved' | 'negated' | 'future' | 'potential';

export interface StageCue {
  /** Signal name after "stage:" (and "negated:", "future:", "potential:"). */
  stage: string;
  /** The TRL the stage shows; the weaker signals can move it to `hi` (or one below `lo`). */
  lo: number;
  hi: number;
  phrases: string[];
  /**
   * What else must be said for the words to count, because design text uses the same verbs
   * ("cảm biến được lắp đặt ở đáy ao", "the frame is deployed"):
   * "said": an achievement word before it ("đã", "were") or a number of sites after it;
   * "count": a number of units just before it ("18 nodes installed") or of sites after it;
   * "site": a number of sites after it, always ("thử nghiệm tại 6 ao").
   */
  needs?: 'said' | 'count' | 'site';
  /** A count of sites near it raises the level: ten or more → 8, twenty or more → 9. */
  counted?: boolean;
  /** English words that, capitalised mid-sentence, are part of a name ("Engineering Laboratory"). */
  nameCheck?: boolean;
  /** The level in a patent, when it differs: a patent's laboratory examples validate its product. */
  patentLo?: number;
  /**
   * "lab": with a laboratory or tank cue in the clause it is a laboratory validation (4);
   * "plant": with a pilot-facility cue and no real plant in the clause it is a pilot production (6–7).
   */
  context?: 'lab' | 'plant';
  /** The phrase captures a duration (`<n>` in these units, in months); shorter ones do not count. */
  unitMonths?: number;
  minMonths?: number;
  /** Raised to `hi` when its clause states three months or more of operation outside a lab. */
  monthsRaise?: boolean;
  /** Also the name of a topic ("chuyển giao công nghệ" as a subject): not counted in subjects. */
  topical?: boolean;
  /** Phrases that, on their own, say nothing about this record ("được sử dụng rộng rãi trong…"). */
  scope?: 'record';
}

/** Words around a stage word that say whether it happened, and how far they reach (in words). */
export interface MarkerCue {
  polarity: Polarity;
  window: number;
  phrases: string[];
}

// ---- explicit levels -----------------------------------------------------------------------

/** Heads that end in a level; each also takes a range ("TRL 5–6", "TRL 5 đến 6": the lower end). */
const TRL_HEADS = [
  '{trl|trls}~<level>',
  '<trl-level>',
  'technology readiness {level|levels} {of|at}? {trl~}?<level>',
  'technology readiness {level|levels} {of|at}? <trl-level>',
  'mức {độ}? sẵn sàng {về}? công nghệ {đạt|là|ở}? {mức}? {trl~}?<level>',
  'mức {độ}? sẵn sàng {về}? công nghệ {đạt|là|ở}? {mức}? <trl-level>',
];
export const TRL_PHRASES: string[] = TRL_HEADS.flatMap((h) => [
  h,
  `${h}–<level>`,
  `${h}–trl~<level>`,
  `${h} {đến|tới|to|or|hoặc} {trl~}?<level>`,
  `${h} {đến|tới|to|or|hoặc} <trl-level>`,
]);

// ---- stages --------------------------------------------------------------------------------

export const STAGES: StageCue[] = [
  {
    stage: 'lab',
    lo: 3,
    hi: 4,
    patentLo: 4,
    nameCheck: true,
    phrases: [
      'phòng thí nghiệm',
      'laboratory',
      'lab',
      'in vitro',
      'bench scale',
      'coin {cell|cells}',
      'pin cúc áo',
    ],
  },
  {
    stage: 'lab-validation',
    lo: 4,
    hi: 4,
    phrases: [
      'tiền lâm sàng',
      'preclinical',
      'pre clinical',
      'trên {chuột|thỏ|động vật}',
      'ở chuột',
      'mô hình động vật',
      'in {mice|rats|rabbits|animals}',
      'on animals',
      'animal {model|models|study|studies}',
      'thí nghiệm {trong}? chậu',
      'thí nghiệm nhà lưới',
      'pot {experiment|experiments|trial|trials}',
      'greenhouse {experiment|experiments|trial|trials}',
    ],
  },
  {
    stage: 'prototype',
    lo: 5,
    hi: 6,
    nameCheck: true,
    context: 'lab',
    phrases: [
      'mô hình thử nghiệm',
      'mô hình trình diễn',
      'máy mẫu',
      'xe mẫu',
      'thiết bị mẫu',
      'chạy thử',
      'chế tạo thử',
      'đúc thử',
      'vận hành thử',
      '{prototype|prototypes}',
      '{demonstrator|demonstrators}',
      'road {test|tests|tested}',
    ],
  },
  {
    stage: 'field-experiment',
    lo: 5,
    hi: 6,
    context: 'lab',
    phrases: [
      'thí nghiệm đồng ruộng',
      'thí nghiệm ngoài đồng',
      'trại thực nghiệm',
      'field {experiment|experiments}',
      'experimental {farm|farms}',
    ],
  },
  {
    stage: 'field-trial',
    lo: 6,
    hi: 6,
    phrases: [
      'thử nghiệm {ngoài}? thực địa',
      'thử nghiệm đồng ruộng',
      'thử nghiệm hiện trường',
      'field {trial|trials|test|tests|testing|tested}',
      'on farm {trial|trials}',
      'tested in the field',
      'applied in the field',
      'under field conditions',
      'field deployment',
      'field performance',
      'field validation',
    ],
  },
  {
    stage: 'trial-installation',
    lo: 6,
    hi: 7,
    monthsRaise: true,
    phrases: ['lắp đặt thử {nghiệm}?', 'trial {installation|installations}'],
  },
  {
    stage: 'clinical',
    lo: 6,
    hi: 7,
    phrases: [
      '{thử nghiệm|nghiên cứu|thẩm định} lâm sàng',
      'clinical {trial|trials|study|studies|validation}',
    ],
  },
  {
    stage: 'pilot',
    lo: 6,
    hi: 7,
    nameCheck: true,
    monthsRaise: true,
    phrases: [
      'pilot',
      'quy mô pilot',
      'xưởng thử nghiệm',
      'thí điểm',
      'demonstration {plant|plants|unit|units}',
    ],
  },
  {
    stage: 'trial-production',
    lo: 7,
    hi: 7,
    context: 'plant',
    phrases: [
      'sản xuất thử {nghiệm}?',
      'thi công thử',
      'lô pilot',
      'trial production',
      'pilot production',
      'production {trial|trials}',
      'pilot {batch|batches}',
    ],
  },
  {
    stage: 'industrial-scale',
    lo: 7,
    hi: 8,
    phrases: ['quy mô công nghiệp', 'quy mô nhà máy', 'industrial scale', 'full scale', 'at scale'],
  },
  {
    stage: 'site-trial',
    lo: 6,
    hi: 6,
    needs: 'site',
    counted: true,
    phrases: ['thử nghiệm', 'tested', '{trial|trials}'],
  },
  {
    stage: 'operation',
    lo: 7,
    hi: 7,
    unitMonths: 1,
    minMonths: 3,
    phrases: [
      'vận hành {liên tục|ổn định}? {trong|suốt}? <n> tháng',
      '<n> tháng vận hành',
      '{operated|in operation|operating} {continuously|reliably}? {for|over}? <n> {month|months}',
    ],
  },
  {
    stage: 'operation',
    lo: 7,
    hi: 7,
    unitMonths: 12,
    minMonths: 3,
    phrases: [
      'vận hành {liên tục|ổn định}? {trong|suốt}? <n> năm',
      '<n> năm vận hành',
      '{operated|in operation|operating} {continuously|reliably}? {for|over}? <n> {year|years}',
    ],
  },
  {
    stage: 'installed',
    lo: 7,
    hi: 8,
    needs: 'said',
    counted: true,
    phrases: ['lắp đặt', 'lắp'],
  },
  {
    stage: 'installed',
    lo: 7,
    hi: 8,
    needs: 'count',
    counted: true,
    phrases: ['installed', 'deployed'],
  },
  {
    stage: 'deployed',
    lo: 7,
    hi: 8,
    needs: 'site',
    counted: true,
    phrases: ['áp dụng', 'sử dụng', 'triển khai', 'in use'],
  },
  {
    stage: 'transferred',
    lo: 8,
    hi: 8,
    topical: true,
    phrases: [
      'chuyển giao {công nghệ|quy trình|kết quả|bản quyền}? {cho|sang}',
      'đã {được}? chuyển giao',
      'được chuyển giao',
      'hợp đồng chuyển giao',
      'sau khi chuyển giao',
      'chuyển giao sản xuất',
      'chuyển giao công nghệ',
      'licensed to',
      '{were|was} licensed',
      '{licence|license|licensing} {agreement|agreements}',
      'technology {transfer|transferred} to',
      '{technology|technologies|process|processes|procedure|procedures|know how|design|designs|method|methods} {was|were|has been|have been}? transferred to',
    ],
  },
  {
    stage: 'production',
    lo: 8,
    hi: 9,
    topical: true,
    phrases: [
      'đưa vào sản xuất',
      'sản xuất hàng loạt',
      'quy mô thương mại',
      'mass production',
      'mass produced',
      'put into production',
      'commercial scale',
    ],
  },
  {
    stage: 'commercial',
    lo: 9,
    hi: 9,
    topical: true,
    phrases: [
      'thương mại hóa',
      'sản xuất thương mại',
      'đã bán',
      'được bán {ra|tại|cho|trên}',
      'bán ra thị trường',
      'đưa ra thị trường',
      'commercial production',
      'commercially produced',
      'produced commercially',
      'in commercial use',
      'in commercial operation',
      '{commercialised|commercialized}',
      'sold',
    ],
  },
  {
    // "đã chế tạo 40 máy và bán cho các cơ sở", but not "giá bán cho nông dân".
    stage: 'commercial',
    lo: 9,
    hi: 9,
    needs: 'said',
    topical: true,
    phrases: ['bán {cho|ra|tại|được}'],
  },
];

/** Phrases that contain a stage word but state no stage: a field name, a reference, a design. */
export const NOT_A_STAGE: string[] = [
  'chẩn đoán in vitro',
  'in vitro {diagnostic|diagnostics}',
  'phân tích {trong|tại}? phòng thí nghiệm',
  'laboratory {reference|analysis|analyses|measurement|measurements}',
  'pilot {study|studies|survey}',
];

// ---- negation, plans, possibilities ----------------------------------------------------------

/** Before a stage word, within its window; the nearest decides. */
export const MARKERS_BEFORE: MarkerCue[] = [
  { polarity: 'negated', window: 6, phrases: ['chưa', 'chưa từng', 'chẳng'] },
  {
    // Only directly before: "gạch không nung" negates nothing.
    polarity: 'negated',
    window: 0,
    phrases: ['không', 'không {được|hề|có|còn|thể|phải}', 'không {có|được}? {tiến hành|thực hiện}'],
  },
  {
    polarity: 'negated',
    window: 5,
    phrases: [
      'not',
      'not yet',
      'never',
      'no',
      'nor',
      'without',
      'yet to',
      'has yet to',
      "{hasn|haven|isn|aren|wasn|weren|didn|doesn|don}'t",
      '{lack|lacks|lacked|lacking}',
    ],
  },
  {
    polarity: 'future',
    window: 6,
    phrases: [
      'sẽ',
      'dự kiến',
      'dự định',
      'kế hoạch',
      'sắp',
      'đang tìm',
      'tìm kiếm',
      'chuẩn bị',
      'hướng tới',
      'mục tiêu',
      'tiến tới',
      'trong giai đoạn tới',
      'will',
      'shall',
      '{expect|expects|expected} to',
      '{plan|plans|planned} to',
      'planned',
      'planning',
      '{intend|intends|intended} to',
      'future work',
      'next phase',
      'next step',
      'seeking',
      'looking for',
      '{aim|aims|aimed} {to|at}',
      '{target|targets|targeted}',
      'scheduled',
      '{remain|remains} to be',
    ],
  },
  {
    polarity: 'potential',
    window: 4,
    phrases: ['có thể', 'nếu', 'rào cản', 'trở ngại', 'đề xuất'],
  },
  {
    polarity: 'potential',
    window: 3,
    phrases: [
      'tiềm năng',
      'khả năng',
      'để',
      'trước khi',
      'cần',
      'định hướng',
      'nhằm',
      'could',
      'can',
      'may',
      'might',
      'would',
      'should',
      'potential',
      'potentially',
      'in order to',
      'so as to',
      '{barrier|barriers}',
      '{obstacle|obstacles}',
      'before',
      'prior to',
      'if',
      'whether',
      'suitable for',
      '{need|needs}',
      'required',
      '{require|requires}',
      'to enable',
      '{path|paths|route|routes|pathway|pathways} to',
      '{toward|towards}',
    ],
  },
  // Nominal: "việc thương mại hóa" names the step, it does not say it happened.
  { polarity: 'potential', window: 1, phrases: ['việc'] },
  {
    polarity: 'achieved',
    window: 8,
    phrases: [
      'đã',
      'đang',
      'hiện đang',
      'has been',
      'have been',
      'had been',
      'was',
      'were',
      'is being',
      'are being',
      'is now',
      'are now',
      'now',
      'has reached',
      'have reached',
      'successfully',
      'is at',
      'is in',
      'since',
    ],
  },
];

/** After a stage word (same clause, no comma between): only when nothing before decided. */
export const MARKERS_AFTER: MarkerCue[] = [
  {
    polarity: 'negated',
    window: 4,
    phrases: [
      'chưa',
      'không được',
      '{was|were|has|have|had|is|are} not',
      'not yet',
      '{has|have} yet to',
    ],
  },
  {
    polarity: 'future',
    window: 5,
    phrases: [
      'trong giai đoạn tới',
      'trong thời gian tới',
      'trong tương lai',
      'sắp tới',
      'sẽ',
      'in the future',
      'in future',
      '{is|are} {planned|expected|scheduled}',
      'will',
      'in progress',
    ],
  },
  {
    polarity: 'potential',
    window: 2,
    phrases: [
      'còn cần',
      'cần',
      'còn phụ thuộc',
      'phụ thuộc',
      '{require|requires}',
      '{depend|depends} on',
    ],
  },
];

/** Names that contain a marker word: "Cần Thơ" is a city, not "cần" (need). */
export const NOT_A_MARKER: string[] = ['cần thơ', 'can tho'];

/** A clause also ends before these (and at . ; : ! ? followed by a space, and at new lines). */
export const CLAUSE_WORDS: string[] = ['nhưng', 'tuy nhiên', 'but', 'however', 'whereas'];

/** An after-marker introduced by one of these belongs to a new predicate. */
export const CONJUNCTIONS: string[] = ['và', 'and', 'or', 'hoặc'];

// ---- context inside a clause ---------------------------------------------------------------

/** Laboratory scale: in the lab, in tanks, in litres. */
export const LAB_CUES: string[] = [
  'phòng thí nghiệm',
  'laboratory',
  'bể',
  '{tank|tanks}',
  '<qty> {lít|l|litre|litres|liter|liters}',
  '<litres>',
];
/** A pilot facility or experimental farm, as opposed to a working plant. */
export const PILOT_CUES: string[] = [
  'pilot',
  'xưởng thử nghiệm',
  'trại thực nghiệm',
  'experimental {farm|farms}',
];
export const REAL_PLANT_CUES: string[] = ['nhà máy', 'factory', 'factories', 'manufacturing plant'];

/** A stated duration: "trong 4 tháng", "suốt 2 năm", "for 8 months". */
export const DURATIONS: { phrases: string[]; unitMonths: number }[] = [
  {
    unitMonths: 1,
    phrases: ['{trong|suốt|sau|for|over|after} {khoảng|about|nearly}? <n> {tháng|month|months}'],
  },
  {
    unitMonths: 12,
    phrases: ['{trong|suốt|sau|for|over|after} {khoảng|about|nearly}? <n> {năm|year|years}'],
  },
];

// ---- counts of sites -------------------------------------------------------------------------

const QUANTIFIER = '{hơn|trên|khoảng|gần|tổng cộng|more than|over|about|around|nearly|some}?';
/** A count right after the stage words: "tại 35 cơ sở", "at two schools". */
export const COUNT_AFTER: string[] = [
  `{và vận hành|and operated}? {tại|ở|trên|cho|at|in|on|across|for} ${QUANTIFIER} <num>`,
];
/** After stage words that already end with the preposition ("bán cho"): the count alone. */
export const COUNT_BARE: string[] = [`${QUANTIFIER} <num>`];
/** Stage words that end with a preposition. */
export const PREPOSITIONS: string[] = ['tại', 'ở', 'trên', 'cho', 'at', 'in', 'on', 'to'];

/** Count words: Vietnamese and English. Keys as written (with marks). */
export const NUMBER_WORDS: Record<string, number> = {
  một: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  năm: 5,
  sáu: 6,
  bảy: 7,
  tám: 8,
  chín: 9,
  mười: 10,
  'mười hai': 12,
  các: 2,
  nhiều: 3,
  'hàng chục': 20,
  'hàng trăm': 200,
  'hàng nghìn': 2000,
  'hàng ngàn': 2000,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  several: 3,
  many: 3,
  multiple: 3,
  dozens: 20,
  hundreds: 200,
  thousands: 2000,
};
/** The number words a duration takes ("trong sáu tháng", "for two years"). */
export const SMALL_NUMBER_WORDS: readonly string[] = [
  'một',
  'hai',
  'ba',
  'bốn',
  'năm',
  'sáu',
  'bảy',
  'tám',
  'chín',
  'mười',
  'mười hai',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
/**
 * Vietnamese number words that are also common words when typed without marks ("ba", "nam",
 * "sau", "bay", "tam", "cac"): not read as a count before a verb.
 */
export const AMBIGUOUS_BEFORE: readonly string[] = ['ba', 'nam', 'sau', 'bay', 'tam', 'cac'];

/**
 * A number followed by one of these measures something else (power, area, time). Matched with
 * their accents ("dây" is not "day"); the toneless spellings are listed for text that mixes
 * both ("5 tan", "3 thang").
 */
export const UNITS: string[] = [
  'w',
  'wp',
  'kw',
  'kwp',
  'kwh',
  'mw',
  'mwp',
  'mwh',
  'gw',
  'va',
  'kva',
  'mm',
  'cm',
  'km',
  'm',
  'm²',
  'm2',
  'm³',
  'm3',
  'cm3',
  'ha',
  '{tấn|tan}',
  '{ton|tons}',
  't',
  'kg',
  'g',
  'mg',
  '{lít|lit}',
  'l',
  'ml',
  '{giờ|gio}',
  'h',
  '{hour|hours}',
  '{ngày|ngay}',
  '{day|days}',
  '{tháng|thang}',
  '{month|months}',
  '{năm|nam}',
  '{year|years}',
  '{tuần|tuan}',
  '{week|weeks}',
  '{phút|phut}',
  '{minute|minutes}',
  'v',
  'kv',
  'ah',
  'mah',
  'ppm',
  '{lần|lan}',
  'times',
  '{vụ|vu}',
  '{mẻ|me}',
  'chu kỳ',
  '{cycle|cycles}',
  'viên',
  'con',
  '{mét|met}',
  'x',
];
/** Characters right after a number that make it a measure, not a count. */
export const UNIT_SIGNS = '%°/×µμ';

/** Nouns for the places a technology is put to use: "tại 35 cơ sở", "at 12 schools". */
export const SITES: string[] = [
  'hộ',
  'hộ gia đình',
  'cơ sở',
  'tỉnh',
  'huyện',
  'xã',
  'trường',
  'trường học',
  'điểm',
  'nhà máy',
  'trạm',
  'tòa nhà',
  'mái nhà',
  'công trình',
  'bệnh viện',
  'khoa',
  'ao',
  'trang trại',
  'hợp tác xã',
  'doanh nghiệp',
  'công ty',
  'địa điểm',
  'khu',
  'làng',
  'thôn',
  'khách hàng',
  'người dùng',
  'dây chuyền',
  'nông hộ',
  'địa phương',
  'vùng',
  '{site|sites}',
  '{school|schools}',
  '{farm|farms}',
  '{household|households}',
  '{home|homes}',
  '{house|houses}',
  '{plant|plants}',
  '{factory|factories}',
  '{hospital|hospitals}',
  '{clinic|clinics}',
  '{building|buildings}',
  '{village|villages}',
  '{province|provinces}',
  '{district|districts}',
  '{location|locations}',
  '{station|stations}',
  '{customer|customers}',
  '{user|users}',
  '{pond|ponds}',
  '{facility|facilities}',
  '{company|companies}',
  '{cooperative|cooperatives}',
  '{commune|communes}',
  '{roof|roofs}',
  '{rooftop|rooftops}',
  'municipalities',
  'cities',
];

/** The word before a count of units, when it is not a noun with a reference numeral ("frame 800"). */
export const BEFORE_COUNT: readonly string[] = [
  'of',
  'a',
  'an',
  'the',
  'total',
  'all',
  'and',
  'with',
  'some',
  'about',
  'over',
  'than',
  'nearly',
  'around',
  'approximately',
  'đã',
  'có',
  'gồm',
  'với',
  'và',
  'tổng',
  'cộng',
  'hơn',
  'khoảng',
  'gần',
  'trên',
];

// ---- partners --------------------------------------------------------------------------------

/** An industrial partner: a small positive signal, never a level. */
export const PARTNERS: string[] = [
  'doanh nghiệp',
  'đối tác',
  '{industrial|industry} {partner|partners}',
];
/** Collaboration counts as an industrial partner only with a company named right after. */
export const COLLABORATIONS: string[] = [
  'hợp tác với',
  'sự hợp tác của',
  'phối hợp với',
  'in {a}? collaboration with',
  'in partnership with',
  'carried out with',
  'jointly with',
];
export const COMPANY_WORDS: string[] = [
  'công ty',
  'tổng công ty',
  'tập đoàn',
  'doanh nghiệp',
  '{company|companies}',
  'corporation',
  'ltd',
  'inc',
  'jsc',
  'gmbh',
  '{firm|firms}',
];

// ---- description sections -------------------------------------------------------------------

const OF_INVENTION_VI = '{của {sáng chế|giải pháp|giải pháp hữu ích}}?';
/**
 * Section headings of a patent description. The "technical field" and "background" sections
 * describe the domain and other people's work ("các chế phẩm thương mại hiện có…"), not this
 * invention: they are skipped. Vietnamese headings end with "." or ":"; English ones are
 * written in capitals.
 */
export const HEADINGS: { lang: 'vi' | 'en'; skip: boolean; phrases: string[] }[] = [
  {
    lang: 'vi',
    skip: true,
    phrases: ['lĩnh vực kỹ thuật {được đề cập}?', `tình trạng kỹ thuật ${OF_INVENTION_VI}`],
  },
  {
    lang: 'vi',
    skip: false,
    phrases: [
      `bản chất kỹ thuật ${OF_INVENTION_VI}`,
      'mô tả vắn tắt các hình vẽ',
      'mô tả chi tiết {sáng chế|giải pháp|giải pháp hữu ích}?',
      'ví dụ thực hiện {sáng chế|giải pháp|giải pháp hữu ích}?',
      'hiệu quả {đạt được}?',
    ],
  },
  {
    lang: 'en',
    skip: true,
    phrases: [
      'technical field',
      'field of the invention',
      'background {art|of the invention}?',
      'description of {the}? related art',
      'related art',
      'prior art',
    ],
  },
  {
    lang: 'en',
    skip: false,
    phrases: [
      'summary {of the invention}?',
      'brief summary {of the invention}?',
      'disclosure {of {the}? invention}?',
      'technical problem',
      'solution to problem',
      'advantageous {effect|effects}',
      'brief description of {the}? drawings',
      'detailed description',
      'description of {the}? {preferred}? {embodiment|embodiments}',
      'best mode',
      '{example|examples}',
      'reference to related {application|applications}',
    ],
  },
];

// ---- applicants ------------------------------------------------------------------------------

/** Legal forms that make an applicant a company. */
export const COMPANY_NAMES: string[] = [
  'công ty',
  'tnhh',
  'cổ phần',
  'tập đoàn',
  'hợp tác xã',
  'doanh nghiệp',
  'jsc',
  'co',
  'ltd',
  'limited',
  'corporation',
  'corp',
  'inc',
  'incorporated',
  'gmbh',
  'g.m.b.h',
  'aktiengesellschaft',
  'kabushiki kaisha',
  'plc',
  'llc',
  'company',
  'cie',
  'société',
  'societe',
  'narodni podnik',
  '{holding|holdings}',
  'industries',
  'pty',
  'pte',
  'bhd',
];
/** Short legal forms that are legal forms only in capitals ("BASF SE", "Siemens AG"). */
export const COMPANY_NAMES_CASED =
  /(?<![\p{L}\p{N}])(?:SE|AG|SA|S\.A\.|KK|K\.K\.|AB|Oy|N\.V\.|B\.V\.|S\.p\.A\.)(?![\p{L}])/u;
export const ACADEMIC_NAMES: string[] = [
  'trường đại học',
  'đại học',
  'học viện',
  'viện',
  'trung tâm',
  'bệnh viện',
  '{university|universite|universität|universitat|université}',
  'universidad',
  'institute',
  'institut',
  'college',
  'school',
  'laboratory',
  'laboratoire',
  'research',
  'centre',
  'center',
  'academy',
  'hospital',
  'ủy ban',
  'etat',
  'government',
  'ministry',
  'ministere',
  'ministre',
  'ministerielle',
  'delegation',
  'direction',
  'national',
  'council',
  'agency',
  'foundation',
];

// ---- toneless Vietnamese ---------------------------------------------------------------------

/** Frequent Vietnamese syllables as they look without diacritics. */
export const TONELESS_VI: readonly string[] = (
  'va cua duoc cac trong cho voi la da khong chua nhung mot nay de tai thu nghiem san xuat ' +
  'cong nghe thuong mai hoa se dang quy mo phong thi lap dat chuyen giao nguoi nam theo tu ' +
  'den ve khi nhu hon cung hien ket qua su dung muc sang duoc gom tren vao bang sau truoc ' +
  'nhieu ho cap dia thuc nghien cuu he thong phuong phap'
).split(' ');
