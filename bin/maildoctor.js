#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/bin/ by `npm run build` (scripts/bundle-cli.mjs).
import process from 'node:process';

import('../dist/bin/maildoctor.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin/maildoctor.js')) {
    process.stderr.write('maildoctor: not built yet; run `npm run build` first\n');
    process.exit(2);
  }
  throw err;
});
