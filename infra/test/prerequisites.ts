import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The programs some tests drive for real (Redis, Java with Lucene, Chromium) come from Debian
 * packages, not npm. When one is missing, the tests that need it fail at once with this error,
 * naming the package: never a silent skip (a skipped test is no coverage) and never a wait.
 */
export class MissingPrerequisiteError extends Error {
  constructor(what: string, debianPackage: string, alternative?: string) {
    super(
      `${what}: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}; ` +
        `\`bash .ci/run\` installs every test prerequisite)${alternative ? `, or ${alternative}` : ''}`,
    );
    this.name = 'MissingPrerequisiteError';
  }
}

/** Throws MissingPrerequisiteError unless `command args` runs and exits 0. */
export function requireCommand(
  command: string,
  debianPackage: string,
  args: readonly string[] = ['--version'],
): void {
  // env passed on explicitly: under jest, `process` is the test's own copy, and a test that
  // empties its PATH must see these checks fail as on a machine without the package.
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000, env: process.env });
  if (r.error || r.status !== 0) {
    const why = r.error
      ? (r.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'not found on PATH'
        : r.error.message
      : `\`${[command, ...args].join(' ')}\` exited with ${r.status ?? r.signal}`;
    throw new MissingPrerequisiteError(`${command} ${why}`, debianPackage);
  }
}

/** Throws MissingPrerequisiteError unless the file exists. */
export function requireFile(path: string, debianPackage: string, alternative?: string): void {
  if (!existsSync(path))
    throw new MissingPrerequisiteError(`no ${path}`, debianPackage, alternative);
}
