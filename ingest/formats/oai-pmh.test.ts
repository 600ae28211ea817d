import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import type { PatentRecord, ResearchRecord } from '../../model';
import {
  InvalidRecordError,
  MalformedDocumentError,
  OaiProtocolError,
  SourceError,
  UnknownFormatError,
} from '../errors';
import { parseFileContent } from './index';
import { dcDate, guessLang, oaiPmhParser, readResumptionToken } from './oai-pmh';
import { parseXml } from './xml';

const SAMPLES = path.resolve(__dirname, '../../test-samples');
const OAI = path.join(SAMPLES, 'oai-pmh');
const CERIF = path.join(SAMPLES, 'cerif');

function research(file: string, content: Uint8Array = readFileSync(file)) {
  const result = parseFileContent(file, content);
  expect(result.errors).toEqual([]);
  expect(result.formats).toEqual(['oai-pmh']);
  const records = result.records.map((r) => {
    expect(r.type).toBe('research');
    return r as ResearchRecord;
  });
  return { records, deletions: result.deletions };
}

function byId(records: ResearchRecord[], id: string): ResearchRecord {
  const r = records.find((x) => x.id === id);
  if (!r) throw new Error(`no record ${id}`);
  return r;
}

describe('OAI-PMH ListRecords, oai_dc (Erasmus DSpace, 2003, 16 records)', () => {
  const file = path.join(OAI, 'eur_dspace_ListRecords_oai_dc_2003_16recs.xml');
  const { records, deletions } = research(file);

  it('reads every record, in order, with the OAI identifier as id', () => {
    expect(records).toHaveLength(16);
    expect(deletions).toEqual([]);
    expect(records[0]!.id).toBe('hdl:1765/308');
    expect(records[15]!.id).toBe('hdl:1765/325');
    expect(records.map((r) => r.source.position)).toEqual([...Array(16).keys()]);
    expect(records[3]!.source).toEqual({ file, format: 'oai-pmh', position: 3, line: 1 });
  });

  it('uses dc:contributor when there is no dc:creator, and joins the two descriptions', () => {
    const r = byId(records, 'hdl:1765/308');
    expect(r).toMatchObject({
      title: 'Kijken in het brein: Over de mogelijkheden van neuromarketing',
      creators: ['Smidts, A.'],
      published: '2003-04-15',
      resourceType: 'Other',
      identifiers: ['90-5892-036-4', 'http://hdl.handle.net/1765/308'],
    });
    // dc:language "other" is no language code: the title decides, and it is Dutch (issue 18).
    expect(r.lang).toBe('nl');
    expect(r.subjects).toHaveLength(13);
    expect(r.subjects.slice(0, 3)).toEqual(['neuroimaging', 'neuromarketing', 'neuroeconomics']);
    expect(r.abstract).toMatch(/^Met moderne beeldvormende technieken/);
    expect(r.abstract).toContain('Modern neuroimaging techniques enable one to measure');
  });

  it('keeps a repeated description once, and an ISBN written with spaced hyphens as given', () => {
    const r = byId(records, 'hdl:1765/309');
    expect(r.abstract!.match(/One of the main points of criticism/g)).toHaveLength(1);
    expect(r.identifiers).toEqual(['90 - 5892 - 032 - 1', 'http://hdl.handle.net/1765/309']);
  });

  it('splits subjects the repository packed with ";" but not at commas', () => {
    const r = byId(records, 'hdl:1765/316');
    expect(r.title).toBe('Managing Product Returns: The Role of Forecasting');
    expect(r.lang).toBe('en'); // dc:language "en_US"
    expect(r.creators).toEqual(['Toktay, B.', 'Laan, E.A. van der', 'Brito, M.P. de']);
    expect(r.subjects).toEqual(
      expect.arrayContaining(['5001-6182', '5201-5982', 'HD9975', 'M', 'M 11', 'R 4', 'L 23']),
    );
    expect(r.subjects).toContain(
      'Recycling, forecasting, bedrijfsinformatie, voorraadbeheer, ketenbeheer',
    );
    expect(r.subjects.every((s) => !s.includes(';') && s === s.trim() && s !== '')).toBe(true);
  });
});

describe('OAI-PMH ListRecords, oai_dc (Erasmus DSpace, 2004, 81 records)', () => {
  const file = path.join(OAI, 'eur_dspace_ListRecords_oai_dc_2004_81recs.xml');
  const { records, deletions } = research(file);

  it('gives 79 records and the 2 deleted identifiers', () => {
    expect(records).toHaveLength(79);
    expect(deletions).toEqual(['hdl:1765/1160', 'hdl:1765/1161']);
    expect(records.map((r) => r.id)).not.toContain('hdl:1765/1160');
    expect(records.map((r) => r.source.position)).toEqual([...Array(79).keys()]);
    for (const r of records) {
      expect(r.title).not.toBe('');
      expect(r.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('drops the control characters a wrong decoding left in the source (C1 debris of UTF-8 read as Latin-1)', () => {
    const r = byId(records, 'hdl:1765/1147');
    expect(r.abstract).toContain('this is called âwetâ or neovascular AMD');
    for (const x of records) expect(`${x.title} ${x.abstract ?? ''}`).not.toMatch(/\p{Cc}/u);
  });

  it('takes the earliest dc:date: the issue date, not the later accession timestamps', () => {
    const r = byId(records, 'hdl:1765/9');
    expect(r).toMatchObject({
      title: 'The Causality of Supply Relationships',
      creators: ['Jong, G. de', 'Nooteboom, B.'],
      published: '2001-01-04',
      publisher: 'Erasmus Research Institute of Management (ERIM), Erasmus University Rotterdam',
      resourceType: 'Working Paper',
      lang: 'en',
    });
    expect(byId(records, 'hdl:1765/449').published).toBe('2000-01-01'); // dc:date "2000"
    expect(byId(records, 'hdl:1765/1131').published).toBe('2004-01-01'); // "January 2004"
  });

  it('puts a second title in alternateTitles and leaves a citation out of identifiers', () => {
    const r = byId(records, 'hdl:1765/633');
    expect(r.title).toBe(
      'Ongelijkheid en klassen in Nederland en Belgi?. Een bespreking van enkele recente studies',
    );
    expect(r.alternateTitles).toEqual([
      {
        lang: 'en',
        text: 'Social inequality and classes in the Netherlands and Belgium: a discussion about recent literature.',
      },
    ]);
    expect(r.creators).toEqual(['Steijn, A.J.']);
    expect(r.identifiers).toEqual(['http://hdl.handle.net/1765/633']);
    expect(r.published).toBe('1997-01-01');
  });

  it('refuses a truncated copy with MalformedDocumentError naming file and line', () => {
    const text = readFileSync(file, 'utf8');
    const cut = text.slice(0, Math.floor(text.length / 2));
    const result = parseFileContent('cut/81recs.xml', Buffer.from(cut));
    expect(result.records).toEqual([]);
    // A deleted header carries no metadata format: its deletion still applies.
    expect(result.deletions.every((id) => id.startsWith('oai:cris.example.org:'))).toBe(true);
    expect(result.errors).toHaveLength(1);
    const err = result.errors[0]!;
    expect(err).toBeInstanceOf(MalformedDocumentError);
    expect(err.line).toBeGreaterThan(1);
    expect(err.message).toContain(`cut/81recs.xml:${err.line}`);
  });

  it('skips a record without identifier (InvalidRecordError) and keeps the rest of the page', () => {
    const text = readFileSync(file, 'utf8').replace(
      '<identifier>hdl:1765/9</identifier>',
      '<identifier></identifier>',
    );
    expect(text).not.toContain('<identifier>hdl:1765/9</identifier>');
    const result = parseFileContent(file, Buffer.from(text));
    expect(result.records).toHaveLength(78);
    expect(result.records.map((r) => r.id)).not.toContain('hdl:1765/9');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.message).toMatch(
      /81recs\.xml:1: OAI-PMH record #\d+ has no identifier/,
    );
  });

  it('has no resumptionToken', () => {
    expect(readResumptionToken(parseXml(readFileSync(file, 'utf8'), file))).toBeUndefined();
  });
});

describe('OAI-PMH responses without records', () => {
  it.each(['eur_dspace_Identify.xml', 'eur_dspace_ListSets.xml'])(
    '%s is an empty batch',
    (name) => {
      const result = research(path.join(OAI, name));
      expect(result.records).toEqual([]);
      expect(result.deletions).toEqual([]);
    },
  );

  const response = (body: string): Buffer =>
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2024-05-01T00:00:00Z</responseDate>
  ${body}
</OAI-PMH>`);

  it('noRecordsMatch is an empty answer, not an error', () => {
    const result = parseFileContent(
      'empty.xml',
      response(
        '<request verb="ListRecords" metadataPrefix="oai_dc" from="2030-01-01">https://x/oai</request><error code="noRecordsMatch">No matching records</error>',
      ),
    );
    expect(result).toEqual({ records: [], deletions: [], errors: [], formats: ['oai-pmh'] });
  });

  it.each([
    ['badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.'],
    ['cannotDisseminateFormat', 'cerif is not supported by the item or by the repository.'],
    ['badArgument', 'Illegal argument'],
  ])('%s is an OaiProtocolError with the code and message', (code, message) => {
    const result = parseFileContent(
      'oai/page-3.xml',
      response(
        `<request verb="ListRecords">https://x/oai</request><error code="${code}">${message}</error>`,
      ),
    );
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    const err = result.errors[0] as OaiProtocolError;
    expect(err).toBeInstanceOf(OaiProtocolError);
    expect(err).toBeInstanceOf(SourceError);
    expect(err.oaiCode).toBe(code);
    expect(err.code).toBe('oai_protocol_error');
    expect(err.message).toBe(`oai/page-3.xml:1: OAI-PMH error ${code}: ${message}`);
  });

  it('ListIdentifiers gives no records, but its deleted headers are deletions', () => {
    const result = parseFileContent(
      'ids.xml',
      response(`<request verb="ListIdentifiers" metadataPrefix="oai_dc">https://x/oai</request>
  <ListIdentifiers>
    <header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header>
    <header status="deleted"><identifier>oai:x:2</identifier><datestamp>2024-01-02</datestamp></header>
    <resumptionToken completeListSize="3" cursor="0">ids-2</resumptionToken>
  </ListIdentifiers>`),
    );
    expect(result.errors).toEqual([]);
    expect(result.records).toEqual([]);
    expect(result.deletions).toEqual(['oai:x:2']);
  });
});

describe('OAI-PMH pages in OpenAIRE CERIF (cerif_openaire samples)', () => {
  const files = readdirSync(CERIF).filter((f) => f.endsWith('.xml'));
  const read = (name: string) => {
    const file = path.join(CERIF, name);
    return { file, ...parseFileContent(file, readFileSync(file)) };
  };

  it('reads all seven pages without an error: records from results, none from entities', () => {
    expect(files).toHaveLength(7);
    const counts = Object.fromEntries(
      files.map((f) => {
        const r = read(f);
        expect(r.errors).toEqual([]);
        return [f.replace(/^openaire_cerif_xml_example_|\.xml$/g, ''), r.records.length];
      }),
    );
    expect(counts).toEqual({
      fundings: 0,
      orgunits: 0,
      patents: 2,
      persons: 0,
      products: 5,
      projects: 0,
      publications: 7,
    });
  });

  it('a publication: DOI as id, authors with ORCID and affiliations, journal, projects and fundings', () => {
    const { records, deletions, file } = read('openaire_cerif_xml_example_publications.xml');
    expect(deletions).toHaveLength(1);
    const paper = records.find(
      (r) => r.id === 'doi:10.1007/978-3-642-35233-1_18',
    ) as ResearchRecord;
    expect(paper).toMatchObject({
      type: 'research',
      title: 'The Data Model of the OpenAIRE Scientific Communication e-Infrastructure',
      lang: 'en',
      published: '2012-11-30',
      resourceType: 'conference paper',
      container: 'Metadata and Semantics Research',
      source: { file, format: 'cerif', id: 'oai:cris.example.org:Publications/4123451' },
    });
    expect(paper.creators).toEqual([
      'Paolo Manghi',
      'Nikos Houssos',
      'Marko Mikulicic',
      'Brigitte Jörg',
    ]);
    expect(paper.authors![0]).toEqual({
      name: 'Paolo Manghi',
      orcid: 'https://orcid.org/0000-0001-7291-3210',
      affiliations: [{ name: 'CNR' }],
    });
    expect(paper.subjects).toContain('CERIF');
    expect(paper.links).toEqual([
      { kind: 'project', name: 'OpenAIREplus', id: '283595' },
      { kind: 'funder', name: 'European Commission' },
      { kind: 'funding', name: 'Fundings/612352', id: 'Fundings/612352' },
    ]);
    const lizard = records.find((r) => r.id === 'doi:10.1111/j.1558-5646.2011.01539.x')!;
    expect((lizard as ResearchRecord).institutions?.[0]?.name).toBe(
      'Museum of Vertebrate Zoology, University of California, Berkeley',
    );
  });

  it('a patent: office, number as given, holders as applicants, inventors, IPC from subjects', () => {
    const { records } = read('openaire_cerif_xml_example_patents.xml');
    const p = records[0] as PatentRecord;
    expect(p).toMatchObject({
      id: 'BR-20161110203',
      type: 'patent',
      country: 'BR',
      docNumber: '20161110203',
      kind: '',
      published: '2017-08-08',
      filed: '2013-11-14',
      applicants: [{ name: 'Eltek S.P.A' }],
      ipc: ['A61M 1/00', 'A61M 1/34', 'A61M 1/36'],
      source: { format: 'cerif', id: 'oai:cris.example.org:Patents/712178' },
    });
    expect(p.inventors).toEqual([
      'Massimo Zanin',
      'Marco Pizzi',
      'Laura Mazzucco',
      'Marco Bertoni',
    ]);
  });

  it('a product: a dataset with its DOI and creators, and one with a project only', () => {
    const { records } = read('openaire_cerif_xml_example_products.xml');
    expect(records.map((r) => (r as ResearchRecord).resourceType)).toEqual([
      'dataset',
      'dataset',
      'dataset',
      'software',
      'dataset',
    ]);
    expect(records[1]).toMatchObject({
      id: 'doi:10.5061/dryad.4gh6hf5g',
      creators: ['Sonal Singhal', 'Craig Moritz'],
    });
    expect(records[0]).toMatchObject({
      id: 'oai:cris.example.org:Products/7123451',
      links: [{ kind: 'project', name: 'EUFAR', id: 'Projects/112347' }],
    });
  });
});

// A Vietnamese repository page, written for this test: language stated as "vie", as a title
// attribute only, or not at all; a deleted record; a resumptionToken; one name in NFD.
const VI_PAGE = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <responseDate>2024-05-01T03:00:00Z</responseDate>
  <request verb="ListRecords" metadataPrefix="oai_dc" set="col_123456789_1">https://repository.vnu.edu.vn/oai/request</request>
  <ListRecords>
    <record>
      <header>
        <identifier>oai:repository.vnu.edu.vn:123456789/1001</identifier>
        <datestamp>2019-08-01T02:11:09Z</datestamp>
        <setSpec>col_123456789_1</setSpec>
      </header>
      <metadata>
        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title xml:lang="en">Microbial organic fertiliser from rice husk</dc:title>
          <dc:title xml:lang="vi">Phân bón hữu cơ vi sinh từ vỏ trấu</dc:title>
          <dc:creator>Nguyễn Văn An</dc:creator>
          <dc:creator>Trần Thị Bình</dc:creator>
          <dc:contributor>Lê Văn Cường</dc:contributor>
          <dc:subject>Phân bón; Vi sinh vật ;Nông nghiệp</dc:subject>
          <dc:subject>Phân bón</dc:subject>
          <dc:description xml:lang="vi">Nghiên cứu   sản xuất phân bón
            hữu cơ vi sinh từ vỏ trấu.</dc:description>
          <dc:description xml:lang="en">A study of composting rice husk.</dc:description>
          <dc:publisher>Đại học Quốc gia Hà Nội</dc:publisher>
          <dc:date>2019-08-01T02:11:09Z</dc:date>
          <dc:date>2019</dc:date>
          <dc:type>Bài báo</dc:type>
          <dc:identifier>https://repository.vnu.edu.vn/handle/123456789/1001</dc:identifier>
          <dc:identifier>doi:10.25073/2588-1140/vnuas.4321</dc:identifier>
          <dc:identifier>ISBN 978-604-62-1234-5</dc:identifier>
          <dc:identifier>Tạp chí Khoa học ĐHQGHN, Tập 35, Số 2 (2019), tr. 1-10</dc:identifier>
          <dc:language>vie</dc:language>
        </oai_dc:dc>
      </metadata>
    </record>
    <record>
      <header status="deleted">
        <identifier>oai:repository.vnu.edu.vn:123456789/1002</identifier>
        <datestamp>2024-04-30T10:00:00Z</datestamp>
      </header>
    </record>
    <record>
      <header>
        <identifier>oai:repository.vnu.edu.vn:123456789/1003</identifier>
        <datestamp>2020-03-15T00:00:00Z</datestamp>
      </header>
      <metadata>
        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title>Đánh giá chất lượng nước sông Hồng</dc:title>
          <dc:contributor>Pha\u0323m Thi\u0323 Dung</dc:contributor>
          <dc:date>2020-03</dc:date>
          <dc:type>Luận văn</dc:type>
        </oai_dc:dc>
      </metadata>
    </record>
    <record>
      <header>
        <identifier>oai:repository.vnu.edu.vn:123456789/1004</identifier>
        <datestamp>2021-01-01T00:00:00Z</datestamp>
      </header>
      <metadata>
        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title>Rice yield forecasting in the Mekong Delta</dc:title>
          <dc:creator>Vo, Thanh</dc:creator>
          <dc:date>2021-01-01</dc:date>
        </oai_dc:dc>
      </metadata>
    </record>
    <resumptionToken completeListSize="250" cursor="100" expirationDate="2024-05-02T03:00:00Z">oai_dc/2019/col_123456789_1/200</resumptionToken>
  </ListRecords>
</OAI-PMH>`;

describe('a Vietnamese oai_dc ListRecords page', () => {
  const { records, deletions } = research('vnu/page-2.xml', Buffer.from(VI_PAGE));

  it('gives three records and one deletion, positioned in page order', () => {
    // A record with a DOI has it as its id; the OAI identifier stays in source.id.
    expect(records[0]!.source.id).toBe('oai:repository.vnu.edu.vn:123456789/1001');
    expect(records.map((r) => r.id)).toEqual([
      'doi:10.25073/2588-1140/vnuas.4321',
      'oai:repository.vnu.edu.vn:123456789/1003',
      'oai:repository.vnu.edu.vn:123456789/1004',
    ]);
    expect(deletions).toEqual(['oai:repository.vnu.edu.vn:123456789/1002']);
    expect(records.map((r) => r.source)).toEqual(
      [0, 1, 2].map((position) => ({
        file: 'vnu/page-2.xml',
        format: 'oai-pmh',
        position,
        line: 1,
        ...(position === 0 ? { id: 'oai:repository.vnu.edu.vn:123456789/1001' } : {}),
      })),
    );
  });

  it('takes the title in the record language (dc:language "vie") and the other as alternate', () => {
    const r = records[0]!;
    expect(r.lang).toBe('vi');
    expect(r.title).toBe('Phân bón hữu cơ vi sinh từ vỏ trấu');
    expect(r.alternateTitles).toEqual([
      { lang: 'en', text: 'Microbial organic fertiliser from rice husk' },
    ]);
    expect(r.abstract).toBe('Nghiên cứu sản xuất phân bón hữu cơ vi sinh từ vỏ trấu.');
    expect(r.alternateAbstracts).toEqual([
      { lang: 'en', text: 'A study of composting rice husk.' },
    ]);
    expect(r.creators).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
    expect(r.subjects).toEqual(['Phân bón', 'Vi sinh vật', 'Nông nghiệp']);
    expect(r.publisher).toBe('Đại học Quốc gia Hà Nội');
    expect(r.published).toBe('2019-01-01');
    expect(r.resourceType).toBe('Bài báo');
    expect(r.identifiers).toEqual([
      'https://repository.vnu.edu.vn/handle/123456789/1001',
      'doi:10.25073/2588-1140/vnuas.4321',
      'ISBN 978-604-62-1234-5',
    ]);
  });

  it('guesses Vietnamese from the letters when no language is given, and normalises to NFC', () => {
    const r = records[1]!;
    expect(r.lang).toBe('vi');
    expect(r.title).toBe('Đánh giá chất lượng nước sông Hồng');
    expect(r.creators).toEqual(['Phạm Thị Dung']);
    expect(r.creators[0]).toBe(r.creators[0]!.normalize('NFC'));
    expect(r.published).toBe('2020-03-01');
    expect(r.resourceType).toBe('Luận văn');
    expect(r.abstract).toBeUndefined();
    expect(r.subjects).toEqual([]);
    expect(r.identifiers).toEqual([]);
  });

  it('guesses English for a title without Vietnamese letters', () => {
    expect(records[2]).toMatchObject({
      lang: 'en',
      title: 'Rice yield forecasting in the Mekong Delta',
      creators: ['Vo, Thanh'],
      published: '2021-01-01',
    });
  });

  it('exposes the resumptionToken for the harvester', () => {
    const root = parseXml(VI_PAGE, 'vnu/page-2.xml');
    expect(readResumptionToken(root)).toEqual({
      token: 'oai_dc/2019/col_123456789_1/200',
      completeListSize: 250,
      cursor: 100,
    });
  });

  it('reads the same through the parser directly, from a later position', () => {
    const batch = oaiPmhParser.parse(parseXml(VI_PAGE, 'p.xml'), {
      file: 'p.xml',
      line: 3,
      position: 200,
    });
    expect(batch.records.map((r) => r.source.position)).toEqual([200, 201, 202]);
    expect(batch.records[0]!.source.line).toBe(3);
    expect(batch.deletions).toHaveLength(1);
  });
});

describe('OAI-PMH details', () => {
  it('the empty resumptionToken of a last page means no further page', () => {
    const root = parseXml(
      '<OAI-PMH><ListRecords><resumptionToken completeListSize="250" cursor="200"/></ListRecords></OAI-PMH>',
      'last.xml',
    );
    expect(readResumptionToken(root)).toBeUndefined();
  });

  it('GetRecord gives its one record', () => {
    const xml = `<OAI-PMH><request verb="GetRecord" identifier="oai:x:7" metadataPrefix="oai_dc">https://x/oai</request>
      <GetRecord><record><header><identifier>oai:x:7</identifier><datestamp>2024-01-01</datestamp></header>
      <metadata><oai_dc:dc><dc:title>Hệ thống tìm kiếm sáng chế</dc:title><dc:creator>Ngô Bảo Châu</dc:creator>
      <dc:date>2024-01-01</dc:date></oai_dc:dc></metadata></record></GetRecord></OAI-PMH>`;
    const { records } = research('get.xml', Buffer.from(xml));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      id: 'oai:x:7',
      title: 'Hệ thống tìm kiếm sáng chế',
      lang: 'vi',
      creators: ['Ngô Bảo Châu'],
      published: '2024-01-01',
    });
  });

  it('keeps the oai_dc records of a page mixing formats and names the foreign ones', () => {
    const xml = `<OAI-PMH><ListRecords>
      <record><header><identifier>oai:x:1</identifier></header><metadata><oai_dc:dc><dc:title>A</dc:title></oai_dc:dc></metadata></record>
      <record><header><identifier>oai:x:2</identifier></header><metadata><mods:mods><mods:titleInfo/></mods:mods></metadata></record>
      </ListRecords></OAI-PMH>`;
    const result = parseFileContent('mixed.xml', Buffer.from(xml));
    expect(result.records.map((r) => r.id)).toEqual(['oai:x:1']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(UnknownFormatError);
    expect(result.errors[0]!.message).toContain('<mods>');
    expect(result.errors[0]!.message).toContain('first oai:x:2');
  });

  it('refuses a record with no title', () => {
    const xml = `<OAI-PMH><ListRecords><record><header><identifier>oai:x:9</identifier></header>
      <metadata><oai_dc:dc><dc:creator>X</dc:creator></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>`;
    const result = parseFileContent('untitled.xml', Buffer.from(xml));
    expect(result.records).toEqual([]);
    expect(result.errors[0]).toBeInstanceOf(InvalidRecordError);
    expect(result.errors[0]!.message).toContain('oai:x:9 has no dc:title');
  });

  it('guessLang: Vietnamese letters, not French circumflexes; Dutch, German, French, Chinese, Japanese', () => {
    expect(guessLang('Phát triển bền vững')).toBe('vi');
    expect(guessLang('Tân Sơn Nhất')).toBe('vi');
    expect(guessLang('Tân Long')).toBe('vi');
    expect(guessLang('Procédé pour être efficace')).toBe('fr');
    expect(guessLang('Social inequality and classes')).toBe('en');
    // Dutch is not English (issue 18): function words settle short titles.
    expect(guessLang('De economische betekenis van de haven van Rotterdam')).toBe('nl');
    expect(guessLang('Marketing van diensten')).toBe('nl');
    expect(guessLang('Verfahren zur Herstellung von Beton')).toBe('de');
    expect(guessLang('一种基于深度学习的图像识别方法')).toBe('zh');
    expect(guessLang('画像処理装置および画像処理方法')).toBe('ja');
  });

  it('dcDate reads the forms repositories use', () => {
    expect(dcDate('2003-04-15T10:18:51Z')).toBe('2003-04-15');
    expect(dcDate('2000')).toBe('2000-01-01');
    expect(dcDate('January 2004')).toBe('2004-01-01');
    expect(dcDate('15 Mar 2004')).toBe('2004-03-15');
    expect(dcDate('[2003]')).toBe('2003-01-01');
    expect(dcDate('n.d.')).toBeUndefined();
    expect(dcDate('2003-2004')).toBeUndefined();
  });
});
