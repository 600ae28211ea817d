/**
 * Cuts a file into its XML documents. USPTO weekly files (and some bulk dumps) concatenate
 * complete documents, each with its own `<?xml …?>` declaration; XML allows one per document,
 * so each is parsed on its own. Returns each part with the 1-based line it starts on.
 */
export interface DocumentSlice {
  text: string;
  line: number;
}

export function splitDocuments(text: string): DocumentSlice[] {
  const starts: number[] = [];
  const re = /<\?xml[\s?]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) starts.push(m.index);
  if (starts.length <= 1) return [{ text, line: 1 }];
  if (starts[0] !== 0 && text.slice(0, starts[0]).trim() === '') starts[0] = 0;
  if (starts[0] !== 0) starts.unshift(0);
  const out: DocumentSlice[] = [];
  let line = 1;
  let prev = 0;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = starts[i + 1] ?? text.length;
    line += countNewlines(text, prev, from);
    prev = from;
    const part = text.slice(from, to);
    if (part.trim() !== '') out.push({ text: part, line });
  }
  return out;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}
