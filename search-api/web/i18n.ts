import type { Request, Response } from 'express';

/**
 * Every piece of interface text, in both languages side by side (so one cannot be forgotten:
 * the type requires both). Vietnamese is the default; `?lang=` switches and a cookie remembers.
 */
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const LANG_COOKIE = 'cau_lang';

type Text = string | ((...args: never[]) => string);
type Entry = { vi: Text; en: Text };

/** Record fields that passages and highlights come from. */
const FIELD_NAMES: Record<Lang, Record<string, string>> = {
  vi: { title: 'Tên', abstract: 'Tóm tắt', claims: 'Yêu cầu bảo hộ', description: 'Mô tả' },
  en: { title: 'Title', abstract: 'Abstract', claims: 'Claims', description: 'Description' },
};

const MESSAGES = {
  siteName: { vi: 'Cầu', en: 'Cầu' },
  tagline: {
    vi: 'Tìm sáng chế, giải pháp hữu ích và kết quả nghiên cứu của Việt Nam — gõ tiếng Việt có dấu, không dấu, hoặc tiếng Anh.',
    en: 'Search Vietnamese patents, utility solutions and research results — type Vietnamese with or without tone marks, or English.',
  },
  searchTitle: { vi: 'Tìm kiếm sáng chế và nghiên cứu', en: 'Patent and research search' },
  skipToResults: { vi: 'Bỏ qua, đến kết quả', en: 'Skip to results' },
  skipToContent: { vi: 'Đến nội dung chính', en: 'Skip to main content' },
  nav: { vi: 'Điều hướng', en: 'Navigation' },
  navSearch: { vi: 'Tìm kiếm', en: 'Search' },
  navPriorArt: { vi: 'Tra cứu tình trạng kỹ thuật', en: 'Prior-art search' },
  otherLanguage: { vi: 'English', en: 'Tiếng Việt' },
  otherLanguageLabel: {
    vi: 'Switch the interface to English',
    en: 'Chuyển giao diện sang tiếng Việt',
  },
  footerApi: { vi: 'API cho lập trình viên', en: 'API for developers' },

  queryLabel: { vi: 'Từ khóa tìm kiếm', en: 'Search terms' },
  queryPlaceholder: {
    vi: 'vd. phân bón hữu cơ, "năng lượng mặt trời", rice husk',
    en: 'e.g. rice husk fertilizer, "solar dryer", phân bón',
  },
  searchButton: { vi: 'Tìm', en: 'Search' },
  filters: { vi: 'Bộ lọc', en: 'Filters' },
  filtersToggle: {
    vi: (n: number) => (n ? `Bộ lọc (${n})` : 'Bộ lọc'),
    en: (n: number) => (n ? `Filters (${n})` : 'Filters'),
  },
  typeLabel: { vi: 'Loại tài liệu', en: 'Record type' },
  allTypes: { vi: 'Tất cả', en: 'All' },
  sortLabel: { vi: 'Sắp xếp', en: 'Sort by' },
  sortRelevance: { vi: 'Liên quan nhất', en: 'Most relevant' },
  sortReadiness: { vi: 'Gần thị trường nhất (TRL)', en: 'Closest to market (TRL)' },
  sortDate: { vi: 'Mới nhất', en: 'Newest' },
  fromLabel: { vi: 'Công bố từ ngày', en: 'Published from' },
  toLabel: { vi: 'đến ngày', en: 'to' },
  dateHint: { vi: 'dd/mm/yyyy hoặc năm', en: 'YYYY-MM-DD or a year' },
  ipcLabel: { vi: 'Mã IPC', en: 'IPC code' },
  ipcHint: { vi: 'vd. C05F hoặc C05F 11/08', en: 'e.g. C05F or C05F 11/08' },
  apply: { vi: 'Áp dụng', en: 'Apply' },
  narrow: { vi: 'Thu hẹp thêm', en: 'Narrow down' },

  facetType: { vi: 'Loại tài liệu', en: 'Record type' },
  facetSector: { vi: 'Khu vực công nghệ', en: 'Technology sector' },
  facetField: { vi: 'Lĩnh vực công nghệ (WIPO)', en: 'Technology field (WIPO)' },
  facetIpcSection: { vi: 'Phần IPC', en: 'IPC section' },
  facetIpcSubclass: { vi: 'Phân lớp IPC', en: 'IPC subclass' },
  facetYear: { vi: 'Năm công bố', en: 'Publication year' },
  facetShowAll: { vi: (n: number) => `Xem tất cả (${n})`, en: (n: number) => `Show all (${n})` },
  facetSelected: { vi: 'đang chọn', en: 'selected' },

  activeFilters: { vi: 'Đang lọc theo', en: 'Filtered by' },
  removeFilter: {
    vi: (what: string) => `Bỏ lọc: ${what}`,
    en: (what: string) => `Remove filter: ${what}`,
  },
  clearFilters: { vi: 'Bỏ mọi bộ lọc', en: 'Clear all filters' },
  chipYear: { vi: (y: string) => `Năm ${y}`, en: (y: string) => `Year ${y}` },
  chipFrom: { vi: (d: string) => `Từ ${d}`, en: (d: string) => `From ${d}` },
  chipTo: { vi: (d: string) => `Đến ${d}`, en: (d: string) => `To ${d}` },
  chipQuery: { vi: 'Từ khóa', en: 'Query' },

  resultsHeading: { vi: 'Kết quả', en: 'Results' },
  resultCount: {
    vi: (n: string) => `${n} kết quả`,
    en: (n: string) => (n === '1' ? '1 result' : `${n} results`),
  },
  browseCount: {
    vi: (n: string) => `${n} tài liệu, mới nhất trước`,
    en: (n: string) => `${n} records, newest first`,
  },
  showing: {
    vi: (a: string, b: string) => `đang hiện ${a} / ${b}`,
    en: (a: string, b: string) => `showing ${a} of ${b}`,
  },
  relaxedNote: {
    vi: 'Ít tài liệu chứa đủ mọi từ, nên các tài liệu thiếu một từ được xếp sau chúng.',
    en: 'Few records contain every word, so records missing one word are listed after them.',
  },
  more: { vi: 'Xem thêm kết quả', en: 'More results' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  moreFailed: {
    vi: 'Không tải thêm được kết quả. Hãy tải lại trang.',
    en: 'More results could not be loaded. Reload the page.',
  },
  download: { vi: 'Tải xuống kết quả', en: 'Download results' },
  downloadHint: {
    vi: 'tối đa 1.000 tài liệu; CSV mở được bằng Excel',
    en: 'up to 1,000 records; the CSV opens in Excel',
  },
  feed: { vi: 'Theo dõi bằng Atom', en: 'Follow as an Atom feed' },
  feedHint: {
    vi: 'nhận các tài liệu mới khớp tìm kiếm này trong trình đọc tin, không cần tài khoản',
    en: 'new matches of this search in any feed reader, no account needed',
  },

  overview: { vi: 'Tổng quan kết quả', en: 'Overview of the results' },
  chartYears: { vi: 'Số tài liệu theo năm công bố', en: 'Records per publication year' },
  chartOrgs: { vi: 'Người nộp đơn và tổ chức nhiều nhất', en: 'Top applicants and institutions' },
  chartOrgsNote: {
    vi: (n: string) => `trong ${n} kết quả đầu`,
    en: (n: string) => `among the first ${n} results`,
  },
  chartFields: { vi: 'Lĩnh vực công nghệ', en: 'Technology fields' },
  chartYearsDesc: {
    vi: (a: string, b: string, p: string, r: string) =>
      `Từ ${a} đến ${b}: ${p} sáng chế và ${r} kết quả nghiên cứu.`,
    en: (a: string, b: string, p: string, r: string) =>
      `${a} to ${b}: ${p} patents and ${r} research results.`,
  },
  chartNoData: { vi: 'Không có dữ liệu', en: 'No data' },
  patents: { vi: 'Sáng chế', en: 'Patents' },
  researchResults: { vi: 'Nghiên cứu', en: 'Research' },
  records: { vi: (n: string) => `${n} tài liệu`, en: (n: string) => `${n} records` },

  applicants: { vi: 'Người nộp đơn', en: 'Applicants' },
  inventors: { vi: 'Tác giả sáng chế', en: 'Inventors' },
  creators: { vi: 'Tác giả', en: 'Authors' },
  publisher: { vi: 'Đơn vị', en: 'Institution' },
  fieldFromIpc: {
    vi: (code: string) =>
      `Xác định từ mã IPC ${code} theo bảng tương ứng IPC – lĩnh vực công nghệ của WIPO.`,
    en: (code: string) => `From IPC code ${code}, by WIPO's IPC – technology concordance.`,
  },
  fieldFromClassifier: {
    vi: (pct: string) => `Dự đoán từ nội dung (không có mã IPC), độ tin cậy ${pct}.`,
    en: (pct: string) => `Predicted from the text (there are no IPC codes), confidence ${pct}.`,
  },
  filterByField: { vi: 'Chỉ xem lĩnh vực này', en: 'Show only this field' },
  trlTitle: { vi: 'Mức sẵn sàng công nghệ', en: 'Technology readiness level' },
  trlEvidenceLink: { vi: 'Mọi căn cứ', en: 'All evidence' },
  signal: { vi: 'Tín hiệu', en: 'Signal' },
  weight: { vi: 'Trọng số (mức)', en: 'Weight (levels)' },
  evidence: { vi: 'Căn cứ (nguyên văn)', en: 'Evidence' },
  showEvidence: { vi: 'Xem căn cứ', en: 'Show the evidence' },
  matchedTerms: { vi: 'Thuật ngữ khớp', en: 'Matched terms' },
  badgesLabel: { vi: 'Phân loại', en: 'Classification' },

  noResults: { vi: 'Không tìm thấy tài liệu nào.', en: 'No records found.' },
  emptyIndex: {
    vi: 'Chỉ mục chưa có tài liệu nào. Hãy nạp dữ liệu: npx cau ingest <tệp hoặc thư mục>.',
    en: 'The index holds no records yet. Load some: npx cau ingest <file or folder>.',
  },
  noResultsFor: {
    vi: (q: string) => `Không tìm thấy tài liệu nào cho “${q}”.`,
    en: (q: string) => `No records found for “${q}”.`,
  },
  suggestions: { vi: 'Thử:', en: 'Try:' },
  tryToneless: { vi: 'tìm không dấu', en: 'without tone marks' },
  tryWithoutFilters: { vi: 'bỏ bộ lọc', en: 'without the filters' },
  didYouMean: { vi: 'có phải bạn muốn tìm', en: 'did you mean' },
  suggestionCount: { vi: (n: string) => `${n} kết quả`, en: (n: string) => `${n} results` },
  emptyTips: {
    vi: 'Mẹo: dùng ít từ hơn, từ đồng nghĩa, hoặc tiếng Anh (Cầu tìm cả tài liệu tiếng Việt qua bảng thuật ngữ).',
    en: 'Tips: use fewer words, a synonym, or Vietnamese (Cầu also finds English records through its glossary).',
  },

  errorTitle: { vi: 'Không thực hiện được tìm kiếm', en: 'The search could not be run' },
  invalidQuery: {
    vi: (m: string) => `Câu truy vấn không hợp lệ (${m}).`,
    en: (m: string) => `The query is not valid (${m}).`,
  },
  badParameter: {
    vi: (m: string) => `Tham số không hợp lệ (${m}).`,
    en: (m: string) => `A parameter is not valid (${m}).`,
  },
  invalidDate: {
    vi: (v: string) => `Ngày không hợp lệ: “${v}”. Hãy nhập dd/mm/yyyy hoặc một năm.`,
    en: (v: string) => `Not a date: “${v}”. Type YYYY-MM-DD, dd/mm/yyyy or a year.`,
  },
  unavailable: {
    vi: 'Chỉ mục tìm kiếm tạm thời không truy cập được. Hãy thử lại sau ít phút.',
    en: 'The search index cannot be reached right now. Try again in a few minutes.',
  },
  internalError: {
    vi: 'Đã có lỗi ở máy chủ; chi tiết được ghi trong nhật ký máy chủ.',
    en: 'Something went wrong on the server; the details are in its log.',
  },
  errorBack: { vi: 'Về trang tìm kiếm', en: 'Back to search' },

  introTitle: { vi: 'Bắt đầu từ đây', en: 'Start here' },
  introText: {
    vi: 'Gõ vài từ về công nghệ bạn quan tâm. Không cần gõ dấu; từ tiếng Anh cũng tìm được tài liệu tiếng Việt.',
    en: 'Type a few words about the technology you are after. Vietnamese works without tone marks, and English words find Vietnamese records too.',
  },
  introExamples: { vi: 'Ví dụ:', en: 'Examples:' },
  introPriorArt: {
    vi: 'Cần kiểm tra tính mới của một sáng chế? Dùng tra cứu tình trạng kỹ thuật.',
    en: 'Checking whether an invention is new? Use the prior-art search.',
  },
  newest: { vi: 'Mới công bố', en: 'Newest records' },

  // Record page
  backToSearch: { vi: 'Quay lại tìm kiếm', en: 'Back to search' },
  bibliographic: { vi: 'Thông tin thư mục', en: 'Bibliographic data' },
  abstract: { vi: 'Tóm tắt', en: 'Abstract' },
  otherLanguageVersions: { vi: 'Bản ngôn ngữ khác', en: 'Other languages' },
  claims: { vi: 'Yêu cầu bảo hộ', en: 'Claims' },
  description: { vi: 'Mô tả', en: 'Description' },
  showDescription: {
    vi: (n: string) => `Bản mô tả (${n} ký tự)`,
    en: (n: string) => `Description (${n} characters)`,
  },
  citations: { vi: 'Tài liệu được trích dẫn', en: 'Citations' },
  citedBy: { vi: 'Được trích dẫn bởi', en: 'Cited by' },
  priority: { vi: 'Quyền ưu tiên', en: 'Priority claims' },
  related: { vi: 'Tài liệu liên quan', en: 'Related records' },
  relatedNote: {
    vi: 'Cùng tác giả, cùng tổ chức hoặc có trích dẫn qua lại.',
    en: 'Sharing an inventor or author, an institution, or a citation.',
  },
  similar: { vi: 'Tài liệu tương tự', en: 'Similar records' },
  similarNote: {
    vi: 'Về cùng chủ đề, bằng cả hai ngôn ngữ; không gồm các tài liệu cùng họ sáng chế.',
    en: 'About the same thing, in either language; its own patent family left out.',
  },
  readiness: { vi: 'Mức sẵn sàng công nghệ', en: 'Technology readiness' },
  readinessScore: {
    vi: (lvl: string, name: string) => `TRL ${lvl}: ${name}`,
    en: (lvl: string, name: string) => `TRL ${lvl}: ${name}`,
  },
  licensees: { vi: 'Đơn vị có thể nhận chuyển giao', en: 'Licensee candidates' },
  licenseesNote: {
    vi: 'Các tổ chức có sáng chế gần nhất với kết quả này, xếp theo mức độ gần, độ mới và loại tổ chức.',
    en: 'Organisations holding the patents closest to this result, ranked by closeness, recency and kind.',
  },
  licenseeScore: { vi: 'Điểm', en: 'Score' },
  licenseeRecords: { vi: 'Sáng chế gần nhất', en: 'Closest patents' },
  licenseePerYear: { vi: 'Số sáng chế theo năm', en: 'Patents per year' },
  licenseeSharedFields: { vi: 'Lĩnh vực chung', en: 'Shared fields' },
  licenseeFieldCount: {
    vi: (a: string, b: string) => `${a} sáng chế tương tự / ${b} sáng chế trong lĩnh vực`,
    en: (a: string, b: string) => `${a} similar patents / ${b} patents in the field`,
  },
  licenseeSharedIpc: { vi: 'Nhóm IPC chung', en: 'Shared IPC groups' },
  licenseeCitations: { vi: 'Trích dẫn', en: 'Citation links' },
  licenseeAliases: { vi: 'Tên khác', en: 'Also written' },
  similarity: { vi: 'độ tương tự', en: 'similarity' },
  technologyFields: { vi: 'Lĩnh vực công nghệ', en: 'Technology fields' },
  ipcCodes: { vi: 'Mã phân loại IPC', en: 'IPC classification' },
  source: { vi: 'Nguồn dữ liệu', en: 'Source' },
  sourceText: {
    vi: (format: string, file: string, where: string) =>
      `Đọc từ tệp ${file} (định dạng ${format}${where ? `, ${where}` : ''}).`,
    en: (format: string, file: string, where: string) =>
      `Read from ${file} (format ${format}${where ? `, ${where}` : ''}).`,
  },
  sourceLine: { vi: (n: string) => `dòng ${n}`, en: (n: string) => `line ${n}` },
  apiJson: { vi: 'Bản ghi dạng JSON (API)', en: 'The record as JSON (API)' },
  sourceFormatLink: { vi: 'Về các định dạng nguồn', en: 'About the source formats' },
  none: { vi: 'Không có', en: 'None' },
  notInIndex: { vi: 'chưa có trong chỉ mục', en: 'not in the index' },
  printPage: { vi: 'In trang này', en: 'Print this page' },
  id: { vi: 'Mã tài liệu', en: 'Id' },
  office: { vi: 'Cơ quan công bố', en: 'Office' },
  docNumber: { vi: 'Số công bố', en: 'Publication number' },
  kind: { vi: 'Loại văn bằng', en: 'Kind' },
  applicationNumber: { vi: 'Số đơn', en: 'Application number' },
  filed: { vi: 'Ngày nộp đơn', en: 'Filing date' },
  published: { vi: 'Ngày công bố', en: 'Publication date' },
  language: { vi: 'Ngôn ngữ', en: 'Language' },
  otherTitles: { vi: 'Tên khác', en: 'Other titles' },
  subjects: { vi: 'Chủ đề', en: 'Subjects' },
  identifiers: { vi: 'Định danh', en: 'Identifiers' },
  resourceType: { vi: 'Loại tài liệu', en: 'Resource type' },
  recordNotFound: {
    vi: (id: string) => `Không có tài liệu nào mang mã “${id}”.`,
    en: (id: string) => `There is no record with id “${id}”.`,
  },
  pageNotFound: { vi: 'Không tìm thấy trang', en: 'Page not found' },

  // Prior art
  priorArtTitle: { vi: 'Tra cứu tình trạng kỹ thuật', en: 'Prior-art search' },
  priorArtIntro: {
    vi: 'Dán yêu cầu bảo hộ, bản tóm tắt hoặc bản mô tả (tiếng Việt, tiếng Anh hoặc cả hai). Cầu trích các thuật ngữ chính, tìm cả bản dịch của chúng, và chỉ giữ các tài liệu đã công bố trước ngày giới hạn.',
    en: 'Paste a claim, an abstract or a description (Vietnamese, English or both). Cầu picks its key terms, looks for their translations too, and keeps only records published before the cutoff date.',
  },
  textLabel: { vi: 'Nội dung cần tra cứu', en: 'Text to check' },
  textHint: {
    vi: (n: string) => `tối đa ${n} ký tự`,
    en: (n: string) => `up to ${n} characters`,
  },
  uploadLabel: { vi: 'hoặc lấy nội dung từ tệp .txt', en: 'or take the text from a .txt file' },
  uploadTooLarge: {
    vi: 'Tệp quá lớn: chỉ đọc 50.000 ký tự đầu.',
    en: 'The file is large: only its first 50,000 characters are read.',
  },
  uploadNotText: {
    vi: 'Tệp này không phải văn bản thuần (.txt).',
    en: 'This file is not plain text (.txt).',
  },
  cutoffLabel: { vi: 'Ngày giới hạn', en: 'Cutoff date' },
  cutoffHint: {
    vi: 'chỉ tài liệu công bố trước ngày này; dd/mm/yyyy',
    en: 'only records published before this date; YYYY-MM-DD or dd/mm/yyyy',
  },
  priorArtIpcLabel: {
    vi: 'Mã IPC của đơn (không bắt buộc)',
    en: 'IPC codes of the application (optional)',
  },
  priorArtIpcHint: {
    vi: 'cách nhau bằng dấu phẩy; dùng để ưu tiên, không để loại',
    en: 'separated by commas; they raise records, they do not filter',
  },
  runPriorArt: { vi: 'Tra cứu', en: 'Search prior art' },
  priorArtCount: {
    vi: (n: string, d: string) => `${n} tài liệu công bố trước ${d}`,
    en: (n: string, d: string) => `${n} records published before ${d}`,
  },
  keyTerms: { vi: 'Thuật ngữ chính được dùng', en: 'Key terms used' },
  keyTermsNote: {
    vi: 'Trọng số cao hơn cho thuật ngữ hiếm hơn; bản dịch lấy từ bảng thuật ngữ Việt – Anh.',
    en: 'Rarer terms weigh more; translations come from the Vietnamese–English glossary.',
  },
  ipcBoost: { vi: 'Nhóm IPC được ưu tiên', en: 'IPC groups raised' },
  passages: { vi: 'Đoạn khớp', en: 'Matching passages' },
  priorityDates: { vi: 'Quyền ưu tiên', en: 'Priority' },
  textRequired: {
    vi: 'Hãy dán nội dung cần tra cứu (hoặc chọn một tệp .txt).',
    en: 'Paste the text to check (or choose a .txt file).',
  },
  textTooLong: {
    vi: (n: string) => `Nội dung dài quá ${n} ký tự.`,
    en: (n: string) => `The text is longer than ${n} characters.`,
  },
  cutoffRequired: { vi: 'Hãy nhập ngày giới hạn.', en: 'Give the cutoff date.' },
  priorArtNone: {
    vi: 'Không có tài liệu nào công bố trước ngày giới hạn chứa các thuật ngữ này.',
    en: 'No record published before the cutoff contains these terms.',
  },
  exportPriorArt: { vi: 'Tải xuống các kết quả này', en: 'Download these results' },
  fieldLabel: { vi: 'Trong', en: 'In' },
  fieldNames: {
    vi: (f: string) => FIELD_NAMES.vi[f] ?? f,
    en: (f: string) => FIELD_NAMES.en[f] ?? f,
  },
} satisfies Record<string, Entry>;

type Messages = { [K in keyof typeof MESSAGES]: (typeof MESSAGES)[K]['vi'] };

const TABLES: Record<Lang, Messages> = {
  vi: Object.fromEntries(Object.entries(MESSAGES).map(([k, v]) => [k, v.vi])) as Messages,
  en: Object.fromEntries(Object.entries(MESSAGES).map(([k, v]) => [k, v.en])) as Messages,
};

export function messages(lang: Lang): Messages {
  return TABLES[lang];
}

export const isLang = (v: unknown): v is Lang => v === 'vi' || v === 'en';

/**
 * The interface language of a request: `?lang=` (remembered in a cookie for a year), else the
 * cookie, else Vietnamese.
 */
export function requestLang(req: Request, res: Response): Lang {
  const asked = req.query.lang;
  if (isLang(asked)) {
    res.cookie(LANG_COOKIE, asked, { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', path: '/' });
    return asked;
  }
  res.vary('Cookie');
  const cookie = /(?:^|;\s*)cau_lang=(vi|en)(?:;|$)/.exec(req.headers.cookie ?? '');
  return cookie ? (cookie[1] as Lang) : 'vi';
}
