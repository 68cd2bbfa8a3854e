/**
 * @module probes/imap/session
 * One IMAP attempt on one port with one security setting: connect (implicit TLS or not) ->
 * greeting (OK / PREAUTH / BYE) -> CAPABILITY -> STARTTLS -> CAPABILITY again -> login ->
 * LIST -> STATUS + EXAMINE INBOX -> (STATUS per folder) -> LOGOUT. Every outcome is a
 * finding; nothing is thrown. Read-only: see mailbox.ts.
 */
import type { Finding } from '../../core/finding.js';
import type { Stage } from '../../core/stage.js';
import type { Transcript } from '../../core/transcript.js';
import type { DnsClient } from '../../dns/client.js';
import { identifyBanner, serviceLabel } from '../common/identify.js';
import type { AttemptOutcome, PlannedAttempt } from '../incoming/discover.js';
import { textEvidence, transcriptEvidence } from '../incoming/evidence.js';
import { brokenExchangeFinding, refusalFinding } from '../incoming/failures.js';
import { guessSoftware } from '../incoming/software.js';
import { finding } from '../incoming/tls.js';
import { greetingFailure, startAttempt, upgradeAttempt, type GreetingProtocol } from '../incoming/attempt.js';
import { ImapClient, type CommandResult } from './client.js';
import { sortFolders } from './folders.js';
import { authMechanisms, chooseLoginMethod, runLogin } from './login.js';
import { countUnseen, examineInbox, listFolders, MAX_STATUS_FOLDERS, statusOf } from './mailbox.js';
import { parseCapabilities, readResponse, type ImapResponse, type ResponseFailure } from './response.js';
import type { ImapFacts, ImapProbeOptions } from './types.js';

export interface ImapAttemptInput {
  plan: PlannedAttempt;
  opts: ImapProbeOptions;
  transcript: Transcript;
  dns: DnsClient;
  /** label findings with the attempt (discovery tries several settings) */
  labelled: boolean;
}

const GREETING: GreetingProtocol = { service: 'imap', name: 'IMAP', notCause: 'not-imap', probeCommand: 'a0 CAPABILITY' };

/** Progress points, so the attempt that got furthest can decide the verdict. */
const PROGRESS = { connect: 2, tls: 3, greeting: 4, capability: 5, starttls: 6, auth: 7, list: 8, select: 9, logout: 10 } as const;

export function emptyImapFacts(host: string, plan: PlannedAttempt): ImapFacts {
  return {
    host,
    port: plan.port,
    security: plan.security,
    address: null,
    greeting: null,
    capabilities: [],
    capabilitiesBeforeTls: null,
    capabilitiesAfterTls: null,
    capabilitiesAfterLogin: null,
    tls: null,
    authMechanisms: [],
    loginDisabled: false,
    loginMethod: null,
    authenticated: false,
    alerts: [],
    listCommand: null,
    folders: null,
    inbox: null,
    attempts: [],
    settings: null,
  };
}

function dataText(r: ImapResponse): string {
  return r.data.map((s) => ('text' in s ? s.text : s.literal.toString('utf8'))).join('');
}

export async function runImapAttempt(input: ImapAttemptInput): Promise<AttemptOutcome<ImapFacts>> {
  const { plan, opts, transcript } = input;
  const host = opts.host;
  const port = plan.port;
  const timeoutMs = opts.timeoutMs;
  const facts = emptyImapFacts(host, plan);
  const started = await startAttempt(input, facts, PROGRESS);
  const { out, ctx, reach } = started;
  const findings = out.findings;
  if (!started.ls) return out;
  const ls = started.ls;
  const client = new ImapClient(ls, timeoutMs);

  /** A command that did not end with a tagged OK: a broken exchange, a BYE, or a refusal. */
  const commandFailure = (r: CommandResult, stage: Stage, fallback: string, slots: Record<string, string | number | undefined> = {}, fallbackConfidence: Finding['confidence'] = 'possible'): Finding => {
    const from = r.seq[0];
    const alerts = r.untagged.filter((u) => u.code?.name === 'ALERT' || u.status === 'NO').map((u) => u.text);
    if (!r.tagged) {
      const bye = r.untagged.find((u) => u.status === 'BYE');
      if (bye) {
        return refusalFinding(ctx, { protocol: 'imap', stage, code: bye.code?.name ?? null, text: bye.text, display: bye.display, alsoTexts: alerts, fallback: 'connection-lost', slots: { stage, protocol: 'IMAP', ...slots }, fromSeq: from });
      }
      return brokenExchangeFinding(ctx, r.failure as ResponseFailure, stage, r.command, from);
    }
    const t = r.tagged;
    return refusalFinding(ctx, {
      protocol: 'imap',
      stage,
      code: t.code?.name ?? null,
      text: t.text,
      display: t.display,
      alsoTexts: alerts,
      fallback,
      fallbackConfidence,
      slots: { stage, protocol: 'IMAP', user: opts.user, ...slots },
      fromSeq: from,
    });
  };

  const collectAlerts = (r: CommandResult) => {
    for (const u of [...r.untagged, ...(r.tagged ? [r.tagged] : [])]) if (u.code?.name === 'ALERT' && u.text) facts.alerts.push(u.text);
  };

  const fetchCaps = async (stage: Stage): Promise<string[] | null> => {
    const r = await client.run('CAPABILITY');
    collectAlerts(r);
    if (!r.tagged || r.tagged.status !== 'OK') {
      findings.push(commandFailure(r, stage, 'unexpected-reply'));
      return null;
    }
    const u = r.untagged.find((x) => x.name === 'CAPABILITY');
    if (u) return parseCapabilities(dataText(u));
    if (r.tagged.code?.name === 'CAPABILITY') return parseCapabilities(r.tagged.code.args);
    return [];
  };

  const logout = async () => {
    if (ls.closed) return;
    const r = await client.run('LOGOUT');
    if (r.tagged?.status === 'OK' && !findings.some((f) => f.severity === 'error' || f.severity === 'critical')) reach('logout');
  };

  try {
    // --- greeting ---------------------------------------------------------------------
    out.stage = 'greeting';
    const gFrom = transcript.lastSeq + 1;
    const g = await readResponse(ls, timeoutMs);
    if (!g.ok) {
      findings.push(await greetingFailure(ctx, g.failure, ls, facts.address ?? host, plan.security === 'tls', opts.tlsName, gFrom, GREETING));
      return out;
    }
    const greet = g.response;
    if (greet.kind !== 'untagged' || !greet.status || greet.status === 'NO' || greet.status === 'BAD') {
      const service = identifyBanner(greet.display);
      findings.push(
        service !== 'imap' && service !== 'unknown'
          ? finding(ctx, 'not-imap', { stage: 'greeting', summary: `the server greeted like ${serviceLabel(service)}: ${greet.display}`, slots: { host, port, service: serviceLabel(service) }, evidence: [transcriptEvidence(transcript, gFrom, transcript.lastSeq)] })
          : finding(ctx, 'protocol-error', { stage: 'greeting', summary: `not an IMAP greeting: ${greet.display}`, slots: { stage: 'greeting', detail: 'the first line is not "* OK", "* PREAUTH" or "* BYE"' }, evidence: [transcriptEvidence(transcript, gFrom, transcript.lastSeq)] }),
      );
      return out;
    }
    facts.greeting = { status: greet.status, text: greet.text, software: guessSoftware(greet.text) };
    if (greet.code?.name === 'ALERT') facts.alerts.push(greet.text);
    if (greet.status === 'BYE') {
      findings.push(refusalFinding(ctx, { protocol: 'imap', stage: 'greeting', code: greet.code?.name ?? null, text: greet.text, display: greet.display, fallback: 'server-busy', fallbackConfidence: 'likely', slots: { protocol: 'IMAP' }, fromSeq: gFrom }));
      return out;
    }
    reach('greeting');

    // --- capabilities -----------------------------------------------------------------
    let caps: string[] | null = greet.code?.name === 'CAPABILITY' ? parseCapabilities(greet.code.args) : await fetchCaps('capability');
    if (caps === null) return out;
    facts.capabilitiesBeforeTls = ls.isTls ? null : caps;
    if (ls.isTls) facts.capabilitiesAfterTls = caps;
    facts.capabilities = caps;
    reach('capability');

    // --- STARTTLS -----------------------------------------------------------------------
    if (plan.security === 'starttls') {
      out.stage = 'starttls';
      if (!caps.includes('STARTTLS')) {
        findings.push(finding(ctx, 'starttls-not-offered', { stage: 'starttls', summary: `${host}:${port} does not list STARTTLS in its capabilities`, slots: { host, port }, evidence: [textEvidence('imap', `CAPABILITY ${caps.join(' ')}`)] }));
        await logout();
        return out;
      }
      const r = await client.run('STARTTLS');
      if (!r.tagged || r.tagged.status !== 'OK') {
        findings.push(commandFailure(r, 'starttls', 'starttls-refused'));
        return out;
      }
      if (!(await upgradeAttempt(started, ls, 'STARTTLS'))) return out;
      reach('starttls');
      // capabilities change after TLS (RFC 9051 6.2.1): ask again
      caps = await fetchCaps('capability');
      if (caps === null) return out;
      facts.capabilitiesAfterTls = caps;
      facts.capabilities = caps;
    } else if (plan.security === 'none') {
      findings.push(finding(ctx, 'tls-not-used', { stage: 'tls', summary: `the IMAP session with ${host}:${port} is not encrypted`, slots: { host } }));
    }
    facts.authMechanisms = authMechanisms(caps);
    facts.loginDisabled = caps.includes('LOGINDISABLED');
    out.transportOk = !started.certBlocked;

    // --- login --------------------------------------------------------------------------
    out.stage = 'auth';
    if (greet.status === 'PREAUTH') {
      facts.authenticated = true;
      facts.loginMethod = 'PREAUTH';
    } else if (started.certBlocked) {
      // the certificate finding decides; never send a password to an unauthenticated server
      await logout();
      return out;
    } else if (!opts.user || opts.password === undefined) {
      findings.push(finding(ctx, 'credentials-missing', { stage: 'auth', summary: opts.user ? `login not tested: no password for ${opts.user}` : 'login not tested: no --user given' }));
      await logout();
      return out;
    } else {
      const secure = ls.isTls;
      const capsEvidence = textEvidence('imap', `CAPABILITY ${caps.join(' ')}`);
      if (!secure && facts.loginDisabled && !opts.allowPlaintextAuth) {
        findings.push(finding(ctx, 'login-disabled-plaintext', { stage: 'auth', summary: `${host}:${port} advertises LOGINDISABLED on the unencrypted connection; the password was not sent`, slots: { host, port, reply: 'LOGINDISABLED' }, evidence: [capsEvidence] }));
        await logout();
        return out;
      }
      if (!secure && !opts.allowPlaintextAuth) {
        findings.push(finding(ctx, 'plaintext-auth-refused', { stage: 'auth', summary: `the password was not sent: the connection to ${host}:${port} is not encrypted`, slots: { host } }));
        await logout();
        return out;
      }
      const choice = chooseLoginMethod(caps, opts.authType);
      if (!choice.ok) {
        if (choice.reason === 'login-disabled') {
          findings.push(finding(ctx, 'login-disabled-plaintext', { stage: 'auth', summary: `${host}:${port} advertises LOGINDISABLED and no usable mechanism; the password was not sent`, slots: { host, port, reply: 'LOGINDISABLED' }, evidence: [capsEvidence] }));
        } else {
          findings.push(finding(ctx, 'auth-mechanism-unsupported', { stage: 'auth', summary: `${choice.mechanism} is not offered by ${host}:${port} (offered: ${facts.authMechanisms.join(' ') || 'none'})`, slots: { host, mechanism: choice.mechanism, offered: facts.authMechanisms.join(' ') || 'LOGIN command only' }, evidence: [capsEvidence] }));
        }
        await logout();
        return out;
      }
      if (!secure) findings.push(finding(ctx, 'plaintext-auth-used', { stage: 'auth', slots: { host } }));
      facts.loginMethod = choice.method;
      const { result, oauthError } = await runLogin(client, choice.method, opts.user, opts.password, caps);
      collectAlerts(result);
      if (!result.tagged || result.tagged.status !== 'OK') {
        const bad = result.tagged?.status === 'BAD';
        const f = commandFailure(result, 'auth', bad ? 'unexpected-reply' : 'auth-bad-credentials', { user: opts.user, mechanism: choice.method }, bad ? 'possible' : 'likely');
        if (oauthError) f.evidence.push(textEvidence('imap', `XOAUTH2 error challenge: ${oauthError}`));
        findings.push(f);
        await logout();
        return out;
      }
      facts.authenticated = true;
      const code = result.tagged.code;
      const afterLogin = code?.name === 'CAPABILITY' ? parseCapabilities(code.args) : await fetchCaps('auth');
      if (afterLogin === null) return out;
      facts.capabilitiesAfterLogin = afterLogin;
      facts.capabilities = afterLogin;
      caps = afterLogin;
    }
    reach('auth');

    // --- folders ------------------------------------------------------------------------
    out.stage = 'list';
    const lo = await listFolders(client, caps);
    if (!lo.result.tagged) {
      findings.push(commandFailure(lo.result, 'list', 'unexpected-reply'));
      return out;
    }
    facts.listCommand = lo.command;
    if (lo.result.tagged.status !== 'OK') findings.push(commandFailure(lo.result, 'list', 'unexpected-reply'));
    else {
      facts.folders = sortFolders(lo.folders);
      if (lo.malformed) {
        findings.push(finding(ctx, 'protocol-error', { stage: 'list', severity: 'warning', summary: `${lo.malformed} LIST responses could not be parsed and are not shown`, slots: { stage: 'list', detail: 'malformed LIST responses' }, evidence: [transcriptEvidence(transcript, lo.result.seq[0], lo.result.seq[1])] }));
      }
      reach('list');
    }

    // --- INBOX (read-only) ----------------------------------------------------------------
    out.stage = 'select';
    const st = await statusOf(client, 'INBOX', ['MESSAGES', 'UNSEEN', 'UIDVALIDITY']);
    if (st.result && !st.result.tagged) {
      findings.push(commandFailure(st.result, 'select', 'unexpected-reply'));
      return out;
    }
    const ex = await examineInbox(client);
    collectAlerts(ex.result);
    if (!ex.result.tagged) {
      findings.push(commandFailure(ex.result, 'select', 'mailbox-unavailable', { mailbox: 'INBOX' }));
      return out;
    }
    if (ex.result.tagged.status !== 'OK') {
      findings.push(commandFailure(ex.result, 'select', 'mailbox-unavailable', { mailbox: 'INBOX' }, 'likely'));
      await logout();
      return out;
    }
    facts.inbox = ex.inbox;
    if (st.items && st.items.UNSEEN !== undefined) {
      facts.inbox.unseen = st.items.UNSEEN;
      facts.inbox.unseenSource = 'STATUS';
    } else {
      const u = await countUnseen(client, caps);
      if (!u.result.tagged) {
        findings.push(commandFailure(u.result, 'select', 'unexpected-reply'));
        return out;
      }
      facts.inbox.unseen = u.count;
      facts.inbox.unseenSource = u.count === null ? null : u.source;
    }
    reach('select');

    // --- per-folder counts (--folders) ----------------------------------------------------
    if (opts.folders && facts.folders) {
      let asked = 0;
      for (const f of facts.folders) {
        if (f.name === 'INBOX') {
          f.messages = st.items?.MESSAGES ?? facts.inbox.exists;
          f.unseen = facts.inbox.unseen;
          continue;
        }
        if (!f.selectable) continue;
        if (++asked > MAX_STATUS_FOLDERS) {
          f.statusError = `not counted: more than ${MAX_STATUS_FOLDERS} folders`;
          continue;
        }
        const s = await statusOf(client, f.name, ['MESSAGES', 'UNSEEN']);
        if (s.result && !s.result.tagged) {
          findings.push(commandFailure(s.result, 'mailbox', 'unexpected-reply'));
          return out;
        }
        if (s.items) {
          f.messages = s.items.MESSAGES ?? null;
          f.unseen = s.items.UNSEEN ?? null;
        } else {
          f.messages = null;
          f.unseen = null;
          f.statusError = s.result?.tagged ? s.result.tagged.display : 'the name needs a literal; not counted';
        }
      }
    }

    await logout();
    return out;
  } finally {
    ls.close();
  }
}
