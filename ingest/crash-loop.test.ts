import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAU, inspectIndex, seeded, startCau, writeDocuments } from '../infra/test/crash';
import { killTracked } from '../infra/test/processes';

// Crash safety, proven: `cau ingest` killed with SIGKILL at random moments (startup, parsing,
// inside the write transaction, after the commit, while closing), 20 times. After each kill
// the index opens, SQLite's integrity_check and FTS5's integrity-check pass, and every record
// in it is whole; each run's files are one batch, so a run's records are all there or none.
// Then one run over everything completes the job.
const RUNS = 20;
const FILES_PER_RUN = 2;
const DOCS_PER_FILE = 6;
const SEED = Number(process.env.CAU_CRASH_SEED ?? Date.now() % 100_000);

jest.setTimeout(300_000);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-crash-'));
});
afterAll(async () => {
  await killTracked();
  rmSync(work, { recursive: true, force: true });
});

it(`keeps the index whole through ${RUNS} SIGKILLs of cau ingest (seed ${SEED})`, async () => {
  const random = seeded(SEED);
  const dataDir = join(work, 'data');
  const env = { ...process.env, CAU_DATA_DIR: dataDir };
  const runs: { dir: string; ids: string[] }[] = [];
  let n = 0;
  for (let i = 0; i <= RUNS; i++) {
    const dir = join(work, `run-${i}`);
    mkdirSync(dir);
    const ids: string[] = [];
    for (let f = 0; f < FILES_PER_RUN; f++) {
      ids.push(...writeDocuments(join(dir, `part-${f}.xml`), n, DOCS_PER_FILE));
      n += DOCS_PER_FILE;
    }
    runs.push({ dir, ids });
  }

  // Run 0 to the end: how long a whole run takes here, so kills can fall anywhere in one.
  const t0 = Date.now();
  const calibration = startCau(['ingest', runs[0]!.dir], env, work);
  expect((await calibration.exit).code).toBe(0);
  const runMs = Date.now() - t0;

  const killedAt: string[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const run = startCau(['ingest', runs[i]!.dir], env, work);
    const delay = Math.round(runMs * (0.2 + random()));
    const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
    const { signal } = await run.exit;
    clearTimeout(timer);
    killedAt.push(`${delay} ms${signal === 'SIGKILL' ? '' : ' (finished first)'}`);

    const after = await inspectIndex(dataDir);
    expect([i, after.integrity.problems]).toEqual([i, []]);
    expect([i, after.partial]).toEqual([i, []]);
    // Whole batches: each run's records are all there or none of them.
    for (const [k, r] of runs.entries()) {
      const present = r.ids.filter((id) => after.ids.has(id)).length;
      expect([i, k, present === 0 || present === r.ids.length]).toEqual([i, k, true]);
    }
    expect(runs[0]!.ids.every((id) => after.ids.has(id))).toBe(true);
  }
  // Most kills must have hit a running ingest, not one that had already finished.
  expect(killedAt.filter((k) => !k.includes('finished')).length).toBeGreaterThanOrEqual(RUNS / 2);

  // One more run over everything completes the job.
  const all = runs.map((r) => r.dir);
  const rerun = spawnSync(process.execPath, [CAU, 'ingest', '--json', ...all], {
    cwd: work,
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect(rerun.status).toBe(0);
  expect(JSON.parse(rerun.stdout)).toMatchObject({ filesFailed: 0 });
  const final = await inspectIndex(dataDir);
  expect(final.integrity.ok).toBe(true);
  expect(final.partial).toEqual([]);
  expect(final.ids.size).toBe(runs.reduce((s, r) => s + r.ids.length, 0));
});
