import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openIndex, resolveRecord, type SearchIndex } from '../../search-index';
import { startRedis, type TestRedis } from '../../infra/test/redis';
import { HarvestError, OaiProtocolError } from '../errors';
import { parseFileContent } from '../formats';
import { BullmqJobQueue } from '../queue/bullmq';
import { ingestHandler } from '../queue/handlers';
import { InProcessJobQueue } from '../queue/in-process';
import { drained, type JobQueue } from '../queue/job-queue';
import { harvest, type HarvestOptions } from './harvest';
import { retryAfterMs, type ClientSettings } from './oai-client';
import { WatermarkStore } from './watermark';

// A real HTTP server speaking OAI-PMH from real pages (fixtures/research/ctu, the EUR DSpace
// samples in test-samples/oai-pmh), with faults injected per test. Every page is read here, once:
// a missing file fails the whole file at once instead of inside the server, where it left the
// client waiting for an answer that never came.
const ROOT = resolve(__dirname, '..', '..');
const CTU_PAGES = [1, 2, 3].map((n) =>
  readFileSync(join(ROOT, 'fixtures', 'research', 'ctu', `ListRecords-${n}.xml`), 'utf8'),
);
const CTU = (n: number): string => CTU_PAGES[n - 1]!;
const EUR_PAGES = new Map(
  (
    [
      [2003, 16],
      [2004, 81],
    ] as const
  ).map(([year, n]) => [
    year,
    readFileSync(
      join(ROOT, 'test-samples', 'oai-pmh', `eur_dspace_ListRecords_oai_dc_${year}_${n}recs.xml`),
      'utf8',
    ),
  ]),
);
const EUR = (year: 2003 | 2004): string => EUR_PAGES.get(year)!;
const CAU = join(ROOT, 'bin', 'cau.js');

const CHANGED_ID = 'oai:dspace.ctu.edu.vn:123456789/12087';
const DELETED_ID = 'oai:dspace.ctu.edu.vn:123456789/13542';

/** The incremental answer: one record changed (new title) and one deleted, since `from`. */
function changesPage(): string {
  const record = /<record>[\s\S]*?<\/record>/.exec(CTU(1))![0];
  const changed = record.replace(
    /<dc:title>[^<]*<\/dc:title>/,
    '<dc:title>Phân hữu cơ vi sinh từ vỏ trấu: bản sửa đổi</dc:title>',
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">' +
    '<responseDate>2025-05-02T08:00:00Z</responseDate><request verb="ListRecords">https://dspace.ctu.edu.vn/oai/request</request>' +
    `<ListRecords>${changed}<record><header status="deleted"><identifier>${DELETED_ID}</identifier>` +
    '<datestamp>2025-05-01T00:00:00Z</datestamp></header></record></ListRecords></OAI-PMH>\n'
  );
}

function oaiError(code: string, date = '2025-06-01T00:00:00Z'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">` +
    `<responseDate>${date}</responseDate><request>https://dspace.ctu.edu.vn/oai/request</request>` +
    `<error code="${code}">${code} (test)</error></OAI-PMH>\n`
  );
}

type Fault =
  | { kind: '503'; retryAfter: string }
  | { kind: '500' }
  | { kind: 'disconnect' }
  | { kind: 'badResumptionToken' };

interface Hit {
  path: string;
  params: Record<string, string>;
  at: number;
}

/** Pages by request; `faults` are consumed in order for the page they name (`times` each). */
class OaiServer {
  server!: Server;
  base = '';
  hits: Hit[] = [];
  faults = new Map<string, Fault[]>();
  /** Answer for a from= request on /ctu (default: the changes page). */
  onFrom: () => string = changesPage;

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  fault(page: string, fault: Fault, times = 1): void {
    const list = this.faults.get(page) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(page, list);
  }

  private page(path: string, p: Record<string, string>): [string, string] {
    if (path === '/eur') {
      if (p.resumptionToken === 'eur-2') return ['eur-2', EUR(2004)];
      const first = EUR(2003).replace(
        '</ListRecords>',
        '<resumptionToken>eur-2</resumptionToken></ListRecords>',
      );
      return ['eur-1', first];
    }
    if (p.resumptionToken === 'oai_dc////6') return ['ctu-2', CTU(2)];
    if (p.resumptionToken === 'oai_dc////12') return ['ctu-3', CTU(3)];
    if (p.resumptionToken) return ['bad', oaiError('badResumptionToken')];
    if (p.from) return ['ctu-from', this.onFrom()];
    return ['ctu-1', CTU(1)];
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url!, this.base);
    const params = Object.fromEntries(url.searchParams);
    this.hits.push({ path: url.pathname, params, at: Date.now() });
    let key: string;
    let body: string;
    try {
      [key, body] = this.page(url.pathname, params);
    } catch (e) {
      // A fault of the test itself: answer it (the client reports the 500), never hang.
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`test server: ${String(e)}`);
      return;
    }
    const fault = this.faults.get(key)?.shift();
    const bytes = Buffer.from(body);
    if (fault?.kind === '503') {
      res.writeHead(503, { 'retry-after': fault.retryAfter, 'content-type': 'text/plain' });
      res.end('busy, come back later');
    } else if (fault?.kind === '500') {
      res.writeHead(500).end('oops');
    } else if (fault?.kind === 'disconnect') {
      // Headers promise the whole page; half of it arrives, then the connection drops.
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': bytes.length });
      res.write(bytes.subarray(0, bytes.length >> 1), () => res.socket?.destroy());
    } else if (fault?.kind === 'badResumptionToken') {
      res.writeHead(200, { 'content-type': 'text/xml' }).end(oaiError('badResumptionToken'));
    } else {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(bytes);
    }
  }
}

// Real child processes (each starts tsx) on a shared 2-core CI machine: generous bounds.
jest.setTimeout(120_000);

// A local server answers in milliseconds: a request still open after 10 s is a fault to report,
// not something to wait out for the client's default 120 s.
const FAST: ClientSettings = {
  intervalMs: 0,
  retries: 3,
  backoffMs: 20,
  maxWaitMs: 5000,
  requestTimeoutMs: 10_000,
};

let server: OaiServer;
let dir: string;
let index: SearchIndex;
let store: WatermarkStore;

beforeEach(async () => {
  server = new OaiServer();
  await server.start();
  dir = mkdtempSync(join(tmpdir(), 'cau-harvest-'));
  index = openIndex({ dataDir: dir });
  store = WatermarkStore.under(dir);
});
afterEach(async () => {
  await server.stop();
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A harvest the embedded way: pages run through the in-process queue into the index. */
async function run(options: Partial<HarvestOptions> = {}, settings = FAST) {
  const queue = new InProcessJobQueue('harvest', { attempts: 1, backoffMs: 10 });
  const worker = queue.work(ingestHandler(index), { concurrency: 1 });
  try {
    return await harvest(
      { baseUrl: `${server.base}/ctu`, metadataPrefix: 'oai_dc', ...options },
      queue,
      store,
      settings,
      { waitForJobs: true },
    );
  } finally {
    await worker.close();
    await queue.close();
  }
}

const ctuIds = (): string[] => {
  const ids = new Set<string>();
  for (const n of [1, 2, 3]) {
    const parsed = parseFileContent('x', Buffer.from(CTU(n)));
    parsed.records.forEach((r) => ids.add(r.id));
    parsed.deletions.forEach((d) => ids.delete(d));
  }
  return [...ids];
};

describe('cau harvest (OAI-PMH ListRecords)', () => {
  it('pages through resumption tokens, waits out a 503 Retry-After, survives a dropped connection', async () => {
    server.fault('ctu-2', { kind: '503', retryAfter: '1' });
    server.fault('ctu-3', { kind: 'disconnect' });
    const summary = await run();
    expect(summary).toMatchObject({ pages: 3, failedJobs: 0, from: undefined });
    const ids = ctuIds();
    expect(ids).toHaveLength(14);
    expect(await index.count()).toBe(14);
    // Records with a DOI are stored under it: their OAI identifiers resolve to them.
    for (const id of ids) expect(await resolveRecord(index, id)).toBeDefined();
    // The record deleted on page 3 was indexed from page 1, then removed.
    expect(await resolveRecord(index, 'oai:dspace.ctu.edu.vn:123456789/16118')).toBeUndefined();

    const page2 = server.hits.filter((h) => h.params.resumptionToken === 'oai_dc////6');
    expect(page2).toHaveLength(2);
    expect(page2[1]!.at - page2[0]!.at).toBeGreaterThanOrEqual(950);
    expect(server.hits.filter((h) => h.params.resumptionToken === 'oai_dc////12')).toHaveLength(2);
    expect(server.hits[0]!.params).toEqual({ verb: 'ListRecords', metadataPrefix: 'oai_dc' });
    // The watermark: the day of the repository's responseDate when the harvest began.
    expect(
      await store.get({ baseUrl: `${server.base}/ctu`, metadataPrefix: 'oai_dc' }),
    ).toMatchObject({
      from: '2025-04-28',
      responseDate: '2025-04-28T04:15:12Z',
    });
  });

  it('asks the next time only for what changed since the watermark: changes update, deletions delete', async () => {
    await run();
    const before = (await resolveRecord(index, 'oai:dspace.ctu.edu.vn:123456789/14219'))!;
    server.hits = [];
    const second = await run();
    expect(server.hits).toHaveLength(1);
    expect(server.hits[0]!.params).toEqual({
      verb: 'ListRecords',
      metadataPrefix: 'oai_dc',
      from: '2025-04-28',
    });
    expect(second).toMatchObject({ from: '2025-04-28', pages: 1 });
    expect((await resolveRecord(index, CHANGED_ID))?.title).toBe(
      'Phân hữu cơ vi sinh từ vỏ trấu: bản sửa đổi',
    );
    expect(await resolveRecord(index, DELETED_ID)).toBeUndefined();
    expect(await index.count()).toBe(13);
    expect(await index.get(before.id)).toEqual(before);
    expect(
      (await store.get({ baseUrl: `${server.base}/ctu`, metadataPrefix: 'oai_dc' }))?.from,
    ).toBe('2025-05-02');
  });

  it('treats noRecordsMatch as "nothing changed" and moves the watermark', async () => {
    await run();
    server.onFrom = () => oaiError('noRecordsMatch');
    const summary = await run();
    expect(summary).toMatchObject({ empty: true, pages: 0 });
    expect(await index.count()).toBe(14);
    expect(
      (await store.get({ baseUrl: `${server.base}/ctu`, metadataPrefix: 'oai_dc' }))?.from,
    ).toBe('2025-06-01');
  });

  it('restarts the list once after badResumptionToken (real EUR DSpace pages)', async () => {
    server.fault('eur-2', { kind: 'badResumptionToken' });
    const summary = await run({ baseUrl: `${server.base}/eur` });
    // Page 1 twice (before and after the restart), then page 2.
    expect(summary).toMatchObject({ restarts: 1, pages: 3 });
    const expected = new Set<string>();
    for (const xml of [EUR(2003), EUR(2004)]) {
      const parsed = parseFileContent('x', Buffer.from(xml));
      parsed.records.forEach((r) => expected.add(r.id));
      parsed.deletions.forEach((d) => expected.delete(d));
    }
    expect(await index.count()).toBe(expected.size);
    expect(server.hits.filter((h) => !h.params.resumptionToken)).toHaveLength(2);
  });

  it('gives up on a token that stays bad with an OAI error, and keeps the watermark', async () => {
    server.fault('eur-2', { kind: 'badResumptionToken' }, 5);
    await expect(run({ baseUrl: `${server.base}/eur` })).rejects.toThrow(OaiProtocolError);
    expect(
      await store.get({ baseUrl: `${server.base}/eur`, metadataPrefix: 'oai_dc' }),
    ).toBeUndefined();
  });

  it('keeps the previous watermark when a harvest fails mid-way, so the next run skips nothing', async () => {
    await run();
    const target = { baseUrl: `${server.base}/ctu`, metadataPrefix: 'oai_dc' };
    const kept = await store.get(target);
    // This time the repository answers from= with the whole list, and page 2 keeps failing.
    server.onFrom = () => CTU(1);
    server.fault('ctu-2', { kind: '500' }, 10);
    const failing = run({}, { ...FAST, retries: 2 });
    await expect(failing).rejects.toThrow(HarvestError);
    await expect(failing).rejects.toThrow(/HTTP 500 \(gave up after 3 attempts\)/);
    expect(await store.get(target)).toEqual(kept);
    server.faults.clear();
    server.hits = [];
    await run();
    expect(server.hits[0]!.params.from).toBe(kept!.from);
  });

  it('passes --set, --from and --until on, and leaves the watermark alone for a bounded window', async () => {
    const summary = await run({ set: 'com_123456789_4', from: '2024-01-01', until: '2024-12-31' });
    expect(server.hits[0]!.params).toEqual({
      verb: 'ListRecords',
      metadataPrefix: 'oai_dc',
      set: 'com_123456789_4',
      from: '2024-01-01',
      until: '2024-12-31',
    });
    expect(summary.watermark).toBeUndefined();
    expect(
      await store.get({ baseUrl: `${server.base}/ctu`, metadataPrefix: 'oai_dc' }),
    ).toBeUndefined();
  });

  it('refuses to wait longer than allowed for Retry-After', async () => {
    server.fault('ctu-1', { kind: '503', retryAfter: '3600' });
    await expect(run({}, { ...FAST, maxWaitMs: 2000 })).rejects.toThrow(
      /asks to wait 3600 s, more than the 2 s allowed/,
    );
  });

  it('is polite: one request at a time per host, at least the interval apart', async () => {
    await run({}, { ...FAST, intervalMs: 300 });
    const times = server.hits.map((h) => h.at);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(280);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    const now = Date.parse('2025-05-02T08:00:00Z');
    expect(retryAfterMs('Fri, 02 May 2025 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('cau harvest with Redis: pages become jobs', () => {
  let redis: TestRedis;
  let queue: JobQueue | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await queue?.close();
  });

  it('enqueues one job per page, which a worker ingests; the same pages again add no job', async () => {
    queue = await BullmqJobQueue.connect({ url: redis.url, name: `harvest-${randomUUID()}` });
    const target = { baseUrl: `${server.base}/ctu`, metadataPrefix: 'oai_dc' };
    const summary = await harvest(target, queue, store, FAST);
    expect(summary).toMatchObject({ pages: 3, jobs: 3 });
    expect(await queue.counts()).toMatchObject({ waiting: 3 });
    // Queued: the watermark moves once every page is safely in Redis.
    expect((await store.get(target))?.from).toBe('2025-04-28');
    await harvest(
      { ...target, from: undefined },
      queue,
      WatermarkStore.under(join(dir, 'other')),
      FAST,
    );
    expect(await queue.counts()).toMatchObject({ waiting: 3 });
    const worker = queue.work(ingestHandler(index), { concurrency: 1 });
    expect(await drained(queue)).toMatchObject({ completed: 3, failed: 0 });
    await worker.close();
    expect(await index.count()).toBe(14);
  });

  it('runs from the command line, with and without --queue', async () => {
    const cli = (args: string[], env: Record<string, string>) =>
      new Promise<{ code: number | null; out: string; err: string }>((done) => {
        const child = spawn(process.execPath, [CAU, ...args], {
          env: {
            ...process.env,
            CAU_DATA_DIR: join(dir, 'cli'),
            CAU_HARVEST_INTERVAL_MS: '0',
            ...env,
          },
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => done({ code, out, err }));
      });
    const direct = await cli(['harvest', `${server.base}/ctu`, '--json'], { REDIS_URL: '' });
    expect(direct.code).toBe(0);
    expect(JSON.parse(direct.out)).toMatchObject({
      pages: 3,
      records: 15,
      deleted: 1,
      watermark: { from: '2025-04-28' },
    });
    const name = `cli-${randomUUID()}`;
    const queued = await cli(['harvest', `${server.base}/eur`, '--queue'], {
      REDIS_URL: redis.url,
      CAU_QUEUE: name,
    });
    expect(queued.code).toBe(0);
    expect(queued.out).toContain('2 page(s) queued');
    const bad = await cli(['harvest', 'ftp://example.org/oai', '--from', '2025-13-45'], {});
    expect(bad.code).toBe(2);
  });
});
