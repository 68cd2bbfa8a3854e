/**
 * @module probes/smtp/types
 * Options and facts of the SMTP probe. The facts are part of the documented --json report
 * (docs/smtp.md).
 */
import type { Stage } from '../../core/stage.js';
import type { TlsFacts } from '../../net/tls-facts.js';
import type { AttemptSummary, CommonProbeOptions, RecommendedSettings } from '../common/types.js';
import type { SmtpCapabilities } from './capabilities.js';

/** submission: a mail client sending through its server (AUTH); mx: a mail server delivering to a domain's MX (port 25, no AUTH). */
export type SmtpMode = 'submission' | 'mx';

export type SmtpProbeOptions = CommonProbeOptions & {
  mode?: SmtpMode;
  /** envelope sender (MAIL FROM); default: --user when it is an address, else the null sender */
  from?: string | undefined;
  /** envelope recipients (RCPT TO) */
  to?: string[] | undefined;
  /** send a message (DATA) after RCPT TO */
  send?: boolean | undefined;
  /** the message to send instead of the test message (RFC 5322 bytes) */
  data?: Buffer | undefined;
  /** EHLO name; default: this machine's FQDN, else the address literal of the local end */
  ehloName?: string | undefined;
  /** ports tried by discovery (security auto, no port); default submission 587, smtps 465, smtp 25 */
  discoveryPorts?: { submission: number; smtps: number; smtp: number } | undefined;
};

/** How one attempt secures the connection: implicit TLS, required STARTTLS, plain text, or STARTTLS when offered. */
export type PlanSecurity = 'tls' | 'starttls' | 'none' | 'opportunistic';

export interface AttemptPlan {
  port: number;
  security: PlanSecurity;
}

export interface RecipientResult {
  address: string;
  accepted: boolean;
  reply: string;
  /** cause id when refused */
  cause?: string;
}

export interface SmtpFacts {
  mode: SmtpMode;
  host: string;
  /** port of the deciding attempt */
  port: number | null;
  /** security actually used by the deciding attempt */
  security: 'tls' | 'starttls' | 'none' | null;
  /** IP address connected to */
  address: string | null;
  /** the 220 greeting, lines joined with "\n" */
  banner: string | null;
  ehloName: string | null;
  /** EHLO reply before TLS (null with implicit TLS or when not reached) */
  ehloBeforeTls: SmtpCapabilities | null;
  /** EHLO reply on the encrypted connection (null without TLS) */
  ehloAfterTls: SmtpCapabilities | null;
  /** SIZE limit in bytes from the last EHLO (0 = no limit, null = not advertised) */
  sizeLimit: number | null;
  /** SASL mechanisms offered on the connection used for AUTH */
  authMechanisms: string[];
  tls: TlsFacts | null;
  authenticated: boolean;
  authMechanism: string | null;
  mailFrom: string | null;
  recipients: RecipientResult[];
  /** size in bytes of the message sent (with --send) */
  messageBytes: number | null;
  messageId: string | null;
  /** queue id from the 250 reply after DATA (Postfix "queued as X", Exim "id=X", ...) */
  queueId: string | null;
  /** milliseconds spent in each stage of the deciding attempt */
  timings: Partial<Record<Stage, number>>;
  /** every port/security tried (several with --security auto and no port) */
  attempts: AttemptSummary[];
  /** what to configure; null when nothing worked far enough to recommend */
  settings: RecommendedSettings | null;
}
