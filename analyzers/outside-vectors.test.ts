import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseTokens } from './analyze';
import { canonicalTones, foldDiacritics } from './normalize';

/** Test data written by other Vietnamese NLP projects (outside-vectors/SOURCES.md). */
const DIR = join(__dirname, 'outside-vectors');
const read = (file: string): string => readFileSync(join(DIR, file), 'utf8');

describe('VietnameseTextNormalizer: letters and tone placement it normalises', () => {
  const pairs = read('vietnamese-text-normalizer.tsv')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t') as [string, string, string]);

  it('has the vectors', () => expect(pairs.length).toBe(3));

  it.each(pairs)('reads %s as %s, in the exact and the folded forms', (from, to) => {
    expect(canonicalTones(from)).toBe(to);
    expect(foldDiacritics(from)).toBe(foldDiacritics(to));
    // As words of a text, upper and lower case, as a search compares them.
    const words = (s: string): string[] => baseTokens(s).tokens.map((t) => t.term);
    const inText = (w: string): string => `Trường ${w}, ${w.toUpperCase()}.`;
    expect(words(inText(from))).toEqual(words(inText(to)));
  });
});

describe('pyvi: the syllables of Vietnamese sentences', () => {
  /** Sentence, expected syllables joined by spaces, blank line; repeated. */
  const sets = (file: string): [string, string][] => {
    const lines = read(file).split('\n');
    const out: [string, string][] = [];
    for (let i = 0; i + 1 < lines.length; i += 3) {
      if (lines[i]!.trim()) out.push([lines[i]!.trim(), lines[i + 1]!.trim()]);
    }
    return out;
  };
  const cases = [...sets('pyvi-tokenize-sets.txt'), ...sets('pyvi-sylabelize.txt')];
  const letters = /^\p{L}+$/u;

  it('has the vectors', () => expect(cases.length).toBe(3));

  it.each(cases)('%s', (text, expected) => {
    const pyvi = expected
      .split(' ')
      .filter((t) => letters.test(t))
      .map((t) => t.toLowerCase());
    const cau = baseTokens(text)
      .tokens.map((t) => t.term)
      .filter((t) => letters.test(t));
    expect(cau).toEqual(pyvi);
  });
});
