/**
 * @module catalog
 * The one catalog of root causes. Each area keeps its causes in `causes/<area>.ts` as plain
 * data; this module merges them, refuses duplicates, and renders them with slot values.
 * Add causes freely; never rename or remove an id (it is part of the --json contract).
 */
import type { CauseDef } from './types.js';
import { compileTemplate, renderCompiled, type CompiledTemplate, type Slots } from './render.js';
import { generalCauses } from './causes/general.js';
import { networkCauses } from './causes/network.js';
import { tlsCauses } from './causes/tls.js';
import { smtpCauses } from './causes/smtp.js';
import { authCauses } from './causes/auth.js';
import { mailboxCauses } from './causes/mailbox.js';
import { dnsCauses } from './causes/dns.js';
import { domainCauses } from './causes/domain.js';
import { accountCauses } from './causes/account.js';
import { bounceCauses } from './causes/bounce.js';

export type { CauseDef, Severity, CauseArea } from './types.js';
export type { Slots } from './render.js';

const ALL: readonly CauseDef[] = [
  ...generalCauses,
  ...networkCauses,
  ...tlsCauses,
  ...smtpCauses,
  ...authCauses,
  ...mailboxCauses,
  ...dnsCauses,
  ...domainCauses,
  ...accountCauses,
  ...bounceCauses,
];

const BY_ID = new Map<string, CauseDef>();
for (const c of ALL) {
  if (BY_ID.has(c.id)) throw new Error(`catalog: duplicate cause id ${c.id}`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.id)) throw new Error(`catalog: bad cause id ${c.id}`);
  BY_ID.set(c.id, c);
}

export function allCauses(): readonly CauseDef[] {
  return ALL;
}

export function hasCause(id: string): boolean {
  return BY_ID.has(id);
}

/** Returns a cause; throws for an unknown id (that is a bug in the caller). */
export function getCause(id: string): CauseDef {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`catalog: unknown cause id "${id}"`);
  return c;
}

export interface RenderedCause {
  id: string;
  title: string;
  explanation: string;
  remedies: string[];
}

/** The templates of each cause rendered so far, compiled once (bounce analysis renders one per record). */
const COMPILED = new Map<string, { title: CompiledTemplate; explanation: CompiledTemplate; remedies: CompiledTemplate[] }>();

export function renderCause(id: string, slots: Slots = {}): RenderedCause {
  let t = COMPILED.get(id);
  if (!t) {
    const c = getCause(id);
    t = { title: compileTemplate(c.title), explanation: compileTemplate(c.explanation), remedies: c.remedies.map(compileTemplate) };
    COMPILED.set(id, t);
  }
  const remedies: string[] = [];
  for (const r of t.remedies) remedies.push(renderCompiled(r, slots));
  return { id, title: renderCompiled(t.title, slots), explanation: renderCompiled(t.explanation, slots), remedies };
}
