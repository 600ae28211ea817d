import type {
  CauRecord,
  PreparedRows,
  SearchIndex,
  SearchRequest,
  SearchResponse,
  UpsertResult,
} from '../../search-index';

type Op =
  | {
      kind: 'upsert';
      records: readonly CauRecord[];
      prepared?: PreparedRows;
      resolve: (r: UpsertResult) => void;
      reject: (e: unknown) => void;
    }
  | {
      kind: 'delete';
      ids: readonly string[];
      resolve: (n: number) => void;
      reject: (e: unknown) => void;
    };

export interface GroupCommitOptions {
  /** Writes gathered before they are flushed at once (a worker's concurrency). */
  maxOps: number;
  /** Longest a write waits for others to join it. */
  maxWaitMs: number;
}

/**
 * Group commit for a worker running several jobs at once: their writes, issued within a few
 * milliseconds of each other, go to the index as one upsert (one transaction) instead of one
 * each. Per-document jobs otherwise pay a transaction (and an FTS5 segment flush) per document,
 * which measured ~2× slower than whole-file ingest. Each caller's promise resolves only once its
 * records are committed, so a job still completes only after its data is stored. Writes keep
 * their call order (consecutive upserts merge, a delete in between splits them); reads go
 * straight to the index.
 */
export class GroupCommitIndex implements SearchIndex {
  private pending: Op[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: SearchIndex,
    private readonly options: GroupCommitOptions,
  ) {}

  upsert(records: readonly CauRecord[], prepared?: PreparedRows): Promise<UpsertResult> {
    return new Promise((resolve, reject) =>
      this.add({ kind: 'upsert', records, prepared, resolve, reject }),
    );
  }

  get preparedRows(): SearchIndex['preparedRows'] {
    return this.inner.preparedRows;
  }

  delete(ids: readonly string[]): Promise<number> {
    return new Promise((resolve, reject) => this.add({ kind: 'delete', ids, resolve, reject }));
  }

  get(id: string): Promise<CauRecord | undefined> {
    return this.inner.get(id);
  }

  citationCounts(ids: readonly string[]): Promise<Map<string, number>> {
    return this.inner.citationCounts(ids);
  }

  citedBy(id: string, limit: number): Promise<string[]> {
    return this.inner.citedBy(id, limit);
  }

  documentFrequencies(words: readonly string[]): Promise<Map<string, number>> {
    return this.inner.documentFrequencies(words);
  }

  search(request: SearchRequest): Promise<SearchResponse> {
    return this.inner.search(request);
  }

  count(): Promise<number> {
    return this.inner.count();
  }

  async close(): Promise<void> {
    this.flush();
    await this.flushing;
    await this.inner.close();
  }

  private add(op: Op): void {
    this.pending.push(op);
    if (this.pending.length >= this.options.maxOps) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ops = this.pending;
    this.pending = [];
    if (ops.length > 0) this.flushing = this.flushing.then(() => this.write(ops));
  }

  private async write(ops: Op[]): Promise<void> {
    let i = 0;
    while (i < ops.length) {
      const kind = ops[i]!.kind;
      let j = i;
      while (j < ops.length && ops[j]!.kind === kind) j++;
      const run = ops.slice(i, j);
      i = j;
      try {
        if (kind === 'upsert') await this.upsertRun(run as Extract<Op, { kind: 'upsert' }>[]);
        else await this.deleteRun(run as Extract<Op, { kind: 'delete' }>[]);
      } catch (e) {
        for (const op of run) op.reject(e);
      }
    }
  }

  private async upsertRun(run: Extract<Op, { kind: 'upsert' }>[]): Promise<void> {
    // Each caller's own write, in call order, inside one transaction: each gets its real
    // result (refused records included), and the group pays one commit.
    const results = await this.together(async () => {
      const out: UpsertResult[] = [];
      for (const op of run) out.push(await this.inner.upsert(op.records, op.prepared));
      return out;
    });
    run.forEach((op, k) => op.resolve(results[k]!));
  }

  private async deleteRun(run: Extract<Op, { kind: 'delete' }>[]): Promise<void> {
    const counts = await this.together(async () => {
      const out: number[] = [];
      for (const op of run) out.push(await this.inner.delete(op.ids));
      return out;
    });
    run.forEach((op, k) => op.resolve(counts[k]!));
  }

  /** One transaction where the engine has them (SQLite); Elasticsearch writes as it goes. */
  private together<T>(work: () => Promise<T>): Promise<T> {
    return this.inner.batch ? this.inner.batch(work) : work();
  }
}
