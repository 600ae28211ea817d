import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ResearchRecord } from '../../model';
import { ForeignJsonError } from '../errors';
import { parseFileContent } from './index';
import { rebuildAbstract } from './openalex';
import { jatsText } from './crossref';

const SAMPLES = join(__dirname, '..', '..', 'test-samples');
const read = (p: string): Buffer => readFileSync(join(SAMPLES, p));
const parse = (name: string, bytes: Uint8Array = read(name)) => parseFileContent(name, bytes);
const research = (rs: unknown[]): ResearchRecord[] => rs as ResearchRecord[];

describe('OpenAlex works', () => {
  const [work] = research(parse('openalex/work_W2741809807.json').records);

  it('reads a single work with its DOI as id and the OpenAlex id kept as the source id', () => {
    expect(work).toMatchObject({
      id: 'doi:10.7717/peerj.4375',
      type: 'research',
      title:
        'The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles',
      lang: 'en',
      published: '2018-02-13',
      container: 'PeerJ',
      publisher: 'PeerJ, Inc.',
      resourceType: 'journal-article',
      citedByCount: 562,
      source: { format: 'openalex', line: 1, id: 'https://openalex.org/W2741809807' },
    });
    expect(work!.identifiers).toContain('https://doi.org/10.7717/peerj.4375');
    expect(work!.identifiers).toContain('https://openalex.org/W2741809807');
  });

  it('rebuilds the abstract from the inverted index, words in their places', () => {
    expect(work!.abstract).toMatch(/^Despite growing interest in Open Access \(OA\) to scholarly/);
    expect(rebuildAbstract({ b: [1], a: [0, 2] })).toBe('a b a');
  });

  it('keeps authors with ORCID and institutions with ROR, and the works it cites', () => {
    const priem = work!.authors!.find((a) => a.name === 'Jason Priem');
    expect(priem?.orcid).toBe('https://orcid.org/0000-0001-6187-6610');
    expect(priem?.affiliations?.[0]).toEqual({
      name: 'Impact Technology Development (United States)',
      ror: 'https://ror.org/05ppvf150',
      country: 'US',
    });
    expect(work!.creators).toHaveLength(9);
    expect(work!.institutions!.map((i) => i.name)).toContain('University of Washington');
    expect(work!.citations).toHaveLength(35);
    expect(work!.citations![0]).toMatch(/^openalex:W\d+$/);
    expect(work!.subjects).toContain('Open science');
    expect(work!.openAccessUrls).toContain('https://peerj.com/articles/4375.pdf');
  });

  it('reads a snapshot part line by line: works without a title are errors at their line', () => {
    const r = parse('openalex/works_snapshot_part_000.jsonl');
    expect(r.records).toHaveLength(11);
    expect(r.errors).toHaveLength(16);
    expect(r.errors[0]!.message).toBe(
      'openalex/works_snapshot_part_000.jsonl:2: OpenAlex work W4312233861 has no title',
    );
    const first = research(r.records)[0]!;
    expect(first).toMatchObject({ id: 'doi:10.1021/ac00033a733', lang: 'ro' });
    expect(research(r.records).map((x) => x.source.line)).toEqual([
      1, 4, 5, 6, 7, 8, 10, 17, 23, 25, 26,
    ]);
    expect(research(r.records).map((x) => x.source.position)).toEqual([...Array(11).keys()]);
  });

  it('reads a saved API page of works, gzipped, as the same records', () => {
    const w = JSON.parse(read('openalex/work_W2741809807.json').toString('utf8')) as unknown;
    const page = { meta: { count: 1, page: 1, per_page: 25 }, results: [w] };
    const r = parse('page.json.gz', gzipSync(JSON.stringify(page, null, 2)));
    expect(r.errors).toEqual([]);
    expect(research(r.records)[0]).toEqual({
      ...work,
      source: { ...work!.source, file: 'page.json.gz' },
    });
  });

  it('refuses other OpenAlex entities by name', () => {
    const r = parse('openalex/author_A5023888391.json');
    expect(r.records).toEqual([]);
    expect(r.errors[0]!.message).toMatch(/OpenAlex author A5023888391 is not a work/);
  });
});

describe('Crossref works', () => {
  const r = parse('crossref/crossref_works_api_responses.jsonl');
  const works = research(r.records);

  it('reads the six /works responses, one per line', () => {
    expect(r.errors).toEqual([]);
    expect(works.map((w) => w.id)).toEqual([
      'doi:10.1371/journal.pone.0033693',
      'doi:10.1016/j.neurobiolaging.2010.03.024',
      'doi:10.1002/jor.1100150407',
      'doi:10.1038/srep16696',
      'doi:10.1109/icdcsw.2003.1203662',
      'doi:10.3892/ijo_00000353',
    ]);
    expect(works.map((w) => w.source.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('flattens the JATS abstract and drops its "Abstract" heading', () => {
    const w = works.find((x) => x.id === 'doi:10.1038/srep16696')!;
    expect(w.abstract).toMatch(/^Oligomers of alpha-synuclein are toxic to cells/);
    expect(w.abstract).not.toContain('<');
    expect(
      jatsText('<jats:title>Abstract</jats:title><jats:p>A <jats:italic>b</jats:italic>.</jats:p>'),
    ).toBe('A b.');
  });

  it('keeps container, publisher, date parts, authors, references with a DOI, counts', () => {
    const w = works[0]!;
    expect(w).toMatchObject({
      title:
        'Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice',
      published: '2012-03-21',
      container: 'PLoS ONE',
      publisher: 'Public Library of Science (PLoS)',
      resourceType: 'journal-article',
      lang: 'en',
      citedByCount: expect.any(Number),
    });
    expect(w.creators[0]).toBe('Shankar Sadasivan');
    expect(w.citations!.every((c) => c.startsWith('doi:10.'))).toBe(true);
    expect(works[1]!.published).toBe('2012-03-01');
    // No language field: identified from the title.
    expect(works[5]!.lang).toBe('en');
  });
});

describe('JSON inputs: errors name the file and line, the rest is still read', () => {
  const lines = read('crossref/crossref_works_api_responses.jsonl').toString('utf8').split('\n');

  it('a bad line of a JSON Lines file is an error at its line', () => {
    const broken = [lines[0], lines[1]!.slice(0, 200), lines[2]].join('\n');
    const r = parse('broken.jsonl', Buffer.from(broken));
    expect(r.records).toHaveLength(2);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/^broken\.jsonl:2(:\d+)?: malformed JSON: .*truncated\?/);
  });

  it('a half-written gzip is a clear error, and its complete lines are still read', () => {
    const gz = gzipSync(Buffer.from(lines.join('\n')));
    const r = parse('cut.jsonl.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    expect(r.errors[0]!.message).toMatch(/^cut\.jsonl\.gz: gzip data is truncated or corrupt/);
    expect(r.records.length).toBeGreaterThan(0);
    expect(r.records.length).toBeLessThan(6);
    expect(r.errors).toHaveLength(1);
  });

  it('a pretty-printed single document is one document; an unknown shape is foreign JSON', () => {
    const one = JSON.stringify(JSON.parse(lines[3]!), null, 2);
    expect(parse('one.json', Buffer.from(one)).records).toHaveLength(1);
    const other = parse('settings.json', Buffer.from('{"queries": []}'));
    expect(other.records).toEqual([]);
    expect(other.errors[0]).toBeInstanceOf(ForeignJsonError);
    expect(other.errors[0]!.message).toMatch(/^settings\.json:1: unknown format: JSON document/);
  });

  it('a cut-off single JSON document is an error with its line', () => {
    const one = JSON.stringify(JSON.parse(lines[3]!), null, 2);
    const r = parse('cut.json', Buffer.from(one.slice(0, 500)));
    expect(r.records).toEqual([]);
    expect(r.errors[0]!.message).toMatch(/^cut\.json:\d+(:\d+)?: malformed JSON/);
  });
});
