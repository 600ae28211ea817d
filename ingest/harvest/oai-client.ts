import Bottleneck from 'bottleneck';
import { HarvestError, OaiProtocolError, SourceError } from '../errors';
import { readResumptionToken, type ResumptionToken } from '../formats/oai-pmh';
import { attr, element, elements, parseXml, textOf, type XmlElement } from '../formats/xml';

export interface ClientSettings {
  /** Least time between two requests to one host (politeness; several harvests share it). */
  intervalMs: number;
  /** Retries of one request after a transient failure. */
  retries: number;
  /** First backoff wait; doubled on each retry, capped by maxWaitMs. */
  backoffMs?: number;
  /** Longest wait accepted: a Retry-After beyond it ends the harvest instead of sleeping. */
  maxWaitMs: number;
  /** A request (headers and body) that takes longer is a transient failure. */
  requestTimeoutMs?: number;
  userAgent?: string;
}

export interface OaiResponse {
  url: string;
  body: string;
  root: XmlElement;
}

/** Worth asking again: the network, a server overloaded or restarting, a cut-off answer. */
class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * HTTP for OAI-PMH: requests to one host go one at a time and at least `intervalMs` apart
 * (a Bottleneck limiter per host), and transient failures are retried through the same
 * limiter, after the server's Retry-After when it gives one, else with exponential backoff.
 * Node's own fetch; no retry or rate-limit code of our own beyond deciding what is transient.
 */
export class OaiClient {
  private readonly hosts: Bottleneck.Group;
  private readonly settings: Required<ClientSettings>;

  constructor(settings: ClientSettings) {
    this.settings = {
      backoffMs: 1000,
      requestTimeoutMs: 120_000,
      userAgent: 'Cau-harvester/0.1 (OAI-PMH; +https://www.openarchives.org/pmh/)',
      ...settings,
    };
    this.hosts = new Bottleneck.Group({ maxConcurrent: 1, minTime: this.settings.intervalMs });
    this.hosts.on('created', (limiter: Bottleneck) => {
      limiter.on('failed', (error: unknown, info: Bottleneck.EventInfoRetryable) => {
        if (!(error instanceof TransientError) || info.retryCount >= this.settings.retries) return;
        const backoff = this.settings.backoffMs * 2 ** info.retryCount;
        const wait = error.retryAfterMs ?? backoff;
        if (wait > this.settings.maxWaitMs) return;
        return wait;
      });
    });
  }

  /** One OAI-PMH request, retried while transient; a parsed, well-formed answer or an error. */
  async get(url: string): Promise<OaiResponse> {
    return this.scheduled(url, () => this.once(url));
  }

  /**
   * One request for a JSON API page (OpenAlex), with the same per-host politeness and retries;
   * an answer that is not complete JSON (cut off) is retried like a network failure.
   */
  async getJson(url: string): Promise<{ url: string; body: string; value: unknown }> {
    return this.scheduled(url, async () => {
      const { body } = await this.fetchText(url, 'application/json');
      try {
        return { url, body, value: JSON.parse(body) as unknown };
      } catch (e) {
        throw new TransientError(`unreadable answer: ${(e as Error).message}`);
      }
    });
  }

  private async scheduled<T>(url: string, work: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    try {
      return await this.hosts.key(host).schedule(work);
    } catch (e) {
      if (e instanceof TransientError) {
        const tooLong = e.retryAfterMs !== undefined && e.retryAfterMs > this.settings.maxWaitMs;
        throw new HarvestError(
          url,
          tooLong
            ? `${e.message}; the server asks to wait ${Math.ceil(e.retryAfterMs! / 1000)} s, more than the ${Math.ceil(this.settings.maxWaitMs / 1000)} s allowed (CAU_HARVEST_MAX_WAIT_MS)`
            : `${e.message} (gave up after ${this.settings.retries + 1} attempts)`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  private async once(url: string): Promise<OaiResponse> {
    const { body } = await this.fetchText(url, 'text/xml, application/xml');
    let root: XmlElement;
    try {
      root = parseXml(body, url);
    } catch (e) {
      // An answer cut off mid-way (connection lost after the headers) is not the data's fault.
      if (e instanceof SourceError) throw new TransientError(`unreadable answer: ${e.message}`);
      throw e;
    }
    if (root.name !== 'OAI-PMH') {
      throw new HarvestError(url, `not an OAI-PMH answer (root element <${root.name}>)`);
    }
    return { url, body, root };
  }

  /** GET with retries decided by status: transient ones throw TransientError. */
  private async fetchText(url: string, accept: string): Promise<{ body: string }> {
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        headers: { 'user-agent': this.settings.userAgent, accept },
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
      });
      body = await response.text();
    } catch (cause) {
      const reason =
        (cause as Error & { cause?: Error }).cause?.message ?? (cause as Error).message;
      throw new TransientError(`request failed: ${reason}`);
    }
    if (RETRY_STATUS.has(response.status)) {
      throw new TransientError(
        `HTTP ${response.status}`,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    if (!response.ok) throw new HarvestError(url, `HTTP ${response.status}`);
    return { body };
  }

  /** Stops the per-host limiters' timers. */
  async close(): Promise<void> {
    await Promise.all(this.hosts.limiters().map(({ limiter }) => limiter.disconnect()));
  }
}

export interface OaiError {
  code: string;
  message: string;
}

export function oaiErrors(root: XmlElement): OaiError[] {
  return elements(root, 'error').map((e) => ({
    code: attr(e, 'code') ?? 'unknown',
    message: textOf(e),
  }));
}

export function responseDate(root: XmlElement): string | undefined {
  return textOf(element(root, 'responseDate')) || undefined;
}

export function nextToken(root: XmlElement): ResumptionToken | undefined {
  return readResumptionToken(root);
}

export function protocolError(url: string, errors: OaiError[]): OaiProtocolError {
  const [first] = errors;
  return new OaiProtocolError(
    first!.code,
    errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; '),
    { file: url },
  );
}
