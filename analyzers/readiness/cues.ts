/**
 * What Cầu reads as evidence of readiness: the tables of docs/readiness.md, as data. Every
 * phrase is compiled once into one token automaton (./automaton.ts) and found in one pass over
 * a field's tokens. Phrases are written lower case with modern tone placement and their
 * diacritics; the automaton matches them on toneless text too where the field is typed
 * without marks. Syntax: a space is white space or a hyphen, `{a|b}` alternatives, `{…}?`
 * optional, `<num>` a count, `<n>` a small number, `<level>` a digit 1–9, `~` a loose gap
 * (":", "=", dashes), `–` a range dash.
 */

/**
 * What a stage word says happened: achieved, said not to have happened, planned, only possible,
 * or said of other products ("Khác với các giống đã được trồng phổ biến…", "Unlike commercial
 * kits, which were sold widely…").
 */
export type Polarity = 'achieved' | 'negated' | 'future' | 'potential' | 'other';

/** [threshold, level]: a count (or an area) at or above the threshold gives the level. */
export type Scale = readonly (readonly [number, number])[];

export interface StageCue {
  /** Signal name after "stage:" (and "negated:", "future:", "potential:", "other:"). */
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
   * "site": a number of sites after it, always ("thử nghiệm tại 6 ao");
   * "user-site": a real user's site named just after it ("operated at a rice mill").
   */
  needs?: 'said' | 'count' | 'site' | 'user-site';
  /**
   * Counts as achieved only after an achievement word (broad verbs: "hoạt động", "running");
   * negated and planned forms are read as usual.
   */
  said?: boolean;
  /** A count of sites near it sets the level: [[10, 8], [20, 9]] for installations. */
  counted?: Scale;
  /** The largest count of sites anywhere in its clause sets the level (trials at many farms). */
  clauseSites?: Scale;
  /** Hectares stated in the clause set the level (large field trials). */
  area?: Scale;
  /** English words that, capitalised mid-sentence, are part of a name ("Engineering Laboratory"). */
  nameCheck?: boolean;
  /** The level in a patent, when it differs: a patent's laboratory examples validate its product. */
  patentLo?: number;
  /**
   * "lab": with a laboratory or tank cue in the clause it is a laboratory validation (4);
   * "plant": with a pilot-facility cue and no real plant in the clause it is a pilot production (6–7).
   */
  context?: 'lab' | 'plant';
  /** A deployment said to be for evaluation or monitoring is a demonstration: at most this level. */
  evaluationCap?: number;
  /** The phrase captures a duration (`<n>` in these units, in months); shorter ones do not count. */
  unitMonths?: number;
  minMonths?: number;
  /** Counts only when its clause states at least this many months (or an operation since a date). */
  clauseMonths?: number;
  /** Raised to `hi` when its clause states three months or more of operation outside a lab. */
  monthsRaise?: boolean;
  /** Also the name of a topic ("chuyển giao công nghệ" as a subject): not counted in subjects. */
  topical?: boolean;
  /**
   * Wide use said without a number is, in most abstracts, background about other products
   * ("Zeolit tự nhiên được người nuôi sử dụng rộng rãi nhưng nhanh bão hòa"): it counts only
   * after an achievement word and not when the sentence goes on with "nhưng" / "but".
   */
  notBeforeContrast?: boolean;
}

/** Installations and deployments: ten sites or more → 8, twenty or more → 9 (deployed at scale). */
const DEPLOYMENT_SCALE: Scale = [
  [10, 8],
  [20, 9],
];
/** A trial at ten sites or more, or on twenty hectares or more, runs in the operational environment. */
const TRIAL_SCALE: Scale = [[10, 7]];
const TRIAL_AREA: Scale = [[20, 7]];

/** Words around a stage word that say whether it happened, and how far they reach (in words). */
export interface MarkerCue {
  polarity: Polarity;
  window: number;
  phrases: string[];
}

// ---- explicit levels -----------------------------------------------------------------------

/** Explicit levels. Each may go on to a range ("TRL 5–6", "TRL 5 đến 6": the lower end counts). */
export const TRL_PHRASES: string[] = [
  '{trl|trls}~<level>',
  '<trl-level>',
  'technology readiness {level|levels} {of|at}? {trl~}?<level>',
  'technology readiness {level|levels} {of|at}? <trl-level>',
  'mức {độ}? sẵn sàng {về}? công nghệ {đạt|là|ở}? {mức}? {trl~}?<level>',
  'mức {độ}? sẵn sàng {về}? công nghệ {đạt|là|ở}? {mức}? <trl-level>',
];
/** The upper end of a range: after a dash, or after one of RANGE_WORDS. */
export const TRL_RANGE_END: string[] = ['<level>', 'trl~<level>', '<trl-level>'];
export const RANGE_WORDS: string[] = ['đến', 'tới', 'to', 'or', 'hoặc'];

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
      'trong ống nghiệm',
      'bench scale',
      'bench top',
      'benchtop',
      'coin {cell|cells}',
      'pin cúc áo',
      '{microcosm|microcosms|mesocosm|mesocosms}',
      'proof of {concept|principle}',
      'chứng minh {khái niệm|nguyên lý}',
      '{synthesised|synthesized}',
    ],
  },
  {
    // Experiments, screening, optimisation: experimental proof of concept (Annex G, TRL 3).
    stage: 'experiment',
    lo: 3,
    hi: 4,
    patentLo: 4,
    // Vietnamese only: English "experiments" and "optimisation" are as often numerical,
    // economic or behavioural as they are laboratory work.
    phrases: ['thí nghiệm', 'sàng lọc', 'phân lập'],
  },
  {
    stage: 'lab-validation',
    lo: 4,
    hi: 4,
    phrases: [
      'tiền lâm sàng',
      'preclinical',
      'pre clinical',
      'trên {chuột|thỏ|động vật|lợn|heo|gà|cừu|chó|khỉ}',
      'ở chuột',
      'mô hình động vật',
      'in {mice|rats|rabbits|animals|pigs|sheep|dogs|primates|monkeys|chickens}',
      'on animals',
      'animal {model|models|study|studies}',
      'thí nghiệm {trong}? chậu',
      'thí nghiệm nhà lưới',
      'trong nhà lưới',
      'trong nhà kính',
      'in vivo',
      'bench {test|tests|tested|testing}',
      '{half|pouch} {cell|cells}',
      'accelerated {aging|ageing|weathering|life} {test|tests|testing}',
      '{climate|climatic|environmental|weathering} chamber',
      'pot {experiment|experiments|trial|trials}',
      'greenhouse {experiment|experiments|trial|trials|test|tests}',
      'in {the}? greenhouse',
      'breadboard',
      '{validated|verified} {in|at} {the}? {laboratory|lab}',
      'kiểm chứng',
      '{validated|verified}',
      'wind tunnel',
      'scale model',
      'mô hình thu nhỏ',
      'spiked samples',
    ],
  },
  {
    // Validation beyond the bench: next to a reference station, under simulated field loads.
    stage: 'relevant-validation',
    lo: 5,
    hi: 5,
    phrases: [
      'đặt cạnh',
      '{co located|colocated|collocated|co location}',
      'side by side with',
      'under simulated {field|operating|service|real|use} {conditions|loads}',
      '{clinical|patient} {samples|specimens|sera}',
      'mẫu {bệnh phẩm|huyết thanh|bệnh nhân}',
      'relevant environment',
      'môi trường liên quan',
      'điều kiện mô phỏng thực tế',
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
      'máy mẫu',
      'xe mẫu',
      'thiết bị mẫu',
      'mẫu thử nghiệm',
      'chạy thử',
      'chế tạo thử',
      'đúc thử',
      'vận hành thử',
      '{prototype|prototypes}',
      '{demonstrator|demonstrators}',
      'road {test|tests|tested}',
      '{test basin|towing tank|wave flume}',
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
      'ruộng thí nghiệm',
      '{tại|ở|trên} trạm thực nghiệm',
      'field {experiment|experiments}',
      'experimental {farm|farms}',
      // A station is also where soil or water is taken from: only "at the … station" counts.
      '{at|on} {the|an|a}? {<w>}? {<w>}? {experimental|research} {station|stations}',
      '{plot|plots} {experiment|experiments|trial|trials}',
    ],
  },
  {
    // An on-farm demonstration ("mô hình trình diễn"): demonstrated in the relevant environment.
    stage: 'demonstration',
    lo: 6,
    hi: 7,
    monthsRaise: true,
    clauseSites: TRIAL_SCALE,
    area: TRIAL_AREA,
    phrases: [
      'mô hình trình diễn',
      'trình diễn',
      'demonstration {plot|plots|field|fields|farm|farms|site|sites}',
      'on farm {demonstration|demonstrations}',
    ],
  },
  {
    stage: 'field-trial',
    lo: 6,
    hi: 6,
    clauseSites: TRIAL_SCALE,
    area: TRIAL_AREA,
    phrases: [
      'thử nghiệm {ngoài|tại|ở}? {thực địa|hiện trường}',
      'thử nghiệm {ngoài}? đồng ruộng',
      'thử nghiệm ngoài trời',
      'đưa ra đồng',
      'khảo nghiệm diện hẹp',
      'khảo nghiệm {ngoài}? {đồng ruộng|thực địa}',
      'field {trial|trials|test|tests|testing|tested}',
      'field tested',
      'on farm {trial|trials|test|tests|testing}',
      'tested in the field',
      'applied in the field',
      'under field conditions',
      'field deployment',
      'field performance',
      'field validation',
      'tested outdoors',
      '{thử nghiệm|thử} {trong điều kiện}? thực tế',
      'điều kiện thực tế',
      'under real {conditions|operating conditions|field conditions|world conditions}',
      'real world {conditions|environment|test|tests|testing}',
      'in real {conditions|environments}',
      'sea {trial|trials}',
      'flight {test|tests|tested|testing}',
      'in situ {test|tests|testing|trial|trials}',
      'outdoor {test|tests|testing|trial|trials|experiment|experiments}',
    ],
  },
  {
    // Trials run at scale: the operational environment (TRL 7), not a test plot.
    stage: 'large-field-trial',
    lo: 7,
    hi: 7,
    phrases: [
      '{khảo nghiệm|thử nghiệm} {trên}? diện rộng',
      'trên diện rộng',
      'large scale {field}? {trial|trials|demonstration|demonstrations|test|tests}',
      '{multi location|multilocation|multi site} {trial|trials}',
    ],
  },
  {
    // A proving ground or test site: demonstrated in a relevant environment, short of deployment.
    stage: 'test-site',
    lo: 6,
    hi: 6,
    phrases: [
      'bãi thử {nghiệm}?',
      'khu thử nghiệm',
      'trạm thử nghiệm',
      'proving {ground|grounds}',
      'test {site|sites|range|ranges|track|tracks|field|bed}',
      'testbed',
    ],
  },
  {
    // Tested or operated at a real user's site: a farm, a mill, a hospital (6; months: 7).
    stage: 'site-test',
    lo: 6,
    hi: 7,
    needs: 'user-site',
    context: 'lab',
    monthsRaise: true,
    phrases: ['{thử nghiệm|chạy thử|vận hành thử|sử dụng thử|áp dụng thử|đưa ra đồng thử}'],
  },
  {
    // English design text says "is installed at the plant": only what was done counts.
    stage: 'site-test',
    lo: 6,
    hi: 7,
    needs: 'user-site',
    context: 'lab',
    said: true,
    monthsRaise: true,
    phrases: [
      '{tested|trialled|trialed|evaluated|operated|installed|deployed|piloted|demonstrated|run} {on site|in situ|outdoors}?',
    ],
  },
  {
    stage: 'site-test',
    lo: 6,
    hi: 7,
    needs: 'user-site',
    context: 'lab',
    monthsRaise: true,
    phrases: [
      '{we|they} {tested|trialled|trialed|evaluated|operated|installed|deployed|piloted|demonstrated|ran}',
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
      'trên người',
      'in humans',
    ],
  },
  {
    stage: 'pilot',
    lo: 6,
    hi: 7,
    nameCheck: true,
    monthsRaise: true,
    clauseSites: TRIAL_SCALE,
    phrases: [
      'pilot',
      'piloted',
      'quy mô pilot',
      '{quy mô}? bán công nghiệp',
      'semi industrial',
      'pilot line',
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
      'trial run',
      'pre series',
      'preseries',
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
    clauseSites: TRIAL_SCALE,
    area: TRIAL_AREA,
    phrases: ['thử nghiệm', 'khảo nghiệm', 'tested', '{trial|trials}'],
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
      '{operated|in operation|operating|running} {continuously|reliably}? {for|over}? <n> {month|months}',
      '<n> {month|months} of {operation|use|service}',
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
      '{operated|in operation|operating|running} {continuously|reliably}? {for|over}? <n> {year|years}',
      '<n> {year|years} of {operation|use|service}',
    ],
  },
  {
    // Broad verbs of use: only when something is said to have happened, for months, outside a lab.
    stage: 'operation',
    lo: 7,
    hi: 7,
    said: true,
    clauseMonths: 3,
    phrases: [
      '{vận hành|hoạt động|sử dụng} {liên tục|ổn định|thường xuyên}?',
      'đưa vào {sử dụng|vận hành|hoạt động}',
      '{running|operating|operated|used}',
      'in {daily|continuous|regular}? {use|operation|service}',
    ],
  },
  {
    // A plant or system put into service: it runs in its operational environment.
    stage: 'operation',
    lo: 7,
    hi: 7,
    said: true,
    phrases: [
      'đưa vào {vận hành|hoạt động}',
      'put into {operation|service}',
      '{commissioned|went into operation|entered service|entered operation}',
      'operational environment',
      'môi trường vận hành {thực tế}?',
    ],
  },
  {
    stage: 'installed',
    lo: 7,
    hi: 8,
    needs: 'said',
    counted: DEPLOYMENT_SCALE,
    evaluationCap: 7,
    phrases: ['lắp đặt', 'lắp', 'nhân rộng', 'bàn giao'],
  },
  {
    stage: 'installed',
    lo: 7,
    hi: 8,
    needs: 'count',
    counted: DEPLOYMENT_SCALE,
    evaluationCap: 7,
    phrases: ['installed', 'deployed', 'handed over'],
  },
  {
    stage: 'deployed',
    lo: 7,
    hi: 8,
    needs: 'site',
    counted: DEPLOYMENT_SCALE,
    evaluationCap: 7,
    phrases: ['áp dụng', 'sử dụng', 'triển khai', 'in use', 'phân phối', 'distributed'],
  },
  {
    // In routine use: a complete system in service (TRL 8).
    stage: 'routine-use',
    lo: 8,
    hi: 9,
    phrases: [
      'sử dụng thường xuyên',
      'ứng dụng thực tế',
      'in routine use',
      '{used|applied} routinely',
      'routinely {used|applied}',
    ],
  },
  {
    // A regulator's approval to sell or circulate, a registration, a certification (qualified).
    stage: 'approved',
    lo: 8,
    hi: 8,
    phrases: [
      '{giấy phép|quyết định|số đăng ký|đăng ký|cấp phép|công nhận} lưu hành',
      '{cho phép|được phép} lưu hành',
      '{cấp|có} số đăng ký',
      'giấy chứng nhận đăng ký',
      'chứng nhận {hợp quy|hợp chuẩn}',
      'giấy chứng nhận kiểm định',
      'công nhận {giống|tiến bộ kỹ thuật}',
      'marketing {authorisation|authorization|approval}',
      'registration {number|certificate|certificates}',
      '{registered|approved} {by|with} the',
      'regulatory approval',
      'type {approval|approved}',
      'certified by',
      'ce {marking|marked}',
      'fda {approval|clearance|cleared|approved}',
      '{permitted|approved|licensed} for {circulation|sale|marketing|use|installation}',
      'officially {recognised|recognized|registered|approved}',
      'qualified by',
      'được cấp phép {sản xuất|lưu hành|sử dụng|kinh doanh}',
      'được chứng nhận {đạt}? {tiêu chuẩn|hợp quy|hợp chuẩn|iso|vietgap|globalgap}',
      'công bố {hợp quy|hợp chuẩn|chất lượng|tiêu chuẩn chất lượng}',
      'tự công bố',
      '{được|qua} đăng kiểm',
      'giấy {chứng nhận}? đăng kiểm',
      'passed {type approval|qualification|certification}',
      '{homologated|homologation}',
    ],
  },
  {
    stage: 'transferred',
    lo: 8,
    hi: 8,
    topical: true,
    phrases: [
      'chuyển giao {công nghệ|quy trình|kết quả|bản quyền|quyền sử dụng sáng chế}? {cho|sang}',
      'đã {được}? chuyển giao',
      'được chuyển giao',
      'hợp đồng chuyển giao',
      'sau khi chuyển giao',
      'chuyển giao sản xuất',
      'chuyển giao công nghệ',
      'chuyển nhượng {quyền sử dụng|sáng chế|bằng độc quyền|công nghệ}',
      'licensed to',
      '{licensee|licensees}',
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
    phrases: ['đưa vào sản xuất', 'quy mô thương mại', 'put into production', 'commercial scale'],
  },
  {
    stage: 'commercial',
    lo: 9,
    hi: 9,
    topical: true,
    phrases: [
      'thương mại hóa',
      'sản xuất thương mại',
      'sản xuất hàng loạt',
      'sản xuất {công nghiệp|đại trà}',
      'đã bán',
      'được bán {ra|tại|cho|trên}',
      'bán ra thị trường',
      'đưa ra thị trường',
      'có mặt trên thị trường',
      'tiêu thụ {trên|khắp} {thị trường|cả nước}',
      'tiêu thụ {mạnh|tốt|ổn định}',
      'hệ thống đại lý',
      'bán chạy',
      'thị phần',
      'market share',
      'ra mắt {thị trường|sản phẩm}',
      '{launched on the market|market launch|launched commercially}',
      '{serial|series} production',
      'sản xuất {quy mô lớn|đại trà}',
      '{annual}? sales {reached|exceeded|totalled|totaled}',
      'đặt {mua|hàng}',
      'commercial production',
      'commercially {produced|available|manufactured}',
      '{produced|manufactured} commercially',
      '{manufactures|produces} {the|it}? {<w>}? commercially',
      'mass {production|produced}',
      'industrial production',
      '{is|are} now {produced|manufactured|sold|marketed}',
      'now {produces|manufactures|sells|markets}',
      'in commercial {use|operation}',
      '{commercialised|commercialized}',
      'sold',
      '{is|are} marketed',
      'marketed under',
      '{on the market|on sale}',
      'delivered to customers',
    ],
  },
  {
    // "đã chế tạo 40 máy và bán cho các cơ sở", but not "giá bán cho nông dân".
    stage: 'commercial',
    lo: 9,
    hi: 9,
    needs: 'said',
    topical: true,
    phrases: ['bán {cho|ra|tại|được}', 'bày bán', 'xuất khẩu', '{exported|exports}'],
  },
  {
    // Wide use or sale said without a number (ARENA CRI: multiple commercial applications).
    stage: 'wide-use',
    lo: 9,
    hi: 9,
    said: true,
    notBeforeContrast: true,
    phrases: [
      '{sử dụng|ứng dụng|áp dụng|trồng|nuôi|bán} {rộng rãi|phổ biến}',
      'widely {used|adopted|applied|grown|planted|sold|deployed|available|marketed|cultivated}',
      'được ưa chuộng',
      'adopted by {many|thousands|hundreds|millions|tens of thousands} of',
      'in {widespread|wide|common} use',
    ],
  },
];

/** Phrases that contain a stage word but state no stage: a field name, a reference, a design. */
export const NOT_A_STAGE: string[] = [
  'chẩn đoán in vitro',
  'in vitro {diagnostic|diagnostics}',
  'phân tích {trong|tại}? phòng thí nghiệm',
  'laboratory {reference|analysis|analyses|measurement|measurements}',
  'pilot {study|studies|survey}',
  'hồ sơ {đăng ký|xin cấp} {lưu hành}?',
  'registered trademark',
  'certified reference {material|materials}',
  'approved by the {ethics|institutional|research|scientific} {committee|committees|board|review}',
  '{trial|study|protocol} registration {number}?',
  'hội đồng đạo đức',
  'nhãn hiệu đã đăng ký',
  'test {method|methods|results|result}',
  'thí nghiệm viên',
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
      'trong {giai đoạn|thời gian} tới',
      'kỳ vọng',
      'hy vọng',
      'mong muốn',
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
      '{hope|hopes} to',
      'is going to',
      '{envisaged|envisioned|foreseen|upcoming}',
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
      'to {build|construct|establish|set up|scale up}',
      'raising funds',
      'feasibility',
      'khả thi',
      'triển vọng',
      '{prospect|prospects} {of|for}',
      'promising for',
      '{opportunity|opportunities} for',
      '{possible|possibly}',
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

/**
 * Words of the present state that may stand far before the verb, across a Vietnamese passive's
 * agent ("hiện được nông dân các tỉnh Đồng bằng sông Cửu Long sử dụng rộng rãi").
 */
MARKERS_BEFORE.push({
  polarity: 'achieved',
  window: 12,
  phrases: ['hiện được', 'hiện đã', 'currently'],
});

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
  '{xưởng|cơ sở} {thử nghiệm|thực nghiệm}',
  'trại thực nghiệm',
  'experimental {farm|farms}',
];
export const REAL_PLANT_CUES: string[] = ['nhà máy', 'factory', 'factories', 'manufacturing plant'];

/** A stated duration: "trong 4 tháng", "suốt 2 năm", "for 8 months", "for over a year". */
const FOR =
  '{trong|suốt|sau|kéo dài|for|over|after|lasting} {khoảng|hơn|gần|about|nearly|over|more than|almost}?';
export const DURATIONS: { phrases: string[]; unitMonths: number }[] = [
  { unitMonths: 1, phrases: [`${FOR} <n> {tháng|month|months}`] },
  { unitMonths: 12, phrases: [`${FOR} <n> {năm|year|years}`] },
  { unitMonths: 0.23, phrases: [`${FOR} <n> {tuần|week|weeks}`] },
  { unitMonths: 1 / 30, phrases: [`${FOR} <n> {ngày|day|days}`] },
];

/**
 * An operation going on since a date ("since March 2022", "từ năm 2020", "từ tháng 3/2021"):
 * as long as from that year to the record's publication, and at least the three months that
 * make it more than a short trial.
 */
const MONTHS_EN =
  '{january|february|march|april|may|june|july|august|september|october|november|december}';
export const SINCE: string[] = [
  'since <year>',
  `since ${MONTHS_EN} <year>`,
  'từ {năm}? <year>',
  'từ tháng <n> {năm}? <year>',
  'từ tháng <n>/<year>',
];

/** Hectares: a field trial stated as an area ("trên diện rộng 120 ha", "covering 35 hectares"). */
export const AREAS: string[] = ['<qty> {ha|hécta|héc ta|hecta|hectare|hectares}'];

/**
 * A deployment said to be for evaluation or monitoring ("lắp đặt tại 30 hộ … và theo dõi trong
 * 9 tháng", "installed … for a one-year evaluation") is a demonstration, not routine use.
 */
export const EVALUATION_CUES: string[] = [
  '{và|để} {đánh giá|theo dõi|thử nghiệm|kiểm chứng}',
  'sử dụng thử',
  'for {a|an|the}? {<w>}? {<w>}? {evaluation|trial|test|testing|monitoring|assessment|study}',
  '{and|then} {monitored|evaluated}',
];

/**
 * Words that start a comparison with other products: stage words in it are said of them
 * ("Unlike commercial kits, which were sold widely, the assay…"). It runs to the first comma
 * not followed by a relative word.
 */
export const COMPARISONS: string[] = [
  'unlike',
  'khác với',
  'không giống {như}?',
  'compared {with|to}',
  'so với',
  'in contrast to',
  'contrary to',
  'as opposed to',
  'similar to',
  'tương tự {như}?',
  'như {các|những}',
];
export const RELATIVE_WORDS: string[] = ['which', 'that', 'who', 'mà', 'vốn'];
/** Clause words that say the sentence turns against what came before. */
export const CONTRASTS: string[] = ['nhưng', 'tuy nhiên', 'but', 'however'];

// ---- counts of sites -------------------------------------------------------------------------

const QUANTIFIER = '{hơn|trên|khoảng|gần|tổng cộng|more than|over|about|around|nearly|some}?';
/** A count right after the stage words: "tại 35 cơ sở", "at two schools". */
const PASSIVE =
  '{{đã}? được {tiến hành|thực hiện|triển khai|bố trí|đặt}|{was|were|has been|have been} {conducted|carried out|performed|run|done}}?';
export const COUNT_AFTER: string[] = [
  `{và vận hành|and operated}? {tại|ở|trên|cho|at|in|on|across|for} ${QUANTIFIER} <num>`,
  // "Thử nghiệm đã được tiến hành tại 3 ao", "Trials were conducted on 14 farms".
  `${PASSIVE} {tại|ở|trên|at|in|on|across} ${QUANTIFIER} <num>`,
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
/** The number words a duration takes ("trong sáu tháng", "for two years", "for over a year"). */
export const SMALL_NUMBER_WORDS: Record<string, number> = {
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
  a: 1,
  an: 1,
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
  eighteen: 18,
};
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
  'nông dân',
  '{farmer|farmers|smallholder|smallholders|smallholding|smallholdings}',
  'siêu thị',
  'cửa hàng',
  'nhà thuốc',
  'đại lý',
  '{supermarket|supermarkets|store|stores|shop|shops|pharmacy|pharmacies|retailer|retailers}',
];

/** A real user's site, named after a test verb: "operated at a rice mill", "thử nghiệm tại HTX". */
export const USER_SITES: string[] = [
  '{farm|farms|plantation|plantations|orchard|orchards|hatchery|hatcheries}',
  '{cooperative|cooperatives|co operative|co operatives}',
  '{factory|factories|mill|mills|slaughterhouse|slaughterhouses|packing house|packhouse}',
  '{treatment|power|processing|cement|feed|packing|wastewater} {plant|plants}',
  '{hospital|hospitals|clinic|clinics|school|schools|household|households}',
  'hợp tác xã',
  'htx',
  'trang trại',
  'nhà máy',
  'xí nghiệp',
  'bệnh viện',
  'trường học',
  'hộ {gia đình|dân|nông dân|nuôi}?',
  'công ty',
  'doanh nghiệp',
  'cơ sở {sản xuất|chế biến}?',
  '{ruộng|vườn|cánh đồng}',
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
