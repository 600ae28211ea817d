import { createServer, type RequestListener, type Server } from 'node:http';
import { CauError } from '../search-index';

/** The address could not be bound (in use, not on this machine, not allowed): exit 1. */
export class ListenError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('listen_failed', message, options);
  }
}

/** Why listening failed, in words, by the system's error code (rules as data). */
const LISTEN_ERRORS: Record<string, (where: string, port: number) => string> = {
  EADDRINUSE: (where, port) =>
    `cannot listen on ${where}: port ${port} is already in use (another cau serve?); ` +
    'stop it or choose another port with --port or PORT',
  EACCES: (where, port) =>
    `cannot listen on ${where}: not allowed to bind port ${port}` +
    (port < 1024 ? ' (ports below 1024 need privileges; use a higher port behind a proxy)' : ''),
  EADDRNOTAVAIL: (where) =>
    `cannot listen on ${where}: that address is not on this machine (check HOST)`,
  ENOTFOUND: (where) => `cannot listen on ${where}: the host name does not resolve (check HOST)`,
  EAI_AGAIN: (where) => `cannot listen on ${where}: the host name does not resolve (check HOST)`,
};

export interface ServerOptions {
  port: number;
  host: string;
  /** Longest time a client may take to send one whole request. */
  requestTimeoutMs: number;
}

/** Listens, or rejects with a ListenError that names the address and what to do. */
export function listen(handler: RequestListener, options: ServerOptions): Promise<Server> {
  const server = createServer(handler);
  server.requestTimeout = options.requestTimeoutMs;
  server.headersTimeout = Math.min(options.requestTimeoutMs, 60_000);
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      const where = `${options.host}:${options.port}`;
      const say = LISTEN_ERRORS[e.code ?? ''];
      reject(
        new ListenError(
          say ? say(where, options.port) : `cannot listen on ${where}: ${e.message}`,
          {
            cause: e,
          },
        ),
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

/**
 * Stops accepting connections, lets the requests in flight finish for at most `timeoutMs`,
 * then closes what is left. Idle keep-alive connections are closed at once (they would
 * otherwise hold the server open until their own timeout). Resolves whether it drained.
 */
export function drain(server: Server, timeoutMs: number): Promise<{ drained: boolean }> {
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      server.closeAllConnections();
      resolve({ drained: false });
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ drained: true });
    });
    server.closeIdleConnections();
    // A connection that finishes its request while draining becomes idle: close it then too.
    server.on('request', (_req, res) => res.once('finish', () => server.closeIdleConnections()));
  });
}
