/**
 * @module probes/smtp/render
 * The SMTP part of the human output: the settings to use, the attempts table and the main
 * facts (server, TLS, capabilities, envelope).
 */
import type { Report } from '../../core/report.js';
import type { SmtpFacts } from './types.js';

const SEC: Record<string, string> = { tls: 'SSL/TLS (implicit TLS)', starttls: 'STARTTLS', none: 'none (plain text)' };

export function renderSmtpFacts(report: Report<SmtpFacts>): string[] {
  const f = report.facts;
  const out: string[] = [];
  if (f.settings) {
    const s = f.settings;
    const auth = f.authenticated && f.authMechanism ? f.authMechanism : s.authMechanisms.length ? s.authMechanisms.join('/') : 'none offered';
    out.push(`Use: host ${s.host}, port ${s.port}, security ${SEC[s.security] ?? s.security}, auth ${auth}`);
  } else if (f.attempts.length) {
    out.push('Use: no working setting found (see the attempts below)');
  }
  if (f.attempts.length > 1) {
    out.push('Attempts:');
    for (const a of f.attempts) {
      const status = a.ok ? 'ok' : `${a.stage ?? '?'}: ${a.cause ?? 'failed'}`;
      out.push(`  ${String(a.port).padEnd(5)} ${a.security.padEnd(8)} ${status.padEnd(34)} ${a.summary}`);
    }
  }
  const facts: string[] = [];
  if (f.address) facts.push(`Server: ${f.host} (${f.address}) port ${f.port ?? '?'}${f.banner ? `, greeting "${(f.banner.split('\n')[0] ?? '').slice(0, 100)}"` : ''}`);
  if (f.tls) {
    const leaf = f.tls.chain[0];
    facts.push(
      `TLS: ${f.tls.protocol ?? '?'} ${f.tls.cipher ?? ''}; certificate ${leaf ? `${leaf.subject} issued by ${leaf.issuer}, valid until ${leaf.validTo.slice(0, 10)}` : 'none'}; ${f.tls.valid ? 'verified' : 'NOT verified'}`,
    );
  }
  const caps = f.ehloAfterTls ?? f.ehloBeforeTls;
  if (caps) {
    const size = f.sizeLimit === null ? '' : `; size limit ${f.sizeLimit === 0 ? 'none' : `${f.sizeLimit} bytes`}`;
    facts.push(`Capabilities${f.ehloAfterTls ? ' (after TLS)' : ''}: ${caps.keywords.join(', ') || '(none: HELO only)'}${size}`);
  }
  if (f.mailFrom !== null) facts.push(`Sender: <${f.mailFrom}>`);
  for (const r of f.recipients) facts.push(`Recipient <${r.address}>: ${r.accepted ? 'accepted' : `refused (${r.cause ?? '?'})`} - ${r.reply}`);
  if (f.queueId) facts.push(`Message: ${f.messageBytes ?? '?'} bytes, queued as ${f.queueId}`);
  if (facts.length) out.push(...facts);
  return out;
}
