/**
 * @module probes/incoming/discover
 * Settings discovery shared by the IMAP and POP3 probes. With `--security auto` and no
 * port, the settings a mail client's account set-up tries are tried in order (RFC 8314:
 * implicit TLS first, then STARTTLS); the first that works is the recommendation. A failed
 * alternative stays in the report as an `info` finding labelled with its attempt; when none
 * works, the attempt that got furthest decides the verdict.
 */
import { isFailure, withSeverity, type Finding } from '../../core/finding.js';
import type { Stage } from '../../core/stage.js';
import { buildReport, type Report } from '../../core/report.js';
import { Transcript } from '../../core/transcript.js';
import { DnsClient } from '../../dns/client.js';
import { mixUpRetry } from '../common/mix-up.js';
import type { AttemptSummary, CommonProbeOptions, RecommendedSettings, Security } from '../common/types.js';

export type ConcreteSecurity = Exclude<Security, 'auto'>;

export interface PlannedAttempt {
  port: number;
  security: ConcreteSecurity;
  /** label used on findings and transcript connections, e.g. "993 tls" */
  label: string;
}

/** Well-known implicit-TLS ports (RFC 8314): submissions, IMAPS, POP3S. */
export const IMPLICIT_TLS_PORTS: readonly number[] = [465, 993, 995];

export interface ProtocolPorts {
  /** implicit TLS port (993, 995) */
  tls: number;
  /** plain/STARTTLS port (143, 110) */
  plain: number;
}

/**
 * The settings to try. No port and security auto: both standard ports; a port with
 * security auto: implicit TLS on the implicit-TLS port number, STARTTLS on any other.
 */
export function planAttempts(opts: Pick<CommonProbeOptions, 'port' | 'security'>, ports: ProtocolPorts): PlannedAttempt[] {
  const mk = (port: number, security: ConcreteSecurity): PlannedAttempt => ({ port, security, label: `${port} ${security}` });
  if (opts.security === 'auto') {
    if (opts.port === undefined) return [mk(ports.tls, 'tls'), mk(ports.plain, 'starttls')];
    return [mk(opts.port, opts.port === ports.tls || IMPLICIT_TLS_PORTS.includes(opts.port) ? 'tls' : 'starttls')];
  }
  const port = opts.port ?? (opts.security === 'tls' ? ports.tls : ports.plain);
  return [mk(port, opts.security)];
}

/** The outcome of one attempt, as the discovery loop needs it. */
export interface AttemptOutcome<F> {
  plan: PlannedAttempt;
  findings: Finding[];
  facts: F;
  /** how many steps succeeded (furthest failure wins when nothing works) */
  progress: number;
  /** last stage reached (the failing one when failed) */
  stage: Stage;
  /** transport worked (connection, TLS with a valid certificate, greeting, capabilities) */
  transportOk: boolean;
}

/** Should the next candidate be tried after this failure? Not when the name does not resolve or the failure is past the transport. */
export function worthTryingNext(o: AttemptOutcome<unknown>): boolean {
  const failure = o.findings.find(isFailure);
  if (!failure) return false;
  if (failure.stage === 'resolve') return false;
  return !o.transportOk;
}

export function summarizeAttempt(o: AttemptOutcome<unknown>): AttemptSummary {
  const failure = o.findings.find(isFailure) ?? null;
  return {
    port: o.plan.port,
    security: o.plan.security,
    ok: failure === null,
    stage: failure ? failure.stage : o.stage,
    cause: failure ? failure.cause : null,
    summary: failure ? failure.summary : 'works',
  };
}

/**
 * Chooses the deciding attempt (the first that works, else the one that got furthest; the
 * earlier one on a tie) and demotes every other attempt's findings to `info`.
 */
export function combineAttempts<F>(outcomes: AttemptOutcome<F>[]): { chosen: AttemptOutcome<F>; findings: Finding[] } {
  if (!outcomes.length) throw new Error('combineAttempts: no attempt');
  let chosen: AttemptOutcome<F> | undefined = outcomes.find((o) => !o.findings.some(isFailure));
  if (!chosen) {
    for (const o of outcomes) if (!chosen || o.progress > chosen.progress) chosen = o;
  }
  if (!chosen) throw new Error('combineAttempts: no attempt');
  const decided = chosen;
  // chronological order; only the deciding attempt keeps its severities
  const findings = outcomes.flatMap((o) => (o === decided ? o.findings : o.findings.map((f) => (f.severity === 'info' ? f : withSeverity(f, 'info')))));
  return { chosen: decided, findings };
}

/**
 * With `--security auto` and an explicit port, a mix-up found on the first try is retried
 * the other way, as a mail client's set-up would: a port that turned out to expect implicit
 * TLS is tried with TLS, a port that answered TLS with plain text is tried with STARTTLS.
 */
export function retryAfterMixUp(o: AttemptOutcome<unknown>, opts: Pick<CommonProbeOptions, 'port' | 'security'>, tried: readonly PlannedAttempt[]): PlannedAttempt | null {
  if (opts.security !== 'auto' || opts.port === undefined) return null;
  const failure = o.findings.find(isFailure);
  if (!failure) return null;
  const retry = mixUpRetry(failure.cause, o.plan.security === 'tls');
  if (!retry) return null;
  const security: ConcreteSecurity = retry === 'tls' ? 'tls' : 'starttls';
  if (tried.some((p) => p.port === o.plan.port && p.security === security)) return null;
  return { port: o.plan.port, security, label: `${o.plan.port} ${security}` };
}

/** What a protocol gives the shared discovery loop. */
export interface IncomingProtocol<O extends CommonProbeOptions, F extends { attempts: AttemptSummary[]; settings: RecommendedSettings | null }> {
  kind: 'imap' | 'pop3';
  /** standard ports (993/143, 995/110) */
  ports: ProtocolPorts;
  /** name of STARTTLS in this protocol, for notes ("STARTTLS", "STLS") */
  starttlsName: string;
  runAttempt: (input: { plan: PlannedAttempt; opts: O; transcript: Transcript; dns: DnsClient; labelled: boolean }) => Promise<AttemptOutcome<F>>;
  /** login methods to recommend with the chosen setting */
  authMechanisms: (facts: F) => string[];
  healthySummary: (facts: F) => string;
}

/**
 * The discovery loop of the incoming probes: try the planned settings in order, retry the
 * other way after a TLS mix-up, stop at the first that works (or when the next could not do
 * better), and build the report from the deciding attempt.
 */
export async function runIncomingProbe<O extends CommonProbeOptions & { discoveryPorts?: ProtocolPorts | undefined }, F extends { attempts: AttemptSummary[]; settings: RecommendedSettings | null }>(
  opts: O,
  proto: IncomingProtocol<O, F>,
): Promise<Report<F>> {
  const startedAt = new Date();
  const transcript = opts.transcript ?? new Transcript();
  transcript.redactor.addSecret(opts.password);
  const dns = opts.dns ?? new DnsClient({ timeoutMs: opts.timeoutMs });
  const plan = planAttempts(opts, opts.discoveryPorts ?? proto.ports);
  // attempts are labelled whenever discovery may try more than one setting
  const labelled = plan.length > 1 || opts.security === 'auto';
  const outcomes: AttemptOutcome<F>[] = [];
  for (const p of plan) {
    if (labelled) transcript.add('note', `trying port ${p.port} with ${p.security === 'tls' ? 'implicit TLS' : p.security === 'starttls' ? proto.starttlsName : 'no encryption'}`);
    const o = await proto.runAttempt({ plan: p, opts, transcript, dns, labelled });
    outcomes.push(o);
    const retry = retryAfterMixUp(o, opts, plan);
    if (retry) {
      plan.push(retry);
      continue;
    }
    if (!worthTryingNext(o)) break;
  }
  const { chosen, findings } = combineAttempts(outcomes);
  const facts = chosen.facts;
  facts.attempts = outcomes.map(summarizeAttempt);
  const works = !findings.some(isFailure);
  if (chosen.transportOk && (works || chosen.plan.security !== 'none')) {
    facts.settings = { host: opts.host, port: chosen.plan.port, security: chosen.plan.security, authMechanisms: proto.authMechanisms(facts) };
  }
  return buildReport({
    kind: proto.kind,
    target: { host: opts.host, port: chosen.plan.port, security: chosen.plan.security, requestedSecurity: opts.security, user: opts.user ?? null },
    startedAt,
    findings,
    facts,
    transcript,
    healthySummary: proto.healthySummary(facts),
  });
}
