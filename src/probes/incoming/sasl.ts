/**
 * @module probes/incoming/sasl
 * SASL payloads shared by IMAP AUTHENTICATE and POP3 AUTH: PLAIN (RFC 4616) and XOAUTH2
 * (Google / Microsoft). Payloads are built here and registered with the redactor by the
 * caller; the transcript only ever shows `<redacted>`.
 */

/** base64 of "\0user\0password" (no authorization identity). */
export function plainPayload(user: string, password: string): string {
  return Buffer.from(`\u0000${user}\u0000${password}`, 'utf8').toString('base64');
}

/** base64 of "user=U^Aauth=Bearer TOKEN^A^A" (Google and Microsoft XOAUTH2). */
export function xoauth2Payload(user: string, token: string): string {
  return Buffer.from(`user=${user}\u0001auth=Bearer ${token}\u0001\u0001`, 'utf8').toString('base64');
}

/**
 * Decodes the JSON error an XOAUTH2 server sends as a challenge before refusing
 * (e.g. {"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}).
 * Returns a short description, or null when it is not such a challenge.
 */
export function describeXoauth2Challenge(b64: string): string | null {
  if (!b64 || !/^[A-Za-z0-9+/=]+$/.test(b64)) return null;
  try {
    const obj = JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof obj !== 'object' || obj === null) return null;
    const parts = ['status', 'schemes', 'scope'].filter((k) => typeof obj[k] === 'string').map((k) => `${k}=${String(obj[k])}`);
    return parts.length ? parts.join(' ') : null;
  } catch {
    return null;
  }
}
