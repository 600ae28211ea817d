/**
 * `npx tsx bench/fit-readiness.ts`: fits the weights of the weaker readiness signals
 * (analyzers/readiness/weights.ts) on development data only: the 106 labelled fixture records
 * and the development half of the labelled passages. Coordinate ascent from the hand-set
 * weights over a small grid per weight; a change is kept only if it predicts more development
 * labels exactly (ties: more within one level). The test half is scored once at the end, for
 * both weight sets, and never steers the search.
 *
 * It prints the weights it found; copying them into weights.ts is a decision for a person
 * (docs/readiness.md, "How the weights were chosen", says what was done with them).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  READINESS_WEIGHTS,
  assessReadinessWith,
  assessedCitations,
  type ReadinessLabel,
  type ReadinessWeights,
} from '../analyzers';
import { ingestPaths } from '../ingest';
import type { CauRecord } from '../model';
import { openIndex, type SearchIndex } from '../search-index';
import { halfOf, loadPassages, passageRecord } from './readiness-eval';

const ROOT = resolve(__dirname, '..');

type Numeric = Exclude<keyof ReadinessWeights, 'research'>;

/** The weights searched, and the values tried for each. */
const GRID: Partial<Record<Numeric, number[]>> = {
  nudgeAt: [0.3, 0.4, 0.5, 0.6, 0.7],
  corroboration: [0, 0.05, 0.1, 0.15, 0.2],
  negated: [0, -0.1, -0.2, -0.3],
  partner: [0, 0.15, 0.25, 0.35],
  granted: [0, 0.1, 0.2, 0.3],
  utility: [0.2, 0.4, 0.6],
  company: [0.2, 0.3, 0.4, 0.5],
  academicOnly: [0, -0.1, -0.2, -0.3],
  priorityAbroad: [0.1, 0.2, 0.3, 0.4],
  citationsPerDoubling: [0.05, 0.1, 0.15, 0.2],
  agePerYear: [0, 0.01, 0.02, 0.03],
};

interface Case {
  record: CauRecord;
  label: number;
  citations?: number;
}

async function allRecords(index: SearchIndex): Promise<CauRecord[]> {
  const out: CauRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await index.search({ limit: 100, cursor });
    for (const h of page.hits) out.push((await index.get(h.id))!);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function score(weights: ReadinessWeights, cases: Case[], now: string): [number, number] {
  const assess = assessReadinessWith(weights);
  let exact = 0;
  let within = 0;
  for (const c of cases) {
    const level = assess(c.record, { now, citationsReceived: c.citations }).level;
    if (level === c.label) exact++;
    if (Math.abs(level - c.label) <= 1) within++;
  }
  return [exact, within];
}

const better = (a: [number, number], b: [number, number]): boolean =>
  a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

async function main(): Promise<void> {
  // Ingest's default date for the age signal: 1 January of this year.
  const now = `${new Date().getUTCFullYear()}-01-01`;
  const dir = mkdtempSync(join(tmpdir(), 'cau-fit-'));
  const index = openIndex({ dataDir: dir });
  try {
    await ingestPaths([join(ROOT, 'fixtures')], index, { asOf: now });
    const byId = new Map((await allRecords(index)).map((r) => [r.id, r]));
    const labels = JSON.parse(
      readFileSync(join(ROOT, 'fixtures', 'judgments', 'readiness.json'), 'utf8'),
    ) as ReadinessLabel[];
    const records: Case[] = labels
      .filter((l) => byId.has(l.id))
      .map((l) => ({
        record: byId.get(l.id)!,
        label: l.level,
        citations: assessedCitations(byId.get(l.id)!.readiness),
      }));
    const passages = loadPassages();
    const asCase = (p: (typeof passages)[number]): Case => ({
      record: passageRecord(p),
      label: p.trl,
    });
    const dev = [...records, ...passages.filter((p) => halfOf(p.id) === 'dev').map(asCase)];
    const test = passages.filter((p) => halfOf(p.id) === 'test').map(asCase);

    const hand: ReadinessWeights = structuredClone(READINESS_WEIGHTS) as ReadinessWeights;
    let best = structuredClone(hand);
    let bestScore = score(best, dev, now);
    console.log(`hand-set weights: development ${fmt(bestScore, dev.length)}`);
    for (let pass = 1; pass <= 4; pass++) {
      let changed = false;
      for (const [key, values] of Object.entries(GRID) as [Numeric, number[]][]) {
        for (const v of values) {
          if (v === best[key]) continue;
          const trial = { ...best, [key]: v };
          const s = score(trial, dev, now);
          if (better(s, bestScore)) {
            console.log(`  pass ${pass}: ${key} ${best[key]} → ${v}: ${fmt(s, dev.length)}`);
            best = trial;
            bestScore = s;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    const changes = (Object.keys(GRID) as Numeric[]).filter((k) => best[k] !== hand[k]);
    console.log(
      `\nfitted: ${changes.map((k) => `${k} ${hand[k]} → ${best[k]}`).join(', ') || 'no change'}`,
    );
    console.log(
      `development (${dev.length}): hand ${fmt(score(hand, dev, now), dev.length)}, fitted ${fmt(bestScore, dev.length)}`,
    );
    console.log(
      `test passages (${test.length}, read once): hand ${fmt(score(hand, test, now), test.length)}, ` +
        `fitted ${fmt(score(best, test, now), test.length)}`,
    );
  } finally {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmt([exact, within]: [number, number], n: number): string {
  return `exact ${exact}/${n} (${((exact / n) * 100).toFixed(1)}%), within one ${within}/${n}`;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
