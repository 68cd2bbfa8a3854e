/**
 * @module bounce/explain
 * From a decided reason to the words a sender reads: the catalog cause (title, explanation,
 * remedies, rendered with the record's values), the hard/soft rule, and the status code to show
 * when the bounce carried none.
 */
import { renderCause } from '../catalog/index.js';
import { REASONS, type ReasonName } from './reasons/names.js';

/** True when resending can never succeed (see reasons/names.ts). */
export function isHardBounce(reason: ReasonName, status: string): boolean {
  const rule = REASONS[reason].hard;
  if (rule === 'always') return true;
  if (rule === 'permanent') return status.startsWith('5');
  return false;
}

/** Representative code per reason, used only when the bounce carries no status code. */
const TYPICAL: Partial<Record<ReasonName, string>> = {
  userunknown: '1.1', hostunknown: '1.2', hasmoved: '1.6', rejected: '1.8', notaccept: '1.10', mailboxfull: '2.2', suspend: '2.1',
  filtered: '2.0', emailtoolarge: '3.4', systemerror: '3.0', systemfull: '3.1', mailererror: '3.0', networkerror: '4.0', expired: '4.7',
  syntaxerror: '5.2', ratelimited: '7.0', contenterror: '6.0', notcompliantrfc: '6.0', securityerror: '7.0', authfailure: '7.26',
  requireptr: '7.25', badreputation: '7.1', blocked: '7.1', spamdetected: '7.1', virusdetected: '7.1', policyviolation: '7.1',
  norelaying: '7.1', failedstarttls: '7.10', suppressed: '1.1', onhold: '0.0', undefined: '0.0',
};

/** A status for a record without one: class from the reply code or action, detail from the reason. */
export function inferStatus(reason: ReasonName, replycode: string, action: string): string {
  if (reason === 'vacation' || reason === 'feedback') return '';
  if (reason === 'delivered') return '2.0.0';
  const cls = replycode.startsWith('4') || action === 'delayed' ? '4' : '5';
  return `${cls}.${TYPICAL[reason] ?? '0.0'}`;
}

export interface Explained {
  cause: string;
  explanation: string;
  remedies: string[];
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

/** Slot values of a bounce record, by the names the bounce causes use. */
interface ExplainSlots {
  rcpt: string;
  reply: string;
  host: string;
  from: string;
}

/**
 * The cause and words for a record. A delay warning (Action: delayed) keeps its reason but
 * reads as what it is, whatever the reason: the message is still queued, nothing to resend.
 */
export function explain(reason: ReasonName, slots: ExplainSlots, hard: boolean, delayed = false): Explained {
  const cause = delayed ? 'delivery-delayed' : REASONS[reason].cause;
  const r = renderCause(cause, { rcpt: slots.rcpt, reply: clip(slots.reply, 160), host: slots.host, from: slots.from });
  const verdict = delayed || reason === 'delivered' || reason === 'vacation' || reason === 'feedback'
    ? ''
    : hard ? ' Hard bounce: resending to this address will not work.' : ' Soft bounce: delivery may succeed later or once the cause is fixed.';
  // a title ending with a quoted reply may already end its sentence ("...", "."); its last
  // character is read (an expression ending with $ was tried at every position of the title)
  const end = r.title.charCodeAt(r.title.length - 1);
  const stop = end === 46 || end === 33 || end === 63 ? ' ' : '. ';
  return { cause, explanation: `${r.title}${stop}${r.explanation}${verdict}`, remedies: r.remedies };
}
