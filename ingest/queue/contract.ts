import type { JobHandler, JobQueue, QueuedJob, RetryPolicy } from './job-queue';
import { drained } from './job-queue';

/**
 * The behaviour every JobQueue must show, written once and run against each implementation
 * (in-process.test.ts, bullmq.test.ts), like search-index/contract/ for SearchIndex. Each
 * call to `open` gives a fresh, empty queue (a unique name on Redis).
 */
export function jobQueueContract(
  implementation: string,
  open: (retry: RetryPolicy) => Promise<JobQueue>,
): void {
  const job = (id: string, text = `<doc id="${id}"/>`): QueuedJob => ({
    id,
    data: { source: `${id}.xml`, line: 1, position: 0, text },
  });
  const FAST: RetryPolicy = { attempts: 3, backoffMs: 20 };

  describe(`JobQueue contract: ${implementation}`, () => {
    let queue: JobQueue;
    afterEach(async () => {
      await queue?.close();
    });

    it('runs every job once and counts it completed', async () => {
      queue = await open(FAST);
      const seen: string[] = [];
      await queue.add(['a', 'b', 'c'].map((id) => job(id)));
      expect(await queue.counts()).toMatchObject({ waiting: 3, completed: 0 });
      const worker = queue.work(async (data) => void seen.push(data.text!), { concurrency: 2 });
      expect(await drained(queue)).toEqual({
        waiting: 0,
        active: 0,
        completed: 3,
        failed: 0,
        delayed: 0,
      });
      await worker.close();
      expect(seen.sort()).toEqual(['<doc id="a"/>', '<doc id="b"/>', '<doc id="c"/>']);
    });

    it('adds a job id only once, before or after it ran', async () => {
      queue = await open(FAST);
      let runs = 0;
      await queue.add([job('same'), job('same')]);
      const worker = queue.work(async () => void runs++, { concurrency: 1 });
      await drained(queue);
      await queue.add([job('same')]);
      await drained(queue);
      await worker.close();
      expect(runs).toBe(1);
      expect((await queue.counts()).completed).toBe(1);
    });

    it('retries a failing job with backoff, then keeps it as failed with its reason; the others complete', async () => {
      queue = await open(FAST);
      const attempts: number[] = [];
      const handler: JobHandler = async (data, ctx) => {
        if (data.source === 'bad.xml') {
          attempts.push(ctx.attempt);
          throw new Error('bad.xml:3: malformed XML: unclosed <claims>');
        }
      };
      await queue.add([job('ok1'), job('bad'), job('ok2')]);
      const worker = queue.work(handler, { concurrency: 1 });
      const counts = await drained(queue);
      await worker.close();
      expect(counts).toMatchObject({ completed: 2, failed: 1 });
      expect(attempts).toEqual([1, 2, 3]);
      expect(await queue.failed()).toEqual([
        {
          id: 'bad',
          source: 'bad.xml',
          line: 1,
          reason: 'bad.xml:3: malformed XML: unclosed <claims>',
          attempts: 3,
        },
      ]);
    });

    it('requeues failed jobs by id or all at once, with fresh attempts', async () => {
      queue = await open({ attempts: 1, backoffMs: 20 });
      let fixed = false;
      const done: string[] = [];
      const worker = queue.work(
        async (data) => {
          if (!fixed) throw new Error(`not yet: ${data.source}`);
          done.push(data.source);
        },
        { concurrency: 1 },
      );
      await queue.add([job('x'), job('y'), job('z')]);
      expect((await drained(queue)).failed).toBe(3);
      fixed = true;
      expect(await queue.retry(['y', 'nope'])).toEqual({ retried: ['y'], notFailed: ['nope'] });
      expect(await drained(queue)).toMatchObject({ completed: 1, failed: 2 });
      const all = await queue.retry('all');
      expect(all.retried.sort()).toEqual(['x', 'z']);
      expect(await drained(queue)).toMatchObject({ completed: 3, failed: 0 });
      await worker.close();
      expect(done.sort()).toEqual(['x.xml', 'y.xml', 'z.xml']);
      expect(await queue.failed()).toEqual([]);
    });

    it('closing a worker lets its running job finish and starts no other', async () => {
      queue = await open(FAST);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let started = 0;
      let finished = 0;
      await queue.add([job('slow'), job('next')]);
      const worker = queue.work(
        async () => {
          started++;
          await gate;
          finished++;
        },
        { concurrency: 1 },
      );
      while (started === 0) await new Promise((r) => setTimeout(r, 10));
      const closing = worker.close();
      release();
      await closing;
      expect({ started, finished }).toEqual({ started: 1, finished: 1 });
      expect(await queue.counts()).toMatchObject({ completed: 1, waiting: 1, active: 0 });
    });

    it('runs up to `concurrency` jobs at once', async () => {
      queue = await open(FAST);
      let running = 0;
      let most = 0;
      await queue.add(['j1', 'j2', 'j3', 'j4', 'j5', 'j6'].map((id) => job(id)));
      const worker = queue.work(
        async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 60));
          running--;
        },
        { concurrency: 3 },
      );
      await drained(queue);
      await worker.close();
      expect(most).toBe(3);
    });
  });
}
