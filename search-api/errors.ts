import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { z } from 'zod';
import {
  CauError,
  IndexUnavailableError,
  InvalidQueryError,
  RecordNotFoundError,
  SchemaVersionError,
} from '../search-index';
import type { Logger } from './logging';
import { ALLOWED } from './schemas';

/** A request parameter failed its schema. */
export class BadRequestError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_request', message, options);
  }
}

export class RouteNotFoundError extends CauError {
  constructor(method: string, path: string) {
    super('not_found', `no endpoint ${method} ${path}`);
  }
}

/** A request body that is not JSON (express.json() would silently ignore it). */
export class UnsupportedMediaTypeError extends CauError {
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}

/** A client over its rate-limit budget (the limiter has set Retry-After). */
export class RateLimitedError extends CauError {
  constructor(message: string) {
    super('rate_limited', message);
  }
}

/**
 * One wording for every refused parameter, on the API and the CLI alike:
 * `<parameter>: <what was wrong>; allowed: <what is allowed>`. `name` turns a parameter into
 * what the caller typed (`limit` on the API, `--limit` on the CLI).
 */
export type ParamName = (param: string) => string;
const asIs: ParamName = (p) => p;

export function problem(param: string, what: string, name: ParamName = asIs): string {
  const allowed = ALLOWED[param.split('.')[0]!];
  return `${name(param)}: ${what}${allowed ? `; allowed: ${allowed}` : ''}`;
}

/** A value as the message shows it: quoted, and short (it came from the client). */
function shown(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(s && s.length > 40 ? `${s.slice(0, 40)}…` : (s ?? ''));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v == null ? undefined : (v as Record<PropertyKey, unknown>)[k];
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
};

/** What was wrong with one value, from a zod issue (custom refinements say it themselves). */
function whatWasWrong(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value) && issue.code === 'invalid_type' && issue.expected !== 'array') {
    return 'given more than once';
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `${shown(value)} is not a whole number`;
      if (issue.expected === 'number') return `${shown(value)} is not a number`;
      return `${shown(value)} is not ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}`;
    case 'invalid_value':
      return `${shown(value)} is not one of the choices`;
    case 'too_big':
      if (issue.origin === 'string') return `${String(value).length} characters is too long`;
      if (issue.origin === 'array') return `${(value as unknown[]).length} values are too many`;
      return `${shown(value)} is too large`;
    case 'too_small':
      if (issue.origin === 'string') return 'is empty';
      if (issue.origin === 'array') return 'is empty';
      return `${shown(value)} is too small`;
    case 'invalid_format':
      return `${shown(value)} is not in the right form`;
    default:
      return `${shown(value)} ${issue.message}`;
  }
}

/**
 * Parses `input` with `schema`, or throws a BadRequestError that names each bad parameter,
 * what was wrong with it and what is allowed.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  name: ParamName = asIs,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const issue of result.error.issues) {
    const param = issue.path.map(String).join('.') || 'request';
    if (seen.has(param)) continue; // one problem per parameter is enough to fix it
    seen.add(param);
    const value = valueAt(input, issue.path);
    const what =
      issue.code === 'custom' && value !== undefined
        ? `${shown(value)} ${issue.message}`
        : whatWasWrong(issue, value);
    problems.push(problem(param, what, name));
  }
  throw new BadRequestError(problems.join('; and '), { cause: result.error });
}

/**
 * Engines and the query parser do not know what the caller called a parameter: their messages
 * are reworded here, by their opening words, into the same form as the schemas' (rules as
 * data). Messages already in that form pass unchanged.
 */
const ENGINE_MESSAGES: [RegExp, string, string][] = [
  [/^cursor is (.*)$/s, 'cursor', '$1'],
  [/^cursor (belongs .*)$/s, 'cursor', '$1'],
  [/^ipc must be .*; got (.*)$/s, 'ipc', '$1 is not an IPC symbol or prefix'],
  [/^sector must be .*$/s, 'sector', 'is not a WIPO sector'],
  [/^query syntax: (.*) \(at character (\d+)\)$/s, 'q', '$1 at character $2'],
  [/^query is (\d+) characters long.*$/s, 'q', '$1 characters is too long'],
  [/^query (has .*)$/s, 'q', '$1'],
  [/^a query (.*)$/s, 'q', '$1'],
  [/^text is (.*)$/s, 'text', '$1'],
  [/^cutoff must be (.*)$/s, 'cutoff', 'is not $1'],
];

export function reworded(message: string, name: ParamName = asIs): string {
  for (const [re, param, what] of ENGINE_MESSAGES) {
    if (re.test(message)) return problem(param, message.replace(re, what), name);
  }
  return message;
}

const STATUS: [new (...args: never[]) => CauError, number][] = [
  [BadRequestError, 400],
  [InvalidQueryError, 400],
  [RecordNotFoundError, 404],
  [RouteNotFoundError, 404],
  [UnsupportedMediaTypeError, 415],
  [RateLimitedError, 429],
  [IndexUnavailableError, 503],
  [SchemaVersionError, 503],
];

/** The HTTP status of a typed error (500 for one not listed): also what the pages answer with. */
export function httpStatus(err: CauError): number {
  return STATUS.find(([cls]) => err instanceof cls)?.[1] ?? 500;
}

/**
 * Errors whose message names files on the server: the client gets a sentence without them,
 * the log gets the whole message.
 */
const PUBLIC_MESSAGE: [new (...args: never[]) => CauError, string][] = [
  [
    SchemaVersionError,
    'the index was written by another version of Cầu and cannot be read; the server log says what to do',
  ],
];

export const notFound: RequestHandler = (req, _res, next) => {
  next(new RouteNotFoundError(req.method, req.path));
};

/** body-parser's own errors, by their `type`. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload_too_large', 'request body: too large; allowed: up to 512 KB'],
  'entity.parse.failed': [
    400,
    'bad_request',
    'request body: not valid JSON; allowed: one JSON object',
  ],
  'charset.unsupported': [
    415,
    'unsupported_media_type',
    'request body: the charset is not supported; allowed: UTF-8 JSON',
  ],
  'encoding.unsupported': [
    415,
    'unsupported_media_type',
    'request body: the Content-Encoding is not supported; allowed: identity, gzip, deflate, br',
  ],
};

/**
 * The one place errors become HTTP: typed errors by class, body-parser's errors by their type,
 * anything else a 500 whose details go to the log (with the request id the client also gets),
 * never to the client: no stack trace, no file path in a response.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request & { id?: unknown }, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const log = (req as { log?: Logger }).log ?? logger;
    const send = (status: number, code: string, message: string): void => {
      res.status(status).json({ error: { code, message } });
    };
    if (err instanceof CauError) {
      const status = httpStatus(err);
      const hidden = PUBLIC_MESSAGE.find(([cls]) => err instanceof cls)?.[1];
      if (status >= 500) log.error({ err }, `${err.name}: ${err.message}`);
      const message =
        hidden ?? (err instanceof InvalidQueryError ? reworded(err.message) : err.message);
      send(status, err.code, status === 500 ? internal(req) : message);
      return;
    }
    const type = (err as { type?: string }).type;
    const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    if (known) return send(...known);
    if (typeof type === 'string' && type.startsWith('entity.')) {
      return send(400, 'bad_request', 'request body: could not be read; allowed: one JSON object');
    }
    log.error({ err }, `unexpected error: ${(err as Error)?.message ?? String(err)}`);
    send(500, 'internal', internal(req));
  };
}

function internal(req: { id?: unknown }): string {
  return `internal error; the server log has the details${req.id ? ` (request id ${String(req.id)})` : ''}`;
}
