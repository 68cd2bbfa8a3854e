/**
 * @module maildoctor
 * Library entry point: the diagnostic model (report, finding, transcript), the cause catalog,
 * and the probes and analyses behind each CLI command.
 */
export * from './core/report.js';
export * from './core/finding.js';
export * from './core/transcript.js';
export * from './core/stage.js';
export { Redactor, REDACTED } from './core/redact.js';
export { UsageError, InputError, EXIT } from './core/errors.js';
export { VERSION } from './core/version.js';
export { allCauses, getCause, hasCause, renderCause } from './catalog/index.js';
export type { CauseDef, CauseArea, RenderedCause } from './catalog/index.js';
export { probeSmtp } from './probes/smtp/index.js';
export type { SmtpFacts, SmtpProbeOptions, SmtpMode, RecipientResult, SmtpCapabilities } from './probes/smtp/index.js';
export { analyzeBounce, REASONS as BOUNCE_REASONS, type BounceRecord, type ReasonName as BounceReason } from './bounce/index.js';
export { probeImap } from './probes/imap/index.js';
export type { ImapFacts, ImapProbeOptions, FolderInfo, FolderRole } from './probes/imap/index.js';
export { probePop3 } from './probes/pop3/index.js';
export type { Pop3Facts, Pop3ProbeOptions } from './probes/pop3/index.js';
export type { CommonProbeOptions, Security, AttemptSummary, RecommendedSettings } from './probes/common/types.js';
export { checkAccount } from './account/check.js';
export type { AccountCheckOptions } from './account/check.js';
export { checkDomain } from './domain/check-domain.js';
export type { DomainFacts, DomainCheckOptions, DomainCheckDeps } from './domain/check-domain.js';
export { DnsClient } from './dns/client.js';
export type { DnsClientOptions, DnsResult, DnsRecordType } from './dns/client.js';
export type { AccountFacts } from './account/facts.js';
