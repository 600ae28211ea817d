import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFileContent } from '../../ingest';
import { track } from './processes';
import { checkIndexFile, openIndex, type CauRecord, type IndexCheck } from '../../search-index';

/**
 * Shared by the crash-loop tests (`cau ingest` and `cau worker` killed with SIGKILL at random
 * moments): test documents whose stored form is known exactly, and a check of an index after
 * a crash that reads it the way a user would (the SearchIndex API), plus SQLite's and FTS5's
 * own integrity checks.
 */
export const ROOT = resolve(__dirname, '..', '..');
export const CAU = join(ROOT, 'bin', 'cau.js');
const SAMPLE_FILE = join(ROOT, 'fixtures', 'patents', 'VN-1-0020001-B.xml');
const SAMPLE = readFileSync(SAMPLE_FILE, 'utf8');

/** The id of test document `n` (a real ST.36 document with its number replaced). */
export const docId = (n: number): string => `VN-1-7${String(n).padStart(6, '0')}-B`;

/** Writes documents `from`…`from + count - 1` concatenated into one file; returns their ids. */
export function writeDocuments(file: string, from: number, count: number): string[] {
  const ids: string[] = [];
  const docs: string[] = [];
  for (let n = from; n < from + count; n++) {
    ids.push(docId(n));
    docs.push(SAMPLE.replaceAll('1-0020001', `1-7${String(n).padStart(6, '0')}`));
  }
  writeFileSync(file, docs.join('\n'));
  return ids;
}

/** What every test document holds besides its number: a stored one must hold all of it. */
const TEMPLATE = parseFileContent(SAMPLE_FILE, Buffer.from(SAMPLE)).records[0]!;
const CONTENT_FIELDS = [
  'type',
  'title',
  'abstract',
  'lang',
  'published',
  'ipc',
  'applicants',
  'inventors',
  'claims',
  'description',
  'priority',
  'citations',
] as const;

export interface CrashCheck {
  integrity: IndexCheck;
  ids: Set<string>;
  /** Records that are not whole: missing a field or holding a different value. */
  partial: string[];
}

/** Opens the index after a crash: integrity checks, then every record read back and compared. */
export async function inspectIndex(dataDir: string): Promise<CrashCheck> {
  const integrity = checkIndexFile(join(dataDir, 'cau.sqlite'));
  const index = openIndex({ dataDir });
  const ids = new Set<string>();
  const partial: string[] = [];
  try {
    let cursor: string | undefined;
    do {
      const page = await index.search({ limit: 100, sort: 'date', cursor });
      for (const hit of page.hits) ids.add(hit.id);
      cursor = page.nextCursor;
    } while (cursor);
    if (ids.size !== (await index.count()))
      partial.push(`count ${await index.count()} ≠ listed ${ids.size}`);
    for (const id of ids) {
      const r = (await index.get(id)) as (CauRecord & Record<string, unknown>) | undefined;
      const t = TEMPLATE as CauRecord & Record<string, unknown>;
      const whole =
        r !== undefined &&
        CONTENT_FIELDS.every((f) => JSON.stringify(r[f]) === JSON.stringify(t[f])) &&
        Array.isArray(r.technologyFields) &&
        r.readiness !== undefined;
      if (!whole) partial.push(id);
    }
  } finally {
    await index.close();
  }
  return { integrity, ids, partial };
}

export interface Child {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCau(args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const child = track(spawn(process.execPath, [CAU, ...args], { cwd, env }));
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  return { child, output: () => output, exit };
}

/** A seeded generator, so that a failing run can be replayed with the seed it printed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
