import * as fs from 'fs';
import * as path from 'path';
import type { PatentRecord } from '../../model';
import { InvalidRecordError, MalformedDocumentError } from '../errors';
import { parseFileContent } from './index';
import { parseXml } from './xml';
import { st36Parser } from './st36';
import { citationFromText } from './st36-common';

const SAMPLES = path.resolve(__dirname, '../../test-samples/st36');

function sampleBytes(name: string): Buffer {
  return fs.readFileSync(path.join(SAMPLES, name));
}

/** Through the real entry point: one file, one document, one patent record, no errors. */
function readSample(name: string): PatentRecord {
  const result = parseFileContent(name, sampleBytes(name));
  expect(result.errors).toEqual([]);
  expect(result.formats).toEqual(['st36']);
  expect(result.deletions).toEqual([]);
  expect(result.records).toHaveLength(1);
  const rec = result.records[0]!;
  expect(rec.type).toBe('patent');
  return rec as PatentRecord;
}

function parseInline(xml: string, file = 'inline.xml', position = 0, line = 1): PatentRecord {
  const root = parseXml(xml, file);
  const batch = st36Parser.parse(root, { file, position, line });
  expect(batch.records).toHaveLength(1);
  return batch.records[0] as PatentRecord;
}

describe('st36 parser registration', () => {
  it('claims every ST.36-family root element under the format name "st36"', () => {
    expect(st36Parser.format).toBe('st36');
    expect([...st36Parser.roots].sort()).toEqual([
      'PatentDocumentAndRelated',
      'cn-patent-document',
      'ep-patent-document',
      'jp-official-gazette',
      'patent-document',
    ]);
  });

  it('covers every sample file of the st36 folder', () => {
    expect(fs.readdirSync(SAMPLES).sort()).toEqual([
      'CN104223352A_cn-patent-document.xml',
      'CN113781974A_cnipa-business-xml.xml',
      'EP1599469B1_ep-patent-document.xml',
      'EP1667425A1_ep-patent-document.xml',
      'JP2021044377A_jp-official-gazette.xml',
      'eps_v1-5-A1.xml',
      'eps_v1-5-B1.xml',
    ]);
  });
});

describe('EP publication server, DTD v1.0 (SDOBI B-codes)', () => {
  it('reads the A1 application EP1667425', () => {
    const rec = readSample('EP1667425A1_ep-patent-document.xml');
    expect(rec.id).toBe('EP-1667425-A1');
    expect([rec.country, rec.docNumber, rec.kind]).toEqual(['EP', '1667425', 'A1']);
    expect(rec.lang).toBe('en');
    expect(rec.title).toBe('Image forming method and image forming apparatus');
    expect(rec.alternateTitles).toEqual([
      { lang: 'de', text: 'Bilderzeugungsverfahren und -apparat' },
      { lang: 'fr', text: "Méthode et appareil de formation d'image" },
    ]);
    expect(rec.published).toBe('2006-06-07');
    expect(rec.applicationNumber).toBe('05255002.7');
    expect(rec.filed).toBe('2005-08-11');
    expect(rec.priority).toEqual([{ country: 'JP', number: '2004351438', date: '2004-12-03' }]);
    expect(rec.ipc).toEqual(['H04N 1/40']);
    expect(rec.applicants).toEqual([{ name: 'Wedg Co. Ltd', country: 'JP' }]);
    // snm carries "c/o Wedg Co., Ltd." after a line break: only the person is kept.
    expect(rec.inventors).toEqual(['Yoshida, Naoki', 'Kasahara, Hiroyuki']);
    expect(rec.claims).toHaveLength(9);
    expect(rec.claims[0]).toMatch(
      /^A method of forming an image by thermally transferring thermal transfer ink of a thermal transfer ink ribbon onto a medium/,
    );
    expect(rec.abstract).toMatch(
      /^An image with sufficient gray-scale representation and high resolution is formed on a medium to be recorded/,
    );
    expect(rec.abstract).toMatch(
      /converted gray-scale values of the pixels of the original image\.$/,
    );
    expect(rec.alternateAbstracts).toBeUndefined();
    expect(rec.description).toMatch(
      /^2\. BACKGROUND OF THE INVENTION FIELD OF THE INVENTION The present invention relates to an image forming method/,
    );
    expect(rec.citations).toEqual([]);
    expect(rec.source).toEqual({
      file: 'EP1667425A1_ep-patent-document.xml',
      format: 'st36',
      position: 0,
      line: 1,
    });
  });

  it('reads the B1 specification EP1599469: proprietors, English claims only, search-report citations', () => {
    const rec = readSample('EP1599469B1_ep-patent-document.xml');
    expect(rec.id).toBe('EP-1599469-B1');
    expect(rec.title).toBe(
      'TETRAZOLE DERIVATIVES AND METHODS OF TREATMENT OF METABOLIC-RELATED DISORDERS THEREOF',
    );
    expect(rec.alternateTitles?.map((t) => t.lang)).toEqual(['de', 'fr']);
    expect(rec.published).toBe('2006-06-07');
    expect(rec.applicationNumber).toBe('04818324.8');
    expect(rec.filed).toBe('2004-10-29');
    // A US provisional application, in EPO's "516238 P" notation.
    expect(rec.priority).toEqual([{ country: 'US', number: '516238 P', date: '2003-10-31' }]);
    expect(rec.ipc).toEqual(['C07D 403/04', 'C07D 495/04', 'C07D 491/04', 'A61K 31/41']);
    // B731 (proprietors) in a B document; the entity &amp; decoded.
    expect(rec.applicants).toEqual([
      { name: 'Arena Pharmaceuticals, Inc.', country: 'US' },
      { name: 'Merck & Co., Inc.', country: 'US' },
    ]);
    expect(rec.inventors).toHaveLength(11);
    expect(rec.inventors[0]).toBe('SEMPLE, Graeme');
    expect(rec.inventors[10]).toBe('TATA, James, R.');
    // Three claims sets (en, de, fr): the 40 English claims are kept.
    expect(rec.claims).toHaveLength(40);
    expect(rec.claims[0]).toMatch(
      /^A compound of Formula \(I\): wherein: X is NH or O; R1 is selected from: H, halogen,/,
    );
    expect(rec.claims.some((c) => c.startsWith('Verbindung'))).toBe(false);
    expect(rec.claims[1]).toBe(
      'A compound according to claim 1, wherein Ring A is a 5-membered carbocyclic ring.',
    );
    expect(rec.abstract).toBeUndefined(); // EP B documents carry no abstract
    expect(rec.description).toMatch(
      /^FIELD OF THE INVENTION The present invention relates to certain tetrazole derivatives/,
    );
    // B561 "EP-A- 0 529 854" and "WO-A-20/04032928"; the B562 journal article is not a patent.
    expect(rec.citations).toEqual(['EP-529854-A', 'WO-2004032928-A']);
  });
});

describe('EP publication server, DTD v1.5', () => {
  it('reads the A1 EP3782854: publication language, not filing language (B250 zh)', () => {
    const rec = readSample('eps_v1-5-A1.xml');
    expect(rec.id).toBe('EP-3782854-A1');
    expect(rec.lang).toBe('en');
    expect(rec.title).toBe('VEHICLE-MOUNTED DISPLAY ASSEMBLY AND VEHICLE');
    expect(rec.alternateTitles).toEqual([
      { lang: 'de', text: 'FAHRZEUGMONTIERTE ANZEIGEANORDNUNG UND FAHRZEUG' },
      { lang: 'fr', text: "ENSEMBLE D'AFFICHAGE MONTÉ SUR VÉHICULE ET VÉHICULE" },
    ]);
    expect(rec.published).toBe('2021-02-24');
    expect(rec.applicationNumber).toBe('18877305.5');
    expect(rec.filed).toBe('2018-10-29');
    expect(rec.priority).toEqual([{ country: 'CN', number: '201810358967', date: '2018-04-20' }]);
    expect(rec.ipc).toEqual(['B60R 7/06', 'B60N 3/12']);
    expect(rec.applicants).toEqual([
      { name: 'BOE TECHNOLOGY GROUP CO., LTD.', country: 'CN' },
      { name: 'Chengdu BOE Optoelectronics Technology Co., Ltd.', country: 'CN' },
    ]);
    expect(rec.inventors).toEqual(['FENG, Yuhsiung', 'GAO, Wenbao', 'ZENG, Jia']);
    expect(rec.claims).toHaveLength(12);
    expect(rec.claims[0]).toMatch(
      /^A vehicular display assembly, comprising: a storage box; and a display device/,
    );
    expect(rec.abstract).toMatch(
      /^This disclosure relates to a vehicular display assembly and a vehicle,/,
    );
    expect(rec.description).toMatch(
      /^This application claims the priority of Chinese Patent Application No\. 201810358967\.5, filed/,
    );
    // ep-reference-list patcit with a document-id but no kind.
    expect(rec.citations).toEqual(['CN-201810358967']);
  });

  it('reads the B1 EP3404678: no priority, citations from B561 and the reference list merged', () => {
    const rec = readSample('eps_v1-5-B1.xml');
    expect(rec.id).toBe('EP-3404678-B1');
    expect(rec.title).toBe('HIGH VOLTAGE ASSEMBLY AND METHOD TO OPERATE THE HIGH VOLTAGE ASSEMBLY');
    expect(rec.alternateTitles?.[1]).toEqual({
      lang: 'fr',
      text: "ENSEMBLE À HAUTE TENSION ET PROCÉDÉ DE FONCTIONNEMENT DE L'ENSEMBLE À HAUTE TENSION",
    });
    expect(rec.published).toBe('2021-06-30');
    expect(rec.applicationNumber).toBe('17171508.9');
    expect(rec.filed).toBe('2017-05-17');
    expect(rec.priority).toEqual([]);
    expect(rec.ipc).toEqual(['H01F 27/14', 'H01F 27/40']);
    expect(rec.applicants).toEqual([{ name: 'General Electric Technology GmbH', country: 'CH' }]);
    expect(rec.inventors).toEqual(['HARTHUM, Jörg', 'STIRL, Tobias']);
    expect(rec.claims).toHaveLength(12);
    expect(rec.claims[0]).toMatch(
      /^A high voltage assembly \(2\) comprising: - a sealed compartment \(4\)/,
    );
    expect(rec.abstract).toBeUndefined();
    expect(rec.description).toMatch(
      /^FIELD OF THE INVENTION The present invention relates to a high voltage assembly/,
    );
    expect(rec.citations).toEqual([
      'EP-3109871-A1',
      'FR-84247-E',
      'GB-693448-A',
      'US-2008197955-A1',
    ]);
  });
});

describe('CNIPA cn-patent-document', () => {
  it('reads CN104223352A, joining Chinese text that the file wraps mid-sentence', () => {
    const rec = readSample('CN104223352A_cn-patent-document.xml');
    expect(rec.id).toBe('CN-104223352-A');
    expect(rec.lang).toBe('zh'); // root lang="ZH"
    expect(rec.title).toBe('一种甘草发酵所得烟用香料及其应用');
    expect(rec.alternateTitles).toBeUndefined();
    expect(rec.published).toBe('2014-12-24');
    expect(rec.applicationNumber).toBe('201410408762.5');
    expect(rec.filed).toBe('2014-08-19');
    expect(rec.priority).toEqual([]);
    // "A24B   15/18    (2006.01)" and friends
    expect(rec.ipc).toEqual(['A24B 15/18', 'C11B 9/00', 'C12P 1/02', 'C12R 1/645']);
    expect(rec.applicants).toEqual([{ name: '云南中烟工业有限责任公司' }]);
    expect(rec.inventors).toEqual([
      '段焰青',
      '者为',
      '李青青',
      '叶灵',
      '张伟',
      '夏建军',
      '党立志',
      '王文元',
    ]);
    expect(rec.claims).toHaveLength(3);
    // The claim is broken by "<br />" and newlines inside words; no space may be left there.
    expect(rec.claims[0]).toBe(
      '1.一种甘草发酵所得烟用香料，其特征在于：将甘草片或甘草粉与水按1:5～1:50的质量比配制成发酵培养基，高压灭菌后按1％的质量比接种长孢洛德酵母CGMCC6645，发酵培养2天后对发酵液进行过滤浓缩，即得所需烟用香料。',
    );
    expect(rec.claims[1]).toBe(
      '2.根据权利要求1所述的甘草发酵所得烟用香料，其特征在于：所述的甘草物料与水的质量比优选为1:20。',
    );
    // The abstract sits in cn-bibliographic-data; its bio-deposit paragraph is not text.
    expect(rec.abstract).toMatch(/^本发明公开了一种甘草发酵所得烟用香料及其应用。/);
    expect(rec.abstract).toMatch(/具有良好的应用前景。$/);
    // application-body/description, without the repeated invention-title.
    expect(rec.description).toMatch(/^技术领域 本发明属于卷烟香精香料技术领域/);
    expect(rec.citations).toEqual([]);
  });
});

describe('CNIPA business XML (PatentDocumentAndRelated)', () => {
  it('reads CN113781974A, keeping the "original" data format over the "standard" one', () => {
    const rec = readSample('CN113781974A_cnipa-business-xml.xml');
    expect(rec.id).toBe('CN-113781974-A');
    expect(rec.lang).toBe('zh');
    expect(rec.title).toBe('显示设备');
    expect(rec.published).toBe('2021-12-10');
    expect(rec.applicationNumber).toBe('202111286633.X'); // not the standard 102021001286633
    expect(rec.filed).toBe('2017-04-24');
    expect(rec.priority).toEqual([
      { country: 'KR', number: '10-2016-0063019', date: '2016-05-23' },
    ]);
    expect(rec.ipc).toEqual(['G09G 3/36', 'G09G 3/3208', 'G09G 3/34']);
    expect(rec.applicants).toEqual([{ name: '三星显示有限公司', country: 'KR' }]);
    expect(rec.inventors).toEqual(['金驲柱', '田武经', '李安洙']);
    expect(rec.claims).toHaveLength(17);
    expect(rec.claims[0]).toMatch(/^1\.显示设备，包括： 显示面板，所述显示面板包括： 多个像素/);
    expect(rec.claims[1]).toBe('2.如权利要求1所述的显示设备，其中，所述k个像素位于所述第m行中。');
    expect(rec.abstract).toMatch(/^公开了一种显示设备。显示设备包括排列成多行和多列的多个像素/);
    expect(rec.description).toMatch(
      /^相关申请的交叉引用 于2016年5月23日提交的发明名称为“显示设备”的第10-2016-0063019号韩国专利申请/,
    );
    expect(rec.citations).toEqual([]);
  });
});

describe('JPO jp-official-gazette', () => {
  it('reads JP2021044377A with the ST.16 kind, IPC (not FI) codes and Japanese citations', () => {
    const rec = readSample('JP2021044377A_jp-official-gazette.xml');
    expect(rec.id).toBe('JP-2021044377-A'); // kind-of-st16, not "公開特許公報(A)"
    expect(rec.kind).toBe('A');
    expect(rec.lang).toBe('ja');
    expect(rec.title).toBe('ウェーハの加工方法');
    expect(rec.published).toBe('2021-03-18');
    expect(rec.applicationNumber).toBe('2019165329');
    expect(rec.filed).toBe('2019-09-11');
    expect(rec.priority).toEqual([]);
    expect(rec.ipc).toEqual(['H01L 21/301', 'H01L 21/67', 'H01L 21/683', 'B23K 26/53']);
    // The five patent attorneys (agent) are not applicants.
    expect(rec.applicants).toEqual([{ name: '株式会社ディスコ' }]);
    expect(rec.inventors).toHaveLength(10);
    expect(rec.inventors[0]).toBe('原田 成規');
    expect(rec.inventors[9]).toBe('大前 巻子');
    expect(rec.claims).toHaveLength(6);
    expect(rec.claims[0]).toMatch(
      /^複数のデバイスが、分割予定ラインによって区画された表面の各領域に形成されたウェーハを個々のデバイスチップに分割するウェーハの加工方法であって、ウェーハを収容する開口/,
    );
    expect(rec.claims[1]).toBe(
      '該一体化工程において、一体化を実施した後、該フレームの外周からはみ出したポリオレフィン系シートを除去することを特徴とする請求項１記載のウェーハの加工方法。',
    );
    expect(rec.abstract).toMatch(
      /^【課題】品質を低下させることなくデバイスチップを形成する。【解決手段】複数のデバイスが形成された/,
    );
    expect(rec.description).toMatch(
      /^本発明は、複数のデバイスが分割予定ラインによって区画された表面/,
    );
    // The written amendment repeats the whole description; only the published one is read.
    expect(rec.description!.split('本発明は、複数のデバイスが分割予定ライン').length - 1).toBe(1);
    // "特許第６１５１５５７号公報", "特許第３０７６１７９号公報"
    expect(rec.citations).toEqual(['JP-6151557', 'JP-3076179']);
  });
});

// A Vietnamese-office document following docs/st36-profile.md. The Vietnamese title is
// written decomposed (NFD), as some exporters do; the record must carry it composed (NFC).
const VN_TITLE = 'Phân bón hữu cơ vi sinh từ vỏ trấu và quy trình sản xuất phân bón này';
const VN_DOC = `<?xml version="1.0" encoding="UTF-8"?>
<patent-document country="VN" doc-number="1-0021873" kind="B" lang="vi" date-publ="20190725">
  <bibliographic-data lang="vi">
    <publication-reference>
      <document-id><country>VN</country><doc-number>1-0021873</doc-number><kind>B</kind><date>20190725</date></document-id>
    </publication-reference>
    <application-reference>
      <document-id><country>VN</country><doc-number>1-2016-01234</doc-number><date>20160412</date></document-id>
    </application-reference>
    <priority-claims>
      <priority-claim sequence="1" kind="national"><country>JP</country><doc-number>2015-123456</doc-number><date>20150413</date></priority-claim>
    </priority-claims>
    <classifications-ipcr>
      <classification-ipcr sequence="1"><section>C</section><class>05</class><subclass>G</subclass><main-group>3</main-group><subgroup>00</subgroup></classification-ipcr>
      <classification-ipcr sequence="2"><text>C05F  11/08        20060101AFI20190725BHVN</text></classification-ipcr>
      <classification-ipcr sequence="3"><text>C05F  11/08        20060101ALI20190725BHVN</text></classification-ipcr>
    </classifications-ipcr>
    <invention-title lang="vi">${VN_TITLE.normalize('NFD')}</invention-title>
    <invention-title lang="en">Microbial organic fertilizer from rice husk and process for producing the same</invention-title>
    <parties>
      <applicants>
        <applicant sequence="1" app-type="applicant"><addressbook><orgname>Trường Đại học Cần Thơ</orgname><address><country>VN</country></address></addressbook></applicant>
      </applicants>
      <inventors>
        <inventor sequence="1"><addressbook><name>Nguyễn Văn An</name><address><country>VN</country></address></addressbook></inventor>
        <inventor sequence="2"><addressbook><last-name>Trần</last-name><first-name>Thị Bích</first-name><address><country>VN</country></address></addressbook></inventor>
      </inventors>
    </parties>
    <references-cited>
      <citation><patcit num="1"><document-id><country>VN</country><doc-number>1-0012345</doc-number><kind>B</kind></document-id></patcit></citation>
      <citation><nplcit num="2"><text>Trần Thị B, Tạp chí Khoa học Đại học Cần Thơ, 2014</text></nplcit></citation>
      <citation><patcit num="3"><document-id><country>JP</country><doc-number>2010-123456</doc-number></document-id></patcit></citation>
    </references-cited>
  </bibliographic-data>
  <abstract lang="vi"><p>Sáng chế đề cập đến phân bón hữu cơ vi sinh được sản xuất từ vỏ trấu &amp; chủng vi sinh vật <i>Trichoderma</i> sp.</p></abstract>
  <abstract lang="en"><p>The invention relates to a microbial organic fertilizer made from rice husk.</p></abstract>
  <description lang="vi">
    <heading>Lĩnh vực kỹ thuật được đề cập</heading>
    <p num="0001">Sáng chế thuộc lĩnh vực nông nghiệp,
      cụ thể là phân bón hữu cơ.</p>
  </description>
  <claims lang="vi">
    <claim id="c1" num="1"><claim-text>1. Phân bón hữu cơ vi sinh bao gồm:<claim-text>vỏ trấu đã ủ 70%;</claim-text><claim-text>chủng <i>Trichoderma</i> sp. 30%.</claim-text></claim-text></claim>
    <claim id="c2" num="2"><claim-text>2. Quy trình sản xuất phân bón theo điểm 1.</claim-text></claim>
  </claims>
</patent-document>
`;

describe('generic ST.36 patent-document (Vietnamese office profile)', () => {
  it('reads every field of the profile, and emits NFC for NFD input', () => {
    expect(VN_DOC).not.toBe(VN_DOC.normalize('NFC')); // the fixture really is decomposed
    const rec = parseInline(VN_DOC, 'vn/1-0021873.xml', 7, 42);
    expect(rec.id).toBe('VN-1-0021873-B');
    expect(rec.type).toBe('patent');
    expect([rec.country, rec.docNumber, rec.kind]).toEqual(['VN', '1-0021873', 'B']);
    expect(rec.lang).toBe('vi');
    expect(rec.title).toBe(VN_TITLE);
    expect(rec.title).toBe(rec.title.normalize('NFC'));
    expect(rec.title.length).toBe(VN_TITLE.normalize('NFC').length);
    expect(rec.alternateTitles).toEqual([
      {
        lang: 'en',
        text: 'Microbial organic fertilizer from rice husk and process for producing the same',
      },
    ]);
    expect(rec.abstract).toBe(
      'Sáng chế đề cập đến phân bón hữu cơ vi sinh được sản xuất từ vỏ trấu & chủng vi sinh vật Trichoderma sp.',
    );
    expect(rec.alternateAbstracts).toEqual([
      {
        lang: 'en',
        text: 'The invention relates to a microbial organic fertilizer made from rice husk.',
      },
    ]);
    expect(rec.published).toBe('2019-07-25');
    expect(rec.applicationNumber).toBe('1-2016-01234');
    expect(rec.filed).toBe('2016-04-12');
    expect(rec.priority).toEqual([{ country: 'JP', number: '2015-123456', date: '2015-04-13' }]);
    // The code marked F (first) leads; the structured code follows; the repeat is dropped.
    expect(rec.ipc).toEqual(['C05F 11/08', 'C05G 3/00']);
    expect(rec.applicants).toEqual([{ name: 'Trường Đại học Cần Thơ', country: 'VN' }]);
    // last-name + first-name reads family name first in a Vietnamese document.
    expect(rec.inventors).toEqual(['Nguyễn Văn An', 'Trần Thị Bích']);
    expect(rec.claims).toEqual([
      '1. Phân bón hữu cơ vi sinh bao gồm: vỏ trấu đã ủ 70%; chủng Trichoderma sp. 30%.',
      '2. Quy trình sản xuất phân bón theo điểm 1.',
    ]);
    expect(rec.description).toBe(
      'Lĩnh vực kỹ thuật được đề cập Sáng chế thuộc lĩnh vực nông nghiệp, cụ thể là phân bón hữu cơ.',
    );
    // nplcit is not a patent citation; a patcit without kind is CC-number.
    expect(rec.citations).toEqual(['VN-1-0012345-B', 'JP-2010123456']);
    expect(rec.source).toEqual({ file: 'vn/1-0021873.xml', format: 'st36', position: 7, line: 42 });
  });

  it('reads the older classification-ipc form, and takes the language from the office when none is given', () => {
    const xml = `<patent-document country="VN" doc-number="2-0001234" kind="U" date-publ="20080125">
      <bibliographic-data>
        <classification-ipc><edition>7</edition><main-classification>A41D013/00</main-classification>
          <further-classification>7A 61K 9/16</further-classification><further-classification>A41D 13/00</further-classification></classification-ipc>
        <invention-title>Áo bảo hộ lao động</invention-title>
        <parties><inventors><inventor><addressbook><last-name>Lê</last-name><first-name>Văn Cường</first-name></addressbook></inventor></inventors></parties>
      </bibliographic-data>
    </patent-document>`;
    const rec = parseInline(xml);
    expect(rec.id).toBe('VN-2-0001234-U');
    expect(rec.lang).toBe('vi');
    expect(rec.title).toBe('Áo bảo hộ lao động');
    expect(rec.published).toBe('2008-01-25');
    expect(rec.ipc).toEqual(['A41D 13/00', 'A61K 9/16']);
    expect(rec.inventors).toEqual(['Lê Văn Cường']);
    expect(rec.applicants).toEqual([]);
    expect(rec.claims).toEqual([]);
    expect(rec.abstract).toBeUndefined();
    expect(rec.description).toBeUndefined();
    expect(rec.alternateTitles).toBeUndefined();
  });

  it('gives each document of a concatenated file its own position and line', () => {
    const second = VN_DOC.replace(/1-0021873/g, '1-0021874');
    const text = VN_DOC + second;
    const result = parseFileContent('bulk.xml', Buffer.from(text, 'utf8'));
    expect(result.errors).toEqual([]);
    expect(result.records.map((r) => r.id)).toEqual(['VN-1-0021873-B', 'VN-1-0021874-B']);
    expect(result.records.map((r) => r.source.position)).toEqual([0, 1]);
    expect(result.records[1]!.source.line).toBe(VN_DOC.split('\n').length);
  });
});

describe('bad input', () => {
  it('refuses a truncated real file with MalformedDocumentError naming file and line, and no record', () => {
    // Cut inside the attributes of claim 5, on line 127 of the original.
    const text = sampleBytes('EP1667425A1_ep-patent-document.xml').toString('utf8');
    const cutAt =
      text.indexOf('<claim id="c-en-0005" num="00') + '<claim id="c-en-0005" num="00'.length;
    const cut = text.slice(0, cutAt);
    expect(cut.split('\n')).toHaveLength(127);
    const result = parseFileContent('truncated-EP1667425A1.xml', Buffer.from(cut, 'utf8'));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    const err = result.errors[0]!;
    expect(err).toBeInstanceOf(MalformedDocumentError);
    expect(err.file).toBe('truncated-EP1667425A1.xml');
    expect(err.line).toBe(127);
    expect(err.message).toMatch(/^truncated-EP1667425A1\.xml:127:\d+: malformed XML/);
  });

  it('refuses a real file cut between tags (unclosed elements) with MalformedDocumentError and no record', () => {
    // Cut on a character boundary: cutting the bytes mid-character is refused earlier, as not UTF-8.
    const text = sampleBytes('JP2021044377A_jp-official-gazette.xml').toString('utf8');
    const half = Buffer.from(text.slice(0, Math.floor(text.length / 2)), 'utf8');
    const result = parseFileContent('half-JP.xml', half);
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(MalformedDocumentError);
    expect(result.errors[0]!.file).toBe('half-JP.xml');
    expect(result.errors[0]!.message).toMatch(/^half-JP\.xml:\d+(:\d+)?: malformed XML/);
  });

  it('refuses a real EP document whose publication number was removed, with InvalidRecordError', () => {
    const xml = sampleBytes('eps_v1-5-B1.xml')
      .toString('utf8')
      .replace(' doc-number="3404678"', '')
      .replace('<B110>3404678</B110>', '');
    const result = parseFileContent('no-number.xml', Buffer.from(xml, 'utf8'));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.message).toMatch(/^no-number\.xml:1: .*no publication number/);
  });

  it('throws InvalidRecordError from the parser for a generic document without a number', () => {
    const xml = VN_DOC.replace(' doc-number="1-0021873"', '').replace(
      '<doc-number>1-0021873</doc-number>',
      '',
    );
    expect(() => parseInline(xml, 'vn/missing.xml', 0, 3)).toThrow(InvalidRecordError);
    expect(() => parseInline(xml, 'vn/missing.xml', 0, 3)).toThrow(/^vn\/missing\.xml:3: /);
  });

  it('throws InvalidRecordError for a document without a title or without a kind code', () => {
    const noTitle = VN_DOC.replace(/<invention-title[^>]*>[^<]*<\/invention-title>/g, '');
    expect(() => parseInline(noTitle)).toThrow(/has no title/);
    const noKind = VN_DOC.replace(' kind="B"', '').replace(
      '<kind>B</kind><date>2019',
      '<date>2019',
    );
    expect(() => parseInline(noKind)).toThrow(InvalidRecordError);
    expect(() => parseInline(noKind)).toThrow(/has no kind code/);
  });

  it('refuses a CNIPA business document with no DocNumber anywhere', () => {
    const xml = sampleBytes('CN113781974A_cnipa-business-xml.xml')
      .toString('utf8')
      .replace(' docNumber="113781974"', '')
      .replace(/<base:DocNumber>113781974<\/base:DocNumber>/g, '');
    const result = parseFileContent('cnipa-no-number.xml', Buffer.from(xml, 'utf8'));
    expect(result.records).toEqual([]);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
  });
});

describe('patent citations written as text', () => {
  it.each([
    ['EP-A- 0 529 854', 'EP-529854-A'],
    ['US-A1- 2008 197 955', 'US-2008197955-A1'],
    ['FR-E- 84 247', 'FR-84247-E'],
    ['EP 3 109 871 A1', 'EP-3109871-A1'],
    ['US 2008/197955 A1', 'US-2008197955-A1'],
    ['GB 693,448 A', 'GB-693448-A'],
    ['EP3109871A1', 'EP-3109871-A1'],
    ['CN201810358967', 'CN-201810358967'],
    ['特許第６１５１５５７号公報', 'JP-6151557'],
    ['特開2002-86786号公報', 'JP-2002086786-A'],
  ])('%s → %s', (text, id) => {
    expect(citationFromText(text)).toBe(id);
  });

  it.each([['201810358967.5'], ['BAYS H ET AL: "PHARMACOTHERAPY FOR DYSLIPIDAEMIA"'], ['']])(
    'reads no patent in %j',
    (text) => {
      expect(citationFromText(text)).toBeUndefined();
    },
  );
});
