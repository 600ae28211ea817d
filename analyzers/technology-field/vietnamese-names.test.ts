import { FIELD_NAMES_VI, SECTOR_NAMES_VI, TECHNOLOGY_FIELDS } from '.';

// An interface in Vietnamese must never fall back to an English field or sector name.
describe('Vietnamese technology field names', () => {
  it('names every field and every sector of the concordance, and nothing else', () => {
    expect(
      Object.keys(FIELD_NAMES_VI)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(TECHNOLOGY_FIELDS.map((f) => f.number).sort((a, b) => a - b));
    expect(Object.keys(SECTOR_NAMES_VI).sort()).toEqual(
      [...new Set(TECHNOLOGY_FIELDS.map((f) => f.sector))].sort(),
    );
  });

  it('gives each field its own name, in NFC, different from the English one', () => {
    const names = Object.values(FIELD_NAMES_VI);
    expect(new Set(names).size).toBe(names.length);
    for (const f of TECHNOLOGY_FIELDS) {
      const vi = FIELD_NAMES_VI[f.number]!;
      expect(vi).toBe(vi.normalize('NFC'));
      expect(vi.toLowerCase()).not.toBe(f.field.toLowerCase());
    }
  });
});
