/**
 * @module catalog/types
 * The shape of a root cause. Causes are data: one catalog, rendered the same way by the CLI,
 * the JSON output, the HTTP API and the web UI.
 */

export type Severity = 'info' | 'warning' | 'error' | 'critical';

export type CauseArea =
  | 'general'
  | 'network'
  | 'dns'
  | 'tls'
  | 'smtp'
  | 'auth'
  | 'imap'
  | 'pop3'
  | 'account'
  | 'domain'
  | 'bounce';

/**
 * A root cause. Text fields are templates: `{slot}` is replaced by a value the finding
 * carries, `{slot|fallback}` uses the fallback when the finding has no such value.
 */
export interface CauseDef {
  /** stable kebab-case id; part of the --json contract: never rename one */
  id: string;
  area: CauseArea;
  /** default severity of a finding with this cause */
  severity: Severity;
  /** one line: what is wrong */
  title: string;
  /** why it happens, in plain words */
  explanation: string;
  /** ordered actions a person can take */
  remedies: string[];
  /** true when trying again later may succeed on its own (4xx-like) */
  temporary?: boolean;
  /** RFCs and vendor documents that define or describe the failure */
  references?: string[];
}
