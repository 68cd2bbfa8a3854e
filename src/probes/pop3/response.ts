/**
 * @module probes/pop3/response
 * POP3 replies (RFC 1939 section 3): "+OK text" / "-ERR text", with the extended response
 * codes of RFC 2449 section 8 ("-ERR [IN-USE] ...", hierarchical as in RFC 3206
 * "[SYS/TEMP]"), multi-line replies ended by "." with dot-unstuffing, and SASL
 * continuations ("+ base64", RFC 5034).
 */
import type { LineSocket } from '../../net/line-socket.js';

export const POP3_LIMITS = {
  /** lines of one multi-line reply (CAPA has a dozen) */
  maxLines: 1000,
} as const;

export interface Pop3Reply {
  kind: 'ok' | 'err' | 'continuation';
  /** RFC 2449 response code, upper case, without brackets: "IN-USE", "SYS/TEMP", "AUTH" */
  code: string | null;
  /** text after the status and the code */
  text: string;
  /** the line as received */
  line: string;
  seq: number;
}

/** Parses a status line; null when it is neither +OK, -ERR nor a continuation. */
export function parsePop3Line(line: string, seq = 0): Pop3Reply | null {
  let kind: Pop3Reply['kind'];
  let rest: string;
  const m = /^(\+OK|-ERR)(?:\s+(.*))?$/i.exec(line);
  if (m) {
    kind = (m[1] as string).toUpperCase() === '+OK' ? 'ok' : 'err';
    rest = m[2] ?? '';
  } else if (line === '+' || line.startsWith('+ ')) {
    return { kind: 'continuation', code: null, text: line.slice(2), line, seq };
  } else return null;
  let code: string | null = null;
  const c = /^\[([A-Za-z0-9/-]{1,40})\]\s*(.*)$/.exec(rest);
  if (c) {
    code = (c[1] as string).toUpperCase();
    rest = c[2] ?? '';
  }
  return { kind, code, text: rest, line, seq };
}

/** The APOP timestamp (msg-id form, RFC 1939 section 7) in a greeting, or null. */
export function apopTimestamp(greeting: string): string | null {
  const m = /<[^<>\s]{1,250}@[^<>\s]{1,250}>/.exec(greeting);
  return m ? m[0] : null;
}

export type ReadFailure = { reason: 'timeout' | 'partial' | 'closed' | 'too-long' | 'garbage'; detail: string; partial: string };

export type ReplyResult = { ok: true; reply: Pop3Reply } | { ok: false; failure: ReadFailure };

/** Reads one status line. */
export async function readReply(ls: LineSocket, timeoutMs: number): Promise<ReplyResult> {
  const r = await ls.readLine(timeoutMs);
  if (!r.ok) {
    if (r.reason === 'too-long') return { ok: false, failure: { reason: 'too-long', detail: 'a reply line longer than the line limit', partial: r.partial.slice(0, 300) } };
    if (r.reason === 'timeout') {
      return r.partial
        ? { ok: false, failure: { reason: 'partial', detail: 'the server stopped in the middle of a reply line', partial: r.partial.slice(0, 300) } }
        : { ok: false, failure: { reason: 'timeout', detail: `no reply within ${timeoutMs} ms`, partial: '' } };
    }
    return r.partial
      ? { ok: false, failure: { reason: 'partial', detail: 'the connection closed in the middle of a reply line', partial: r.partial.slice(0, 300) } }
      : { ok: false, failure: { reason: 'closed', detail: 'the server closed the connection', partial: '' } };
  }
  const reply = parsePop3Line(r.line, r.seq);
  if (!reply) return { ok: false, failure: { reason: 'garbage', detail: 'a line that is not a POP3 reply (+OK / -ERR)', partial: r.line.slice(0, 300) } };
  return { ok: true, reply };
}

/** Reads the body of a multi-line reply up to the "." line, unstuffing leading dots. */
export async function readMultiline(ls: LineSocket, timeoutMs: number): Promise<{ ok: true; lines: string[] } | { ok: false; failure: ReadFailure }> {
  const deadline = Date.now() + timeoutMs;
  const lines: string[] = [];
  for (;;) {
    const r = await ls.readLine(Math.max(1, deadline - Date.now()));
    if (!r.ok) {
      const reason = r.reason === 'too-long' ? 'too-long' : 'partial';
      return { ok: false, failure: { reason, detail: r.reason === 'timeout' ? 'the multi-line reply did not end with "."' : r.reason === 'too-long' ? 'a reply line longer than the line limit' : 'the connection closed in the middle of a multi-line reply', partial: lines.slice(-3).join(' | ') } };
    }
    if (r.line === '.') return { ok: true, lines };
    lines.push(r.line.startsWith('..') ? r.line.slice(1) : r.line);
    if (lines.length > POP3_LIMITS.maxLines) return { ok: false, failure: { reason: 'too-long', detail: `a multi-line reply longer than ${POP3_LIMITS.maxLines} lines`, partial: lines.slice(-3).join(' | ') } };
  }
}

/** Capabilities from CAPA lines: the keyword upper case, with its arguments. */
export interface Pop3Capabilities {
  /** the lines as sent */
  lines: string[];
  names: string[];
  stls: boolean;
  user: boolean;
  sasl: string[];
  loginDelaySeconds: number | null;
  expire: string | null;
  implementation: string | null;
}

export function parseCapa(lines: string[]): Pop3Capabilities {
  const caps: Pop3Capabilities = { lines, names: [], stls: false, user: false, sasl: [], loginDelaySeconds: null, expire: null, implementation: null };
  for (const l of lines) {
    const [kwRaw = '', ...args] = l.trim().split(/\s+/);
    const kw = kwRaw.toUpperCase();
    if (!kw) continue;
    if (!caps.names.includes(kw)) caps.names.push(kw);
    if (kw === 'STLS') caps.stls = true;
    else if (kw === 'USER') caps.user = true;
    else if (kw === 'SASL') {
      for (const a of args) {
        const u = a.toUpperCase();
        if (/^[A-Z0-9_-]{1,20}$/.test(u) && !caps.sasl.includes(u)) caps.sasl.push(u);
      }
    } else if (kw === 'LOGIN-DELAY' && args[0] && /^\d{1,9}$/.test(args[0])) caps.loginDelaySeconds = Number(args[0]);
    else if (kw === 'EXPIRE' && args[0]) caps.expire = args[0].toUpperCase();
    else if (kw === 'IMPLEMENTATION') caps.implementation = args.join(' ') || null;
  }
  return caps;
}
