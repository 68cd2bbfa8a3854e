/**
 * @module probes/imap/types
 * Options and facts of the IMAP probe (the `facts` of a `Report<ImapFacts>`, kind 'imap').
 */
import type { TlsFacts } from '../../net/tls-facts.js';
import type { AttemptSummary, CommonProbeOptions, RecommendedSettings, Security } from '../common/types.js';
import type { FolderInfo } from './folders.js';

export type ImapProbeOptions = CommonProbeOptions & {
  /** also report message counts of every folder (STATUS MESSAGES UNSEEN) */
  folders?: boolean | undefined;
  /** ports discovery tries instead of 993/143 (tests, or a caller that found other ports) */
  discoveryPorts?: { tls: number; plain: number } | undefined;
};

export interface ImapInboxFacts {
  /** messages in INBOX (EXISTS) */
  exists: number | null;
  recent: number | null;
  /** unseen messages (a count, from STATUS or SEARCH; not the [UNSEEN n] sequence number) */
  unseen: number | null;
  unseenSource: 'STATUS' | 'ESEARCH' | 'SEARCH' | null;
  uidValidity: number | null;
  uidNext: number | null;
  /** the server confirmed read-only access ([READ-ONLY] on EXAMINE) */
  readOnly: boolean;
}

export interface ImapFacts {
  host: string;
  port: number;
  security: Exclude<Security, 'auto'>;
  /** address connected to */
  address: string | null;
  greeting: { status: 'OK' | 'PREAUTH' | 'BYE'; text: string; software: string | null } | null;
  /** latest capability list (after TLS and login when they happened) */
  capabilities: string[];
  capabilitiesBeforeTls: string[] | null;
  capabilitiesAfterTls: string[] | null;
  capabilitiesAfterLogin: string[] | null;
  tls: TlsFacts | null;
  /** SASL mechanisms offered (AUTH=...) on the connection used for login */
  authMechanisms: string[];
  loginDisabled: boolean;
  /** 'LOGIN', 'AUTHENTICATE PLAIN', 'AUTHENTICATE XOAUTH2', 'PREAUTH' */
  loginMethod: string | null;
  authenticated: boolean;
  /** [ALERT] texts the server sent (must be shown to the user, RFC 9051 7.1) */
  alerts: string[];
  /** 'LIST "" "*" RETURN (SPECIAL-USE)', 'XLIST "" "*"' or 'LIST "" "*"' */
  listCommand: string | null;
  folders: FolderInfo[] | null;
  inbox: ImapInboxFacts | null;
  /** settings tried (discovery), in order */
  attempts: AttemptSummary[];
  /** what to configure, when a setting works */
  settings: RecommendedSettings | null;
}
