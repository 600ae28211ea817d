import { z } from 'zod';
import {
  errorResponseSchema,
  exportQuerySchema,
  feedQuerySchema,
  healthResponseSchema,
  readinessResponseSchema,
  licenseesQuerySchema,
  licenseesResponseSchema,
  priorArtBodySchema,
  priorArtResponseSchema,
  recordParamsSchema,
  recordResponseSchema,
  searchQuerySchema,
  searchResponseSchema,
  similarQuerySchema,
  similarResponseSchema,
} from './schemas';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete s.$schema;
  return s;
}

/** Turns an object schema's properties into OpenAPI parameters of one location. */
function parameters(schema: z.ZodType, where: 'query' | 'path'): object[] {
  const s = jsonSchema(schema, 'input');
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || (s.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const json = (schema: z.ZodType, description: string): object => ({
  description,
  content: { 'application/json': { schema: jsonSchema(schema, 'output') } },
});

const errors = {
  '400': json(
    errorResponseSchema,
    'Bad parameter or malformed query: "<parameter>: <what was wrong>; allowed: <what is allowed>"',
  ),
  '429': json(errorResponseSchema, "Over the client's rate-limit budget; see Retry-After"),
  '503': json(errorResponseSchema, 'Index unavailable'),
};

/** OpenAPI 3.1 (whose schemas are JSON Schema 2020-12, what zod emits). */
export function openApiDocument(version: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cầu search API',
      version,
      description:
        'Vietnamese and English patents and research results. Errors are { error: { code, message } }.',
    },
    paths: {
      '/api/health': {
        get: {
          summary: 'Liveness and record count',
          responses: { '200': json(healthResponseSchema, 'OK') },
        },
      },
      '/api/ready': {
        get: {
          summary: 'Readiness: whether the index (and Redis, when configured) answer',
          responses: {
            '200': json(readinessResponseSchema, 'Ready'),
            '503': json(readinessResponseSchema, 'A dependency does not answer'),
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Search records',
          parameters: parameters(searchQuerySchema, 'query'),
          responses: { '200': json(searchResponseSchema, 'A page of hits'), ...errors },
        },
      },
      '/api/export': {
        get: {
          summary:
            'The result set of a search as a file: CSV (UTF-8 with BOM), RIS, BibTeX or JSON; up to 1,000 records, streamed',
          parameters: parameters(exportQuerySchema, 'query'),
          responses: {
            '200': {
              description:
                'An attachment named after the query and the date; the query and the date are also inside the file',
              content: Object.fromEntries(
                [
                  'text/csv',
                  'application/x-research-info-systems',
                  'application/x-bibtex',
                  'application/json',
                ].map((t) => [t, { schema: { type: 'string' } }]),
              ),
            },
            ...errors,
          },
        },
      },
      '/api/feed': {
        get: {
          summary: 'The newest matches of a search as an Atom 1.0 feed (no account needed)',
          parameters: parameters(feedQuerySchema, 'query'),
          responses: {
            '200': {
              description:
                'Atom feed, newest first; records without a publication date are left out',
              content: { 'application/atom+xml': { schema: { type: 'string' } } },
            },
            ...errors,
          },
        },
      },
      '/api/prior-art': {
        post: {
          summary:
            'Prior art for a claim, abstract or description: records published before a cutoff',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(priorArtBodySchema, 'input') } },
          },
          responses: {
            '200': json(priorArtResponseSchema, 'Hits with matched terms and passages'),
            '415': json(errorResponseSchema, 'The body is not JSON'),
            ...errors,
          },
        },
      },
      '/api/records/{id}/similar': {
        get: {
          summary: 'Records about the same thing, in either language, without its own family',
          parameters: [
            ...parameters(recordParamsSchema, 'path'),
            ...parameters(similarQuerySchema, 'query'),
          ],
          responses: {
            '200': json(similarResponseSchema, 'Similar records'),
            '404': json(errorResponseSchema, 'No record with this id'),
            ...errors,
          },
        },
      },
      '/api/records/{id}/licensees': {
        get: {
          summary: 'Organisations most likely to license this result or patent, with evidence',
          parameters: [
            ...parameters(recordParamsSchema, 'path'),
            ...parameters(licenseesQuerySchema, 'query'),
          ],
          responses: {
            '200': json(licenseesResponseSchema, 'Candidates, best first'),
            '404': json(errorResponseSchema, 'No record with this id'),
            ...errors,
          },
        },
      },
      '/api/records/{id}': {
        get: {
          summary: 'One record, whole, with its related records',
          parameters: parameters(recordParamsSchema, 'path'),
          responses: {
            '200': json(recordResponseSchema, 'The record'),
            '404': json(errorResponseSchema, 'No record with this id'),
            ...errors,
          },
        },
      },
    },
  };
}
