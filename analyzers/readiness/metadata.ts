import type { PatentRecord, ResearchRecord } from '../../model';
import { foldDiacritics } from '../normalize';
import { Automaton } from './automaton';
import { ACADEMIC_NAMES, COMPANY_NAMES, COMPANY_NAMES_CASED } from './cues';
import { scanField } from './field';
import { CLASSES } from './numbers';
import type { ReadinessSignal } from './types';
import { FALLBACK, type ReadinessWeights, type ResearchType } from './weights';

/** What the record's kind, applicants and filings say, and the level to use without stage words. */
export interface Base {
  name: string;
  evidence: string;
  range: readonly [number, number];
  /**
   * The kind or type signal, when its fallback range is its own (utility solutions, research
   * types): without stage evidence it has set the level, so it does not also nudge it.
   */
  own?: ReadinessSignal;
}

export function patentSignals(
  record: PatentRecord,
  weak: ReadinessSignal[],
  weights: Readonly<ReadinessWeights>,
): Base {
  const kind = (record.kind ?? '').toUpperCase();
  let base: Base = { name: 'fallback:patent', evidence: kind || record.id, range: FALLBACK.patent };
  if (/^[UY]/.test(kind)) {
    const own = { name: 'kind:utility-solution', weight: weights.utility, evidence: kind };
    weak.push(own);
    base = { name: 'fallback:utility-solution', evidence: kind, range: FALLBACK.utility, own };
  } else if (/^[BC]/.test(kind)) {
    weak.push({ name: 'kind:granted', weight: weights.granted, evidence: kind });
    base = { name: 'fallback:granted-patent', evidence: kind, range: FALLBACK.patent };
  } else if (/^A/.test(kind)) {
    weak.push({ name: 'kind:application', weight: weights.application, evidence: kind });
    base = { name: 'fallback:patent-application', evidence: kind, range: FALLBACK.patent };
  }

  const companies: string[] = [];
  const academic: string[] = [];
  const individuals: string[] = [];
  for (const a of record.applicants) {
    const type = applicantType(a.name);
    if (type === 'company') companies.push(a.name);
    else if (type === 'academic') academic.push(a.name);
    else if (type === 'individual') individuals.push(a.name);
  }
  if (companies.length) {
    weak.push({
      name: 'applicant:company',
      weight: weights.company,
      evidence: companies.join('; '),
    });
  }
  if (academic.length) {
    weak.push({
      name: 'applicant:university-or-institute',
      weight: companies.length ? 0 : weights.academicOnly,
      evidence: academic.join('; '),
    });
  }
  if (individuals.length) {
    weak.push({
      name: 'applicant:individual',
      weight: weights.individual,
      evidence: individuals.join('; '),
    });
  }

  const office = (record.country ?? '').toUpperCase();
  const abroad = record.priority.filter((p) => p.country && p.country.toUpperCase() !== office);
  if (abroad.length) {
    weak.push({
      name: 'priority-abroad',
      weight: weights.priorityAbroad,
      evidence: abroad.map((p) => `${p.country} ${p.number}`.trim()).join('; '),
    });
  }
  return base;
}

let names: Automaton<'company' | 'academic'> | undefined;

/** Company (a legal form), university or public body, individual (a short personal name), other. */
export function applicantType(name: string): 'company' | 'academic' | 'individual' | 'other' {
  names ??= new Automaton<'company' | 'academic'>(
    [
      ...COMPANY_NAMES.map((phrase) => ({ phrase, value: 'company' as const })),
      ...ACADEMIC_NAMES.map((phrase) => ({ phrase, value: 'academic' as const })),
    ],
    CLASSES,
  );
  const f = scanField(name);
  const found = new Set(names.scan(f).map((m) => m.value));
  if (found.has('company') || COMPANY_NAMES_CASED.test(f.source)) return 'company';
  if (found.has('academic')) return 'academic';
  const words = f.source.split(/\s+/).filter(Boolean);
  if (words.length >= 2 && words.length <= 6 && !/[\d&/]/.test(f.source)) return 'individual';
  return 'other';
}

export function researchSignals(
  record: ResearchRecord,
  weak: ReadinessSignal[],
  weights: Readonly<ReadinessWeights>,
): Base {
  const raw = record.resourceType ?? '';
  const type = researchType(raw);
  const own = { name: `type:${type}`, weight: weights.research[type], evidence: raw || '(none)' };
  weak.push(own);
  return {
    name: `fallback:${type}`,
    evidence: raw || '(none)',
    range: FALLBACK.research[type],
    own,
  };
}

export function researchType(resourceType: string): ResearchType {
  const s = foldDiacritics(resourceType).toLowerCase();
  if (/doctor|phd|ph\.d|dissertation|luan an/.test(s)) return 'doctoral-thesis';
  if (/thesis|master|luan van|khoa luan/.test(s)) return 'thesis';
  if (/report|bao cao/.test(s)) return 'technical-report';
  if (/data ?set|du lieu/.test(s)) return 'dataset';
  if (/working ?paper|preprint|discussion paper|ban thao/.test(s)) return 'working-paper';
  if (/article|journal|paper|conference|proceedings|bai bao/.test(s)) return 'article';
  return 'other';
}
