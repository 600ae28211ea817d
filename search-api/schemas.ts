import { z } from 'zod';
import { TECHNOLOGY_FIELDS } from '../analyzers';
import { MAX_LIMIT, MAX_QUERY_LENGTH, DEFAULT_LIMIT } from '../search-index';
import { MAX_PRIOR_ART_TEXT } from '../discovery';

/**
 * One schema per endpoint: the same objects validate requests and generate the OpenAPI
 * document at /api/openapi.json, so the published contract cannot drift from the code.
 */
/**
 * What each parameter accepts, in words: the second half of every 400's message
 * (`<parameter>: <what was wrong>; allowed: <this>`), on the API and the CLI.
 */
export const ALLOWED: Record<string, string> = {
  q:
    `words, "phrases", -exclusions, a OR b, (groups), prefix*, field:word ` +
    `(docs/query-syntax.md), at most ${MAX_QUERY_LENGTH.toLocaleString('en')} characters`,
  type: 'patent or research',
  ipc: 'an IPC symbol or prefix: C, C05, C05F, C05F 11 or C05F 11/08',
  from: 'a date YYYY-MM-DD, not after to',
  to: 'a date YYYY-MM-DD',
  cutoff: 'a date YYYY-MM-DD',
  field: 'a WIPO technology field: its number 1-35 or its name, e.g. Pharmaceuticals',
  sector: [...new Set(TECHNOLOGY_FIELDS.map((f) => f.sector))].join(', '),
  explain: 'true or false',
  sort: 'relevance, readiness or date',
  limit: `a whole number, 1 or more (above ${MAX_LIMIT} counts as ${MAX_LIMIT})`,
  cursor: 'the nextCursor of the previous page, with the same query, filters and sort',
  text:
    'a claim, an abstract or a description (Vietnamese and/or English), ' +
    `up to ${MAX_PRIOR_ART_TEXT.toLocaleString('en')} characters`,
  id: 'a record id of 1 to 500 characters, percent-encoded',
  format: 'csv, ris, bibtex or json',
  request: 'one JSON object',
};

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD form')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
  }, 'is not a real date')
  .meta({ format: 'date' });

const limitParam = (byDefault: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(byDefault)
    .transform((n) => Math.min(n, MAX_LIMIT))
    .meta({ description: `1 or more; above ${MAX_LIMIT} is treated as ${MAX_LIMIT}` });

/** The parameters of a search: /api/search, and what export and feed take too. */
const searchParams = z.object({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
    .optional()
    .meta({
      description:
        'Query text: words (all required), "phrases", -exclusions, a OR b, prefix*. Empty or absent: browse by filters.',
    }),
  type: z.enum(['patent', 'research']).optional(),
  ipc: z
    .string()
    .max(20)
    .optional()
    .meta({ description: 'IPC prefix at any level: C, C05, C05F, C05F 11, C05F 11/08' }),
  from: isoDate.optional().meta({ description: 'Published on or after (YYYY-MM-DD)' }),
  to: isoDate.optional().meta({ description: 'Published on or before (YYYY-MM-DD)' }),
  field: z
    .string()
    .max(100)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const n = /^\d+$/.test(v)
        ? Number(v)
        : TECHNOLOGY_FIELDS.find((f) => f.field.toLowerCase() === v.trim().toLowerCase())?.number;
      if (n === undefined || !TECHNOLOGY_FIELDS.some((f) => f.number === n)) {
        ctx.addIssue({
          code: 'custom',
          message: 'is not a WIPO technology field',
        });
        return z.NEVER;
      }
      return n;
    })
    .meta({
      description: 'WIPO technology field: its number 1–35 or its name (e.g. "Pharmaceuticals")',
    }),
  sector: z
    .enum([...new Set(TECHNOLOGY_FIELDS.map((f) => f.sector))] as [string, ...string[]])
    .optional()
    .meta({ description: 'WIPO sector' }),
  explain: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .meta({ description: 'true: each hit carries the parts of its score' }),
  sort: z.enum(['relevance', 'date', 'readiness']).optional().meta({
    description:
      'relevance (default with a query): text with bounded readiness/field boosts; readiness: most ready first; date (default without a query): newest first',
  }),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(DEFAULT_LIMIT)
    .transform((n) => Math.min(n, MAX_LIMIT))
    .meta({
      description: `Hits per page, 1 or more; above ${MAX_LIMIT} is treated as ${MAX_LIMIT}`,
    }),
  cursor: z.string().max(2000).optional().meta({ description: 'nextCursor of the previous page' }),
});

const datesInOrder: [
  (v: { from?: string; to?: string }) => boolean,
  { message: string; path: string[] },
] = [(v) => !v.from || !v.to || v.from <= v.to, { message: 'is after to', path: ['from'] }];

export const searchQuerySchema = searchParams.refine(...datesInOrder);

export type SearchQuery = z.output<typeof searchQuerySchema>;

/** Most records one export holds. */
export const MAX_EXPORT = 1000;
export const EXPORT_FORMATS = ['csv', 'ris', 'bibtex', 'json'] as const;

export const exportQuerySchema = searchParams
  .omit({ cursor: true, limit: true, explain: true })
  .extend({
    format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }).meta({
      description:
        'csv (UTF-8 with BOM, opens in Excel), ris (reference managers), bibtex, json (whole records)',
    }),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(MAX_EXPORT)
      .transform((n) => Math.min(n, MAX_EXPORT))
      .meta({
        description: `Records in the file, the first of the result set in its order; default and most ${MAX_EXPORT}`,
      }),
  })
  .refine(...datesInOrder);

export const feedQuerySchema = searchParams
  .omit({ cursor: true, limit: true, explain: true, sort: true })
  .extend({
    lang: z
      .enum(['vi', 'en'])
      .default('vi')
      .meta({ description: 'Language of the feed title and labels' }),
    limit: limitParam(20),
  })
  .refine(...datesInOrder);

export const priorArtBodySchema = z.object({
  text: z
    .string({ error: 'is required: a claim, an abstract or a description' })
    .max(MAX_PRIOR_ART_TEXT, `must be at most ${MAX_PRIOR_ART_TEXT} characters`)
    .refine((t) => t.trim() !== '', 'is empty (only white space)')
    .meta({ description: 'A claim, abstract or whole description, Vietnamese and/or English' }),
  cutoff: isoDate.meta({
    description: 'Only records published strictly before this date (YYYY-MM-DD) are prior art',
  }),
  ipc: z
    .array(z.string().max(20))
    .max(20)
    .optional()
    .meta({ description: 'IPC codes of the application: a boost, not a filter' }),
  type: z.enum(['patent', 'research']).optional(),
  limit: limitParam(DEFAULT_LIMIT),
});

export const similarQuerySchema = z.object({
  type: z.enum(['patent', 'research']).optional(),
  limit: limitParam(10),
});

export const licenseesQuerySchema = z.object({ limit: limitParam(10) });

export const recordParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(500)
    .meta({ description: 'Record id, percent-encoded (OAI ids contain ":" and "/")' }),
});

const party = z.object({ name: z.string(), country: z.string().optional() });
const facetValues = z.array(z.object({ value: z.string(), count: z.number().int() }));

const hitSchema = z.object({
  id: z.string(),
  type: z.enum(['patent', 'research']),
  title: z.string(),
  score: z.number(),
  published: z.string().optional(),
  ipc: z.array(z.string()),
  applicants: z.array(party).optional(),
  creators: z.array(z.string()).optional(),
  lang: z.string(),
  technologyFields: z.array(
    z.object({
      number: z.number().int(),
      field: z.string(),
      sector: z.string(),
      confidence: z.number(),
      source: z.enum(['ipc', 'classifier']),
    }),
  ),
  readiness: z.object({ level: z.number().int(), score: z.number() }).optional(),
  explain: z
    .object({
      text: z.number(),
      readiness: z.number(),
      field: z.number(),
      boost: z.number(),
      score: z.number(),
    })
    .optional(),
  highlights: z
    .record(z.string(), z.array(z.string()))
    .meta({ description: 'Field → fragments; HTML-escaped, matches in <mark>' }),
});

export const searchResponseSchema = z.object({
  total: z.number().int(),
  hits: z.array(hitSchema),
  facets: z.object({
    type: facetValues,
    ipcSection: facetValues,
    ipcSubclass: facetValues,
    year: facetValues,
    technologyField: z.array(
      z.object({ value: z.string(), name: z.string(), count: z.number().int() }),
    ),
    sector: facetValues,
  }),
  nextCursor: z.string().optional(),
  relaxed: z.boolean().optional().meta({
    description:
      'Present (true) when records missing one query word were added below the full matches',
  }),
});

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  records: z.number().int(),
});

const related = z.array(
  z.object({
    id: z.string(),
    type: z.enum(['patent', 'research']),
    title: z.string(),
    published: z.string().optional(),
    reasons: z.array(
      z.object({
        kind: z.enum(['inventor', 'institution', 'cites', 'cited-by']),
        value: z.string(),
      }),
    ),
  }),
);

export const recordResponseSchema = z
  .object({
    id: z.string(),
    type: z.enum(['patent', 'research']),
    title: z.string(),
    abstract: z.string().optional(),
    lang: z.string(),
    published: z.string().optional(),
    source: z.object({
      file: z.string(),
      format: z.string(),
      position: z.number(),
      line: z.number().optional(),
    }),
    related: related.meta({
      description:
        'Patents and research results sharing an inventor/creator, an institution or a citation, with the reason for each link',
    }),
  })
  .passthrough()
  .meta({
    description:
      'The full record; patents and research records carry their own fields (README, "Record model")',
  });

const weightedTerm = z.object({
  term: z.string(),
  tf: z.number().int(),
  df: z.number().int().meta({ description: 'Records in the index that contain it' }),
  weight: z.number(),
  words: z.number().int(),
  vietnamese: z.boolean(),
  translations: z.array(z.string()),
});
const passage = z.object({ field: z.string(), text: z.string() });
const matchedTerms = z
  .array(z.string())
  .meta({ description: 'Key terms of the text this record contains, itself or translated' });

export const priorArtResponseSchema = z.object({
  cutoff: z.string(),
  dateField: z.literal('published'),
  total: z.number().int(),
  terms: z.array(weightedTerm),
  ipcBoost: z.array(z.string()),
  hits: z.array(
    hitSchema.extend({
      priority: z.array(
        z.object({ country: z.string(), number: z.string(), date: z.string().optional() }),
      ),
      filed: z.string().optional(),
      matchedTerms,
      passages: z.array(passage),
    }),
  ),
});

export const similarResponseSchema = z.object({
  id: z.string(),
  terms: z.array(weightedTerm),
  hits: z.array(hitSchema.extend({ matchedTerms })),
});

export const licenseesResponseSchema = z.object({
  id: z.string(),
  owners: z.array(z.string()),
  candidates: z.array(
    z.object({
      organisation: z.string(),
      aliases: z.array(z.string()),
      kind: z.enum(['company', 'academic', 'individual', 'other']),
      score: z.number(),
      evidence: z.object({
        records: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            published: z.string().optional(),
            href: z.string(),
            similarity: z.number(),
            relevance: z.number(),
          }),
        ),
        perYear: z.record(z.string(), z.number().int()),
        sharedFields: z.array(
          z.object({
            number: z.number().int(),
            field: z.string(),
            patents: z.number().int(),
            patentsInIndex: z.number().int(),
          }),
        ),
        sharedIpc: z.array(z.string()),
        sharedTerms: z.array(z.string()),
        citations: z.array(z.object({ from: z.string(), to: z.string() })),
      }),
    }),
  ),
});

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

const check = z.object({ ok: z.boolean(), error: z.string().optional() }).catchall(z.unknown());

export const readinessResponseSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ index: check, redis: check.optional() }),
});
