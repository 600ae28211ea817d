import { InvalidQueryError } from './errors';
import { planQuery, type Translator } from './plan';
import { parseQuery, QuerySyntaxError, type QueryNode } from './query';

/** A compact rendering of the tree, so expectations read like the query language. */
function show(n: QueryNode): string {
  switch (n.kind) {
    case 'and':
      return `AND(${n.children.map(show).join(' ')})`;
    case 'or':
      return `OR(${n.children.map(show).join(' | ')})`;
    case 'not':
      return `NOT(${show(n.child)})`;
    case 'ipc':
      return `ipc=${JSON.stringify(n.filter)}`;
    case 'number':
      return `#[${n.text.join(', ')}]`;
    case 'text': {
      const words = n.words.map((w) => w.exact).join(' ');
      const body = n.phrase ? `"${words}"` : words;
      return `${n.field ? `${n.field}:` : ''}${n.translated ? '~' : ''}${body}${n.prefix ? '*' : ''}`;
    }
  }
}

const p = (q: string): string => show(parseQuery(q));

describe('parseQuery', () => {
  it('joins words with AND, phrases stay together', () => {
    expect(p('phân bón "vỏ trấu"')).toBe('AND(phân bón "vỏ trấu")');
  });

  it('binds OR tighter than the implicit AND', () => {
    expect(p('a1 b2 OR c3 d4')).toBe('AND(a1 OR(b2 | c3) d4)');
  });

  it('groups with parentheses and negates with -', () => {
    expect(p('(pin OR "ắc quy") -chì')).toBe('AND(OR(pin | "ắc quy") NOT(chì))');
  });

  it('reads field prefixes, also on groups and phrases', () => {
    expect(p('ti:geopolymer pa:"Trường Đại học Cần Thơ" in:(Thành OR Nguyệt)')).toBe(
      'AND(ti:geopolymer pa:"trường đại học cần thơ" OR(in:thành | in:nguyệt))',
    );
    expect(p('ab:biochar cl:"theo điểm 1"')).toBe('AND(ab:biochar cl:"theo điểm 1")');
  });

  it('reads ipc: at every level, quoted or packed', () => {
    expect(p('ipc:C05F')).toBe('ipc={"level":"subclass","prefix":"C05F"}');
    expect(p('ipc:"C05F 11/08"')).toBe('ipc={"level":"symbol","symbol":"C05F 11/08"}');
    expect(p('pin -ipc:C05F11')).toBe('AND(pin NOT(ipc={"level":"group","group":"C05F 11"}))');
  });

  it('keeps plain text plain: unknown prefixes, stray quotes, lone OR, colons', () => {
    expect(p('title:phân')).toBe('"title phân"');
    expect(p('"vỏ trấu')).toBe('"vỏ trấu"');
    expect(p('phân OR')).toBe('AND(phân or)');
    expect(p('TRL-6')).toBe('"trl 6"');
    expect(p('ti: x')).toBe('AND(ti x)');
  });

  it('marks prefix searches, normalises NFD and old tone placement', () => {
    expect(p('batter*')).toBe('batter*');
    expect(p('b*')).toBe('b');
    expect(p('nuôi trồng thuỷ sản'.normalize('NFD'))).toBe('AND(nuôi trồng thủy sản)');
    expect(p('hoà')).toBe('hòa');
  });

  it('drops English stop words unless that would leave nothing, or they are in quotes', () => {
    expect(p('the batteries of the car')).toBe('AND(batteries car)');
    expect(p('"state of the art"')).toBe('"state of the art"');
    expect(p('the')).toBe('the');
  });

  it('recognises IPC symbols typed as words, with or without the space', () => {
    const n = parseQuery('C05F');
    expect(n.kind === 'text' && n.ipc).toEqual({ level: 'subclass', prefix: 'C05F' });
    for (const q of ['C05F 11/08', 'C05F11/08']) {
      const s = parseQuery(q);
      expect(s.kind === 'text' && s.ipc).toEqual({ level: 'symbol', symbol: 'C05F 11/08' });
    }
    const g = parseQuery('phân C05F 11');
    expect(g.kind === 'and' && g.children[1]!.kind === 'text' && g.children[1]!.ipc).toEqual({
      level: 'group',
      group: 'C05F 11',
    });
  });

  it.each([
    ['a (b', "missing ')'", 3],
    ['a b)', "unmatched ')'", 4],
    ['a () b', 'empty parentheses', 3],
    ['x1 OR -b2', 'exclusion', 7],
    ['ipc:fertiliser', 'ipc: needs an IPC symbol', 1],
  ])('says where %j is wrong', (query, message, position) => {
    let error: unknown;
    try {
      parseQuery(query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(`at character ${position}`);
  });

  it('refuses queries with nothing to find', () => {
    expect(() => parseQuery('!!! ???')).toThrow(/no searchable terms/);
    expect(() => parseQuery('-phân -bón')).toThrow(/not excluded/);
    expect(() => parseQuery('x'.repeat(1001))).toThrow(InvalidQueryError);
    expect(() => parseQuery(Array.from({ length: 65 }, (_, i) => `w${i}`).join(' '))).toThrow(
      /more than 64/,
    );
  });
});

describe('planQuery', () => {
  const glossary: Translator = (tokens) => {
    const joined = tokens.join(' ');
    const out = [];
    if (joined.includes('rice husk')) {
      const start = tokens.indexOf('rice');
      out.push({ to: 'vỏ trấu', toLang: 'vi' as const, start, end: start + 2 });
    }
    return out;
  };

  it('adds bigram boosts for adjacent words of the same field', () => {
    const plan = planQuery(parseQuery('năng lượng mặt trời ti:pin'));
    expect(
      plan.boosts.filter((b) => b.kind === 'bigram').map((b) => b.kind === 'bigram' && b.exact),
    ).toEqual(['năng_lượng', 'lượng_mặt', 'mặt_trời']);
  });

  it('adds glossary translations as alternatives of the words they translate', () => {
    const plan = planQuery(parseQuery('rice husk fertilizer'), glossary);
    expect(show(plan.root)).toBe('AND(OR(AND(rice husk) | ~"vỏ trấu") fertilizer)');
    expect(plan.boosts.filter((b) => b.kind === 'original')).toHaveLength(2);
  });

  it('never translates names or excluded words', () => {
    expect(show(planQuery(parseQuery('pa:rice pa:husk'), glossary).root)).toBe(
      'AND(pa:rice pa:husk)',
    );
    expect(show(planQuery(parseQuery('x1 -"rice husk"'), glossary).root)).toBe(
      'AND(x1 NOT("rice husk"))',
    );
  });
});

describe('numbers and identifiers in a query', () => {
  it('a number alone is matched by its keys, its words kept as text', () => {
    expect(p('US 9,358,892 B1')).toBe('OR(#[US 9,358,892 B1] | AND(us "9 358 892" b1))');
    expect(p('1-2018-03312')).toBe('OR(#[1-2018-03312] | "1 2018 03312")');
    expect(p('doi:10.1038/srep16696')).toBe(
      'OR(#[doi:10.1038/srep16696] | "doi 10 1038 srep16696")',
    );
  });

  it('a number inside a query ranks its record first without requiring the other words', () => {
    expect(p('pin lithium WO2023/012807')).toBe(
      'OR(#[WO2023/012807] | AND(pin lithium "wo2023 012807"))',
    );
  });

  it('plans the number beside the words, so relaxation and boosts see only the words', () => {
    const plan = planQuery(parseQuery('phân bón hữu cơ EP3404678'));
    expect(plan.numbers?.text).toEqual(['EP3404678']);
    expect(show(plan.root)).toBe('AND(phân bón hữu cơ ep3404678)');
    expect(plan.numbers!.keys.every((k) => /^nk\d+$/.test(k))).toBe(true);
  });

  it('ignores numbers that are excluded, quoted, after a field prefix, or years and IPC codes', () => {
    for (const q of ['pin -US9358892', '"US9358892"', 'ti:US9358892', 'pin 2019', 'C05F 11/08']) {
      expect(p(q)).not.toContain('#[');
    }
  });
});
