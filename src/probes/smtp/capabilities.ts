/**
 * @module probes/smtp/capabilities
 * The EHLO reply as data: which extensions the server offers (RFC 5321 section 4.1.1.1),
 * with the ones a diagnosis needs parsed: STARTTLS (RFC 3207), AUTH mechanisms (RFC 4954;
 * also the pre-standard "AUTH=LOGIN PLAIN" form), SIZE (RFC 1870), PIPELINING (RFC 2920).
 */
import type { SmtpReply } from './reply.js';

export interface SmtpCapabilities {
  /** false after a HELO fallback (no extensions) */
  esmtp: boolean;
  /** the server's name from the first line of the reply */
  greetingName: string | null;
  /** extension lines as sent, e.g. ["PIPELINING", "SIZE 10240000", "AUTH PLAIN LOGIN"] */
  keywords: string[];
  starttls: boolean;
  /** upper-case SASL mechanism names, in the server's order */
  auth: string[];
  /** SIZE limit in bytes; 0 means "no fixed limit"; null when SIZE is not advertised */
  size: number | null;
  pipelining: boolean;
  eightBitMime: boolean;
  smtputf8: boolean;
  enhancedStatusCodes: boolean;
  chunking: boolean;
}

export function parseCapabilities(reply: Pick<SmtpReply, 'lines'>, esmtp = true): SmtpCapabilities {
  const [first = '', ...rest] = reply.lines;
  const caps: SmtpCapabilities = {
    esmtp,
    greetingName: first.split(/\s+/)[0] || null,
    keywords: esmtp ? rest.map((l) => l.trim()).filter(Boolean) : [],
    starttls: false,
    auth: [],
    size: null,
    pipelining: false,
    eightBitMime: false,
    smtputf8: false,
    enhancedStatusCodes: false,
    chunking: false,
  };
  for (const line of caps.keywords) {
    const [kwRaw = '', ...params] = line.split(/\s+/);
    const kw = kwRaw.toUpperCase();
    if (kw === 'STARTTLS') caps.starttls = true;
    else if (kw === 'AUTH' || kw.startsWith('AUTH=')) {
      const mechs = kw.startsWith('AUTH=') ? [kw.slice(5), ...params] : params;
      for (const m of mechs) {
        const u = m.toUpperCase();
        if (u && /^[A-Z0-9_-]{1,20}$/.test(u) && !caps.auth.includes(u)) caps.auth.push(u);
      }
    } else if (kw === 'SIZE') {
      const n = params[0] === undefined ? 0 : Number(params[0]);
      caps.size = Number.isSafeInteger(n) && n >= 0 ? n : 0;
    } else if (kw === 'PIPELINING') caps.pipelining = true;
    else if (kw === '8BITMIME') caps.eightBitMime = true;
    else if (kw === 'SMTPUTF8') caps.smtputf8 = true;
    else if (kw === 'ENHANCEDSTATUSCODES') caps.enhancedStatusCodes = true;
    else if (kw === 'CHUNKING') caps.chunking = true;
  }
  return caps;
}
