import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingestPaths } from '../../ingest';
import { SqliteSearchIndex, type CauRecord } from '../../search-index';
import { barList, fillYears, niceStep, yearChart } from './charts';
import { formatDate, parseDateInput } from './format';
import { messages } from './i18n';
import { kindName, kindOfId, resourceTypeName, signalName, STAGE_NAMES } from './labels';
import { parseState, stateUrl, withChanges } from './search-state';
import { edits1, spellingSuggestion, suggestions } from './suggestions';

describe('dates as people type and read them', () => {
  it.each([
    ['25/07/2019', 'start', '2019-07-25'],
    ['5/7/2019', 'start', '2019-07-05'],
    ['05-07-2019', 'start', '2019-07-05'],
    ['2019-07-25', 'start', '2019-07-25'],
    ['2019', 'start', '2019-01-01'],
    ['2019', 'end', '2019-12-31'],
    ['31/02/2019', 'start', undefined],
    ['07/25/2019', 'start', undefined],
    ['hôm qua', 'start', undefined],
  ] as const)('%s (%s) → %s', (text, bound, iso) => {
    expect(parseDateInput(text, bound)).toBe(iso);
  });

  it('writes dd/mm/yyyy in Vietnamese and "25 Jul 2019" in English', () => {
    expect(formatDate('2019-07-05', 'vi')).toBe('05/07/2019');
    expect(formatDate('2019-07-05', 'en')).toBe('5 Jul 2019');
  });
});

describe('search state in the URL', () => {
  it('keeps the search parameters, in a fixed order, without empty ones', () => {
    const { state, canonical, badDates } = parseState({
      sort: 'date',
      q: 'phân bón',
      type: '',
      field: '24',
      from: '2015',
      shown: '40',
    });
    expect(badDates).toEqual([]);
    expect(state).toEqual({
      q: 'phân bón',
      field: '24',
      from: '2015-01-01',
      sort: 'date',
      shown: 40,
    });
    expect(canonical).toBe('/?q=ph%C3%A2n+b%C3%B3n&field=24&from=2015-01-01&sort=date&shown=40');
    expect(parseState({ q: 'x', from: '2015-01-01' }).canonical).toBeUndefined();
  });

  it('starts paging again when a filter changes', () => {
    const { state } = parseState({ q: 'pin', shown: '60', type: 'patent' });
    expect(withChanges(state, { type: undefined })).toBe('/?q=pin');
    expect(stateUrl(state)).toBe('/?q=pin&type=patent&shown=60');
  });

  it('caps "shown" at 1,000 and ignores nonsense', () => {
    expect(parseState({ shown: '5000' }).state.shown).toBe(1000);
    expect(parseState({ shown: 'many' }).state.shown).toBe(20);
  });
});

describe('charts', () => {
  it('chooses round axis steps', () => {
    expect([3, 9, 40, 170, 1234].map((m) => niceStep(m))).toEqual([1, 5, 10, 50, 500]);
  });

  it('shows the years between the first and the last, gaps as zeros', () => {
    expect(
      fillYears([
        { year: 2021, patent: 2, research: 0 },
        { year: 2018, patent: 0, research: 1 },
      ]).map((y) => y.year),
    ).toEqual([2018, 2019, 2020, 2021]);
  });

  it('puts the oldest years into one bar when there are more than 30', () => {
    const years = fillYears([
      { year: 1968, patent: 2, research: 0 },
      { year: 1990, patent: 1, research: 1 },
      { year: 2024, patent: 5, research: 3 },
    ]);
    expect(years).toHaveLength(30);
    expect(years[0]).toEqual({ year: 1995, patent: 3, research: 1, label: '≤1995' });
    expect(years[1]!.year).toBe(1996);
    expect(years.at(-1)).toEqual({ year: 2024, patent: 5, research: 3 });
  });

  it('draws one bar per non-zero count, heights in proportion, with a title and description', () => {
    const svg = yearChart(
      'c',
      [
        { year: 2019, patent: 4, research: 2 },
        { year: 2020, patent: 0, research: 1 },
      ],
      { title: 'Per year', desc: '2019–2020: 4 patents, 3 research results' },
    ).value;
    expect(svg).toContain('<title id="c-t">Per year</title>');
    expect(svg).toContain('aria-labelledby="c-t c-d"');
    const bars = [...svg.matchAll(/<rect\s+class="(bar-\w+)"[^>]*?\sheight="([\d.]+)"/g)].map(
      (m) => [m[1], Number(m[2])],
    );
    expect(bars.map((b) => b[0])).toEqual(['bar-patent', 'bar-research', 'bar-research']);
    const [p, r] = [bars[0]![1] as number, bars[1]![1] as number];
    expect(p / r).toBeCloseTo(2, 1);
    expect(svg).not.toMatch(/style=/);
  });

  it('escapes labels and keeps long ones to one line with the full name in the tooltip', () => {
    const long = 'Công ty TNHH Một thành viên Môi trường Đô thị Hà Nội <Urenco>, chi nhánh số 12';
    const svg = barList('o', [{ label: long, value: 3 }], { title: 't', desc: 'd' }).value;
    expect(svg).toContain('&lt;Urenco&gt;');
    expect(svg).not.toContain('<Urenco>');
    expect(svg).toMatch(/<text class="label"[^>]*>[^<]{51}…<\/text/);
  });
});

describe('labels', () => {
  it('reads the kind from a patent id', () => {
    expect(kindOfId('VN-1-0020001-B')).toBe('B');
    expect(kindOfId('EP-1667425-A1')).toBe('A1');
    expect(kindOfId('oai:dspace.ctu.edu.vn:123456789/70211')).toBeUndefined();
    expect(kindName('B2', 'en')).toBe('Granted patent (B2)');
    expect(kindName('U', 'vi')).toBe('Giải pháp hữu ích (U)');
    expect(resourceTypeName('Doctoral thesis', 'vi')).toBe('Luận án tiến sĩ');
  });

  it('has both languages for every message', () => {
    const vi = messages('vi') as Record<string, unknown>;
    const en = messages('en') as Record<string, unknown>;
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(vi)) {
      for (const m of [vi[key], en[key]]) {
        const text =
          typeof m === 'function' ? (m as (...a: string[]) => string)('1', '2', '3', '4') : m;
        expect({ key, empty: String(text).trim() === '' }).toEqual({ key, empty: false });
      }
    }
  });

  describe('on the readiness signals the fixtures produce', () => {
    let records: CauRecord[];
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cau-labels-'));
      const index = SqliteSearchIndex.open(dir);
      const fixtures = resolve(__dirname, '..', '..', 'fixtures');
      await ingestPaths([fixtures], index);
      const res = await index.search({ limit: 100 });
      const more = await index.search({ limit: 100, cursor: res.nextCursor });
      records = (await Promise.all(
        [...res.hits, ...more.hits].map((h) => index.get(h.id)),
      )) as CauRecord[];
      await index.close();
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names every signal in words, in both languages', () => {
      const names = new Set(
        records.flatMap((r) => (r.readiness?.signals ?? []).map((s) => s.name)),
      );
      expect(names.size).toBeGreaterThan(10);
      for (const name of names) {
        for (const lang of ['vi', 'en'] as const) {
          const said = signalName(name, lang);
          expect({ name, said }).not.toEqual({ name, said: name });
          // A stage inside the name is translated too.
          const stage = name.split(':')[1];
          if (stage && STAGE_NAMES[stage]) expect(said).toContain(STAGE_NAMES[stage]![lang]);
        }
      }
    });
  });
});

describe('spelling near-misses', () => {
  it('lists the strings one edit away', () => {
    const e = edits1('pin');
    expect(e).toEqual(expect.arrayContaining(['pn', 'ipn', 'pan', 'pint', 'spin']));
    expect(e).not.toContain('pin');
    expect(new Set(e).size).toBe(e.length);
  });

  it('replaces a word no record has by its most frequent neighbour in the index', async () => {
    const df = new Map([
      ['biochar', 7],
      ['biochr', 0],
      ['phan', 30],
    ]);
    const index = {
      documentFrequencies: async (words: readonly string[]) =>
        new Map(words.map((w) => [w, df.get(w) ?? 0])),
    };
    expect(await spellingSuggestion(index as never, 'biochr phân')).toBe('biochar phân');
    expect(await spellingSuggestion(index as never, 'phân')).toBeUndefined();
    expect(await spellingSuggestion(index as never, '"biochr"')).toBeUndefined();
  });
});

describe('help when nothing matches', () => {
  // An index that knows which queries find how many records.
  const fake = (totals: Record<string, number>) => ({
    search: async (r: { query?: string; type?: string }) => ({
      total: totals[`${r.query ?? ''}|${r.type ?? ''}`] ?? 0,
      hits: [],
    }),
    documentFrequencies: async (words: readonly string[]) => new Map(words.map((w) => [w, 1])),
  });

  it('offers the query without tone marks and without filters, with their counts', async () => {
    const index = fake({ 'phan bon|patent': 4, 'phân bón|': 9 });
    const help = await suggestions(index as never, { query: 'phân bón', type: 'patent' });
    expect(help).toEqual([
      {
        kind: 'toneless',
        request: expect.objectContaining({ query: 'phan bon', type: 'patent' }),
        total: 4,
      },
      { kind: 'unfiltered', request: { query: 'phân bón' }, total: 9 },
    ]);
  });

  it('offers nothing that would find nothing either', async () => {
    expect(await suggestions(fake({}) as never, { query: 'phân bón', type: 'patent' })).toEqual([]);
  });
});
