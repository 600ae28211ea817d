import type { SearchHit } from '../search-index';

export interface Passage {
  /** Record field the passage is from: title, abstract, claims, description… */
  field: string;
  /** HTML-escaped text with the matched words in <mark>…</mark>. */
  text: string;
}

/** The passages with the most matched words first: what an examiner reads to judge a hit. */
export function bestPassages(hit: SearchHit, max = 3): Passage[] {
  const all: (Passage & { marks: number })[] = [];
  for (const [field, fragments] of Object.entries(hit.highlights)) {
    for (const text of fragments) {
      all.push({ field, text, marks: (text.match(/<mark>/g) ?? []).length });
    }
  }
  return all
    .sort((a, b) => b.marks - a.marks)
    .slice(0, max)
    .map(({ field, text }) => ({ field, text }));
}
