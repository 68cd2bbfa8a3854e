/**
 * @module account/autodiscover-xml
 * Microsoft Autodiscover, "POX" (plain old XML) flavour as Outlook uses it for IMAP/POP/SMTP
 * accounts: the request document, and the reader of the response: `Protocol` blocks
 * (Type IMAP/POP3/SMTP with Server, Port, SSL, Encryption, LoginName), redirects
 * (Action redirectAddr / redirectUrl) and error responses.
 * @see https://learn.microsoft.com/en-us/exchange/client-developers/web-service-reference/pox-autodiscover-response-for-exchange
 */
import { childNamed, childrenNamed, childText, parseXml, type XmlElement } from './xml.js';
import type { MailProtocol, ServerSecurity, ServerSetting } from './types.js';
import { isValidHostName } from './hostname.js';

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const RESPONSE_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** The POX request body Outlook POSTs. */
export function autodiscoverRequest(address: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Autodiscover xmlns="${REQUEST_NS}">`,
    '  <Request>',
    `    <EMailAddress>${escapeXml(address)}</EMailAddress>`,
    `    <AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema>`,
    '  </Request>',
    '</Autodiscover>',
    '',
  ].join('\n');
}

export type AutodiscoverResponse =
  | { kind: 'settings'; servers: ServerSetting[]; otherTypes: string[]; problems: string[]; invalid: boolean }
  | { kind: 'redirect-addr'; address: string; problems: string[] }
  | { kind: 'redirect-url'; url: string; problems: string[] }
  | { kind: 'error'; code?: string; message: string; problems: string[] }
  | { kind: 'invalid'; problems: string[] };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
const TYPES: Record<string, MailProtocol> = { IMAP: 'imap', POP3: 'pop3', SMTP: 'smtp' };
const IMPLICIT_PORTS = new Set([993, 995, 465]);

/** Security of a Protocol block: Encryption wins over SSL (on/off), as in Outlook. */
export function autodiscoverSecurity(p: XmlElement, port: number): ServerSecurity {
  const enc = (childText(p, 'Encryption') ?? '').toLowerCase();
  if (enc === 'ssl') return 'tls';
  if (enc === 'tls') return 'starttls';
  if (enc === 'none') return 'none';
  if (enc === 'auto') return 'auto';
  const ssl = (childText(p, 'SSL') ?? 'on').toLowerCase();
  if (ssl === 'off') return 'none';
  return IMPLICIT_PORTS.has(port) ? 'tls' : 'starttls';
}

/** Parses a POX Autodiscover response. Never throws. */
export function parseAutodiscover(xml: string, origin: string, maxBytes = 256 * 1024): AutodiscoverResponse {
  const { root, errors } = parseXml(xml, { maxBytes });
  const problems = [...errors];
  if (!root) return { kind: 'invalid', problems };
  if (root.name.toLowerCase() !== 'autodiscover') {
    problems.push(`the document element is <${root.qname}>, not <Autodiscover>`);
    return { kind: 'invalid', problems };
  }
  const response = childNamed(root, 'Response');
  if (!response) {
    problems.push('no <Response> element');
    return { kind: 'invalid', problems };
  }
  const error = childNamed(response, 'Error');
  if (error) {
    const r: AutodiscoverResponse = { kind: 'error', message: childText(error, 'Message') ?? 'error response', problems };
    const code = childText(error, 'ErrorCode');
    if (code) r.code = code;
    return r;
  }
  const account = childNamed(response, 'Account');
  if (!account) {
    problems.push('no <Account> element');
    return { kind: 'invalid', problems };
  }
  const action = (childText(account, 'Action') ?? 'settings').toLowerCase();
  if (action === 'redirectaddr') {
    const addr = childText(account, 'RedirectAddr');
    if (!addr || !/^[^@\s]+@[^@\s]+$/.test(addr)) {
      problems.push('redirectAddr without a valid <RedirectAddr>');
      return { kind: 'invalid', problems };
    }
    return { kind: 'redirect-addr', address: addr, problems };
  }
  if (action === 'redirecturl') {
    const url = childText(account, 'RedirectUrl');
    if (!url || !/^https?:\/\//i.test(url)) {
      problems.push('redirectUrl without a valid <RedirectUrl>');
      return { kind: 'invalid', problems };
    }
    return { kind: 'redirect-url', url, problems };
  }
  const servers: ServerSetting[] = [];
  const otherTypes: string[] = [];
  for (const [idx, p] of childrenNamed(account, 'Protocol').entries()) {
    const type = (childText(p, 'Type') ?? p.attrs.Type ?? '').toUpperCase();
    const protocol = TYPES[type];
    if (!protocol) {
      if (type) otherTypes.push(type);
      continue;
    }
    const host = (childText(p, 'Server') ?? '').toLowerCase();
    const portText = childText(p, 'Port');
    const port = portText && /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!host || !isValidHostName(host)) {
      problems.push(`Protocol #${idx + 1} (${type}): missing or invalid <Server>`);
      continue;
    }
    if (!(port >= 1 && port <= 65535)) {
      problems.push(`Protocol #${idx + 1} (${type}): missing or invalid <Port>`);
      continue;
    }
    const s: ServerSetting = { protocol, host, port, security: autodiscoverSecurity(p, port), source: 'autodiscover', origin, guess: false };
    const login = childText(p, 'LoginName');
    if (login && !CONTROL.test(login)) s.username = login;
    else if (login) problems.push(`Protocol #${idx + 1} (${type}): <LoginName> contains control characters; ignored`);
    if ((childText(p, 'SPA') ?? '').toLowerCase() === 'on') s.authentication = ['SPA (NTLM)'];
    servers.push(s);
  }
  const invalid = errors.length > 0;
  if (servers.length === 0 && otherTypes.length === 0) problems.push('no <Protocol> with IMAP, POP3 or SMTP settings');
  return { kind: 'settings', servers, otherTypes, problems, invalid };
}
