/**
 * @module core/builtins
 * Node built-in modules for the CLI's start-up path, loaded through require() on first use.
 * An ESM import of a built-in builds its whole namespace, which runs every lazy getter:
 * `import { readFileSync } from 'node:fs'` also loads fs/promises, readline and the REPL
 * history; `node:crypto` loads WebCrypto; `node:net` loads BlockList and SocketAddress. That
 * is milliseconds of every run for things the run never uses. Modules off the start-up path
 * import built-ins normally.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function nodeFs(): typeof import('node:fs') {
  return require('node:fs') as typeof import('node:fs');
}

export function nodeNet(): typeof import('node:net') {
  return require('node:net') as typeof import('node:net');
}

let dns: typeof import('node:dns/promises') | undefined;

export function nodeDns(): typeof import('node:dns/promises') {
  return (dns ??= require('node:dns/promises') as typeof import('node:dns/promises'));
}

export function nodeCrypto(): typeof import('node:crypto') {
  return require('node:crypto') as typeof import('node:crypto');
}
