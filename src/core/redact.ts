/**
 * @module core/redact
 * Redaction happens at the source: protocol code writes `<redacted>` into the transcript in
 * place of AUTH payloads, LOGIN arguments and tokens, and only the wire sees the real bytes.
 * The Redactor is a second net: every transcript line and every rendered report passes
 * through it, and any known secret (raw, or base64 of it) is replaced.
 */
export const REDACTED = '<redacted>';

export class Redactor {
  private readonly needles = new Set<string>();
  /** needles longest first, rebuilt after addSecret (apply runs on every string of a report) */
  private sorted: string[] | null = null;

  /** Registers a secret. Short secrets (under 3 chars) are still registered verbatim. */
  addSecret(secret: string | undefined | null): void {
    if (!secret) return;
    this.needles.add(secret);
    const b64 = Buffer.from(secret, 'utf8').toString('base64');
    this.needles.add(b64);
    // base64 without padding, as some SASL encoders emit it
    this.needles.add(b64.replace(/=+$/, ''));
    this.sorted = null;
  }

  get size(): number {
    return this.needles.size;
  }

  apply(text: string): string {
    if (this.needles.size === 0 || !text) return text;
    let out = text;
    // longest first, so a base64 form is not half-replaced by a shorter needle
    this.sorted ??= [...this.needles].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
    for (const n of this.sorted) {
      if (out.includes(n)) out = out.split(n).join(REDACTED);
    }
    return out;
  }
}
