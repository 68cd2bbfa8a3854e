/**
 * @module probes/smtp/sasl
 * SASL client side of SMTP AUTH (RFC 4954): PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195) and
 * XOAUTH2 (Google/Microsoft). Each mechanism is a list of client responses to the server's
 * 334 challenges. Every response carries a `logAs` text: the transcript sees `<redacted>`,
 * only the wire sees the credentials.
 */
import { nodeCrypto } from '../../core/builtins.js';
import { REDACTED } from '../../core/redact.js';

export const SUPPORTED_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'] as const;
export type Mechanism = (typeof SUPPORTED_MECHANISMS)[number];

/** Order of preference when maildoctor chooses (XOAUTH2 needs a token, so it is chosen only when nothing else is offered or when asked). */
const PREFERENCE: Mechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

export function isSupportedMechanism(m: string): m is Mechanism {
  return (SUPPORTED_MECHANISMS as readonly string[]).includes(m.toUpperCase());
}

export type MechanismChoice =
  | { ok: true; mechanism: Mechanism }
  | { ok: false; reason: 'not-offered' | 'not-supported' | 'oauth-only'; requested?: string };

/** Picks the mechanism: the forced one if offered, else the first of PLAIN, LOGIN, CRAM-MD5 the server offers. */
export function chooseMechanism(offered: string[], forced?: string): MechanismChoice {
  const up = offered.map((m) => m.toUpperCase());
  if (forced) {
    const f = forced.toUpperCase();
    if (!isSupportedMechanism(f)) return { ok: false, reason: 'not-supported', requested: f };
    if (!up.includes(f)) return { ok: false, reason: 'not-offered', requested: f };
    return { ok: true, mechanism: f };
  }
  for (const m of PREFERENCE) if (up.includes(m)) return { ok: true, mechanism: m };
  if (up.includes('XOAUTH2') || up.includes('OAUTHBEARER')) return { ok: false, reason: 'oauth-only' };
  return { ok: false, reason: 'not-offered' };
}

export interface SaslStep {
  /** what to send (base64 or the whole AUTH command) */
  wire: string;
  /** what the transcript shows */
  logAs: string;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/**
 * A SASL exchange. `initial` is the AUTH command (with an initial response when the
 * mechanism has one); `respond` answers each 334 challenge (base64 text), or returns null
 * when the mechanism has nothing more to say (the client then cancels with "*").
 */
export interface SaslExchange {
  mechanism: Mechanism;
  initial: SaslStep;
  respond(challengeB64: string, step: number): SaslStep | null;
  /** every string that must never appear in output (raw and wire forms) */
  secrets: string[];
}

export function createExchange(mechanism: Mechanism, user: string, password: string): SaslExchange {
  switch (mechanism) {
    case 'PLAIN': {
      const payload = `\0${user}\0${password}`;
      const enc = b64(payload);
      return {
        mechanism,
        initial: { wire: `AUTH PLAIN ${enc}`, logAs: `AUTH PLAIN ${REDACTED}` },
        respond: () => null,
        secrets: [password, payload, enc],
      };
    }
    case 'LOGIN': {
      const u = b64(user);
      const p = b64(password);
      return {
        mechanism,
        initial: { wire: 'AUTH LOGIN', logAs: 'AUTH LOGIN' },
        respond: (_c, step) => (step === 0 ? { wire: u, logAs: `${REDACTED} (user name)` } : step === 1 ? { wire: p, logAs: `${REDACTED} (password)` } : null),
        secrets: [password, p],
      };
    }
    case 'CRAM-MD5': {
      const secrets = [password];
      return {
        mechanism,
        initial: { wire: 'AUTH CRAM-MD5', logAs: 'AUTH CRAM-MD5' },
        respond: (challenge, step) => {
          if (step > 0) return null;
          const ch = Buffer.from(challenge, 'base64').toString('latin1');
          const digest = nodeCrypto().createHmac('md5', password).update(ch, 'latin1').digest('hex');
          const resp = b64(`${user} ${digest}`);
          secrets.push(resp);
          return { wire: resp, logAs: `${REDACTED} (CRAM-MD5 response)` };
        },
        secrets,
      };
    }
    case 'XOAUTH2': {
      const payload = `user=${user}\x01auth=Bearer ${password}\x01\x01`;
      const enc = b64(payload);
      return {
        mechanism,
        initial: { wire: `AUTH XOAUTH2 ${enc}`, logAs: `AUTH XOAUTH2 ${REDACTED}` },
        // after a failure the server sends a 334 with a JSON error; the client answers with an empty line
        respond: () => ({ wire: '', logAs: '(empty response to the XOAUTH2 error)' }),
        secrets: [password, payload, enc],
      };
    }
  }
}

/** Decodes the JSON error of an XOAUTH2 334 challenge, e.g. {"status":"401","schemes":"bearer","scope":"..."}. */
export function decodeOauthError(challengeB64: string): string | null {
  try {
    const text = Buffer.from(challengeB64.trim(), 'base64').toString('utf8');
    if (!text.trim().startsWith('{')) return null;
    const j = JSON.parse(text) as Record<string, unknown>;
    return Object.entries(j)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
  } catch {
    return null;
  }
}
