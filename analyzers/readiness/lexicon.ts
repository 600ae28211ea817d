import { phrase, type Phrase } from './text';

/**
 * What Cầu reads as evidence of readiness: the tables of docs/readiness.md. Patterns are
 * written in lower case with modern tone placement ("hóa", "thủy"); text is matched after the
 * same normalisation, and toneless text ("thuong mai hoa") is matched through the folded form.
 * A space in a pattern stands for white space or a hyphen.
 */

export interface StageDef {
  id: string;
  /** The level the stage shows; nudges can move it to `hi` (or one below `lo`). */
  lo: number;
  hi: number;
  phrases: Phrase[];
  /**
   * What else must be said for the word to count, because design text uses the same verbs
   * ("cảm biến được lắp đặt ở đáy ao", "the frame is deployed"):
   * "said": an achievement word before it ("đã", "were") or a number of sites after it
   * ("lắp đặt cho các hộ", "tại 35 cơ sở"); "count": a number of units just before it
   * ("18 nodes installed") or of sites after it; "site": a number of sites after it, always
   * ("thử nghiệm tại 6 ao").
   */
  needsAchieved?: 'said' | 'count' | 'site';
  /** A count of sites after or before the verb raises the level (installed at 35 sites → 8). */
  counted?: boolean;
  /** English words that, capitalised mid-sentence, are part of a name ("Engineering Laboratory"). */
  nameCheck?: boolean;
  /** The level for patents, when it differs: a patent's laboratory results validate its product. */
  patentLo?: number;
  /**
   * "lab": with a laboratory or tank cue in the clause it is a laboratory validation (4);
   * "plant": with a pilot-facility cue and no real plant it is a pilot production (6).
   */
  context?: 'lab' | 'plant';
  /** A stated operation of at least this many months (groups 1–2 of the phrase). */
  minMonths?: number;
  /** Raised to `hi` when the clause states three months or more of operation. */
  monthsRaise?: boolean;
  /** A keyword naming a topic ("chuyển giao công nghệ" as a subject) is not an event: skip in subjects. */
  topical?: boolean;
}

const p = (...sources: string[]): Phrase[] => sources.map(phrase);
const NUM = '\\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười hai|mười';

/** Explicit statements: group 1 is the level, group 2 the upper end of a range ("TRL 5–6" → 5). */
const RANGE = '(?:\\s*(?:[–—-]|đến|tới|to|or|hoặc)\\s*(?:trl\\s*)?([1-9]))?';
export const EXPLICIT_TRL: Phrase[] = p(
  `trls?[\\s:=-]*([1-9])${RANGE}`,
  `technology readiness levels? (?:of |at )?(?:trl\\s*)?([1-9])${RANGE}`,
  `mức (?:độ )?sẵn sàng (?:về )?công nghệ (?:(?:đạt|là|ở) )?(?:mức )?(?:trl\\s*)?([1-9])${RANGE}`,
);

export const STAGES: StageDef[] = [
  {
    id: 'lab',
    lo: 3,
    hi: 4,
    phrases: p(
      'phòng thí nghiệm',
      'laboratory',
      'lab',
      'in vitro',
      'bench scale',
      'coin cells?',
      'pin cúc áo',
    ),
    nameCheck: true,
    patentLo: 4,
  },
  {
    id: 'lab-validation',
    lo: 4,
    hi: 4,
    phrases: p(
      'tiền lâm sàng',
      'preclinical',
      'pre clinical',
      'trên (?:chuột|thỏ|động vật)',
      'ở chuột',
      'mô hình động vật',
      'in (?:mice|rats|rabbits|animals)',
      'on animals',
      'animal (?:models?|stud(?:y|ies))',
      'thí nghiệm (?:trong )?chậu',
      'thí nghiệm nhà lưới',
      'pot (?:experiments?|trials?)',
      'greenhouse (?:experiments?|trials?)',
    ),
  },
  {
    id: 'prototype',
    lo: 5,
    hi: 6,
    phrases: p(
      'mô hình thử nghiệm',
      'mô hình trình diễn',
      'máy mẫu',
      'xe mẫu',
      'thiết bị mẫu',
      'chạy thử',
      'chế tạo thử',
      'đúc thử',
      'vận hành thử',
      'prototypes?',
      'demonstrators?',
      'road tests?',
      'road tested',
    ),
    nameCheck: true,
    context: 'lab',
  },
  {
    id: 'field-experiment',
    lo: 5,
    hi: 6,
    phrases: p(
      'thí nghiệm đồng ruộng',
      'thí nghiệm ngoài đồng',
      'trại thực nghiệm',
      'field experiments?',
      'experimental farms?',
    ),
    context: 'lab',
  },
  {
    id: 'field-trial',
    lo: 6,
    hi: 6,
    phrases: p(
      'thử nghiệm thực địa',
      'thử nghiệm ngoài thực địa',
      'thử nghiệm đồng ruộng',
      'thử nghiệm hiện trường',
      'field trials?',
      'field tests?',
      'field testing',
      'field tested',
      'on farm trials?',
      'tested in the field',
      'applied in the field',
      'under field conditions',
      'field deployment',
      'field performance',
      'field validation',
    ),
  },
  {
    id: 'trial-installation',
    lo: 6,
    hi: 7,
    phrases: p('lắp đặt thử nghiệm', 'lắp đặt thử', 'trial installations?'),
    monthsRaise: true,
  },
  {
    id: 'clinical',
    lo: 6,
    hi: 7,
    phrases: p(
      'thử nghiệm lâm sàng',
      'nghiên cứu lâm sàng',
      'thẩm định lâm sàng',
      'clinical trials?',
      'clinical stud(?:y|ies)',
      'clinical validation',
    ),
  },
  {
    id: 'pilot',
    lo: 6,
    hi: 7,
    phrases: p(
      'pilot',
      'quy mô pilot',
      'xưởng thử nghiệm',
      'thí điểm',
      'demonstration plants?',
      'demonstration units?',
    ),
    nameCheck: true,
    monthsRaise: true,
  },
  {
    id: 'trial-production',
    lo: 7,
    hi: 7,
    phrases: p(
      'sản xuất thử',
      'sản xuất thử nghiệm',
      'thi công thử',
      'lô pilot',
      'trial production',
      'pilot production',
      'production trials?',
      'pilot batch(?:es)?',
    ),
    context: 'plant',
  },
  {
    id: 'industrial-scale',
    lo: 7,
    hi: 8,
    phrases: p(
      'quy mô công nghiệp',
      'quy mô nhà máy',
      'industrial scale',
      'full scale',
      'at scale',
    ),
  },
  {
    id: 'site-trial',
    lo: 6,
    hi: 6,
    phrases: p('thử nghiệm', 'tested', 'trials?'),
    needsAchieved: 'site',
    counted: true,
  },
  {
    id: 'operation',
    lo: 7,
    hi: 7,
    phrases: p(
      `vận hành (?:liên tục |ổn định )?(?:trong |suốt )?(${NUM}) (tháng|năm)`,
      `(${NUM}) (tháng|năm) vận hành`,
      `(?:operated|in operation|operating) (?:continuously |reliably )?(?:for |over )?(${NUM}) (months?|years?)`,
    ),
    minMonths: 3,
  },
  {
    id: 'installed',
    lo: 7,
    hi: 8,
    phrases: p('lắp đặt', 'lắp'),
    needsAchieved: 'said',
    counted: true,
  },
  {
    id: 'installed',
    lo: 7,
    hi: 8,
    phrases: p('installed', 'deployed'),
    needsAchieved: 'count',
    counted: true,
  },
  {
    id: 'deployed',
    lo: 7,
    hi: 8,
    phrases: p('áp dụng', 'sử dụng', 'triển khai', 'in use'),
    needsAchieved: 'site',
    counted: true,
  },
  {
    id: 'transferred',
    lo: 8,
    hi: 8,
    phrases: p(
      'chuyển giao (?:công nghệ |quy trình |kết quả |bản quyền )?(?:cho|sang)',
      'đã (?:được )?chuyển giao',
      'được chuyển giao',
      'hợp đồng chuyển giao',
      'sau khi chuyển giao',
      'chuyển giao sản xuất',
      'chuyển giao công nghệ',
      'licensed to',
      'were licensed',
      'was licensed',
      'licen[cs]e agreements?',
      'licensing agreements?',
      'technology transfer(?:red)? to',
      '(?:technology|process|procedure|know how|design|method)s? (?:(?:was|were|has been|have been) )?transferred to',
    ),
    topical: true,
  },
  {
    id: 'production',
    lo: 8,
    hi: 9,
    phrases: p(
      'đưa vào sản xuất',
      'sản xuất hàng loạt',
      'quy mô thương mại',
      'mass production',
      'mass produced',
      'put into production',
      'commercial scale',
    ),
    topical: true,
  },
  {
    id: 'commercial',
    lo: 9,
    hi: 9,
    phrases: p(
      'thương mại hóa',
      'sản xuất thương mại',
      'đã bán',
      'được bán (?:ra|tại|cho|trên)',
      'bán ra thị trường',
      'đưa ra thị trường',
      'commercial production',
      'commercially produced',
      'produced commercially',
      'in commercial use',
      'in commercial operation',
      'commerciali[sz]ed',
      'sold',
    ),
    topical: true,
  },
  {
    // "đã chế tạo 40 máy và bán cho các cơ sở", but not "giá bán cho nông dân".
    id: 'commercial',
    lo: 9,
    hi: 9,
    phrases: p('bán (?:cho|ra|tại|được)'),
    needsAchieved: 'said',
    topical: true,
  },
];

/** A stated duration: "trong 4 tháng", "suốt 2 năm", "for 8 months". Groups: number, unit. */
export const DURATION: Phrase = phrase(
  `(?:trong|suốt|sau|for|over|after) (?:khoảng |about |nearly )?(${NUM}) (tháng|năm|months?|years?)`,
);
/** Laboratory scale: in the lab, in tanks, in litres. */
export const LAB_CUE: Phrase[] = p(
  'phòng thí nghiệm',
  'laboratory',
  'bể',
  'tanks?',
  '\\d+(?:[.,]\\d+)? ?(?:lít|l|litres?|liters?)',
);
/** A pilot facility or experimental farm, as opposed to a working plant. */
export const PILOT_CUE: Phrase[] = p(
  'pilot',
  'xưởng thử nghiệm',
  'trại thực nghiệm',
  'experimental farms?',
);
export const REAL_PLANT_CUE: Phrase[] = p('nhà máy', 'factory', 'factories', 'manufacturing plant');

/**
 * Phrases that contain a stage word but state no stage: a field name, a measurement reference,
 * a study design. A stage match inside one of these is dropped.
 */
export const NOT_A_STAGE: Phrase[] = p(
  'chẩn đoán in vitro',
  'in vitro diagnostics?',
  'phân tích (?:trong |tại )?phòng thí nghiệm',
  'laboratory (?:reference|analys[ie]s|measurements?)',
  'pilot (?:study|studies|survey)',
);

/** An industrial partner: a smaller positive signal, never a level. */
export const PARTNER: Phrase[] = p(
  'doanh nghiệp',
  'đối tác',
  'industrial partners?',
  'industry partners?',
);
/** Collaboration phrases count as an industrial partner only when a company is named right after. */
export const COLLABORATION: Phrase[] = p(
  'hợp tác với',
  'sự hợp tác của',
  'phối hợp với',
  'in (?:a )?collaboration with',
  'in partnership with',
  'carried out with',
  'jointly with',
);
export const COMPANY_WORD =
  /(?<![\p{L}\p{N}])(?:công ty|cong ty|tập đoàn|tap doan|tổng công ty|doanh nghiệp|doanh nghiep|company|companies|corporation|co\.|ltd|inc|jsc|gmbh|firms?)(?![\p{L}\p{N}])/u;

export type Polarity = 'achieved' | 'negated' | 'future' | 'potential';

export interface MarkerDef {
  polarity: Polarity;
  phrases: Phrase[];
  /** Most words allowed between the marker and the stage word. */
  window: number;
}

/** Words before a stage word that say whether it happened. The nearest one decides. */
export const MARKERS_BEFORE: MarkerDef[] = [
  { polarity: 'negated', window: 6, phrases: p('chưa', 'chưa từng', 'chẳng') },
  {
    polarity: 'negated',
    window: 0,
    phrases: p(
      'không',
      'không (?:được|hề|có|còn|thể|phải)',
      'không (?:có |được )?(?:tiến hành|thực hiện)',
    ),
  },
  {
    polarity: 'negated',
    window: 5,
    phrases: p(
      'not',
      'not yet',
      'never',
      'no',
      'nor',
      'without',
      'yet to',
      'has yet to',
      "(?:has|have|is|are|was|were|did|does|do)n[’']t",
      'lack(?:s|ed|ing)?',
    ),
  },
  {
    polarity: 'future',
    window: 6,
    phrases: p(
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
      'expects? to',
      'expected to',
      'plan(?:s|ned)? to',
      'planned',
      'planning',
      'intend(?:s|ed)? to',
      'future work',
      'next phase',
      'next step',
      'seeking',
      'looking for',
      'aim(?:s|ed)? (?:to|at)',
      'targets?',
      'targeted',
      'scheduled',
      'remains? to be',
    ),
  },
  {
    polarity: 'potential',
    window: 4,
    phrases: p('có thể', 'nếu', 'rào cản', 'trở ngại', 'đề xuất'),
  },
  {
    polarity: 'potential',
    window: 3,
    phrases: p(
      'tiềm năng',
      'khả năng',
      'để',
      'trước khi',
      'cần(?! thơ)',
      'định hướng',
      'nhằm',
      'could',
      'can(?! tho)',
      'may',
      'might',
      'would',
      'should',
      'potential',
      'potentially',
      'in order to',
      'so as to',
      'barriers?',
      'obstacles?',
      'before',
      'prior to',
      'if',
      'whether',
      'suitable for',
      'needs?',
      'required',
      'requires?',
      'to enable',
      '(?:path|route|pathway)s? to',
      'towards?',
    ),
  },
  { polarity: 'potential', window: 1, phrases: p('việc') },
  {
    polarity: 'achieved',
    window: 8,
    phrases: p(
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
    ),
  },
];

/** Words just after a stage word (same clause, no comma between) that undo it. */
export const MARKERS_AFTER: MarkerDef[] = [
  {
    polarity: 'negated',
    window: 4,
    phrases: p(
      'chưa',
      'không được',
      '(?:was|were|has|have|had|is|are) not',
      'not yet',
      '(?:has|have) yet to',
    ),
  },
  {
    polarity: 'future',
    window: 5,
    phrases: p(
      'trong giai đoạn tới',
      'trong thời gian tới',
      'trong tương lai',
      'sắp tới',
      'sẽ',
      'in the future',
      'in future',
      '(?:is|are) planned',
      '(?:is|are) expected',
      '(?:is|are) scheduled',
      'will',
      'in progress',
    ),
  },
  {
    polarity: 'potential',
    window: 2,
    phrases: p('còn cần', 'cần(?! thơ)', 'còn phụ thuộc', 'phụ thuộc', 'requires?', 'depends? on'),
  },
];

/** Numbers of sites: "tại 35 cơ sở", "trên hơn 300 mái nhà", "at two schools", "18 nodes installed". */
export const NUMBER_WORDS: Record<string, number> = {
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  nam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  muoi: 10,
  'muoi hai': 12,
  cac: 2,
  nhieu: 3,
  'hang chuc': 20,
  'hang tram': 200,
  'hang nghin': 2000,
  'hang ngan': 2000,
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
/** A number followed by one of these measures something else (power, area, time). */
const UNITS = [
  '%',
  '°',
  '/',
  '×',
  'x',
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
  'ha',
  'tấn',
  'tan',
  'tons?',
  't',
  'kg',
  'g',
  'lít',
  'lit',
  'l',
  'ml',
  'giờ',
  'gio',
  'h',
  'hours?',
  'ngày',
  'ngay',
  'days?',
  'tháng',
  'thang',
  'months?',
  'năm',
  'nam',
  'years?',
  'tuần',
  'tuan',
  'weeks?',
  'phút',
  'phut',
  'minutes?',
  'v',
  'kv',
  'ah',
  'mah',
  'ppm',
  'mg',
  'µ\\S*',
  'μ\\S*',
  'lần',
  'lan',
  'times',
  'vụ',
  'vu',
  'mẻ',
  'me',
  'chu kỳ',
  'cycles?',
  'viên',
  'con',
  'cm3',
  'mét',
  'met',
];
export const UNIT_AFTER_NUMBER = new RegExp(`^\\s*(?:${UNITS.join('|')})(?![\\p{L}\\p{N}])`, 'u');
/** Nouns for the places a technology is put to use: "tại 35 cơ sở", "at 12 schools". */
export const SITE_AFTER_NUMBER = new RegExp(
  '^\\s*(?:' +
    [
      'ho',
      'ho gia dinh',
      'co so',
      'tinh',
      'huyen',
      'xa',
      'truong',
      'truong hoc',
      'diem',
      'nha may',
      'tram',
      'toa nha',
      'mai nha',
      'cong trinh',
      'benh vien',
      'khoa',
      'ao',
      'trang trai',
      'hop tac xa',
      'doanh nghiep',
      'cong ty',
      'dia diem',
      'khu',
      'lang',
      'thon',
      'khach hang',
      'nguoi dung',
      'day chuyen',
      'nong ho',
      'dia phuong',
      'vung',
      'sites?',
      'schools?',
      'farms?',
      'households?',
      'homes?',
      'houses?',
      'plants?',
      'factor(?:y|ies)',
      'hospitals?',
      'clinics?',
      'buildings?',
      'villages?',
      'provinces?',
      'districts?',
      'locations?',
      'stations?',
      'customers?',
      'users?',
      'ponds?',
      'facilit(?:y|ies)',
      'compan(?:y|ies)',
      'cooperatives?',
      'communes?',
      'roofs?',
      'rooftops?',
      'municipalities',
      'cities',
    ].join('|') +
    ')(?![\\p{L}\\p{N}])',
  'u',
);
/** The word before a count of units, when it is not a noun with a reference numeral ("frame 800"). */
export const BEFORE_COUNT =
  /^(?:of|a|an|the|total|all|and|with|some|about|over|than|nearly|around|approximately|đã|có|gồm|với|và|tổng|cộng|hơn|khoảng|gần|trên)$/u;
export const NUMBER_SOURCE =
  '\\d{1,3}(?:[.,]\\d{3})+|\\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|các|nhiều|hàng (?:chục|trăm|nghìn|ngàn)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|multiple|dozens|hundreds|thousands';
export const COUNT_AFTER: Phrase = phrase(
  `(?:và vận hành |and operated )?(?:tại|ở|trên|cho|at|in|on|across|for) (?:(?:hơn|trên|khoảng|gần|tổng cộng|more than|over|about|around|nearly|some) )?(${NUMBER_SOURCE})`,
);

export const COUNT_BARE: Phrase = phrase(
  `(?:(?:hơn|trên|khoảng|gần|tổng cộng|more than|over|about|around|nearly|some) )?(${NUMBER_SOURCE})`,
);

/** Applicants. Legal forms decide "company"; the rest is checked for a university or public body. */
export const COMPANY_NAME: Phrase[] = p(
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
  'g\\.m\\.b\\.h',
  'aktiengesellschaft',
  'kabushiki kaisha',
  'plc',
  'llc',
  'company',
  'cie',
  'société',
  'societe',
  'narodni podnik',
  'holdings?',
  'industries',
  'pty',
  'pte',
  'bhd',
);
/** Short legal forms that are only legal forms in capitals ("BASF SE", "Siemens AG"). */
export const COMPANY_NAME_CASED =
  /(?<![\p{L}\p{N}])(?:SE|AG|SA|S\.A\.|KK|K\.K\.|AB|Oy|N\.V\.|B\.V\.|S\.p\.A\.)(?![\p{L}])/u;
export const ACADEMIC_NAME: Phrase[] = p(
  'trường đại học',
  'đại học',
  'học viện',
  'viện',
  'trung tâm',
  'bệnh viện',
  'university',
  'universit(?:é|e|ät|at|y)',
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
);
