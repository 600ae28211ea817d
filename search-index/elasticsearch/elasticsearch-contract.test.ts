import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { searchIndexContract } from '../contract/contract';
import { createClient, type ElasticsearchConfig } from './client';
import { ElasticsearchSearchIndex } from './elasticsearch-index';

// The behaviour suite against a live cluster, when ELASTICSEARCH_URL names one (see
// infra/README.md); each test gets a fresh, randomly named alias, deleted afterwards. Nothing
// has been run this way yet: no cluster was available where this was written.

const url = process.env.ELASTICSEARCH_URL;

function config(index: string): ElasticsearchConfig {
  const env = process.env;
  return {
    url: url!,
    index,
    ...(env.ELASTICSEARCH_API_KEY ? { apiKey: env.ELASTICSEARCH_API_KEY } : {}),
    ...(env.ELASTICSEARCH_USERNAME ? { username: env.ELASTICSEARCH_USERNAME } : {}),
    ...(env.ELASTICSEARCH_PASSWORD ? { password: env.ELASTICSEARCH_PASSWORD } : {}),
    ...(env.ELASTICSEARCH_CA_FILE ? { ca: readFileSync(env.ELASTICSEARCH_CA_FILE, 'utf8') } : {}),
  };
}

if (url) {
  const aliases: string[] = [];
  searchIndexContract('elasticsearch', async () => {
    const alias = `cau-test-${randomUUID()}`;
    aliases.push(alias);
    return ElasticsearchSearchIndex.open(config(alias));
  });
  afterAll(async () => {
    const admin = createClient(config('unused'));
    for (const alias of aliases) {
      await admin.indices.delete({ index: `${alias}-v*` }, { ignore: [404] });
      await admin.indices.deleteIndexTemplate({ name: alias }, { ignore: [404] });
    }
    await admin.close();
  }, 120_000);
} else {
  describe.skip('SearchIndex contract: elasticsearch (SKIPPED: set ELASTICSEARCH_URL to run it against a cluster)', () => {
    it('needs a cluster', () => undefined);
  });
}
