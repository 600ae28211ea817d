import * as fs from 'fs';
import * as path from 'path';
import type { PatentRecord } from '../../model';
import { InvalidRecordError, MalformedDocumentError } from '../errors';
import { parseFileContent } from './index';
import { usptoParser } from './uspto';
import { citationId, usIpc } from './uspto-common';
import { decodeEntities } from './entities';
import { parseXml } from './xml';

const DIR = path.resolve(__dirname, '../../test-samples/uspto');
const file = (name: string): string => path.join(DIR, name);
const read = (name: string): string => fs.readFileSync(file(name), 'utf8');

/** Parses a sample through the real entry point; fails on any document error. */
function parseSample(name: string): PatentRecord[] {
  const result = parseFileContent(file(name), fs.readFileSync(file(name)));
  expect(result.errors).toEqual([]);
  expect(result.formats).toEqual(['uspto']);
  expect(result.deletions).toEqual([]);
  return result.records as PatentRecord[];
}

function only(name: string): PatentRecord {
  const records = parseSample(name);
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe('USPTO v4.5 grants', () => {
  test('grant_v4-5-B2.xml: US 11,147,202 B2, wheeled hand truck', () => {
    const r = only('grant_v4-5-B2.xml');
    expect(r.id).toBe('US-11147202-B2');
    expect(r.type).toBe('patent');
    expect([r.country, r.docNumber, r.kind]).toEqual(['US', '11147202', 'B2']);
    expect(r.title).toBe('Wheeled hand truck');
    expect(r.lang).toBe('en');
    expect(r.published).toBe('2021-10-19');
    expect(r.applicationNumber).toBe('16232658');
    expect(r.filed).toBe('2018-12-26');
    expect(r.priority).toEqual([]);
    // classifications-ipcr only: the CPC codes (A01B 1/243, B62B 2202/70…) are not IPC.
    expect(r.ipc).toEqual(['A01B 1/24', 'B62B 1/12', 'B62B 5/06']);
    expect(r.applicants).toEqual([{ name: 'Yeow Ng', country: 'US' }]);
    expect(r.inventors).toEqual(['Yeow Ng']);
    expect(r.abstract).toMatch(/^A wheeled hand truck incorporating a footplate; a segmented /);
    expect(r.claims).toHaveLength(9);
    expect(r.claims[0]).toMatch(
      /^1\. A wheeled hand truck comprising: \(a\) a footplate having front and rear ends; \(b\) a retainer/,
    );
    // <claim-ref> flattened in place, &#x201c; decoded.
    expect(r.claims[1]).toMatch(
      /^2\. The wheeled hand truck of claim 1 further comprising a “U” handle/,
    );
    expect(r.description).toMatch(/^FIELD OF THE INVENTION This invention relates to hand trucks/);
    expect(r.description).not.toContain('BRFSUM'); // processing instructions are not text
    expect(r.citations).toHaveLength(41);
    expect(r.citations.slice(0, 2)).toEqual(['US-554139-A', 'US-779984-A']);
    expect(r.citations).toContain('US-D309242-S');
    // Cited as "2002/0162191": the id matches how the publication itself is numbered.
    expect(r.citations).toContain('US-20020162191-A1');
    expect(r.citations).toContain('US-10196008-B2');
    expect(r.source).toEqual({
      file: file('grant_v4-5-B2.xml'),
      format: 'uspto',
      position: 0,
      line: 1,
    });
  });

  test('grant_v4-5-B1.xml: assignee-applicant, six IPC, patent citations without the NPL ones', () => {
    const r = only('grant_v4-5-B1.xml');
    expect(r.id).toBe('US-9358892-B1');
    expect(r.docNumber).toBe('09358892'); // leading zero kept as published
    expect(r.title).toBe(
      'System and method for pre-charging a hybrid vehicle for improving reverse driving performance',
    );
    expect(r.published).toBe('2016-06-07');
    expect(r.filed).toBe('2014-12-02');
    expect(r.ipc).toEqual([
      'B60L 9/00',
      'B60L 11/00',
      'B60L 11/18',
      'G01C 21/26',
      'B60K 35/00',
      'B60W 20/00',
    ]);
    // The us-applicant and the assignee are the same company: listed once.
    expect(r.applicants).toEqual([
      { name: 'Toyota Motor Engineering & Manufacturing North America, Inc.', country: 'US' },
    ]);
    expect(r.inventors).toEqual(['Geoffrey D. Gaither']);
    expect(r.abstract).toMatch(/^A method\/system is provided for improving reverse hill climb/);
    expect(r.claims).toHaveLength(20);
    expect(r.claims[0]).toMatch(
      /^1\. A pre-charging system for improving reverse direction hill climb performance of a hybrid vehicle, comprising: a battery having a state of charge value;/,
    );
    expect(r.citations).toHaveLength(24); // 24 patcit; the 4 nplcit are not patent ids
    expect(r.citations[0]).toBe('US-5856709-A');
  });

  test('concatenated_2grants_v4-5.xml: two documents, two records, each with its own line', () => {
    const [a, b, ...rest] = parseSample('concatenated_2grants_v4-5.xml');
    expect(rest).toEqual([]);
    expect(a!.id).toBe('US-11147202-B2');
    expect(a!.source).toMatchObject({ position: 0, line: 1, format: 'uspto' });
    expect(b!.id).toBe('US-11147203-B2');
    expect(b!.source).toMatchObject({ position: 1, line: 871, format: 'uspto' });
    expect(b!.title).toBe('Middle mounted implement tractor');
    expect(b!.published).toBe('2021-10-19');
    expect(b!.applicationNumber).toBe('15900792');
    expect(b!.filed).toBe('2018-02-20');
    expect(b!.ipc).toEqual(['A01B 51/02', 'A01B 59/06', 'B62D 49/06', 'B65G 69/28']);
    expect(b!.applicants).toEqual([{ name: 'Philip Jensen', country: 'US' }]);
    expect(b!.inventors).toEqual(['Philip Jensen']);
    expect(b!.claims).toHaveLength(20);
    expect(b!.claims[0]).toMatch(
      /^1\. A middle mounted implement tractor, comprising: a front frame/,
    );
    expect(b!.abstract).toMatch(
      /^A middle mounted implement tractor utilizes a movable frame design/,
    );
    expect(b!.citations).toHaveLength(19);
    // The first document is the same grant as grant_v4-5-B2.xml.
    expect(a!.claims).toHaveLength(9);
    expect(a!.citations).toHaveLength(41);
  });
});

describe('USPTO v4.0 grant', () => {
  test('grant_v4-0-B2.xml: classification-ipc "A41D013/00", applicant-inventor, references-cited', () => {
    const r = only('grant_v4-0-B2.xml');
    expect(r.id).toBe('US-6857133-B2');
    expect(r.docNumber).toBe('06857133');
    expect(r.title).toBe(
      'Method and apparatus for manufacturing and installing water resistant cover on a limb',
    );
    expect(r.published).toBe('2005-02-22');
    expect(r.applicationNumber).toBe('10141259');
    expect(r.filed).toBe('2002-05-07');
    expect(r.ipc).toEqual(['A41D 13/00']);
    // v4.0 has no <inventors>: the applicant with app-type="applicant-inventor" is both.
    // nationality "omitted" is no country; the residence is.
    expect(r.applicants).toEqual([{ name: 'David V. Reynolds', country: 'US' }]);
    expect(r.inventors).toEqual(['David V. Reynolds']);
    expect(r.abstract).toBe(
      'A water resistant covering covers a part of the body, prevents water from penetrating the covering, and can be emplaced on the body with a single hand.',
    );
    expect(r.claims).toHaveLength(6);
    expect(r.claims[0]).toMatch(
      /^1\. A method for producing a water-resistant unit, comprising the steps of \(a\) providing/,
    );
    expect(r.citations).toEqual([
      'US-3820200-A',
      'US-4570304-A',
      'US-4639945-A',
      'US-5063919-A',
      'US-5195218-A',
      'US-5699632-A',
      'US-6237252-B1',
      'US-6421830-B1',
    ]);
  });
});

describe('USPTO v4.4 / v4.5 applications', () => {
  test('US20210049351A1_app_v4-4.xml: organisation applicant, two inventors, no citations', () => {
    const r = only('US20210049351A1_app_v4-4.xml');
    expect(r.id).toBe('US-20210049351-A1');
    expect(r.docNumber).toBe('20210049351');
    expect(r.title).toBe(
      'ACTION RECOGNITION APPARATUS, ACTION RECOGNITION METHOD, AND COMPUTER-READABLE RECORDING MEDIUM',
    );
    expect(r.published).toBe('2021-02-18');
    expect(r.applicationNumber).toBe('17043275');
    expect(r.filed).toBe('2018-04-13');
    expect(r.ipc).toEqual(['G06K 9/00', 'G06K 9/62', 'G06N 20/00']);
    expect(r.ipc).not.toContain('G06K 9/00335'); // main CPC, not IPC
    // us-applicant NEC and assignee NEC: one party.
    expect(r.applicants).toEqual([{ name: 'NEC Corporation', country: 'JP' }]);
    expect(r.inventors).toEqual(['Toshinori HOSOI', 'Ryo KAWAI']);
    // <b>1</b> inside the paragraph is flattened without breaking the sentence.
    expect(r.abstract).toMatch(
      /^An action recognition apparatus 1 including: a generation unit 2 that generates an addition image/,
    );
    expect(r.claims).toHaveLength(15);
    expect(r.claims[0]).toMatch(
      /^1\. An action recognition apparatus comprising: a generation unit that generates an addition image/,
    );
    expect(r.description).toMatch(/^TECHNICAL FIELD The present invention relates to an action/);
    expect(r.citations).toEqual([]);
  });

  test('application_v4-4-A1.xml: person applicant, four IPC in document order', () => {
    const r = only('application_v4-4-A1.xml');
    expect(r.id).toBe('US-20210267109-A1');
    expect(r.title).toBe('METHODS AND APPARATUS FOR YARD AND GARDEN DEBRIS COLLECTION');
    expect(r.published).toBe('2021-09-02');
    expect(r.applicationNumber).toBe('17173265');
    expect(r.filed).toBe('2021-02-11');
    expect(r.ipc).toEqual(['A01B 1/04', 'B08B 1/00', 'B08B 13/00', 'A01D 11/06']);
    expect(r.applicants).toEqual([{ name: "Daniel O'Keefe", country: 'US' }]);
    expect(r.inventors).toEqual(["Daniel O'Keefe"]);
    expect(r.abstract).toMatch(/^Methods and apparatus for improved yard and garden maintenance/);
    expect(r.claims).toHaveLength(20);
    expect(r.claims[0]).toMatch(
      /^1\. An apparatus to clean a surface with debris comprising: a frame/,
    );
  });

  test('application_v4-5-A1.xml: one IPC, applicant from Argentina', () => {
    const r = only('application_v4-5-A1.xml');
    expect(r.id).toBe('US-20220159901-A1');
    expect(r.title).toBe('SEED DISTRIBUTOR USED FOR AGRICULTURAL MACHINES');
    expect(r.published).toBe('2022-05-26');
    expect(r.applicationNumber).toBe('17437086');
    expect(r.filed).toBe('2019-09-19');
    expect(r.ipc).toEqual(['A01C 7/04']);
    expect(r.applicants).toEqual([{ name: 'Ariel Alberto Antonio Spinsanti', country: 'AR' }]);
    expect(r.inventors).toEqual(['Ariel Alberto Antonio Spinsanti']);
    expect(r.abstract).toMatch(/^Seed metering device applied to agricultural machines/);
    expect(r.claims).toHaveLength(6);
    expect(r.claims[0]).toMatch(/^1\. A seed metering device for an agricultural machine/);
  });
});

describe('USPTO v4 priority claims', () => {
  test('priority-claims become {country, number, date}', () => {
    // None of the v4 samples claims a foreign priority: this adds an invented one to the v4.4
    // application, in USPTO's priority-claims form, plus one with no real country.
    const xml = read('US20210049351A1_app_v4-4.xml').replace(
      '<us-application-series-code>',
      '<priority-claims><priority-claim sequence="01" kind="national"><country>JP</country>' +
        '<doc-number>2018-077012</doc-number><date>20180413</date></priority-claim>' +
        '<priority-claim sequence="02" kind="national"><country>omitted</country>' +
        '<doc-number>X</doc-number></priority-claim></priority-claims><us-application-series-code>',
    );
    const result = parseFileContent('prio.xml', Buffer.from(xml));
    expect(result.errors).toEqual([]);
    const r = result.records[0] as PatentRecord;
    expect(r.priority).toEqual([{ country: 'JP', number: '2018-077012', date: '2018-04-13' }]);
  });
});

describe('USPTO PAP v1.5 (patent-application-publication, NDATA entities in the DTD)', () => {
  test('application_v1-5-A1_2.xml: bibliographic data, priority, ISO entities decoded', () => {
    const r = only('application_v1-5-A1_2.xml');
    expect(r.id).toBe('US-20010000002-A1');
    expect([r.country, r.docNumber, r.kind]).toEqual(['US', '20010000002', 'A1']);
    expect(r.title).toBe(
      'Process for detecting and correcting a fiber orientation cross direction profile change',
    );
    expect(r.published).toBe('2001-03-15');
    expect(r.applicationNumber).toBe('09726341');
    expect(r.filed).toBe('2000-12-01');
    expect(r.priority).toEqual([{ country: 'DE', number: '197 33 454', date: '1997-08-02' }]);
    expect(r.ipc).toEqual(['D21C 11/12']); // given as "D21C011/12"
    const inventors = ['Wolfgang Ruf', 'Hans Loser', 'Ulrich Begemann', 'Klaus Lehleiter'];
    expect(r.inventors).toEqual(inventors);
    // No assignee: the inventors (authority-applicant INV) are the applicants.
    expect(r.applicants).toEqual(inventors.map((name) => ({ name, country: 'DE' })));
    expect(r.abstract).toMatch(
      /^Process and a device for detecting a change in the fiber orientation cross-direction profile/,
    );
    expect(r.claims).toHaveLength(33);
    expect(r.claims[0]).toMatch(
      /^1\. A process for detecting a change in fiber orientation cross-direction profile of a paper/,
    );
    // "claim 2" sits in <dependent-claim-reference><claim-text>: no stray space before the comma.
    expect(r.claims[2]).toMatch(/^3\. The process of claim 2, further comprising:/);
    // Paragraph numbers (<number>1.</number>) are not part of the text.
    expect(r.description).toMatch(
      /^CROSS-REFERENCE TO RELATED APPLICATION The present application claims priority under 35 U\.S\.C\. 119/,
    );
    // &Dgr; &lgr; &frac15; &uuml; &lsqb; are ISO entities the XML library leaves undecoded.
    expect(r.description).toContain('the change speed ΔFG/Δt');
    expect(r.description).toContain('wavelength(s) λ of the change(s)');
    expect(r.description).toContain('at least ⅕ the headbox width');
    expect(r.description).toContain('Wochenblatt für Papierfabrikation [Week');
    expect(JSON.stringify(r)).not.toMatch(/&[A-Za-z]+;/);
    expect(r.citations).toEqual([]);
  });
});

describe('USPTO ST.32 v2.5 (PATDOC)', () => {
  test('grant_v2-5-B2.xml: B-code bibliographic data, fixed-column IPC, citations', () => {
    const r = only('grant_v2-5-B2.xml');
    expect(r.id).toBe('US-6530116-B2');
    expect(r.docNumber).toBe('06530116');
    expect(r.title).toBe('Vacuum cleaner with muffled detachable blower exhaust');
    expect(r.published).toBe('2003-03-11');
    expect(r.applicationNumber).toBe('09782496');
    expect(r.filed).toBe('2001-02-13');
    expect(r.ipc).toEqual(['A47L 5/14']); // B511 "A47L  514"
    expect(r.inventors).toEqual(['Robert C. Berfield', 'Ronald Griffin', 'Craig Seasholtz']);
    // B731 assignee, address with a US state only.
    expect(r.applicants).toEqual([{ name: 'Shop Vac Corporation', country: 'US' }]);
    expect(r.abstract).toMatch(/^A vacuum cleaner includes a housing having a housing passage/);
    expect(r.claims).toHaveLength(20);
    expect(r.claims[0]).toMatch(
      /^1\. A vacuum cleaner comprising: a housing having a housing passage with a passage inlet,/,
    );
    expect(r.claims[1]).toMatch(
      /^2\. The vacuum cleaner according to claim 1, wherein the housing/,
    );
    expect(r.description).toMatch(
      /^FIELD OF THE INVENTION The present invention is directed to a vacuum cleaner/,
    );
    expect(r.citations).toHaveLength(33);
    expect(r.citations[0]).toBe('US-2276844-A');
    expect(r.citations).toContain('US-6192551-B1');
    // A Canadian patent cited without a kind code.
    expect(r.citations[32]).toBe('CA-461861');
  });
});

describe('usptoParser called directly', () => {
  test('reads the root it is given and places the record with the document position', () => {
    const root = parseXml(read('grant_v4-5-B1.xml'), 'bulk.xml');
    expect(usptoParser.roots).toEqual(
      expect.arrayContaining(['us-patent-grant', 'us-patent-application', 'PATDOC']),
    );
    const batch = usptoParser.parse(root, { file: 'bulk.xml', line: 40, position: 7 });
    expect(batch.deletions).toEqual([]);
    expect(batch.records).toHaveLength(1);
    expect(batch.records[0]!.id).toBe('US-9358892-B1');
    expect(batch.records[0]!.source).toEqual({
      file: 'bulk.xml',
      format: 'uspto',
      position: 7,
      line: 40,
    });
  });
});

describe('bad USPTO input', () => {
  test('a truncated grant gives MalformedDocumentError with file and line, and no record', () => {
    const text = read('grant_v4-5-B2.xml');
    // Cut inside the start tag of claim 3, as an interrupted download would.
    const cut = text.slice(0, text.indexOf('<claim id="CLM-00003"') + 10);
    const cutLine = cut.split('\n').length;
    expect(cutLine).toBe(1203);
    const result = parseFileContent('truncated.xml', Buffer.from(cut));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    const err = result.errors[0]!;
    expect(err).toBeInstanceOf(MalformedDocumentError);
    expect(err.file).toBe('truncated.xml');
    expect(err.line).toBe(cutLine);
    expect(err.message).toMatch(/^truncated\.xml:1203:\d+: malformed XML/);
  });

  test('a bulk file cut inside its second document still yields the first', () => {
    const text = read('concatenated_2grants_v4-5.xml');
    const second = text.indexOf('<?xml', 10);
    const cut = text.slice(0, text.indexOf('<claim id="CLM-00002"', second) + 10);
    const result = parseFileContent('week.xml', Buffer.from(cut));
    expect(result.records.map((r) => r.id)).toEqual(['US-11147202-B2']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(MalformedDocumentError);
    expect(result.errors[0]!.line).toBe(cut.split('\n').length);
  });

  test('a truncated PATDOC (with its DTD internal subset) is refused the same way', () => {
    const text = read('grant_v2-5-B2.xml');
    const cut = text.slice(0, text.indexOf('<SDOCL>') + 200);
    const result = parseFileContent('old.xml', Buffer.from(cut));
    expect(result.records).toEqual([]);
    expect(result.errors[0]).toBeInstanceOf(MalformedDocumentError);
    expect(result.errors[0]!.message).toMatch(/^old\.xml:\d+/);
  });

  test('a grant without its document number gives InvalidRecordError naming file and line', () => {
    const text = read('grant_v4-5-B2.xml').replace(
      '<doc-number>11147202</doc-number>',
      '<doc-number></doc-number>',
    );
    const result = parseFileContent('nonumber.xml', Buffer.from(text));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.message).toMatch(/^nonumber\.xml:1: .*no publication number/);
    // Directly, the parser throws rather than returning a half-filled record.
    const root = parseXml(text, 'nonumber.xml');
    expect(() => usptoParser.parse(root, { file: 'nonumber.xml', line: 1, position: 0 })).toThrow(
      InvalidRecordError,
    );
  });

  test('in a bulk file, a bad second document costs only that document', () => {
    const text = read('concatenated_2grants_v4-5.xml').replace(
      '<doc-number>11147203</doc-number>',
      '<doc-number> </doc-number>',
    );
    const result = parseFileContent('week.xml', Buffer.from(text));
    expect(result.records.map((r) => r.id)).toEqual(['US-11147202-B2']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.line).toBe(871);
  });

  test('a PATDOC without B110 and a PAP without doc-number are invalid records', () => {
    const patdoc = read('grant_v2-5-B2.xml').replace(
      '<B110><DNUM><PDAT>06530116</PDAT></DNUM></B110>',
      '',
    );
    expect(patdoc).not.toContain('<B110>');
    const r1 = parseFileContent('patdoc.xml', Buffer.from(patdoc));
    expect(r1.records).toEqual([]);
    expect(r1.errors[0]).toBeInstanceOf(InvalidRecordError);

    const pap = read('application_v1-5-A1_2.xml').replace(
      '<doc-number>20010000002</doc-number>',
      '',
    );
    const r2 = parseFileContent('pap.xml', Buffer.from(pap));
    expect(r2.records).toEqual([]);
    expect(r2.errors[0]).toBeInstanceOf(InvalidRecordError);
  });

  test('a grant without a title is an invalid record, not an untitled one', () => {
    const text = read('grant_v4-5-B1.xml').replace(
      /<invention-title id="d2e53">[^<]*<\/invention-title>/,
      '<invention-title id="d2e53"></invention-title>',
    );
    const result = parseFileContent('notitle.xml', Buffer.from(text));
    expect(result.records).toEqual([]);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.message).toMatch(/^notitle\.xml:1: patent 09358892 has no title/);
  });
});

describe('USPTO helpers', () => {
  test.each([
    ['A47L  514', 'A47L 5/14'], // ST.32 B511: main group right-aligned in three columns
    ['H01L 2100', 'H01L 21/00'],
    ['C07D49804', 'C07D 498/04'],
    ['A41D013/00', 'A41D 13/00'],
    ['7A01N 43/40', 'A01N 43/40'],
    ['A47L0005140000', 'A47L 5/14'],
    ['G06K 9/62', 'G06K 9/62'],
  ])('usIpc(%j) = %j', (raw, expected) => {
    expect(usIpc(raw)).toBe(expected);
  });

  test('usIpc gives undefined for empty or unreadable input', () => {
    expect(usIpc('')).toBeUndefined();
    expect(usIpc('   ')).toBeUndefined();
    expect(usIpc('172 22')).toBeUndefined(); // a USPC class, not IPC
  });

  test('citationId', () => {
    expect(citationId('US', '2002/0162191', 'A1')).toBe('US-20020162191-A1');
    expect(citationId('US', 'D309242', 'S')).toBe('US-D309242-S');
    expect(citationId('JP', '2004-337927', 'A')).toBe('JP-2004337927-A');
    expect(citationId('CA', '461861', undefined)).toBe('CA-461861');
    expect(citationId('unknown', '461861', 'A')).toBeUndefined();
    expect(citationId('US', '', 'A')).toBeUndefined();
  });

  test('decodeEntities', () => {
    expect(
      decodeEntities('&Dgr;FG/&Dgr;t, &lgr;, &frac15;, W&ouml;rwag, &Eacute;, &lsqb;1&rsqb;'),
    ).toBe('ΔFG/Δt, λ, ⅕, Wörwag, É, [1]');
    expect(decodeEntities('&nosuchentity; & AT&T')).toBe('&nosuchentity; & AT&T');
  });
});
