import { InvalidQueryError } from '../errors';
import type { SearchIndex, SearchRequest } from '../search-index';
import { CORPUS, patent, research } from './records';

/**
 * The behaviour every SearchIndex must show, written once. Each engine's test file calls
 * this with a factory for a fresh, empty index (the SQLite one always; Elasticsearch when
 * ELASTICSEARCH_URL is set).
 */
export function searchIndexContract(engine: string, open: () => Promise<SearchIndex>): void {
  describe(`SearchIndex contract: ${engine}`, () => {
    let index: SearchIndex;
    const ids = async (req: SearchRequest): Promise<string[]> =>
      (await index.search({ limit: 100, ...req })).hits.map((h) => h.id);

    beforeEach(async () => {
      index = await open();
      await index.upsert(CORPUS);
    });
    afterEach(async () => {
      await index.close();
    });

    describe('storing', () => {
      it('upserts by id: re-sending the same records changes nothing, a changed one is updated', async () => {
        expect(await index.count()).toBe(CORPUS.length);
        expect(await index.upsert(CORPUS)).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: CORPUS.length,
        });
        const changed = { ...CORPUS[0]!, title: 'Máy sấy cà phê kiểu mới' };
        expect(await index.upsert([changed])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
        expect(await index.count()).toBe(CORPUS.length);
        expect((await index.get(changed.id))?.title).toBe('Máy sấy cà phê kiểu mới');
        expect(await ids({ query: 'kiểu mới' })).toEqual([changed.id]);
        expect(await ids({ query: 'ti:"hệ thống sấy nông sản"' })).toEqual([]);
      });

      it('gets a stored record whole, and nothing for an unknown id', async () => {
        const stored = await index.get('P-FERT');
        expect(stored).toEqual(CORPUS.find((r) => r.id === 'P-FERT'));
        expect(await index.get('VN-0-0000000-X')).toBeUndefined();
      });

      it('deletes by id: the record is gone from get, count and search', async () => {
        expect(await index.delete(['P-FERT', 'no-such-id'])).toBe(1);
        expect(await index.get('P-FERT')).toBeUndefined();
        expect(await index.count()).toBe(CORPUS.length - 1);
        expect(await ids({ query: 'vi sinh' })).not.toContain('P-FERT');
      });
    });

    describe('statistics', () => {
      it('lists the records that cite a record, newest first', async () => {
        await index.upsert([
          patent('P-CITES-1', { citations: ['P-FERT'], published: '2020-01-01' }),
          patent('P-CITES-2', { citations: ['P-FERT', 'P-SOLAR'], published: '2021-01-01' }),
        ]);
        expect(await index.citedBy('P-FERT', 10)).toEqual(['P-CITES-2', 'P-CITES-1']);
        expect(await index.citedBy('P-FERT', 1)).toEqual(['P-CITES-2']);
        expect(await index.citedBy('P-DESC', 10)).toEqual([]);
        expect((await index.citationCounts(['P-FERT', 'P-SOLAR'])).get('P-FERT')).toBe(2);
      });

      it('counts citations right after each write, change and delete (ingest counts them per file)', async () => {
        const counts = async () => {
          const c = await index.citationCounts(['P-FERT', 'P-SOLAR']);
          return [c.get('P-FERT') ?? 0, c.get('P-SOLAR') ?? 0];
        };
        expect(await counts()).toEqual([0, 0]);
        await index.upsert([patent('P-C1', { citations: ['P-FERT', 'P-FERT'] })]);
        expect(await counts()).toEqual([1, 0]);
        await index.upsert([patent('P-C2', { citations: ['P-FERT', 'P-SOLAR'] })]);
        expect(await counts()).toEqual([2, 1]);
        await index.upsert([patent('P-C1', { citations: ['P-SOLAR'] })]);
        expect(await counts()).toEqual([1, 2]);
        await index.delete(['P-C2']);
        expect(await counts()).toEqual([0, 1]);
        // After the writes become searchable (a search refreshes), the same counts.
        await index.search({ query: 'phân bón' });
        expect(await counts()).toEqual([0, 1]);
      });

      it('counts the records containing each word, with or without tone marks', async () => {
        const df = await index.documentFrequencies(['vỏ trấu', 'vo trau', 'biochar', 'xyzzy', '"']);
        expect(df.get('vỏ trấu')).toBe(3);
        expect(df.get('vo trau')).toBe(3);
        expect(df.get('biochar')).toBe(2);
        expect(df.get('xyzzy')).toBe(0);
        expect(df.get('"')).toBe(0);
      });
    });

    describe('numbers and identifiers', () => {
      beforeEach(async () => {
        await index.upsert([
          patent('US-9358892-B1', {
            country: 'US',
            docNumber: '09358892',
            kind: 'B1',
            title: 'Battery cathode of lithium iron phosphate',
            applicationNumber: '14123456',
          }),
          // Mentions the number in its text: found too, but below the record it names.
          patent('US-9999999-B2', {
            country: 'US',
            docNumber: '9999999',
            kind: 'B2',
            title: 'Battery cathode improving on US 9,358,892 B1 battery cathode lithium',
          }),
          patent('VN-1-2018-03312-A', { docNumber: '1-2018-03312', kind: 'A', title: 'Pin natri' }),
          research('doi:10.1038/srep16696', {
            title: 'Single-molecule FRET studies',
            identifiers: ['https://doi.org/10.1038/srep16696'],
            source: { file: 'c', format: 'crossref', position: 0, id: '10.1038/srep16696' },
            authors: [{ name: 'Jason Priem', orcid: 'https://orcid.org/0000-0001-6187-6610' }],
          }),
        ]);
      });

      it.each([
        'US9358892B1',
        'US 9,358,892 B1',
        'us9358892b1',
        'US9358892',
        '9358892',
        'US-09358892-B1',
        'US 14123456',
      ])('finds the patent by %s, first', async (q) => {
        expect((await ids({ query: q }))[0]).toBe('US-9358892-B1');
      });

      it('ranks the named record above one that only mentions the number', async () => {
        const found = await ids({ query: 'battery cathode lithium US 9,358,892 B1' });
        expect(found.slice(0, 2)).toEqual(['US-9358892-B1', 'US-9999999-B2']);
      });

      it.each(['1-2018-03312', 'VN 1-2018-3312', 'VN1201803312'])(
        'finds a Vietnamese application by %s',
        async (q) => {
          expect((await ids({ query: q }))[0]).toBe('VN-1-2018-03312-A');
        },
      );

      it.each([
        '10.1038/srep16696',
        'doi:10.1038/SREP16696',
        'https://doi.org/10.1038/srep16696',
        '0000-0001-6187-6610',
      ])('finds a research record by %s', async (q) => {
        expect((await ids({ query: q }))[0]).toBe('doi:10.1038/srep16696');
      });

      it('finds nothing by a number no record has', async () => {
        expect(await ids({ query: 'US9358893' })).toEqual([]);
      });
    });

    describe('matching and ranking', () => {
      it('requires every word (AND)', async () => {
        expect(await ids({ query: 'phân bón vỏ trấu' })).toEqual(['P-FERT']);
      });

      it('matches a quoted phrase only with its words in order', async () => {
        expect(await ids({ query: '"năng lượng mặt trời"' })).toEqual(['P-SOLAR']);
      });

      it('ranks a title match above a match only in the description', async () => {
        const order = await ids({ query: 'vỏ trấu' });
        expect(order).toContain('P-DESC');
        expect(order.indexOf('P-FERT')).toBeLessThan(order.indexOf('P-DESC'));
      });

      it('finds Vietnamese text from a query typed without tone marks', async () => {
        expect(await ids({ query: 'phan bon huu co' })).toEqual(['P-FERT']);
      });

      it('ranks exact-diacritic matches above folded-only ones', async () => {
        const order = await ids({ query: 'bàn' });
        expect(order).toContain('P-BAN-SELL');
        expect(order.indexOf('P-BAN-TABLE')).toBeLessThan(order.indexOf('P-BAN-SELL'));
        const sell = await ids({ query: 'bán' });
        expect(sell[0]).toBe('P-BAN-SELL');
      });

      it('treats NFD input exactly like NFC', async () => {
        const nfc = await ids({ query: 'phân bón hữu cơ' });
        expect(await ids({ query: 'phân bón hữu cơ'.normalize('NFD') })).toEqual(nfc);
        await index.upsert([patent('P-NFD', { title: 'Gạch không nung'.normalize('NFD') })]);
        expect(await ids({ query: 'gạch không nung' })).toEqual(['P-NFD']);
      });

      it('supports OR, exclusion and prefix', async () => {
        expect((await ids({ query: 'bàn OR biochar' })).sort()).toEqual(
          expect.arrayContaining(['P-BAN-TABLE', 'R-EN', 'R-TRAU']),
        );
        expect(await ids({ query: 'vỏ trấu -phân' })).not.toContain('P-FERT');
        expect(await ids({ query: 'vỏ trấu -phân' })).toContain('R-TRAU');
        expect(await ids({ query: 'bioch*' })).toEqual(expect.arrayContaining(['R-EN', 'R-TRAU']));
      });

      it('finds a patent by IPC code and by applicant typed in the search box', async () => {
        expect((await ids({ query: 'C05F' })).sort()).toEqual(['P-FERT', 'P-FERT-OLD']);
        expect(await ids({ query: 'Nắng Xanh' })).toEqual(['P-SOLAR']);
      });

      it('never lets query syntax through: hostile input gives results or InvalidQueryError', async () => {
        const hostile = [
          '"unterminated',
          'NEAR(a b)',
          'a AND OR NOT b',
          "'; DROP TABLE records; --",
          '(((',
          'title:phân',
          '^bón',
          '{t}: x',
          'a"b"c',
          '-',
          '***',
          'OR',
          'phân*bón',
          '\u0000',
        ];
        for (const query of hostile) {
          await index.search({ query }).catch((e: unknown) => {
            expect(e).toBeInstanceOf(InvalidQueryError);
          });
        }
        // Syntax characters are plain text: "phân:(bón)" searches for the two words.
        expect((await ids({ query: 'phân:(bón) vỏ' }))[0]).toBe('P-FERT');
        expect(await index.count()).toBe(CORPUS.length);
      });

      it('relaxes a long query that few records match in full, full matches first', async () => {
        const strict = await index.search({ query: 'phân bón vỏ trấu' });
        expect(strict.hits.map((h) => h.id)).toEqual(['P-FERT']);
        expect(strict.relaxed).toBe(true);
        // One word no record has: without relaxation nothing would be found.
        const res = await index.search({ query: 'phân bón vỏ trấu xylophone' });
        expect(res.relaxed).toBe(true);
        expect(res.hits[0]!.id).toBe('P-FERT');
        // Two-part queries stay strict.
        expect((await index.search({ query: 'vỏ xylophone' })).total).toBe(0);
        // Exclusions still apply to relaxed matches.
        expect(await ids({ query: 'phân bón vỏ trấu xylophone -vi' })).not.toContain('P-FERT');
      });

      it('rejects queries that are too long or have nothing to search for', async () => {
        await expect(index.search({ query: 'a'.repeat(1001) })).rejects.toThrow(InvalidQueryError);
        await expect(index.search({ query: '!!! ???' })).rejects.toThrow(/no searchable terms/);
        await expect(index.search({ query: '-phân' })).rejects.toThrow(/not excluded/);
      });
    });

    describe('filters', () => {
      it('filters by type', async () => {
        expect((await ids({ query: 'vỏ trấu', type: 'research' })).sort()).toEqual(['R-TRAU']);
        expect(await ids({ query: 'vỏ trấu', type: 'patent' })).not.toContain('R-TRAU');
      });

      it('filters by IPC at every level of the hierarchy', async () => {
        expect((await ids({ ipc: 'C' })).sort()).toEqual(['P-DESC', 'P-FERT', 'P-FERT-OLD']);
        expect((await ids({ ipc: 'C05' })).sort()).toEqual(['P-FERT', 'P-FERT-OLD']);
        expect((await ids({ ipc: 'C05F' })).sort()).toEqual(['P-FERT', 'P-FERT-OLD']);
        expect(await ids({ ipc: 'C05F 11' })).toEqual(['P-FERT']);
        expect(await ids({ ipc: 'C05F11' })).toEqual(['P-FERT']);
        expect(await ids({ ipc: 'C05F 1' })).toEqual(['P-FERT-OLD']);
        expect(await ids({ ipc: 'C05F 11/08' })).toEqual(['P-FERT']);
        expect(await ids({ ipc: 'c05g' })).toEqual(['P-FERT']);
        await expect(index.search({ ipc: 'fertiliser' })).rejects.toThrow(InvalidQueryError);
      });

      it('filters by publication date, bounds inclusive', async () => {
        expect((await ids({ from: '2018-07-01', to: '2019-05-10' })).sort()).toEqual([
          'P-FERT',
          'P-SOLAR',
        ]);
        expect(await ids({ query: 'phân bón', to: '2013-01-01' })).toEqual(['P-FERT-OLD']);
      });

      it('keeps only records published strictly before a prior-art cutoff, never undated ones', async () => {
        await index.upsert([patent('P-UNDATED', { title: 'Phân bón lá không rõ ngày' })]);
        // P-FERT is published on the cutoff day itself: not prior art.
        expect(await ids({ query: 'phân bón', before: '2018-07-01' })).toEqual(['P-FERT-OLD']);
        expect((await ids({ query: 'phân bón', before: '2018-07-02' })).sort()).toEqual([
          'P-FERT',
          'P-FERT-OLD',
        ]);
        const page = await index.search({ query: 'phân bón', before: '2018-07-01', limit: 1 });
        expect(page.total).toBe(1);
      });

      it('leaves out excluded ids inside the search, so totals and pages stay whole', async () => {
        const res = await index.search({ query: 'vỏ trấu', exclude: ['P-FERT', 'R-TRAU'] });
        expect(res.hits.map((h) => h.id)).toEqual(['P-DESC']);
        expect(res.total).toBe(1);
        await expect(
          index.search({
            query: 'vỏ trấu',
            exclude: Array.from({ length: 201 }, (_, i) => `x${i}`),
          }),
        ).rejects.toThrow(InvalidQueryError);
      });

      it('combines filters with the query inside one search', async () => {
        expect(
          await ids({ query: 'vỏ trấu', type: 'patent', ipc: 'C02F', from: '2020-01-01' }),
        ).toEqual(['P-DESC']);
      });
    });

    describe('results', () => {
      it('counts facets over all matches, not only the page', async () => {
        const res = await index.search({ query: 'vỏ trấu', limit: 1, facets: true });
        expect(res.total).toBe(3);
        expect(res.hits).toHaveLength(1);
        const types = Object.fromEntries(res.facets!.type.map((f) => [f.value, f.count]));
        expect(types).toEqual({ patent: 2, research: 1 });
        const subclasses = Object.fromEntries(
          res.facets!.ipcSubclass.map((f) => [f.value, f.count]),
        );
        expect(subclasses).toEqual({ C05F: 1, C05G: 1, C02F: 1 });
        expect(res.facets!.ipcSection).toEqual([{ value: 'C', count: 2 }]);
        expect(res.facets!.year.map((y) => y.value)).toEqual(['2022', '2020', '2018']);
      });

      it('pages with a cursor: every match once, in the same order as one big page', async () => {
        const all = await ids({ sort: 'date' });
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await index.search({ sort: 'date', limit: 2, cursor });
          seen.push(...page.hits.map((h) => h.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(all);
        expect(all).toHaveLength(CORPUS.length);

        const relevance = await ids({ query: 'vỏ trấu' });
        const paged: string[] = [];
        cursor = undefined;
        do {
          const page = await index.search({ query: 'vỏ trấu', limit: 1, cursor });
          paged.push(...page.hits.map((h) => h.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged).toEqual(relevance);
      });

      it('refuses a cursor from a different search, and garbage', async () => {
        const first = await index.search({ query: 'vỏ trấu', limit: 1 });
        expect(first.nextCursor).toBeDefined();
        await expect(index.search({ query: 'phân bón', cursor: first.nextCursor })).rejects.toThrow(
          InvalidQueryError,
        );
        await expect(index.search({ query: 'vỏ trấu', cursor: 'not-a-cursor' })).rejects.toThrow(
          InvalidQueryError,
        );
      });

      it('sorts by date, newest first, when asked', async () => {
        const res = await index.search({ query: 'vỏ trấu', sort: 'date' });
        expect(res.hits.map((h) => h.published)).toEqual([
          '2022-04-15',
          '2020-09-09',
          '2018-07-01',
        ]);
      });

      it('returns hits with the contract fields and HTML-safe highlights', async () => {
        const res = await index.search({ query: 'rice husk biochar' });
        const hit = res.hits[0]!;
        expect(hit).toMatchObject({
          id: 'R-EN',
          type: 'research',
          published: '2023-01-01',
          creators: ['Tran Thi B'],
        });
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.highlights.title![0]).toContain('<mark>Rice</mark>');
        expect(hit.highlights.title![0]).not.toContain('<script>');
        expect(hit.highlights.title![0]).toContain('&#60;script&#62;');

        const p = (await index.search({ query: 'vỏ trấu', type: 'patent' })).hits.find(
          (h) => h.id === 'P-FERT',
        )!;
        expect(p.ipc).toEqual(['C05F 11/08', 'C05G 3/00']);
        expect(p.applicants).toEqual([]);
        expect(p.highlights.claims![0]).toContain('<mark>vỏ</mark> <mark>trấu</mark>');
      });

      it('caps the page size at 100', async () => {
        await index.upsert(
          Array.from({ length: 130 }, (_, i) => patent(`BULK-${i}`, { title: 'Gạch không nung' })),
        );
        const res = await index.search({ query: 'gạch', limit: 500 });
        expect(res.total).toBe(130);
        expect(res.hits).toHaveLength(100);
        expect(res.nextCursor).toBeDefined();
      });
    });
  });
}
