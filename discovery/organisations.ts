import { applicantType, baseTokens, foldDiacritics } from '../analyzers';
import type { CauRecord } from '../model';
import { ORGANISATION_ALIASES } from './organisation-aliases';

export type OrganisationKind = 'company' | 'academic' | 'individual' | 'other';

export interface Organisation {
  /** Equal for every way of writing one organisation. */
  key: string;
  /** The name as the source wrote it (callers pick the most frequent). */
  name: string;
  kind: OrganisationKind;
}

/**
 * One organisation, however a source writes it: case and tone marks ("CÔNG TY" / "Cong ty"),
 * legal forms ("Công ty TNHH", "Công ty Cổ phần", "JSC", "Co., Ltd.", "Corporation",
 * "Kabushiki Kaisha"), "Trường Đại học X" = "Đại học X" = "X University" = "University of X",
 * abbreviations (ĐHQG, TP.HCM), a department before its university ("Khoa Thủy sản, Trường Đại
 * học Cần Thơ" is Cần Thơ University), and translated names from a short alias table.
 */
export function normaliseOrganisation(name: string): Organisation {
  const parts = name
    .replace(/\([^)]*\)/g, ' ')
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const kind = organisationKind(name);
  const whole = canonical(parts.join(' '));
  if (ALIASES.has(whole)) return { key: ALIASES.get(whole)!, name, kind };
  // The institution of "department, institution[, parent]": the first part that is one.
  const at = parts.findIndex(
    (p, i) => isInstitution(p) && !(isDepartment(p) && i < parts.length - 1),
  );
  const i = at >= 0 ? at : 0;
  const own = canonical(parts[i] ?? name);
  const withParent = parts[i + 1] ? canonical(`${parts[i]} ${parts[i + 1]}`) : undefined;
  const key =
    (withParent && ALIASES.get(withParent)) ?? ALIASES.get(own) ?? (own || whole || name.trim());
  return { key, name, kind };
}

function organisationKind(name: string): OrganisationKind {
  const kind = applicantType(name) as OrganisationKind;
  // A short name with no legal form reads like a person's ("Viettel Group", "Khoa Y, ĐHQG").
  if (kind === 'individual' && /[,;]|\b(group|holdings?)\b/i.test(name)) return 'other';
  return kind;
}

/** The words to look an organisation up by in a search (its name without legal forms). */
export function organisationWords(name: string): string[] {
  return baseTokens(stripLegalForms(simplify(name))).tokens.map((t) => t.term);
}

const LEGAL_PREFIXES = [
  'cong ty trach nhiem huu han mot thanh vien',
  'cong ty trach nhiem huu han hai thanh vien tro len',
  'cong ty trach nhiem huu han',
  'cong ty tnhh mot thanh vien',
  'cong ty tnhh mtv',
  'cong ty tnhh',
  'cong ty co phan',
  'cong ty cp',
  'ctcp',
  'cong ty',
  'tong cong ty',
  'doanh nghiep tu nhan',
];
const LEGAL_SUFFIXES = [
  'joint stock company',
  'joint stock co',
  'jsc',
  'company limited',
  'co ltd',
  'co limited',
  'limited',
  'ltd',
  'corporation',
  'corp',
  'incorporated',
  'inc',
  'llc',
  'plc',
  'gmbh',
  'ag',
  'se',
  'sa',
  's a',
  'spa',
  's p a',
  'bv',
  'b v',
  'nv',
  'n v',
  'kk',
  'k k',
  'kabushiki kaisha',
  'co',
  'company',
  'ab',
  'oy',
];
/** Written-out forms of abbreviations Vietnamese names use. */
const EXPANSIONS: [RegExp, string][] = [
  [/\bdhqg\b/g, 'dai hoc quoc gia'],
  [/\bdhbk\b/g, 'dai hoc bach khoa'],
  [/\bdh\b/g, 'dai hoc'],
  [
    /\btp ?hcm\b|\bthanh pho ho chi minh\b|\btp ho chi minh\b|\bho chi minh city\b|\bhcm city\b/g,
    'hcmc',
  ],
  [/\bhcm\b/g, 'hcmc'],
  [/\bvnu ?hcmc?\b/g, 'dai hoc quoc gia hcmc'],
  [/\bha noi\b/g, 'hanoi'],
  [/\bda nang\b/g, 'danang'],
  [/&/g, ' and '],
];

/** Folded, lower case, abbreviations written out, punctuation as spaces. */
function simplify(name: string): string {
  let s = ` ${foldDiacritics(name.normalize('NFC')).toLowerCase()} `;
  s = s.replace(/[^\p{L}\p{N}&]+/gu, ' ');
  for (const [re, to] of EXPANSIONS) s = s.replace(re, to);
  return s.replace(/\s+/g, ' ').trim();
}

function stripLegalForms(s: string): string {
  let out = ` ${s} `;
  for (const p of LEGAL_PREFIXES) if (out.startsWith(` ${p} `)) out = out.slice(p.length + 1);
  let changed = true;
  while (changed) {
    changed = false;
    for (const f of LEGAL_SUFFIXES) {
      if (out.endsWith(` ${f} `) && out.trim() !== f) {
        out = out.slice(0, out.length - f.length - 1);
        changed = true;
      }
    }
  }
  return out.trim();
}

/** The comparable form: legal forms gone, university names in one word order. */
function canonical(name: string): string {
  let s = stripLegalForms(simplify(name));
  s = s.replace(/^truong /, '');
  let m: RegExpExecArray | null;
  if ((m = /^dai hoc (.+)$/.exec(s))) s = `university ${m[1]}`;
  else if ((m = /^(?:the )?university of (.+)$/.exec(s))) s = `university ${m[1]}`;
  else if ((m = /^(.+) university$/.exec(s))) s = `university ${m[1]}`;
  return s;
}

function isInstitution(part: string): boolean {
  return /\b(dai hoc|university|hoc vien|academy|vien|institute|cong ty|corporation|tap doan)\b/.test(
    simplify(part),
  );
}

/** A faculty, school or college inside a university. */
function isDepartment(part: string): boolean {
  return /^(khoa|faculty|college|school|department|bo mon|truong (?!dai hoc)|vien (?!han lam)|institute)/.test(
    simplify(part),
  );
}

const ALIASES: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const names of ORGANISATION_ALIASES) {
    const key = canonical(names[0]!);
    for (const n of names) m.set(canonical(n.replace(/\([^)]*\)/g, ' ')), key);
  }
  return m;
})();

/**
 * The organisations a record belongs to: a patent's applicants; a research result's publisher
 * and the institutions its authors are affiliated with (OpenAlex, Crossref, CERIF).
 */
export function institutionsOf(r: CauRecord): string[] {
  return institutionEntries(r).map((i) => i.name);
}

/** institutionsOf with each institution's ROR id when the source gives one. */
export function institutionEntries(r: CauRecord): { name: string; ror?: string }[] {
  if (r.type === 'patent') return r.applicants.map((a) => ({ name: a.name }));
  const out: { name: string; ror?: string }[] = r.publisher ? [{ name: r.publisher }] : [];
  for (const i of r.institutions ?? []) {
    if (!out.some((o) => o.name === i.name)) out.push(i.ror ? { name: i.name, ror: i.ror } : i);
  }
  return out;
}

/**
 * Whether two institutions are one: a ROR id names an institution exactly, so two RORs decide;
 * otherwise (a patent applicant has none) their normalised names.
 */
export function sameInstitution(
  a: { name: string; ror?: string },
  b: { name: string; ror?: string },
): boolean {
  if (a.ror && b.ror) return rorId(a.ror) === rorId(b.ror);
  return normaliseOrganisation(a.name).key === normaliseOrganisation(b.name).key;
}

function rorId(ror: string): string {
  return ror.replace(/^https?:\/\/ror\.org\//i, '').toLowerCase();
}
