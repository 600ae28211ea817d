import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { splitDocuments } from './split';
import { splitDocumentStream, type OversizedDocument, type StreamedDocument } from './split-stream';

const WEEKLY = readFileSync(
  join(resolve(__dirname, '..', '..', 'test-samples'), 'uspto', 'concatenated_2grants_v4-5.xml'),
);

async function* chunked(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes[i++ % sizes.length]!);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

async function collect(
  bytes: Buffer,
  sizes: number[],
  max = 1 << 30,
): Promise<(StreamedDocument | OversizedDocument)[]> {
  const out = [];
  for await (const d of splitDocumentStream(chunked(bytes, sizes), max)) out.push(d);
  return out;
}

describe('splitDocumentStream', () => {
  it('cuts a real USPTO weekly file where splitDocuments does, however the bytes are chunked', async () => {
    const whole = splitDocuments(WEEKLY.toString('utf8'));
    expect(whole).toHaveLength(2);
    for (const sizes of [[1], [5], [6], [7], [4096], [1 << 20], [3, 1, 900]]) {
      const docs = (await collect(WEEKLY, sizes)) as StreamedDocument[];
      expect(docs.map((d) => ({ text: d.bytes.toString('utf8'), line: d.line }))).toEqual(whole);
      expect(docs.map((d) => d.index)).toEqual([0, 1]);
    }
  });

  it('agrees with splitDocuments on any concatenation and chunking', async () => {
    const part = fc.constantFrom(
      '<?xml version="1.0"?>\n<a>x</a>\n',
      '<?xml?><b/>',
      '<?xml-stylesheet href="s.xsl"?>',
      '\n\n',
      'é<c>ư</c>\n',
      '<?xm',
      'l ',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(part, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        async (parts, sizes) => {
          const text = parts.join('');
          // With a single declaration, splitDocuments keeps the file whole (junk before it
          // included); the stream still cuts there. Compare where both cut.
          fc.pre((text.match(/<\?xml[\s?]/g) ?? []).length !== 1);
          const expected = splitDocuments(text)
            .filter((s) => s.text.trim() !== '')
            .map((s) => ({ text: s.text.replace(/^\s+(?=<\?xml[\s?])/, ''), line: s.line }));
          const got = (await collect(Buffer.from(text), sizes)) as StreamedDocument[];
          const lines = got.map((d) => ({ text: d.bytes.toString('utf8'), line: d.line }));
          // Leading blank lines before the first declaration are dropped, so its line moves.
          expect(lines.map((l) => l.text)).toEqual(expected.map((e) => e.text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports a document over the bound by line and size, and still yields the ones after it', async () => {
    const small = '<?xml version="1.0"?>\n<a/>\n';
    const big = `<?xml version="1.0"?>\n<big>${'x'.repeat(5000)}</big>\n`;
    const docs = await collect(Buffer.from(small + big + small), [700], 1000);
    expect(docs.map((d) => d.kind)).toEqual(['document', 'oversized', 'document']);
    expect(docs[1]).toMatchObject({
      kind: 'oversized',
      line: 3,
      index: 1,
      size: Buffer.byteLength(big),
    });
    expect(docs[2]).toMatchObject({ line: 5, index: 2 });
  });

  it('gives a file without declarations as one document, and nothing for an empty one', async () => {
    const oai = Buffer.from('<OAI-PMH><ListRecords/></OAI-PMH>');
    expect(
      (await collect(oai, [4])).map((d) => d.kind === 'document' && d.bytes.toString()),
    ).toEqual([oai.toString()]);
    expect(await collect(Buffer.alloc(0), [4])).toEqual([]);
  });
});
