import type { Translator } from '../plan';
import type { SearchIndex } from '../search-index';
import { patent, research } from './records';

/**
 * Near misses, written once and run against both engines (the embedded index always; the
 * cluster live): the answers a user notices when the two engines analyse or prefer differently.
 * Each case names the records that must be found and the one that must come first. The records
 * have neutral ids (`NM-<letter><digit>`) and no text beyond what the case is about, so no id,
 * IPC token or stray word can match a query word or a translation by accident.
 */
export function nearMissContract(
  engine: string,
  open: () => Promise<SearchIndex & { translate?: Translator }>,
  translator: Translator,
): void {
  describe(`near misses: ${engine}`, () => {
    let index: SearchIndex & { translate?: Translator };
    const ids = async (query: string): Promise<string[]> =>
      (await index.search({ query, limit: 100 })).hits.map((h) => h.id);

    beforeAll(async () => {
      index = await open();
      index.translate = translator;
      await index.upsert(NEAR_MISSES);
    }, 60_000);
    afterAll(async () => {
      await index.close();
    });

    describe('Vietnamese with and without tone marks', () => {
      it('finds the words typed without marks, and typed with them', async () => {
        expect(await ids('may say ca phe')).toEqual(['NM-A1']);
        expect(await ids('máy sấy cà phê')).toEqual(['NM-A1']);
      });

      it('ranks the words as typed above the same letters with other marks', async () => {
        // "cá tra" (pangasius) and "cà trà" (eggplant, tea) fold to the same "ca tra".
        const pangasius = await ids('cá tra');
        expect(pangasius.slice(0, 2)).toEqual(['NM-B1', 'NM-B3']);
        expect(pangasius).toEqual(expect.arrayContaining(['NM-B2', 'NM-B4']));
        expect((await ids('cà trà')).slice(0, 2).sort()).toEqual(['NM-B2', 'NM-B4']);
      });

      it('ranks them first even against a record that says the other words far more often', async () => {
        const order = await ids('cá tra');
        expect(order.indexOf('NM-B3')).toBeLessThan(order.indexOf('NM-B4'));
      });
    });

    describe('English stems', () => {
      it('finds a plural by its singular and a verb by another form', async () => {
        expect(await ids('battery')).toEqual(['NM-C1']);
        expect(await ids('charging electric vehicles')).toEqual(['NM-C1']);
      });

      it('never stems Vietnamese: a toneless syllable matches only its own fold', async () => {
        // English "studies" stems to "studi"; Vietnamese "sử dụng" must not match "su" stems.
        expect(await ids('sử dụng')).toEqual(['NM-D1']);
      });
    });

    describe('across languages (glossary translations)', () => {
      it('finds English records for Vietnamese words, the words as typed first', async () => {
        expect(await ids('phân bón')).toEqual(['NM-E1', 'NM-E2']);
      });

      it('finds Vietnamese records for English words', async () => {
        // No order: a one-word query's translation is a two-word phrase, rarer and weighted
        // twice, which may outscore the ×1.2 of the word as typed (ranking.ts) in either engine.
        expect((await ids('fertilizer')).sort()).toEqual(['NM-E1', 'NM-E2']);
      });
    });

    describe('phrases and adjacency', () => {
      it('ranks the words side by side above the same words apart', async () => {
        expect(await ids('năng lượng')).toEqual(['NM-F1', 'NM-F2']);
        expect(await ids('lượng năng')).toEqual(['NM-F2', 'NM-F1']);
      });

      it('does so without marks too, where no exact phrase tells them apart', async () => {
        expect(await ids('nang luong')).toEqual(['NM-F1', 'NM-F2']);
        expect(await ids('luong nang')).toEqual(['NM-F2', 'NM-F1']);
      });

      it('finds a quoted phrase only in order', async () => {
        expect(await ids('"năng lượng gió"')).toEqual(['NM-F1']);
      });
    });
  });
}

const NEAR_MISSES = [
  patent('NM-A1', { title: 'Máy sấy cà phê' }),
  // Same length, same folded words: only the marks differ.
  patent('NM-B1', { title: 'Nuôi cá tra giống' }),
  patent('NM-B2', { title: 'Nuôi cà trà giống' }),
  // Once against five times: term frequency alone would put the drink first.
  patent('NM-B3', { title: 'Bệnh trên cá tra', abstract: 'Phòng bệnh gan thận mủ.' }),
  patent('NM-B4', {
    title: 'Cà trà: thức uống cà trà',
    abstract: 'Cà trà thảo mộc; cà trà đóng chai; cà trà ướp lạnh.',
  }),
  research('NM-C1', {
    title: 'Batteries for charged electric vehicle fleets',
    lang: 'en',
  }),
  patent('NM-D1', { title: 'Cách sử dụng máy cày' }),
  research('NM-G1', { title: 'Case studies of sustainable design', lang: 'en' }),
  // A translation pair: the glossary has phân bón = fertilizer.
  patent('NM-E1', { title: 'Phân bón từ vỏ trấu' }),
  research('NM-E2', { title: 'Fertilizer from rice straw', lang: 'en' }),
  // The same words, side by side in one title and apart in the other (same length).
  patent('NM-F1', { title: 'Đo năng lượng gió biển' }),
  patent('NM-F2', { title: 'Đo lượng năng gió biển' }),
];
