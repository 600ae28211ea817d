import type { CauRecord, PatentRecord } from '../model';

/**
 * Whether two patent documents belong to one family: publications of the same application
 * (A and B of one filing), or filings that claim the same priority, or one being the other's
 * priority application. Similar-record lists leave a record's family out: it is the same
 * invention, not a related one.
 */
export function sameFamily(a: CauRecord, b: CauRecord): boolean {
  if (a.type !== 'patent' || b.type !== 'patent') return false;
  if (a.country === b.country && a.docNumber === b.docNumber) return true;
  const appA = applicationKey(a);
  const appB = applicationKey(b);
  if (appA && appA === appB) return true;
  const prioA = new Set(a.priority.map((p) => numberKey(p.country, p.number)));
  const prioB = b.priority.map((p) => numberKey(p.country, p.number));
  if (prioB.some((k) => prioA.has(k))) return true;
  return (appA !== undefined && prioB.includes(appA)) || (appB !== undefined && prioA.has(appB));
}

function applicationKey(r: PatentRecord): string | undefined {
  return r.applicationNumber ? numberKey(r.country, r.applicationNumber) : undefined;
}

/** Offices write one number with and without separators: "1-2019-01234" = "1201901234". */
function numberKey(country: string, number: string): string {
  return `${country.toUpperCase()}:${number.replace(/[^0-9A-Za-z]/g, '').toUpperCase()}`;
}

/** The IPC main group of a symbol: "C05F 11/08" → "C05F 11". */
export function mainGroup(code: string): string {
  return code.split('/')[0]!;
}
