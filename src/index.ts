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
