/**
 * `npx tsx bench/readiness.ts [--records 2000] [--seed 42] [--rounds 7] [--against <git rev>]`:
 * what readiness costs per record, on the benchmark corpus (bench/corpus.ts) and on the bundled
 * fixtures (real prose with stage statements), timed alone, nothing else in the loop.
 *
 * Rows, all measured in the same process, rounds interleaved so a busy machine slows all alike:
 *   this code        assessReadiness(record), analysing each field itself (what ingest does today)
 *   pre-analysed     assessReadiness(record, context, texts) with the fields' baseTokens given,
 *                    as a shared analysis pass will call it (the analysis is not timed)
 *   analysis alone   baseTokens of the same fields: the part a shared pass would pay once
 *   <rev>            with --against: that revision's assessReadiness (extracted with git archive
 *                    into a temp dir), e.g. the regex scan this replaced
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assessReadiness, baseTokens, type ReadinessTexts } from '../analyzers';
import { parseFileContent } from '../ingest';
import type { CauRecord } from '../model';
import { generateCorpus } from './corpus';

const ROOT = resolve(__dirname, '..');
const NOW = '2026-01-01';

type Assess = (r: CauRecord, ctx?: object, texts?: ReadinessTexts) => unknown;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.xml') ? [p] : [];
  });
}

function recordsOf(files: string[]): CauRecord[] {
  return files.flatMap((f) => parseFileContent(f, readFileSync(f)).records);
}

/** The fields assessReadiness reads, analysed as a shared pass would. */
function textsOf(r: CauRecord): ReadinessTexts {
  return {
    title: baseTokens(r.title),
    alternateTitles: (r.alternateTitles ?? []).map((t) => baseTokens(t.text)),
    abstract: r.abstract ? baseTokens(r.abstract) : undefined,
    alternateAbstracts: (r.alternateAbstracts ?? []).map((t) => baseTokens(t.text)),
    description: r.type === 'patent' && r.description ? baseTokens(r.description) : undefined,
    subjects: r.type === 'research' ? r.subjects.map((s) => baseTokens(s)) : undefined,
  };
}

/** Another revision's assessReadiness, from its own analyzers/ and model/ folders. */
function loadRevision(rev: string, into: string): Assess {
  const tar = execFileSync('git', ['-C', ROOT, 'archive', rev, 'analyzers', 'model']);
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-x', '-C', into], { input: tar });
  // Its imports of packages (natural, …) resolve to this checkout's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'), 'dir');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(into, 'analyzers', 'readiness', 'index.ts')).assessReadiness as Assess;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(
  name: string,
  records: CauRecord[],
  rounds: number,
  rows: { name: string; run: () => void }[],
): Record<string, number> {
  for (const r of rows) r.run(); // warm-up: compile the automata, JIT
  const times = new Map<string, number[]>(rows.map((r) => [r.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const r of rows) {
      const t = process.hrtime.bigint();
      r.run();
      times.get(r.name)!.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const perRecord: Record<string, number> = {};
  for (const [k, v] of times) perRecord[k] = median(v) / records.length;
  const base = perRecord[rows[0]!.name]!;
  console.log(`\n${name}: ${records.length} records, median of ${rounds} rounds`);
  for (const [k, ms] of Object.entries(perRecord)) {
    console.log(
      `  ${k.padEnd(34)} ${ms.toFixed(4).padStart(9)} ms/record   ${(ms / base).toFixed(2)}× ${rows[0]!.name}`,
    );
  }
  return perRecord;
}

function main(): void {
  const records = Number(option('--records', '2000'));
  const seed = Number(option('--seed', '42'));
  const rounds = Number(option('--rounds', '7'));
  const against = process.argv.includes('--against') ? option('--against', '') : undefined;
  if (!Number.isInteger(records) || records < 1 || !Number.isInteger(rounds) || rounds < 1) {
    throw new Error('--records and --rounds must be positive integers');
  }
  const dir = mkdtempSync(join(tmpdir(), 'cau-readiness-bench-'));
  try {
    const other = against ? loadRevision(against, join(dir, 'rev')) : undefined;
    const corpus = recordsOf(generateCorpus(join(dir, 'corpus'), records, seed).files);
    const fixtures = recordsOf(filesUnder(join(ROOT, 'fixtures')));
    for (const [name, recs] of [
      [`bench corpus (seed ${seed})`, corpus],
      ['bundled fixtures', fixtures],
    ] as const) {
      const texts = recs.map(textsOf);
      const rows = [
        { name: 'this code', run: () => recs.forEach((r) => assessReadiness(r, { now: NOW })) },
        {
          name: 'this code, pre-analysed texts',
          run: () => recs.forEach((r, i) => assessReadiness(r, { now: NOW }, texts[i])),
        },
        { name: 'analysis alone (baseTokens)', run: () => recs.forEach(textsOf) },
      ];
      if (other) {
        rows.push({ name: `${against}`, run: () => recs.forEach((r) => other(r, { now: NOW })) });
      }
      measure(name, recs, rounds, rows);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
