// Bundles the CLI (src/cli/main.ts) into dist/bin/ with esbuild: one ES module for the
// command line and one chunk per command implementation (split at its dynamic import), so
// a run loads a handful of files instead of ~60, and only what its command needs.
// Dependencies stay in node_modules (packages: 'external'). Why: start-up is most of a CLI
// diagnosis (see bench/README.md, "SMTP probe vs swaks"). The library (dist/index.js) is
// tsc's output, unbundled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist/bin`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { maildoctor: 'src/cli/main.ts' },
  outdir: 'dist/bin',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
