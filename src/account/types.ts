/**
 * @module account/types
 * Shapes of account discovery: every source consulted (with where its answer came from)
 * and the server settings each one published.
 */

export type MailProtocol = 'imap' | 'pop3' | 'smtp';

/** Security mode as probes take it; 'auto' for guesses (no published mode). */
export type ServerSecurity = 'tls' | 'starttls' | 'none' | 'auto';

/** Which kind of source published a setting. */
export type SourceKind = 'srv' | 'autoconfig' | 'autodiscover' | 'guess';

/** One server a source names. */
export interface ServerSetting {
  protocol: MailProtocol;
  host: string;
  /** null for guesses: the probe tries the standard ports */
  port: number | null;
  security: ServerSecurity;
  /** user name with placeholders expanded, when the source gives one */
  username?: string;
  /** authentication methods named by the source (autoconfig: password-cleartext, OAuth2, ...) */
  authentication?: string[];
  source: SourceKind;
  /** where exactly: the URL fetched or the DNS name queried */
  origin: string;
  /** true for MX-based and host-name guesses */
  guess: boolean;
  /** SRV priority/weight, when from SRV */
  priority?: number;
  weight?: number;
}

export type SourceStatus =
  /** the source answered with usable settings */
  | 'found'
  /** nothing there (NXDOMAIN, NODATA, HTTP 404) */
  | 'absent'
  /** SRV target "." : the service is deliberately not offered */
  | 'not-offered'
  /** the name exists but the fetch failed (connection, TLS, timeout, HTTP 5xx, 401) */
  | 'unreachable'
  /** an answer came but it is not a valid document, or an error document */
  | 'invalid'
  /** not consulted (e.g. plain http without --allow-http) */
  | 'skipped';

/** One source consulted during discovery. */
export interface SourceResult {
  source: SourceKind;
  /** URL or DNS name, e.g. "_imaps._tcp.example.com SRV" or "https://autoconfig.example.com/..." */
  origin: string;
  status: SourceStatus;
  /** short human detail: HTTP status, DNS code, parse error */
  detail?: string;
  servers: ServerSetting[];
  /** problems found in the document (malformed XML, bad ports) */
  problems?: string[];
  /** HTTP status when fetched over HTTP(S) */
  httpStatus?: number;
  /** true when the failure was a certificate problem */
  certProblem?: boolean;
  /** true when fetched over plain http */
  insecure?: boolean;
  ms?: number;
}

/** Standard ports and security of each published SRV service (RFC 6186, RFC 8314). */
export const SRV_SERVICES = [
  { service: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { service: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { service: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { service: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
  { service: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { service: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
] as const satisfies readonly { service: string; protocol: MailProtocol; security: ServerSecurity }[];

export function securityLabel(s: ServerSecurity): string {
  return s === 'tls' ? 'SSL/TLS' : s === 'starttls' ? 'STARTTLS' : s === 'none' ? 'none (plain text)' : 'auto';
}

export function protocolLabel(p: MailProtocol): string {
  return p === 'imap' ? 'IMAP' : p === 'pop3' ? 'POP3' : 'SMTP';
}

export function describeSetting(s: ServerSetting): string {
  const port = s.port === null ? '' : `:${s.port}`;
  return `${protocolLabel(s.protocol)} ${s.host}${port} ${securityLabel(s.security)}`;
}

/** Lower-case host without a trailing dot, for comparisons. */
export function normHost(h: string): string {
  return h.trim().toLowerCase().replace(/\.$/, '');
}
