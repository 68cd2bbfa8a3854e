/**
 * The CLI as users run it: bin/maildoctor.js, which loads the bundle in dist/bin/ (built by
 * `npm run build`, which `npm test` runs first). A missing or stale bundle fails the test
 * that needs it, with the command that fixes it, instead of testing old code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/maildoctor.js');
const BUNDLE = join(ROOT, 'dist/bin/maildoctor.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Throws unless dist/bin holds a bundle built after the last change to src/. */
export function assertBuiltCli(): void {
  if (!existsSync(BUNDLE)) throw new Error('the CLI is not built: run `npm run build` (npm test does)');
  if (statSync(BUNDLE).mtimeMs < newestSource(join(ROOT, 'src'))) throw new Error('dist/bin is older than src/: run `npm run build` (npm test does)');
}
