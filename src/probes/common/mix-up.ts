/**
 * @module probes/common/mix-up
 * The classic TLS mix-ups, and the other way to try after one (with --security auto and an
 * explicit port, as a mail client's account set-up would): a silent port that answers a TLS
 * hello expects implicit TLS; a plain-text answer to a TLS hello means a STARTTLS port.
 */

/** 'tls' or 'plain' (then STARTTLS) to retry with, or null when the failure is no mix-up. */
export function mixUpRetry(cause: string | null | undefined, triedTls: boolean): 'tls' | 'plain' | null {
  if (cause === 'implicit-tls-expected' && !triedTls) return 'tls';
  if (cause === 'starttls-expected' && triedTls) return 'plain';
  return null;
}
