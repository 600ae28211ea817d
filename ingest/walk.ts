import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface WalkResult {
  files: string[];
  /** Paths the user named that do not exist or cannot be read. */
  missing: { path: string; reason: string }[];
}

/**
 * Expands the paths given to `cau ingest`. A file named explicitly is always read (its
 * format is detected from its content); inside folders, only `.xml` files are taken, so a
 * README or a licence beside the data is not reported as a failed file. Hidden entries are
 * skipped. Files come out sorted, so pages of a harvest are ingested in order.
 */
export async function walk(paths: readonly string[]): Promise<WalkResult> {
  const files: string[] = [];
  const missing: WalkResult['missing'] = [];
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) files.push(...(await walkDir(p)));
      else files.push(p);
    } catch (e) {
      missing.push({ path: p, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
  }
  return { files, missing };
}

async function walkDir(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkDir(full)));
    else if (e.isFile() && /\.xml$/i.test(e.name)) out.push(full);
  }
  return out;
}
