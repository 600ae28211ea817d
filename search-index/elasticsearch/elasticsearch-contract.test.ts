import { randomUUID } from 'node:crypto';
import { searchIndexContract } from '../contract/contract';
import { nearMissContract } from '../contract/near-miss';
import { glossaryTranslator } from '../index';
import { connect } from './client';
import { ElasticsearchSearchIndex } from './elasticsearch-index';
import { describeLive } from '../../infra/test/live-cluster';

// The behaviour suite against a live cluster: the local OpenSearch node of `npm run engine:up`
// in every CI run, or an Elasticsearch 8 cluster of your own (infra/README.md). Each test gets
// a fresh, randomly named alias; its indices and template are deleted afterwards.

describeLive('SearchIndex contract', (live) => {
  const aliases: string[] = [];
  searchIndexContract(live.engine, async () => {
    const alias = `cau-test-${randomUUID()}`;
    aliases.push(alias);
    return ElasticsearchSearchIndex.open(live.config(alias));
  });
  nearMissContract(
    live.engine,
    async () => {
      const alias = `cau-test-${randomUUID()}`;
      aliases.push(alias);
      return ElasticsearchSearchIndex.open(live.config(alias));
    },
    glossaryTranslator(),
  );
  afterAll(async () => {
    const admin = connect(live.config('unused'));
    for (const alias of aliases) {
      await admin.deleteIndex(`${alias}-v*`);
      await admin.deleteIndexTemplate(alias);
    }
    await admin.close();
  }, 120_000);
});
