/**
 * @module net/tls-facts
 * What a TLS session looked like (protocol, cipher, SNI, the certificate chain) and what is
 * wrong with its certificate. The handshake always runs with verification deferred
 * (rejectUnauthorized: false) so the chain is kept even when it fails; the verdict is then
 * taken here from OpenSSL's verification error and a host-name check of our own.
 */
import type { PeerCertificate, DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { nodeTls } from './tls-module.js';
import { ipVersion } from './ip.js';

export interface CertInfo {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  serialNumber: string;
  fingerprint256: string;
  selfSigned: boolean;
  keyType?: string;
  keyBits?: number;
}

export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  /** SNI sent (null when connecting by address without --tls-name) */
  servername: string | null;
  /** name the certificate was checked against */
  verifiedName: string;
  /** OpenSSL chain verification passed */
  chainTrusted: boolean;
  /** OpenSSL verification error code, e.g. CERT_HAS_EXPIRED */
  verifyError: string | null;
  /** the certificate covers verifiedName */
  hostnameMatches: boolean;
  hostnameError: string | null;
  /** whole-connection verdict: trusted chain and matching name */
  valid: boolean;
  /** leaf first */
  chain: CertInfo[];
  daysUntilExpiry: number | null;
}

function nameOf(x: PeerCertificate['subject'] | undefined): string {
  if (!x) return '';
  const parts: string[] = [];
  for (const k of ['CN', 'O', 'OU', 'C'] as const) {
    const v = (x as unknown as Record<string, string | string[] | undefined>)[k];
    if (v) parts.push(`${k}=${Array.isArray(v) ? v.join('+') : v}`);
  }
  return parts.join(', ');
}

function certInfo(c: PeerCertificate): CertInfo {
  const sans = (c.subjectaltname ?? '')
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  const info: CertInfo = {
    subject: nameOf(c.subject),
    issuer: nameOf(c.issuer),
    subjectAltNames: sans,
    validFrom: new Date(c.valid_from).toISOString(),
    validTo: new Date(c.valid_to).toISOString(),
    serialNumber: c.serialNumber,
    fingerprint256: c.fingerprint256,
    selfSigned: nameOf(c.subject) === nameOf(c.issuer) && (c as DetailedPeerCertificate).issuerCertificate === c,
  };
  const ck = c as PeerCertificate & { asn1Curve?: string; bits?: number; pubkey?: Buffer };
  if (ck.bits) info.keyBits = ck.bits;
  info.keyType = ck.asn1Curve ? `EC ${ck.asn1Curve}` : ck.bits ? 'RSA' : undefined;
  if (!info.keyType) delete info.keyType;
  return info;
}

/** Walks the peer chain, leaf first, stopping at a self-issued certificate or a loop. */
export function peerChain(socket: TLSSocket): CertInfo[] {
  const leaf = socket.getPeerCertificate(true);
  if (!leaf || Object.keys(leaf).length === 0) return [];
  const out: CertInfo[] = [];
  const seen = new Set<string>();
  let cur: DetailedPeerCertificate | undefined = leaf;
  while (cur && !seen.has(cur.fingerprint256) && out.length < 10) {
    seen.add(cur.fingerprint256);
    const info = certInfo(cur);
    info.selfSigned = cur.issuerCertificate === cur || (cur.issuerCertificate?.fingerprint256 === cur.fingerprint256);
    out.push(info);
    cur = cur.issuerCertificate;
  }
  return out;
}

export function collectTlsFacts(socket: TLSSocket, verifiedName: string, servername: string | null): TlsFacts {
  const chain = peerChain(socket);
  const cipher = socket.getCipher();
  const verifyError = socket.authorized ? null : ((socket.authorizationError as unknown as string | Error | null) ?? null);
  const verifyCode = verifyError === null ? null : typeof verifyError === 'string' ? verifyError : ((verifyError as NodeJS.ErrnoException).code ?? verifyError.message);
  let hostnameError: string | null = null;
  const peer = socket.getPeerCertificate();
  if (peer && Object.keys(peer).length) {
    const err = nodeTls().checkServerIdentity(verifiedName, peer);
    if (err) hostnameError = err.message;
  } else hostnameError = 'no certificate';
  const leaf = chain[0];
  const days = leaf ? Math.floor((Date.parse(leaf.validTo) - Date.now()) / 86_400_000) : null;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: cipher ? cipher.standardName || cipher.name : null,
    servername,
    verifiedName,
    chainTrusted: socket.authorized,
    verifyError: verifyCode,
    hostnameMatches: hostnameError === null,
    hostnameError,
    valid: socket.authorized && hostnameError === null,
    chain,
    daysUntilExpiry: days,
  };
}

export interface CertProblem {
  cause:
    | 'cert-expired'
    | 'cert-not-yet-valid'
    | 'cert-self-signed'
    | 'cert-untrusted'
    | 'cert-chain-incomplete'
    | 'cert-hostname-mismatch'
    | 'cert-expiring-soon';
  slots: Record<string, string>;
  detail: string;
}

/** The certificate cannot be trusted now (every problem but a warning of coming expiry): no credentials may follow. */
export function certProblemBlocks(p: CertProblem): boolean {
  return p.cause !== 'cert-expiring-soon';
}

/** Names on a certificate that a client could use instead (DNS SANs, then CN). */
export function certNames(c: CertInfo | undefined): string[] {
  if (!c) return [];
  const names = c.subjectAltNames.filter((s) => s.startsWith('DNS:') || s.startsWith('IP Address:')).map((s) => s.replace(/^DNS:|^IP Address:/, ''));
  if (!names.length) {
    const cn = /CN=([^,]+)/.exec(c.subject);
    if (cn?.[1]) names.push(cn[1]);
  }
  return names;
}

/**
 * Turns TLS facts into certificate problems, most fundamental first. OpenSSL reports one
 * verification error; the host-name check and the expiry warning are ours.
 */
export function assessCertificate(f: TlsFacts, opts: { host: string; warnDays?: number }): CertProblem[] {
  const leaf = f.chain[0];
  const base: Record<string, string> = {
    host: opts.host,
    subject: leaf?.subject ?? '',
    issuer: leaf?.issuer ?? '',
    validTo: leaf?.validTo ?? '',
    validFrom: leaf?.validFrom ?? '',
  };
  const out: CertProblem[] = [];
  const code = f.verifyError;
  if (code) {
    const detail = `certificate verification failed: ${code}`;
    switch (code) {
      case 'CERT_HAS_EXPIRED':
        out.push({ cause: 'cert-expired', slots: base, detail });
        break;
      case 'CERT_NOT_YET_VALID':
        out.push({ cause: 'cert-not-yet-valid', slots: base, detail });
        break;
      case 'DEPTH_ZERO_SELF_SIGNED_CERT':
        out.push({ cause: 'cert-self-signed', slots: base, detail });
        break;
      case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
        // the server sent its certificate without the issuer that links it to a trusted root
        out.push({ cause: 'cert-chain-incomplete', slots: base, detail });
        break;
      case 'SELF_SIGNED_CERT_IN_CHAIN':
      case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      case 'UNABLE_TO_GET_ISSUER_CERT':
      case 'CERT_UNTRUSTED': {
        const top = f.chain[f.chain.length - 1];
        out.push({ cause: 'cert-untrusted', slots: { ...base, issuer: top?.issuer || base.issuer || '' }, detail });
        break;
      }
      case 'CERT_SIGNATURE_FAILURE':
      case 'CERT_REVOKED':
      case 'INVALID_CA':
      case 'INVALID_PURPOSE':
      default:
        out.push({ cause: 'cert-untrusted', slots: base, detail });
    }
  }
  if (!f.hostnameMatches) {
    out.push({
      cause: 'cert-hostname-mismatch',
      slots: { ...base, name: f.verifiedName, names: certNames(leaf).join(', ') },
      detail: f.hostnameError ?? 'host name mismatch',
    });
  }
  const warnDays = opts.warnDays ?? 21;
  if (!out.some((p) => p.cause === 'cert-expired') && f.daysUntilExpiry !== null && f.daysUntilExpiry >= 0 && f.daysUntilExpiry < warnDays) {
    out.push({ cause: 'cert-expiring-soon', slots: { ...base, days: String(f.daysUntilExpiry) }, detail: `expires in ${f.daysUntilExpiry} days` });
  }
  return out;
}

/** One-line summary for the transcript. */
export function describeTls(f: TlsFacts): string {
  const leaf = f.chain[0];
  const names = certNames(leaf).slice(0, 6).join(', ');
  const parts = [
    `${f.protocol ?? '?'} ${f.cipher ?? '?'}`,
    f.servername ? `SNI ${f.servername}` : 'no SNI',
    leaf ? `cert subject ${leaf.subject || '(none)'}; names ${names || '(none)'}; issuer ${leaf.issuer}; valid ${leaf.validFrom.slice(0, 10)}..${leaf.validTo.slice(0, 10)}` : 'no certificate',
    `chain ${f.chain.length}`,
    f.valid ? 'verified' : `NOT verified (${[f.verifyError, f.hostnameMatches ? null : `name ${f.verifiedName} not on certificate`].filter(Boolean).join('; ')})`,
  ];
  return parts.join(' | ');
}

/** Should SNI be sent for this name (not for IP literals)? */
export function sniFor(name: string): string | null {
  return ipVersion(name) ? null : name;
}
