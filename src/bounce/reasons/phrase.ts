/**
 * @module bounce/reasons/phrase
 * A phrase table: lower-case substrings or regular expressions matched against the normalised
 * diagnostic text (lower case, blanks collapsed), each with its source: the MTA or provider
 * template it comes from, or the Sisimai release whose reason module lists it (BSD-2-Clause,
 * Copyright (C) 2014 azumakuniyuki; phrases reused as data).
 */
import type { ReasonName } from './names.js';
import { LiteralMatcher } from './matcher.js';
import { squash } from '../blanks.js';

export interface Phrase {
  /** substring (lower case) or regular expression over the normalised text */
  match: string | RegExp;
  /** where the wording comes from */
  src: string;
  /** generic wording: only used when no specific phrase of any reason matches */
  weak?: boolean;
}

export interface PhraseTable {
  reason: ReasonName;
  phrases: Phrase[];
  /**
   * SMTP commands at which this reason's phrases do not apply: spam wording in reply to RCPT TO
   * is about the sender or recipient, not content; a refusal at EHLO is not a relay refusal.
   */
  notAt?: string[];
}

/** A group of phrases that share one source. */
export function from(src: string, list: Array<string | RegExp>): Phrase[] {
  return list.map((match) => ({ match, src }));
}

/** A group of generic phrases, consulted only after every specific phrase of every reason failed. */
export function weak(src: string, list: Array<string | RegExp>): Phrase[] {
  return list.map((match) => ({ match, src, weak: true }));
}

export function table(reason: ReasonName, ...groups: Phrase[][]): PhraseTable {
  return { reason, phrases: groups.flat() };
}

/** The same table, with phrases that do not apply at some SMTP commands. */
export function notAt(t: PhraseTable, commands: string[]): PhraseTable {
  return { ...t, notAt: commands };
}

/** Lower case, blanks collapsed: the form phrases are written for. */
export function normalise(text: string): string {
  return squash(text.toLowerCase());
}

/**
 * Unbounded repetitions ("[^ ]+", ".*") capped at 256 characters: a phrase never spans more,
 * and a hostile diagnostic (a long run without spaces) cannot make matching quadratic.
 */
function bounded(re: RegExp): RegExp {
  const src = re.source.replace(/\[\^ \]\+/g, '[^ ]{1,256}').replace(/\[\^ \]\*/g, '[^ ]{0,256}').replace(/\.\+/g, '.{1,256}').replace(/\.\*/g, '.{0,256}');
  return new RegExp(src, re.flags);
}

/** Literal phrases of all tables, indexed once; a text is scanned once per classification. */
const literals = new LiteralMatcher();
/** per literal id: the tiers and positions in them it fills (tier index, position) pairs */
const slots: number[][] = [];

/** The phrases of one table of one tier, in order. */
interface Tier {
  /** index in `allTiers` */
  index: number;
  list: Phrase[];
  /** positions of regular-expression phrases */
  regexPos: number[];
  screen: RegExp | null;
}
const tiers = new Map<PhraseTable, [Tier, Tier]>();
const allTiers: Tier[] = [];

function tierOf(t: PhraseTable, weakTier: boolean): Tier {
  let pair = tiers.get(t);
  if (!pair) {
    const make = (weak: boolean): Tier => {
      const list = t.phrases.filter((p) => (p.weak === true) === weak);
      const regexPos = list.map((p, i) => (typeof p.match === 'string' ? -1 : i)).filter((i) => i >= 0);
      for (const i of regexPos) list[i] = { ...list[i]!, match: bounded(list[i]!.match as RegExp) };
      const sources = regexPos.map((i) => `(?:${(list[i]!.match as RegExp).source})`);
      const tier: Tier = { index: allTiers.length, list, regexPos, screen: sources.length ? new RegExp(sources.join('|')) : null };
      allTiers.push(tier);
      return tier;
    };
    pair = [make(false), make(true)];
    tiers.set(t, pair);
  }
  return pair[weakTier ? 1 : 0];
}

/** Registers the literal phrases of the tables (called once, by reasons/index.ts). */
export function indexTables(tables: PhraseTable[]): void {
  for (const t of tables) {
    for (const weak of [false, true]) {
      const tier = tierOf(t, weak);
      tier.list.forEach((p, pos) => {
        if (typeof p.match !== 'string') return;
        const id = literals.add(p.match);
        (slots[id] ??= []).push(tier.index, pos);
      });
    }
  }
  literals.build();
}

const NONE = 0x7fffffff;
let scannedText: string | undefined;
/** per tier: position of the first literal found in the last scanned text (NONE: none) */
let firstLiteral = new Int32Array(0);
/** per tier: the answer of findPhrase for the last scanned text (undefined: not asked yet) */
let answers: Array<Phrase | null | undefined> = [];

function scan(text: string): void {
  if (text === scannedText) return;
  scannedText = text;
  if (firstLiteral.length !== allTiers.length) firstLiteral = new Int32Array(allTiers.length);
  firstLiteral.fill(NONE);
  answers = new Array<Phrase | null | undefined>(allTiers.length);
  for (const id of literals.scan(text)) {
    const s = slots[id];
    if (!s) continue;
    for (let k = 0; k < s.length; k += 2) {
      const tier = s[k]!;
      const pos = s[k + 1]!;
      if (pos < firstLiteral[tier]!) firstLiteral[tier] = pos;
    }
  }
}

/**
 * The first phrase of a table (of the given tier) found in normalised text, or undefined. The
 * answers for the last text are kept: classification asks the same table several times.
 */
export function findPhrase(t: PhraseTable, text: string, weakTier = false): Phrase | undefined {
  const tier = tierOf(t, weakTier);
  scan(text);
  const known = answers[tier.index];
  if (known !== undefined) return known ?? undefined;
  const found = firstPhrase(tier, text);
  answers[tier.index] = found ?? null;
  return found;
}

function firstPhrase(tier: Tier, text: string): Phrase | undefined {
  const lit = firstLiteral[tier.index] ?? NONE;
  // the expressions are tried only when one comes before the first literal found
  if (tier.screen && (tier.regexPos[0] ?? NONE) < lit && tier.screen.test(text)) {
    for (const i of tier.regexPos) {
      if (i > lit) break;
      if ((tier.list[i]!.match as RegExp).test(text)) return tier.list[i];
    }
  }
  return lit === NONE ? undefined : tier.list[lit];
}
