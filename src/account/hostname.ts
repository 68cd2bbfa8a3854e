/** @module account/hostname — host-name checks for names read from DNS and settings files. */
import { ipVersion } from '../net/ip.js';

/** True for a syntactically valid DNS host name (letters, digits, hyphens, underscores) or an IP address. */
export function isValidHostName(name: string): boolean {
  if (ipVersion(name)) return true;
  const n = name.replace(/\.$/, '');
  if (n.length === 0 || n.length > 253) return false;
  return n.split('.').every((l) => l.length >= 1 && l.length <= 63 && /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9])?$/.test(l));
}
