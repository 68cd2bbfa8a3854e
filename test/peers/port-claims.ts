/**
 * @module test/peers/port-claims
 * Free ports that no other test process on this machine will also use.
 *
 * `freePort()` only promises that a port was free a moment ago; two processes can be handed
 * the same number. Daemons that bind with SO_REUSEPORT (Postfix's master does, with no
 * option to turn it off) then BOTH listen on it and the kernel splits connections between
 * them: a test silently talks to another test's server. Claims are O_EXCL files in
 * `<tmpdir>/maildoctor-port-claims/<port>` holding the owner's pid; a claim whose pid is
 * dead is stale and taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

const CLAIM_DIR = join(tmpdir(), 'maildoctor-port-claims');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims `port` for this process; false when another live process holds it. */
export function claimPort(port: number): boolean {
  mkdirSync(CLAIM_DIR, { recursive: true, mode: 0o1777 });
  const file = join(CLAIM_DIR, String(port));
  for (let i = 0; i < 2; i++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: number;
    try {
      owner = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue; // released meanwhile: try again
    }
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false;
    try {
      unlinkSync(file); // stale (owner died without releasing)
    } catch {
      /* someone else took it over first */
    }
  }
  return false;
}

/**
 * Releases claims held by this process, or by `owner` (e.g. a killed child process), leaving
 * everybody else's alone. Synchronous, so it can run in exit handlers.
 */
export function releasePorts(ports: Iterable<number>, owner = process.pid): void {
  for (const port of ports) {
    const file = join(CLAIM_DIR, String(port));
    try {
      if (Number(readFileSync(file, 'utf8').trim()) === owner) unlinkSync(file);
    } catch {
      /* already gone */
    }
  }
}

/** `n` distinct free loopback ports, each claimed for this process. */
export async function claimFreePorts(n: number, host = '127.0.0.1'): Promise<number[]> {
  const out: number[] = [];
  let tries = 0;
  while (out.length < n) {
    if (++tries > n * 50) {
      releasePorts(out);
      throw new Error(`could not claim ${n} free ports`);
    }
    const port = await freePort(host);
    if (out.includes(port)) continue;
    if (claimPort(port)) out.push(port);
  }
  return out;
}
