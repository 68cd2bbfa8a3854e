/**
 * @module probes/pop3/session
 * One POP3 attempt: connect (implicit TLS or not) -> greeting (+OK, APOP timestamp) -> CAPA
 * -> STLS -> CAPA again -> USER/PASS, AUTH PLAIN, AUTH XOAUTH2 or APOP -> STAT -> QUIT.
 * It never sends RETR, TOP, DELE or RSET: the maildrop is left exactly as it was.
 */
import { nodeCrypto } from '../../core/builtins.js';
import type { Finding } from '../../core/finding.js';
import { REDACTED } from '../../core/redact.js';
import type { Stage } from '../../core/stage.js';
import type { Transcript } from '../../core/transcript.js';
import type { DnsClient } from '../../dns/client.js';
import type { LineSocket } from '../../net/line-socket.js';
import type { CommonProbeOptions } from '../common/types.js';
import type { AttemptOutcome, PlannedAttempt } from '../incoming/discover.js';
import { textEvidence, transcriptEvidence } from '../incoming/evidence.js';
import { brokenExchangeFinding, refusalFinding } from '../incoming/failures.js';
import { describeXoauth2Challenge, plainPayload, xoauth2Payload } from '../incoming/sasl.js';
import { guessSoftware } from '../incoming/software.js';
import { finding } from '../incoming/tls.js';
import { greetingFailure, startAttempt, upgradeAttempt, type GreetingProtocol } from '../incoming/attempt.js';
import { apopTimestamp, parseCapa, readMultiline, readReply, type Pop3Capabilities, type Pop3Reply, type ReadFailure } from './response.js';
import type { Pop3Facts } from './types.js';

export interface Pop3AttemptInput {
  plan: PlannedAttempt;
  opts: CommonProbeOptions;
  transcript: Transcript;
  dns: DnsClient;
  labelled: boolean;
}

const GREETING: GreetingProtocol = { service: 'pop3', name: 'POP3', notCause: 'not-pop3', probeCommand: 'CAPA' };

const PROGRESS = { connect: 2, tls: 3, greeting: 4, capability: 5, starttls: 6, auth: 7, stat: 8, quit: 9 } as const;

export function emptyPop3Facts(host: string, plan: PlannedAttempt): Pop3Facts {
  return {
    host,
    port: plan.port,
    security: plan.security,
    address: null,
    greeting: null,
    capabilities: null,
    capabilitiesBeforeTls: null,
    capabilitiesAfterTls: null,
    capabilitiesAfterLogin: null,
    tls: null,
    saslMechanisms: [],
    userCommand: null,
    loginMethod: null,
    authenticated: false,
    loginDelaySeconds: null,
    expire: null,
    mailbox: null,
    attempts: [],
    settings: null,
  };
}

export type Pop3Method = 'USER/PASS' | 'AUTH PLAIN' | 'AUTH XOAUTH2' | 'APOP';

/**
 * Picks the login method: forced with --auth-type (USER, PLAIN, XOAUTH2, APOP), else
 * AUTH PLAIN when CAPA offers it, else USER/PASS when allowed (or when CAPA is unknown).
 */
export function choosePop3Method(caps: Pop3Capabilities | null, apop: boolean, authType: string | undefined): { ok: true; method: Pop3Method } | { ok: false; mechanism: string } {
  const want = authType?.toUpperCase();
  const sasl = caps?.sasl ?? [];
  // forced USER is sent even when CAPA omits it: the server's own refusal is the better evidence
  if (want === 'USER' || want === 'LOGIN') return { ok: true, method: 'USER/PASS' };
  if (want === 'APOP') return apop ? { ok: true, method: 'APOP' } : { ok: false, mechanism: 'APOP' };
  if (want === 'PLAIN' || want === 'XOAUTH2') return sasl.includes(want) || (!caps && want === 'PLAIN') ? { ok: true, method: `AUTH ${want}` } : { ok: false, mechanism: want };
  if (want) return { ok: false, mechanism: want };
  if (sasl.includes('PLAIN')) return { ok: true, method: 'AUTH PLAIN' };
  if (!caps || caps.user) return { ok: true, method: 'USER/PASS' };
  return { ok: false, mechanism: 'USER' };
}

type Exchange = { ok: true; reply: Pop3Reply; from: number } | { ok: false; failure: ReadFailure; from: number };

export async function runPop3Attempt(input: Pop3AttemptInput): Promise<AttemptOutcome<Pop3Facts>> {
  const { plan, opts, transcript } = input;
  const host = opts.host;
  const port = plan.port;
  const timeoutMs = opts.timeoutMs;
  const facts = emptyPop3Facts(host, plan);
  const started = await startAttempt(input, facts, PROGRESS);
  const { out, ctx, reach } = started;
  const findings = out.findings;
  if (!started.ls) return out;
  const ls = started.ls;

  const send = async (line: string, log?: string): Promise<Exchange> => {
    const from = ls.writeLine(line, log);
    const r = await readReply(ls, timeoutMs);
    return r.ok ? { ok: true, reply: r.reply, from } : { ok: false, failure: r.failure, from };
  };
  const broken = (e: Extract<Exchange, { ok: false }>, stage: Stage, command: string) => brokenExchangeFinding(ctx, e.failure, stage, command, e.from);
  const refused = (e: Extract<Exchange, { ok: true }>, stage: Stage, fallback: string, confidence: Finding['confidence'] = 'possible', slots: Record<string, string | undefined> = {}) =>
    refusalFinding(ctx, { protocol: 'pop3', stage, code: e.reply.code, text: e.reply.text, display: e.reply.line, fallback, fallbackConfidence: confidence, slots: { stage, protocol: 'POP3', user: opts.user, ...slots }, fromSeq: e.from });

  const capa = async (stage: Stage): Promise<Pop3Capabilities | null | false> => {
    const e = await send('CAPA');
    if (!e.ok) {
      findings.push(broken(e, stage, 'CAPA'));
      return false;
    }
    if (e.reply.kind !== 'ok') return null; // RFC 1939-only server: no CAPA
    const body = await readMultiline(ls, timeoutMs);
    if (!body.ok) {
      findings.push(brokenExchangeFinding(ctx, body.failure, stage, 'CAPA', e.from));
      return false;
    }
    return parseCapa(body.lines);
  };
  const applyCaps = (caps: Pop3Capabilities | null) => {
    facts.capabilities = caps ? caps.lines : null;
    facts.saslMechanisms = caps ? caps.sasl : [];
    facts.userCommand = caps ? caps.user : null;
    if (caps?.loginDelaySeconds !== null && caps?.loginDelaySeconds !== undefined) facts.loginDelaySeconds = caps.loginDelaySeconds;
    if (caps?.expire) facts.expire = caps.expire;
  };
  const quit = async (final = false) => {
    if (ls.closed) return;
    const e = await send('QUIT');
    if (final && e.ok && e.reply.kind === 'ok') reach('quit');
  };

  try {
    // --- greeting -----------------------------------------------------------------------
    out.stage = 'greeting';
    const gFrom = transcript.lastSeq + 1;
    const g = await readReply(ls, timeoutMs);
    if (!g.ok) {
      findings.push(await greetingFailure(ctx, g.failure, ls, facts.address ?? host, plan.security === 'tls', opts.tlsName, gFrom, GREETING));
      return out;
    }
    if (g.reply.kind === 'continuation') {
      findings.push(finding(ctx, 'protocol-error', { stage: 'greeting', summary: `not a POP3 greeting: ${g.reply.line}`, slots: { stage: 'greeting', detail: 'the first line is not "+OK"' }, evidence: [transcriptEvidence(transcript, gFrom, transcript.lastSeq)] }));
      return out;
    }
    if (g.reply.kind === 'err') {
      findings.push(refusalFinding(ctx, { protocol: 'pop3', stage: 'greeting', code: g.reply.code, text: g.reply.text, display: g.reply.line, fallback: 'server-busy', fallbackConfidence: 'likely', slots: { protocol: 'POP3' }, fromSeq: gFrom }));
      return out;
    }
    const timestamp = apopTimestamp(g.reply.text);
    facts.greeting = { text: g.reply.text, software: guessSoftware(g.reply.text), apop: timestamp !== null };
    reach('greeting');

    // --- CAPA ---------------------------------------------------------------------------
    let caps = await capa('capability');
    if (caps === false) return out;
    applyCaps(caps);
    if (ls.isTls) facts.capabilitiesAfterTls = facts.capabilities;
    else facts.capabilitiesBeforeTls = facts.capabilities;
    reach('capability');

    // --- STLS (RFC 2595 section 4) ---------------------------------------------------------
    if (plan.security === 'starttls') {
      out.stage = 'starttls';
      if (caps && !caps.stls) {
        findings.push(finding(ctx, 'starttls-not-offered', { stage: 'starttls', summary: `${host}:${port} does not list STLS in CAPA`, slots: { host, port }, evidence: [textEvidence('transcript', `CAPA: ${caps.lines.join(' | ')}`)] }));
        await quit();
        return out;
      }
      const e = await send('STLS');
      if (!e.ok) {
        findings.push(broken(e, 'starttls', 'STLS'));
        return out;
      }
      if (e.reply.kind !== 'ok') {
        findings.push(refused(e, 'starttls', caps ? 'starttls-refused' : 'starttls-not-offered'));
        await quit();
        return out;
      }
      if (!(await upgradeAttempt(started, ls, 'STLS'))) return out;
      reach('starttls');
      caps = await capa('capability');
      if (caps === false) return out;
      applyCaps(caps);
      facts.capabilitiesAfterTls = facts.capabilities;
    } else if (plan.security === 'none') {
      findings.push(finding(ctx, 'tls-not-used', { stage: 'tls', summary: `the POP3 session with ${host}:${port} is not encrypted`, slots: { host } }));
    }
    out.transportOk = !started.certBlocked;

    // --- login --------------------------------------------------------------------------
    out.stage = 'auth';
    if (started.certBlocked) {
      await quit();
      return out;
    }
    if (!opts.user || opts.password === undefined) {
      findings.push(finding(ctx, 'credentials-missing', { stage: 'auth', summary: opts.user ? `login not tested: no password for ${opts.user}` : 'login not tested: no --user given' }));
      await quit(true);
      return out;
    }
    const user = opts.user;
    const password = opts.password;
    const secure = ls.isTls;
    const capaEvidence = caps ? textEvidence('transcript', `CAPA: ${caps.lines.join(' | ')}`) : textEvidence('transcript', 'CAPA not supported');
    if (!secure && !opts.allowPlaintextAuth) {
      const serverRefuses = caps !== null && !caps.user && !caps.sasl.some((m) => m === 'PLAIN' || m === 'LOGIN');
      findings.push(
        serverRefuses
          ? finding(ctx, 'login-disabled-plaintext', { stage: 'auth', summary: `${host}:${port} offers no plain-text login (no USER, no SASL PLAIN) on the unencrypted connection; the password was not sent`, slots: { host, port, reply: 'CAPA without USER' }, evidence: [capaEvidence] })
          : finding(ctx, 'plaintext-auth-refused', { stage: 'auth', summary: `the password was not sent: the connection to ${host}:${port} is not encrypted`, slots: { host } }),
      );
      await quit();
      return out;
    }
    const choice = choosePop3Method(caps, timestamp !== null, opts.authType);
    if (!choice.ok) {
      if (!secure && choice.mechanism === 'USER' && !opts.authType) {
        findings.push(finding(ctx, 'login-disabled-plaintext', { stage: 'auth', summary: `${host}:${port} offers no plain-text login on the unencrypted connection; the password was not sent`, slots: { host, port, reply: 'CAPA without USER' }, evidence: [capaEvidence] }));
      } else {
        const offered = [...(caps?.user ? ['USER'] : []), ...(caps?.sasl ?? []), ...(timestamp ? ['APOP'] : [])].join(' ');
        findings.push(finding(ctx, 'auth-mechanism-unsupported', { stage: 'auth', summary: `${choice.mechanism} is not offered by ${host}:${port} (offered: ${offered || 'none'})`, slots: { host, mechanism: choice.mechanism, offered: offered || 'none' }, evidence: [capaEvidence] }));
      }
      await quit();
      return out;
    }
    if (!secure) findings.push(finding(ctx, 'plaintext-auth-used', { stage: 'auth', slots: { host } }));
    facts.loginMethod = choice.method;
    transcript.redactor.addSecret(password);
    const login = await pop3Login(ls, send, choice.method, user, password, timestamp);
    if (!login.exchange.ok) {
      findings.push(broken(login.exchange, 'auth', login.command));
      return out;
    }
    if (login.exchange.reply.kind !== 'ok') {
      const f = login.beforeCredentials
        ? refused(login.exchange, 'auth', 'auth-mechanism-unsupported', 'likely', { mechanism: choice.method.replace('AUTH ', ''), offered: caps?.sasl.join(' ') || 'none' })
        : refused(login.exchange, 'auth', 'auth-bad-credentials', 'likely', { mechanism: choice.method });
      if (login.oauthError) f.evidence.push(textEvidence('transcript', `XOAUTH2 error challenge: ${login.oauthError}`));
      findings.push(f);
      await quit();
      return out;
    }
    facts.authenticated = true;
    reach('auth');

    // --- STAT ---------------------------------------------------------------------------
    out.stage = 'stat';
    const st = await send('STAT');
    if (!st.ok) {
      findings.push(broken(st, 'stat', 'STAT'));
      return out;
    }
    if (st.reply.kind !== 'ok') {
      findings.push(refused(st, 'stat', 'mailbox-unavailable', 'likely', { mailbox: 'the maildrop' }));
      await quit();
      return out;
    }
    const m = /^(\d{1,10})\s+(\d{1,15})/.exec(st.reply.text);
    if (!m) {
      findings.push(finding(ctx, 'protocol-error', { stage: 'stat', summary: `the STAT reply has no message count: ${st.reply.line}`, slots: { stage: 'stat', detail: 'STAT reply without "count size"' }, evidence: [transcriptEvidence(transcript, st.from, transcript.lastSeq)] }));
      await quit();
      return out;
    }
    facts.mailbox = { messages: Number(m[1]), octets: Number(m[2]) };
    reach('stat');
    await quit(true);
    return out;
  } finally {
    ls.close();
  }
}

async function pop3Login(
  ls: LineSocket,
  send: (line: string, log?: string) => Promise<Exchange>,
  method: Pop3Method,
  user: string,
  password: string,
  timestamp: string | null,
): Promise<{ exchange: Exchange; command: string; oauthError: string | null; beforeCredentials?: boolean }> {
  const redactor = ls.transcript.redactor;
  if (method === 'USER/PASS') {
    const u = await send(`USER ${user}`);
    if (!u.ok || u.reply.kind !== 'ok') return { exchange: u, command: 'USER', oauthError: null };
    return { exchange: await send(`PASS ${password}`, `PASS ${REDACTED}`), command: 'PASS', oauthError: null };
  }
  if (method === 'APOP') {
    const digest = nodeCrypto().createHash('md5').update(`${timestamp ?? ''}${password}`, 'utf8').digest('hex');
    redactor.addSecret(digest);
    return { exchange: await send(`APOP ${user} ${digest}`, `APOP ${user} ${REDACTED}`), command: 'APOP', oauthError: null };
  }
  const mech = method === 'AUTH PLAIN' ? 'PLAIN' : 'XOAUTH2';
  const payload = mech === 'PLAIN' ? plainPayload(user, password) : xoauth2Payload(user, password);
  redactor.addSecret(payload);
  const a = await send(`AUTH ${mech}`);
  // refused before any credentials went: the mechanism, not the password, was rejected
  if (!a.ok || a.reply.kind !== 'continuation') return { exchange: a, command: `AUTH ${mech}`, oauthError: null, beforeCredentials: true };
  let e = await send(payload, REDACTED);
  let oauthError: string | null = null;
  // XOAUTH2 failure: the server sends its error as a base64 JSON challenge and waits for an empty line
  if (e.ok && e.reply.kind === 'continuation') {
    oauthError = describeXoauth2Challenge(e.reply.text.trim());
    e = await send('', '');
  }
  return { exchange: e, command: `AUTH ${mech}`, oauthError };
}
