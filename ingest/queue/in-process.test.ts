import { jobQueueContract } from './contract';
import { InProcessJobQueue } from './in-process';

jobQueueContract('in-process', async (retry) => new InProcessJobQueue('test', retry));
