/**
 * @module dns/dkim-key
 * DKIM key records (RFC 6376 section 3.6.1, RFC 8463 for Ed25519): the tag list, the key type
 * and size, revocation (empty p=), test mode (t=y) and the hash algorithms it allows.
 *
 * @example
 * parseDkimKey('v=DKIM1; k=rsa; p=MIIBIjANBg...').bits; // 2048
 */
import { nodeCrypto } from '../core/builtins.js';

export interface DkimKey {
  tags: Record<string, string>;
  /** k= (default rsa) */
  keyType: string;
  /** RSA modulus length; 256 for Ed25519 */
  bits?: number;
  /** empty p= */
  revoked: boolean;
  /** t=y */
  testing: boolean;
  /** h= list (empty when absent: every algorithm) */
  hashes: string[];
  /** s= list (default "*") */
  services: string[];
  /** problems that make the record unusable */
  errors: string[];
}

/** Parses a tag=value list (RFC 6376 section 3.2). Returns null and an error for duplicates or bad tags. */
export function parseTagList(text: string): { tags: Record<string, string>; errors: string[] } {
  const tags: Record<string, string> = {};
  const errors: string[] = [];
  const parts = text.split(';');
  // a trailing ";" is allowed
  if (parts.length && (parts[parts.length - 1] ?? '').trim() === '') parts.pop();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      errors.push(`"${part.trim()}" is not a tag=value pair`);
      continue;
    }
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).replace(/[\t\r\n ]+/g, ' ').trim();
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      errors.push(`"${name}" is not a valid tag name`);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(tags, name)) {
      errors.push(`tag "${name}" appears more than once`);
      continue;
    }
    tags[name] = value;
  }
  return { tags, errors };
}

/** Size in bits of an RSA public key given as base64 DER (SubjectPublicKeyInfo, or bare RSAPublicKey). */
function rsaBits(der: Buffer): number | null {
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = nodeCrypto().createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType !== 'rsa') return null;
      return key.asymmetricKeyDetails?.modulusLength ?? null;
    } catch {
      /* try the next form */
    }
  }
  return null;
}

export function parseDkimKey(text: string): DkimKey {
  const { tags, errors } = parseTagList(text);
  const keyType = (tags.k ?? 'rsa').toLowerCase();
  const out: DkimKey = {
    tags,
    keyType,
    revoked: false,
    testing: (tags.t ?? '').split(':').map((f) => f.trim().toLowerCase()).includes('y'),
    hashes: tags.h ? tags.h.split(':').map((h) => h.trim().toLowerCase()).filter(Boolean) : [],
    services: (tags.s ?? '*').split(':').map((h) => h.trim().toLowerCase()).filter(Boolean),
    errors,
  };
  if (tags.v !== undefined) {
    if (tags.v !== 'DKIM1') errors.push(`v=${tags.v} is not "DKIM1"`);
    else if (!/^\s*v\s*=/.test(text)) errors.push('v=DKIM1 must be the first tag');
  }
  if (tags.p === undefined) {
    errors.push('there is no p= tag (public key)');
    return out;
  }
  const p = tags.p.replace(/\s+/g, '');
  if (p === '') {
    out.revoked = true;
    return out;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p) || p.length % 4 === 1) {
    errors.push('p= is not valid base64');
    return out;
  }
  if (!out.services.includes('*') && !out.services.includes('email')) errors.push(`s=${tags.s ?? ''} excludes email`);
  const der = Buffer.from(p, 'base64');
  if (keyType === 'rsa') {
    const bits = rsaBits(der);
    if (bits === null) errors.push('p= does not decode to an RSA public key (truncated or damaged key?)');
    else out.bits = bits;
  } else if (keyType === 'ed25519') {
    if (der.length !== 32) errors.push(`an Ed25519 key is 32 bytes, p= has ${der.length}`);
    else out.bits = 256;
  } else {
    errors.push(`unknown key type k=${tags.k ?? ''}`);
  }
  return out;
}

/** True for a TXT value that looks like a DKIM key record (v=DKIM1, or a p= tag). */
export function looksLikeDkimKey(txt: string): boolean {
  return /^\s*v\s*=\s*DKIM1\b/i.test(txt) || /(^|;)\s*p\s*=/.test(txt) || /(^|;)\s*k\s*=/.test(txt);
}

/**
 * Selector names commonly used by mail services, probed when no selector is given:
 * generic names, Microsoft 365 (selector1/2), Google Workspace (google), Mailchimp and
 * Mandrill (k1-k3, mandrill), SendGrid (s1, s2), Fastmail (fm1-fm3), iCloud (sig1),
 * Zoho (zoho), Proton (protonmail*), Amazon SES legacy and other providers' defaults.
 */
export const COMMON_DKIM_SELECTORS = [
  'default',
  'dkim',
  'mail',
  'selector1',
  'selector2',
  'google',
  'k1',
  'k2',
  'k3',
  's1',
  's2',
  'fm1',
  'fm2',
  'fm3',
  'sig1',
  'key1',
  'smtp',
  'mx',
  'zoho',
  'protonmail',
  'mandrill',
  'everlytickey1',
] as const;
