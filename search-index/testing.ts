/**
 * Test support of search-index, for tests in any folder: the SearchIndex contract suite (it calls
 * jest's describe/it), sample records, and an Elasticsearch index over a mock cluster (it loads
 * the devDependency @elastic/elasticsearch-mock). Kept out of index.ts so production code never
 * loads jest or a devDependency; eslint lets only test code import this file.
 */
export { searchIndexContract } from './contract/contract';
export { patent, research, CORPUS } from './contract/records';
export {
  mockCluster,
  responseError,
  CLUSTER_URL,
  type Recorded,
} from './elasticsearch/mock-cluster';
