import { baseTokens, foldDiacritics } from '../analyzers';

/**
 * One key per person, whatever way a source writes the name: with or without tone marks, in
 * Vietnamese order (family name first) or Western order, with a comma after the family name.
 * "Nguyễn Văn Thành", "Nguyen Van Thanh", "Thành Nguyễn Văn" and "NGUYEN, Van Thanh" agree.
 * Initials ("Nguyen V. T.") are not expanded: two people can share them.
 */
export function personKey(name: string): string {
  return baseTokens(name)
    .tokens.map((t) => foldDiacritics(t.term))
    .sort()
    .join(' ');
}

/** The words of a name, for a query that fetches candidates (`in:` words, in any order). */
export function nameWords(name: string): string[] {
  return baseTokens(name).tokens.map((t) => t.term);
}
