/**
 * @module core/crypto
 * node:crypto, loaded when first used. An ESM `import ... from 'node:crypto'` builds the
 * module's whole namespace, which loads WebCrypto as well: 2 to 7 ms of every CLI run, for
 * a hash that only CRAM-MD5, APOP, DKIM checks or `--send` compute. require() returns the
 * CommonJS object, whose lazy parts stay unloaded.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function nodeCrypto(): typeof import('node:crypto') {
  return require('node:crypto') as typeof import('node:crypto');
}
