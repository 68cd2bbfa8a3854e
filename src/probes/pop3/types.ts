/**
 * @module probes/pop3/types
 * Facts of the POP3 probe (the `facts` of a `Report<Pop3Facts>`, kind 'pop3').
 */
import type { TlsFacts } from '../../net/tls-facts.js';
import type { AttemptSummary, CommonProbeOptions, RecommendedSettings, Security } from '../common/types.js';

export type Pop3ProbeOptions = CommonProbeOptions & {
  /** ports discovery tries instead of 995/110 (tests, or a caller that found other ports) */
  discoveryPorts?: { tls: number; plain: number } | undefined;
};

export interface Pop3Facts {
  host: string;
  port: number;
  security: Exclude<Security, 'auto'>;
  address: string | null;
  greeting: { text: string; software: string | null; apop: boolean } | null;
  /** CAPA lines as sent (latest: after TLS / login); null when CAPA is not supported */
  capabilities: string[] | null;
  capabilitiesBeforeTls: string[] | null;
  capabilitiesAfterTls: string[] | null;
  capabilitiesAfterLogin: string[] | null;
  tls: TlsFacts | null;
  /** SASL mechanisms (CAPA SASL) on the connection used for login */
  saslMechanisms: string[];
  /** CAPA lists USER (USER/PASS allowed here); null when unknown */
  userCommand: boolean | null;
  /** 'USER/PASS', 'AUTH PLAIN', 'AUTH XOAUTH2', 'APOP' */
  loginMethod: string | null;
  authenticated: boolean;
  /** CAPA LOGIN-DELAY (seconds between logins) */
  loginDelaySeconds: number | null;
  /** CAPA EXPIRE: days the server keeps retrieved mail ("0": deleted once downloaded; "NEVER") */
  expire: string | null;
  /** STAT: messages and total size in the maildrop */
  mailbox: { messages: number; octets: number } | null;
  attempts: AttemptSummary[];
  settings: RecommendedSettings | null;
}
