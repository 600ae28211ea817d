import { randomUUID } from 'node:crypto';
import { freePort, startRedis, type TestRedis } from '../../infra/test/redis';
import { QueueUnavailableError } from '../errors';
import { BullmqJobQueue } from './bullmq';
import { jobQueueContract } from './contract';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

jobQueueContract('BullMQ on a real Redis', (retry) =>
  BullmqJobQueue.connect({ url: redis.url, name: `contract-${randomUUID()}`, retry }),
);

describe('BullmqJobQueue', () => {
  it('says plainly, within the connect timeout, that Redis cannot be reached', async () => {
    const port = await freePort();
    const started = Date.now();
    const attempt = BullmqJobQueue.connect({
      url: `redis://127.0.0.1:${port}`,
      name: 'nowhere',
      connectTimeoutMs: 500,
    });
    await expect(attempt).rejects.toThrow(QueueUnavailableError);
    await expect(attempt).rejects.toThrow(`cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
