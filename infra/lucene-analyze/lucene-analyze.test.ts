import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileLuceneAnalyze, LuceneAnalyzeError, type LuceneAnalyze } from './lucene-analyze';

// The checker itself, on small settings whose terms are worked out by hand from the Elasticsearch
// documentation of each component. analyzers/elasticsearch.test.ts uses it on Cầu's settings.
let checker: LuceneAnalyze;
let dir: string;
beforeAll(() => {
  checker = compileLuceneAnalyze();
  dir = mkdtempSync(join(tmpdir(), 'cau-lucene-test-'));
}, 60_000);
afterAll(() => {
  checker?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function settings(json: unknown): string {
  const file = join(dir, `s${n++}.json`);
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

const ANALYSIS = {
  analysis: {
    char_filter: {
      // Elasticsearch unescapes both sides of a rule: \u00e0 is "à".
      fold_a: { type: 'mapping', mappings: ['\\u00e0 => a', 'ß=>ss'] },
      no_digits: { type: 'pattern_replace', pattern: '[0-9]+', replacement: ' ' },
    },
    tokenizer: { words: { type: 'pattern', pattern: '[^\\p{L}]+' } },
    filter: {
      few_stop: { type: 'stop', stopwords: ['the', 'of'] },
      pairs: {
        type: 'shingle',
        min_shingle_size: 2,
        max_shingle_size: 2,
        output_unigrams: false,
        token_separator: '+',
      },
      short: { type: 'length', max: 12 },
      x_for_o: { type: 'pattern_replace', pattern: 'o', replacement: '0' },
    },
    analyzer: {
      words: {
        type: 'custom',
        char_filter: ['fold_a', 'no_digits'],
        tokenizer: 'words',
        filter: ['lowercase', 'few_stop', 'x_for_o'],
      },
      pairs: { tokenizer: 'words', filter: ['lowercase', 'pairs', 'short'] },
      stems: { tokenizer: 'whitespace', filter: ['lowercase', 'porter_stem'] },
    },
  },
};

describe('LuceneAnalyze', () => {
  it('runs char filters, the tokenizer and token filters in order, one row per line', async () => {
    const file = settings(ANALYSIS);
    expect(
      await checker.analyze(file, 'words', ['Voilà THE Straße42of Rome', '', '123', 'a\rb']),
    ).toEqual([['v0ila', 'strasse', 'r0me'], [], [], ['a', 'b']]);
    expect(await checker.analyze(file, 'pairs', ['Cá tra nuôi ở Cần Thơ'])).toEqual([
      ['cá+tra', 'tra+nuôi', 'nuôi+ở', 'ở+cần', 'cần+thơ'],
    ]);
    expect(await checker.analyze(file, 'stems', ['Batteries coated CATHODES'])).toEqual([
      ['batteri', 'coat', 'cathod'],
    ]);
  }, 60_000);

  it('reads index settings and index templates, not just a bare analysis section', async () => {
    const lines = ['Đà Nẵng']; // fold_a maps à to a
    for (const wrapped of [
      { settings: ANALYSIS },
      { settings: { index: ANALYSIS } },
      { template: { settings: ANALYSIS } },
    ]) {
      expect(await checker.analyze(settings(wrapped), 'words', lines)).toEqual([['đa', 'nẵng']]);
    }
  }, 60_000);

  it.each([
    [
      'an unknown analyzer',
      ANALYSIS,
      'nope',
      /no analyzer "nope" \(defined: \[words, pairs, stems\]\)/,
    ],
    [
      'a filter type it does not implement',
      { analysis: { analyzer: { a: { tokenizer: 'standard', filter: ['kuromoji_stemmer'] } } } },
      'a',
      /no filter "kuromoji_stemmer"/,
    ],
    [
      'a setting it would otherwise ignore',
      {
        analysis: {
          tokenizer: { t: { type: 'pattern', pattern: 'x', flags: 'CASE_INSENSITIVE' } },
          analyzer: { a: { tokenizer: 't' } },
        },
      },
      'a',
      /tokenizer "t": unsupported setting "flags"/,
    ],
    [
      'a pattern Java cannot compile',
      {
        analysis: {
          filter: { f: { type: 'pattern_replace', pattern: '(', replacement: '' } },
          analyzer: { a: { tokenizer: 'keyword', filter: ['f'] } },
        },
      },
      'a',
      /filter "f": "pattern" is not a Java regular expression/,
    ],
    ['malformed JSON', '{"analysis": {"analyzer": {,}}}', 'a', /invalid JSON at line 1, column 28/],
    ['no analysis section', { mappings: {} }, 'a', /no analysis section/],
  ])(
    'refuses %s with exit code 2 and a message',
    async (_what, json, analyzer, message) => {
      const run = checker.analyze(settings(json), analyzer, ['x']);
      await expect(run).rejects.toBeInstanceOf(LuceneAnalyzeError);
      await expect(run).rejects.toMatchObject({ exitCode: 2, message });
    },
    60_000,
  );
});
