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
