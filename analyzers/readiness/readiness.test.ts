import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { CauRecord, PatentRecord, ResearchRecord } from '../../model';
import { parseFileContent } from '../../ingest';
import { baseTokens } from '../analyze';
import {
  applicantType,
  assessReadiness,
  assessedCitations,
  descriptionSections,
  readinessAgreement,
  researchType,
  type Readiness,
  type ReadinessTexts,
} from '.';

function patent(text: string, extra: Partial<PatentRecord> = {}): PatentRecord {
  return {
    id: 'VN-1-0000001-B',
    type: 'patent',
    title: 'Thiết bị',
    lang: 'vi',
    country: 'VN',
    docNumber: '1-0000001',
    kind: 'B',
    priority: [],
    ipc: [],
    applicants: [],
    inventors: [],
    claims: [],
    citations: [],
    source: { file: 'x.xml', format: 'st36', position: 0 },
    abstract: text,
    ...extra,
  };
}

function research(text: string, extra: Partial<ResearchRecord> = {}): ResearchRecord {
  return {
    id: 'oai:test:1',
    type: 'research',
    title: 'Nghiên cứu',
    lang: 'vi',
    creators: [],
    subjects: [],
    identifiers: [],
    resourceType: 'Article',
    source: { file: 'x.xml', format: 'oai-pmh', position: 0 },
    abstract: text,
    ...extra,
  };
}

const signal = (r: Readiness, name: string) => r.signals.find((s) => s.name === name);
const names = (r: Readiness) => r.signals.map((s) => s.name);

describe('explicit statements', () => {
  it.each([
    ['Hệ thống đạt TRL 6.', 6, 'TRL 6'],
    ['The technology is at pilot scale (TRL 5–6); abuse tests are in progress.', 5, 'TRL 5–6'],
    [
      'The system has reached technology readiness level 7.',
      7,
      'has reached technology readiness level 7',
    ],
    ['Công nghệ đang ở mức sẵn sàng công nghệ 4.', 4, 'đang ở mức sẵn sàng công nghệ 4'],
    ['Quy trình đạt mức sẵn sàng công nghệ TRL 6.', 6, 'mức sẵn sàng công nghệ TRL 6'],
    [
      'Cong nghe dang o muc san sang cong nghe 4 va se duoc thu nghiem.',
      4,
      'dang o muc san sang cong nghe 4',
    ],
  ])('%s → %i', (text, level, evidence) => {
    const r = assessReadiness(research(text));
    expect(r.level).toBe(level);
    expect(signal(r, 'trl')).toEqual({ name: 'trl', weight: level, evidence });
  });

  it('wins over stage words and is never nudged', () => {
    const r = assessReadiness(
      patent('Công nghệ đã được chuyển giao cho Công ty ABC; mức sẵn sàng công nghệ đạt TRL 6.', {
        applicants: [{ name: 'Công ty TNHH ABC' }],
        priority: [{ country: 'JP', number: '2020-1' }],
      }),
    );
    expect(r.level).toBe(6);
    expect(signal(r, 'stage:transferred')?.weight).toBe(0.1);
    expect(names(r)).not.toContain('nudge');
  });

  it('does not count a planned TRL, which caps the level below it', () => {
    const r = assessReadiness(patent('Dự kiến đạt TRL 7 vào năm 2026.'));
    expect(names(r)).not.toContain('trl');
    expect(signal(r, 'future:trl')?.evidence).toBe('Dự kiến đạt TRL 7');
    expect(r.level).toBeLessThan(7);
  });
});

describe('stage words', () => {
  it.each([
    ['Kết quả mới dừng ở quy mô phòng thí nghiệm.', 'stage:lab', 3, 'phòng thí nghiệm'],
    ['All work was done at laboratory scale.', 'stage:lab', 3, 'was done at laboratory'],
    ['Cao chiết ức chế H. pylori in vitro.', 'stage:lab', 3, 'in vitro'],
    ['The extract reduced ulcers in mice.', 'stage:lab-validation', 4, 'in mice'],
    [
      'Nhóm đã xây dựng mô hình thử nghiệm tại một hợp tác xã.',
      'stage:prototype',
      5,
      'đã xây dựng mô hình thử nghiệm',
    ],
    ['A prototype was built by the team.', 'stage:prototype', 5, 'prototype'],
    [
      'Trong mô hình thử nghiệm quy mô 500 lít, chế phẩm giảm amoni.',
      'stage:lab-validation',
      4,
      'mô hình thử nghiệm',
    ],
    [
      'Phân bón đã được thử nghiệm thực địa tại Sóc Trăng.',
      'stage:field-trial',
      6,
      'đã được thử nghiệm thực địa',
    ],
    ['Field trials ran for 90 days in six ponds.', 'stage:field-trial', 6, 'Field trials'],
    [
      'Thử nghiệm tại 6 ao lót bạt cho tỷ lệ sống 82%.',
      'stage:site-trial',
      6,
      'Thử nghiệm tại 6 ao',
    ],
    ['Quy trình được vận hành ở quy mô pilot tại Cần Thơ.', 'stage:pilot', 6, 'quy mô pilot'],
    ['A pilot unit was operated at a cooperative.', 'stage:pilot', 6, 'pilot'],
    [
      'Đã sản xuất thử 200 tấn xi măng tại Nhà máy Xi măng Kiên Lương.',
      'stage:trial-production',
      7,
      'Đã sản xuất thử',
    ],
    [
      'Trial production of 2,000 units was completed.',
      'stage:trial-production',
      7,
      'Trial production',
    ],
    ['Đã sản xuất thử 150 tấn tại xưởng pilot.', 'stage:pilot-production', 6, 'Đã sản xuất thử'],
    [
      'Thiết bị vận hành liên tục 12 tháng tại một hộ gia đình.',
      'stage:operation',
      7,
      'vận hành liên tục 12 tháng',
    ],
    [
      'Hệ thống đã được lắp đặt tại 3 điểm trường.',
      'stage:installed',
      7,
      'đã được lắp đặt tại 3 điểm',
    ],
    [
      'Thiết bị đã được lắp đặt tại 12 hộ gia đình.',
      'stage:installed',
      8,
      'đã được lắp đặt tại 12 hộ gia đình',
    ],
    [
      'Máy đã được lắp đặt và vận hành tại 35 cơ sở xay xát.',
      'stage:installed',
      9,
      'đã được lắp đặt và vận hành tại 35 cơ sở',
    ],
    [
      'Two units were installed at primary schools.',
      'stage:installed',
      7,
      'Two units were installed',
    ],
    [
      'Công nghệ đã được chuyển giao cho Công ty ABC.',
      'stage:transferred',
      8,
      'đã được chuyển giao',
    ],
    [
      'The process was licensed to a cement company in 2023.',
      'stage:transferred',
      8,
      'was licensed',
    ],
    [
      'Sản phẩm đang được thương mại hóa tại các tỉnh.',
      'stage:commercial',
      9,
      'đang được thương mại hóa',
    ],
    [
      'Culverts have been in commercial production since 2024.',
      'stage:commercial',
      9,
      'have been in commercial production',
    ],
    [
      'Tác giả đã chế tạo 40 máy và bán cho các cơ sở chế biến.',
      'stage:commercial',
      9,
      'bán cho các cơ sở',
    ],
    ['More than 500 kits were sold to clinics.', 'stage:commercial', 9, 'were sold'],
  ])('%s', (text, name, level, evidence) => {
    const r = assessReadiness(research(text, { resourceType: 'Article' }));
    expect(r.signals[0]).toEqual({ name, weight: level, evidence });
    expect(r.level).toBe(level);
  });

  it('reads a laboratory result in a patent as a validated product (4), in research as a proof (3)', () => {
    const text = 'Vật liệu đã được thử nghiệm trong phòng thí nghiệm.';
    expect(assessReadiness(patent(text)).level).toBe(4);
    expect(assessReadiness(research(text)).level).toBe(3);
  });

  it('takes the highest achieved stage and lists the others as corroboration', () => {
    const r = assessReadiness(
      research(
        'Sau giai đoạn phòng thí nghiệm, sản phẩm đã được thử nghiệm thực địa và đã sản xuất thử 20 tấn.',
      ),
    );
    expect(r.level).toBe(7);
    expect(signal(r, 'stage:lab')?.weight).toBe(0.1);
    expect(signal(r, 'stage:field-trial')?.weight).toBe(0.1);
  });

  it('needs an achievement or sites for "installed", which design text also uses', () => {
    const r = assessReadiness(patent('Cảm biến được lắp đặt ở đáy ao để đo oxy hòa tan.'));
    expect(names(r).filter((n) => n.includes('installed'))).toEqual([]);
    const frame = assessReadiness(patent('The frame 800 is shown in its fully deployed position.'));
    expect(names(frame).filter((n) => n.includes('installed'))).toEqual([]);
    const price = assessReadiness(patent('Giá bán cho nông dân là 2 triệu đồng.'));
    expect(names(price)).not.toContain('stage:commercial');
  });

  it('does not take a number with a unit or a year for a count of sites', () => {
    const r = assessReadiness(research('Hệ thống đã được lắp đặt tại 2024 và lắp đặt cho 5 kWp.'));
    expect(r.level).toBeLessThan(8);
  });

  it('skips phrases that name a field or a reference, and names', () => {
    const r = assessReadiness(
      research('Thiết bị chẩn đoán in vitro được so sánh với phân tích trong phòng thí nghiệm.'),
    );
    expect(names(r).filter((n) => n.startsWith('stage:'))).toEqual([]);
    const name = assessReadiness(
      research('Results were compared with the Mechanical Engineering Laboratory Report 189.', {
        lang: 'en',
      }),
    );
    expect(names(name)).not.toContain('stage:lab');
  });

  it('reads the description but not its technical-field and background sections, nor the claims', () => {
    const description =
      'Lĩnh vực kỹ thuật được đề cập. Sáng chế thuộc lĩnh vực chẩn đoán. ' +
      'Tình trạng kỹ thuật của sáng chế. Các que thử tương tự đã được thương mại hóa ở Nhật Bản. ' +
      'Bản chất kỹ thuật của sáng chế. Que thử gồm màng nitrocellulose. ' +
      'Ví dụ thực hiện sáng chế. Que thử đã được thử nghiệm thực địa tại 5 trạm y tế.';
    expect(descriptionSections(description)).toEqual([
      'Bản chất kỹ thuật của sáng chế. Que thử gồm màng nitrocellulose. ',
      'Ví dụ thực hiện sáng chế. Que thử đã được thử nghiệm thực địa tại 5 trạm y tế.',
    ]);
    const r = assessReadiness(
      patent('', { description, claims: ['Que thử đang được thương mại hóa theo điểm 1.'] }),
    );
    expect(r.level).toBe(6);
    expect(names(r)).not.toContain('stage:commercial');
  });
});

describe('negation, plans and possibilities', () => {
  it.each([
    [
      'Chế phẩm chưa được thử nghiệm thực địa tại ao nuôi.',
      'negated:field-trial',
      'chưa được thử nghiệm thực địa',
    ],
    ['Công ty sẽ thương mại hóa trong giai đoạn tới.', 'future:commercial', 'sẽ thương mại hóa'],
    [
      'Sản phẩm được thương mại hóa trong giai đoạn tới.',
      'future:commercial',
      'thương mại hóa trong giai đoạn tới',
    ],
    [
      'Nhóm dự kiến sản xuất thử hàng loạt trong năm 2026.',
      'future:trial-production',
      'dự kiến sản xuất thử',
    ],
    ['Sản phẩm không được thương mại hóa.', 'negated:commercial', 'không được thương mại hóa'],
    [
      'The coating was not yet tested at scale.',
      'negated:industrial-scale',
      'not yet tested at scale',
    ],
    [
      'The biochar has not been tested under field conditions.',
      'negated:field-trial',
      'not been tested under field conditions',
    ],
    [
      'The device will be commercialised by a partner.',
      'future:commercial',
      'will be commercialised',
    ],
    [
      'The kit is expected to enter commercial production in 2026.',
      'future:commercial',
      'expected to enter commercial production',
    ],
    [
      'Field trials are planned for the next season.',
      'future:field-trial',
      'Field trials are planned',
    ],
    [
      'Future work includes field trials in ponds.',
      'future:field-trial',
      'Future work includes field trials',
    ],
    [
      'Kết quả có thể làm cơ sở để nâng lên quy mô pilot.',
      'potential:pilot',
      'để nâng lên quy mô pilot',
    ],
    [
      'Việc thương mại hóa còn cần hướng dẫn pháp lý.',
      'potential:commercial',
      'Việc thương mại hóa',
    ],
    [
      'Giá vanadi cao là rào cản khi thương mại hóa.',
      'potential:commercial',
      'rào cản khi thương mại hóa',
    ],
    [
      'San pham chua duoc thu nghiem thuc dia.',
      'negated:field-trial',
      'chua duoc thu nghiem thuc dia',
    ],
  ])('%s', (text, name, evidence) => {
    const r = assessReadiness(research(text));
    const achieved = names(r).filter((n) => n.startsWith('stage:') || n === 'trl');
    expect(achieved).toEqual([]);
    expect(signal(r, name)?.evidence).toBe(evidence);
    expect(signal(r, name)!.weight).toBeLessThanOrEqual(0);
  });

  it('stops at a clause boundary: "nhưng", "but", ";"', () => {
    const r = assessReadiness(
      patent(
        'Bê tông đã được thử nghiệm trong phòng thí nghiệm nhưng chưa được thử nghiệm thực địa; Công ty sẽ thương mại hóa sản phẩm trong giai đoạn tới.',
      ),
    );
    expect(r.signals[0]).toEqual({
      name: 'stage:lab',
      weight: 4,
      evidence: 'phòng thí nghiệm',
    });
    expect(signal(r, 'negated:field-trial')?.weight).toBe(-0.2);
    expect(signal(r, 'future:commercial')?.weight).toBe(0);
    const en = assessReadiness(research('Tested in the laboratory, but not in field trials.'));
    expect(en.level).toBe(3);
    expect(signal(en, 'negated:field-trial')?.evidence).toBe('not in field trials');
  });

  it('lets an achievement word block an earlier negation or plan', () => {
    const r = assessReadiness(research('Sản phẩm đã được chuyển giao và sẽ thương mại hóa.'));
    expect(r.level).toBe(8);
    expect(signal(r, 'future:commercial')).toBeDefined();
  });

  it('runs a negation on over the stage words it governs', () => {
    const r = assessReadiness(
      patent('Chưa tiến hành thử nghiệm thực địa hay sản xuất cấu kiện ở quy mô nhà máy.'),
    );
    expect(signal(r, 'negated:field-trial')).toBeDefined();
    expect(signal(r, 'negated:industrial-scale')?.evidence).toBe(
      'Chưa tiến hành thử nghiệm thực địa hay sản xuất cấu kiện ở quy mô nhà máy',
    );
  });

  it('caps the level below a stage said not to be reached', () => {
    const r = assessReadiness(
      patent('Thiết bị chưa được chế tạo thử.', {
        kind: 'U',
        applicants: [{ name: 'Công ty Cổ phần ABC' }],
        priority: [{ country: 'KR', number: '10-2020-1' }],
      }),
    );
    expect(signal(r, 'negated:prototype')?.evidence).toBe('chưa được chế tạo thử');
    expect(r.level).toBe(4);
    expect(signal(r, 'cap:negated')).toEqual({
      name: 'cap:negated',
      weight: -1,
      evidence: 'chưa được chế tạo thử',
    });
  });

  it('does not read "không" inside a compound as a negation', () => {
    const r = assessReadiness(research('Gạch không nung đã được sản xuất thử tại nhà máy.'));
    expect(r.level).toBe(7);
  });
});

describe('Vietnamese forms', () => {
  it.each([
    [
      'old tone placement',
      'Sản phẩm đang được thương mại hoá tại Long An.',
      'đang được thương mại hoá',
    ],
    ['toneless', 'San pham dang duoc thuong mai hoa tai cac tinh.', 'dang duoc thuong mai hoa'],
    ['NFD', 'Sản phẩm đang được thương mại hóa.'.normalize('NFD'), 'đang được thương mại hóa'],
    ['capitals', 'SẢN PHẨM ĐANG ĐƯỢC THƯƠNG MẠI HÓA.', 'ĐANG ĐƯỢC THƯƠNG MẠI HÓA'],
  ])('%s', (_, text, evidence) => {
    const r = assessReadiness(research(text));
    expect(r.level).toBe(9);
    expect(r.signals[0]).toEqual({ name: 'stage:commercial', weight: 9, evidence });
  });

  it('matches folded forms only in toneless Vietnamese', () => {
    // "da" (skin) is not "đã", "ban" (board) is not "bán", and English "can" is not "cần".
    const r = assessReadiness(research('Gel bôi da ở chuột; ban điều hành thử nghiệm thực địa.'));
    expect(r.signals[0]?.evidence).toBe('thử nghiệm thực địa');
    const en = assessReadiness(research('The lap console can be sold separately.', { lang: 'en' }));
    expect(names(en).some((n) => n.endsWith(':installed'))).toBe(false);
  });
});

describe('metadata signals', () => {
  it('falls back on the kind when the text states no stage', () => {
    const granted = assessReadiness(patent('Thiết bị gồm khung thép.'));
    expect(granted.signals[0]).toEqual({
      name: 'fallback:granted-patent',
      weight: 3,
      evidence: 'B',
    });
    expect(granted.level).toBe(3);
    const utility = assessReadiness(patent('Thiết bị gồm khung thép.', { kind: 'U' }));
    expect(utility.level).toBe(4);
    expect(signal(utility, 'kind:utility-solution')?.weight).toBe(0); // it already set the level
    const application = assessReadiness(patent('Thiết bị gồm khung thép.', { kind: 'A' }));
    expect(signal(application, 'kind:application')?.evidence).toBe('A');
  });

  it.each([
    ['Working paper', 2],
    ['Dataset', 1],
    ['Article', 2],
    ['Technical report', 3],
    ['Thesis', 2],
  ])('research type %s without stage words → %i', (type, level) => {
    expect(
      assessReadiness(research('Bài viết phân tích chi phí.', { resourceType: type })).level,
    ).toBe(level);
  });

  it('nudges by at most one level when several weaker signals agree', () => {
    const r = assessReadiness(
      patent('Thiết bị gồm khung thép.', {
        applicants: [{ name: 'Toyota Jidosha Kabushiki Kaisha', country: 'JP' }],
        priority: [{ country: 'JP', number: '2013-100' }],
        published: '2015-01-01',
      }),
      { citationsReceived: 7, now: '2025-01-01' },
    );
    expect(signal(r, 'applicant:company')).toEqual({
      name: 'applicant:company',
      weight: 0.4,
      evidence: 'Toyota Jidosha Kabushiki Kaisha',
    });
    expect(signal(r, 'priority-abroad')).toEqual({
      name: 'priority-abroad',
      weight: 0.3,
      evidence: 'JP 2013-100',
    });
    expect(signal(r, 'citations-received')).toEqual({
      name: 'citations-received',
      weight: 0.45,
      evidence: '7',
    });
    expect(signal(r, 'age')).toEqual({ name: 'age', weight: 0.2, evidence: '2015-01-01' });
    expect(signal(r, 'nudge')?.weight).toBe(1);
    expect(r.level).toBe(4);
  });

  it('has no age signal without "now"', () => {
    expect(names(assessReadiness(patent('x', { published: '2015-01-01' })))).not.toContain('age');
  });

  it('weighs a university applicant down, unless a company co-applies', () => {
    const uni = assessReadiness(patent('x', { applicants: [{ name: 'Trường Đại học Cần Thơ' }] }));
    expect(signal(uni, 'applicant:university-or-institute')?.weight).toBe(-0.2);
    const both = assessReadiness(
      patent('x', {
        applicants: [
          { name: 'Đại học Bách khoa Hà Nội' },
          { name: 'Công ty TNHH Năng lượng VinES' },
        ],
      }),
    );
    expect(signal(both, 'applicant:university-or-institute')?.weight).toBe(0);
    expect(signal(both, 'applicant:company')?.evidence).toBe('Công ty TNHH Năng lượng VinES');
  });

  it('counts an industrial partner named in the text', () => {
    const vi = assessReadiness(
      research('Nghiên cứu được thực hiện với sự hợp tác của Công ty Cổ phần Xi măng Hà Tiên 1.'),
    );
    expect(signal(vi, 'partner:industry')).toEqual({
      name: 'partner:industry',
      weight: 0.25,
      evidence: 'sự hợp tác của Công ty',
    });
    const en = assessReadiness(
      research(
        'This study, carried out with Công ty Cổ phần Thủy sản Minh Phú, compared nurseries.',
      ),
    );
    expect(signal(en, 'partner:industry')?.evidence).toBe('carried out with Công ty');
    const academic = assessReadiness(research('In collaboration with Kyoto University, we…'));
    expect(signal(academic, 'partner:industry')).toBeUndefined();
    const seeking = assessReadiness(research('Nhóm đang tìm đối tác sản xuất.'));
    expect(signal(seeking, 'partner:industry')).toBeUndefined();
  });

  it.each([
    ['Công ty Cổ phần Traphaco', 'company'],
    ['Công ty TNHH Samsung Electronics Việt Nam', 'company'],
    ['Tập đoàn Viettel', 'company'],
    ['LG Chem, Ltd.', 'company'],
    ['BASF SE', 'company'],
    ['Toyota Jidosha Kabushiki Kaisha', 'company'],
    ['ROBERT BOSCH G.M.B.H.', 'company'],
    ['Cargill, Incorporated', 'company'],
    ['Trường Đại học Cần Thơ', 'academic'],
    ['Viện Hàn lâm Khoa học và Công nghệ Việt Nam', 'academic'],
    ['Bệnh viện Chợ Rẫy', 'academic'],
    ['Infectious Disease Research Institute', 'academic'],
    ['Huỳnh Văn Lợi', 'individual'],
    ['Yeow Ng', 'individual'],
  ])('applicant %s is %s', (name, type) => {
    expect(applicantType(name)).toBe(type);
  });

  it.each([
    ['Doctoral thesis', 'doctoral-thesis'],
    ['Luận án tiến sĩ', 'doctoral-thesis'],
    ['Thesis', 'thesis'],
    ['Technical report', 'technical-report'],
    ['Dataset', 'dataset'],
    ['Working Paper', 'working-paper'],
    ['Article', 'article'],
    ['Sound', 'other'],
  ])('resource type %s is %s', (raw, type) => {
    expect(researchType(raw)).toBe(type);
  });
});

describe('kinds of evidence the first rules missed (issue 15)', () => {
  const top = (r: Readiness) => `${r.signals[0]!.name} ${r.level}`;

  it.each([
    // A regulator's approval to sell or circulate: qualified for the market.
    ['Chế phẩm đã được Cục Trồng trọt cấp giấy phép lưu hành năm 2022.', 'stage:approved 8'],
    ['Thuốc đã có số đăng ký lưu hành do Bộ Y tế cấp.', 'stage:approved 8'],
    ['The sensor obtained type approval from the national registry.', 'stage:approved 8'],
    ['The test kit received marketing authorization in 2023.', 'stage:approved 8'],
    // Wide use without a number, said to have happened.
    ['Giống lúa này hiện đã được nông dân nhiều tỉnh trồng phổ biến.', 'stage:wide-use 9'],
    ['The coating has been widely adopted by boat builders.', 'stage:wide-use 9'],
    // Trials at scale: farms or hectares.
    ['Chế phẩm đã được thử nghiệm thực địa tại 15 trang trại nuôi tôm.', 'stage:field-trial 7'],
    ['Field trials covering 40 hectares were completed in 2022.', 'stage:field-trial 7'],
    ['Thử nghiệm đã được tiến hành tại 3 ao nuôi.', 'stage:site-trial 6'],
    // Months at a real user's site.
    ['The unit has been operating at a dairy cooperative for eight months.', 'stage:operation 7'],
    ['Hệ thống đã hoạt động ổn định tại nhà máy trong 5 tháng.', 'stage:operation 7'],
    // A proving ground or test site, short of deployment.
    ['Thiết bị đã được thử nghiệm tại bãi thử của trung tâm đăng kiểm.', 'stage:test-site 6'],
    ['The drone was flown at a military test range.', 'stage:test-site 6'],
    // English outdoor tests at a farm or plant; months there make it an operational demonstration.
    ['The filter was operated at a fish farm for three weeks.', 'stage:site-test 6'],
    ['The filter was operated at a fish farm for five months.', 'stage:site-test 7'],
    ['Outdoor tests of the pump were run in Lam Dong.', 'stage:field-trial 6'],
  ])('%s → %s', (text, expected) => {
    expect(top(assessReadiness(research(text)))).toBe(expected);
  });

  it.each([
    ['Chế phẩm chưa được cấp giấy phép lưu hành.', 'negated:approved'],
    ['The company will apply for a registration number next year.', 'future:approved'],
    ['Sản phẩm sẽ được thử nghiệm thực địa tại 15 trang trại.', 'future:field-trial'],
    ['The filter has not been operated at a fish farm.', 'negated:site-test'],
    ['Thiết bị chưa được thử nghiệm tại bãi thử.', 'negated:test-site'],
    ['Field trials on 40 hectares are planned for 2026.', 'future:field-trial'],
  ])('never counts a negated or planned statement as achieved: %s', (text, name) => {
    const r = assessReadiness(research(text));
    expect(names(r).filter((n) => n.startsWith('stage:') || n === 'trl')).toEqual([]);
    expect(signal(r, name)).toBeDefined();
    expect(r.level).toBeLessThanOrEqual(3);
  });

  it("does not read wide use of other products in the background as this one's", () => {
    for (const text of [
      'Than sinh học được sử dụng rộng rãi nhưng giá thành còn cao.',
      'Phân hữu cơ đã được sử dụng rộng rãi, nhưng hiệu quả chưa ổn định.',
      'Small filters are widely used as an emergency measure, but they waste water.',
    ]) {
      expect(names(assessReadiness(research(text)))).not.toContain('stage:wide-use');
    }
  });

  it('says what is compared with other products, and neither counts it nor caps with it', () => {
    const r = assessReadiness(
      research(
        'Unlike imported kits, which are sold widely, the new kit was tested in the laboratory.',
      ),
    );
    expect(r.signals[0]).toMatchObject({ name: 'stage:lab', weight: 3 });
    expect(signal(r, 'other:commercial')).toEqual({
      name: 'other:commercial',
      weight: 0,
      evidence: 'Unlike imported kits, which are sold',
    });
    expect(names(r).some((n) => n.startsWith('cap:'))).toBe(false);
  });

  it('reads a deployment for monitoring as a demonstration, not as use at scale', () => {
    const monitored = assessReadiness(
      research('Thiết bị đã được lắp đặt tại 25 hộ gia đình và theo dõi trong 9 tháng.'),
    );
    expect(top(monitored)).toBe('stage:installed 7');
    const used = assessReadiness(research('Thiết bị đã được lắp đặt tại 25 hộ gia đình.'));
    expect(top(used)).toBe('stage:installed 9');
  });

  it("counts an operation since a date up to the record's publication, not in a laboratory", () => {
    const text = 'Hệ thống đã hoạt động tại nhà máy chế biến từ năm 2021.';
    expect(top(assessReadiness(research(text, { published: '2024-03-01' })))).toBe(
      'stage:operation 7',
    );
    const lab = assessReadiness(
      research('Thiết bị đã hoạt động liên tục trong 6 tháng tại phòng thí nghiệm.'),
    );
    expect(names(lab)).not.toContain('stage:operation');
  });

  it('needs an achievement word for English test verbs at a site, as design text uses them too', () => {
    const design = assessReadiness(patent('The valve is installed at the farm inlet.'));
    expect(names(design)).not.toContain('stage:site-test');
  });
});

describe('text already analysed by the caller', () => {
  const analysed = (r: CauRecord): ReadinessTexts => ({
    title: baseTokens(r.title),
    abstract: r.abstract ? baseTokens(r.abstract) : undefined,
    description: r.type === 'patent' && r.description ? baseTokens(r.description) : undefined,
    subjects: r.type === 'research' ? r.subjects.map((x) => baseTokens(x)) : undefined,
  });

  it('gives the same readiness as analysing the fields itself', () => {
    const rec = patent('Sản phẩm đã được thương mại hoá tại 20 tỉnh.', {
      description:
        'Lĩnh vực kỹ thuật được đề cập. Phân bón. Ví dụ thực hiện sáng chế. Đã thử nghiệm thực địa.',
    });
    expect(assessReadiness(rec, {}, analysed(rec))).toEqual(assessReadiness(rec));
  });

  it("refuses an analysis that is not of the record's field", () => {
    const rec = research('Sản phẩm đã được thương mại hóa.');
    expect(() =>
      assessReadiness(rec, {}, { abstract: baseTokens('Một văn bản khác hẳn, dài hơn nhiều.') }),
    ).toThrow(/the analysed abstract is not the analysis of the record's abstract/);
  });
});

describe('assessedCitations', () => {
  it('reads the citation count an assessment was made with', () => {
    expect(assessedCitations(assessReadiness(patent('x'), { citationsReceived: 3 }))).toBe(3);
    expect(assessedCitations(assessReadiness(patent('x')))).toBeUndefined();
    expect(assessedCitations(undefined)).toBeUndefined();
  });
});

describe('properties', () => {
  const words = [
    'đã',
    'chưa',
    'sẽ',
    'không',
    'được',
    'thử nghiệm thực địa',
    'phòng thí nghiệm',
    'pilot',
    'thương mại hóa',
    'thương mại hoá',
    'thuong mai hoa',
    'TRL',
    '5',
    '6',
    '–',
    'sản xuất thử',
    'chuyển giao cho',
    'lắp đặt tại',
    '12',
    'hộ',
    'not yet',
    'will be',
    'commercialised',
    'field trials',
    'installed at',
    'schools',
    'laboratory',
    'nhưng',
    'but',
    '.',
    ';',
    ',',
    'mức sẵn sàng công nghệ',
    'dự kiến',
    'in vitro',
    'prototype',
    'Công ty',
    'hợp tác với',
    'vận hành',
    'tháng',
    'bể',
    'giấy phép lưu hành',
    'số đăng ký',
    'sử dụng rộng rãi',
    'widely used',
    '15 trang trại',
    '40 ha',
    'hectares',
    'bãi thử',
    'proving ground',
    'operated at a farm',
    'hoạt động',
    'từ năm 2021',
    'since 2020',
    'unlike',
    'khác với',
    'which',
    'và theo dõi',
    'hiện đã',
  ];
  const text = fc
    .array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 8 })), { maxLength: 40 })
    .map((xs) => xs.join(' '));
  const kind = fc.constantFrom('A', 'B', 'U', 'B2', 'A1', '');
  const rtype = fc.constantFrom(
    'Article',
    'Thesis',
    'Dataset',
    'Working paper',
    'Technical report',
    '',
  );

  const check = (rec: CauRecord, r: Readiness) => {
    expect(Number.isInteger(r.level)).toBe(true);
    expect(r.level).toBeGreaterThanOrEqual(1);
    expect(r.level).toBeLessThanOrEqual(9);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThan(1);
    expect(r.score).toBeGreaterThanOrEqual((r.level - 1) / 9);
    expect(r.score).toBeLessThan(r.level / 9);
    const all = [
      rec.title,
      rec.abstract ?? '',
      rec.type === 'patent' ? (rec.description ?? '') : '',
    ]
      .join('\n')
      .normalize('NFC');
    for (const s of r.signals) {
      expect(Number.isFinite(s.weight)).toBe(true);
      if (/^(stage|trl|negated|future|potential|other|partner)/.test(s.name)) {
        expect(all).toContain(s.evidence);
      }
    }
  };

  it('levels are 1..9, scores 0..1 inside their level, evidence is in the text, all deterministic', () => {
    fc.assert(
      fc.property(text, text, kind, fc.nat(50), (abstract, description, k, cites) => {
        const rec = patent(abstract, { kind: k, description });
        const r = assessReadiness(rec, { citationsReceived: cites, now: '2025-06-30' });
        check(rec, r);
        expect(assessReadiness(rec, { citationsReceived: cites, now: '2025-06-30' })).toEqual(r);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(text, rtype, (abstract, t) => {
        const rec = research(abstract, { resourceType: t });
        check(rec, assessReadiness(rec));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same readiness from the caller's analysis of the text", () => {
    fc.assert(
      fc.property(text, text, (abstract, description) => {
        const rec = patent(abstract, { description });
        const texts: ReadinessTexts = {
          title: baseTokens(rec.title),
          abstract: baseTokens(abstract),
          description: baseTokens(description),
        };
        expect(assessReadiness(rec, {}, texts)).toEqual(assessReadiness(rec));
      }),
      { numRuns: 200 },
    );
  });

  it('gives NFC and NFD text the same readiness', () => {
    fc.assert(
      fc.property(text, (abstract) => {
        const a = assessReadiness(research(abstract.normalize('NFC')));
        const b = assessReadiness(research(abstract.normalize('NFD')));
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});

describe('bundled fixtures', () => {
  const FIXTURES = resolve(__dirname, '..', '..', 'fixtures');
  const byId = new Map<string, CauRecord>();
  const read = (file: string) => {
    for (const r of parseFileContent(file, readFileSync(join(FIXTURES, file))).records) {
      byId.set(r.id, r);
      // Records with a DOI are keyed by it: their OAI identifier names them here.
      if (r.source.id) byId.set(r.source.id, r);
    }
  };
  beforeAll(() => {
    for (const f of [
      'VN-1-0020026-B',
      'VN-1-0020033-B',
      'VN-1-0020040-B',
      'VN-1-0030025-B',
      'VN-1-2020-20566-A',
      'VN-2-0003014-U',
    ]) {
      read(join('patents', `${f}.xml`));
    }
    read(join('research', 'ctu', 'ListRecords-1.xml'));
    read(join('research', 'hust', 'ListRecords-2.xml'));
    read(join('research', 'vnuhcm', 'ListRecords-2.xml'));
  });
  const get = (id: string) => {
    const r = byId.get(id);
    if (!r) throw new Error(`fixture ${id} not read`);
    return assessReadiness(r, { now: '2025-06-30' });
  };

  it('VN-1-0020040-B states "TRL 6" for its pilot plant', () => {
    const r = get('VN-1-0020040-B');
    expect(r.level).toBe(6);
    expect(r.signals[0]).toEqual({
      name: 'trl',
      weight: 6,
      evidence: 'mức sẵn sàng công nghệ TRL 6',
    });
  });

  it('VN-1-2020-20566-A: laboratory only; field trial negated, commercialisation planned', () => {
    const r = get('VN-1-2020-20566-A');
    expect(r.level).toBe(4);
    expect(r.signals[0]?.name).toBe('stage:lab');
    expect(signal(r, 'negated:field-trial')?.evidence).toBe('chưa được thử nghiệm thực địa');
    expect(signal(r, 'future:commercial')?.evidence).toBe('sẽ thương mại hóa');
  });

  it('VN-1-0020033-B is being commercialised, with 35 production lines installed', () => {
    const r = get('VN-1-0020033-B');
    expect(r.level).toBe(9);
    expect(r.signals[0]).toEqual({
      name: 'stage:commercial',
      weight: 9,
      evidence: 'đang được thương mại hóa',
    });
  });

  it('VN-1-0020026-B was transferred to a brick maker', () => {
    const r = get('VN-1-0020026-B');
    expect(r.level).toBe(8);
    expect(r.signals[0]).toEqual({
      name: 'stage:transferred',
      weight: 8,
      evidence: 'đã được chuyển giao',
    });
  });

  it('VN-1-0030025-B states level 5 and says it is not yet in commercial production', () => {
    const r = get('VN-1-0030025-B');
    expect(r.level).toBe(5);
    expect(signal(r, 'negated:commercial')?.evidence).toBe('chưa được sản xuất thương mại');
  });

  it('VN-2-0003014-U: prototype vehicles; type approval negated, commercialisation planned', () => {
    const r = get('VN-2-0003014-U');
    expect(r.level).toBeLessThan(7);
    expect(signal(r, 'future:commercial')?.evidence).toBe('sẽ thương mại hóa');
    expect(signal(r, 'stage:prototype')).toBeDefined();
  });

  it('ctu/13542: laboratory and greenhouse only, not yet tested in the field', () => {
    const r = get('oai:dspace.ctu.edu.vn:123456789/13542');
    expect(r.level).toBe(4);
    expect(signal(r, 'negated:field-trial')?.evidence).toBe(
      'not yet been tested under field conditions',
    );
  });

  it('hust/22671 states "TRL 5–6": the lower bound', () => {
    const r = get('oai:dspace.hust.edu.vn:123456789/22671');
    expect(r.level).toBe(5);
    expect(r.signals[0]?.evidence).toBe('TRL 5–6');
    expect(signal(r, 'partner:industry')?.evidence).toBe('In a collaboration with Công ty');
  });

  it('hust/27046 states TRL 6 although transferred; its trial production is planned', () => {
    const r = get('oai:dspace.hust.edu.vn:123456789/27046');
    expect(r.level).toBe(6);
    expect(signal(r, 'future:trial-production')?.evidence).toBe('dự kiến sản xuất thử');
  });

  it('vnuhcm/7468 is in commercial production after a licence', () => {
    const r = get('oai:repository.vnuhcm.edu.vn:VNUHCM/7468');
    expect(r.level).toBe(9);
    expect(signal(r, 'stage:transferred')?.evidence).toBe('were licensed');
  });
});

describe('readinessAgreement', () => {
  it('counts exact and ±1 agreement and lists what it could not assess', () => {
    const levels: Record<string, number> = { a: 4, b: 6, c: 9 };
    const res = readinessAgreement(
      [
        { id: 'a', level: 4, confidence: 'high' },
        { id: 'b', level: 5, confidence: 'medium' },
        { id: 'c', level: 6, confidence: 'medium' },
        { id: 'd', level: 3 },
      ],
      (id) => levels[id],
    );
    expect(res.n).toBe(3);
    expect(res.exact).toBeCloseTo(1 / 3);
    expect(res.withinOne).toBeCloseTo(2 / 3);
    expect(res.meanAbsoluteError).toBeCloseTo(4 / 3);
    expect(res.bias).toBeCloseTo(4 / 3);
    expect(res.missing).toEqual(['d']);
    expect(res.disagreements).toEqual([{ id: 'c', label: 6, predicted: 9 }]);
    expect(res.byConfidence.medium).toEqual({ n: 2, exact: 0, withinOne: 0.5 });
  });

  it('accepts a Readiness as well as a level', () => {
    const res = readinessAgreement([{ id: 'x', level: 3 }], () =>
      assessReadiness(patent('Thiết bị gồm khung thép.')),
    );
    expect(res.exact).toBe(1);
  });
});
