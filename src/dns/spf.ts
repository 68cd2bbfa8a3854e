/**
 * @module dns/spf
 * SPF records (RFC 7208): a strict parser that reports every syntax error with the term, and
 * a lookup-tree walk that counts what a receiver counts while evaluating the record for an
 * address it does not match (the worst case, and what a forged message costs):
 *
 * - DNS-querying terms (include, a, mx, ptr, exists, redirect), recursively through includes
 *   and redirect; more than 10 is a permerror (section 4.6.4);
 * - void lookups (a query answered NXDOMAIN or with no records), more than 2 is a permerror;
 * - an mx mechanism whose name has more than 10 MX records is a permerror.
 *
 * Terms after "all" are never evaluated and a redirect next to "all" is ignored, so neither
 * counts. Names built with macros (%{i}, %{s}, ...) depend on the message and are counted
 * but not followed. The walk prefetches each record's names in parallel, then walks in
 * evaluation order so the running count shows which term crosses the limit.
 *
 * @example
 * const tree = await analyzeSpf('example.com', session);
 * tree.lookups; // 7
 * renderSpfTree(tree.root); // indented text with the running count of each lookup
 */
import { isIPv4, isIPv6 } from 'node:net';
import { isNegative, type AnyDnsResult, type DnsSession } from './session.js';

export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;
/** Stop following includes past this many lookups (the verdict is long decided). */
const WALK_LOOKUP_CAP = 40;
const WALK_DEPTH_CAP = 12;

export type SpfQualifier = '+' | '-' | '~' | '?';
export type SpfMechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfMechanism {
  kind: 'mechanism';
  raw: string;
  qualifier: SpfQualifier;
  /** true when the qualifier was written out */
  explicitQualifier: boolean;
  name: SpfMechanismName;
  /** target name (include, exists, and a/mx/ptr with ":name") or network (ip4/ip6) */
  value?: string;
  cidr4?: number;
  cidr6?: number;
  hasMacro: boolean;
}

export interface SpfModifier {
  kind: 'modifier';
  raw: string;
  name: string;
  value: string;
  hasMacro: boolean;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface SpfSyntaxError {
  term: string;
  detail: string;
}

export interface ParsedSpf {
  terms: SpfTerm[];
  errors: SpfSyntaxError[];
  /** modifiers with a mechanism's name ("include=x"): valid unknown modifiers, ignored by receivers, surely typos */
  suspicious: SpfSyntaxError[];
}

const MECHANISMS = new Set<SpfMechanismName>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const LOOKUP_MECHANISMS = new Set<SpfMechanismName>(['include', 'a', 'mx', 'ptr', 'exists']);

/** True for a TXT value that is an SPF record: "v=spf1" followed by a space or the end. */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(?: |$)/i.test(txt);
}

/**
 * Checks a macro-string (RFC 7208 section 7.1). `inExp` allows the c, r, t letters that
 * only exp= may use. Returns an error text or null.
 */
export function checkMacroString(s: string, inExp = false): string | null {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) return `invalid character ${JSON.stringify(s[i])}`;
    if (s[i] !== '%') continue;
    const next = s[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      i++;
      continue;
    }
    if (next !== '{') return 'a "%" must start a macro (%{...}, %%, %_ or %-)';
    const end = s.indexOf('}', i + 2);
    if (end < 0) return 'unterminated macro "%{"';
    const body = s.slice(i + 2, end);
    const m = /^([slodiphcrtv])(\d*)(r?)([.\-+,/_=]*)$/i.exec(body);
    if (!m) return `invalid macro "%{${body}}"`;
    const letter = (m[1] as string).toLowerCase();
    if (!inExp && 'crt'.includes(letter)) return `macro letter "${letter}" is only allowed in exp=`;
    if (m[2] && Number(m[2]) === 0) return `macro "%{${body}}" keeps zero labels`;
    i = end;
  }
  return null;
}

/**
 * Checks a domain-spec: a macro-string whose end is a top label (not all digits) or a macro.
 * Returns an error text or null.
 */
export function checkDomainSpec(spec: string): string | null {
  if (!spec) return 'missing domain';
  const macroErr = checkMacroString(spec);
  if (macroErr) return macroErr;
  if (/%\{[^}]*\}$/.test(spec)) return null; // ends with a macro-expand
  const name = spec.replace(/\.$/, '');
  if (!name.includes('.') && !spec.includes('%')) return `"${spec}" is not a fully qualified domain name`;
  const labels = name.split('.');
  const top = labels[labels.length - 1] ?? '';
  if (!/^(?=.*[a-z])[a-z0-9]+$|^[a-z0-9]+-[a-z0-9-]*[a-z0-9]$/i.test(top)) return `"${spec}" does not end with a valid top-level label`;
  if (!spec.includes('%')) {
    if (labels.some((l) => l.length === 0)) return `"${spec}" has an empty label`;
    if (labels.some((l) => l.length > 63)) return `"${spec}" has a label longer than 63 characters`;
    if (name.length > 253) return `"${spec}" is longer than 253 characters`;
  }
  return null;
}

/** Splits "name/24//64" into the part before the CIDR suffix and the suffix, ignoring "/" inside %{...}. */
function splitCidr(v: string): [string, string] {
  let depth = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '/' && depth === 0) return [v.slice(0, i), v.slice(i)];
  }
  return [v, ''];
}

function parseDualCidr(suffix: string): { cidr4?: number; cidr6?: number } | string {
  if (!suffix) return {};
  const m = /^(?:\/(0|[1-9]\d{0,1}))?(?:\/\/(0|[1-9]\d{0,2}))?$/.exec(suffix);
  if (!m || (m[1] === undefined && m[2] === undefined)) return `invalid prefix length "${suffix}"`;
  const out: { cidr4?: number; cidr6?: number } = {};
  if (m[1] !== undefined) {
    out.cidr4 = Number(m[1]);
    if (out.cidr4 > 32) return `IPv4 prefix length /${m[1]} is over 32`;
  }
  if (m[2] !== undefined) {
    out.cidr6 = Number(m[2]);
    if (out.cidr6 > 128) return `IPv6 prefix length //${m[2]} is over 128`;
  }
  return out;
}

function parseMechanism(raw: string): SpfMechanism | SpfSyntaxError {
  let rest = raw;
  let qualifier: SpfQualifier = '+';
  let explicitQualifier = false;
  if (/^[+\-~?]/.test(rest)) {
    qualifier = rest[0] as SpfQualifier;
    explicitQualifier = true;
    rest = rest.slice(1);
  }
  const nm = /^([a-z0-9]+)(.*)$/i.exec(rest);
  if (!nm) return { term: raw, detail: 'not a mechanism or modifier' };
  const name = (nm[1] as string).toLowerCase() as SpfMechanismName;
  const arg = nm[2] as string;
  if (!MECHANISMS.has(name)) return { term: raw, detail: `unknown mechanism "${nm[1]}"` };
  const base = { kind: 'mechanism' as const, raw, qualifier, explicitQualifier, name, hasMacro: arg.includes('%') };
  switch (name) {
    case 'all':
      if (arg) return { term: raw, detail: '"all" takes no argument' };
      return base;
    case 'include':
    case 'exists': {
      if (!arg.startsWith(':')) return { term: raw, detail: `"${name}" needs ":domain"` };
      const value = arg.slice(1);
      const err = checkDomainSpec(value);
      if (err) return { term: raw, detail: err };
      return { ...base, value };
    }
    case 'ptr': {
      if (!arg) return base;
      if (!arg.startsWith(':')) return { term: raw, detail: '"ptr" takes only ":domain"' };
      const value = arg.slice(1);
      const err = checkDomainSpec(value);
      if (err) return { term: raw, detail: err };
      return { ...base, value };
    }
    case 'a':
    case 'mx': {
      let spec = '';
      let suffix = arg;
      if (arg.startsWith(':')) [spec, suffix] = splitCidr(arg.slice(1));
      else if (arg && !arg.startsWith('/')) return { term: raw, detail: `unknown mechanism "${name}${arg}"` };
      if (arg.startsWith(':')) {
        const err = checkDomainSpec(spec);
        if (err) return { term: raw, detail: err };
      }
      const c = parseDualCidr(suffix);
      if (typeof c === 'string') return { term: raw, detail: c };
      const out: SpfMechanism = { ...base };
      if (spec) out.value = spec;
      if (c.cidr4 !== undefined) out.cidr4 = c.cidr4;
      if (c.cidr6 !== undefined) out.cidr6 = c.cidr6;
      return out;
    }
    case 'ip4':
    case 'ip6': {
      if (!arg.startsWith(':')) return { term: raw, detail: `"${name}" needs ":address"` };
      const v = arg.slice(1);
      const slash = v.indexOf('/');
      const addr = slash < 0 ? v : v.slice(0, slash);
      const len = slash < 0 ? undefined : v.slice(slash + 1);
      const ok = name === 'ip4' ? isIPv4(addr) : isIPv6(addr);
      if (!ok) return { term: raw, detail: `"${addr}" is not an ${name === 'ip4' ? 'IPv4' : 'IPv6'} address` };
      const out: SpfMechanism = { ...base, hasMacro: false, value: addr };
      if (len !== undefined) {
        const max = name === 'ip4' ? 32 : 128;
        if (!/^(0|[1-9]\d*)$/.test(len) || Number(len) > max) return { term: raw, detail: `invalid prefix length "/${len}"` };
        if (name === 'ip4') out.cidr4 = Number(len);
        else out.cidr6 = Number(len);
      }
      return out;
    }
  }
}

/** Parses an SPF record ("v=spf1 ..."); never throws. */
export function parseSpf(record: string): ParsedSpf {
  const out: ParsedSpf = { terms: [], errors: [], suspicious: [] };
  if (!isSpfRecord(record)) {
    out.errors.push({ term: record.slice(0, 20), detail: 'the record does not start with "v=spf1"' });
    return out;
  }
  if (/[^\x20-\x7e]/.test(record)) out.errors.push({ term: record, detail: 'the record contains characters that are not printable ASCII' });
  const seen = new Set<string>();
  for (const raw of record.slice(6).split(' ')) {
    if (!raw) continue;
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (mod) {
      const name = (mod[1] as string).toLowerCase();
      const value = mod[2] as string;
      const term: SpfModifier = { kind: 'modifier', raw, name, value, hasMacro: value.includes('%') };
      if (name === 'redirect' || name === 'exp') {
        if (seen.has(name)) out.errors.push({ term: raw, detail: `"${name}=" appears more than once` });
        seen.add(name);
        const err = checkDomainSpec(value);
        if (err) out.errors.push({ term: raw, detail: err });
      } else {
        const err = checkMacroString(value, false);
        if (err) out.errors.push({ term: raw, detail: err });
        else if (MECHANISMS.has(name as SpfMechanismName)) {
          out.suspicious.push({ term: raw, detail: `"${raw}" is an unknown modifier that receivers ignore; "${name}:${value}" was probably meant` });
        }
      }
      out.terms.push(term);
      continue;
    }
    const m = parseMechanism(raw);
    if ('kind' in m) out.terms.push(m);
    else out.errors.push(m);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Lookup tree

export type SpfNodeStatus =
  /** record found and parsed */
  | 'ok'
  /** no SPF record at this name */
  | 'none'
  /** more than one SPF record */
  | 'multiple'
  /** record has syntax errors (the valid terms are still walked) */
  | 'syntax'
  /** the TXT lookup failed (SERVFAIL, timeout...) */
  | 'dns-failure'
  /** include/redirect loop back to a record on the path */
  | 'loop'
  /** not followed: the name uses macros, or the walk was cut off after the limit */
  | 'not-followed';

export interface SpfTermNode {
  term: string;
  /** running count of DNS-querying terms when this one is evaluated (1-based), if it queries */
  lookup?: number;
  /** running count of void lookups, if this term's lookup found nothing */
  void?: number;
  note?: string;
  child?: SpfNode;
}

export interface SpfNode {
  domain: string;
  /** how this record was reached: null for the domain's own record, else "include:x" / "redirect=x" */
  via: string | null;
  status: SpfNodeStatus;
  record?: string;
  /** all SPF records found (more than one when status is "multiple") */
  records?: string[];
  detail?: string;
  terms: SpfTermNode[];
  /** lookups made by this record's own terms */
  ownLookups: number;
  /** lookups of this record and everything below it */
  totalLookups: number;
  /** qualifier of this record's "all", if any */
  all?: SpfQualifier;
  parsed?: ParsedSpf;
  /** the TXT answer read for this node */
  txt?: AnyDnsResult;
}

export interface SpfProblem {
  kind:
    | 'missing'
    | 'multiple'
    | 'syntax'
    | 'include-missing'
    | 'loop'
    | 'dns-failure'
    | 'mx-too-many'
    | 'ptr'
    | 'ignored'
    | 'plus-all-include';
  node: SpfNode;
  term?: string;
  detail: string;
  /** DNS answers that prove it */
  results: AnyDnsResult[];
}

export interface SpfAnalysis {
  domain: string;
  root: SpfNode;
  /** DNS-querying terms in total (worst case) */
  lookups: number;
  voidLookups: number;
  limit: number;
  voidLimit: number;
  /** the term (with its path) whose lookup is number 11, when over the limit */
  exceededAt?: string;
  /** the void terms, with their path */
  voidTerms: string[];
  /** the effective final "all": the record's own, or the redirect target's */
  effectiveAll: SpfQualifier | null;
  /** lookup cost of each include/redirect of the domain's own record, largest first */
  costs: { term: string; lookups: number }[];
  problems: SpfProblem[];
}

interface WalkState {
  session: DnsSession;
  lookups: number;
  voids: number;
  exceededAt?: string;
  voidTerms: string[];
  problems: SpfProblem[];
}

/** Picks the SPF record(s) out of a TXT answer. */
export function spfRecordsOf(txt: AnyDnsResult): string[] {
  return txt.ok ? (txt.records as string[]).filter(isSpfRecord) : [];
}

/**
 * Walks the SPF record of `domain` and everything it includes or redirects to, counting as
 * RFC 7208 section 4.6.4 does. Never throws; DNS failures are problems of kind dns-failure.
 */
export async function analyzeSpf(domain: string, session: DnsSession): Promise<SpfAnalysis> {
  const st: WalkState = { session, lookups: 0, voids: 0, voidTerms: [], problems: [] };
  const root = await walk(st, domain, null, [], 0);
  const effectiveAll = effectiveAllOf(root);
  const costs = root.terms
    .filter((t) => t.child)
    .map((t) => ({ term: t.term, lookups: 1 + (t.child?.totalLookups ?? 0) }))
    .sort((a, b) => b.lookups - a.lookups);
  const out: SpfAnalysis = {
    domain,
    root,
    lookups: st.lookups,
    voidLookups: st.voids,
    limit: SPF_LOOKUP_LIMIT,
    voidLimit: SPF_VOID_LIMIT,
    voidTerms: st.voidTerms,
    effectiveAll,
    costs,
    problems: st.problems,
  };
  if (st.exceededAt) out.exceededAt = st.exceededAt;
  return out;
}

function effectiveAllOf(node: SpfNode): SpfQualifier | null {
  if (node.all) return node.all;
  const redirect = node.terms.find((t) => t.term.toLowerCase().startsWith('redirect=') && t.child);
  return redirect?.child ? effectiveAllOf(redirect.child) : null;
}

function pathLabel(path: string[], term: string): string {
  return [...path, term].join(' > ');
}

async function walk(st: WalkState, domain: string, via: string | null, path: string[], depth: number): Promise<SpfNode> {
  const node: SpfNode = { domain, via, status: 'ok', terms: [], ownLookups: 0, totalLookups: 0 };
  const txt = await st.session.query(domain, 'TXT');
  node.txt = txt;
  if (!txt.ok && !isNegative(txt.code)) {
    node.status = 'dns-failure';
    node.detail = `${txt.code}: ${txt.message}`;
    st.problems.push({ kind: 'dns-failure', node, detail: `TXT lookup of ${domain} failed (${txt.code})`, results: [txt] });
    return node;
  }
  const records = spfRecordsOf(txt);
  if (records.length === 0) {
    node.status = 'none';
    if (via === null) st.problems.push({ kind: 'missing', node, detail: `no SPF record at ${domain}`, results: [txt] });
    else st.problems.push({ kind: 'include-missing', node, term: via, detail: `${domain} has no SPF record`, results: [txt] });
    return node;
  }
  if (records.length > 1) {
    node.status = 'multiple';
    node.records = records;
    st.problems.push({ kind: 'multiple', node, detail: `${records.length} SPF records at ${domain}`, results: [txt] });
    return node;
  }
  const record = records[0] as string;
  node.record = record;
  node.records = records;
  const parsed = parseSpf(record);
  node.parsed = parsed;
  if (parsed.errors.length) {
    node.status = 'syntax';
    node.detail = parsed.errors.map((e) => `${e.term}: ${e.detail}`).join('; ');
    st.problems.push({ kind: 'syntax', node, term: parsed.errors[0]?.term, detail: node.detail, results: [txt] });
  }

  const mechanisms = parsed.terms.filter((t): t is SpfMechanism => t.kind === 'mechanism');
  const allIndex = mechanisms.findIndex((m) => m.name === 'all');
  const all = allIndex >= 0 ? mechanisms[allIndex] : undefined;
  if (all) node.all = all.qualifier;
  const evaluated = allIndex >= 0 ? mechanisms.slice(0, allIndex + 1) : mechanisms;
  const redirect = parsed.terms.find((t): t is SpfModifier => t.kind === 'modifier' && t.name === 'redirect');

  // receivers never get past "all", and ignore redirect= next to it
  const ignored: string[] = [];
  if (allIndex >= 0) ignored.push(...mechanisms.slice(allIndex + 1).map((m) => `"${m.raw}" after "${all?.raw}"`));
  if (all && redirect) ignored.push(`"${redirect.raw}" (ignored because the record has "${all.raw}")`);
  ignored.push(...parsed.suspicious.map((s) => s.detail));
  if (ignored.length) st.problems.push({ kind: 'ignored', node, detail: ignored.join('; '), results: [txt] });

  const ptrs = evaluated.filter((m) => m.name === 'ptr');
  if (ptrs.length) st.problems.push({ kind: 'ptr', node, term: ptrs[0]?.raw, detail: ptrs.map((p) => p.raw).join(', '), results: [txt] });

  // Prefetch every name this record will query, in parallel; the walk below reads the memo.
  const follow = [...evaluated, ...(redirect && !all ? [redirect] : [])];
  await Promise.all(
    follow.map(async (t): Promise<unknown> => {
      if (t.hasMacro) return undefined;
      if (t.kind === 'modifier') return st.session.query(t.value, 'TXT');
      const target = t.value ?? domain;
      switch (t.name) {
        case 'include':
          return st.session.query(target, 'TXT');
        case 'a':
          return st.session.addresses(target);
        case 'mx':
          return st.session.query(target, 'MX');
        case 'exists':
          return st.session.query(target, 'A');
        default:
          return undefined;
      }
    }),
  );

  const onPath = new Set([...path.map((p) => p.replace(/^(include:|redirect=)/i, '').toLowerCase()), domain.toLowerCase()]);
  const here = via ?? domain;
  const childPath = [...path, here];

  const countLookup = (tn: SpfTermNode): void => {
    st.lookups++;
    node.ownLookups++;
    tn.lookup = st.lookups;
    if (st.lookups === SPF_LOOKUP_LIMIT + 1) st.exceededAt = pathLabel(childPath, tn.term);
  };
  const countVoid = (tn: SpfTermNode, why: string): void => {
    st.voids++;
    tn.void = st.voids;
    tn.note = why;
    st.voidTerms.push(`${pathLabel(childPath, tn.term)} (${why})`);
  };

  for (const m of evaluated) {
    const tn: SpfTermNode = { term: m.raw };
    node.terms.push(tn);
    if (!LOOKUP_MECHANISMS.has(m.name)) continue;
    countLookup(tn);
    if (m.hasMacro) {
      tn.note = 'name uses macros: depends on the message, not followed';
      continue;
    }
    const target = m.value ?? domain;
    if (m.name === 'include') {
      tn.child = await followChild(st, target, `include:${target}`, childPath, onPath, depth, tn, countVoid);
      if (m.qualifier === '+' && tn.child.all === '+' && tn.child.status === 'ok') {
        st.problems.push({
          kind: 'plus-all-include',
          node: tn.child,
          term: m.raw,
          detail: `${target} ends with "+all", so "${m.raw}" matches every address`,
          results: tn.child.txt ? [tn.child.txt] : [],
        });
      }
    } else if (m.name === 'a') {
      const r = await st.session.addresses(target);
      if (!r.addresses.length) {
        if (r.code && isNegative(r.code)) countVoid(tn, `${target} has no A/AAAA records (${r.code})`);
        else st.problems.push({ kind: 'dns-failure', node, term: m.raw, detail: `address lookup of ${target} failed (${r.code})`, results: [r.a, r.aaaa] });
      }
    } else if (m.name === 'mx') {
      const r = await st.session.query(target, 'MX');
      if (!r.ok) {
        if (isNegative(r.code)) countVoid(tn, `${target} has no MX records (${r.code})`);
        else st.problems.push({ kind: 'dns-failure', node, term: m.raw, detail: `MX lookup of ${target} failed (${r.code})`, results: [r] });
      } else if (r.records.length > SPF_LOOKUP_LIMIT) {
        tn.note = `${r.records.length} MX hosts: receivers stop at 10`;
        st.problems.push({ kind: 'mx-too-many', node, term: m.raw, detail: `"${m.raw}" names ${target}, which has ${r.records.length} MX hosts; more than 10 is a permerror`, results: [r] });
      }
    } else if (m.name === 'exists') {
      const r = await st.session.query(target, 'A');
      if (!r.ok && isNegative(r.code)) countVoid(tn, `${target} has no A record (${r.code})`);
    } else if (m.name === 'ptr') {
      tn.note = 'depends on the sending address';
    }
  }
  if (redirect) {
    const tn: SpfTermNode = { term: redirect.raw };
    node.terms.push(tn);
    if (all) tn.note = 'ignored: the record has "all"';
    else {
      countLookup(tn);
      if (redirect.hasMacro) tn.note = 'name uses macros: depends on the message, not followed';
      else tn.child = await followChild(st, redirect.value, `redirect=${redirect.value}`, childPath, onPath, depth, tn, countVoid);
    }
  }
  node.totalLookups = node.ownLookups + node.terms.reduce((s, t) => s + (t.child?.totalLookups ?? 0), 0);
  return node;
}

async function followChild(
  st: WalkState,
  target: string,
  via: string,
  path: string[],
  onPath: Set<string>,
  depth: number,
  tn: SpfTermNode,
  countVoid: (tn: SpfTermNode, why: string) => void,
): Promise<SpfNode> {
  const name = target.replace(/\.$/, '');
  if (onPath.has(name.toLowerCase())) {
    const node: SpfNode = { domain: name, via, status: 'loop', terms: [], ownLookups: 0, totalLookups: 0, detail: `${name} is already being evaluated` };
    st.problems.push({ kind: 'loop', node, term: via, detail: `${[...path, via].join(' > ')} leads back to ${name}`, results: [] });
    return node;
  }
  if (st.lookups > WALK_LOOKUP_CAP || depth >= WALK_DEPTH_CAP) {
    return { domain: name, via, status: 'not-followed', terms: [], ownLookups: 0, totalLookups: 0, detail: 'not followed: the limit is long exceeded' };
  }
  const txt = await st.session.query(name, 'TXT');
  if (!txt.ok && isNegative(txt.code)) countVoid(tn, `${name} has no TXT records (${txt.code})`);
  return walk(st, name, via, path, depth + 1);
}

/** The lookup tree as indented text: each record, and each querying term with its running number. */
export function renderSpfTree(root: SpfNode, maxLines = 200): string {
  const lines: string[] = [];
  const push = (line: string): void => {
    if (lines.length < maxLines) lines.push(line);
  };
  const visit = (node: SpfNode, indent: string, num: string, voidNote = ''): void => {
    const head = `${indent}${num}${node.via ?? node.domain}${voidNote}`;
    const total = node.totalLookups ? ` [${node.totalLookups} lookup${node.totalLookups === 1 ? '' : 's'} below]` : '';
    switch (node.status) {
      case 'none':
        push(`${head}: no SPF record`);
        return;
      case 'multiple':
        push(`${head}: ${node.records?.length ?? 2} SPF records: ${(node.records ?? []).map((r) => JSON.stringify(r)).join(' | ')}`);
        return;
      case 'dns-failure':
      case 'loop':
      case 'not-followed':
        push(`${head}: ${node.detail ?? node.status}`);
        return;
      default:
        push(`${head}${total}: "${node.record ?? ''}"${node.status === 'syntax' ? `  (syntax error: ${node.detail ?? ''})` : ''}`);
    }
    for (const t of node.terms) {
      if (t.lookup === undefined && !t.note && !t.child) continue;
      const n = t.lookup !== undefined ? `#${t.lookup} ` : '';
      if (t.child) {
        visit(t.child, `${indent}  `, n, t.void !== undefined ? ` (void lookup #${t.void})` : '');
        continue;
      }
      const v = t.void !== undefined ? ` (void lookup #${t.void}: ${t.note ?? ''})` : t.note ? ` (${t.note})` : '';
      push(`${indent}  ${n}${t.term}${v}`);
    }
  };
  visit(root, '', '');
  if (lines.length >= maxLines) lines.push('…');
  return lines.join('\n');
}
