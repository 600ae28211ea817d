import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { analyseContent, storedEvidence } from '../analyse';
import type { PoolReply, PoolRequest } from './pool';

/**
 * A pool thread (./pool.ts): runs one task at a time and answers it. Any error of a task
 * (the file cannot be read, a parser bug) is answered as that task's error; the thread lives on.
 */
parentPort!.on('message', (req: PoolRequest) => {
  let reply: PoolReply;
  try {
    reply =
      req.kind === 'content'
        ? {
            ok: true,
            value: analyseContent(
              req.task.file,
              req.task.bytes ?? readFileSync(req.task.file),
              req.task.origin,
              req.task.rows,
            ),
          }
        : { ok: true, value: storedEvidence(req.records) };
  } catch (e) {
    reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
