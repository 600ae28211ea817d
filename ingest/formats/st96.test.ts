import * as fs from 'fs';
import * as path from 'path';
import type { PatentRecord } from '../../model';
import { InvalidRecordError, MalformedDocumentError } from '../errors';
import { parseFileContent } from './index';
import { st96Parser } from './st96';
import { parseXml } from './xml';

const SAMPLE = path.resolve(
  __dirname,
  '../../test-samples/st96/PatentPublication_Example_US8936998B2.xml',
);
const text = fs.readFileSync(SAMPLE, 'utf8');

function parseText(xml: string, file = 'variant.xml'): PatentRecord {
  const result = parseFileContent(file, Buffer.from(xml));
  expect(result.errors).toEqual([]);
  expect(result.records).toHaveLength(1);
  return result.records[0] as PatentRecord;
}

/** The sample with its IPCRClassificationBag replaced by `bag`. */
function withIpcBag(bag: string): string {
  const from = text.indexOf('<pat:IPCRClassificationBag>');
  const end = '</pat:IPCRClassificationBag>';
  const to = text.indexOf(end) + end.length;
  expect(from).toBeGreaterThan(0);
  return text.slice(0, from) + bag + text.slice(to);
}

describe('ST.96 PatentPublication sample (US 8,936,998 B2)', () => {
  const result = parseFileContent(SAMPLE, fs.readFileSync(SAMPLE));
  const r = result.records[0] as PatentRecord;

  test('is read as one st96 record without errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.formats).toEqual(['st96']);
    expect(result.deletions).toEqual([]);
    expect(result.records).toHaveLength(1);
    expect(r.source).toEqual({ file: SAMPLE, format: 'st96', position: 0, line: 1 });
  });

  test('identification, dates and application', () => {
    expect(r.id).toBe('US-8936998-B2');
    expect(r.type).toBe('patent');
    expect([r.country, r.docNumber, r.kind]).toEqual(['US', '08936998', 'B2']);
    // The title as published, typo included.
    expect(r.title).toBe('Manufcaturing method for room-temperature substrate bonding');
    expect(r.lang).toBe('en');
    expect(r.alternateTitles).toBeUndefined();
    expect(r.published).toBe('2015-01-20');
    expect(r.applicationNumber).toBe('13797521');
    expect(r.filed).toBe('2013-03-12');
    expect(r.priority).toEqual([{ country: 'JP', number: '2007-290922', date: '2007-11-08' }]);
  });

  test('IPC from the structured IPCRClassification parts, not the CPC or search field', () => {
    expect(r.ipc).toEqual([
      'H01L 21/30',
      'H01L 21/302',
      'H01L 21/324',
      'H01L 21/20',
      'H01L 23/00',
      'H01L 31/0203',
    ]);
    expect(r.ipc).not.toContain('H01L 21/2007'); // MainCPC
    expect(r.ipc).not.toContain('B81C 2203/0109'); // SearchFieldText
  });

  test('parties: applicants then assignees, inventors by structured name', () => {
    const inventors = [
      'Jun Utsumi',
      'Takayuki Goto',
      'Kensuke Ide',
      'Hideki Takagi',
      'Masahiro Funayama',
    ];
    expect(r.inventors).toEqual(inventors);
    expect(r.applicants).toEqual([
      ...inventors.map((name) => ({ name })),
      { name: 'Mitsubishi Heavy Industries, Ltd.' },
      { name: 'National Institute of Advanced Industrial Science and Technology' },
    ]);
    // The attorney and examiners are not parties of the record.
    expect(JSON.stringify(r.applicants)).not.toContain('Birch');
    expect(r.inventors).not.toContain('Jerome Jackson Jr.');
  });

  test('abstract, claims and description', () => {
    expect(r.abstract).toMatch(
      /^A device is provided with: a first substrate mainly containing silicon dioxide; a second substrate/,
    );
    expect(r.claims).toHaveLength(10);
    // ClaimNumber and ClaimTypeCategory are not claim text; nested ClaimText are joined.
    expect(r.claims[0]).toMatch(
      /^1\. A device manufacture method, comprising: sputtering a first surface of a first substrate mainly containing silicon dioxide; and preparing a bonded substrate/,
    );
    expect(r.claims[1]).toBe(
      '2. The device manufacture method according to claim 1, wherein said first surface is subject to sputtering after said bonding functional intermediate layer is formed thereon.',
    );
    expect(r.claims.some((c) => /Independent|Dependent/.test(c))).toBe(false);
    expect(r.description).toMatch(
      /^This application is a Divisional of co-pending U\.S\. patent application Ser\. No\. 12\/741,916 filed on Jul\. 13, 2010/,
    );
    expect(r.description).toContain('TECHNICAL FIELD The present invention relates to a device');
    expect(r.description).toContain('35 U.S.C. §119'); // &#xa7;
    // MathML is left out (its tokens, e.g. U+2062 invisible times, are not words).
    expect(r.description).not.toContain('\u2062');
  });

  test('citations: patent citations of the bibliographic data, not NPL or description ones', () => {
    expect(r.citations).toHaveLength(17);
    expect(r.citations.slice(0, 4)).toEqual([
      'US-6054363-A',
      'US-6639249-B2',
      'US-7101735-B2',
      'US-20040226162-A1', // cited as "2004/0226162"
    ]);
    expect(r.citations).toContain('JP-63101085-A');
    expect(r.citations[16]).toBe('JP-2007042750-A');
  });

  test('st96Parser called directly places the record at the document position', () => {
    const root = parseXml(text, 'bulk.xml');
    expect(root.name).toBe('PatentPublication');
    expect(st96Parser.roots).toEqual(['PatentPublication']);
    const batch = st96Parser.parse(root, { file: 'bulk.xml', line: 12, position: 3 });
    expect(batch.records[0]!.id).toBe('US-8936998-B2');
    expect(batch.records[0]!.source).toEqual({
      file: 'bulk.xml',
      format: 'st96',
      position: 3,
      line: 12,
    });
  });
});

describe('ST.96 IPC in its other forms', () => {
  test('symbol texts (fixed-column, packed, spaced), SubClass/SubGroup spelling, F first', () => {
    const r = parseText(
      withIpcBag(`<pat:IPCRClassificationBag>
        <pat:IPCRClassification com:sequenceNumber="1">
          <pat:PatentClassificationText>H01L  21/302       20060101ALI20150120BHUS</pat:PatentClassificationText>
          <com:SymbolPositionCode>L</com:SymbolPositionCode>
        </pat:IPCRClassification>
        <pat:IPCRClassification com:sequenceNumber="2">
          <pat:PatentClassificationText>H01L0021300000</pat:PatentClassificationText>
          <com:SymbolPositionCode>F</com:SymbolPositionCode>
        </pat:IPCRClassification>
        <pat:IPCRClassification com:sequenceNumber="3">
          <pat:Section>H</pat:Section><pat:Class>01</pat:Class><pat:SubClass>L</pat:SubClass>
          <pat:MainGroup>23</pat:MainGroup><pat:SubGroup>00</pat:SubGroup>
        </pat:IPCRClassification>
        <pat:IPCRClassification com:sequenceNumber="4">
          <pat:PatentClassificationText>H01L 21/30</pat:PatentClassificationText>
        </pat:IPCRClassification>
      </pat:IPCRClassificationBag>
      <pat:IPCClassification>
        <com:Edition>7</com:Edition>
        <pat:MainClassification>7H01L 31/0203</pat:MainClassification>
        <pat:FurtherClassification>H01L021/20</pat:FurtherClassification>
      </pat:IPCClassification>`),
    );
    expect(r.ipc).toEqual([
      'H01L 21/30',
      'H01L 21/302',
      'H01L 23/00',
      'H01L 31/0203',
      'H01L 21/20',
    ]);
  });
});

describe('ST.96 titles and abstracts in several languages', () => {
  test('the document language gives title and abstract; the others are alternates', () => {
    const xml = text
      .replace(
        '</pat:InventionTitleBag>',
        '<pat:InventionTitle com:languageCode="fr">Procédé de collage à température ambiante</pat:InventionTitle></pat:InventionTitleBag>',
      )
      .replace(
        '<pat:Drawings',
        '<pat:Abstract com:languageCode="ja"><com:P>室温接合方法を提供する。</com:P></pat:Abstract><pat:Drawings',
      );
    const r = parseText(xml);
    expect(r.lang).toBe('en');
    expect(r.title).toBe('Manufcaturing method for room-temperature substrate bonding');
    expect(r.alternateTitles).toEqual([
      { lang: 'fr', text: 'Procédé de collage à température ambiante' },
    ]);
    expect(r.abstract).toMatch(/^A device is provided with:/);
    expect(r.alternateAbstracts).toEqual([{ lang: 'ja', text: '室温接合方法を提供する。' }]);
  });
});

describe('bad ST.96 input', () => {
  test('a truncated copy gives MalformedDocumentError with file and line, and no record', () => {
    // Cut inside the start tag of claim 4 (`<pat:Claim com:id=`), as an interrupted copy would.
    const cut = text.slice(0, text.indexOf('<pat:Claim com:id="CLM-00004">') + 18);
    const cutLine = cut.split('\n').length;
    const result = parseFileContent('cut96.xml', Buffer.from(cut));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(MalformedDocumentError);
    expect(result.errors[0]!.line).toBe(cutLine);
    expect(result.errors[0]!.message).toMatch(
      new RegExp(`^cut96\\.xml:${cutLine}:\\d+: malformed XML`),
    );
  });

  test('a publication without PublicationNumber is an InvalidRecordError', () => {
    const xml = text.replace('<pat:PublicationNumber>08936998</pat:PublicationNumber>', '');
    const result = parseFileContent('nonum96.xml', Buffer.from(xml));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.message).toMatch(/^nonum96\.xml:1: .*no publication number/);
  });
});
