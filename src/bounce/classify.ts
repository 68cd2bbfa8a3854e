/**
 * @module bounce/classify
 * Decides the reason of one record from its fields, through tables only (reasons/):
 *  1. structure: a feedback report is `feedback`, an auto-reply `vacation` (unless its text
 *     says the mailbox is gone), a 2.x.x status or a delivered/relayed/expanded action `delivered`;
 *  2. the remote host's own table, when the remote (or reporting) MTA is a provider whose
 *     replies are documented (reasons/rhost/), or else when the reply carries its signature;
 *     then greylisting (RFC 6647): it only defers, so a temporary or unclassed failure that
 *     quotes it is a retry that ran out of time (`expired`), whatever its code (often 4.7.1);
 *  3. phase A (SMTP diagnostics only): the first reason, in PHASE_A order, that the status code
 *     names or whose phrase is in the text, within its command context (see CONTEXT below);
 *  4. the status code's reason, unless it is vague (VAGUE_STATUS) or the diagnostic is not SMTP;
 *  5. phase C: the first PHASE_C phrase in the text, else the status code's reason;
 *  6. fallbacks: status class X.6 content, X.7 security; X-UNIX diagnostic: mailer; reply
 *     500-507: syntax; action delayed: expired; refused at HELO/EHLO/connection: blocked;
 *     generic ("weak") phrases; vacation wording; `onhold` when there is text, else `undefined`.
 * The rule that decided is returned as `decidedBy`, so every verdict can be traced.
 */
import { BEFORE_DATA, PHASE_A, PHASE_C, SESSION_START, TABLES, VAGUE_STATUS, findPhrase, normalise, type Phrase } from './reasons/index.js';
import { statusRule } from './reasons/status-codes.js';
import { unfoldReply } from './smtp-text.js';
import { matchRhost, rhostFor, rhostSignedIn } from './reasons/rhost/index.js';
import type { ReasonName } from './reasons/names.js';

export interface ClassifyInput {
  status: string;
  replycode: string;
  remoteMta: string;
  reportingMta: string;
  /** recipient domain, the last resort to pick a remote-host table */
  domain: string;
  action: string;
  diagnostic: string;
  diagnosticType: string;
  command: string;
  kind: 'bounce' | 'feedback' | 'autoreply';
}

export interface Verdict {
  reason: ReasonName;
  decidedBy: string;
}

function show(p: Phrase): string {
  return `${typeof p.match === 'string' ? `"${p.match}"` : String(p.match)} (${p.src})`;
}

function phraseOf(reason: ReasonName, text: string, weakTier = false): Phrase | undefined {
  const t = TABLES[reason];
  if (!t || !text) return undefined;
  return findPhrase(t, text, weakTier);
}

/** Reasons whose wording, found next to a recipient-unknown status, means the code is misused. */
const USERUNKNOWN_PREMATCH: ReasonName[] = ['norelaying', 'blocked', 'mailboxfull', 'hasmoved', 'rejected', 'notaccept'];

interface Ctx {
  text: string;
  statusReason: ReasonName | undefined;
  command: string;
}

/**
 * Phase A test of one reason: by status code, or by phrase within its command context.
 *  - userunknown: a X.1.1-like code, unless the text names a more specific refusal; wording
 *    alone only in reply to RCPT TO.
 *  - filtered: recipient-unknown or filter wording after DATA or at an unknown stage (the
 *    server accepted the recipient, so a filter refuses it: Sieve/procmail reject, block lists);
 *    a X.2.x-filtered code with such wording; never with a sender status code (X.1.7, X.1.8).
 *  - rejected: sender wording in reply to MAIL FROM, after DATA, or with no specific code.
 *  - spamdetected: content wording only after DATA (or at an unknown stage).
 *  - norelaying: never at connection or EHLO.
 *  - hostunknown: a X.1.2-like code unless the text names a network error or no mail service.
 */
function phaseA(reason: ReasonName, c: Ctx): string | undefined {
  const { text, statusReason: sr, command } = c;
  const p = (r: ReasonName): Phrase | undefined => phraseOf(r, text);
  switch (reason) {
    case 'userunknown': {
      if (sr === 'userunknown' && !USERUNKNOWN_PREMATCH.some((r) => p(r))) return 'status';
      if (command === 'RCPT') {
        const h = p('userunknown');
        if (h) return `phrase ${show(h)} at RCPT`;
      }
      return undefined;
    }
    case 'filtered': {
      const h = p('filtered') ?? p('userunknown');
      if (sr === 'filtered') return h ? `status and phrase ${show(h)}` : undefined;
      // a sender status (X.1.7, X.1.8): the address the words refuse is the sender's
      if (BEFORE_DATA.includes(command) || sr === 'rejected') return undefined;
      return h ? `phrase ${show(h)}${command ? ` after ${command}` : ', stage unknown'}` : undefined;
    }
    case 'rejected': {
      if (sr === 'rejected') return 'status';
      const ok = command === 'MAIL' || (command === 'DATA' && sr !== 'userunknown') || sr === undefined || sr === 'securityerror' || sr === 'systemerror';
      const h = ok ? p('rejected') : undefined;
      return h ? `phrase ${show(h)}` : undefined;
    }
    case 'spamdetected': {
      if (sr === 'spamdetected') return 'status';
      if (BEFORE_DATA.includes(command)) return undefined;
      const h = p('spamdetected');
      return h ? `phrase ${show(h)}` : undefined;
    }
    case 'norelaying': {
      if (SESSION_START.includes(command)) return undefined;
      const h = p('norelaying');
      return h ? `phrase ${show(h)}` : undefined;
    }
    case 'hostunknown': {
      // A X.1.2/X.4.4 code whose text names a network error or a domain without mail service
      // (qmail's "couldn't find a mail exchanger or IP address") is left to phase C.
      if (sr === 'hostunknown') return p('networkerror') || p('notaccept') ? undefined : 'status';
      const h = p('hostunknown');
      return h ? `phrase ${show(h)}` : undefined;
    }
    default: {
      if (sr === reason) return 'status';
      const h = p(reason);
      return h ? `phrase ${show(h)}` : undefined;
    }
  }
}

/** Greylisting wordings (postgrey, Exim/rspamd greylist ACLs, Exchange, milter-greylist). */
const GREYLISTING = /\bgr[ae]y-?list(?:ed|ing)?\b|\bgr[ae]y list(?:ed|ing)\b/;

export function classify(input: ClassifyInput): Verdict {
  const { status, action, command } = input;
  // A diagnostic is a reply or a short notice; beyond 8 KB it is noise (and costs time).
  const text = normalise(unfoldReply(input.diagnostic.length > 8192 ? input.diagnostic.slice(0, 8192) : input.diagnostic));
  if (input.kind === 'feedback') return { reason: 'feedback', decidedBy: 'structure: feedback report (RFC 5965)' };
  if (input.kind === 'autoreply') {
    for (const r of ['suspend', 'hasmoved'] as const) {
      const h = phraseOf(r, text);
      if (h) return { reason: r, decidedBy: `auto-reply saying ${show(h)}` };
    }
    return { reason: 'vacation', decidedBy: 'structure: auto-reply (RFC 3834)' };
  }
  if (status.startsWith('2.') || action === 'delivered' || action === 'relayed' || action === 'expanded') {
    return { reason: 'delivered', decidedBy: status.startsWith('2.') ? `status ${status}` : `action ${action}` };
  }
  const byHost = rhostFor(input.remoteMta, input.reportingMta, input.domain);
  const rt = byHost ?? rhostSignedIn(input.diagnostic);
  if (rt && text) {
    const m = matchRhost(rt, { status, replycode: input.replycode, text, raw: input.diagnostic, command });
    if (m) return { reason: m.reason, decidedBy: `remote host ${rt.name}${byHost ? '' : ' (by its reply)'}: ${m.why} (${rt.src})` };
  }
  const grey = status.startsWith('5') ? null : GREYLISTING.exec(text);
  if (grey) return { reason: 'expired', decidedBy: `phrase "${grey[0]}" (RFC 6647: greylisting only defers)${status ? ` over status ${status}` : ''}` };
  const rule = statusRule(status);
  const sr = rule?.reason;
  // Diagnostics of a local delivery program (X-UNIX, X-POSTFIX local) are read by phrase only:
  // their status code was assigned by the MTA, not returned by a server.
  const smtp = !/^X-(?:UNIX|POSTFIX|LOCAL)$/.test(input.diagnosticType);
  const ctx: Ctx = { text, statusReason: sr, command };
  const st = rule ? `status ${status} (${rule.title})` : '';
  if (smtp) {
    for (const r of PHASE_A) {
      const why = phaseA(r, ctx);
      if (why) return { reason: r, decidedBy: why === 'status' ? st : `${why}${st ? `, ${st}` : ''}` };
    }
  }
  if (sr && smtp && !VAGUE_STATUS.has(sr)) return { reason: sr, decidedBy: st };
  for (const r of PHASE_C) {
    const h = phraseOf(r, text);
    if (h) return { reason: r, decidedBy: `phrase ${show(h)}${st ? ` over ${st}` : ''}` };
  }
  if (sr) return { reason: sr, decidedBy: st };
  const cls = status.slice(1, 3);
  if (cls === '.6') return { reason: 'contenterror', decidedBy: `status class X.6 (${status})` };
  if (cls === '.7') return { reason: 'securityerror', decidedBy: `status class X.7 (${status})` };
  if (input.diagnosticType === 'X-UNIX') return { reason: 'mailererror', decidedBy: 'diagnostic type X-UNIX (a local delivery program)' };
  if (/^[45]0[0-7]$/.test(input.replycode)) return { reason: 'syntaxerror', decidedBy: `reply code ${input.replycode} (RFC 5321 syntax or sequence error)` };
  if (action === 'delayed') return { reason: 'expired', decidedBy: 'action delayed' };
  if (command === 'HELO' || command === 'EHLO' || command === 'CONN') return { reason: 'blocked', decidedBy: `refused at ${command}` };
  for (const r of [...PHASE_A, ...PHASE_C]) {
    const h = phraseOf(r, text, true);
    if (h) return { reason: r, decidedBy: `generic phrase ${show(h)}` };
  }
  const vac = phraseOf('vacation', text);
  if (vac) return { reason: 'vacation', decidedBy: `phrase ${show(vac)}` };
  if (text) return { reason: 'onhold', decidedBy: 'no rule matched the diagnostic' };
  return { reason: 'undefined', decidedBy: 'no status and no diagnostic' };
}
