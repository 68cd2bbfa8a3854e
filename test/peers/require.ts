/**
 * @module test/peers/require
 * Peers are required, not optional: in CI (CI=true) a missing peer fails the suite; on a
 * developer machine the test is skipped with the reason, and `npm test` installs peers first.
 */
import { existsSync } from 'node:fs';

export const IN_CI = process.env.CI === 'true';

/** Returns a skip reason (string) when the binary is missing outside CI; throws in CI. */
export function peerMissing(name: string, binary: string): string | false {
  if (existsSync(binary)) return false;
  const msg = `${name} is not installed (${binary} missing); run scripts/install-peers.sh as root`;
  if (IN_CI) throw new Error(`CI requires the ${name} peer: ${msg}`);
  return msg;
}

/** Peers that run mail daemons (Postfix, Dovecot) need root: in CI its absence fails, elsewhere the test skips. */
export function peerNeedsRoot(name: string): string | false {
  if (typeof process.getuid !== 'function' || process.getuid() === 0) return false;
  const msg = `the ${name} peer must run as root`;
  if (IN_CI) throw new Error(`CI requires root for the ${name} peer`);
  return msg;
}
