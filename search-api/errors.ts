import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import {
  CauError,
  IndexUnavailableError,
  InvalidQueryError,
  RecordNotFoundError,
  SchemaVersionError,
} from '../search-index';

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

/** Parses `input` with `schema`, or throws a BadRequestError that names each bad parameter. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'request'} ${i.message}`);
  throw new BadRequestError(problems.join('; '), { cause: result.error });
}

const STATUS: [new (...args: never[]) => CauError, number][] = [
  [BadRequestError, 400],
  [InvalidQueryError, 400],
  [RecordNotFoundError, 404],
  [RouteNotFoundError, 404],
  [IndexUnavailableError, 503],
  [SchemaVersionError, 503],
];

/** The HTTP status of a typed error (500 for one not listed): also what the pages answer with. */
export function httpStatus(err: CauError): number {
  return STATUS.find(([cls]) => err instanceof cls)?.[1] ?? 500;
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new RouteNotFoundError(req.method, req.path));
};

/**
 * The one place errors become HTTP: typed errors by class, body-parser's own errors by their
 * `type`, anything else a 500 whose details go to the log, not to the client.
 */
export function errorMiddleware(log: (msg: string) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const send = (status: number, code: string, message: string): void => {
      res.status(status).json({ error: { code, message } });
    };
    if (err instanceof CauError) {
      const status = httpStatus(err);
      if (status >= 500) log(`${err.name}: ${err.message}`);
      send(status, err.code, err.message);
      return;
    }
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large')
      return send(413, 'payload_too_large', 'request body is too large');
    if (type === 'entity.parse.failed')
      return send(400, 'bad_request', 'request body is not valid JSON');
    if (typeof type === 'string' && type.startsWith('entity.')) {
      return send(400, 'bad_request', (err as Error).message);
    }
    log(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    send(500, 'internal', 'internal error; the server log has the details');
  };
}
