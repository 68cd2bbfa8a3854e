/**
 * @module core/builtins
 * Node built-in modules for the CLI's start-up path, loaded through require() on first use.
 * An ESM import of a built-in builds its whole namespace, which runs every lazy getter:
 * `import { readFileSync } from 'node:fs'` also loads fs/promises, readline and the REPL
 * history; `node:crypto` loads WebCrypto; `node:net` loads BlockList and SocketAddress. That
 * is milliseconds of every run for things the run never uses. Modules off the start-up path
 * import built-ins normally. Each loader keeps the module once loaded (ipVersion and the DNS
 * client call theirs per address and per query).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(id) as T);
}

export const nodeFs = lazy<typeof import('node:fs')>('node:fs');
export const nodeNet = lazy<typeof import('node:net')>('node:net');
export const nodeDns = lazy<typeof import('node:dns/promises')>('node:dns/promises');
export const nodeCrypto = lazy<typeof import('node:crypto')>('node:crypto');
/** node:tls with OpenSSL's initialisation: 15-20 ms of CPU; see net/tls-module.ts for preloading it */
export const nodeTls = lazy<typeof import('node:tls')>('node:tls');
