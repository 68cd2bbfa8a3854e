/**
 * @module net/ip
 * Is this string an IP address? node:net's isIP answers, but it tests IPv6 with one very
 * large regular expression that V8 compiles on first use: about 5 ms, every process, as soon
 * as a host NAME is checked (a tenth of a whole `maildoctor smtp` run). A string with fewer
 * than two colons, or with a character no IPv6 literal has, is not IPv6: answered here
 * without the big expression, which is compiled only when the input could be IPv6.
 */
import { nodeNet } from '../core/builtins.js';

/** 4 or 6 for an IPv4 or IPv6 literal (IPv6 with an optional %zone), 0 otherwise. */
export function ipVersion(s: string): 0 | 4 | 6 {
  const net = nodeNet();
  if (net.isIPv4(s)) return 4;
  const first = s.indexOf(':');
  if (first < 0 || s.indexOf(':', first + 1) < 0) return 0;
  const zone = s.indexOf('%');
  if (!/^[0-9A-Fa-f:.]+$/.test(zone >= 0 ? s.slice(0, zone) : s)) return 0;
  return net.isIPv6(s) ? 6 : 0;
}

/** True for an IPv4 or IPv6 literal. */
export function isIpAddress(s: string): boolean {
  return ipVersion(s) !== 0;
}
