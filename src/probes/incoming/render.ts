/**
 * @module probes/incoming/render
 * Human output shared by `maildoctor imap` and `pop3`: the settings to configure, the
 * attempts table, and the server / TLS lines.
 */
import type { TlsFacts } from '../../net/tls-facts.js';
import type { AttemptSummary, RecommendedSettings } from '../common/types.js';

const SEC: Record<string, string> = { tls: 'SSL/TLS (implicit TLS)', starttls: 'STARTTLS', none: 'none (plain text)' };

export function renderSettings(settings: RecommendedSettings | null, attempts: AttemptSummary[], login: string | null): string[] {
  const out: string[] = [];
  if (settings) {
    const auth = login ?? (settings.authMechanisms.length ? settings.authMechanisms.join('/') : 'none offered');
    out.push(`Use: host ${settings.host}, port ${settings.port}, security ${SEC[settings.security] ?? settings.security}, auth ${auth}`);
  } else if (attempts.length > 1) out.push('Use: no working setting found (see the attempts below)');
  if (attempts.length > 1) {
    out.push('Attempts:');
    for (const a of attempts) {
      const status = a.ok ? 'ok' : `${a.stage ?? '?'}: ${a.cause ?? 'failed'}`;
      out.push(`  ${String(a.port).padEnd(5)} ${a.security.padEnd(8)} ${status.padEnd(36)} ${a.summary}`);
    }
  }
  return out;
}

export function renderServer(host: string, address: string | null, port: number, greeting: string | null, software: string | null): string | null {
  if (!address) return null;
  const g = greeting ? `, greeting "${greeting.slice(0, 100)}"` : '';
  return `Server: ${host} (${address}) port ${port}${software ? `, ${software}` : ''}${g}`;
}

export function renderTls(tls: TlsFacts | null): string | null {
  if (!tls) return null;
  const leaf = tls.chain[0];
  return `TLS: ${tls.protocol ?? '?'} ${tls.cipher ?? ''}; certificate ${leaf ? `${leaf.subject} issued by ${leaf.issuer}, valid until ${leaf.validTo.slice(0, 10)}` : 'none'}; ${tls.valid ? 'verified' : 'NOT verified'}`;
}

/** The facts both incoming probes share, as their human output needs them. */
export interface IncomingConnectionFacts {
  host: string;
  address: string | null;
  port: number;
  greeting: { text: string; software: string | null } | null;
  tls: TlsFacts | null;
  settings: RecommendedSettings | null;
  attempts: AttemptSummary[];
  authenticated: boolean;
  loginMethod: string | null;
}

/** Settings, attempts, server and TLS lines: how the IMAP and POP3 outputs start. */
export function renderConnection(f: IncomingConnectionFacts): string[] {
  const out = renderSettings(f.settings, f.attempts, f.authenticated ? f.loginMethod : null);
  const server = renderServer(f.host, f.address, f.port, f.greeting?.text ?? null, f.greeting?.software ?? null);
  if (server) out.push(server);
  const tls = renderTls(f.tls);
  if (tls) out.push(tls);
  return out;
}
