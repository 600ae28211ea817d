import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openIndex, type SearchIndex } from '../../search-index';
import { ingestPaths } from '../pipeline';
import { enqueuePaths } from './enqueue';
import { ingestHandler } from './handlers';
import { InProcessJobQueue } from './in-process';
import { drained } from './job-queue';

const SAMPLES = resolve(__dirname, '..', '..', 'test-samples');
const WEEKLY = join(SAMPLES, 'uspto', 'concatenated_2grants_v4-5.xml');

let dir: string;
const indexes: SearchIndex[] = [];
const open = (name: string): SearchIndex => {
  const index = openIndex({ dataDir: join(dir, name) });
  indexes.push(index);
  return index;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cau-enqueue-'));
});
afterEach(async () => {
  await Promise.all(indexes.splice(0).map((i) => i.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function queuedIngest(paths: string[], index: SearchIndex, maxJobBytes?: number) {
  const queue = new InProcessJobQueue('test', { attempts: 1 });
  const summary = await enqueuePaths(paths, queue, { maxJobBytes });
  const worker = queue.work(ingestHandler(index, { asOf: '2025-01-01' }), { concurrency: 1 });
  const counts = await drained(queue);
  await worker.close();
  return { summary, counts, failed: await queue.failed() };
}

describe('enqueuePaths + the ingest handler', () => {
  it('stores exactly the records a direct ingest stores (a real USPTO weekly file, cut per document)', async () => {
    const direct = open('direct');
    await ingestPaths([WEEKLY], direct, { asOf: '2025-01-01' });
    const queued = open('queued');
    const { summary, counts } = await queuedIngest([WEEKLY], queued);
    expect(summary).toMatchObject({ files: 1, filesFailed: 0, documents: 2 });
    expect(counts).toMatchObject({ completed: 2, failed: 0 });
    expect(await queued.count()).toBe(2);
    const ids = (await direct.search({ limit: 10 })).hits.map((h) => h.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await queued.get(id)).toEqual(await direct.get(id));
  });

  it('refuses an oversized document and an empty file by name, and enqueues everything else', async () => {
    const weekly = readFileSync(WEEKLY, 'utf8');
    const [first, second] = weekly.split(/(?=<\?xml )/);
    const padded = join(dir, 'padded.xml');
    // The middle document is over the bound; the last one is a copy of the first.
    writeFileSync(
      padded,
      `${first}${second!.replace('</us-patent-grant>', `${' '.repeat(4096)}</us-patent-grant>`)}${first}`,
    );
    const empty = join(dir, 'empty.xml');
    writeFileSync(empty, '');
    const index = open('idx');
    const limit = Math.max(Buffer.byteLength(first!), Buffer.byteLength(second!)) + 1000;
    const { summary, counts } = await queuedIngest(
      [padded, empty, join(dir, 'missing.xml')],
      index,
      limit,
    );
    expect(summary.filesFailed).toBe(3);
    expect(summary.documents).toBe(2);
    const reasons = summary.failures.map((f) => f.reason);
    const line = first!.split('\n').length;
    expect(reasons).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${padded}:${line}: document 2 is [\\d.]+ MB, over the [\\d.]+ MB a queued job may carry; ingest this file without --queue$`,
        ),
      ),
    );
    expect(reasons).toContain(`${empty}: the file is empty (no XML document in it)`);
    expect(reasons).toContain(`${join(dir, 'missing.xml')}: cannot read: ENOENT`);
    expect(counts).toMatchObject({ completed: 2, failed: 0 });
    expect(await index.count()).toBe(1);
  });
});
