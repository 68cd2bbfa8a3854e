/**
 * @module account/facts
 * The `facts` of an account report (the --json contract, documented in docs/account.md).
 */
import type { Report } from '../core/report.js';
import type { MailProtocol, ServerSecurity, SourceKind, SourceResult } from './types.js';
import type { SrvReachability } from './srv-check.js';

/** A setting as shown in the report, with where it came from. */
export interface SettingRef {
  protocol: MailProtocol;
  host: string;
  port: number | null;
  security: ServerSecurity;
  username?: string;
  /** 'client' for --imap-host/--pop3-host/--smtp-host */
  source: SourceKind | 'client';
  origin: string;
  guess: boolean;
}

/** One probe run on a setting. */
export interface ProbeOutcome {
  role: 'incoming' | 'outgoing';
  protocol: MailProtocol;
  /** published (or guessed) by the domain, or what the client is configured with */
  origin: 'published' | 'client';
  setting: SettingRef;
  ok: boolean;
  stage: string | null;
  cause: string | null;
  summary: string;
  /** false when no password was given (connection and TLS only) */
  loginTested: boolean;
  /** port/security that worked (from the probe's recommended settings) */
  working?: { port: number; security: ServerSecurity };
  /** seq range of the account transcript this probe wrote */
  transcriptSeq: [number, number] | null;
  /** the probe's full report, with `transcript: []` (see transcriptSeq) */
  report: Report<Record<string, unknown>> | null;
}

export interface ClientComparison {
  protocol: MailProtocol;
  client: { host: string; port: number | null };
  /** the preferred published setting, null when nothing is published for the protocol */
  published: SettingRef | null;
  /** null when nothing is published to compare with */
  matches: boolean | null;
  /** both names resolve to a common address */
  sameAddresses?: boolean;
  clientOk?: boolean;
  publishedOk?: boolean;
}

export interface RoleSummary {
  role: 'incoming' | 'outgoing';
  status: 'works' | 'fails' | 'not-tested' | 'not-found';
  /** what to configure (port/security filled from the probe for guesses) */
  setting: SettingRef | null;
  detail: string;
}

export interface AccountFacts {
  address: string;
  domain: string;
  /** every source consulted, in order, with its status and the servers it named */
  sources: SourceResult[];
  /** lowest-preference MX host (looked up only when guessing) */
  mxHost: string | null;
  /** TCP reachability of every SRV target */
  srvTargets: SrvReachability[];
  /** the settings tested */
  chosen: { incoming: SettingRef | null; outgoing: SettingRef | null };
  incoming: ProbeOutcome | null;
  outgoing: ProbeOutcome | null;
  /** other probes: published POP3/IMAP for a client comparison, the client's own servers */
  otherProbes: ProbeOutcome[];
  client: ClientComparison[];
  summary: { incoming: RoleSummary; outgoing: RoleSummary; changes: string[] };
}
