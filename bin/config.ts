import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration, read once from the environment at start-up and validated; every setting
 * has a documented default (README, "Configuration"). Nothing below bin/ reads process.env.
 */
const schema = z.object({
  CAU_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
});

export interface Config {
  /** Where the embedded index lives (absolute). */
  dataDir: string;
  port: number;
  host: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return { dataDir: resolve(c.CAU_DATA_DIR), port: c.PORT, host: c.HOST };
}
