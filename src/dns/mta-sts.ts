/**
 * @module dns/mta-sts
 * MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) records: the _mta-sts TXT record, the policy
 * file, the MX pattern match, and the _smtp._tls TXT record. (The policy is fetched by
 * domain/mta-sts.ts with our own bounded HTTPS client, not mailauth's, which hard-codes
 * port 443 and the system trust store.)
 */
import { parseTagList } from './dkim-key.js';

export type StsMode = 'enforce' | 'testing' | 'none';

export interface StsTxt {
  id?: string;
  errors: string[];
}

export interface StsPolicy {
  version?: string;
  mode?: StsMode;
  maxAge?: number;
  mx: string[];
  errors: string[];
}

export function isStsTxt(txt: string): boolean {
  return /^v=STSv1\s*(;|$)/.test(txt.trim());
}

/** Parses "v=STSv1; id=..." (RFC 8461 section 3.1). */
export function parseStsTxt(txt: string): StsTxt {
  const { tags, errors } = parseTagList(txt.trim());
  const out: StsTxt = { errors };
  if (!isStsTxt(txt)) errors.push('the record must start with "v=STSv1"');
  if (tags.id === undefined) errors.push('there is no id= field');
  else if (!/^[A-Za-z0-9]{1,32}$/.test(tags.id)) errors.push(`id=${tags.id} must be 1 to 32 letters or digits`);
  else out.id = tags.id;
  return out;
}

/** Parses a policy file (RFC 8461 section 3.2). */
export function parseStsPolicy(text: string): StsPolicy {
  const out: StsPolicy = { mx: [], errors: [] };
  const seen = new Set<string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      out.errors.push(`line "${line.slice(0, 60)}" is not "key: value"`);
      continue;
    }
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key !== 'mx' && seen.has(key)) out.errors.push(`"${key}" appears more than once`);
    seen.add(key);
    switch (key) {
      case 'version':
        out.version = value;
        if (value !== 'STSv1') out.errors.push(`version "${value}" is not STSv1`);
        break;
      case 'mode':
        if (value === 'enforce' || value === 'testing' || value === 'none') out.mode = value;
        else out.errors.push(`mode "${value}" is not enforce, testing or none`);
        break;
      case 'max_age':
        if (!/^\d{1,10}$/.test(value) || Number(value) > 31_557_600) out.errors.push(`max_age "${value}" is not a number of seconds up to 31557600`);
        else out.maxAge = Number(value);
        break;
      case 'mx':
        if (!/^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(value)) out.errors.push(`mx "${value}" is not a host name or "*.parent" pattern`);
        else out.mx.push(value.toLowerCase().replace(/\.$/, ''));
        break;
      default:
        break; // extensions are ignored
    }
  }
  if (out.version === undefined) out.errors.push('there is no "version: STSv1" line');
  if (out.mode === undefined && !out.errors.some((e) => e.startsWith('mode'))) out.errors.push('there is no "mode:" line');
  if (out.maxAge === undefined && !out.errors.some((e) => e.startsWith('max_age'))) out.errors.push('there is no "max_age:" line');
  if (out.mode && out.mode !== 'none' && out.mx.length === 0) out.errors.push('there is no "mx:" line');
  return out;
}

/** RFC 8461 section 4.1: exact match, or "*.parent" matching exactly one more label. */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return h === p;
  const parent = p.slice(2);
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === parent;
}

export function mxCovered(host: string, patterns: string[]): boolean {
  return patterns.some((p) => mxMatchesPattern(host, p));
}

/** Parses a TLS-RPT record "v=TLSRPTv1; rua=mailto:...,https://..." (RFC 8460 section 3). */
export function parseTlsRpt(txt: string): { rua: string[]; errors: string[] } {
  const { tags, errors } = parseTagList(txt.trim());
  if (!/^v=TLSRPTv1\s*(;|$)/.test(txt.trim())) errors.push('the record must start with "v=TLSRPTv1"');
  const rua = (tags.rua ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (tags.rua === undefined) errors.push('there is no rua= field');
  for (const u of rua) if (!/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(u)) errors.push(`rua "${u}" is not a mailto: or https: URI`);
  return { rua, errors };
}

export function isTlsRptRecord(txt: string): boolean {
  return /^v=TLSRPTv1\s*(;|$)/.test(txt.trim());
}
