/// <reference lib="dom" />
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * What the browser suites share: a real `cau serve` (the CLI, as a user starts it) on the
 * bundled fixtures ingested by `cau ingest`, and Debian's chromium driven by playwright-core
 * (never a downloaded browser; `bash .ci/run` installs it).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '..', '..');
const CAU = join(ROOT, 'bin', 'cau.js');

/** A research record whose title and creator are markup: it must show as text. */
const HOSTILE = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2024-01-01T00:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="oai_dc">https://example.org/oai</request>
<ListRecords><record><header><identifier>oai:example.org:xss/1</identifier><datestamp>2024-01-01</datestamp></header>
<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Biochar &lt;img src=x onerror="window.pwned=1"&gt; hostile test</dc:title>
<dc:creator>&lt;b&gt;Mallory&lt;/b&gt;</dc:creator>
<dc:date>2024-01-01</dc:date><dc:type>Article</dc:type><dc:language>en</dc:language>
</oai_dc:dc></metadata></record></ListRecords></OAI-PMH>
`;

export interface Served {
  base: string;
  dir: string;
  stop(): Promise<void>;
}

/** The environment of a user with no cluster and no queue configured. */
function cleanEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CAU_DATA_DIR: join(dir, 'data') };
  for (const k of Object.keys(env)) {
    if (k.startsWith('ELASTICSEARCH_') || k === 'REDIS_URL' || k === 'PORT' || k === 'HOST') {
      delete env[k];
    }
  }
  return env;
}

export async function serveFixtures(): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'cau-web-'));
  let child: ChildProcess | undefined;
  try {
    const env = cleanEnv(dir);
    const hostile = join(dir, 'hostile.xml');
    writeFileSync(hostile, HOSTILE);
    const ingest = spawnSync(process.execPath, [CAU, 'ingest', join(ROOT, 'fixtures'), hostile], {
      env,
      encoding: 'utf8',
    });
    if (ingest.status !== 0) throw new Error(`cau ingest failed: ${ingest.stderr}`);
    const server = spawn(process.execPath, [CAU, 'serve', '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = server;
    let stderr = '';
    let stopping = false;
    server.stderr!.on('data', (d) => (stderr += String(d)));
    // A server that dies under a test shows up as connection errors; say why it died.
    server.once('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`cau serve exited early: code ${code}, signal ${signal}\n${stderr}\n`);
      }
    });
    const base = await new Promise<string>((ok, fail) => {
      let out = '';
      server.stdout!.on('data', (d) => {
        out += String(d);
        const m = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) ok(m[1]!);
      });
      server.once('exit', (code) => fail(new Error(`cau serve exited ${code}: ${stderr}`)));
    });
    return {
      base,
      dir,
      stop: async () => {
        stopping = true;
        await stopChild(server);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    // Nothing left behind when the server could not start: no process, no folder.
    if (child) await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's chromium (bash .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh context and page that record what must never happen: a script error, or anything the
 * page's Content-Security-Policy refused (an inline script or style slipped in).
 */
export async function openPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  return { context, page, problems };
}

/** axe-core from npm, injected into the page; the serious and critical violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
    return axe.run();
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}
