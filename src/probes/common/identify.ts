/**
 * @module probes/common/identify
 * Tells which service answers on a port, from its first bytes, and, when a server stays
 * silent, probes further: a TLS hello on a new connection (an implicit-TLS port answers it),
 * then a plain command (HTTP and other request-first services answer that). This tells an
 * implicit-TLS port, another service and a dead or tarpitting server apart.
 */
import type { TranscriptView } from '../../core/transcript.js';
import { connectTcp, startTls } from '../../net/connect.js';
import { LineSocket } from '../../net/line-socket.js';

export type ServiceName = 'smtp' | 'imap' | 'pop3' | 'managesieve' | 'ftp' | 'ssh' | 'http' | 'tls' | 'redis' | 'mysql' | 'unknown';

const LABELS: Record<ServiceName, string> = {
  smtp: 'an SMTP server',
  imap: 'an IMAP server',
  pop3: 'a POP3 server',
  managesieve: 'a ManageSieve server',
  ftp: 'an FTP server',
  ssh: 'an SSH server',
  http: 'a web (HTTP) server',
  tls: 'a TLS service',
  redis: 'a Redis server',
  mysql: 'a MySQL/MariaDB server',
  unknown: 'an unknown service',
};

export function serviceLabel(s: ServiceName): string {
  return LABELS[s];
}

/** Classifies the first bytes a server sent on its own (its greeting) or in answer to a probe. */
export function identifyBanner(data: Buffer | string): ServiceName {
  const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  if (b.length >= 3 && b[0] === 0x16 && b[1] === 0x03) return 'tls';
  if (b.length >= 2 && b[0] === 0x15 && b[1] === 0x03) return 'tls'; // TLS alert record
  const text = b.subarray(0, 512).toString('latin1');
  if (/^SSH-\d/.test(text)) return 'ssh';
  if (/^HTTP\/\d/i.test(text) || /<html/i.test(text)) return 'http';
  if (/^\* (OK|PREAUTH|BYE)\b/i.test(text)) return 'imap';
  if (/^\+OK\b/.test(text)) return 'pop3';
  if (/^-ERR\b/.test(text)) return /redis|wrong number of arguments|unknown command '/i.test(text) ? 'redis' : 'pop3';
  if (/^"IMPLEMENTATION"|^"SASL"|^"SIEVE"/i.test(text)) return 'managesieve';
  if (/^220[ -].*\bFTP\b/i.test(text) || /^220[ -].*(FileZilla|vsFTPd|ProFTPD|Pure-FTPd)/i.test(text)) return 'ftp';
  if (/^[2-5]\d\d[ -]/.test(text)) return 'smtp';
  if (b.length > 4 && b[4] === 0x0a && /mysql|mariadb/i.test(text)) return 'mysql';
  if (b.length > 5 && b[3] === 0x00 && b[4] === 0x0a) return 'mysql';
  return 'unknown';
}

export interface SilentPortVerdict {
  /** implicit-tls: the port answered a TLS hello; service: another service answered the command; silent: nothing at all */
  kind: 'implicit-tls' | 'service' | 'silent';
  service?: ServiceName;
  /** the first line the server sent, if any */
  sample?: string;
}

/**
 * Probes a port whose server sent no greeting. Opens new connections: first a TLS hello,
 * then a plain command (`command`, e.g. "EHLO maildoctor" for SMTP, or an HTTP request).
 */
export async function probeSilentPort(opts: {
  address: string;
  port: number;
  timeoutMs: number;
  transcript: TranscriptView;
  /** a harmless first command of the expected protocol */
  command: string;
  servername?: string | undefined;
}): Promise<SilentPortVerdict> {
  const t = opts.transcript;
  const budget = Math.min(opts.timeoutMs, 5000);
  t.add('note', 'the server sent no greeting: checking whether the port expects TLS first');
  const c1 = await connectTcp(opts.address, opts.port, budget, t);
  if (c1.ok) {
    const tlsOpts: { verifyName: string; servername?: string } = { verifyName: opts.servername ?? opts.address };
    if (opts.servername) tlsOpts.servername = opts.servername;
    const r = await startTls(c1.socket, tlsOpts, budget, t);
    if (r.ok) {
      r.socket.destroy();
      return { kind: 'implicit-tls', service: 'tls' };
    }
    c1.socket.destroy();
  }
  t.add('note', 'not TLS either: sending a command to see whether another service answers');
  const c2 = await connectTcp(opts.address, opts.port, budget, t);
  if (!c2.ok) return { kind: 'silent' };
  const ls = new LineSocket(c2.socket, t);
  try {
    ls.writeLine(opts.command);
    const chunk = await ls.readChunk(budget);
    if (!chunk.ok) return { kind: 'silent' };
    const text = chunk.data.subarray(0, 300).toString('latin1');
    t.add('s', text.replace(/\r?\n/g, '\\n'));
    const service = identifyBanner(chunk.data);
    const sample = text.split(/\r?\n/)[0] ?? '';
    return { kind: 'service', service, sample };
  } finally {
    ls.destroy();
  }
}
