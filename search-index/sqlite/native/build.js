#!/usr/bin/env node
/**
 * Builds cau_rank (cau_rank.c), the FTS5 ranking function of the embedded index, into
 * build/: `npm ci` runs this (postinstall), and `node search-index/sqlite/native/build.js`
 * does it again. It compiles against the SQLite headers better-sqlite3 ships (the fts5.h part
 * cut out of its amalgamation) with the system's C compiler (`CC`, else cc). Any failure (no
 * compiler, no headers) is a warning and exit 0: without the function the index ranks with the
 * SQL expression it replaces, with the same scores, only slower (rank-extension.ts).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } = require('node:fs');
const { dirname, join } = require('node:path');

const here = __dirname;
const out = join(here, 'build');
const library = join(out, process.platform === 'win32' ? 'cau_rank.dll' : 'cau_rank.so');

function headers() {
  const pkg = require.resolve('better-sqlite3/package.json', {
    paths: [join(here, '..', '..', '..')],
  });
  const dir = join(dirname(pkg), 'deps', 'sqlite3');
  const amalgamation = join(dir, 'sqlite3.c');
  if (!existsSync(join(dir, 'sqlite3ext.h')) || !existsSync(amalgamation))
    throw new Error(`no SQLite headers in ${dir}`);
  const text = readFileSync(amalgamation, 'utf8');
  const begin = text.indexOf('/******** Begin file fts5.h *********/');
  const end = text.indexOf('/******** End of fts5.h *********/');
  if (begin < 0 || end < begin) throw new Error(`no fts5.h in ${amalgamation}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'fts5.h'), text.slice(begin, end));
  return dir;
}

try {
  const include = headers();
  const cc = process.env.CC || 'cc';
  execFileSync(
    cc,
    [
      '-O2',
      '-fPIC',
      '-shared',
      // No fused multiply-add: the same arithmetic as SQLite's bm25(), to the last bit.
      '-ffp-contract=off',
      `-I${include}`,
      `-I${out}`,
      join(here, 'cau_rank.c'),
      '-o',
      library,
      '-lm',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  console.log(`cau_rank: built ${library}`);
} catch (e) {
  rmSync(library, { force: true });
  console.warn(
    `cau_rank: not built (${e.message.split('\n')[0]}); search ranks with the SQL expression instead (same results, slower)`,
  );
}
