/**
 * Vietnamese institutions and companies that publish under names no rule can relate: a
 * Vietnamese and an English name that are translations ("Đại học Bách khoa Hà Nội" and "Hanoi
 * University of Science and Technology"), acronyms, short forms. The first name is the one
 * shown. Names are as each institution writes them on its own site; rules in organisations.ts
 * already relate "Trường Đại học X" = "Đại học X" = "X University" = "University of X" and strip
 * legal forms, so those variants need no entry.
 */
export const ORGANISATION_ALIASES: readonly (readonly string[])[] = [
  ['Đại học Bách khoa Hà Nội', 'Hanoi University of Science and Technology', 'HUST', 'ĐHBK Hà Nội'],
  ['Đại học Quốc gia Hà Nội', 'Vietnam National University, Hanoi', 'VNU Hanoi', 'ĐHQGHN'],
  [
    'Đại học Quốc gia TP. Hồ Chí Minh',
    'Vietnam National University Ho Chi Minh City',
    'VNU-HCM',
    'VNUHCM',
    'ĐHQG-HCM',
    'ĐHQG TP.HCM',
  ],
  [
    'Trường Đại học Bách khoa, ĐHQG-HCM',
    'Ho Chi Minh City University of Technology',
    'HCMUT',
    'Đại học Bách khoa TP.HCM',
    'Ho Chi Minh City University of Technology, VNU-HCM',
  ],
  [
    'Trường Đại học Khoa học Tự nhiên, ĐHQG-HCM',
    'University of Science, VNU-HCM',
    'VNUHCM University of Science',
  ],
  [
    'Trường Đại học Công nghệ, Đại học Quốc gia Hà Nội',
    'VNU University of Engineering and Technology',
    'VNU-UET',
  ],
  [
    'Viện Hàn lâm Khoa học và Công nghệ Việt Nam',
    'Vietnam Academy of Science and Technology',
    'VAST',
  ],
  ['Viện Khoa học Nông nghiệp Việt Nam', 'Vietnam Academy of Agricultural Sciences', 'VAAS'],
  ['Học viện Nông nghiệp Việt Nam', 'Vietnam National University of Agriculture', 'VNUA'],
  ['Trường Đại học Nông Lâm TP.HCM', 'Nong Lam University', 'Nong Lam University Ho Chi Minh City'],
  [
    'Trường Đại học Sư phạm Kỹ thuật TP.HCM',
    'Ho Chi Minh City University of Technology and Education',
    'HCMUTE',
  ],
  ['Trường Đại học Công nghiệp TP.HCM', 'Industrial University of Ho Chi Minh City', 'IUH'],
  [
    'Trường Đại học Y Dược TP.HCM',
    'University of Medicine and Pharmacy at Ho Chi Minh City',
    'UMP',
  ],
  ['Trường Đại học Y Hà Nội', 'Hanoi Medical University', 'HMU'],
  ['Trường Đại học Dược Hà Nội', 'Hanoi University of Pharmacy'],
  ['Trường Đại học Thủy lợi', 'Thuyloi University', 'Water Resources University'],
  ['Trường Đại học Giao thông Vận tải', 'University of Transport and Communications', 'UTC'],
  ['Trường Đại học Mỏ - Địa chất', 'Hanoi University of Mining and Geology', 'HUMG'],
  [
    'Trường Đại học Xây dựng Hà Nội',
    'Hanoi University of Civil Engineering',
    'National University of Civil Engineering',
  ],
  ['Trường Đại học Lâm nghiệp', 'Vietnam National University of Forestry'],
  ['Trường Đại học Kinh tế Quốc dân', 'National Economics University', 'NEU'],
  ['Trường Đại học Cần Thơ', 'Can Tho University', 'CTU'],
  ['Tập đoàn Công nghiệp - Viễn thông Quân đội', 'Viettel', 'Viettel Group', 'Tập đoàn Viettel'],
  ['Tập đoàn Điện lực Việt Nam', 'Vietnam Electricity', 'EVN'],
  ['Tập đoàn Dầu khí Việt Nam', 'PetroVietnam', 'Vietnam Oil and Gas Group'],
  ['Tập đoàn Vingroup', 'Vingroup'],
];
