import { type TechnologyClassifier, loadDefaultClassifier } from './classifier';
import { fieldsFromIpc } from './concordance';
import type { TechnologyFieldAssignment } from './types';

/** The parts of a Cầu record (search-index/record.ts) its technology fields come from. */
export interface FieldSource {
  type: 'patent' | 'research';
  title: string;
  abstract?: string;
  lang: string;
  /** Patents: IPC codes, main first. */
  ipc?: readonly string[];
  /** Research: subject keywords. */
  subjects?: readonly string[];
}

/**
 * The technology fields of a record: a patent's from its IPC codes (confidence 1, source "ipc");
 * a research record's, or a patent's whose codes give no field, predicted from title, abstract
 * and subjects by the classifier (the shipped model unless another is given).
 */
export function assignTechnologyFields(
  record: FieldSource,
  classifier: TechnologyClassifier = loadDefaultClassifier(),
): TechnologyFieldAssignment[] {
  const fromIpc = record.type === 'patent' ? fieldsFromIpc(record.ipc ?? []) : [];
  if (fromIpc.length > 0) return fromIpc;
  return classifier.classify({
    title: record.title,
    abstract: record.abstract,
    subjects: record.subjects ? [...record.subjects] : undefined,
    lang: record.lang,
  });
}
