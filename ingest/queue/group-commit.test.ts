import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIndex, type CauRecord, type SearchIndex } from '../../search-index';
import { GroupCommitIndex } from './group-commit';

const rec = (id: string, title: string): CauRecord => ({
  id,
  type: 'research',
  title,
  lang: 'en',
  creators: [],
  subjects: [],
  identifiers: [],
  source: { file: 'x.xml', format: 'oai-pmh', position: 0, line: 1 },
});

let dir: string;
let inner: SearchIndex;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cau-group-'));
  inner = openIndex({ dataDir: dir });
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
});

describe('GroupCommitIndex', () => {
  it('shares one write between concurrent callers, each told its own counts, in call order', async () => {
    await inner.upsert([rec('a', 'Alpha'), rec('b', 'Beta')]);
    // Transactions are what grouping saves: count them.
    let transactions = 0;
    const batch = inner.batch!.bind(inner);
    inner.batch = (work) => {
      transactions++;
      return batch(work);
    };
    const index = new GroupCommitIndex(inner, { maxOps: 10, maxWaitMs: 20 });
    const [one, two, gone, three] = await Promise.all([
      index.upsert([rec('a', 'Alpha'), rec('c', 'Gamma')]),
      index.upsert([rec('b', 'Beta, revised')]),
      index.delete(['c', 'nope']),
      index.upsert([rec('c', 'Gamma again')]),
    ]);
    expect(one).toEqual({ inserted: 1, updated: 0, unchanged: 1 });
    expect(two).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(gone).toBe(1);
    expect(three).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    // The first two shared one transaction; the delete in between kept its place (4 writes, 3
    // transactions).
    expect(transactions).toBe(3);
    expect((await index.get('b'))?.title).toBe('Beta, revised');
    expect((await index.get('c'))?.title).toBe('Gamma again');
    expect(await index.count()).toBe(3);
    await index.close();
  });

  it('passes on what the engine refused (Elasticsearch dead letters), caller by caller', async () => {
    // An engine without transactions that refuses one record, as Elasticsearch does on a mapping error.
    const refusing: SearchIndex = Object.assign(Object.create(inner) as SearchIndex, {
      batch: undefined,
      upsert: async (records: readonly CauRecord[]) => ({
        inserted: records.filter((r) => r.id !== 'bad').length,
        updated: 0,
        unchanged: 0,
        rejected: records
          .filter((r) => r.id === 'bad')
          .map((r) => ({ id: r.id, reason: 'mapping' })),
      }),
    });
    const index = new GroupCommitIndex(refusing, { maxOps: 2, maxWaitMs: 1000 });
    const [good, bad] = await Promise.all([
      index.upsert([rec('g', 'Good')]),
      index.upsert([rec('bad', 'Bad')]),
    ]);
    expect(good.rejected ?? []).toEqual([]);
    expect(bad).toMatchObject({ inserted: 0, rejected: [{ id: 'bad', reason: 'mapping' }] });
  });

  it('fails every caller of a write that fails, and stores none of it', async () => {
    const index = new GroupCommitIndex(inner, { maxOps: 2, maxWaitMs: 1000 });
    const bad = { ...rec('z', 'Zeta'), type: undefined } as unknown as CauRecord;
    const results = await Promise.allSettled([
      index.upsert([rec('y', 'Ypsilon')]),
      index.upsert([bad]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await index.count()).toBe(0);
    await index.close();
  });
});
