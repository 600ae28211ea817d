import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkIndexFile } from '../search-index';

// A data dir that cannot be written, and a disk that fills: a clear error (exit 1, no stack
// trace) and an index exactly as whole as before. Real `cau` processes; the full disk is a
// file-size limit (`ulimit -f`) on the child, the read-only dir real permissions (as root,
// the child runs as nobody, since root writes anywhere).
const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const FIXTURES = join(ROOT, 'fixtures');
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

jest.setTimeout(120_000);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-storage-'));
  chmodSync(work, 0o755); // nobody must reach the read-only dir inside
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cau(
  args: string[],
  dataDir: string,
  opts: { fileLimitKb?: number; asNobody?: boolean } = {},
): { code: number; out: string; err: string } {
  const env = { ...process.env, CAU_DATA_DIR: dataDir };
  const r =
    opts.fileLimitKb === undefined
      ? spawnSync(process.execPath, [CAU, ...args], {
          cwd: work,
          env: opts.asNobody ? { ...env, HOME: work } : env,
          encoding: 'utf8',
          timeout: 90_000,
          ...(opts.asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
        })
      : spawnSync(
          'bash',
          ['-c', `ulimit -f ${opts.fileLimitKb} && exec "$0" "$@"`, process.execPath, CAU, ...args],
          { cwd: work, env, encoding: 'utf8', timeout: 90_000 },
        );
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const noStack = (s: string): void => expect(s).not.toMatch(/^\s+at /m);

describe('a disk that fills', () => {
  it('stops the ingest with a clear error; committed records stay whole; a re-run completes', () => {
    const data = join(work, 'full');
    const first = cau(['ingest', join(FIXTURES, 'research', 'ctu')], data, { fileLimitKb: 1500 });
    expect(first.code).toBe(0);
    const kept = checkIndexFile(join(data, 'cau.sqlite'));
    expect(kept.ok).toBe(true);
    expect(kept.records).toBeGreaterThan(0);

    const bytesBefore = readFileSync(join(data, 'cau.sqlite'));
    // A little more room than the index already takes: the 64 patents (about four times the
    // research records' index) cannot fit, whatever size the index format gives them.
    const roomKb = Math.ceil(bytesBefore.length / 1024) + 64;
    const full = cau(['ingest', join(FIXTURES, 'patents')], data, { fileLimitKb: roomKb });
    expect(full.code).toBe(1);
    expect(full.err).toMatch(
      new RegExp(
        `^cau: cannot use the index in ${data.replace(/[/.]/g, '\\$&')}: (writing failed|the disk is full)`,
      ),
    );
    expect(full.err).toContain(
      'Nothing of the unfinished write was kept; committed records are whole.',
    );
    noStack(full.err);
    // The failed batch left nothing behind: the same records, the same file, both checks pass.
    const after = checkIndexFile(join(data, 'cau.sqlite'));
    expect(after).toEqual(kept);
    expect(readFileSync(join(data, 'cau.sqlite')).equals(bytesBefore)).toBe(true);

    const rerun = cau(['ingest', join(FIXTURES, 'patents')], data);
    expect(rerun.code).toBe(0);
    expect(rerun.out).toMatch(/64 new/);
    expect(checkIndexFile(join(data, 'cau.sqlite'))).toMatchObject({
      ok: true,
      records: kept.records + 64,
    });
  });
});

describe('a read-only data dir', () => {
  let data: string;
  let before: Buffer;
  beforeAll(() => {
    // As root the commands run as nobody, who must be able to read this checkout: one cloned
    // under a private folder (mktemp -d, /root) cannot be, and every command would fail with
    // MODULE_NOT_FOUND. Say so instead.
    if (isRoot) {
      const reach = spawnSync(
        process.execPath,
        ['-e', 'require("fs").accessSync(process.argv[1])', CAU],
        {
          uid: NOBODY,
          gid: NOBODY,
        },
      );
      if (reach.status !== 0) {
        throw new Error(
          `run as root, these tests start cau as nobody (uid ${NOBODY}), who cannot read ${CAU}: ` +
            'clone the project where every user can read it (chmod o+rx on the folders above it)',
        );
      }
    }
    data = join(work, 'readonly');
    const r = cau(['ingest', join(FIXTURES, 'research', 'hust')], data);
    if (r.code !== 0) throw new Error(r.err);
    // As root, owned by nobody but without write bits: nobody cannot write there, as any user
    // on a read-only mount cannot.
    if (isRoot) for (const p of [data, join(data, 'cau.sqlite')]) chownSync(p, NOBODY, NOBODY);
    chmodSync(join(data, 'cau.sqlite'), 0o444);
    chmodSync(data, 0o555);
    before = readFileSync(join(data, 'cau.sqlite'));
  });
  afterAll(() => chmodSync(data, 0o755));

  it.each([
    ['ingest', ['ingest', join(FIXTURES, 'patents')]],
    ['search', ['search', 'biochar']],
    ['serve', ['serve', '--port', '0']],
  ])('%s exits 1 naming the folder and saying it is read-only', (_name, args) => {
    const r = cau(args, data, { asNobody: isRoot });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cau: cannot use the index in ${data}: the index is read-only`);
    noStack(r.err);
    expect(readFileSync(join(data, 'cau.sqlite')).equals(before)).toBe(true);
  });
});
