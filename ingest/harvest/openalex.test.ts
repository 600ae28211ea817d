import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSearchIndex } from '../../search-index';
import { HarvestError } from '../errors';
import { ingestHandler } from '../queue/handlers';
import { InProcessJobQueue } from '../queue/in-process';
import { harvestOpenAlex } from './openalex';

// A local HTTP server speaks OpenAlex's /works with cursor paging, from the real samples.
const SAMPLES = join(__dirname, '..', '..', 'test-samples', 'openalex');
const work = JSON.parse(readFileSync(join(SAMPLES, 'work_W2741809807.json'), 'utf8')) as unknown;
const snapshot = readFileSync(join(SAMPLES, 'works_snapshot_part_000.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { title: string | null });
const titled = snapshot.filter((w) => w.title);

const PAGES: Record<string, { results: unknown[]; next: string | null }> = {
  '*': { results: [work, titled[0]], next: 'c2' },
  c2: { results: [titled[1], titled[2]], next: 'c3' },
  c3: { results: [], next: null },
};

let server: Server;
let base: string;
let hits: URL[] = [];
let failNext = 0;
let broken = false;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    hits.push(url);
    if (failNext > 0) {
      failNext--;
      res.writeHead(503, { 'retry-after': '0' }).end('busy');
      return;
    }
    const page = PAGES[url.searchParams.get('cursor') ?? ''];
    if (!page || url.searchParams.get('filter') === 'bad') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad cursor"}');
      return;
    }
    const body = JSON.stringify({
      meta: {
        count: 5,
        per_page: Number(url.searchParams.get('per-page')),
        next_cursor: page.next,
      },
      results: page.results,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    // A connection dropped mid-answer: half the JSON.
    res.end(broken ? body.slice(0, body.length / 2) : body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

beforeEach(() => {
  hits = [];
  failNext = 0;
  broken = false;
  dir = mkdtempSync(join(tmpdir(), 'cau-openalex-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const settings = { intervalMs: 0, retries: 2, backoffMs: 5, maxWaitMs: 1000 };

async function run(filter: string) {
  const index = SqliteSearchIndex.open(dir);
  const queue = new InProcessJobQueue('openalex-test', { attempts: 1, backoffMs: 1 });
  const worker = queue.work(ingestHandler(index, { asOf: '2026-01-01' }), { concurrency: 1 });
  try {
    const summary = await harvestOpenAlex(
      { filter, apiUrl: base, mailto: 'a@b.vn' },
      queue,
      settings,
      {
        waitForJobs: true,
      },
    );
    return { summary, count: await index.count(), index };
  } finally {
    await worker.close();
    await queue.close();
  }
}

describe('cau harvest --openalex', () => {
  it('pages through /works with the cursor until it ends, ingesting every work', async () => {
    failNext = 1; // the first answer is a 503 with Retry-After: asked again
    const { summary, count, index } = await run('institutions.ror:https://ror.org/0213rcc28');
    expect(summary).toMatchObject({ pages: 2, works: 4, count: 5, jobs: 2, failedJobs: 0 });
    expect(count).toBe(4);
    expect(await index.get('doi:10.7717/peerj.4375')).toBeDefined();
    await index.close();
    expect(hits.map((h) => h.searchParams.get('cursor'))).toEqual(['*', '*', 'c2', 'c3']);
    expect(hits[0]!.pathname).toBe('/works');
    expect(hits[0]!.searchParams.get('filter')).toBe('institutions.ror:https://ror.org/0213rcc28');
    expect(hits[0]!.searchParams.get('per-page')).toBe('200');
    expect(hits[0]!.searchParams.get('mailto')).toBe('a@b.vn');
  });

  it('gives up with a clear error when every answer is cut off, after its retries', async () => {
    broken = true;
    await expect(run('x')).rejects.toThrow(HarvestError);
    await expect(run('x')).rejects.toThrow(/unreadable answer.*gave up after 3 attempts/);
  });

  it('a refused request (HTTP 400: a bad filter) is a harvest error naming the URL', async () => {
    await expect(run('bad')).rejects.toThrow(/filter=bad.*HTTP 400/);
    expect(hits).toHaveLength(1);
  });
});
