import type { RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import { rateLimit, type Options as RateLimitOptions, type Store } from 'express-rate-limit';
import { RateLimitedError, UnsupportedMediaTypeError } from './errors';
import { classify, type Budget } from './route-table';

export interface ProtectionSettings {
  /** Origins whose pages may call the API (CORS); empty: no CORS headers, same origin only. */
  corsOrigins: string[];
  /** Requests per client per window; 0 turns a budget off. */
  rateLimit: { windowMs: number; limit: number; expensiveLimit: number };
}

export const DEFAULT_PROTECTIONS: ProtectionSettings = {
  corsOrigins: [],
  rateLimit: { windowMs: 60_000, limit: 300, expensiveLimit: 30 },
};

/**
 * Security headers. The page is served as files (no inline script or style), so the policy
 * allows scripts and styles from this origin only; `fetch` goes to the same origin; nothing may
 * frame the page. `upgrade-insecure-requests` is left out: Cầu itself serves plain HTTP (TLS is
 * the reverse proxy's job), and the directive would send a plain-HTTP page's assets to https.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
  });
}

/** CORS only for the configured origins (`*`: any); with none configured, no CORS at all. */
export function corsPolicy(origins: string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}

/**
 * Per-client rate limits (the client is the address Express trusts: `trust proxy`). Two
 * separate budgets: the expensive endpoints (prior art, similar, licensees, export: each a
 * search of many terms) spend only theirs, every other request the default one; probes and
 * metrics spend none. Over budget: 429 with Retry-After and the error shape. `store`, given a
 * budget's name, makes where its counts live (the workers of `cau serve` share theirs through
 * the primary process); default: this process's memory.
 */
export function rateLimits(
  settings: ProtectionSettings['rateLimit'],
  store?: (budget: string) => Store,
): RequestHandler[] {
  const limiter = (
    budget: Exclude<Budget, 'exempt'>,
    limit: number,
  ): RequestHandler | undefined => {
    if (limit <= 0) return undefined;
    const seconds = Math.round(settings.windowMs / 1000);
    const what = budget === 'expensive' ? 'to prior art, similar, licensees and export' : '';
    const options: Partial<RateLimitOptions> = {
      windowMs: settings.windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: budget,
      ...(store ? { store: store(budget) } : {}),
      skip: (req) => classify(req.path).budget !== budget,
      handler: (_req, res, next) => {
        const retry = res.getHeader('Retry-After') ?? seconds;
        next(
          new RateLimitedError(
            `too many requests${what ? ` ${what}` : ''}: at most ${limit} per ${seconds} s ` +
              `from one client; retry after ${String(retry)} s`,
          ),
        );
      },
    };
    return rateLimit(options);
  };
  return [limiter('expensive', settings.expensiveLimit), limiter('default', settings.limit)].filter(
    (h): h is RequestHandler => h !== undefined,
  );
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * A request that carries a body must say it is JSON: express.json() silently ignores other
 * types, and the endpoint would then answer as if nothing had been sent ("text is required").
 */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || req.is(JSON_TYPES)) return next();
  const type = req.headers['content-type'];
  next(
    new UnsupportedMediaTypeError(
      `request body: ${type ? `Content-Type ${JSON.stringify(type.slice(0, 100))} is not JSON` : 'sent without a Content-Type'}; ` +
        'allowed: a JSON body with Content-Type: application/json',
    ),
  );
};
