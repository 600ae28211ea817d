import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { MissingPrerequisiteError, requireCommand } from '../test/prerequisites';

/**
 * Runs Elasticsearch analysis settings through real Lucene: LuceneAnalyze.java (beside this
 * file), compiled once per test run against Debian's liblucene8-java. See README.md here.
 */
export const LUCENE_ANALYZE_SOURCE = join(__dirname, 'LuceneAnalyze.java');

export interface LuceneAnalyze {
  /** Every line through one analyzer of the settings file, in one JVM: one term list per line. */
  analyze(settingsFile: string, analyzer: string, lines: readonly string[]): Promise<string[][]>;
  /** Removes the compiled classes. */
  dispose(): void;
}

/** The failure of one run (bad settings: exit 2), with what the checker printed. */
export class LuceneAnalyzeError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'LuceneAnalyzeError';
  }
}

/**
 * lucene-core and lucene-analyzers-common: CAU_LUCENE_CLASSPATH when set, else the newest 8.x jars
 * that the Debian package installed.
 */
export function luceneClasspath(): string {
  if (process.env.CAU_LUCENE_CLASSPATH) return process.env.CAU_LUCENE_CLASSPATH;
  const dpkg = spawnSync('dpkg', ['-L', 'liblucene8-java'], { encoding: 'utf8' });
  const files =
    dpkg.status === 0
      ? dpkg.stdout.split('\n')
      : existsSync('/usr/share/java')
        ? readdirSync('/usr/share/java').map((f) => `/usr/share/java/${f}`)
        : [];
  const jar = (name: string): string | undefined =>
    files
      .filter((f) => new RegExp(`/${name}-[0-9.]+\\.jar$`).test(f) && existsSync(f))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .pop();
  const core = jar('lucene-core');
  const common = jar('lucene-analyzers-common');
  if (!core || !common) {
    throw new MissingPrerequisiteError(
      'Lucene jars not found (lucene-core-*.jar, lucene-analyzers-common-*.jar)',
      'liblucene8-java',
      'set CAU_LUCENE_CLASSPATH to those two jars',
    );
  }
  return `${core}${delimiter}${common}`;
}

/**
 * Compiles the checker once (starting each JVM from the .java source would recompile it every
 * time, which costs more than the analysis) and returns a runner. Fails at once, naming the
 * Debian package, when java, javac or the Lucene jars are missing.
 */
export function compileLuceneAnalyze(): LuceneAnalyze {
  requireCommand('java', 'default-jdk-headless', ['-version']);
  requireCommand('javac', 'default-jdk-headless', ['-version']);
  const lucene = luceneClasspath();
  const dir = mkdtempSync(join(tmpdir(), 'cau-lucene-'));
  const javac = spawnSync(
    'javac',
    ['-nowarn', '-encoding', 'UTF-8', '-cp', lucene, '-d', dir, LUCENE_ANALYZE_SOURCE],
    { encoding: 'utf8' },
  );
  if (javac.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`javac ${LUCENE_ANALYZE_SOURCE} failed: ${javac.stderr || javac.error}`);
  }
  const classpath = `${lucene}${delimiter}${dir}`;
  return {
    analyze: (settingsFile, analyzer, lines) => run(classpath, settingsFile, analyzer, lines),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function run(
  classpath: string,
  settingsFile: string,
  analyzer: string,
  lines: readonly string[],
): Promise<string[][]> {
  for (const l of lines) {
    if (l.includes('\n')) throw new Error(`line break inside ${JSON.stringify(l)}`);
  }
  return new Promise((resolve, reject) => {
    // C1 only: these JVMs live a second or two, too short for the optimising compiler to pay.
    const p = spawn('java', [
      '-XX:TieredStopAtLevel=1',
      '-XX:-UsePerfData',
      '-cp',
      classpath,
      'LuceneAnalyze',
      settingsFile,
      analyzer,
    ]);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', reject);
    // A checker that exits early (bad settings) closes stdin: its exit code says why, not EPIPE.
    p.stdin.on('error', () => undefined);
    p.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== 0) {
        return reject(
          new LuceneAnalyzeError(
            `LuceneAnalyze ${analyzer} exited ${code}: ${stderr.trim()}`,
            code,
            stderr,
          ),
        );
      }
      const rows = Buffer.concat(out).toString('utf8').split('\n').slice(0, -1);
      if (rows.length !== lines.length) {
        return reject(
          new Error(`LuceneAnalyze ${analyzer}: ${rows.length} rows for ${lines.length} lines`),
        );
      }
      resolve(rows.map((r) => JSON.parse(r) as string[]));
    });
    p.stdin.end(lines.length ? lines.join('\n') + '\n' : '', 'utf8');
  });
}
