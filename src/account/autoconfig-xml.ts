/**
 * @module account/autoconfig-xml
 * Reads a Thunderbird autoconfig document (clientConfig v1.1): every incomingServer
 * (imap, pop3) and outgoingServer (smtp) with host name, port, socketType and user name,
 * placeholders expanded. Servers of other types (exchange, ews, jmap) are skipped.
 * @see https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat
 */
import { childNamed, childrenNamed, childText, parseXml } from './xml.js';
import type { MailProtocol, ServerSecurity, ServerSetting } from './types.js';
import { isValidHostName } from './hostname.js';

export interface AddressParts {
  address: string;
  localpart: string;
  domain: string;
}

/** Splits user@domain; null when it is not an address. */
export function splitAddress(address: string): AddressParts | null {
  const a = address.trim();
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return null;
  const localpart = a.slice(0, at);
  const domain = a.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (!isValidHostName(domain) || !domain.includes('.')) return null;
  if (/[\s<>]/.test(localpart)) return null;
  return { address: `${localpart}@${domain}`, localpart, domain };
}

/**
 * Expands the autoconfig placeholders: %EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%
 * (case-insensitive, as Thunderbird does). %REALNAME% and unknown ones are left untouched.
 */
export function expandPlaceholders(template: string, a: AddressParts): string {
  return template.replace(/%(EMAILADDRESS|EMAILLOCALPART|EMAILDOMAIN)%/gi, (_m, name: string) => {
    switch (name.toUpperCase()) {
      case 'EMAILADDRESS':
        return a.address;
      case 'EMAILLOCALPART':
        return a.localpart;
      default:
        return a.domain;
    }
  });
}

/** socketType SSL / STARTTLS / plain to our security modes. */
export function socketTypeToSecurity(socketType: string | undefined): ServerSecurity | null {
  switch ((socketType ?? '').trim().toUpperCase()) {
    case 'SSL':
    case 'TLS':
      return 'tls';
    case 'STARTTLS':
      return 'starttls';
    case 'PLAIN':
      return 'none';
    default:
      return null;
  }
}

export interface AutoconfigDocument {
  /** emailProvider id */
  provider?: string;
  /** domains the provider element lists */
  domains: string[];
  servers: ServerSetting[];
  /** problems: XML errors, unusable server entries */
  problems: string[];
  /** true when a strict client would reject the document */
  invalid: boolean;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
const TYPES: Record<string, MailProtocol> = { imap: 'imap', pop3: 'pop3', smtp: 'smtp' };

/** Parses a clientConfig document. Never throws. */
export function parseAutoconfig(xml: string, address: AddressParts, origin: string, maxBytes = 256 * 1024): AutoconfigDocument {
  const { root, errors } = parseXml(xml, { maxBytes });
  const doc: AutoconfigDocument = { domains: [], servers: [], problems: [...errors], invalid: errors.length > 0 };
  if (!root) return { ...doc, invalid: true };
  if (root.name.toLowerCase() !== 'clientconfig') {
    doc.problems.push(`the document element is <${root.qname}>, not <clientConfig>`);
    return { ...doc, invalid: true };
  }
  const provider = childNamed(root, 'emailProvider');
  if (!provider) {
    doc.problems.push('no <emailProvider> element');
    return { ...doc, invalid: true };
  }
  if (provider.attrs.id) doc.provider = provider.attrs.id;
  doc.domains = childrenNamed(provider, 'domain').map((d) => d.text.trim().toLowerCase()).filter(Boolean);
  const entries = [
    ...childrenNamed(provider, 'incomingServer').map((e) => ({ e, dir: 'incoming' as const })),
    ...childrenNamed(provider, 'outgoingServer').map((e) => ({ e, dir: 'outgoing' as const })),
  ];
  for (const [idx, { e, dir }] of entries.entries()) {
    const type = (e.attrs.type ?? '').toLowerCase();
    const protocol = TYPES[type];
    const where = `${dir}Server #${idx + 1} (type "${e.attrs.type ?? ''}")`;
    if (!protocol || (dir === 'incoming') === (protocol === 'smtp')) {
      if (!['exchange', 'ews', 'jmap', 'activesync', 'ews-oauth'].includes(type)) doc.problems.push(`${where}: unknown server type, skipped`);
      continue;
    }
    const hostRaw = childText(e, 'hostname');
    const host = hostRaw ? expandPlaceholders(hostRaw, address).toLowerCase() : undefined;
    const portText = childText(e, 'port');
    const port = portText && /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    const security = socketTypeToSecurity(childText(e, 'socketType'));
    if (!host || !isValidHostName(host)) {
      doc.problems.push(`${where}: missing or invalid <hostname>${hostRaw ? ` "${hostRaw}"` : ''}`);
      continue;
    }
    if (!(port >= 1 && port <= 65535)) {
      doc.problems.push(`${where}: missing or invalid <port>${portText ? ` "${portText}"` : ''}`);
      continue;
    }
    if (!security) {
      doc.problems.push(`${where}: missing or unknown <socketType> "${childText(e, 'socketType') ?? ''}"`);
      continue;
    }
    const s: ServerSetting = { protocol, host, port, security, source: 'autoconfig', origin, guess: false };
    const user = childText(e, 'username');
    if (user && !CONTROL.test(user)) s.username = expandPlaceholders(user, address);
    else if (user) doc.problems.push(`${where}: <username> contains control characters; ignored`);
    const auth = childrenNamed(e, 'authentication').map((a) => a.text.trim()).filter(Boolean);
    if (auth.length) s.authentication = auth;
    doc.servers.push(s);
  }
  if (doc.servers.length === 0) {
    doc.problems.push('no usable IMAP, POP3 or SMTP server in the document');
    doc.invalid = true;
  }
  return doc;
}
