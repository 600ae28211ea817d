import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignTechnologyFields } from './assign';
import {
  loadDefaultClassifier,
  serializeModel,
  TechnologyClassifier,
  textFeatures,
  trainClassifier,
} from './classifier';
import { assignFolds } from './evaluate';
import { glossaryExamples, patentExamples, SubjectFieldIndex } from './training-data';
import type { LabelledExample } from './types';
import { parseGlossary } from '../glossary/glossary';

const terms = parseGlossary(
  readFileSync(join(__dirname, '..', 'glossary', 'glossary.tsv'), 'utf8'),
);
const glossary = glossaryExamples(terms);

const toy: LabelledExample[] = [
  { text: { title: 'Phân bón hữu cơ vi sinh', lang: 'vi' }, fields: [19] },
  { text: { title: 'phân bón lá', lang: 'vi' }, fields: [19] },
  { text: { title: 'lithium-ion battery cathode', lang: 'en' }, fields: [1] },
  { text: { title: 'battery anode material', lang: 'en' }, fields: [1] },
  { text: { title: 'vaccine adjuvant emulsion', lang: 'en' }, fields: [16] },
  { text: { title: 'vaccine for shrimp', lang: 'en' }, fields: [16, 29] },
];

describe('textFeatures', () => {
  it('gives exact, folded, stemmed and bigram terms, without stop words and numbers', () => {
    expect(textFeatures({ title: 'Phân bón 20 tấn', lang: 'vi' }).sort()).toEqual(
      ['phân', '~phan', 'bón', '~bon', 'tấn', '~tan', 'phân_bón'].sort(),
    );
    expect(textFeatures({ title: 'The batteries of 2024', lang: 'en' }).sort()).toEqual([
      '>batteri',
      'batteries',
    ]);
  });
});

describe('trainClassifier', () => {
  it('is deterministic: the same examples give the same JSON', () => {
    const examples = [...toy, ...glossary];
    const a = serializeModel(trainClassifier(examples).toJSON());
    const b = serializeModel(trainClassifier(examples).toJSON());
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual(trainClassifier(examples).toJSON());
  });

  it('round-trips through JSON and classifies identically', () => {
    const c = trainClassifier([...toy, ...glossary], { temperature: 0.5, lengthPower: 0.5 });
    const d = TechnologyClassifier.fromJSON(serializeModel(c.toJSON()));
    for (const ex of toy) expect(d.rank(ex.text)).toEqual(c.rank(ex.text));
    expect(serializeModel(d.toJSON())).toBe(serializeModel(c.toJSON()));
  });

  it('prunes terms seen once, except glossary terms', () => {
    const c = trainClassifier(toy, { minCount: 2 });
    const model = c.toJSON();
    expect(model.terms['battery']).toBe('1:2');
    expect(model.terms['vaccine']).toBe('16:1.5 29:0.5');
    expect(model.terms['emulsion']).toBeUndefined();
    const withGlossary = trainClassifier([
      ...toy,
      { text: { title: 'emulsion', lang: 'en' }, fields: [16], keepTerms: true },
    ]);
    expect(withGlossary.toJSON().terms['emulsion']).toBe('16:2');
  });

  it('returns at most maxFields above the threshold, best first, and nothing for unknown text', () => {
    const c = trainClassifier(toy, { minCount: 1, threshold: 0, maxFields: 2 });
    const out = c.classify({ title: 'vaccine battery fertiliser', lang: 'en' });
    expect(out.length).toBe(2);
    expect(out[0]!.confidence).toBeGreaterThanOrEqual(out[1]!.confidence);
    expect(out.every((f) => f.source === 'classifier')).toBe(true);
    expect(c.classify({ title: 'xyzzy plugh', lang: 'en' })).toEqual([]);
    expect(c.classify({ title: '' })).toEqual([]);
    const shares = c.rank({ title: 'vaccine', lang: 'en' }).map((r) => r.confidence);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('refuses a field number outside 1–35', () => {
    expect(() => trainClassifier([{ text: { title: 'x' }, fields: [36] }])).toThrow();
  });
});

describe('the shipped model (model.json)', () => {
  const c = loadDefaultClassifier();
  const top = (title: string, lang?: string): number | undefined =>
    c.classify({ title, lang })[0]?.number;

  it('classifies obvious Vietnamese and English texts', () => {
    expect(top('Phân bón hữu cơ vi sinh từ vỏ trấu', 'vi')).toBe(19); // C05: Basic materials chemistry
    expect(top('Phan bon huu co vi sinh tu vo trau', 'vi')).toBe(19); // typed without marks
    expect(c.classify({ title: 'lithium-ion battery cathode material', lang: 'en' })[0]).toEqual(
      expect.objectContaining({
        number: 1,
        field: 'Electrical machinery, apparatus, energy',
        sector: 'Electrical engineering',
        source: 'classifier',
      }),
    );
    expect(top('vaccine adjuvant', 'en')).toBe(16); // Pharmaceuticals
    expect(top('Tá chất cho vắc xin', 'vi')).toBe(16);
    expect(top('Bê tông geopolymer từ tro bay', 'vi')).toBe(20);
    expect(top('Que thử nhanh phát hiện kháng nguyên NS1 sốt xuất huyết', 'vi')).toBe(11);
    expect(top('Vietnamese speech recognition with neural networks', 'en')).toBe(6);
  });

  it('gives no field to text about none of them', () => {
    expect(c.classify({ title: 'a study of medieval poetry', lang: 'en' })).toEqual([]);
  });

  it('gives confidences in 0..1, at most 3 fields, at least the threshold', () => {
    const out = c.classify({
      title: 'Solar dryer with a heat pump for coffee beans',
      abstract: 'A greenhouse-type solar dryer with a heat pump dehumidifier dries coffee.',
      lang: 'en',
    });
    expect(out.length).toBeGreaterThan(0);
    expect(out.length).toBeLessThanOrEqual(3);
    for (const f of out) {
      expect(f.confidence).toBeGreaterThanOrEqual(c.options.threshold);
      expect(f.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe('assignTechnologyFields', () => {
  it('uses IPC for patents and the classifier for research and code-less patents', () => {
    const patent = { type: 'patent' as const, title: 'x', lang: 'vi', ipc: ['G01N 33/18'] };
    expect(assignTechnologyFields(patent).map((f) => [f.number, f.source])).toEqual([[11, 'ipc']]);
    const research = {
      type: 'research' as const,
      title: 'Vật liệu điện cực dương cho pin ion natri',
      lang: 'vi',
      subjects: ['pin ion natri'],
    };
    expect(assignTechnologyFields(research)[0]).toEqual(
      expect.objectContaining({ number: 1, source: 'classifier' }),
    );
    const noCode = { ...patent, title: 'vaccine adjuvant', lang: 'en', ipc: ['Y02A 50/30'] };
    expect(assignTechnologyFields(noCode)[0]?.number).toBe(16);
  });
});

describe('training data', () => {
  it('makes one example per language of a patent, in one group, labelled by IPC', () => {
    const examples = patentExamples({
      id: 'VN-1-1-B',
      type: 'patent',
      title: 'Pin',
      abstract: 'Pin lithi',
      lang: 'vi',
      alternateTitles: [{ lang: 'en', text: 'Battery' }],
      alternateAbstracts: [{ lang: 'en', text: 'A lithium battery' }],
      ipc: ['H01M 10/052', 'B60L 50/64'],
    });
    expect(examples).toEqual([
      {
        text: { title: 'Pin', abstract: 'Pin lithi', lang: 'vi' },
        fields: [1, 32],
        group: 'VN-1-1-B',
      },
      {
        text: { title: 'Battery', abstract: 'A lithium battery', lang: 'en' },
        fields: [1, 32],
        group: 'VN-1-1-B',
      },
    ]);
    expect(patentExamples({ id: 'x', type: 'patent', title: 't', lang: 'en', ipc: [] })).toEqual(
      [],
    );
  });

  it('finds the fields research subjects name', () => {
    const index = new SubjectFieldIndex(terms);
    expect(index.fieldsOf('lithium-ion battery')).toContain(1);
    expect(index.fieldsOf('Pharmaceuticals')).toEqual([16]);
    expect(index.fieldsOf('Mekong Delta')).toEqual([]);
  });

  it('deals groups to folds deterministically, keeping a group together', () => {
    const examples = Array.from({ length: 40 }, (_, i) => ({
      text: { title: `t${i}` },
      fields: [(i % 4) + 1],
      group: `g${Math.floor(i / 2)}`,
    }));
    const a = assignFolds(examples, 5, 7);
    expect(assignFolds(examples, 5, 7)).toEqual(a);
    expect(a.size).toBe(20);
    const sizes = [0, 1, 2, 3, 4].map((k) => [...a.values()].filter((f) => f === k).length);
    expect(sizes).toEqual([4, 4, 4, 4, 4]);
  });
});
