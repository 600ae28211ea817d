import fc from 'fast-check';
import {
  canonicalIdentifier,
  canonicalPatentId,
  canonicalPatentNumber,
  findNumberSpans,
  numberKey,
  parsePatentNumber,
  patentForms,
  typedPatentForms,
} from './numbers';

/** Whether a typed number finds the record: one of its lookup keys is one of the record's. */
function finds(typed: string, country: string, number: string, kind: string): boolean {
  const spans = findNumberSpans(typed);
  if (spans.length !== 1 || spans[0]!.text !== typed.trim()) return false;
  const stored = new Set(patentForms('pn', country, number, kind).map(numberKey));
  return spans[0]!.forms.some((f) => stored.has(numberKey(f)));
}

describe('patent numbers as analysts type them', () => {
  const cases: [string, string, string, string][] = [
    // typed, office, number as the source writes it, kind
    ['US9358892B1', 'US', '09358892', 'B1'],
    ['US 9,358,892 B1', 'US', '09358892', 'B1'],
    ['us9358892b1', 'US', '09358892', 'B1'],
    ['US9358892', 'US', '09358892', 'B1'],
    ['9358892', 'US', '09358892', 'B1'],
    ['9,358,892', 'US', '09358892', 'B1'],
    ['EP3404678', 'EP', '3404678', 'B1'],
    ['EP 3 404 678', 'EP', '3404678', 'B1'],
    ['EP 3404678 B1', 'EP', '3404678', 'B1'],
    ['WO2023/012807', 'WO', '2023012807', 'A1'],
    ['WO2023012807A1', 'WO', '2023012807', 'A1'],
    ['WO 2023/12807', 'WO', '2023012807', 'A1'],
    ['VN 1-0021873', 'VN', '1-0021873', 'B'],
    ['1-0021873-B', 'VN', '1-0021873', 'B'],
    ['1-0021873', 'VN', '1-0021873', 'B'],
    ['VN10021873', 'VN', '1-0021873', 'B'],
    ['VN 1-21873', 'VN', '1-0021873', 'B'],
    // Starts like a year (19..) but has no year hyphen and is short of 1+4+5 digits: a publication.
    ['VN 1-190000', 'VN', '1-0190000', 'B'],
    ['VN1201803312', 'VN', '1-2018-03312', 'A'],
    ['1-2018-03312', 'VN', '1-2018-03312', 'A'],
    ['VN 1-2018-3312', 'VN', '1-2018-03312', 'A'],
    ['CN113781974A', 'CN', '113781974', 'A'],
    ['JP2021044377A', 'JP', '2021044377', 'A'],
    ['JP 2021-044377 A', 'JP', '2021044377', 'A'],
    ['US 2021/0049351 A1', 'US', '20210049351', 'A1'],
    ['US20210049351', 'US', '20210049351', 'A1'],
    ['2021/0049351', 'US', '20210049351', 'A1'],
    ['US-09358892-B1', 'US', '09358892', 'B1'],
    ['AP1206', 'AP', '1206', 'A'],
  ];
  it.each(cases)('%s finds %s %s %s', (typed, country, number, kind) => {
    expect(finds(typed, country, number, kind)).toBe(true);
  });

  it('does not find another document or another kind', () => {
    expect(finds('US9358893', 'US', '09358892', 'B1')).toBe(false);
    expect(finds('US9358892B2', 'US', '09358892', 'B1')).toBe(false);
    expect(finds('EP9358892', 'US', '09358892', 'B1')).toBe(false);
    expect(finds('VN 1-0021874', 'VN', '1-0021873', 'B')).toBe(false);
  });

  it('makes ids canonical: no leading zeros, fixed-width serials kept', () => {
    expect(canonicalPatentId('US', '09358892', 'B1')).toBe('US-9358892-B1');
    expect(canonicalPatentId('us', '08936998', 'b2')).toBe('US-8936998-B2');
    expect(canonicalPatentId('EP', '0529854', 'A')).toBe('EP-529854-A');
    expect(canonicalPatentId('VN', '1-0021873', 'B')).toBe('VN-1-0021873-B');
    expect(canonicalPatentId('VN', '1-2020-20566', 'A')).toBe('VN-1-2020-20566-A');
    expect(canonicalPatentId('WO', '2023012807', 'A1')).toBe('WO-2023012807-A1');
    expect(canonicalPatentId('US', '20210049351', 'A1')).toBe('US-20210049351-A1');
    expect(canonicalPatentId('JP', '2021-044377', 'A')).toBe('JP-2021044377-A');
    expect(canonicalPatentId('US', 'D0123456', 'S')).toBe('US-D123456-S');
    expect(canonicalPatentId('JP', '2001123456')).toBe('JP-2001123456');
  });

  it('reads an id in another common form as the same id', () => {
    const id = (t: string): string | undefined => {
      const p = parsePatentNumber(t);
      return p?.country ? canonicalPatentId(p.country, p.number, p.kind) : undefined;
    };
    expect(id('US-09358892-B1')).toBe('US-9358892-B1');
    expect(id('US9358892B1')).toBe('US-9358892-B1');
    expect(id('VN-1-0021873-B')).toBe('VN-1-0021873-B');
    expect(id('VN 1-21873 B')).toBe('VN-1-0021873-B');
  });

  it('leaves years, counts, ranges, dates and IPC codes alone', () => {
    for (const q of [
      'phân bón 2019',
      'TRL 6',
      'C05F 11/08',
      'bảng 3-5',
      '2019-01-15',
      'in 2019 the method',
      '1-2018-12',
      '12345',
      'H01M 10/0525',
    ]) {
      expect(findNumberSpans(q)).toEqual([]);
    }
  });

  it('finds a number inside a longer query, and the kind only when it stands alone', () => {
    const spans = findNumberSpans('pin lithium US9358892 Battery');
    expect(spans.map((s) => s.text)).toEqual(['US9358892']);
    expect(findNumberSpans('xem EP 3 404 678 B1, và WO2023/012807').map((s) => s.text)).toEqual([
      'EP 3 404 678 B1',
      'WO2023/012807',
    ]);
  });

  it('is the same key for every form of one number (property)', () => {
    const office = fc.constantFrom('US', 'EP', 'CN', 'KR', 'DE', 'GB');
    const serial = fc.integer({ min: 100_000, max: 99_999_999 });
    const kind = fc.constantFrom('A', 'A1', 'A2', 'B', 'B1', 'B2', 'C', 'U');
    fc.assert(
      fc.property(
        office,
        serial,
        kind,
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('', ' ', '-'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (cc, n, k, zeros, sep, grouped, withKind, lower) => {
          const digits = String(n);
          const stored = '0'.repeat(zeros) + digits;
          let typedNumber = digits;
          if (grouped) typedNumber = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
          else typedNumber = '0'.repeat(zeros) + digits;
          let typed = `${cc}${sep}${typedNumber}${withKind ? `${sep === '-' ? '-' : ' '}${k}` : ''}`;
          if (lower && sep === '') typed = typed.toLowerCase();
          return finds(typed, cc, stored, k);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is the same key for every form of a Viet Nam or WO number (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1', '2'),
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.boolean(),
        fc.constantFrom('VN ', 'VN', 'VN-', ''),
        (type, serial, padded, office) => {
          const full = String(serial).padStart(7, '0');
          const typed = office
            ? `${office}${type}-${padded ? full : String(serial)}`
            : `${type}-${full}`;
          return finds(typed, 'VN', `${type}-${full}`, type === '1' ? 'B' : 'U');
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 2004, max: 2030 }),
        fc.integer({ min: 1, max: 999_999 }),
        fc.boolean(),
        fc.constantFrom('/', ''),
        (year, serial, padded, slash) => {
          const full = String(serial).padStart(6, '0');
          const typed = `WO${year}${slash}${padded || !slash ? full : String(serial)}`;
          return finds(typed, 'WO', `${year}${full}`, 'A1');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('typed forms are as specific as the text allows', () => {
    expect(typedPatentForms(parsePatentNumber('US9358892B1')!)).toEqual(['pn:US:9358892:B1']);
    expect(typedPatentForms(parsePatentNumber('9358892')!)).toEqual(['pn::9358892', 'an::9358892']);
  });

  it('canonical numbers per office', () => {
    expect(canonicalPatentNumber('VN', '1201803312')).toBe('1-2018-03312');
    expect(canonicalPatentNumber('VN', '10021873')).toBe('1-0021873');
    expect(canonicalPatentNumber('WO', '01/12345')).toBe('2001012345');
    expect(canonicalPatentNumber('US', '2021/49351')).toBe('20210049351');
  });
});

describe('research identifiers', () => {
  it.each([
    ['10.1038/srep16696', 'doi:10.1038/srep16696'],
    ['doi:10.1038/SREP16696', 'doi:10.1038/srep16696'],
    ['DOI 10.1038/srep16696', 'doi:10.1038/srep16696'],
    ['https://doi.org/10.1038/srep16696', 'doi:10.1038/srep16696'],
    ['http://dx.doi.org/10.1111/J.1558-5646.2011.01539.X', 'doi:10.1111/j.1558-5646.2011.01539.x'],
    ['https://doi.org/10.1002%2Fjor.1100150407', 'doi:10.1002/jor.1100150407'],
    ['hdl:1765/1160', 'hdl:1765/1160'],
    ['https://hdl.handle.net/1765/1160', 'hdl:1765/1160'],
    ['W2741809807', 'openalex:W2741809807'],
    ['https://openalex.org/W2741809807', 'openalex:W2741809807'],
    ['https://orcid.org/0000-0001-6187-6610', 'orcid:0000-0001-6187-6610'],
    ['0000-0002-5277-285X', 'orcid:0000-0002-5277-285X'],
    ['https://ror.org/05ppvf150', 'ror:05ppvf150'],
    ['oai:dspace.ctu.edu.vn:123456789/28114', 'oai:dspace.ctu.edu.vn:123456789/28114'],
  ])('%s is %s', (typed, form) => {
    expect(canonicalIdentifier(typed)).toBe(form);
  });

  it('refuses an ORCID whose check digit is wrong, and plain words', () => {
    expect(canonicalIdentifier('0000-0001-6187-6611')).toBeUndefined();
    expect(canonicalIdentifier('fertiliser')).toBeUndefined();
  });

  it('finds identifiers in a query, trailing punctuation left out', () => {
    expect(
      findNumberSpans('see doi:10.1038/srep16696, and https://orcid.org/0000-0001-6187-6610.').map(
        (s) => s.forms[0],
      ),
    ).toEqual(['doi:10.1038/srep16696', 'orcid:0000-0001-6187-6610']);
  });

  it('keys are single alphanumeric tokens, equal only for equal forms', () => {
    expect(numberKey('doi:10.1038/srep16696')).toMatch(/^nk\d+$/);
    expect(numberKey('doi:10.1038/srep16696')).toBe(numberKey('doi:10.1038/srep16696'));
    expect(numberKey('doi:10.1038/srep16696')).not.toBe(numberKey('doi:10.1038/srep16697'));
  });
});
