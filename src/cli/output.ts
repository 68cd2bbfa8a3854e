/**
 * @module cli/output
 * Writes a report as JSON or as text and returns the exit code: 0 healthy, 1 problem diagnosed.
 */
import type { Report } from '../core/report.js';
import { EXIT } from '../core/errors.js';
import { renderReportText, type FactsRenderer } from './render-text.js';

export interface EmitOptions {
  json?: boolean | undefined;
  verbose?: boolean | undefined;
  /** kind-specific lines (settings summary, folder list, ...) */
  renderFacts?: FactsRenderer<never>;
  out?: NodeJS.WritableStream;
}

export function emitReport(report: Report<unknown>, opts: EmitOptions): number {
  const out = opts.out ?? process.stdout;
  if (opts.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
  else out.write(renderReportText(report, { verbose: Boolean(opts.verbose), renderFacts: opts.renderFacts as FactsRenderer<unknown> | undefined }));
  return report.ok ? EXIT.healthy : EXIT.problem;
}

/** Prints warnings (e.g. password on argv) to stderr. */
export function warn(message: string): void {
  process.stderr.write(`maildoctor: warning: ${message}\n`);
}
