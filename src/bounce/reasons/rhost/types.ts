/**
 * @module bounce/reasons/rhost/types
 * Remote-host tables: what large receivers mean by their own replies. Many providers use codes
 * and wordings that general phrase tables would misread (KDDI's "550 : User unknown" is a
 * filter, La Poste's "LPN007_426" a blocked account, Yahoo's "[TSS04]" a sender refusal).
 * A table applies when the remote MTA (else the reporting MTA) matches `hosts`; its rules are
 * consulted before the general status and phrase tables. Sources: each provider's published
 * error-code pages, and Sisimai's Rhost modules (BSD-2-Clause) which collect them.
 */
import type { ReasonName } from '../names.js';

export interface RhostRule {
  reason: ReasonName;
  /** lower-case substrings of the diagnostic; any one matches */
  text: string[];
  /** the status code must start with one of these (e.g. "5.7.", "4.7.650") */
  status?: string[];
  /** the reply code must be one of these */
  reply?: string[];
}

export interface RhostTable {
  name: string;
  /** matched against the remote MTA, then the reporting MTA (lower case) */
  hosts: RegExp;
  /**
   * A mark the provider's servers leave in their own replies (Gmail's "gsmtp", the server
   * names of Microsoft 365 and Yahoo): the table also applies when no host name matched, as
   * when the notice names the remote by address only, or a relay quotes the provider's reply.
   */
  signature?: RegExp;
  /** documentation the rules come from */
  src: string;
  /** provider codes in the text: the first capture group is looked up in `codes` */
  code?: { re: RegExp; codes: Record<string, ReasonName | ''>; ranges?: Array<[number, number, ReasonName]> };
  rules?: RhostRule[];
}

export interface RhostInput {
  status: string;
  replycode: string;
  /** normalised (lower case, blanks collapsed) diagnostic */
  text: string;
  /** raw diagnostic (codes are case-sensitive for some providers) */
  raw: string;
  command: string;
}

export function matchRhost(t: RhostTable, r: RhostInput): { reason: ReasonName; why: string } | undefined {
  if (t.code) {
    const m = t.code.re.exec(r.raw);
    if (m) {
      const key = m[1] ?? '';
      let reason = t.code.codes[key];
      if (reason === undefined && t.code.ranges) {
        const n = Number(key.replace(/\D/g, ''));
        reason = t.code.ranges.find(([a, b]) => n >= a && n <= b)?.[2];
      }
      if (reason) return { reason, why: `code ${key}` };
    }
  }
  for (const rule of t.rules ?? []) {
    if (rule.status && !rule.status.some((s) => r.status.startsWith(s))) continue;
    if (rule.reply && !rule.reply.includes(r.replycode)) continue;
    const hit = rule.text.find((x) => r.text.includes(x));
    if (hit !== undefined) return { reason: rule.reason, why: `"${hit}"${rule.status ? ` with status ${r.status}` : ''}` };
  }
  return undefined;
}
