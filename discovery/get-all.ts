import type { CauRecord, SearchIndex } from '../search-index';

/**
 * The stored records of some ids, in their order, unknown ids left out. Asked for all at once,
 * so an engine that batches lookups (Elasticsearch's _mget) makes one round trip, not one per id.
 */
export async function getAll(index: SearchIndex, ids: readonly string[]): Promise<CauRecord[]> {
  const records = await Promise.all(ids.map((id) => index.get(id)));
  return records.filter((r): r is CauRecord => r !== undefined);
}
