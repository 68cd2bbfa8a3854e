/**
 * @module bounce/reasons
 * The phrase tables and the two orders in which classify.ts consults them.
 *
 * PHASE_A holds reasons that a status code or a phrase may decide, most specific first: facts
 * about the mailbox that make other wording moot (full, too large, suppressed, suspended, moved),
 * relay and sender-authentication refusals, the recipient, the sender, the domain, then content
 * and client judgements. PHASE_C holds second-chance phrases, read only when phase A found
 * nothing and the status code is missing or vague. The order is the tie-break when a diagnostic
 * matches several reasons; it is written here, not implied by a directory listing. It mirrors
 * Sisimai's ClassOrder so that verdicts compare.
 *
 * Command context (which SMTP command the reply answered) limits some tables, after RFC 5321's
 * transaction model: content is judged only after DATA, so spam wording in reply to RCPT TO or
 * earlier is about the client or the sender; a recipient's filter acts after DATA; relaying is
 * decided at RCPT TO, never at connection or EHLO.
 */
import type { ReasonName } from './names.js';
import { indexTables, type PhraseTable } from './phrase.js';
import mailboxfull from './mailboxfull.js';
import emailtoolarge from './emailtoolarge.js';
import suppressed from './suppressed.js';
import suspend from './suspend.js';
import hasmoved from './hasmoved.js';
import norelaying from './norelaying.js';
import authfailure from './authfailure.js';
import requireptr from './requireptr.js';
import notcompliantrfc from './notcompliantrfc.js';
import badreputation from './badreputation.js';
import failedstarttls from './failedstarttls.js';
import userunknown from './userunknown.js';
import filtered from './filtered.js';
import rejected from './rejected.js';
import hostunknown from './hostunknown.js';
import notaccept from './notaccept.js';
import virusdetected from './virusdetected.js';
import spamdetected from './spamdetected.js';
import policyviolation from './policyviolation.js';
import ratelimited from './ratelimited.js';
import blocked from './blocked.js';
import securityerror from './securityerror.js';
import systemfull from './systemfull.js';
import networkerror from './networkerror.js';
import expired from './expired.js';
import contenterror from './contenterror.js';
import mailererror from './mailererror.js';
import syntaxerror from './syntaxerror.js';
import systemerror from './systemerror.js';
import vacation from './vacation.js';

export const TABLES: Partial<Record<ReasonName, PhraseTable>> = {
  mailboxfull, emailtoolarge, suppressed, suspend, hasmoved, norelaying, authfailure, requireptr, notcompliantrfc,
  badreputation, failedstarttls, userunknown, filtered, rejected, hostunknown, notaccept, virusdetected, spamdetected,
  policyviolation, ratelimited, blocked, securityerror, systemfull, networkerror, expired, contenterror, mailererror,
  syntaxerror, systemerror, vacation,
};

indexTables(Object.values(TABLES));

/** Status code or phrase, most specific first. */
export const PHASE_A: readonly ReasonName[] = [
  'mailboxfull', 'emailtoolarge', 'suppressed', 'suspend', 'hasmoved', 'norelaying', 'authfailure', 'userunknown', 'filtered',
  'requireptr', 'notcompliantrfc', 'badreputation', 'rejected', 'hostunknown', 'spamdetected', 'ratelimited', 'blocked',
];

/** Phrases only, when phase A found nothing and the status is missing or vague. */
export const PHASE_C: readonly ReasonName[] = [
  'mailboxfull', 'spamdetected', 'policyviolation', 'virusdetected', 'norelaying', 'failedstarttls', 'securityerror',
  'systemerror', 'networkerror', 'ratelimited', 'suspend', 'expired', 'contenterror', 'systemfull', 'notaccept',
  'mailererror', 'syntaxerror',
];

/**
 * Status-code reasons too vague to stand against a phrase of phase C: a 5.1.1 whose text says
 * "mailbox full", a 5.7.1 whose text names a spam filter.
 */
export const VAGUE_STATUS: ReadonlySet<ReasonName> = new Set<ReasonName>(['userunknown', 'hostunknown', 'networkerror', 'systemerror', 'securityerror', 'expired', 'onhold', 'undefined']);

/** Commands of the session before any recipient is named. */
export const SESSION_START = ['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH'];
/** Commands before the message content is sent. */
export const BEFORE_DATA = [...SESSION_START, 'MAIL', 'RCPT'];

export { normalise, findPhrase, type Phrase, type PhraseTable } from './phrase.js';
