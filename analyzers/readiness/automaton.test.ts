import { Automaton, type PhraseDef } from './automaton';
import { scanField } from './field';
import { CLASSES } from './numbers';

/** The phrases found in a text, as "phrase@matched text" with captured numbers. */
function found(phrases: string[], text: string): string[] {
  const a = new Automaton(
    phrases.map((phrase): PhraseDef<string> => ({ phrase, value: phrase })),
    CLASSES,
  );
  const f = scanField(text);
  return a
    .scan(f)
    .map(
      (m) =>
        `${m.value}@${f.source.slice(m.start, m.end)}${m.numbers.length ? ` ${m.numbers.join(',')}` : ''}`,
    );
}

describe('cue automaton', () => {
  it('expands alternatives and optional words, and takes white space or a hyphen between words', () => {
    const p = ['thử nghiệm {ngoài}? thực địa', 'lab scale', 'field {trial|trials}'];
    expect(found(p, 'Đã thử nghiệm thực địa và thử nghiệm ngoài thực địa.')).toEqual([
      'thử nghiệm {ngoài}? thực địa@thử nghiệm thực địa',
      'thử nghiệm {ngoài}? thực địa@thử nghiệm ngoài thực địa',
    ]);
    expect(found(p, 'A lab-scale run, then field trials.')).toEqual([
      'lab scale@lab-scale',
      'field {trial|trials}@field trials',
    ]);
    // Punctuation between the words is not a phrase.
    expect(found(p, 'thử nghiệm, thực địa; lab. scale')).toEqual([]);
  });

  it('checks the accents of a match, except in Vietnamese typed without them', () => {
    const p = ['bán {cho|ra}', 'đã bán'];
    expect(found(p, 'Bàn cho khách; đã bán ra.')).toEqual(['đã bán@đã bán', 'bán {cho|ra}@bán ra']);
    expect(found(p, 'San pham da ban cho cac dai ly trong nam.')).toEqual([
      'đã bán@da ban',
      'bán {cho|ra}@ban cho',
    ]);
    // Old tone placement and capitals are the same words.
    expect(found(['thương mại hóa'], 'ĐÃ THƯƠNG MẠI HOÁ')).toEqual([
      'thương mại hóa@THƯƠNG MẠI HOÁ',
    ]);
  });

  it('captures numbers: digit groups, decimals, number words, levels and ranges', () => {
    const p = ['tại <num> {trang trại|farms}', '<qty> ha', 'trl~<level>', 'trl~<level>–<level>'];
    expect(found(p, 'tại 1.200 trang trại, 2,5 ha, TRL: 4 và TRL 5–6')).toEqual([
      'tại <num> {trang trại|farms}@tại 1.200 trang trại 1200',
      '<qty> ha@2,5 ha 2.5',
      'trl~<level>@TRL: 4 4',
      'trl~<level>–<level>@TRL 5–6 5,6',
      'trl~<level>@TRL 5 5',
    ]);
    expect(found(p, 'tại hai trang trại')).toEqual([
      'tại <num> {trang trại|farms}@tại hai trang trại 2',
    ]);
  });

  it('takes a straight or curly apostrophe where the phrase has one', () => {
    expect(found(["hasn't"], "It hasn’t; it hasn't; it hasn t.")).toHaveLength(2);
  });

  it('refuses a phrase it cannot compile, naming it', () => {
    expect(() => new Automaton([{ phrase: 'field {trial', value: 1 }], CLASSES)).toThrow(
      /unclosed "\{" in cue phrase "field \{trial"/,
    );
    expect(() => new Automaton([{ phrase: 'tại <nothing>', value: 1 }], CLASSES)).toThrow(
      /unknown token class <nothing>/,
    );
    expect(() => new Automaton([{ phrase: 'a <w>? b', value: 1 }], CLASSES)).toThrow(
      /gap "\? " in cue phrase/,
    );
  });
});
