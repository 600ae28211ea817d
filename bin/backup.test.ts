import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { checkIndexFile, SCHEMA_VERSION } from '../search-index';

// Backup and restore as an operator uses them: real `cau` processes, with `cau serve` and
// `cau ingest` running on the same index at the same time.
const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const SAMPLE = readFileSync(join(ROOT, 'fixtures', 'patents', 'VN-1-0020001-B.xml'), 'utf8');

jest.setTimeout(120_000);

let work: string;
let dataDir: string;
const env = (): NodeJS.ProcessEnv => ({ ...process.env, CAU_DATA_DIR: dataDir });

function cau(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CAU, ...args], {
    cwd: work,
    env: env(),
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function start(args: string[]): { child: ChildProcess; out: () => string; exit: Promise<number> } {
  const child = spawn(process.execPath, [CAU, ...args], { cwd: work, env: env() });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  return { child, out: () => out, exit };
}

async function until(what: string, probe: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Files of `perFile` concatenated ST.36 documents with distinct numbers. */
function bulkFiles(dir: string, files: number, perFile: number): void {
  for (let f = 0; f < files; f++) {
    const docs: string[] = [];
    for (let i = 0; i < perFile; i++) {
      docs.push(SAMPLE.replaceAll('1-0020001', `1-8${String(f * perFile + i).padStart(6, '0')}`));
    }
    writeFileSync(join(dir, `bulk-${f}.xml`), docs.join('\n'));
  }
}

const count = (file: string): number => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-backup-'));
  dataDir = join(work, 'data');
  const inbox = join(work, 'inbox');
  spawnSync('mkdir', ['-p', inbox]);
  bulkFiles(inbox, 12, 15);
  const r = cau(['ingest', join(ROOT, 'fixtures', 'patents')]);
  if (r.code !== 0) throw new Error(`ingest failed: ${r.err}`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cau backup and cau restore', () => {
  it('backs up and restores while cau serve and cau ingest use the index', async () => {
    const before = count(join(dataDir, 'cau.sqlite'));
    const server = start(['serve', '--port', '0']);
    await until('the server', () => /serving http/.test(server.out()));
    const url = /serving (http:\/\/\S+?)\//.exec(server.out())![1]!;
    const ingest = start(['ingest', join(work, 'inbox')]);
    await until('the ingest to commit a first batch', () => /\[\d+\/12\]/.test(ingest.out()));

    // A backup in the middle of the ingest: consistent (whole batches only) and checked.
    const backup = cau(['backup', 'mid.sqlite']);
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/^backup: {2}.*mid\.sqlite\nrecords: \d+ \(.* MB, checked\)/);
    const mid = join(work, 'mid.sqlite');
    const check = checkIndexFile(mid);
    expect(check).toMatchObject({ ok: true, problems: [], schemaVersion: SCHEMA_VERSION });
    expect(check.records).toBeGreaterThanOrEqual(before);
    expect(check.records).toBeLessThanOrEqual(before + 180);
    // One file: no WAL left beside it.
    expect(spawnSync('ls', [work], { encoding: 'utf8' }).stdout).not.toMatch(
      /mid\.sqlite-(wal|shm)/,
    );

    expect(await ingest.exit).toBe(0);
    const full = before + 180;
    expect(count(join(dataDir, 'cau.sqlite'))).toBe(full);

    // Restoring over an index that holds records needs --force; nothing is touched without it.
    const refused = cau(['restore', 'mid.sqlite']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`holds ${full} records; allowed: --force to replace them`);
    expect(count(join(dataDir, 'cau.sqlite'))).toBe(full);

    // With --force, while the server keeps serving: its next answer comes from the backup.
    const restored = cau(['restore', 'mid.sqlite', '--force']);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(`records:  ${check.records} (replacing ${full})`);
    const health = (await (await fetch(`${url}/api/health`)).json()) as { records: number };
    expect(health.records).toBe(check.records);
    const search = await fetch(`${url}/api/search?q=ph%C3%A2n+b%C3%B3n`);
    expect(search.status).toBe(200);
    expect(checkIndexFile(join(dataDir, 'cau.sqlite')).ok).toBe(true);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);

    // A re-run of the ingest completes the restored index again.
    expect(cau(['ingest', join(work, 'inbox')]).code).toBe(0);
    expect(count(join(dataDir, 'cau.sqlite'))).toBe(full);
  });

  it('refuses a damaged backup, one of another schema version, or one that is not a backup, changing nothing', () => {
    const good = join(work, 'good.sqlite');
    expect(cau(['backup', good, '--force']).code).toBe(0);
    const stored = count(join(dataDir, 'cau.sqlite'));

    const damaged = join(work, 'damaged.sqlite');
    const bytes = readFileSync(good);
    // The records table's root page overwritten (a torn copy, a bad sector): SQLite's check
    // finds damaged structure. (It keeps no checksums: a flipped bit inside a stored text
    // would not be found; see docs/operations.md.)
    const probe = new Database(good, { readonly: true });
    const root = (
      probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'records'").get() as {
        rootpage: number;
      }
    ).rootpage;
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    bytes.fill(0xff, (root - 1) * pageSize, root * pageSize);
    writeFileSync(damaged, bytes);
    const r1 = cau(['restore', damaged, '--force']);
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(/damaged\.sqlite failed its check, nothing was changed: /);

    const old = join(work, 'old.sqlite');
    copyFileSync(good, old);
    const db = new Database(old);
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    db.close();
    const r2 = cau(['restore', old, '--force']);
    expect(r2.code).toBe(1);
    expect(r2.err).toContain(
      `has schema version 1, this Cầu needs ${SCHEMA_VERSION}: nothing was changed`,
    );

    writeFileSync(join(work, 'notes.txt'), 'not a database');
    const r3 = cau(['restore', 'notes.txt', '--force']);
    expect(r3.code).toBe(1);
    expect(r3.err).toContain('is not a Cầu backup');

    expect(count(join(dataDir, 'cau.sqlite'))).toBe(stored);
    expect(checkIndexFile(join(dataDir, 'cau.sqlite')).ok).toBe(true);
    expect(spawnSync('ls', [dataDir], { encoding: 'utf8' }).stdout).not.toContain('restore-');
  });

  it('does not overwrite an existing file without --force, nor write into a missing folder', () => {
    writeFileSync(join(work, 'precious.txt'), 'keep me');
    const r = cau(['backup', 'precious.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('precious.txt already exists; allowed: a new file name, or --force');
    expect(readFileSync(join(work, 'precious.txt'), 'utf8')).toBe('keep me');
    const missing = cau(['backup', join('no', 'such', 'dir', 'b.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/the folder .*no\/such\/dir does not exist/);
  });

  it('restores into an empty data dir', () => {
    const backupFile = join(work, 'for-new.sqlite');
    expect(cau(['backup', backupFile]).code).toBe(0);
    const other = join(work, 'fresh-data');
    const r = spawnSync(process.execPath, [CAU, 'restore', backupFile, '--json'], {
      cwd: work,
      env: { ...env(), CAU_DATA_DIR: other },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ records: count(backupFile) });
    expect(count(join(other, 'cau.sqlite'))).toBe(count(backupFile));
  });
});
