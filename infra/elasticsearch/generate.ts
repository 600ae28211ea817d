/**
 * Rewrites infra/elasticsearch/analysis.json (from the TypeScript analyzers) and template.json
 * (the index template: those analyzers on the mappings of search-index/elasticsearch/):
 *
 *   npx tsx infra/elasticsearch/generate.ts
 *
 * analyzers/elasticsearch.test.ts and search-index/elasticsearch/elasticsearch-index.test.ts
 * fail while a committed file differs from what the generator gives, so run this after any
 * change to analyzers/ or to the mappings.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
// The generator is the one consumer of these outside their folders.
import { elasticsearchAnalysis } from '../../analyzers';
import { DEFAULT_ALIAS, indexTemplate } from '../../search-index';

/** Characters a reader cannot see (marks, format and private-use characters, odd spaces) as \u escapes. */
function escapeInvisible(json: string): string {
  const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;
  return json.replace(/[\p{M}\p{C}\p{Z}]/gu, (c) =>
    c === ' ' || c === '\n'
      ? c
      : Array.from({ length: c.length }, (_, i) => hex(c.charCodeAt(i))).join(''),
  );
}

async function write(name: string, value: unknown): Promise<void> {
  const out = path.join(__dirname, name);
  const json = escapeInvisible(JSON.stringify(value, null, 2));
  const options = (await resolveConfig(out)) ?? {};
  writeFileSync(out, await format(json, { ...options, parser: 'json' }));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

async function main(): Promise<void> {
  await write('analysis.json', elasticsearchAnalysis());
  await write('template.json', indexTemplate(DEFAULT_ALIAS));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
