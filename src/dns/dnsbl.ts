/**
 * @module dns/dnsbl
 * DNS blocklists (RFC 5782): the query name of an address in a zone, and the meaning of the
 * answers, from the return codes each list documents. An answer is one of:
 *  - listed (with the list's meaning of the code),
 *  - refused: the list's error codes, which are NOT listings (Spamhaus 127.255.255.252/254/255:
 *    typo in the zone, query through a public/open resolver, over the free-use volume),
 *  - unexpected: outside 127.0.0.0/8 or a code the list does not use (a dead list's
 *    wildcard, which would list the whole internet),
 *  - not listed (NXDOMAIN).
 * Zones we know nothing about follow RFC 5782 conventions: any 127.0.0.2-127.255.255.254
 * answer is a listing, except 127.255.255.0/24, which by the widespread Spamhaus convention
 * is an error code.
 */
import { expandIpv6 } from './client.js';

export type DnsblVerdict = 'listed' | 'refused' | 'unexpected';

export interface DnsblCode {
  verdict: DnsblVerdict;
  meaning: string;
  /** for listings: a policy list (dynamic/end-user ranges), a problem only for direct-to-MX senders */
  policy?: boolean;
}

export interface DnsblZone {
  zone: string;
  name: string;
  /** documented return codes */
  codes: Record<string, DnsblCode>;
  /** whether codes not in the table count as listings (lists that answer with several codes) */
  otherCodesListed: boolean;
  /** whether the list answers for IPv6 addresses */
  ipv6: boolean;
}

const SPAMHAUS_ERRORS: Record<string, DnsblCode> = {
  '127.255.255.252': { verdict: 'refused', meaning: 'typing error in the DNSBL name' },
  '127.255.255.254': { verdict: 'refused', meaning: 'query through a public or open resolver (not answered)' },
  '127.255.255.255': { verdict: 'refused', meaning: 'excessive number of queries (over the free-use limit)' },
};

/** Lists whose return codes are documented by their operators. */
export const KNOWN_DNSBLS: Record<string, DnsblZone> = {
  'zen.spamhaus.org': {
    zone: 'zen.spamhaus.org',
    name: 'Spamhaus ZEN',
    ipv6: true,
    otherCodesListed: false,
    codes: {
      '127.0.0.2': { verdict: 'listed', meaning: 'SBL: Spamhaus SBL data (spam source or operation)' },
      '127.0.0.3': { verdict: 'listed', meaning: 'SBL CSS: snowshoe spam sending' },
      '127.0.0.4': { verdict: 'listed', meaning: 'XBL: exploited host (CBL: botnet, infected or proxy)' },
      '127.0.0.5': { verdict: 'listed', meaning: 'XBL: exploited host' },
      '127.0.0.6': { verdict: 'listed', meaning: 'XBL: exploited host' },
      '127.0.0.7': { verdict: 'listed', meaning: 'XBL: exploited host' },
      '127.0.0.9': { verdict: 'listed', meaning: 'SBL DROP: hijacked or criminal network (Don\'t Route Or Peer)' },
      '127.0.0.10': { verdict: 'listed', meaning: 'PBL: end-user address range that should not send mail directly (ISP maintained)', policy: true },
      '127.0.0.11': { verdict: 'listed', meaning: 'PBL: end-user address range that should not send mail directly (Spamhaus maintained)', policy: true },
      ...SPAMHAUS_ERRORS,
    },
  },
  'bl.spamcop.net': {
    zone: 'bl.spamcop.net',
    name: 'SpamCop',
    ipv6: false,
    otherCodesListed: false,
    codes: { '127.0.0.2': { verdict: 'listed', meaning: 'reported as a spam source by SpamCop users' } },
  },
  'b.barracudacentral.org': {
    zone: 'b.barracudacentral.org',
    name: 'Barracuda Reputation Block List',
    ipv6: false,
    otherCodesListed: false,
    codes: { '127.0.0.2': { verdict: 'listed', meaning: 'poor reputation (Barracuda BRBL)' } },
  },
  'psbl.surriel.com': {
    zone: 'psbl.surriel.com',
    name: 'Passive Spam Block List',
    ipv6: false,
    otherCodesListed: false,
    codes: { '127.0.0.2': { verdict: 'listed', meaning: 'sent mail to PSBL spam traps' } },
  },
  'bl.mailspike.net': {
    zone: 'bl.mailspike.net',
    name: 'Mailspike blocklist',
    ipv6: false,
    otherCodesListed: true,
    codes: { '127.0.0.2': { verdict: 'listed', meaning: 'listed by Mailspike' } },
  },
};

/** The zones queried when --dnsbl is not given. */
export const DEFAULT_DNSBL_ZONES = ['zen.spamhaus.org', 'bl.spamcop.net', 'b.barracudacentral.org', 'psbl.surriel.com', 'bl.mailspike.net'];

/** The definition of a zone: the known table, or RFC 5782 conventions for others. */
export function dnsblZone(zone: string): DnsblZone {
  const z = zone.toLowerCase().replace(/\.$/, '');
  const known = KNOWN_DNSBLS[z];
  if (known) return known;
  return { zone: z, name: z, codes: {}, otherCodesListed: true, ipv6: true };
}

/** The name to query: reversed octets (IPv4) or nibbles (IPv6) under the zone. */
export function dnsblQueryName(ip: string, zone: string): string {
  if (ip.includes(':')) {
    const nibbles = expandIpv6(ip).replace(/:/g, '').split('').reverse().join('.');
    return `${nibbles}.${zone}`;
  }
  return `${ip.split('.').reverse().join('.')}.${zone}`;
}

/** Interprets one A answer of a zone. */
export function interpretDnsblAnswer(zone: DnsblZone, answer: string): DnsblCode {
  const known = zone.codes[answer];
  if (known) return known;
  if (!answer.startsWith('127.')) return { verdict: 'unexpected', meaning: `${answer} is outside 127.0.0.0/8` };
  if (answer.startsWith('127.255.255.')) return { verdict: 'refused', meaning: `error code ${answer}` };
  if (answer === '127.0.0.1') return { verdict: 'unexpected', meaning: '127.0.0.1 is not a valid listing code (RFC 5782)' };
  if (zone.otherCodesListed) return { verdict: 'listed', meaning: 'listed' };
  return { verdict: 'unexpected', meaning: `${answer} is not a code ${zone.name} documents` };
}

/** Combines the answers of one query: a listing wins over an error code, which wins over an unexpected answer. */
export function interpretDnsblAnswers(zone: DnsblZone, answers: string[]): { verdict: DnsblVerdict; codes: { answer: string; code: DnsblCode }[] } {
  const codes = answers.map((answer) => ({ answer, code: interpretDnsblAnswer(zone, answer) }));
  const verdict: DnsblVerdict = codes.some((c) => c.code.verdict === 'listed')
    ? 'listed'
    : codes.some((c) => c.code.verdict === 'refused')
      ? 'refused'
      : 'unexpected';
  return { verdict, codes };
}
