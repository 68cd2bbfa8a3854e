/**
 * @module bounce/explain
 * From a decided reason to the words a sender reads: the catalog cause (title, explanation,
 * remedies, rendered with the record's values), the hard/soft rule, and the status code to show
 * when the bounce carried none.
 */
import { getCause } from '../catalog/index.js';
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
 * A catalog template split once into its fixed text and its slots: the same rendering as the
 * catalog's renderTemplate ("{slot}" or "{slot|fallback}"; an empty value takes the fallback,
 * else "the slot"), without a regular-expression replace per field of every record.
 */
type Piece = string | { slot: string; fallback: string };

const SLOT = /\{([a-zA-Z][a-zA-Z0-9_]*)(?:\|([^}]*))?\}/g;

function compile(template: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of template.matchAll(SLOT)) {
    if (m.index > last) out.push(template.slice(last, m.index));
    const slot = m[1] ?? '';
    out.push({ slot, fallback: m[2] ?? `the ${slot}` });
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

function slotValue(slots: ExplainSlots, name: string): string {
  switch (name) {
    case 'rcpt': return slots.rcpt;
    case 'reply': return slots.reply;
    case 'host': return slots.host;
    case 'from': return slots.from;
    default: return '';
  }
}

function render(pieces: Piece[], slots: ExplainSlots): string {
  let s = '';
  for (const p of pieces) {
    if (typeof p === 'string') s += p;
    else s += slotValue(slots, p.slot) || p.fallback;
  }
  return s;
}

interface Compiled {
  title: Piece[];
  explanation: Piece[];
  remedies: Piece[][];
}
const compiled = new Map<string, Compiled>();

function compiledCause(id: string): Compiled {
  let c = compiled.get(id);
  if (!c) {
    const def = getCause(id);
    c = { title: compile(def.title), explanation: compile(def.explanation), remedies: def.remedies.map(compile) };
    compiled.set(id, c);
  }
  return c;
}

export function explain(reason: ReasonName, slots: ExplainSlots, hard: boolean): Explained {
  const cause = REASONS[reason].cause;
  const c = compiledCause(cause);
  const values: ExplainSlots = { rcpt: slots.rcpt, reply: clip(slots.reply, 160), host: slots.host, from: slots.from };
  const verdict = reason === 'delivered' || reason === 'vacation' || reason === 'feedback'
    ? ''
    : hard ? ' Hard bounce: resending to this address will not work.' : ' Soft bounce: delivery may succeed later or once the cause is fixed.';
  const remedies: string[] = [];
  for (const r of c.remedies) remedies.push(render(r, values));
  return { cause, explanation: `${render(c.title, values)}. ${render(c.explanation, values)}${verdict}`, remedies };
}
