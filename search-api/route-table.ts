/**
 * What the middleware needs to know about a request path, as data: the label it is counted
 * under in /metrics (a fixed set, so a client cannot create label values by inventing paths)
 * and which rate-limit budget it spends. Matched by path, so routes added elsewhere (the page
 * routes, export, feed) are classified without touching their definitions.
 */
export type Budget = 'exempt' | 'expensive' | 'default';

export interface RouteClass {
  pattern: RegExp;
  label: string;
  budget: Budget;
}

// Order matters: the first pattern that matches wins. Record ids may contain "/" unencoded
// (OAI ids), so the record patterns match any tail.
export const ROUTES: readonly RouteClass[] = [
  { pattern: /^\/api\/health\/?$/, label: '/api/health', budget: 'exempt' },
  { pattern: /^\/api\/ready\/?$/, label: '/api/ready', budget: 'exempt' },
  { pattern: /^\/metrics\/?$/, label: '/metrics', budget: 'exempt' },
  { pattern: /^\/api\/prior-art\/?$/, label: '/api/prior-art', budget: 'expensive' },
  { pattern: /^\/api\/export\/?$/, label: '/api/export', budget: 'expensive' },
  {
    pattern: /^\/api\/records\/.+\/similar\/?$/,
    label: '/api/records/:id/similar',
    budget: 'expensive',
  },
  {
    pattern: /^\/api\/records\/.+\/licensees\/?$/,
    label: '/api/records/:id/licensees',
    budget: 'expensive',
  },
  { pattern: /^\/api\/records\/.+$/, label: '/api/records/:id', budget: 'default' },
  { pattern: /^\/api\/search\/?$/, label: '/api/search', budget: 'default' },
  { pattern: /^\/api\/feed\/?$/, label: '/api/feed', budget: 'default' },
  { pattern: /^\/api\/openapi\.json$/, label: '/api/openapi.json', budget: 'default' },
  { pattern: /^\/api(\/.*)?$/, label: '/api/(unknown)', budget: 'default' },
  // The record page computes similar records, related records and licensees; the prior-art
  // page runs a prior-art search: the same work as the expensive API endpoints.
  { pattern: /^\/records\/.+$/, label: '/records/:id', budget: 'expensive' },
  { pattern: /^\/prior-art\/?$/, label: '/prior-art', budget: 'expensive' },
  { pattern: /^\/search\/more\/?$/, label: '/search/more', budget: 'default' },
  { pattern: /^\/$/, label: '/', budget: 'default' },
  { pattern: /^\/[^?]*\.[A-Za-z0-9]+$/, label: '(static file)', budget: 'default' },
];

const OTHER: RouteClass = { pattern: /^/, label: '(other)', budget: 'default' };

export function classify(path: string): RouteClass {
  return ROUTES.find((r) => r.pattern.test(path)) ?? OTHER;
}
