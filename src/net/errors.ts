/**
 * @module net/errors
 * Maps low-level socket and TLS errors to catalog cause ids (the nodemailer errors.js idea,
 * one table). ECONNREFUSED is connection-refused; a connect that times out is
 * connection-timeout (likely a firewall drop); an OpenSSL "wrong version number" on a
 * TLS-on-connect attempt means the server spoke plain text (a STARTTLS port).
 */

export interface NetFailure {
  /** catalog cause id */
  cause: string;
  /** what happened, for people */
  detail: string;
  /** the system or OpenSSL code, when there is one */
  code?: string;
}

const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection-refused',
  ETIMEDOUT: 'connection-timeout',
  ENETUNREACH: 'network-unreachable',
  EHOSTUNREACH: 'network-unreachable',
  EHOSTDOWN: 'network-unreachable',
  EADDRNOTAVAIL: 'network-unreachable',
  ENETDOWN: 'network-unreachable',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
  ENOTFOUND: 'dns-no-such-host',
  EAI_AGAIN: 'dns-failure',
};

/** Classifies an error raised while opening the TCP connection. */
export function classifyConnectError(err: Error): NetFailure {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const cause = CONNECT_CODES[code] ?? 'connection-lost';
  return { cause, detail: `${code || 'error'}: ${err.message}`, code };
}

/** Classifies an error raised during a TLS handshake (implicit TLS or after STARTTLS). */
export function classifyTlsError(err: Error): NetFailure {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const msg = `${code} ${err.message}`.toLowerCase();
  if (msg.includes('wrong version number') || msg.includes('wrong_version_number') || msg.includes('http request') || msg.includes('packet length too long') || msg.includes('record layer failure')) {
    return { cause: 'starttls-expected', detail: `the server did not answer with TLS (${code || err.message})`, code };
  }
  if (
    msg.includes('protocol version') ||
    msg.includes('unsupported protocol') ||
    msg.includes('unsupported_protocol') ||
    msg.includes('no protocols available') ||
    msg.includes('version too low') ||
    msg.includes('tlsv1 alert protocol version')
  ) {
    return { cause: 'tls-version-mismatch', detail: err.message, code };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { cause: 'tls-handshake-failed', detail: 'the server closed the connection during the TLS handshake', code };
  }
  return { cause: 'tls-handshake-failed', detail: err.message, code };
}
