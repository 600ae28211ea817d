import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileLuceneAnalyze } from '../lucene-analyze/lucene-analyze';
import { MissingPrerequisiteError, requireCommand, requireFile } from './prerequisites';
import { startRedis } from './redis';

// A machine without the Debian packages the tests drive: each test that needs one fails at once,
// saying what to install (a PATH with nothing on it stands in for that machine).
let empty: string;
let path: string | undefined;
beforeEach(() => {
  empty = mkdtempSync(join(tmpdir(), 'cau-nopath-'));
  path = process.env.PATH;
});
afterEach(() => {
  process.env.PATH = path;
  rmSync(empty, { recursive: true, force: true });
});

const INSTALL =
  /install the Debian package (\S+) \(apt-get install -y \1; `bash \.ci\/run` installs/;

describe('missing test prerequisites', () => {
  it('a missing command names its Debian package and bash .ci/run', () => {
    expect(() => requireCommand('cau-no-such-command', 'cau-no-such-package')).toThrow(
      MissingPrerequisiteError,
    );
    expect(() => requireCommand('cau-no-such-command', 'cau-no-such-package')).toThrow(
      /^cau-no-such-command not found on PATH: install the Debian package cau-no-such-package \(apt-get install -y cau-no-such-package; `bash \.ci\/run` installs every test prerequisite\)$/,
    );
  });

  it('a command that fails is reported with its exit status', () => {
    expect(() => requireCommand('node', 'nodejs', ['-e', 'process.exit(3)'])).toThrow(
      /^node `node -e process\.exit\(3\)` exited with 3: install the Debian package nodejs/,
    );
  });

  it('a missing browser names chromium and the CHROMIUM_PATH alternative', () => {
    expect(() =>
      requireFile(join(empty, 'chromium'), 'chromium', 'set CHROMIUM_PATH to a Chromium binary'),
    ).toThrow(/^no .*chromium: install the Debian package chromium .*, or set CHROMIUM_PATH/);
  });

  it('without redis-server, startRedis fails at once instead of waiting for a server', async () => {
    process.env.PATH = empty;
    const started = Date.now();
    // A server that did start is stopped again, so a wrong result cannot leave it running.
    const outcome = await startRedis().then(
      async (r) => {
        await r.stop();
        return 'started';
      },
      (e: Error) => e.message,
    );
    expect(outcome).toMatch(
      /^redis-server not found on PATH: install the Debian package redis-server \(apt-get install -y redis-server;/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('without java, the Lucene checker names default-jdk-headless', () => {
    process.env.PATH = empty;
    let message = 'compiled';
    try {
      compileLuceneAnalyze().dispose(); // a wrong result must not leave its classes behind
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(INSTALL);
    expect(message).toMatch(/^java not found on PATH: .*default-jdk-headless/);
  });
});
