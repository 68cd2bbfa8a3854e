/**
 * @module bounce/types
 * The record `analyzeBounce` returns for each failed (or delayed, delivered, auto-replied,
 * reported) recipient, and the raw record decoders produce before classification.
 */
import type { ReasonName } from './reasons/names.js';
import type { BounceMessage } from './message.js';

/** One recipient of one bounce, explained. */
export interface BounceRecord {
  /** file the message came from (CLI only) */
  file?: string;
  /** failed recipient address, lower case domain */
  recipient: string;
  /** RFC 3464 action: failed, delayed, delivered, relayed, expanded ('' when unknown) */
  action: string;
  /** RFC 3463 enhanced status code, from the message or inferred (see statusInferred) */
  status: string;
  /** true when the message carried no status code and `status` was inferred from the reason */
  statusInferred?: boolean;
  /** SMTP reply code (550) or '' */
  replycode: string;
  /** SMTP command that failed (CONN, HELO, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, BDAT) or '' */
  command: string;
  /** diagnostic text as reported (one line) */
  diagnostic: string;
  /** RFC 3464 diagnostic type (SMTP, X-UNIX, X-POSTFIX...) when given */
  diagnosticType?: string;
  remoteMta: string;
  reportingMta: string;
  /** date of the failure (Last-Attempt-Date, Arrival-Date or the bounce's Date) */
  date: string;
  /** Sisimai-compatible reason name (see docs/bounce.md) */
  reason: ReasonName;
  /** true when resending can never succeed (user/host unknown, moved, null MX) */
  hardbounce: boolean;
  /** catalog cause id (maildoctor causes ID) */
  cause: string;
  /** one paragraph for people */
  explanation: string;
  remedies: string[];
  origMessageId?: string;
  origFrom?: string;
  origTo?: string;
  origSubject?: string;
  /** the decoder that read the message: RFC3464, Postfix, Exim, qmail, ARF, RFC3834, ... */
  lhost: string;
  /** ARF feedback type (abuse, fraud, opt-out, auth-failure...) */
  feedbackType?: string;
  /** the table rule that decided the reason: "status 5.1.1", "phrase userunknown: ... (Postfix)" */
  decidedBy?: string;
}

/** What a decoder extracts for one recipient, before classification. */
export interface RawRecord {
  recipient: string;
  action?: string;
  status?: string;
  replycode?: string;
  command?: string;
  diagnostic?: string;
  diagnosticType?: string;
  remoteMta?: string;
  reportingMta?: string;
  date?: string;
  /** structural kind set by format decoders: a feedback report, an auto-reply */
  kind?: 'bounce' | 'feedback' | 'autoreply';
  feedbackType?: string;
}

/** A decoder for one bounce format (an MTA's or provider's template). */
export interface Lhost {
  /** name reported in `lhost` (Sisimai's module names where one exists) */
  name: string;
  /** returns records when the message is in this format, undefined otherwise */
  decode(msg: BounceMessage): RawRecord[] | undefined;
}
