/**
 * @module probes/smtp
 * `probeSmtp`: diagnoses an SMTP server end to end and returns a report whose verdict names
 * the failing stage and cause. Used by `maildoctor smtp` and (mode 'mx') by the domain check.
 */
import { withSeverity, type Finding } from '../../core/finding.js';
import { buildReport, type Report } from '../../core/report.js';
import type { Redactor } from '../../core/redact.js';
import { Transcript } from '../../core/transcript.js';
import { DnsClient } from '../../dns/client.js';
import type { AttemptSummary, RecommendedSettings } from '../common/types.js';
import { discover } from './discover.js';
import type { SessionResult } from './session.js';
import type { SmtpFacts, SmtpProbeOptions } from './types.js';

export type { SmtpFacts, SmtpProbeOptions, SmtpMode, RecipientResult } from './types.js';
export type { SmtpCapabilities } from './capabilities.js';
export { classifyReply, RULES as SMTP_CLASSIFY_RULES } from './classify.js';

function summarize(a: SessionResult): AttemptSummary {
  const ok = a.fatal === null && a.ready && !a.findings.some((f) => f.severity === 'error' || f.severity === 'critical');
  let summary: string;
  if (a.fatal) summary = a.fatal.summary;
  else if (!ok) summary = a.findings.find((f) => f.severity === 'error' || f.severity === 'critical')?.summary ?? 'failed';
  else if (a.ranFull) summary = a.facts.authenticated ? `works; login with ${a.facts.authMechanism ?? '?'} accepted` : 'works';
  else summary = `works up to login${a.facts.ehloAfterTls?.auth.length ? ` (offers ${a.facts.ehloAfterTls.auth.join(' ')})` : ''}; login not tested on this setting`;
  return {
    port: a.plan.port,
    security: a.security ?? (a.plan.security === 'opportunistic' ? 'starttls' : a.plan.security),
    ok,
    stage: a.stage,
    cause: a.fatal?.cause ?? null,
    summary,
  };
}

function healthySummary(opts: SmtpProbeOptions, a: SessionResult): string {
  const f = a.facts;
  const parts = [`port ${a.plan.port} ${a.security === 'tls' ? 'implicit TLS' : a.security === 'starttls' ? 'STARTTLS' : 'plain text'}${f.tls?.protocol ? ` (${f.tls.protocol})` : ''}`];
  if (f.authenticated) parts.push(`login ${f.authMechanism ?? ''} accepted`.replace('  ', ' '));
  if (f.mailFrom !== null) parts.push(`sender <${f.mailFrom}> accepted`);
  const acc = f.recipients.filter((r) => r.accepted).length;
  if (acc) parts.push(`${acc} recipient${acc > 1 ? 's' : ''} accepted`);
  if (f.queueId) parts.push(`message queued as ${f.queueId}`);
  else if (f.messageBytes !== null && a.progress >= 10) parts.push('message accepted');
  return `${opts.mode === 'mx' ? 'MX' : 'SMTP'} server works: ${parts.join(', ')}`;
}

/**
 * Applies the transcript's Redactor to every string of a value (findings, facts): a server
 * may echo a credential in a reply, and replies end up in finding texts and facts too.
 */
function redactDeep<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.apply(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redactor)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redactor);
    return out as T;
  }
  return value;
}

/** Diagnoses an SMTP server; never throws for network or protocol outcomes. */
export async function probeSmtp(opts: SmtpProbeOptions): Promise<Report<SmtpFacts>> {
  const startedAt = new Date();
  const transcript = opts.transcript ?? new Transcript();
  transcript.redactor.addSecret(opts.password);
  const dns = opts.dns ?? new DnsClient({ timeoutMs: opts.timeoutMs });
  const mode = opts.mode ?? 'submission';
  const { attempts, verdict, full } = await discover(opts, transcript, dns);
  const several = attempts.length > 1;
  const findings: Finding[] = [];
  for (const f of verdict.findings) findings.push(several ? { ...f, attempt: verdict.label } : f);
  for (const a of attempts) {
    if (a === verdict) continue;
    for (const f of a.findings) findings.push({ ...withSeverity(f, 'info'), attempt: a.label });
  }
  const deciding = verdict.fatal ? (findings.find((f) => f.cause === verdict.fatal?.cause && f.stage === verdict.fatal.stage && f.severity === verdict.fatal.severity) ?? null) : null;
  const vf = verdict.facts;
  const caps = vf.ehloAfterTls ?? vf.ehloBeforeTls;
  let settings: RecommendedSettings | null = null;
  if (full && full.security) {
    settings = { host: opts.host, port: full.plan.port, security: full.security, authMechanisms: (full.facts.ehloAfterTls ?? full.facts.ehloBeforeTls)?.auth ?? [] };
  }
  const facts: SmtpFacts = {
    mode,
    host: opts.host,
    port: verdict.plan.port,
    security: verdict.security,
    address: vf.address,
    banner: vf.banner,
    ehloName: vf.ehloName,
    ehloBeforeTls: vf.ehloBeforeTls,
    ehloAfterTls: vf.ehloAfterTls,
    sizeLimit: caps?.size ?? null,
    authMechanisms: caps?.auth ?? [],
    tls: vf.tls,
    authenticated: vf.authenticated,
    authMechanism: vf.authMechanism,
    mailFrom: vf.mailFrom,
    recipients: vf.recipients,
    messageBytes: vf.messageBytes,
    messageId: vf.messageId,
    queueId: vf.queueId,
    timings: vf.timings,
    attempts: attempts.map(summarize),
    settings,
  };
  const target: Record<string, unknown> = { host: opts.host, security: opts.security, mode };
  if (opts.port !== undefined) target.port = opts.port;
  const red = transcript.redactor;
  const safeFindings = findings.map((f) => redactDeep(f, red));
  const safeDeciding = deciding ? (safeFindings[findings.indexOf(deciding)] ?? null) : null;
  const input = {
    kind: 'smtp' as const,
    target,
    startedAt,
    findings: safeFindings,
    facts: redactDeep(facts, red),
    transcript,
    healthySummary: red.apply(healthySummary(opts, verdict)),
  };
  return buildReport(safeDeciding ? { ...input, deciding: safeDeciding } : input);
}
