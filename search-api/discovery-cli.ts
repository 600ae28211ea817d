import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  licensees,
  priorArt,
  relatedRecords,
  similarRecords,
  type LicenseesResponse,
  type PriorArtResponse,
  type RelatedRecord,
  type SimilarResponse,
} from '../discovery';
import { RecordNotFoundError, resolveRecord, type SearchIndex } from '../search-index';
import { validate, type ParamName } from './errors';
import { licenseesQuerySchema, priorArtBodySchema, similarQuerySchema } from './schemas';

export interface DiscoveryCliContext {
  openIndex(): SearchIndex;
  stdout: NodeJS.WritableStream;
  readStdin(): string;
}

/** Bad arguments are usage errors (exit 2): the same schemas as the API decide. */
type Usage = (message: string) => Error;

/** CLI spelling of a request parameter, for messages (`limit` → `--limit`). */
const cliName: ParamName = (p) => `--${p.split('.')[0]}`;

/**
 * `cau prior-art`, `cau similar`, `cau licensees`, `cau related`: the API's discovery
 * endpoints from a terminal, with the same validation and the same JSON under --json.
 */
export function registerDiscoveryCommands(
  program: Command,
  ctx: DiscoveryCliContext,
  usage: Usage,
): void {
  const checked = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw usage((e as Error).message);
    }
  };
  const withIndex = async <T>(fn: (index: SearchIndex) => Promise<T>): Promise<T> => {
    const index = ctx.openIndex();
    try {
      return await fn(index);
    } finally {
      await index.close();
    }
  };
  const print = <T>(json: boolean | undefined, value: T, human: (v: T) => string): void => {
    ctx.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : human(value));
  };

  program
    .command('prior-art')
    .description('records published before a cutoff that disclose what a text claims')
    .requiredOption('--cutoff <date>', 'only records published strictly before YYYY-MM-DD')
    .option('--file <path>', 'the claim, abstract or description ("-" reads standard input)')
    .option('--text <text>', 'the text itself, instead of --file')
    .option('--ipc <codes>', 'IPC codes of the application, comma-separated (a boost)')
    .option('--type <type>', 'patent or research')
    .option('--limit <n>', 'number of hits (1-100)', '10')
    .option('--json', 'print the API response JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      if (Boolean(opts.file) === Boolean(opts.text)) {
        throw usage(
          `--text/--file: ${opts.file ? 'both given' : 'missing'}; allowed: one of --text <text>, ` +
            '--file <path> or --file - (standard input)',
        );
      }
      const text = opts.text
        ? String(opts.text)
        : checked(() => {
            try {
              return opts.file === '-' ? ctx.readStdin() : readFileSync(String(opts.file), 'utf8');
            } catch (e) {
              const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
              throw new Error(
                `--file: ${JSON.stringify(opts.file)} cannot be read (${code}); allowed: a readable text file, or - for standard input`,
              );
            }
          });
      const req = checked(() =>
        validate(
          priorArtBodySchema,
          {
            text,
            cutoff: opts.cutoff,
            ipc: opts.ipc
              ? String(opts.ipc)
                  .split(',')
                  .map((c) => c.trim())
              : undefined,
            type: opts.type,
            limit: opts.limit,
          },
          cliName,
        ),
      );
      const res = await withIndex((index) => priorArt(index, req));
      print(Boolean(opts.json), res, formatPriorArt);
    });

  program
    .command('similar')
    .description('records about the same thing as a stored record, in either language')
    .argument('<id>', 'record id')
    .option('--type <type>', 'patent or research')
    .option('--limit <n>', 'number of hits (1-100)', '10')
    .option('--json', 'print the API response JSON')
    .action(async (id: string, opts: Record<string, string | boolean | undefined>) => {
      const q = checked(() =>
        validate(similarQuerySchema, { type: opts.type, limit: opts.limit }, cliName),
      );
      const res = await withIndex((index) => similarRecords(index, id, q));
      print(Boolean(opts.json), res, formatSimilar);
    });

  program
    .command('licensees')
    .description('organisations most likely to license a research result or patent')
    .argument('<id>', 'record id')
    .option('--limit <n>', 'number of candidates (1-100)', '10')
    .option('--json', 'print the API response JSON')
    .action(async (id: string, opts: Record<string, string | boolean | undefined>) => {
      const q = checked(() => validate(licenseesQuerySchema, { limit: opts.limit }, cliName));
      const res = await withIndex((index) => licensees(index, id, q));
      print(Boolean(opts.json), res, formatLicensees);
    });

  program
    .command('related')
    .description('patents and research sharing people, institutions or citations with a record')
    .argument('<id>', 'record id')
    .option('--json', 'print the links as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const related = await withIndex(async (index) => {
        const record = await resolveRecord(index, id);
        if (!record) throw new RecordNotFoundError(id);
        return relatedRecords(index, record);
      });
      print(opts.json, related, formatRelated);
    });
}

const plain = (s: string): string =>
  s
    .replace(/<\/?mark>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

function formatPriorArt(r: PriorArtResponse): string {
  const lines = [
    `${r.total} record${r.total === 1 ? '' : 's'} published before ${r.cutoff}`,
    `terms: ${r.terms.map((t) => t.term).join(', ')}`,
  ];
  if (r.ipcBoost.length) lines.push(`IPC boost: ${r.ipcBoost.join(', ')}`);
  r.hits.forEach((h, i) => {
    const prio = h.priority.map((p) => `${p.country} ${p.date ?? ''}`.trim()).join(', ');
    lines.push('', `${i + 1}. ${h.title}`);
    lines.push(
      `   ${[h.id, `published ${h.published ?? '?'}`, prio && `priority ${prio}`].filter(Boolean).join(' | ')}`,
    );
    lines.push(`   matched: ${h.matchedTerms.join(', ') || '(IPC only)'}`);
    for (const p of h.passages.slice(0, 2)) lines.push(`   [${p.field}] ${plain(p.text)}`);
  });
  return `${lines.join('\n')}\n`;
}

function formatSimilar(r: SimilarResponse): string {
  const lines = [`similar to ${r.id} (terms: ${r.terms.map((t) => t.term).join(', ')})`];
  r.hits.forEach((h, i) => {
    lines.push(`${i + 1}. ${h.title}`);
    lines.push(
      `   ${h.id} | ${h.type} | ${h.lang} | ${h.published ?? ''} | ${h.matchedTerms.join(', ')}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function formatLicensees(r: LicenseesResponse): string {
  const lines = [`licensee candidates for ${r.id} (owner: ${r.owners.join('; ') || 'none'})`];
  if (r.candidates.length === 0) {
    lines.push('', 'none: no patent in the index is close enough to what this record is about');
  }
  r.candidates.forEach((c, i) => {
    const years = Object.entries(c.evidence.perYear)
      .map(([y, n]) => `${y}:${n}`)
      .join(' ');
    lines.push('', `${i + 1}. ${c.organisation} (${c.kind}, score ${c.score})`);
    lines.push(`   patents: ${c.evidence.records.map((x) => x.id).join(', ')} | by year ${years}`);
    if (c.evidence.sharedFields.length) {
      lines.push(`   shared fields: ${c.evidence.sharedFields.map((f) => f.field).join('; ')}`);
    }
    if (c.evidence.sharedIpc.length) {
      lines.push(`   shared IPC groups: ${c.evidence.sharedIpc.join(', ')}`);
    }
    if (c.evidence.sharedTerms.length) {
      lines.push(`   shared terms: ${c.evidence.sharedTerms.join(', ')}`);
    }
    if (c.evidence.citations.length) {
      lines.push(
        `   citations: ${c.evidence.citations.map((x) => `${x.from} → ${x.to}`).join(', ')}`,
      );
    }
  });
  return `${lines.join('\n')}\n`;
}

function formatRelated(related: RelatedRecord[]): string {
  if (related.length === 0) return 'no related records\n';
  return `${related
    .map(
      (r) =>
        `${r.id} | ${r.type} | ${r.title}\n   ${r.reasons.map((x) => `${x.kind}: ${x.value}`).join('; ')}`,
    )
    .join('\n')}\n`;
}
