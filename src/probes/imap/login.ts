/**
 * @module probes/imap/login
 * Chooses and runs the login: LOGIN (RFC 9051 6.2.3), AUTHENTICATE PLAIN (RFC 4616, with
 * SASL-IR when offered) or AUTHENTICATE XOAUTH2. Credentials go on the wire only; the
 * transcript shows `<redacted>`, and the secrets are registered with the redactor too.
 */
import { REDACTED } from '../../core/redact.js';
import { plainPayload, xoauth2Payload, describeXoauth2Challenge } from '../incoming/sasl.js';
import type { CommandLine, CommandResult, ImapClient } from './client.js';
import { quoteString } from './response.js';

export type ImapLoginMethod = 'LOGIN' | 'AUTHENTICATE PLAIN' | 'AUTHENTICATE XOAUTH2';

/** SASL mechanisms from capabilities (AUTH=PLAIN -> PLAIN). */
export function authMechanisms(caps: string[]): string[] {
  return caps.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));
}

export type MethodChoice = { ok: true; method: ImapLoginMethod } | { ok: false; reason: 'unsupported' | 'login-disabled'; mechanism: string };

/**
 * Picks the login method. Forced with --auth-type (LOGIN means the LOGIN command); otherwise
 * AUTHENTICATE PLAIN when offered, else LOGIN. LOGIN is never used under LOGINDISABLED
 * (RFC 9051 6.2.3: the client MUST NOT).
 */
export function chooseLoginMethod(caps: string[], authType: string | undefined): MethodChoice {
  const mechs = authMechanisms(caps);
  const loginDisabled = caps.includes('LOGINDISABLED');
  const want = authType?.toUpperCase();
  if (want === 'LOGIN') {
    if (loginDisabled) return { ok: false, reason: 'login-disabled', mechanism: 'LOGIN' };
    return { ok: true, method: 'LOGIN' };
  }
  if (want === 'PLAIN' || want === 'XOAUTH2') {
    if (!mechs.includes(want)) return { ok: false, reason: loginDisabled && mechs.length === 0 ? 'login-disabled' : 'unsupported', mechanism: want };
    return { ok: true, method: `AUTHENTICATE ${want}` };
  }
  if (want) return { ok: false, reason: 'unsupported', mechanism: want };
  if (mechs.includes('PLAIN')) return { ok: true, method: 'AUTHENTICATE PLAIN' };
  if (loginDisabled) return { ok: false, reason: 'login-disabled', mechanism: 'LOGIN' };
  return { ok: true, method: 'LOGIN' };
}

/** An astring argument as command lines: quoted when plain ASCII, else a literal. */
function astringLines(prefix: string, values: { value: string; secret: boolean }[], literalPlus: boolean): CommandLine[] {
  const lines: CommandLine[] = [];
  let wire = prefix;
  let log = prefix;
  for (const { value, secret } of values) {
    const q = quoteString(value);
    if (q !== null) {
      wire += ` ${q}`;
      log += ` ${secret ? REDACTED : q}`;
      continue;
    }
    const n = Buffer.byteLength(value, 'utf8');
    const announce = `{${n}${literalPlus ? '+' : ''}}`;
    lines.push({ wire: `${wire} ${announce}`, log: `${log} ${announce}` });
    wire = value;
    log = secret ? REDACTED : value;
  }
  lines.push({ wire, log });
  if (literalPlus && lines.length > 1) {
    // LITERAL+: no continuation wait, send everything as one line with embedded CRLFs
    return [{ wire: lines.map((l) => l.wire).join('\r\n'), log: lines.map((l) => l.log ?? l.wire).join(' ') }];
  }
  return lines;
}

export interface LoginAttempt {
  result: CommandResult;
  /** XOAUTH2 error challenge, decoded */
  oauthError: string | null;
}

/** Runs the chosen login. */
export async function runLogin(client: ImapClient, method: ImapLoginMethod, user: string, secret: string, caps: string[]): Promise<LoginAttempt> {
  const redactor = client.ls.transcript.redactor;
  redactor.addSecret(secret);
  let oauthError: string | null = null;
  if (method === 'LOGIN') {
    const lines = astringLines(
      'LOGIN',
      [
        { value: user, secret: false },
        { value: secret, secret: true },
      ],
      caps.includes('LITERAL+'),
    );
    return { result: await client.runLines(lines), oauthError };
  }
  const mech = method === 'AUTHENTICATE PLAIN' ? 'PLAIN' : 'XOAUTH2';
  const payload = mech === 'PLAIN' ? plainPayload(user, secret) : xoauth2Payload(user, secret);
  redactor.addSecret(payload);
  let sent = false;
  const onContinuation = (r: { text: string }) => {
    if (!sent) {
      sent = true;
      return { wire: payload, log: REDACTED };
    }
    // a second challenge: XOAUTH2 sends its error as base64 JSON and expects an empty line
    oauthError = describeXoauth2Challenge(r.text.trim()) ?? oauthError;
    return { wire: '', log: '' };
  };
  if (caps.includes('SASL-IR')) {
    sent = true;
    const result = await client.run(`AUTHENTICATE ${mech} ${payload}`, { log: `AUTHENTICATE ${mech} ${REDACTED}`, onContinuation });
    return { result, oauthError };
  }
  const result = await client.run(`AUTHENTICATE ${mech}`, { onContinuation });
  return { result, oauthError };
}
