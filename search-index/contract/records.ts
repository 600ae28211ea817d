import type { PatentRecord, ResearchRecord } from '../../model';

/** Small, hand-made records for the contract suite: each one is there for a reason named below. */
export function patent(
  id: string,
  fields: Partial<Omit<PatentRecord, 'id' | 'type'>> = {},
): PatentRecord {
  return {
    id,
    type: 'patent',
    title: fields.title ?? `Patent ${id}`,
    lang: 'vi',
    country: 'VN',
    docNumber: id,
    kind: 'B',
    priority: [],
    ipc: [],
    applicants: [],
    inventors: [],
    claims: [],
    citations: [],
    source: { file: 'contract', format: 'test', position: 0 },
    ...fields,
  };
}

export function research(
  id: string,
  fields: Partial<Omit<ResearchRecord, 'id' | 'type'>> = {},
): ResearchRecord {
  return {
    id,
    type: 'research',
    title: fields.title ?? `Research ${id}`,
    lang: 'vi',
    creators: [],
    subjects: [],
    identifiers: [],
    source: { file: 'contract', format: 'test', position: 0 },
    ...fields,
  };
}

export const CORPUS = [
  // Phrase vs scattered syllables: only the first has "năng lượng mặt trời" in order.
  patent('P-SOLAR', {
    title: 'Hệ thống sấy nông sản dùng năng lượng mặt trời',
    abstract: 'Máy sấy cà phê dùng năng lượng mặt trời và bộ tích nhiệt.',
    ipc: ['F26B 3/28', 'F24S 20/00'],
    published: '2019-05-10',
    applicants: [{ name: 'Công ty TNHH Nắng Xanh', country: 'VN' }],
  }),
  patent('P-SCATTER', {
    title: 'Thiết bị đo năng suất lúa',
    abstract: 'Mặt bàn đo và lượng nước trời mưa được ghi lại.',
    ipc: ['G01N 33/18'],
    published: '2021-03-01',
  }),
  // Diacritics: "bàn" (table), "bán" (sell), "ban" (board) must stay distinguishable.
  patent('P-BAN-TABLE', { title: 'Bàn gấp đa năng', ipc: ['A47B 3/00'], published: '2015-01-20' }),
  patent('P-BAN-SELL', {
    title: 'Máy bán hàng tự động',
    ipc: ['G07F 9/10'],
    published: '2016-02-20',
  }),
  // IPC hierarchy: C05F 11/08 vs C05F 1/00 ("C05F 1" must not match "C05F 11/08").
  patent('P-FERT', {
    title: 'Phân bón hữu cơ vi sinh từ vỏ trấu',
    abstract: 'Phân bón hữu cơ được ủ từ vỏ trấu và chế phẩm vi sinh.',
    claims: ['Phân bón hữu cơ vi sinh chứa vỏ trấu đã ủ.'],
    ipc: ['C05F 11/08', 'C05G 3/00'],
    published: '2018-07-01',
  }),
  patent('P-FERT-OLD', {
    title: 'Phân bón từ phế phẩm lò mổ',
    ipc: ['C05F 1/00'],
    published: '2012-12-31',
  }),
  // Weighting: the term only in the description must rank below a title match.
  patent('P-DESC', {
    title: 'Quy trình xử lý nước ao nuôi',
    description: 'Có thể dùng thêm vỏ trấu làm giá thể lọc.',
    ipc: ['C02F 3/32'],
    published: '2020-09-09',
  }),
  research('R-TRAU', {
    title: 'Than sinh học từ vỏ trấu cải tạo đất',
    abstract: 'Nghiên cứu than sinh học (biochar) từ vỏ trấu trong phòng thí nghiệm.',
    creators: ['Nguyễn Văn Thành'],
    subjects: ['biochar', 'vỏ trấu'],
    published: '2022-04-15',
  }),
  research('R-EN', {
    title: 'Rice husk biochar for saline soils <script>alert(1)</script>',
    abstract: 'Field trial of rice husk biochar in the Mekong Delta.',
    lang: 'en',
    creators: ['Tran Thi B'],
    published: '2023-01-01',
  }),
];
