import { setTimeout as sleep } from 'node:timers/promises';
import { ReindexError } from '../errors';
import type { ReindexResult } from '../search-index';
import { call, reason } from './client';
import type { Cluster } from './cluster';
import { DEFAULT_BULK, bulkIndex } from './bulk';
import { toDocument } from './document';
import { MAPPING_VERSION, indexTemplate } from './mapping';
import type { CauRecord } from '../../model';

/**
 * Versioned indices behind one alias: searches and writes always name the alias `cau-records`,
 * which points to exactly one `cau-records-v<N>`. A schema change is a new version built
 * beside the old one, checked, and swapped in with one `_aliases` call, which Elasticsearch
 * applies atomically: every search sees either the old index or the new one, never neither.
 * The old index is deleted only after the swap succeeded.
 */
export function versionedName(alias: string, version: number): string {
  return `${alias}-v${version}`;
}

/** Installs the template for `<alias>-v*` (idempotent: the same body replaces itself). */
export async function putTemplate(cluster: Cluster, alias: string): Promise<void> {
  await call(cluster, 'installing the index template', () =>
    cluster.putIndexTemplate(alias, indexTemplate(alias)),
  );
}

/** The indices the alias points to (none when it does not exist yet). */
async function aliasTargets(cluster: Cluster, alias: string): Promise<string[]> {
  const targets = await call(cluster, `reading alias ${alias}`, () => cluster.aliasTargets(alias));
  if (targets.length === 0) {
    const isIndex = await call(cluster, `checking ${alias}`, () => cluster.indexExists(alias));
    if (isIndex) {
      throw new ReindexError(
        `${alias} is an index, not an alias: Cầu will not replace it. Copy it to a versioned ` +
          `index (${versionedName(alias, 1)}) and make ${alias} an alias of it, or choose another ELASTICSEARCH_INDEX`,
      );
    }
  }
  return targets.sort();
}

async function nextVersion(cluster: Cluster, alias: string): Promise<number> {
  const names = await call(cluster, 'listing versioned indices', () =>
    cluster.listIndices(`${alias}-v*`),
  );
  const prefix = `${alias}-v`;
  const versions = names
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => Number(n.slice(prefix.length)));
  return Math.max(0, ...versions) + 1;
}

function countOf(cluster: Cluster, index: string | string[]): Promise<number> {
  return call(cluster, `counting ${String(index)}`, () => cluster.count(index));
}

interface ReindexSteps {
  /** Fills the new index and returns how many records it must hold; absent: copy the current. */
  fill?: (index: string) => Promise<number>;
  keepOld?: boolean;
  /** How often a running copy is polled (ms). */
  pollMs?: number;
}

export async function reindex(
  cluster: Cluster,
  alias: string,
  steps: ReindexSteps,
): Promise<ReindexResult> {
  await putTemplate(cluster, alias);
  const previous = await aliasTargets(cluster, alias);
  const target = versionedName(alias, await nextVersion(cluster, alias));
  await call(cluster, `creating ${target}`, () => cluster.createIndex(target));
  let records: number;
  try {
    records = steps.fill
      ? await steps.fill(target)
      : (await sameVersion(cluster, alias, previous))
        ? await copy(cluster, previous, target, steps.pollMs ?? 2000)
        : await rebuild(cluster, previous, target);
    await call(cluster, `refreshing ${target}`, () => cluster.refresh(target));
    const found = await countOf(cluster, target);
    if (found !== records) {
      throw new ReindexError(
        `${target} holds ${found} records where ${records} were expected; ${alias} was left ` +
          `on ${previous.join(', ') || 'nothing'}`,
      );
    }
    await call(cluster, `pointing ${alias} at ${target}`, () =>
      cluster.updateAliases([
        ...previous.map((index) => ({ remove: { index, alias } })),
        { add: { index: target, alias } },
      ]),
    );
  } catch (e) {
    // The alias still points to the old index: the half-built one only takes space.
    await cluster.deleteIndex(target).catch(() => undefined);
    throw e;
  }
  const deleted: string[] = [];
  if (!steps.keepOld) {
    for (const index of previous) {
      await call(cluster, `deleting ${index}`, () => cluster.deleteIndex(index));
      deleted.push(index);
    }
  }
  return { alias, previous, current: target, records, deleted };
}

/**
 * Copies the current index with the _reindex API (Elasticsearch re-analyses every document
 * from its source under the new template). Records written meanwhile would be lost by the
 * swap, so the copy is refused when the current index changed while it ran.
 */
async function copy(
  cluster: Cluster,
  previous: string[],
  target: string,
  pollMs: number,
): Promise<number> {
  if (previous.length === 0) return 0;
  const before = await countOf(cluster, previous);
  // A task polled to its end: a large copy outlasts any HTTP request timeout.
  const task = await call(cluster, `copying ${previous.join(', ')} to ${target}`, () =>
    cluster.startReindex(previous, target),
  );
  for (;;) {
    const t = await call(cluster, `following the copy (task ${task})`, () => cluster.task(task));
    if (t.completed) {
      const failures = (t.response as { failures?: unknown[] } | undefined)?.failures ?? [];
      if (t.error || failures.length > 0) {
        throw new ReindexError(
          `copying to ${target} failed${failures.length ? ` for ${failures.length} document(s)` : ''}: ` +
            reason({ error: t.error ?? (failures[0] as { cause?: unknown }).cause }),
        );
      }
      break;
    }
    await sleep(pollMs);
  }
  const after = await countOf(cluster, previous);
  if (after !== before) {
    throw new ReindexError(
      `the index changed while it was copied (${before} → ${after} records): run cau reindex again when no ingest is running`,
    );
  }
  return before;
}

/** Whether every current index holds documents of this Cầu's mapping version. */
async function sameVersion(cluster: Cluster, alias: string, previous: string[]): Promise<boolean> {
  if (previous.length === 0) return true;
  const versions = await call(cluster, `reading the mapping of ${alias}`, () =>
    cluster.mappingVersions(alias),
  );
  return [...versions.values()].every((v) => v === MAPPING_VERSION);
}

/** Records read per request when rebuilding. */
const REBUILD_PAGE = 1000;

/**
 * Rebuilds the documents of an index of another mapping version from the records it stores
 * whole (`record`): _reindex would copy the old documents, which the new strict mapping
 * refuses. Read in id order with search_after; refused if the index changes meanwhile, as copy().
 */
async function rebuild(cluster: Cluster, previous: string[], target: string): Promise<number> {
  const before = await countOf(cluster, previous);
  let after: unknown[] | undefined;
  let written = 0;
  for (;;) {
    const page = await call(cluster, `reading ${previous.join(', ')}`, () =>
      cluster.search<{ record: CauRecord }>({
        index: previous.join(','),
        size: REBUILD_PAGE,
        sort: [{ id: 'asc' }],
        _source: ['record'],
        ...(after ? { search_after: after as never } : {}),
      }),
    );
    const hits = page.hits.hits;
    if (hits.length === 0) break;
    const documents = hits.map((h) => toDocument(h._source!.record));
    const { rejected } = await bulkIndex(cluster, target, documents, DEFAULT_BULK);
    if (rejected.length) {
      throw new ReindexError(
        `${rejected.length} record(s) were refused by ${target} (first: ${rejected[0]!.document.id}: ${rejected[0]!.reason})`,
      );
    }
    written += documents.length;
    after = hits[hits.length - 1]!.sort;
  }
  const now = await countOf(cluster, previous);
  if (now !== before || written !== before) {
    throw new ReindexError(
      `the index changed while it was rebuilt (${before} → ${now} records): run cau reindex again when no ingest is running`,
    );
  }
  return before;
}
