#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/bin/ by `npm run build` (scripts/bundle-cli.mjs).
// No imports of its own (an ESM import of node:process alone costs ~4 ms of start-up).
// On Node >= 22.1, V8's compile cache (as tsc uses it; off with NODE_DISABLE_COMPILE_CACHE=1)
// spares later runs the parsing and compiling of the bundle.
globalThis.process.getBuiltinModule?.('node:module')?.enableCompileCache?.();
import('../dist/bin/maildoctor.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin/maildoctor.js')) {
    globalThis.process.stderr.write('maildoctor: not built yet; run `npm run build` first\n');
    globalThis.process.exit(2);
  }
  throw err;
});
