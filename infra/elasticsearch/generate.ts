/**
 * Rewrites infra/elasticsearch/analysis.json from the TypeScript analyzers:
 *
 *   npx tsx infra/elasticsearch/generate.ts
 *
 * analyzers/elasticsearch.test.ts fails while the committed file differs from what the
 * generator gives, so run this after any change to analyzers/.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
// The generator is the one consumer of this module outside analyzers/.
import { elasticsearchAnalysis } from '../../analyzers';

const OUT = path.join(__dirname, 'analysis.json');

/** Characters a reader cannot see (marks, format and private-use characters, odd spaces) as \u escapes. */
function escapeInvisible(json: string): string {
  const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;
  return json.replace(/[\p{M}\p{C}\p{Z}]/gu, (c) =>
    c === ' ' || c === '\n'
      ? c
      : Array.from({ length: c.length }, (_, i) => hex(c.charCodeAt(i))).join(''),
  );
}

async function main(): Promise<void> {
  const json = escapeInvisible(JSON.stringify(elasticsearchAnalysis(), null, 2));
  const options = (await resolveConfig(OUT)) ?? {};
  writeFileSync(OUT, await format(json, { ...options, parser: 'json' }));
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
