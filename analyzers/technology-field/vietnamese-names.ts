/**
 * Vietnamese names of WIPO's 35 technology fields and 5 sectors, beside the English names of the
 * concordance (ipc-technology-concordance.csv), for interfaces that speak Vietnamese. Translated
 * for Cầu from the English names (WIPO publishes no Vietnamese version); the terms follow the usage
 * of Vietnam's IP office and Vietnamese technical dictionaries ("cao phân tử" for macromolecular,
 * "giải pháp hữu ích" for utility solutions).
 */
export const FIELD_NAMES_VI: Readonly<Record<number, string>> = {
  1: 'Máy móc, thiết bị điện, năng lượng',
  2: 'Công nghệ nghe nhìn',
  3: 'Viễn thông',
  4: 'Truyền thông số',
  5: 'Quá trình truyền thông cơ bản',
  6: 'Công nghệ máy tính',
  7: 'Phương pháp công nghệ thông tin trong quản lý',
  8: 'Chất bán dẫn',
  9: 'Quang học',
  10: 'Đo lường',
  11: 'Phân tích vật liệu sinh học',
  12: 'Điều khiển',
  13: 'Công nghệ y tế',
  14: 'Hóa hữu cơ tinh chế',
  15: 'Công nghệ sinh học',
  16: 'Dược phẩm',
  17: 'Hóa học cao phân tử, polyme',
  18: 'Hóa học thực phẩm',
  19: 'Hóa học vật liệu cơ bản',
  20: 'Vật liệu, luyện kim',
  21: 'Công nghệ bề mặt, lớp phủ',
  22: 'Công nghệ vi cấu trúc và nano',
  23: 'Kỹ thuật hóa học',
  24: 'Công nghệ môi trường',
  25: 'Nâng chuyển, xếp dỡ',
  26: 'Máy công cụ',
  27: 'Động cơ, bơm, tua bin',
  28: 'Máy dệt và máy giấy',
  29: 'Máy chuyên dụng khác',
  30: 'Quá trình và thiết bị nhiệt',
  31: 'Chi tiết cơ khí',
  32: 'Giao thông vận tải',
  33: 'Đồ nội thất, trò chơi',
  34: 'Hàng tiêu dùng khác',
  35: 'Kỹ thuật xây dựng',
};

/** Keyed by the English sector name the concordance uses (and the API's `sector` values). */
export const SECTOR_NAMES_VI: Readonly<Record<string, string>> = {
  'Electrical engineering': 'Kỹ thuật điện',
  Instruments: 'Dụng cụ, thiết bị đo',
  Chemistry: 'Hóa học',
  'Mechanical engineering': 'Kỹ thuật cơ khí',
  'Other fields': 'Lĩnh vực khác',
};
