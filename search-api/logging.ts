import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import pretty from 'pino-pretty';

export type { Logger };
export type LogLevel = Level | 'silent';

/**
 * The server's logger: JSON lines (one object per line, what log shippers read) unless the
 * output is a terminal, where pino-pretty makes them readable. Pretty output is synchronous
 * and in this process (no worker thread), so nothing is lost when the process exits.
 */
export function createLogger(
  level: LogLevel,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (out.isTTY) {
    return pino(
      options,
      pretty({ colorize: true, sync: true, destination: out, translateTime: 'SYS:HH:MM:ss' }),
    );
  }
  return pino(options, out as DestinationStream);
}

/** Error-level lines only, each handed to `write` (for tests and embedding). */
export function lineLogger(write: (line: string) => void): Logger {
  return pino({ level: 'error' }, { write: (line: string) => write(line.trimEnd()) });
}

/**
 * A request id a client (or the reverse proxy) may choose: short, and made of characters that
 * cannot break a log line or a header. Anything else is replaced by a fresh one.
 */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The path without the query string: queries can hold what people search for. */
function pathOf(url: string | undefined): string {
  const s = url ?? '';
  const q = s.indexOf('?');
  return q < 0 ? s : s.slice(0, q);
}

/**
 * One line per request when its response is finished: request id, method, path, status and
 * duration (ms). Server errors log at `error`, everything else at `info`. The query string,
 * headers and client address are left out (docs/operations.md says why).
 */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: requestId,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        path: pathOf((req as { originalUrl?: string }).originalUrl ?? req.url),
      }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res, ms) =>
      `${req.method} ${pathOf((req as { originalUrl?: string }).originalUrl ?? req.url)} ${res.statusCode} ${Math.round(ms)} ms`,
    customErrorMessage: (req, res) =>
      `${req.method} ${pathOf((req as { originalUrl?: string }).originalUrl ?? req.url)} ${res.statusCode} failed`,
    customAttributeKeys: { responseTime: 'ms' },
  });
}
