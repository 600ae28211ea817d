import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkIndexFile } from '../search-index';

// A data dir that cannot be written, and a disk that fills: a clear error (exit 1, no stack
// trace) and an index exactly as whole as before. Real `cau` processes; the full disk is a
// file-size limit (`ulimit -f`) on the child, the read-only dir real permissions. Root writes
// anywhere through its capabilities to override file permissions, so as root the child runs
// without them (`setpriv`, util-linux): still the owner of the checkout, which it reads
// wherever it was cloned, but held to the permission bits of the data dir like any user.
const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const FIXTURES = join(ROOT, 'fixtures');
const isRoot = process.getuid?.() === 0;
const HELD_TO_PERMISSIONS = ['--bounding-set', '-dac_override,-dac_read_search,-fowner', '--'];

jest.setTimeout(120_000);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-storage-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cau(
  args: string[],
  dataDir: string,
  opts: { fileLimitKb?: number; heldToPermissions?: boolean } = {},
): { code: number; out: string; err: string } {
  const env = { ...process.env, CAU_DATA_DIR: dataDir };
  const [command, prefix] = opts.heldToPermissions
    ? ['setpriv', [...HELD_TO_PERMISSIONS, process.execPath]]
    : [process.execPath, []];
  const r =
    opts.fileLimitKb === undefined
      ? spawnSync(command, [...prefix, CAU, ...args], {
          cwd: work,
          env,
          encoding: 'utf8',
          timeout: 90_000,
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
    // As root the commands run without the capabilities that override file permissions:
    // without setpriv they would write anyway, and the tests would not test anything.
    if (isRoot) {
      const probe = spawnSync('setpriv', [...HELD_TO_PERMISSIONS, 'true']);
      if (probe.status !== 0) {
        throw new Error(
          'run as root, these tests need setpriv (Debian package util-linux) to drop the ' +
            `capabilities that let root write a read-only folder: ${probe.error?.message ?? probe.stderr}`,
        );
      }
    }
    data = join(work, 'readonly');
    const r = cau(['ingest', join(FIXTURES, 'research', 'hust')], data);
    if (r.code !== 0) throw new Error(r.err);
    // Without write bits, for the owner too: no user can write there, as on a read-only mount.
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
    const r = cau(args, data, { heldToPermissions: isRoot });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cau: cannot use the index in ${data}: the index is read-only`);
    noStack(r.err);
    expect(readFileSync(join(data, 'cau.sqlite')).equals(before)).toBe(true);
  });
});
