import type { PatentRecord, ResearchRecord } from '../model';
import { normaliseOrganisation, personKey, sameFamily } from '.';
import { institutionEntries, sameInstitution } from './organisations';

const key = (name: string): string => normaliseOrganisation(name).key;

describe('organisations', () => {
  it.each([
    ['Công ty Cổ phần Traphaco', 'TRAPHACO JSC', 'Traphaco Joint Stock Company', 'CTCP Traphaco'],
    [
      'Samsung Electronics Co., Ltd.',
      'SAMSUNG ELECTRONICS CO LTD',
      'Samsung Electronics Corporation',
    ],
    [
      'Công ty TNHH Một thành viên Xanh',
      'Công ty trách nhiệm hữu hạn một thành viên Xanh',
      'Cong ty TNHH MTV Xanh',
    ],
    [
      'Trường Đại học Cần Thơ',
      'Đại học Cần Thơ',
      'Can Tho University',
      'CAN THO UNIVERSITY',
      'University of Can Tho',
    ],
    [
      'Khoa Thủy sản, Trường Đại học Cần Thơ',
      'College of Agriculture, Can Tho University',
      'Can Tho University',
    ],
    [
      'Đại học Bách khoa Hà Nội',
      'Hanoi University of Science and Technology',
      'Viện Điện, Trường Đại học Bách khoa Hà Nội',
    ],
    [
      'Trường Đại học Nông Lâm TP.HCM',
      'Trường Đại học Nông Lâm Thành phố Hồ Chí Minh',
      'Nong Lam University',
    ],
    ['Toyota Jidosha Kabushiki Kaisha', 'Toyota Jidosha K.K.'],
  ])('gives one key to every spelling of %s', (...names) => {
    const keys = new Set(names.map(key));
    expect([...keys]).toHaveLength(1);
  });

  it('keeps different organisations apart', () => {
    expect(key('Trường Đại học Cần Thơ')).not.toBe(key('Trường Đại học Nha Trang'));
    expect(key('Đại học Bách khoa Hà Nội')).not.toBe(key('Trường Đại học Bách khoa, ĐHQG-HCM'));
    expect(key('Công ty Cổ phần Vĩnh Hoàn')).not.toBe(key('Công ty Cổ phần Traphaco'));
  });

  it('tells companies from universities and people', () => {
    expect(normaliseOrganisation('Công ty TNHH Nắng Xanh').kind).toBe('company');
    expect(normaliseOrganisation('Kubota Corporation').kind).toBe('company');
    expect(normaliseOrganisation('Can Tho University').kind).toBe('academic');
    expect(normaliseOrganisation('Phạm Thị Nhàn').kind).toBe('individual');
  });
});

describe('people', () => {
  it('gives one key across tone marks, case, word order and a comma', () => {
    const keys = new Set(
      [
        'Nguyễn Văn Thành',
        'Nguyen Van Thanh',
        'NGUYỄN VĂN THÀNH',
        'Thành Nguyễn Văn',
        'Nguyen, Van Thanh',
      ].map(personKey),
    );
    expect(keys.size).toBe(1);
    expect(personKey('Nguyễn Văn Thanh')).toBe(personKey('Nguyễn Văn Thành')); // tones are folded
    expect(personKey('Nguyễn Văn An')).not.toBe(personKey('Nguyễn Văn Thành'));
  });
});

describe('patent families', () => {
  const base = (id: string, f: Partial<PatentRecord>): PatentRecord => ({
    id,
    type: 'patent',
    title: id,
    lang: 'vi',
    country: 'VN',
    docNumber: id,
    kind: 'A',
    priority: [],
    ipc: [],
    applicants: [],
    inventors: [],
    claims: [],
    citations: [],
    source: { file: 't', format: 't', position: 0 },
    ...f,
  });

  it('joins publications of one application and filings sharing a priority', () => {
    const a = base('VN-1-2019-01234-A', { applicationNumber: '1-2019-01234' });
    const b = base('VN-1-0030001-B', { applicationNumber: '1201901234', kind: 'B' });
    expect(sameFamily(a, b)).toBe(true);
    const jp = { country: 'JP', number: '2018-123456', date: '2018-05-01' };
    const c = base('VN-1-2019-05555-A', { applicationNumber: '1-2019-05555', priority: [jp] });
    const d = base('VN-2-0001111-U', {
      applicationNumber: '2-2019-00077',
      priority: [{ ...jp, number: '2018123456' }],
    });
    expect(sameFamily(c, d)).toBe(true);
    expect(sameFamily(a, c)).toBe(false);
  });
});

describe('institutions of research records (OpenAlex, Crossref, CERIF)', () => {
  it('two ROR ids decide; without one, names are compared normalised', () => {
    const ctu = { name: 'Can Tho University', ror: 'https://ror.org/0071qz696' };
    expect(sameInstitution(ctu, { name: 'Trường Đại học Cần Thơ' })).toBe(true);
    expect(sameInstitution(ctu, { name: 'CTU (renamed)', ror: 'ror.org/0071QZ696' })).toBe(false);
    expect(sameInstitution(ctu, { name: 'Cần Thơ', ror: 'https://ror.org/0071qz696' })).toBe(true);
    expect(sameInstitution(ctu, { name: 'Other', ror: 'https://ror.org/05ppvf150' })).toBe(false);
  });

  it('a research record belongs to its publisher and its authors’ institutions', () => {
    const r: ResearchRecord = {
      id: 'doi:10.1/x',
      type: 'research',
      title: 'T',
      lang: 'en',
      creators: [],
      subjects: [],
      identifiers: [],
      publisher: 'PeerJ, Inc.',
      institutions: [{ name: 'University of Washington', ror: 'https://ror.org/00cvxb145' }],
      source: { file: 'f', format: 'openalex', position: 0 },
    };
    expect(institutionEntries(r)).toEqual([
      { name: 'PeerJ, Inc.' },
      { name: 'University of Washington', ror: 'https://ror.org/00cvxb145' },
    ]);
  });
});
