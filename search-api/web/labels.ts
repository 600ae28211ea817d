import { FIELD_NAMES_VI, SECTOR_NAMES_VI, TECHNOLOGY_FIELDS } from '../../analyzers';
import type { Lang } from './i18n';

/**
 * Names of the values records and facets carry (types, kinds, sectors, fields, IPC sections,
 * readiness signals), in both interface languages. Tables, not code: a value missing here is
 * shown as the API gives it.
 */
type Pair = { vi: string; en: string };

export const TYPE_NAMES: Record<string, Pair> = {
  patent: { vi: 'Sáng chế', en: 'Patent' },
  research: { vi: 'Nghiên cứu', en: 'Research' },
};

/** By the first letter of the kind code, which is what the offices Cầu reads agree on. */
export const KIND_NAMES: Record<string, Pair> = {
  A: { vi: 'Đơn đã công bố', en: 'Published application' },
  B: { vi: 'Bằng độc quyền sáng chế', en: 'Granted patent' },
  U: { vi: 'Giải pháp hữu ích', en: 'Utility solution' },
};

/** Research result types, keyed by the lower-cased resource type as repositories write it. */
export const RESOURCE_TYPE_NAMES: Record<string, Pair> = {
  article: { vi: 'Bài báo', en: 'Article' },
  'journal article': { vi: 'Bài báo', en: 'Article' },
  thesis: { vi: 'Luận văn', en: 'Thesis' },
  'master thesis': { vi: 'Luận văn thạc sĩ', en: "Master's thesis" },
  'doctoral thesis': { vi: 'Luận án tiến sĩ', en: 'Doctoral thesis' },
  'technical report': { vi: 'Báo cáo kỹ thuật', en: 'Technical report' },
  report: { vi: 'Báo cáo', en: 'Report' },
  dataset: { vi: 'Bộ dữ liệu', en: 'Dataset' },
  'working paper': { vi: 'Bài nghiên cứu chưa xuất bản', en: 'Working paper' },
  'conference paper': { vi: 'Bài hội nghị', en: 'Conference paper' },
  book: { vi: 'Sách', en: 'Book' },
};

/** IPC sections as the Vietnamese translation of the IPC and WIPO's English text name them. */
export const IPC_SECTION_NAMES: Record<string, Pair> = {
  A: { vi: 'Nhu cầu thiết yếu của con người', en: 'Human necessities' },
  B: { vi: 'Các thao tác; vận chuyển', en: 'Performing operations; transporting' },
  C: { vi: 'Hóa học; luyện kim', en: 'Chemistry; metallurgy' },
  D: { vi: 'Dệt; giấy', en: 'Textiles; paper' },
  E: { vi: 'Xây dựng cố định', en: 'Fixed constructions' },
  F: {
    vi: 'Cơ khí; chiếu sáng; sưởi nóng; vũ khí; nổ mìn',
    en: 'Mechanical engineering; lighting; heating; weapons; blasting',
  },
  G: { vi: 'Vật lý', en: 'Physics' },
  H: { vi: 'Điện', en: 'Electricity' },
};

/** Technology Readiness Levels as docs/readiness.md defines them (EU H2020 Annex G). */
export const TRL_NAMES: Record<number, Pair> = {
  1: { vi: 'Quan sát được nguyên lý cơ bản', en: 'Basic principles observed' },
  2: { vi: 'Hình thành khái niệm công nghệ', en: 'Technology concept formulated' },
  3: { vi: 'Chứng minh khái niệm bằng thực nghiệm', en: 'Experimental proof of concept' },
  4: { vi: 'Kiểm chứng trong phòng thí nghiệm', en: 'Technology validated in the laboratory' },
  5: {
    vi: 'Kiểm chứng trong môi trường liên quan',
    en: 'Technology validated in a relevant environment',
  },
  6: {
    vi: 'Trình diễn trong môi trường liên quan',
    en: 'Technology demonstrated in a relevant environment',
  },
  7: {
    vi: 'Trình diễn mẫu hệ thống trong môi trường vận hành',
    en: 'System prototype demonstrated in an operational environment',
  },
  8: { vi: 'Hệ thống hoàn chỉnh và đạt chuẩn', en: 'System complete and qualified' },
  9: { vi: 'Đã ứng dụng thương mại', en: 'In commercial use' },
};

/** Stages of analyzers/readiness/lexicon.ts. */
export const STAGE_NAMES: Record<string, Pair> = {
  lab: { vi: 'thí nghiệm trong phòng thí nghiệm', en: 'laboratory experiment' },
  'lab-validation': { vi: 'kiểm chứng trong phòng thí nghiệm', en: 'validated in the laboratory' },
  prototype: { vi: 'mẫu thử, mô hình thử nghiệm', en: 'prototype' },
  'field-experiment': { vi: 'thí nghiệm đồng ruộng', en: 'field experiment' },
  'field-trial': { vi: 'thử nghiệm thực địa', en: 'field trial' },
  'trial-installation': { vi: 'lắp đặt thử nghiệm', en: 'trial installation' },
  clinical: { vi: 'thử nghiệm lâm sàng', en: 'clinical trial' },
  pilot: { vi: 'quy mô thí điểm', en: 'pilot scale' },
  'trial-production': { vi: 'sản xuất thử', en: 'trial production' },
  'industrial-scale': { vi: 'quy mô công nghiệp', en: 'industrial scale' },
  'site-trial': { vi: 'thử nghiệm tại cơ sở sử dụng', en: 'trial at a user site' },
  operation: { vi: 'đưa vào vận hành', en: 'in operation' },
  installed: { vi: 'đã lắp đặt', en: 'installed' },
  deployed: { vi: 'đã triển khai', en: 'deployed' },
  transferred: { vi: 'đã chuyển giao', en: 'transferred or licensed' },
  production: { vi: 'đang sản xuất', en: 'in production' },
  commercial: { vi: 'thương mại hóa', en: 'in commercial use' },
};

const SIGNAL_NAMES: Record<string, Pair> = {
  trl: { vi: 'Mức TRL do tác giả nêu', en: 'TRL stated by the authors' },
  nudge: { vi: 'Điều chỉnh theo các tín hiệu phụ', en: 'Adjusted by the weaker signals' },
  'citations-received': { vi: 'Số lần được trích dẫn', en: 'Citations received' },
  age: { vi: 'Ngày công bố (độ lâu năm)', en: 'Publication date (age)' },
  'kind:granted': { vi: 'Đã được cấp bằng', en: 'Granted' },
  'kind:application': { vi: 'Mới là đơn đăng ký', en: 'Application only' },
  'kind:utility-solution': { vi: 'Giải pháp hữu ích', en: 'Utility solution' },
  'fallback:patent': { vi: 'Mức mặc định của sáng chế', en: 'Default level of a patent' },
  'fallback:granted-patent': {
    vi: 'Mức mặc định của bằng sáng chế',
    en: 'Default level of a granted patent',
  },
  'fallback:patent-application': {
    vi: 'Mức mặc định của đơn sáng chế',
    en: 'Default level of a patent application',
  },
  'fallback:utility-solution': {
    vi: 'Mức mặc định của giải pháp hữu ích',
    en: 'Default level of a utility solution',
  },
  'applicant:company': { vi: 'Người nộp đơn là doanh nghiệp', en: 'Applicant is a company' },
  'applicant:university-or-institute': {
    vi: 'Người nộp đơn là trường hoặc viện',
    en: 'Applicant is a university or institute',
  },
  'applicant:individual': { vi: 'Người nộp đơn là cá nhân', en: 'Applicant is an individual' },
  'priority-abroad': {
    vi: 'Có yêu cầu hưởng quyền ưu tiên ở nước ngoài',
    en: 'Priority claimed abroad',
  },
  'partner:industry': { vi: 'Có đối tác doanh nghiệp', en: 'Industry partner' },
};

const SIGNAL_PATTERNS: Record<string, Pair> = {
  stage: { vi: 'Giai đoạn đã đạt: {}', en: 'Stage reached: {}' },
  negated: { vi: 'Giai đoạn chưa đạt: {}', en: 'Stage not reached: {}' },
  future: { vi: 'Giai đoạn dự kiến, chưa đạt: {}', en: 'Stage planned, not reached: {}' },
  potential: { vi: 'Giai đoạn có thể, chưa đạt: {}', en: 'Stage possible, not reached: {}' },
  type: { vi: 'Loại tài liệu: {}', en: 'Document type: {}' },
  fallback: { vi: 'Mức mặc định của loại tài liệu: {}', en: 'Default level of the type: {}' },
};

const CAP_NAMES: Record<string, Pair> = {
  negated: {
    vi: 'Hạ mức: giai đoạn được nói là chưa đạt',
    en: 'Capped: a stage stated as not reached',
  },
  future: { vi: 'Hạ mức: giai đoạn mới là dự kiến', en: 'Capped: a stage only planned' },
  potential: { vi: 'Hạ mức: giai đoạn mới là khả năng', en: 'Capped: a stage only possible' },
};

/** Research types as readiness names them ("doctoral-thesis"). */
const READINESS_TYPES: Record<string, Pair> = {
  article: RESOURCE_TYPE_NAMES.article!,
  thesis: RESOURCE_TYPE_NAMES.thesis!,
  'doctoral-thesis': RESOURCE_TYPE_NAMES['doctoral thesis']!,
  'technical-report': RESOURCE_TYPE_NAMES['technical report']!,
  dataset: RESOURCE_TYPE_NAMES.dataset!,
  'working-paper': RESOURCE_TYPE_NAMES['working paper']!,
  other: { vi: 'khác', en: 'other' },
};

export const LINK_REASONS: Record<string, Pair> = {
  inventor: { vi: 'cùng tác giả', en: 'same inventor or author' },
  institution: { vi: 'cùng tổ chức', en: 'same institution' },
  cites: { vi: 'trích dẫn', en: 'cites' },
  'cited-by': { vi: 'được trích dẫn bởi', en: 'cited by' },
};

export const ORGANISATION_KINDS: Record<string, Pair> = {
  company: { vi: 'Doanh nghiệp', en: 'Company' },
  academic: { vi: 'Trường, viện', en: 'University or institute' },
  individual: { vi: 'Cá nhân', en: 'Individual' },
  other: { vi: 'Khác', en: 'Other' },
};

const pick = (table: Record<string, Pair>, key: string, lang: Lang): string | undefined =>
  table[key]?.[lang];

export const typeName = (type: string, lang: Lang): string => pick(TYPE_NAMES, type, lang) ?? type;

/** "Granted patent (B2)"; an unknown kind letter shows the code alone. */
export function kindName(kind: string, lang: Lang): string {
  const name = KIND_NAMES[kind.charAt(0).toUpperCase()]?.[lang];
  return name ? `${name} (${kind})` : kind;
}

/** The kind of a patent, from its id (CC-docNumber-kind, README "Record model"). */
export function kindOfId(id: string): string | undefined {
  const m = /^[A-Z]{2}-.+-([A-Z]\d?)$/.exec(id);
  return m?.[1];
}

export function resourceTypeName(type: string, lang: Lang): string {
  return pick(RESOURCE_TYPE_NAMES, type.trim().toLowerCase(), lang) ?? type;
}

export function fieldName(number: number, english: string, lang: Lang): string {
  return lang === 'vi' ? (FIELD_NAMES_VI[number] ?? english) : english;
}

export function fieldNameByNumber(number: number, lang: Lang): string {
  const info = TECHNOLOGY_FIELDS.find((f) => f.number === number);
  return info ? fieldName(number, info.field, lang) : String(number);
}

export function sectorName(sector: string, lang: Lang): string {
  return lang === 'vi' ? (SECTOR_NAMES_VI[sector] ?? sector) : sector;
}

export function ipcSectionName(section: string, lang: Lang): string {
  return pick(IPC_SECTION_NAMES, section, lang) ?? section;
}

export function trlName(level: number, lang: Lang): string {
  return TRL_NAMES[level]?.[lang] ?? '';
}

/** A readiness signal's name (analyzers/readiness), said in words. */
export function signalName(name: string, lang: Lang): string {
  const direct = pick(SIGNAL_NAMES, name, lang);
  if (direct) return direct;
  const [head, rest] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)];
  if (head === 'cap') return pick(CAP_NAMES, rest, lang) ?? name;
  const pattern = pick(SIGNAL_PATTERNS, head, lang);
  if (!pattern) return name;
  const value =
    head === 'type' || head === 'fallback'
      ? (pick(READINESS_TYPES, rest, lang) ?? rest)
      : (pick(STAGE_NAMES, rest, lang) ?? rest);
  return pattern.replace('{}', value);
}

export function linkReason(kind: string, lang: Lang): string {
  return pick(LINK_REASONS, kind, lang) ?? kind;
}

export function organisationKind(kind: string, lang: Lang): string {
  return pick(ORGANISATION_KINDS, kind, lang) ?? kind;
}
