/**
 * @module probes/smtp/session
 * One SMTP dialogue on one port with one security setting, step by step:
 * resolve -> connect -> (implicit TLS) -> greeting -> EHLO (HELO fallback) -> STARTTLS ->
 * TLS facts and certificate findings -> EHLO again -> AUTH -> MAIL FROM -> RCPT TO -> DATA
 * -> QUIT. No pipelining; every step has its own timeout; the dialogue stops at the first
 * fatal step and says why. Discovery (discover.ts) runs several sessions.
 */
import { hostname } from 'node:os';
import { ipVersion } from '../../net/ip.js';
import { createFinding, type Finding, type FindingInit } from '../../core/finding.js';
import type { Stage } from '../../core/stage.js';
import type { Transcript, TranscriptView } from '../../core/transcript.js';
import type { DnsClient } from '../../dns/client.js';
import { openConnection, upgradeLineSocket } from '../../net/connect.js';
import type { LineSocket } from '../../net/line-socket.js';
import { assessCertificate, certProblemBlocks, describeTls, type TlsFacts } from '../../net/tls-facts.js';
import { identifyBanner, probeSilentPort, serviceLabel } from '../common/identify.js';
import { parseCapabilities, type SmtpCapabilities } from './capabilities.js';
import { classifyReply } from './classify.js';
import { transcriptEvidence } from './evidence.js';
import { buildTestMessage, headerLines, messageSize, toDataWire } from './message.js';
import { readReply, replyHead, replyText, type ReplyProblem, type SmtpReply } from './reply.js';
import { chooseMechanism, createExchange, decodeOauthError } from './sasl.js';
import type { AttemptPlan, SmtpFacts, SmtpProbeOptions } from './types.js';
import { monotonicMs } from '../../core/clock.js';

/** How far a session got; compares attempts ("the furthest-reaching failure"). */
export const PROGRESS = {
  none: 0,
  resolved: 1,
  connected: 2,
  greeted: 3,
  ehlo: 4,
  secured: 5,
  ready: 6,
  authenticated: 7,
  mailFrom: 8,
  rcptTo: 9,
  data: 10,
} as const;

/** What one attempt observes: the per-connection part of SmtpFacts. */
export type SessionFacts = Pick<
  SmtpFacts,
  | 'address'
  | 'banner'
  | 'ehloName'
  | 'ehloBeforeTls'
  | 'ehloAfterTls'
  | 'tls'
  | 'authenticated'
  | 'authMechanism'
  | 'mailFrom'
  | 'recipients'
  | 'messageBytes'
  | 'messageId'
  | 'queueId'
  | 'timings'
>;

export interface SessionResult {
  plan: AttemptPlan;
  label: string;
  findings: Finding[];
  /** the finding that stopped the dialogue (any severity: a greylisting stops it too) */
  fatal: Finding | null;
  progress: number;
  /** last stage reached (the failing one when fatal) */
  stage: Stage | null;
  /** true when connection, TLS and capabilities were fine (the point where login would start) */
  ready: boolean;
  /** true when the session went beyond `ready` (login and envelope) */
  ranFull: boolean;
  security: 'tls' | 'starttls' | 'none' | null;
  facts: SessionFacts;
}

export interface SessionInput {
  opts: SmtpProbeOptions;
  plan: AttemptPlan;
  /** run login and the envelope; false: stop (QUIT) once the connection is ready */
  full: boolean;
  transcript: Transcript;
  dns: DnsClient;
}

export function planLabel(p: AttemptPlan): string {
  return `${p.port} ${p.security === 'opportunistic' ? 'plain+starttls' : p.security}`;
}

/** EHLO name: the machine's FQDN, else an address literal of the local end (RFC 5321 4.1.3). */
export function defaultEhloName(localAddress: string | undefined): string {
  const h = hostname();
  if (h.includes('.') && /^[A-Za-z0-9.-]+$/.test(h)) return h;
  if (localAddress && ipVersion(localAddress) === 4) return `[${localAddress}]`;
  if (localAddress && ipVersion(localAddress) === 6) return `[IPv6:${localAddress}]`;
  return 'localhost.localdomain';
}

/** Queue id from the reply after DATA, as Postfix, Exim, Exchange and Gmail word it. */
export function parseQueueId(text: string): string | null {
  const patterns = [
    /queued as ([A-Za-z0-9]+)/i, // Postfix "250 2.0.0 Ok: queued as 4Xy2Zq3Bz1z9v"
    /\bid=([A-Za-z0-9-]+)/, // Exim "250 OK id=1tQ2aB-000Abc-4x"
    /InternalId=(\d+)/i, // Exchange "250 2.6.0 <...> [InternalId=123, Hostname=...] Queued mail for delivery"
    /\bOK\s+\d+\s+(\S+)\s+-\s+gsmtp/i, // Gmail "250 2.0.0 OK  1700000000 a1-20020a.123 - gsmtp"
    /\b(?:queued|accepted)\b.*?\b([A-Za-z0-9][A-Za-z0-9._-]{5,})\s*$/i,
  ];
  for (const p of patterns) {
    const m = p.exec(text);
    if (m?.[1]) return m[1];
  }
  return null;
}

class Session {
  readonly findings: Finding[] = [];
  fatal: Finding | null = null;
  progress: number = PROGRESS.none;
  stage: Stage | null = null;
  ready = false;
  ranFull = false;
  security: SessionResult['security'] = null;
  ls: LineSocket | null = null;
  caps: SmtpCapabilities | null = null;
  readonly facts: SessionFacts = {
    address: null,
    banner: null,
    ehloName: null,
    ehloBeforeTls: null,
    ehloAfterTls: null,
    tls: null,
    authenticated: false,
    authMechanism: null,
    mailFrom: null,
    recipients: [],
    messageBytes: null,
    messageId: null,
    queueId: null,
    timings: {},
  };
  private readonly t: TranscriptView;
  private readonly opts: SmtpProbeOptions;
  private readonly plan: AttemptPlan;
  readonly label: string;
  private readonly timeout: number;
  /** server closed the session (421 or hang-up): no QUIT */
  private gone = false;
  /** first transcript entry of this session */
  private readonly startSeq: number;
  /** transcript range of the last EHLO exchange */
  private ehloSeq: [number, number] = [0, 0];

  constructor(private readonly input: SessionInput) {
    this.opts = input.opts;
    this.plan = input.plan;
    this.label = planLabel(input.plan);
    this.t = input.transcript.view(`${input.opts.host}:${input.plan.port} ${this.label.split(' ')[1] ?? ''}`.trim());
    this.timeout = input.opts.timeoutMs;
    this.startSeq = input.transcript.lastSeq + 1;
  }

  private get mode(): 'submission' | 'mx' {
    return this.opts.mode ?? 'submission';
  }

  private baseSlots(): Record<string, string | number | undefined> {
    return {
      host: this.opts.host,
      port: this.plan.port,
      address: this.facts.address ?? undefined,
      user: this.opts.user,
      from: this.facts.mailFrom ?? this.opts.from,
      ehlo: this.facts.ehloName ?? undefined,
      timeout: `${this.timeout} ms`,
    };
  }

  private add(cause: string, init: FindingInit & { fatal?: boolean }): Finding {
    const f = createFinding(cause, { ...init, slots: { ...this.baseSlots(), ...init.slots } });
    this.findings.push(f);
    if (init.fatal) {
      this.fatal = f;
      this.stage = init.stage;
    }
    return f;
  }

  private fail(cause: string, init: FindingInit): false {
    this.add(cause, { ...init, fatal: true });
    return false;
  }

  private evidence(from: number, to?: number): FindingInit['evidence'] {
    return [transcriptEvidence(this.input.transcript, from, to ?? this.input.transcript.lastSeq)];
  }

  private time(stage: Stage, started: number): void {
    this.facts.timings[stage] = Math.round((this.facts.timings[stage] ?? 0) + (monotonicMs() - started));
  }

  /** Turns a failed read into a finding at `stage`. */
  private replyProblem(stage: Stage, command: string, p: ReplyProblem, fromSeq: number): false {
    const ev = this.evidence(fromSeq);
    // a server that hung up, broke the protocol or stopped answering gets no QUIT
    this.gone = true;
    if (p.kind === 'timeout') {
      return this.fail('reply-timeout', { stage, slots: { command, stage }, evidence: ev });
    }
    if (p.kind === 'closed' && !p.midReply) return this.fail('connection-lost', { stage, slots: { stage }, evidence: ev });
    const detail = p.kind === 'closed' ? 'the server closed the connection in the middle of a reply' : p.detail;
    return this.fail('protocol-error', { stage, slots: { stage, detail }, evidence: ev });
  }

  /** Sends a command and reads its reply; null when the reply never came (a finding is added). */
  private async command(stage: Stage, line: string, logAs?: string): Promise<{ reply: SmtpReply; fromSeq: number } | null> {
    const ls = this.ls as LineSocket;
    const fromSeq = ls.writeLine(line, logAs);
    const r = await readReply(ls, this.timeout);
    if (!r.ok) {
      this.replyProblem(stage, (logAs ?? line).split(' ')[0] ?? line, r.problem, fromSeq);
      return null;
    }
    if (r.reply.code === 421) this.gone = true;
    return { reply: r.reply, fromSeq };
  }

  /** A refusal reply becomes a finding through the classification table. */
  private refusal(stage: Stage, command: string, reply: SmtpReply, fromSeq: number, slots: Record<string, string | undefined> = {}, fatal = true): Finding {
    const c = classifyReply({ stage, command, code: reply.code, enhanced: reply.enhanced, text: replyText(reply) });
    return this.add(c.cause, { stage, fatal, slots: { reply: replyHead(reply), stage, command, ...slots }, evidence: this.evidence(fromSeq, reply.seq[1]) });
  }

  async run(): Promise<void> {
    try {
      if (!(await this.connect())) return;
      if (!(await this.greeting())) return;
      if (!(await this.ehlo(false))) return;
      if (!(await this.secure())) return;
      if (this.fatal) return;
      this.ready = true;
      this.progress = PROGRESS.ready;
      if (!this.input.full) return;
      const wantsEnvelope = Boolean(this.opts.from || this.opts.to?.length || this.opts.send);
      if (this.mode === 'mx' && !wantsEnvelope) return;
      this.ranFull = true;
      if (this.mode === 'submission' && !(await this.auth())) return;
      if (!wantsEnvelope) return;
      await this.envelope();
    } finally {
      await this.quit();
      this.finishTlsNotice();
    }
  }

  private async connect(): Promise<boolean> {
    const started = monotonicMs();
    this.stage = 'connect';
    const implicitTls = this.plan.security === 'tls';
    const r = await openConnection({
      host: this.opts.host,
      port: this.plan.port,
      implicitTls,
      tlsLater: this.plan.security === 'starttls' || this.plan.security === 'opportunistic',
      tls: this.tlsOptions(),
      timeoutMs: this.timeout,
      dns: this.input.dns,
      transcript: this.t,
    });
    this.time('connect', started);
    if (!r.ok) {
      if (r.address) this.facts.address = r.address;
      if (r.tls) this.facts.tls = r.tls;
      this.progress = r.stage === 'resolve' ? PROGRESS.none : r.stage === 'connect' ? PROGRESS.resolved : PROGRESS.connected;
      const stage: Stage = r.stage;
      return this.fail(r.failure.cause, {
        stage,
        slots: { detail: r.failure.detail, name: this.opts.host, stage },
        evidence: this.evidence(this.startSeq),
      });
    }
    this.ls = r.socket;
    this.facts.address = r.address;
    this.progress = PROGRESS.connected;
    if (r.tls) {
      this.facts.tls = r.tls;
      this.security = 'tls';
      if (!this.assessTls(r.tls)) return false;
    }
    return true;
  }

  private tlsOptions(): { verifyName: string; servername?: string; ca?: string } {
    const o: { verifyName: string; servername?: string; ca?: string } = { verifyName: this.opts.tlsName ?? this.opts.host };
    if (this.opts.tlsName) o.servername = this.opts.tlsName;
    if (this.opts.ca) o.ca = this.opts.ca;
    return o;
  }

  /** Certificate findings; false when the session must stop (submission: never log in to an unverified server). */
  private assessTls(f: TlsFacts): boolean {
    const seq = this.t.lastSeq;
    const problems = assessCertificate(f, { host: this.opts.tlsName ?? this.opts.host });
    let stop = false;
    for (const p of problems) {
      const blocking = certProblemBlocks(p) && this.mode === 'submission';
      this.add(p.cause, {
        stage: 'tls',
        fatal: blocking && !stop,
        slots: p.slots,
        evidence: [{ kind: 'tls', excerpt: describeTls(f), seq: [seq, seq] }],
      });
      if (blocking) stop = true;
    }
    return !stop;
  }

  private async greeting(): Promise<boolean> {
    const ls = this.ls as LineSocket;
    const started = monotonicMs();
    this.stage = 'greeting';
    const fromSeq = this.t.lastSeq + 1;
    const r = await readReply(ls, this.timeout);
    this.time('greeting', started);
    if (!r.ok) return this.greetingProblem(r.problem, fromSeq);
    const reply = r.reply;
    this.facts.banner = reply.raw;
    const svc = identifyBanner(reply.raw);
    // "220 ftp.example.com ESMTP" is a mail server with an unlucky name, not FTP
    if (svc !== 'smtp' && !/\bE?SMTP\b/i.test(reply.raw)) {
      this.gone = true;
      return this.fail('not-smtp', { stage: 'greeting', slots: { service: serviceLabel(svc) }, evidence: this.evidence(fromSeq, reply.seq[1]) });
    }
    if (reply.code !== 220) {
      this.gone = true;
      this.refusal('greeting', 'greeting', reply, fromSeq);
      return false;
    }
    this.progress = PROGRESS.greeted;
    return true;
  }

  private async greetingProblem(p: ReplyProblem, fromSeq: number): Promise<boolean> {
    const ls = this.ls as LineSocket;
    const sample = p.kind === 'malformed' ? p.firstLine : p.partial;
    if (sample) {
      const svc = identifyBanner(sample);
      if (svc !== 'smtp' && svc !== 'unknown') {
        this.gone = true;
        return this.fail('not-smtp', { stage: 'greeting', slots: { service: serviceLabel(svc) }, evidence: this.evidence(fromSeq) });
      }
    }
    if (p.kind === 'timeout' && p.silent) {
      ls.destroy();
      this.gone = true;
      if (this.plan.security !== 'tls' && this.facts.address) {
        const v = await probeSilentPort({
          address: this.facts.address,
          port: this.plan.port,
          timeoutMs: this.timeout,
          transcript: this.t,
          command: `EHLO ${this.ehloNameFor(undefined)}`,
          servername: this.opts.tlsName ?? (ipVersion(this.opts.host) ? undefined : this.opts.host),
        });
        if (v.kind === 'implicit-tls') {
          return this.fail('implicit-tls-expected', { stage: 'greeting', evidence: this.evidence(fromSeq) });
        }
        if (v.kind === 'service' && v.service && v.service !== 'smtp') {
          const label = v.service === 'unknown' ? `an unknown service (it answered "${(v.sample ?? '').slice(0, 60)}")` : serviceLabel(v.service);
          return this.fail('not-smtp', { stage: 'greeting', slots: { service: label }, evidence: this.evidence(fromSeq) });
        }
      }
      return this.fail('greeting-timeout', { stage: 'greeting', evidence: this.evidence(fromSeq) });
    }
    return this.replyProblem('greeting', 'greeting', p, fromSeq);
  }

  private ehloNameFor(localAddress: string | undefined): string {
    return this.opts.ehloName ?? defaultEhloName(localAddress);
  }

  private async ehlo(afterTls: boolean): Promise<boolean> {
    const ls = this.ls as LineSocket;
    const started = monotonicMs();
    this.stage = 'ehlo';
    const name = this.ehloNameFor(ls.socket.localAddress);
    this.facts.ehloName = name;
    try {
      const r = await this.command('ehlo', `EHLO ${name}`);
      if (!r) return false;
      let caps: SmtpCapabilities;
      if (r.reply.code === 250) caps = parseCapabilities(r.reply);
      else if ((r.reply.code === 500 || r.reply.code === 502) && !afterTls) {
        // RFC 5321 4.1.1.1 / 3.2: a server without extensions answers 500/502; fall back to HELO
        const h = await this.command('ehlo', `HELO ${name}`);
        if (!h) return false;
        if (h.reply.code !== 250) {
          this.refusal('ehlo', 'HELO', h.reply, h.fromSeq, { ehlo: name });
          return false;
        }
        caps = parseCapabilities(h.reply, false);
      } else {
        this.refusal('ehlo', 'EHLO', r.reply, r.fromSeq, { ehlo: name });
        return false;
      }
      this.caps = caps;
      this.ehloSeq = [r.fromSeq, this.t.lastSeq];
      if (afterTls || this.security === 'tls') this.facts.ehloAfterTls = caps;
      else this.facts.ehloBeforeTls = caps;
      this.progress = Math.max(this.progress, PROGRESS.ehlo);
      return true;
    } finally {
      this.time('ehlo', started);
    }
  }

  private async secure(): Promise<boolean> {
    if (this.plan.security === 'tls') {
      this.progress = PROGRESS.secured;
      return true;
    }
    if (this.plan.security === 'none') {
      this.security = 'none';
      this.progress = PROGRESS.secured;
      return true;
    }
    const caps = this.caps as SmtpCapabilities;
    if (!caps.starttls) {
      if (this.plan.security === 'starttls') {
        return this.fail('starttls-not-offered', {
          stage: 'starttls',
          evidence: this.evidence(...this.ehloSeq),
        });
      }
      this.security = 'none';
      this.progress = PROGRESS.secured;
      return true;
    }
    const started = monotonicMs();
    this.stage = 'starttls';
    const r = await this.command('starttls', 'STARTTLS');
    if (!r) return false;
    if (r.reply.code !== 220) {
      this.time('starttls', started);
      return this.fail('starttls-refused', { stage: 'starttls', slots: { reply: replyHead(r.reply) }, evidence: this.evidence(r.fromSeq, r.reply.seq[1]) });
    }
    const up = await upgradeLineSocket(this.ls as LineSocket, this.tlsOptions(), this.timeout);
    this.time('tls', started);
    if (!up.ok) {
      this.gone = true;
      if (up.tls) this.facts.tls = up.tls;
      this.stage = 'tls';
      return this.fail(up.failure.cause, { stage: 'tls', slots: { detail: up.failure.detail }, evidence: this.evidence(r.fromSeq) });
    }
    this.facts.tls = up.tls;
    this.security = 'starttls';
    this.stage = 'tls';
    if (!this.assessTls(up.tls)) return false;
    this.progress = PROGRESS.secured;
    // RFC 3207 4.2: forget what was learnt before TLS and ask again
    return this.ehlo(true);
  }

  private async auth(): Promise<boolean> {
    const o = this.opts;
    const caps = this.caps as SmtpCapabilities;
    const ls = this.ls as LineSocket;
    this.stage = 'auth';
    if (!o.user) {
      this.add('credentials-missing', { stage: 'auth' });
      return true;
    }
    if (!o.password) {
      this.add('credentials-missing', { stage: 'auth', summary: `Login was not tested: no password was given for ${o.user}` });
      return true;
    }
    const offered = caps.auth;
    if (!ls.isTls) {
      if (offered.length === 0) {
        const cause = caps.starttls ? 'auth-requires-tls' : 'auth-not-offered';
        return this.fail(cause, { stage: 'auth', evidence: this.evidence(...this.ehloSeq) });
      }
      if (!o.allowPlaintextAuth) {
        this.t.add('note', 'not sending the password over an unencrypted connection (use --allow-plaintext-auth to allow it)');
        return this.fail('plaintext-auth-refused', { stage: 'auth', evidence: this.evidence(this.ehloSeq[0], this.t.lastSeq) });
      }
    } else if (offered.length === 0) {
      return this.fail('auth-not-offered', { stage: 'auth', evidence: this.evidence(...this.ehloSeq) });
    }
    const choice = chooseMechanism(offered, o.authType);
    if (!choice.ok) {
      const mechanism = choice.requested ?? 'PLAIN/LOGIN';
      const extra =
        choice.reason === 'not-supported'
          ? [`maildoctor speaks ${['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'].join(', ')}; ${mechanism} is not one of them.`]
          : choice.reason === 'oauth-only'
            ? ['The server accepts only OAuth2: run again with --auth-type XOAUTH2 and an access token as the password.']
            : [];
      return this.fail('auth-mechanism-unsupported', {
        stage: 'auth',
        slots: { mechanism, offered: offered.join(' ') },
        extraRemedies: extra,
        evidence: this.evidence(...this.ehloSeq),
      });
    }
    if (!ls.isTls) this.add('plaintext-auth-used', { stage: 'auth' });
    const started = monotonicMs();
    const ex = createExchange(choice.mechanism, o.user, o.password);
    for (const s of ex.secrets) this.input.transcript.redactor.addSecret(s);
    let r = await this.command('auth', ex.initial.wire, ex.initial.logAs);
    let oauthError: string | null = null;
    for (let step = 0; r && r.reply.code === 334 && step < 5; step++) {
      const challenge = r.reply.lines[0] ?? '';
      if (choice.mechanism === 'XOAUTH2') oauthError = decodeOauthError(challenge) ?? oauthError;
      const resp = ex.respond(challenge, step);
      const fromSeq = r.fromSeq;
      const next = await this.command('auth', resp ? resp.wire : '*', resp ? resp.logAs : '* (cancel)');
      r = next ? { reply: next.reply, fromSeq } : null;
    }
    this.time('auth', started);
    if (!r) return false;
    if (r.reply.code === 235) {
      this.facts.authenticated = true;
      this.facts.authMechanism = choice.mechanism;
      this.progress = PROGRESS.authenticated;
      return true;
    }
    const f = this.refusal('auth', 'AUTH', r.reply, r.fromSeq, { mechanism: choice.mechanism, offered: offered.join(' ') });
    if (oauthError) f.evidence.push({ kind: 'transcript', excerpt: `XOAUTH2 error from the server: ${oauthError}` });
    return false;
  }

  private async envelope(): Promise<void> {
    const o = this.opts;
    const caps = this.caps as SmtpCapabilities;
    const from = o.from ?? (o.user?.includes('@') ? o.user : '');
    this.facts.mailFrom = from;
    let message: Buffer | null = null;
    let size = 0;
    if (o.send) {
      if (o.data) message = o.data;
      else {
        const m = buildTestMessage({ from: from || 'maildoctor@localhost', to: o.to ?? [], server: `${o.host}:${this.plan.port}` });
        message = Buffer.from(m.text, 'utf8');
        this.facts.messageId = m.messageId;
      }
      size = messageSize(message);
      this.facts.messageBytes = size;
      if (caps.size && size > caps.size) {
        this.fail('message-too-large', {
          stage: 'data',
          summary: `The message (${size} bytes) is larger than the ${caps.size} bytes ${o.host} advertises (EHLO SIZE); it was not sent`,
          slots: { limit: ` (SIZE ${caps.size} bytes; message ${size} bytes)` },
          evidence: this.evidence(...this.ehloSeq),
        });
        return;
      }
    }
    // MAIL FROM
    let started = monotonicMs();
    this.stage = 'mail-from';
    const params: string[] = [];
    if (message && caps.size !== null) params.push(`SIZE=${size}`);
    if (message && caps.eightBitMime && message.some((b) => b > 0x7f)) params.push('BODY=8BITMIME');
    const mail = await this.command('mail-from', `MAIL FROM:<${from}>${params.length ? ` ${params.join(' ')}` : ''}`);
    this.time('mail-from', started);
    if (!mail) return;
    if (mail.reply.code !== 250) {
      this.refusal('mail-from', 'MAIL', mail.reply, mail.fromSeq, { from: from || '<>' });
      return;
    }
    this.progress = PROGRESS.mailFrom;
    // RCPT TO, one by one
    const to = o.to ?? [];
    if (!to.length) return;
    started = monotonicMs();
    this.stage = 'rcpt-to';
    let firstRefusal: Finding | null = null;
    for (const rcpt of to) {
      const r = await this.command('rcpt-to', `RCPT TO:<${rcpt}>`);
      if (!r) return;
      if (r.reply.code === 250 || r.reply.code === 251) {
        this.facts.recipients.push({ address: rcpt, accepted: true, reply: replyHead(r.reply) });
        continue;
      }
      const f = this.refusal('rcpt-to', 'RCPT', r.reply, r.fromSeq, { rcpt }, false);
      firstRefusal ??= f;
      this.facts.recipients.push({ address: rcpt, accepted: false, reply: replyHead(r.reply), cause: f.cause });
      if (r.reply.code === 421) break;
    }
    this.time('rcpt-to', started);
    const accepted = this.facts.recipients.filter((x) => x.accepted).map((x) => x.address);
    if (!accepted.length) {
      if (firstRefusal) {
        this.fatal = firstRefusal;
        this.stage = 'rcpt-to';
      }
      return;
    }
    this.progress = PROGRESS.rcptTo;
    if (!message || this.gone) return;
    // DATA
    started = monotonicMs();
    this.stage = 'data';
    const d = await this.command('data', 'DATA');
    if (!d) return;
    if (d.reply.code !== 354) {
      this.refusal('data', 'DATA', d.reply, d.fromSeq);
      this.time('data', started);
      return;
    }
    const ls = this.ls as LineSocket;
    const headers = headerLines(message, 20);
    const fromSeq = this.t.lastSeq + 1;
    for (const h of headers) this.t.add('c', h);
    const lines = message.toString('latin1').split(/\r\n|\r|\n/).length;
    this.t.add('c', `[message: ${size} bytes, ${lines} lines${o.data ? ', from --data' : ', maildoctor test message'}]`);
    ls.writeRaw(toDataWire(message));
    this.t.add('c', '.');
    const end = await readReply(ls, this.timeout);
    this.time('data', started);
    if (!end.ok) {
      this.replyProblem('data', 'end of data', end.problem, fromSeq);
      return;
    }
    if (end.reply.code !== 250) {
      this.refusal('data', '.', end.reply, fromSeq);
      return;
    }
    this.facts.queueId = parseQueueId(end.reply.lines.join(' '));
    this.progress = PROGRESS.data;
  }

  private async quit(): Promise<void> {
    const ls = this.ls;
    if (!ls) return;
    if (!this.gone && !ls.closed) {
      const started = monotonicMs();
      ls.writeLine('QUIT');
      await readReply(ls, Math.min(this.timeout, 3000));
      this.time('quit', started);
    }
    ls.close();
  }

  /** A dialogue that ran without TLS gets a warning (once the server answered EHLO). */
  private finishTlsNotice(): void {
    if (this.security === 'none' && this.progress >= PROGRESS.ehlo && !this.findings.some((f) => f.cause === 'plaintext-auth-refused')) {
      this.add('tls-not-used', { stage: this.plan.security === 'none' ? 'ehlo' : 'starttls' });
    }
  }

  result(): SessionResult {
    if (this.stage === null || (!this.fatal && this.ready)) this.stage = this.lastStage();
    return {
      plan: this.plan,
      label: this.label,
      findings: this.findings,
      fatal: this.fatal,
      progress: this.progress,
      stage: this.fatal ? this.fatal.stage : this.stage,
      ready: this.ready,
      ranFull: this.ranFull,
      security: this.security,
      facts: this.facts,
    };
  }

  private lastStage(): Stage {
    const p = this.progress;
    if (p >= PROGRESS.data) return 'data';
    if (p >= PROGRESS.rcptTo) return 'rcpt-to';
    if (p >= PROGRESS.mailFrom) return 'mail-from';
    if (p >= PROGRESS.authenticated) return 'auth';
    if (p >= PROGRESS.secured) return this.security === 'none' ? 'ehlo' : 'tls';
    if (p >= PROGRESS.ehlo) return 'ehlo';
    if (p >= PROGRESS.greeted) return 'greeting';
    return 'connect';
  }
}

/** Runs one dialogue; never throws for network or protocol outcomes. */
export async function runSession(input: SessionInput): Promise<SessionResult> {
  const s = new Session(input);
  await s.run();
  return s.result();
}

