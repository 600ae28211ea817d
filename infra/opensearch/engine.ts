/**
 * npm run engine:up    start (or reuse) the local OpenSearch node; last line OPENSEARCH_URL=…
 * npm run engine:down  stop it and delete its data
 *
 * One node per checkout: its state lives in $TMPDIR/cau-opensearch-<hash of this checkout's
 * path>/ (node.json, data, node.log), so a second engine:up finds and reuses it, and
 * engine:down removes everything. Test and development tooling only (see ./README.md).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkAnalyzers } from './analyze-check';
import {
  alive,
  nodeInfo,
  resolveClasspath,
  startNode,
  stopNode,
  waitForYellow,
  type RunningNode,
} from './node';

const ROOT = path.resolve(__dirname, '../..');
const STATE_DIR =
  process.env.CAU_OPENSEARCH_DIR ??
  path.join(
    tmpdir(),
    `cau-opensearch-${createHash('sha1').update(ROOT).digest('hex').slice(0, 10)}`,
  );
const STATE_FILE = path.join(STATE_DIR, 'node.json');
/** The classpath cache outlives engine:down: the jars stay in ~/.m2 anyway. */
const CACHE_DIR = path.join(tmpdir(), 'cau-opensearch-classpath');

const log = (line: string) => process.stderr.write(`engine: ${line}\n`);

function readState(): RunningNode | undefined {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as RunningNode;
  } catch {
    return undefined;
  }
}

async function up(): Promise<void> {
  const started = Date.now();
  let node = readState();
  if (node && alive(node.pid) && (await nodeInfo(node.url))) {
    log(`reusing the node already running (pid ${node.pid}, ${node.dir})`);
  } else {
    if (node) {
      // Left by a node that died or a machine that restarted: nothing in it is worth keeping.
      if (alive(node.pid)) await stopNode(node.pid);
      rmSync(STATE_DIR, { recursive: true, force: true });
    }
    const classpath = resolveClasspath(CACHE_DIR, log);
    log(`jars ready after ${seconds(started)}; starting OpenSearch in ${STATE_DIR}`);
    node = await startNode(STATE_DIR, classpath);
    writeFileSync(STATE_FILE, JSON.stringify(node));
  }
  const status = await waitForYellow(node.url);
  const info = await nodeInfo(node.url);
  log(
    `OpenSearch ${info?.version ?? '?'} is ${status} after ${seconds(started)} (pid ${node.pid})`,
  );
  const mismatches = await checkAnalyzers(node.url);
  if (mismatches.length) {
    for (const m of mismatches) {
      log(
        `${m.analyzer} on ${JSON.stringify(m.text)}:\n  node:       ${JSON.stringify(m.node)}\n  TypeScript: ${JSON.stringify(m.typescript)}`,
      );
    }
    throw new Error(
      `${mismatches.length} analyzer result(s) differ from the TypeScript analyzers (the node is still running: npm run engine:down stops it)`,
    );
  }
  log('every Cầu analyzer gives the TypeScript terms');
  process.stdout.write(`OPENSEARCH_URL=${node.url}\n`);
}

async function down(): Promise<void> {
  const node = readState();
  if (node && alive(node.pid)) {
    await stopNode(node.pid);
    log(`stopped the node (pid ${node.pid})`);
  } else {
    log('no node was running');
  }
  if (existsSync(STATE_DIR)) rmSync(STATE_DIR, { recursive: true, force: true });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

const command = process.argv[2];
const run = command === 'up' ? up : command === 'down' ? down : undefined;
if (!run) {
  process.stderr.write('usage: tsx infra/opensearch/engine.ts up|down\n');
  process.exit(2);
}
run().catch((e: unknown) => {
  log((e as Error).message);
  process.exit(1);
});
