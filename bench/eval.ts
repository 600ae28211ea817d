/**
 * `npm run eval`: Cầu's quality numbers, held-out first.
 *
 *   1. the TEST set (testset/queries.json over fixtures/ + testset/): judged before any run,
 *      never tuned on; per category for the plain baseline, the fair baseline and Cầu
 *      (bench/eval-rankers.ts), then the regression guard against bench/eval-baseline.json
 *   2. the DEV set (fixtures/judgments/dev-queries.json over fixtures/): what was tuned on
 *   3. the technology-field classifier: leak-free cross-validation, and the shipped model on
 *      the test corpus's patents; readiness against human labels; prior art judged by citations
 *
 *   npm run eval                           # exit 1 if a test-set figure fell below the guard
 *   npm run eval -- --update-baseline      # commit the current test-set figures as the guard
 *   npm run eval -- --verbose              # also: queries where Cầu is behind the fair baseline
 *
 * Writes every number to bench/results/eval-latest.json. How to read it: docs/evaluation.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessReadiness, readinessAgreement, type ReadinessLabel } from '../analyzers';
// train.ts is the script that rebuilds the shipped model; it reads the fixtures through
// ingest, so it stays out of the analyzers entry (analyzers never depend on ingest).
// eslint-disable-next-line no-restricted-imports
import {
  evaluateShippedClassifier,
  evaluateShippedClassifierOn,
  loadTrainingData,
} from '../analyzers/technology-field/train';
import { BASELINE_FILE, MARGIN, readBaseline, regressions, writeBaseline } from './eval-guard';
import { baselineText } from './eval-rankers';
import {
  DEV_SET,
  loadQueries,
  METRICS,
  ROOT,
  scoreSet,
  SYSTEMS,
  TEST_SET,
  withSetIndex,
  type JudgedQuery,
  type SetResult,
  recordAliases,
} from './eval-search';
import { evaluatePriorArt } from './prior-art-eval';
import { loadPassages, passageAgreement } from './readiness-eval';

export { ndcgAt, reciprocalRank, recallAt } from './eval-metrics';

const f = (x: number): string => x.toFixed(3);
const LABEL = { plain: 'plain', fair: 'fair', cau: 'cầu' } as const;
const METRIC_LABEL = { ndcg10: 'nDCG@10', mrr: 'MRR', recall20: 'Recall@20' } as const;

function printTable(result: SetResult): void {
  const head = METRICS.map((m) =>
    `${METRIC_LABEL[m]} ${SYSTEMS.map((s) => LABEL[s]).join(' / ')}`.padEnd(28),
  ).join('');
  console.log(`${'category'.padEnd(22)}${'n'.padStart(4)}  ${head}`);
  for (const row of result.rows) {
    const cells = METRICS.map((m) =>
      SYSTEMS.map((s) => f(row.scores[s][m]))
        .join('  ')
        .padEnd(28),
    ).join('');
    console.log(`${row.category.padEnd(22)}${String(row.n).padStart(4)}  ${cells}`);
  }
}

function printBehind(result: SetResult, queries: readonly JudgedQuery[]): void {
  console.log(
    `\n${result.set} queries where Cầu is behind the fair baseline (nDCG@10 fair → cầu):`,
  );
  for (const q of queries) {
    const s = result.perQuery[q.id]!;
    if (s.cau < s.fair) console.log(`  ${q.id.padEnd(8)} ${f(s.fair)} → ${f(s.cau)}  ${q.query}`);
  }
}

async function main(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const update = args.includes('--update-baseline');

  // 1. Test set: held out.
  const testQueries = loadQueries(TEST_SET.queries);
  const test = await withSetIndex(TEST_SET, (index, records) =>
    scoreSet(TEST_SET, testQueries, index, records),
  );
  console.log(
    `TEST SET (held out: judged before any run, never tuned on): ${test.queries} queries over ` +
      `${test.records} records (${TEST_SET.paths.join('/ + ')}/)\n`,
  );
  printTable(test);
  let failed: string[] = [];
  if (update) {
    writeBaseline(test);
    console.log(`\nguard: wrote the test-set figures to ${BASELINE_FILE.slice(ROOT.length + 1)}`);
  } else {
    failed = regressions(test, readBaseline());
    console.log(
      failed.length === 0
        ? `\nguard: every test-set figure within its margin of bench/eval-baseline.json ` +
            `(category ${MARGIN.category}, overall ${MARGIN.overall})`
        : `\nguard FAILED, below bench/eval-baseline.json by more than the margin:\n  ${failed.join('\n  ')}`,
    );
  }
  if (verbose) printBehind(test, testQueries);

  // 2. Dev set, and everything measured on the development fixtures.
  const devQueries = loadQueries(DEV_SET.queries);
  const { dev, readiness, priorArt } = await withSetIndex(DEV_SET, async (index, records) => {
    const dev = await scoreSet(DEV_SET, devQueries, index, records);
    const labels = JSON.parse(
      readFileSync(join(ROOT, 'fixtures', 'judgments', 'readiness.json'), 'utf8'),
    ) as ReadinessLabel[];
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const [alias, id] of recordAliases(records)) byId.set(alias, byId.get(id)!);
    const readiness = readinessAgreement(labels, (id) => byId.get(id)?.readiness);
    const priorArt = await evaluatePriorArt(index, records, baselineText);
    return { dev, readiness, priorArt };
  });
  console.log(
    `\nDEV SET (tuned on; not a fair measure): ${dev.queries} queries over ${dev.records} ` +
      `records (fixtures/)\n`,
  );
  printTable(dev);
  if (verbose) printBehind(dev, devQueries);

  // 3. Classifier, readiness, prior art.
  const data = loadTrainingData();
  const fields = evaluateShippedClassifier(data);
  const leaky = evaluateShippedClassifier(data, { leaky: true });
  const unseen = evaluateShippedClassifierOn(['testset/patents']);
  console.log(
    `\ntechnology-field classifier (title + abstract, top-1 / top-3):\n` +
      `  test corpus patents, never trained on: ${f(unseen.accuracyTop1)} / ${f(unseen.accuracyTop3)} ` +
      `(n = ${unseen.n} texts of ${unseen.groups} patents)\n` +
      `  5-fold cross-validation over the fixture patents, each fold without the glossary entries ` +
      `its held-out patents mention: ${f(fields.accuracyTop1)} / ${f(fields.accuracyTop3)} ` +
      `(n = ${fields.n} texts of ${fields.groups} patents; with the leak: ${f(leaky.accuracyTop1)} / ` +
      `${f(leaky.accuracyTop3)})`,
  );
  // Readiness against human labels: the test half of the labelled passages first (never tuned
  // on), then the development data: the other half and the labelled fixture records.
  const passages = passageAgreement(loadPassages(), (r) => assessReadiness(r));
  const line = (a: typeof passages.test): string =>
    `exact ${f(a.exact)}, within ±1 level ${f(a.withinOne)}, mean error ` +
    `${a.meanAbsoluteError.toFixed(2)}, bias ${a.bias.toFixed(2)} (n = ${a.n})`;
  console.log(`readiness, test passages: ${line(passages.test)}`);
  console.log(`readiness, development passages: ${line(passages.dev)}`);
  console.log(`readiness, labelled fixture records (development): ${line(readiness)}`);
  for (const d of readiness.disagreements) {
    console.log(`  off by more than one level: ${d.id} labelled ${d.label}, Cầu ${d.predicted}`);
  }
  const misses = verbose
    ? passages.devMisses
    : passages.devMisses.filter((m) => Math.abs(m.predicted - m.label) > 1);
  for (const m of misses) {
    console.log(`  development passage ${m.id} labelled ${m.label}, Cầu ${m.predicted}: ${m.text}`);
  }
  console.log(
    `prior art judged by citations (${priorArt.topics} citing development patents, their claims, ` +
      `cutoff = their publication date): Recall@10 ${f(priorArt.baseline.recall10)} → ` +
      `${f(priorArt.cau.recall10)}, MRR ${f(priorArt.baseline.mrr)} → ${f(priorArt.cau.mrr)} ` +
      `(baseline → Cầu)`,
  );

  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'eval-latest.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        test,
        guard: update ? 'updated' : failed,
        dev,
        classifier: { crossValidation: fields, leakyCrossValidation: leaky, testCorpus: unseen },
        readiness,
        readinessPassages: { test: passages.test, dev: passages.dev },
        priorArt,
      },
      null,
      2,
    )}\n`,
  );
  if (failed.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
