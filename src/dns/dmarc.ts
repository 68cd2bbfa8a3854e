/**
 * @module dns/dmarc
 * DMARC records (RFC 7489 section 6.3/6.4): a parser that checks every tag, the
 * organisational domain (public suffix list, through tldts) used for the fallback lookup
 * and for deciding which rua/ruf destinations are external, and the external destination
 * authorisation name of section 7.1.
 */
import { getDomain } from 'tldts';
import { parseTagList } from './dkim-key.js';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcUri {
  uri: string;
  /** the mailto: address, when it is one */
  address?: string;
  /** the domain part of the address */
  domain?: string;
}

export interface DmarcRecord {
  tags: Record<string, string>;
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  pct: number;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  rua: DmarcUri[];
  ruf: DmarcUri[];
  /** required tags missing or invalid: the record is discarded */
  errors: string[];
  /** tags receivers ignore */
  unknownTags: string[];
}

const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'pct', 'adkim', 'aspf', 'rua', 'ruf', 'fo', 'rf', 'ri', 'np', 'psd', 't']);
const POLICIES = new Set(['none', 'quarantine', 'reject']);

export function isDmarcRecord(txt: string): boolean {
  return /^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(txt);
}

function parseUris(value: string, tag: string, errors: string[]): DmarcUri[] {
  const out: DmarcUri[] = [];
  for (const raw of value.split(',')) {
    const uri = raw.trim();
    if (!uri) continue;
    const m = /^mailto:([^!]+)(?:!(\d+[kmgt]?))?$/i.exec(uri);
    if (m) {
      const address = decodeURIComponent((m[1] as string).trim());
      const at = address.lastIndexOf('@');
      if (at <= 0 || at === address.length - 1) {
        errors.push(`${tag}: "${uri}" is not a valid mailto: address`);
        continue;
      }
      out.push({ uri, address, domain: address.slice(at + 1).toLowerCase().replace(/\.$/, '') });
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
      out.push({ uri });
    } else {
      errors.push(`${tag}: "${uri}" is not a URI (write mailto:${uri})`);
    }
  }
  return out;
}

/** Parses a DMARC record; never throws. */
export function parseDmarc(text: string): DmarcRecord {
  const { tags: raw, errors } = parseTagList(text);
  const tags: Record<string, string> = {};
  const unknownTags: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const key = k.toLowerCase();
    tags[key] = v;
    if (!KNOWN_TAGS.has(key)) unknownTags.push(`${k}=${v}`);
  }
  const rec: DmarcRecord = { tags, pct: 100, adkim: 'r', aspf: 'r', rua: [], ruf: [], errors, unknownTags };
  if (!isDmarcRecord(text)) errors.push('the record must start with "v=DMARC1"');
  const pol = (tag: 'p' | 'sp'): DmarcPolicy | undefined => {
    const v = tags[tag];
    if (v === undefined) return undefined;
    const lv = v.toLowerCase();
    if (!POLICIES.has(lv)) {
      errors.push(`${tag}=${v} is not none, quarantine or reject`);
      return undefined;
    }
    return lv as DmarcPolicy;
  };
  const p = pol('p');
  const sp = pol('sp');
  if (p) rec.p = p;
  if (sp) rec.sp = sp;
  if (tags.rua !== undefined) rec.rua = parseUris(tags.rua, 'rua', errors);
  if (tags.ruf !== undefined) rec.ruf = parseUris(tags.ruf, 'ruf', errors);
  if (tags.p === undefined) {
    // RFC 7489 section 6.6.3: without p=, a record with a valid rua= is applied as p=none.
    if (rec.rua.length) rec.p = 'none';
    errors.push('there is no p= tag (policy)');
  }
  if (tags.pct !== undefined) {
    if (!/^\d{1,3}$/.test(tags.pct) || Number(tags.pct) > 100) errors.push(`pct=${tags.pct} is not a number from 0 to 100`);
    else rec.pct = Number(tags.pct);
  }
  for (const tag of ['adkim', 'aspf'] as const) {
    const v = tags[tag];
    if (v === undefined) continue;
    if (v.toLowerCase() !== 'r' && v.toLowerCase() !== 's') errors.push(`${tag}=${v} is not r or s`);
    else rec[tag] = v.toLowerCase() as 'r' | 's';
  }
  if (tags.fo !== undefined && !/^[01ds](:[01ds])*$/i.test(tags.fo.replace(/\s/g, ''))) errors.push(`fo=${tags.fo} is not a list of 0, 1, d, s`);
  if (tags.ri !== undefined && !/^\d+$/.test(tags.ri)) errors.push(`ri=${tags.ri} is not a number of seconds`);
  if (tags.rf !== undefined && !/^afrf(:[a-z0-9-]+)*$/i.test(tags.rf)) errors.push(`rf=${tags.rf} is not "afrf"`);
  return rec;
}

/** Organisational domain (RFC 7489 section 3.2) by the public suffix list; the name itself when unknown. */
export function orgDomain(domain: string): string {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(d, { allowPrivateDomains: false }) ?? d;
}

/**
 * The name a report destination must publish to accept reports for `domain`
 * (RFC 7489 section 7.1), or null when the destination is in the same organisation.
 */
export function externalAuthorizationName(domain: string, destination: string): string | null {
  if (orgDomain(domain) === orgDomain(destination)) return null;
  return `${domain.toLowerCase().replace(/\.$/, '')}._report._dmarc.${destination}`;
}
