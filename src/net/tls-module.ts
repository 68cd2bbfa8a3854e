/**
 * @module net/tls-module
 * node:tls is loaded on first use (core/builtins.ts). Loading it (with OpenSSL's
 * initialisation) costs 15-20 ms of CPU, the largest single part of a probe's start-up. A
 * probe that will start TLS after some plain-text exchange (STARTTLS, STLS) calls
 * preloadTls() as it connects, so that the loading happens while the server prepares its
 * greeting instead of after it: about 20 ms saved against a remote server, 5 on loopback.
 */
import { nodeTls } from '../core/builtins.js';

export { nodeTls };

let preloaded = false;

/**
 * Loads node:tls on the next turn of the event loop (after pending I/O is sent), then, on the
 * turn after (so that a reply that arrived meanwhile is handled first), builds node's
 * process-wide store of trusted roots, which the first secure context otherwise builds
 * during the handshake (3 ms on Node 24; 10 ms more when NODE_EXTRA_CA_CERTS is set; on
 * Node 20 up to 30 ms).
 */
export function preloadTls(): void {
  if (preloaded) return;
  preloaded = true;
  setImmediate(() => {
    nodeTls();
    setImmediate(() => nodeTls().createSecureContext());
  });
}
