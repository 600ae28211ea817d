import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDocuments } from '../infra/test/crash';
import { openIndex, type SearchIndex } from '../search-index';
import { ingestPaths, type FileProgress } from './pipeline';
import { parseFileContent } from './formats';
import { InlineAnalyser, type Analyser } from './threads/analyser';

// A big file of concatenated XML documents (a weekly USPTO file is 0.5–1 GB) is read in pieces
// of whole documents, never whole: read whole it would fail past V8's ~512 MB string. Here the
// sizes are made small so a file of a few hundred KB takes the same path.
const SMALL = { streamBytes: 10_000, pieceBytes: 20_000 };

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-pieces-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** The sizes of what the analyser was handed: a piece's bytes, or -1 for a whole file. */
let handed: number[] = [];
const inline = new InlineAnalyser();
const watching: Analyser = {
  parallelism: 1,
  content: (task) => {
    handed.push(task.bytes?.length ?? -1);
    return inline.content(task);
  },
  evidence: (records) => inline.evidence(records),
  close: async () => {},
};

async function ingestInto(
  name: string,
  files: string[],
  pieces?: typeof SMALL,
): Promise<{
  index: SearchIndex;
  progress: FileProgress[];
  summary: Awaited<ReturnType<typeof ingestPaths>>;
}> {
  const index = openIndex({ dataDir: join(work, name) });
  const progress: FileProgress[] = [];
  handed = [];
  const summary = await ingestPaths(files, index, {
    pieces,
    analyser: watching,
    onFile: (p) => progress.push(p),
  });
  return { index, progress, summary };
}

it('a big concatenated file read in pieces stores exactly what reading it whole stores', async () => {
  const file = join(work, 'weekly.xml');
  const ids = writeDocuments(file, 0, 60);
  const whole = await ingestInto('whole', [file]);
  const pieces = await ingestInto('pieces', [file], SMALL);
  try {
    // Read in several pieces of whole documents, none larger than asked, never whole.
    expect(handed.length).toBeGreaterThan(3);
    expect(handed.every((n) => n > 0 && n <= SMALL.pieceBytes)).toBe(true);
    expect(pieces.summary).toMatchObject({ records: 60, inserted: 60, filesFailed: 0 });
    expect(pieces.summary.failures).toEqual([]);
    for (const id of ids) {
      const [a, b] = [await whole.index.get(id), await pieces.index.get(id)];
      expect([id, b]).toEqual([id, a]);
    }
    // The file is reported once, when all of it is written.
    expect(pieces.progress).toEqual([{ file, done: 1, total: 1, records: 60, failed: false }]);
  } finally {
    await whole.index.close();
    await pieces.index.close();
  }
});

it('a bad document inside a big file is named by its line; the documents around it are stored', async () => {
  const file = join(work, 'weekly.xml');
  const first = writeDocuments(join(work, 'a.part'), 0, 20);
  const last = writeDocuments(join(work, 'b.part'), 20, 20);
  const a = readFileSync(join(work, 'a.part'), 'utf8');
  const badLine = a.split('\n').length + 1;
  writeFileSync(file, `${a}\n<?xml version="1.0"?>\n<patent-document><unclosed>\n`);
  appendFileSync(file, readFileSync(join(work, 'b.part')));
  const { index, summary, progress } = await ingestInto('data', [file], SMALL);
  const whole = await ingestInto('whole', [file]);
  try {
    expect(summary.records).toBe(40);
    // The same report as reading the file whole: the file, the line in it, what is wrong.
    expect(summary.failures).toEqual(whole.summary.failures);
    expect(summary.failures).toEqual([
      {
        file,
        reason: expect.stringMatching(new RegExp(`^${file}:(\\d+): malformed XML`)) as string,
      },
    ]);
    const line = Number(/:(\d+): malformed/.exec(summary.failures[0]!.reason)![1]);
    expect(line).toBeGreaterThanOrEqual(badLine);
    expect(line).toBeLessThanOrEqual(badLine + 2);
    for (const id of [...first, ...last])
      expect([id, Boolean(await index.get(id))]).toEqual([id, true]);
    expect(progress).toEqual([{ file, done: 1, total: 1, records: 40, failed: true }]);
  } finally {
    await index.close();
    await whole.index.close();
  }
});

it('files after a big one are still written, in order, and the run reports every file', async () => {
  const big = join(work, 'big.xml');
  writeDocuments(big, 0, 30);
  const small = join(work, 'small.xml');
  // The same number again in a later file: the later file's record wins, as with whole files.
  const sample = readFileSync(big, 'utf8').split('<?xml').filter(Boolean)[0]!;
  writeFileSync(
    small,
    `<?xml${sample.replace(/<invention-title[^>]*>[^<]*/, '$&, the later copy')}`,
  );
  const id = parseFileContent(small, readFileSync(small)).records[0]!.id;
  const { index, summary, progress } = await ingestInto('data', [big, small], SMALL);
  try {
    expect(summary).toMatchObject({ records: 31, inserted: 30, updated: 1, filesFailed: 0 });
    expect((await index.get(id))?.title).toMatch(/the later copy$/);
    expect(progress.map((p) => [p.file, p.done, p.records])).toEqual([
      [big, 1, 30],
      [small, 2, 1],
    ]);
  } finally {
    await index.close();
  }
});

it('a file too large to read whole that is not concatenated XML is a clear error, not a V8 one', async () => {
  const file = join(work, 'works.jsonl');
  writeFileSync(file, '{"id":"https://openalex.org/W1"}\n');
  truncateSync(file, 600 * 1024 * 1024); // sparse: no disk used
  const { index, summary } = await ingestInto('data', [file]);
  try {
    expect(summary.filesFailed).toBe(1);
    expect(summary.failures[0]!.reason).toMatch(
      /works\.jsonl: 600 MB of text is more than one document may hold \(512 MB\).*split it/,
    );
    expect(summary.failures[0]!.reason).not.toMatch(/0x1fffffe8|Cannot create a string/);
  } finally {
    await index.close();
  }
});
