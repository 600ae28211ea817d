/**
 * What the primary process of `cau serve` and its workers say to each other over the cluster's
 * IPC channel (besides prom-client's and the rate-limit store's own messages). Every type is
 * prefixed, so that the other libraries' messages on the same channel are never mistaken.
 */
export type WorkerMessage =
  /** The worker listens (on this port) and takes requests. */
  | { type: 'cau:listening'; port: number }
  /** The worker could not start (index, address): the error's code and message. */
  | { type: 'cau:failed'; code: string; message: string }
  /** The worker stopped taking requests; `drained`: none was cut off. */
  | { type: 'cau:stopped'; drained: boolean }
  /** The worker answers GET /metrics: it asks the primary for all workers' metrics. */
  | { type: 'cau:metrics?'; id: number };

export type PrimaryMessage =
  /** Stop taking requests, finish those in flight (bounded), close the index, exit. */
  { type: 'cau:drain' } | { type: 'cau:metrics'; id: number; text?: string; error?: string };

const isTyped = (m: unknown): m is { type: string } =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';

export const isWorkerMessage = (m: unknown): m is WorkerMessage =>
  isTyped(m) && m.type.startsWith('cau:');

export const isPrimaryMessage = (m: unknown): m is PrimaryMessage =>
  isTyped(m) && (m.type === 'cau:drain' || m.type === 'cau:metrics');
