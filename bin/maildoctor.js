#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/bin/ by `npm run build` (scripts/bundle-cli.mjs).
// No imports of its own (an ESM import of node:process alone costs ~4 ms of start-up).
import('../dist/bin/maildoctor.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin/maildoctor.js')) {
    globalThis.process.stderr.write('maildoctor: not built yet; run `npm run build` first\n');
    globalThis.process.exit(2);
  }
  throw err;
});
