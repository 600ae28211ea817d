/**
 * engine:up's last check before it prints the URL: every Cầu analyzer, sent to the node in a
 * throwaway index with the generated settings (analyzers/elasticsearch.ts), must give the
 * terms the TypeScript analyzers give, on lines that exercise what each one does (tone
 * placement, folding, bigrams across punctuation, possessives, stems, digits and symbols). The
 * full comparison (golden table) is analyzers/elasticsearch.test.ts, run live in CI.
 */
import { CAU_ANALYZERS, cauTerms, elasticsearchAnalysis, nfc } from '../../analyzers';

const LINES = [
  'Năng lượng mặt trời, pin Li-ion.',
  'Hoà Bình, nuôi trồng thuỷ sản khoẻ; HOÀ BÌNH: THUỶ SẢN KHOẺ',
  'quý Quý QUÝ quỳ, thuý tuỳ uỷ ban',
  'Đường ống dẫn dầu ĐÀ NẴNG, đđ ĐĐ',
  'C05F 11/08 phân bón hữu cơ từ vỏ trấu',
  'PM2.5 và CO₂ (khí thải) — hiệu suất 95 %',
  "The battery's cathodes are coated with carbon; workers’ rights",
  'batteries, studies, processing, generalization and cases',
  'Phương pháp sản xuất vật liệu cathode LiFePO4 using sol-gel processes',
];

/** Porter in analyzers/english.ts differs from Lucene's on consonant + y + vowel (documented). */
const PORTER_Y = /^[a-z]*y[a-z]*$/;

export interface Mismatch {
  analyzer: string;
  text: string;
  node: string[];
  typescript: string[];
}

export async function checkAnalyzers(url: string): Promise<Mismatch[]> {
  const index = `cau-engine-check-${process.pid}-${Date.now()}`;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const r = await fetch(`${url}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await r.json();
    if (!r.ok) throw new Error(`${method} /${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  await call('PUT', index, {
    settings: { ...elasticsearchAnalysis(), number_of_shards: 1, number_of_replicas: 0 },
  });
  const mismatches: Mismatch[] = [];
  try {
    for (const raw of LINES) {
      const text = nfc(raw);
      const want = cauTerms(text);
      for (const analyzer of CAU_ANALYZERS) {
        const r = (await call('POST', `${index}/_analyze`, { analyzer, text })) as {
          tokens: { token: string }[];
        };
        const got = r.tokens.map((t) => t.token);
        const expected = want[analyzer];
        const same =
          got.length === expected.length &&
          got.every(
            (t, i) => t === expected[i] || (analyzer === 'cau_en_stem' && PORTER_Y.test(t)),
          );
        if (!same) mismatches.push({ analyzer, text, node: got, typescript: expected });
      }
    }
  } finally {
    await call('DELETE', index).catch(() => undefined);
  }
  return mismatches;
}
