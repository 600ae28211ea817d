/**
 * Test support of ingest, for tests in any folder: the JobQueue contract suite (it calls jest's
 * describe/it). Kept out of index.ts so production code never loads jest; eslint lets only test
 * code import this file.
 */
export { jobQueueContract } from './queue/contract';
