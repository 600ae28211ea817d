import { InvalidQueryError } from './errors';

/**
 * An IPC filter at any level of the hierarchy, as users type it: section "C", class "C05",
 * subclass "C05F", main group "C05F 11" (or "C05F11"), full symbol "C05F 11/08".
 */
export type IpcFilter =
  | { level: 'section' | 'class' | 'subclass'; prefix: string }
  | { level: 'group'; group: string }
  | { level: 'symbol'; symbol: string };

export function parseIpcFilter(raw: string): IpcFilter {
  const s = raw.normalize('NFKC').toUpperCase().replace(/\s+/g, ' ').trim();
  let m: RegExpExecArray | null;
  if (/^[A-H]$/.test(s)) return { level: 'section', prefix: s };
  if (/^[A-H]\d{2}$/.test(s)) return { level: 'class', prefix: s };
  if (/^[A-H]\d{2}[A-Z]$/.test(s)) return { level: 'subclass', prefix: s };
  if ((m = /^([A-H]\d{2}[A-Z]) ?0*(\d{1,4})(?:\/(\d{1,6}))?$/.exec(s))) {
    const group = `${m[1]} ${Number(m[2])}`;
    return m[3] === undefined
      ? { level: 'group', group }
      : { level: 'symbol', symbol: `${group}/${m[3]}` };
  }
  throw new InvalidQueryError(
    `ipc must be an IPC symbol or prefix such as "C", "C05", "C05F", "C05F 11" or "C05F 11/08"; got ${JSON.stringify(raw)}`,
  );
}

/** The one index token (see ipcTokens) that every code under this filter carries. */
export function ipcFilterToken(f: IpcFilter): string {
  const v = f.level === 'group' ? f.group : f.level === 'symbol' ? f.symbol : f.prefix;
  return `ipc_${v.replace(' ', '').replace('/', '_')}`.toLowerCase();
}
