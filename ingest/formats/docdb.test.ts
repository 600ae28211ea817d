import { readFileSync } from 'fs';
import path from 'path';
import type { PatentRecord } from '../../model';
import { InvalidRecordError, MalformedDocumentError } from '../errors';
import { docdbParser } from './docdb';
import { decodeEntities } from './entities';
import { parseFileContent } from './index';
import { parseXml } from './xml';

const SAMPLES = path.resolve(__dirname, '../../test-samples/docdb');
const sample = (name: string): string => path.join(SAMPLES, name);
const bytes = (name: string): Buffer => readFileSync(sample(name));

function patents(file: string, content: Uint8Array = readFileSync(file)): PatentRecord[] {
  const result = parseFileContent(file, content);
  expect(result.errors).toEqual([]);
  expect(result.formats).toEqual(['docdb']);
  return result.records.map((r) => {
    expect(r.type).toBe('patent');
    return r as PatentRecord;
  });
}

function only(file: string): PatentRecord {
  const records = patents(file);
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe('DOCDB bulk file (DE-backfile.xml, exch: namespace declared)', () => {
  const file = sample('DE-backfile.xml');
  const records = patents(file);

  it('reads all ten exchange-documents, in order, with consecutive positions', () => {
    expect(records.map((r) => r.id)).toEqual([
      'DE-1258188-B',
      'DE-1258189-B',
      'DE-1258190-B',
      'DE-1258191-B',
      'DE-1258192-B',
      'DE-1258193-B',
      'DE-1258194-B',
      'DE-1258195-B',
      'DE-1258196-B',
      'DE-1258197-B',
    ]);
    expect(records.map((r) => r.source.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const r of records) {
      expect(r.source).toMatchObject({ file, format: 'docdb', line: 1 });
      expect(r.published).toBe('1968-01-04');
      expect(r.lang).toBe('de');
      expect(r.claims).toEqual([]);
      expect(r.abstract).toBeUndefined();
    }
  });

  it('reads the bibliographic data of the first document', () => {
    const r = records[0]!;
    expect(r).toMatchObject({
      country: 'DE',
      docNumber: '1258188',
      kind: 'B',
      title: 'Kraftstoffeinspritzpumpe fuer mehrzylindrige Brennkraftmaschinen',
      applicationNumber: 'B77613',
      filed: '1964-07-10',
      priority: [{ country: 'DE', number: 'B0077613', date: '1964-07-10' }],
      ipc: ['F02M 41/12', 'F02M 59/34', 'F02M 59/36'],
      inventors: ['KNAPP DIPL.-PHYS. DR. HEINRICH', 'HEISER DIPL.-ING. JOACHIM'],
      citations: ['DE-814968-C', 'DE-1156606-B', 'DE-1734877-U', 'FR-1343388-A'],
    });
    expect(r.alternateTitles).toBeUndefined();
  });

  it('takes one name per party: the readable docdba form, not the docdb abbreviation', () => {
    expect(records[0]!.applicants).toEqual([{ name: 'ROBERT BOSCH G.M.B.H.' }]);
    expect(records[4]!.applicants).toEqual([{ name: 'SOCIETE BERTIN & CIE.' }]);
    // The docdb forms are cut at 30 characters ("RECH S BALISTIQUES ET AERODYNA").
    expect(records[6]!.applicants.map((a) => a.name)).toEqual([
      'ETAT FRANCAIS, REPRESENTE PAR MONSIEUR LE MINISTRE DES ARMEES',
      "DELEGATION MINISTERIELLE POUR L'ARMEMENT",
      "DIRECTION DES ETUDES ET FABRICATIONS D'ARMEMENT",
      'LABORATOIRE DE RECHERCHES BALISTIQUES ET AERODYNAMIQUES DE VERNON',
    ]);
    expect(records[9]!.inventors).toEqual([
      'HOCH RENE GERARD',
      'JUMELLE LOUIS FRANCOIS',
      'MINOS JEAN MARIE',
    ]);
  });

  it('keeps DOCDB dummy priority numbers as given, and cited documents of every office', () => {
    expect(records[2]!.priority).toEqual([
      { country: 'US', number: '1258190X', date: '1961-03-13' },
    ]);
    expect(records[5]!.ipc).toEqual(['F02C 3/30', 'F23R 3/28']);
    expect(records[5]!.citations).toEqual([
      'DE-522718-C',
      'CH-332967-A',
      'CH-252614-A',
      'CH-248309-A',
      'CH-220292-A',
      'CH-205302-A',
      'FR-348124-A',
      'GB-774420-A',
    ]);
  });

  it('calls the parser directly with the position and line it is given', () => {
    const root = parseXml(readFileSync(file, 'utf8'), file);
    expect(root.name).toBe('exchange-documents');
    const batch = docdbParser.parse(root, { file: 'bulk.xml', line: 7, position: 100 });
    expect(batch.deletions).toEqual([]);
    expect(batch.records).toHaveLength(10);
    expect(batch.records[3]!.source).toEqual({
      file: 'bulk.xml',
      format: 'docdb',
      position: 103,
      line: 7,
    });
  });

  it('turns status="D" into a deletion and keeps positions consecutive', () => {
    const text = readFileSync(file, 'utf8').replace(
      'doc-number="1258190" kind="B"',
      'doc-number="1258190" kind="B" status="D"',
    );
    const result = parseFileContent(file, Buffer.from(text));
    expect(result.errors).toEqual([]);
    expect(result.deletions).toEqual(['DE-1258190-B']);
    expect(result.records.map((r) => r.id)).not.toContain('DE-1258190-B');
    expect(result.records).toHaveLength(9);
    expect(result.records.map((r) => r.source.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses a truncated copy with MalformedDocumentError naming file and line', () => {
    const text = readFileSync(file, 'utf8');
    const cut = text.slice(0, Math.floor(text.length * 0.6));
    const result = parseFileContent('cut/DE-backfile.xml', Buffer.from(cut));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    const err = result.errors[0]!;
    expect(err).toBeInstanceOf(MalformedDocumentError);
    expect(err.file).toBe('cut/DE-backfile.xml');
    expect(err.line).toBeGreaterThanOrEqual(1);
    expect(err.message).toContain(`cut/DE-backfile.xml:${err.line}`);
  });

  it('skips a document without its number (InvalidRecordError) and keeps the other nine', () => {
    const text = readFileSync(file, 'utf8')
      .replace('doc-number="1258191" ', '')
      .replace('<doc-number>1258191</doc-number>', '');
    const result = parseFileContent(file, Buffer.from(text));
    expect(result.records).toHaveLength(9);
    expect(result.records.map((r) => r.id)).not.toContain('DE-1258191-B');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.message).toMatch(
      /DE-backfile\.xml:1: <exchange-document> #4 has no doc-number/,
    );
  });
});

describe('DOCDB single documents', () => {
  it('AP-1206-A (no prefix): old IPC main classification first, edition prefix removed', () => {
    const r = only(sample('AP-1206-A_302101161.xml'));
    expect(r).toMatchObject({
      id: 'AP-1206-A',
      country: 'AP',
      docNumber: '1206',
      kind: 'A',
      title: 'Enteric coated pharmaceutical composition and method of manufacturing.',
      lang: 'en',
      published: '2003-09-18',
      applicationNumber: 'AP/P/2000/001988',
      filed: '1998-08-04',
      priority: [
        { country: 'US', number: '8359798', date: '1998-05-22' },
        { country: 'US', number: '9816128', date: '1998-08-04' },
      ],
      applicants: [{ name: 'BRISTOL-MYERS SQUIBB COMPANY', country: 'US' }],
      inventors: ['ULLAR Ismat', 'WILEY Gary J'],
      citations: ['US-5556839-A', 'US-5510114-A', 'US-5326570-A'],
    });
    // main-classification " 7A 61K   9/16   A" (edition 7) and 18 ipcr codes, each once.
    expect(r.ipc[0]).toBe('A61K 9/16');
    expect(r.ipc).toHaveLength(18);
    expect(r.ipc).toEqual(expect.arrayContaining(['A61K 31/7048', 'A61P 31/18']));
    expect(r.abstract).toMatch(/^A high drug load enteric coated pharmaceutical composition/);
  });

  it('WO-2022259205-A1 (undeclared exch:): ipcr "F" code first, French title and abstract as alternates', () => {
    const root = parseXml(bytes('WO-2022259205-A1_544370561.xml').toString('utf8'), 'wo.xml');
    expect(root.name).toBe('exchange-document');
    const r = only(sample('WO-2022259205-A1_544370561.xml'));
    expect(r).toMatchObject({
      id: 'WO-2022259205-A1',
      title: 'SELF-EMULSIFYING COMPOSITION, PRODUCTION METHODS AND USES THEREOF',
      lang: 'en',
      published: '2022-12-15',
      applicationNumber: 'IB2022/055385',
      filed: '2022-06-09',
      priority: [{ country: 'PT', number: '11728321', date: '2021-06-11' }],
      applicants: [{ name: 'UNIVERSIDADE DA BEIRA INTERIOR', country: 'PT' }],
      citations: ['CN-102908333-A', 'WO-2005013972-A1', 'WO-2013147452-A1', 'WO-2021005101-A1'],
      alternateTitles: [
        {
          lang: 'fr',
          text: 'COMPOSITION AUTO-ÉMULSIFIANTE, SES PROCÉDÉS DE PRODUCTION ET SES UTILISATIONS',
        },
      ],
    });
    // "A61K 9/00 …AFI" is the second ipcr entry, "A61K 8/04 …ALI" the first.
    expect(r.ipc.slice(0, 2)).toEqual(['A61K 9/00', 'A61K 8/04']);
    expect(r.ipc).toHaveLength(11);
    expect(r.inventors).toHaveLength(8);
    expect(r.inventors[2]).toBe('CABRAL PIRES, Patrícia Sofia');
    expect(r.abstract).toMatch(/^The present disclosure relates to a self-emulsifying composition/);
    expect(r.alternateAbstracts).toHaveLength(1);
    expect(r.alternateAbstracts![0]!.lang).toBe('fr');
    expect(r.alternateAbstracts![0]!.text).toMatch(/^La présente divulgation concerne/);
  });

  it('WO-2023012807-A1: docdb and docdba variants of a party give one entry, NPL citations are left out', () => {
    const r = only(sample('WO-2023012807-A1_507242069.xml'));
    expect(r).toMatchObject({
      id: 'WO-2023012807-A1',
      title: 'METHOD FOR HUMANIZING ANTIBODIES',
      lang: 'en',
      published: '2023-02-09',
      applicationNumber: 'IL2022/050854',
      filed: '2022-08-05',
      priority: [{ country: 'US', number: '202163230089', date: '2021-08-06' }],
      ipc: ['C07K 16/28', 'C07K 16/30', 'C07K 16/40', 'C07K 16/46'],
      applicants: [{ name: 'YEDA RESEARCH AND DEVELOPMENT CO. LTD.', country: 'IL' }],
      inventors: ['FLEISHMAN, Sarel', 'TENNENHOUSE, Ariel'],
      citations: ['US-2020223945-A1', 'US-8343489-B2', 'WO-2019025299-A1'],
    });
    expect(r.alternateTitles).toEqual([{ lang: 'fr', text: "PROCÉDÉ D'HUMANISATION D'ANTICORPS" }]);
    expect(r.abstract).toMatch(/^Provided herein is a method for obtaining a humanized antibody/);
  });

  it('YU-6701-A: title and abstract in the publication language, DOCDB entities decoded', () => {
    const r = only(sample('YU-6701-A_381353354.xml'));
    expect(r).toMatchObject({
      id: 'YU-6701-A',
      lang: 'sh',
      title: 'TRICIKLIČNI SULFONAMIDI I NJIHOVI DERIVATI KAO INHIBITORI MATRIČNIH METALOPROTEINAZA',
      published: '2003-12-31',
      priority: [{ country: 'US', number: '9500698', date: '1998-07-30' }],
      applicants: [{ name: 'WARNER-LAMBERT COMPANY', country: 'US' }],
      inventors: ["O'Brien, Patrick Michael", 'Picard, Joseph Armand', 'Sliskovic, Drago Robert'],
      citations: [],
    });
    // The "original" abstract (with &ccaron;) wins over the docdba one written without diacritics.
    expect(r.abstract).toMatch(/^Opisana su triciklična sulfonamidna jedinjenja/);
    expect(r.abstract).not.toContain('&');
    expect(r.alternateTitles).toEqual([
      {
        lang: 'en',
        text: 'TRICYCLIC SULFONAMIDES AND THEIR DERIVATIVES AS INHIBITORS OF MATRIX METALLOPROTEINASES',
      },
    ]);
    expect(r.alternateAbstracts?.map((a) => a.lang)).toEqual(['en']);
    expect(r.alternateAbstracts![0]!.text).toMatch(/^Tricyclic sulfonamide compounds/);
    expect(r.ipc).toHaveLength(39);
    expect(r.ipc).toContain('C07C 311/21');
  });
});

describe('DOCDB forms not in the samples', () => {
  const XML = `<?xml version="1.0" encoding="UTF-8"?>
<exch:exchange-documents>
  <exch:exchange-document country="EP" doc-number="0123456" kind="A1" date-publ="19900103">
    <exch:bibliographic-data>
      <exch:publication-reference data-format="docdb"><document-id lang="de"><country>EP</country><doc-number>0123456</doc-number><kind>A1</kind><date>19900103</date></document-id></exch:publication-reference>
      <exch:classification-ipc>
        <edition>5</edition>
        <main-classification>5A 01N 43/40</main-classification>
        <further-classification>5C 07D 213/64</further-classification>
        <further-classification>A61K031/44</further-classification>
      </exch:classification-ipc>
      <exch:application-reference data-format="docdb"><document-id><country>EP</country><doc-number>89123456</doc-number><kind>A</kind><date>19891201</date></document-id></exch:application-reference>
      <exch:language-of-publication>de</exch:language-of-publication>
      <exch:parties>
        <exch:applicants>
          <exch:applicant sequence="1" data-format="docdb"><exch:applicant-name><name>KO&SACUTE;NIK CHEM</name></exch:applicant-name><residence><country>PL</country></residence></exch:applicant>
          <exch:applicant sequence="2" data-format="docdb"><exch:applicant-name><name>KO&SACUTE;NIK CHEM</name></exch:applicant-name></exch:applicant>
        </exch:applicants>
        <exch:inventors>
          <exch:inventor sequence="1" data-format="docdb"><exch:inventor-name><name>NOWAK JAN</name></exch:inventor-name></exch:inventor>
        </exch:inventors>
      </exch:parties>
      <exch:invention-title lang="en" data-format="docdba">Herbicidal pyridines</exch:invention-title>
      <exch:invention-title lang="fr" data-format="docdba">Pyridines herbicides</exch:invention-title>
      <exch:references-cited>
        <exch:citation><patcit num="1"><document-id data-format="epodoc"><doc-number>EP0999999</doc-number></document-id><document-id data-format="docdb"><country>EP</country><doc-number>0999999</doc-number><kind>A1</kind></document-id></patcit></exch:citation>
        <exch:citation><patcit num="2" dnum="US4567890A"/></exch:citation>
        <exch:citation><patcit num="3"><document-id><country>JP</country><doc-number>2001123456</doc-number></document-id></patcit></exch:citation>
        <exch:citation><nplcit num="4"><text>Some journal article</text></nplcit></exch:citation>
      </exch:references-cited>
    </exch:bibliographic-data>
  </exch:exchange-document>
  <exch:exchange-document country="EP" doc-number="0123457" kind="A1" status="D"/>
</exch:exchange-documents>`;

  const result = parseFileContent('inline.xml', Buffer.from(XML));

  it('reads old classification-ipc main and further classifications, normalised', () => {
    expect(result.errors).toEqual([]);
    expect(result.records).toHaveLength(1);
    const r = result.records[0] as PatentRecord;
    expect(r.ipc).toEqual(['A01N 43/40', 'C07D 213/64', 'A61K 31/44']);
  });

  it('prefers English when no title is in the publication language', () => {
    const r = result.records[0] as PatentRecord;
    expect(r.lang).toBe('en');
    expect(r.title).toBe('Herbicidal pyridines');
    expect(r.alternateTitles).toEqual([{ lang: 'fr', text: 'Pyridines herbicides' }]);
    expect(r.applicationNumber).toBe('89123456');
    expect(r.filed).toBe('1989-12-01');
    expect(r.priority).toEqual([]);
  });

  it('reads patcit in docdb form, from dnum, and without kind; a repeated party once', () => {
    const r = result.records[0] as PatentRecord;
    expect(r.citations).toEqual(['EP-999999-A1', 'US-4567890-A', 'JP-2001123456']);
    expect(r.applicants).toEqual([{ name: 'KOŚNIK CHEM', country: 'PL' }]);
    expect(r.inventors).toEqual(['NOWAK JAN']);
  });

  it('a deleted document in a bulk file is a deletion', () => {
    expect(result.deletions).toEqual(['EP-123457-A1']);
  });

  it('decodes DOCDB entity names, in capitals too, and leaves unknown ones', () => {
    expect(decodeEntities('KO&SACUTE;NIK &ccaron;&Zcaron; &alpha;-&beta; 5&deg; &foo;')).toBe(
      'KOŚNIK čŽ α-β 5° &foo;',
    );
  });

  it('refuses a document with no title', () => {
    const xml =
      '<exchange-document country="EP" doc-number="1" kind="A1"><bibliographic-data/></exchange-document>';
    const res = parseFileContent('notitle.xml', Buffer.from(xml));
    expect(res.records).toEqual([]);
    expect(res.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(res.errors[0]!.message).toContain('EP-1-A1 has no invention-title');
  });
});
