/**
 * @module test/interop/helpers/smtp-fakes
 * In-process peers for the SMTP fault tests, all on 127.0.0.1 and free ports:
 * smtp-server with hooks (replies as real servers word them), raw node:net servers that
 * misbehave byte by byte (silence, garbage, endless or huge replies, hang-ups), a node:tls
 * server, a TLS 1.0-only server, a listener that never accepts (SYN drop), and a DNS server
 * (dns-packet over UDP) that answers NXDOMAIN or SERVFAIL.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import dnsPacket from 'dns-packet';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { listenTracked, type Listening } from '../../helpers/raw-server.js';

/** A peer's port and its close() (see listenTracked). */
export type Peer = Listening;

/** An smtp-server instance (no logging) on a free port. */
export async function startSmtpServer(options: SMTPServerOptions): Promise<Peer & { server: SMTPServer }> {
  const server = new SMTPServer({ logger: false, disableReverseLookup: true, ...options });
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.server.address();
      if (!a || typeof a === 'string') return reject(new Error('no address'));
      resolve(a.port);
    });
  });
  return { port, server, close: () => new Promise((r) => server.close(() => r())) };
}

/** An error that smtp-server turns into the given reply. */
export function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A raw TCP server; `onConnection` scripts the server's side on the socket itself (event by
 * event). For a script that reads line by line, see test/helpers/raw-server's startRawServer.
 */
export async function startSocketServer(onConnection: (socket: net.Socket) => void): Promise<Peer> {
  return listenTracked(
    net.createServer((s) => {
      s.on('error', () => undefined);
      onConnection(s);
    }),
  );
}

/**
 * A scripted SMTP server: sends `greeting`, then answers each command line with the reply
 * returned by `answer` (a string sent as-is, or null to stay silent, or 'close').
 */
export async function startScriptedSmtp(
  greeting: string | { text: string; afterMs: number } | null,
  /** the reply to send, null to stay silent, or 'close' to hang up */
  answer: (line: string, socket: net.Socket) => string | null,
): Promise<Peer> {
  return startSocketServer((s) => {
    if (typeof greeting === 'string') s.write(greeting);
    else if (greeting) {
      const t = setTimeout(() => s.writable && s.write(greeting.text), greeting.afterMs);
      s.on('close', () => clearTimeout(t));
    }
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        const a = answer(line, s);
        if (a === 'close') {
          s.destroy();
          return;
        }
        if (a !== null) s.write(a);
      }
    });
  });
}

/** A node:tls server (implicit TLS) that greets like SMTP once the handshake is done. */
export async function startImplicitTlsSmtp(opts: { key: string; cert: string; minVersion?: tls.SecureVersion; maxVersion?: tls.SecureVersion; ciphers?: string }): Promise<Peer> {
  const server = tls.createServer({ key: opts.key, cert: opts.cert, minVersion: opts.minVersion, maxVersion: opts.maxVersion, ciphers: opts.ciphers }, (s) => {
    s.on('error', () => undefined);
    s.write('220 tls.test.example ESMTP\r\n');
    s.on('data', (d: Buffer) => {
      const l = d.toString();
      if (/^EHLO/i.test(l)) s.write('250-tls.test.example\r\n250 AUTH PLAIN\r\n');
      else if (/^QUIT/i.test(l)) s.end('221 bye\r\n');
      else s.write('502 no\r\n');
    });
  });
  server.on('tlsClientError', () => undefined);
  return listenTracked(server);
}

export { closedPort } from '../../peers/ports.js';

/**
 * A listener whose accept queue is full, so that the kernel drops further SYNs: a connect
 * neither succeeds nor fails (a firewall drop, simulated on loopback). node always accepts,
 * so the listener lives in a child node process that is stopped (SIGSTOP) before anyone
 * connects; the queue is then filled until a connect hangs. `works` is false when the
 * platform completes handshakes anyway (the test must then inject the failure).
 */
export async function startSynDropper(): Promise<Peer & { works: boolean }> {
  const child = spawn(process.execPath, ['-e', "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>process.stdout.write(s.address().port+'\\n'))"], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', () => reject(new Error('listener child exited')));
  });
  child.kill('SIGSTOP');
  const fillers: net.Socket[] = [];
  let works = false;
  for (let i = 0; i < 16 && !works; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      fillers.push(s);
      const t = setTimeout(() => resolve(false), 400);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    if (!ok) works = true;
  }
  return {
    port,
    works,
    close: async () => {
      for (const s of fillers) s.destroy();
      child.kill('SIGKILL');
    },
  };
}

/** A UDP DNS server answering every query with the given rcode. */
export async function startDnsServer(rcode: 'NXDOMAIN' | 'SERVFAIL'): Promise<Peer> {
  const sock = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    let q: dnsPacket.Packet;
    try {
      q = dnsPacket.decode(msg);
    } catch {
      return;
    }
    const flags = (rcode === 'NXDOMAIN' ? 3 : 2) | dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE;
    const resp = dnsPacket.encode({ id: q.id, type: 'response', flags, questions: q.questions ?? [], answers: [] });
    sock.send(resp, rinfo.port, rinfo.address);
  });
  const port = await new Promise<number>((resolve) => sock.bind(0, '127.0.0.1', () => resolve(sock.address().port)));
  return { port, close: () => new Promise((r) => sock.close(() => r())) };
}
