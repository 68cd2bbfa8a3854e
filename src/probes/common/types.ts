/**
 * @module probes/common/types
 * Options shared by the protocol probes (SMTP, IMAP, POP3, ManageSieve).
 */
import type { Transcript } from '../../core/transcript.js';
import type { DnsClient } from '../../dns/client.js';

/** auto: try what a mail client's account set-up would; starttls; tls: implicit TLS; none: plain text. */
export type Security = 'auto' | 'starttls' | 'tls' | 'none';

export interface CommonProbeOptions {
  host: string;
  /** omitted with security auto: the standard ports are tried */
  port?: number | undefined;
  security: Security;
  user?: string | undefined;
  /** password, or the OAuth2 access token for XOAUTH2 */
  password?: string | undefined;
  /** force a SASL mechanism (PLAIN, LOGIN, XOAUTH2, ...) */
  authType?: string | undefined;
  /** allow sending credentials without TLS (a warning finding is added) */
  allowPlaintextAuth?: boolean | undefined;
  /** time limit of each step */
  timeoutMs: number;
  /** extra trusted CA certificate(s), PEM */
  ca?: string | undefined;
  /** name to verify the certificate against and send as SNI */
  tlsName?: string | undefined;
  /** DNS client (with --dns); default: the system resolver */
  dns?: DnsClient | undefined;
  /** write into this transcript (several probes can share one); default: a new one */
  transcript?: Transcript | undefined;
}

/** A setting that was tried during discovery, and how it went. */
export interface AttemptSummary {
  port: number;
  security: Exclude<Security, 'auto'>;
  ok: boolean;
  /** furthest stage reached, or the failing one */
  stage: string | null;
  cause: string | null;
  summary: string;
}

/** What the user should configure. */
export interface RecommendedSettings {
  host: string;
  port: number;
  security: Exclude<Security, 'auto'>;
  authMechanisms: string[];
}
