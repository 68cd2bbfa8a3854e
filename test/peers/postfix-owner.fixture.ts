/**
 * Helper process for postfix.test.ts: starts a Postfix peer, prints `{dir, master, ports, pkiDir}` as one
 * JSON line and waits to be killed (the test SIGKILLs it to check the watchdog).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPostfix } from './postfix.js';

const peer = await startPostfix();
const master = Number(readFileSync(join(peer.dir, 'queue', 'pid', 'master.pid'), 'utf8').trim());
process.stdout.write(`${JSON.stringify({ dir: peer.dir, master, ports: Object.values(peer.ports), pkiDir: peer.pki.dir })}\n`);
setInterval(() => undefined, 60_000);
