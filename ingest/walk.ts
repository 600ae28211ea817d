import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface WalkResult {
  files: string[];
  /** Paths the user named that do not exist or cannot be read. */
  missing: { path: string; reason: string }[];
  /** The files found inside folders (not named by the user). */
  inFolders: Set<string>;
}

/**
 * Expands the paths given to `cau ingest`. A file named explicitly is always read (its
 * format is detected from its content); inside folders, only data files are taken (`.xml`,
 * `.json`, `.jsonl`, and any of them gzipped, `.gz`), so a README or a licence beside the data
 * is not reported as a failed file. The name only chooses files: what is in them is still
 * detected from their content. Hidden entries are skipped. Files come out sorted, so pages of a
 * harvest are ingested in order.
 */
export async function walk(paths: readonly string[]): Promise<WalkResult> {
  const files: string[] = [];
  const missing: WalkResult['missing'] = [];
  const inFolders = new Set<string>();
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) {
        const found = await walkDir(p);
        files.push(...found);
        for (const f of found) inFolders.add(f);
      } else files.push(p);
    } catch (e) {
      missing.push({ path: p, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
  }
  return { files, missing, inFolders };
}

/** Names of the files taken from folders. */
const DATA_FILE = /\.(?:xml|json|jsonl|ndjson|gz)$/i;

async function walkDir(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkDir(full)));
    else if (e.isFile() && DATA_FILE.test(e.name)) out.push(full);
  }
  return out;
}
