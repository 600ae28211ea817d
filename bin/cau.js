#!/usr/bin/env node
'use strict';
// Cầu runs its TypeScript sources directly (tsx, esbuild underneath), so a fresh clone
// needs only `npm ci` before `npx cau`: there is no build step to forget or to go stale.
require('tsx/cjs');
require('./main.ts').main(process.argv);
