import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where a repository's last successful harvest ended: one small JSON file per (base URL, set,
 * metadata prefix) under `<data dir>/harvest/`. A plain file, not a table in the index, so it
 * does not depend on the engine (SQLite or Elasticsearch) and can be read, copied or deleted
 * by hand (deleting it makes the next harvest a full one). Written to a temp file, flushed,
 * then renamed over the old one: a crash leaves the old watermark or the new, never half.
 */
export interface Watermark {
  baseUrl: string;
  set?: string;
  metadataPrefix: string;
  /** The `from` the next harvest asks with (YYYY-MM-DD, inclusive). */
  from: string;
  /** The repository's responseDate when the harvest that set this began. */
  responseDate: string;
  harvestedAt: string;
}

export interface HarvestTarget {
  baseUrl: string;
  set?: string;
  metadataPrefix: string;
}

export class WatermarkStore {
  constructor(private readonly dir: string) {}

  static under(dataDir: string): WatermarkStore {
    return new WatermarkStore(join(dataDir, 'harvest'));
  }

  fileFor(t: HarvestTarget): string {
    const host = new URL(t.baseUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
    const hash = createHash('sha256')
      .update(`${t.baseUrl}\0${t.set ?? ''}\0${t.metadataPrefix}`)
      .digest('hex')
      .slice(0, 12);
    return join(this.dir, `${host}-${hash}.json`);
  }

  async get(t: HarvestTarget): Promise<Watermark | undefined> {
    try {
      return JSON.parse(await readFile(this.fileFor(t), 'utf8')) as Watermark;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async put(w: Watermark): Promise<void> {
    const file = this.fileFor(w);
    await mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(w, null, 2)}\n`);
    const handle = await open(tmp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  }
}
