/**
 * @module test/helpers/raw-server
 * In-process raw TCP (or implicit-TLS) servers on a free loopback port, for byte-exact
 * misbehaviour real servers cannot be made to produce: garbage, hang-ups, odd wording.
 * Each connection runs a scripted async handler with a line reader.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface RawConn {
  socket: net.Socket;
  /** writes text as is (add \r\n yourself, or use line()) */
  write(text: string | Buffer): void;
  /** writes each line + CRLF */
  line(...lines: string[]): void;
  /** next line from the client (without CRLF), or null when it closed or after the wait */
  readLine(timeoutMs?: number): Promise<string | null>;
  end(): void;
}

export interface RawServer {
  port: number;
  host: string;
  /** every line any client sent, in order */
  received: string[];
  connections: number;
  close(): Promise<void>;
}

/** A listening server's loopback port, and a close() that also drops the connections still open. */
export interface Listening {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens on a port the kernel picks on 127.0.0.1 (never a port found free and bound later:
 * another test's listener could take it in between) and tracks the server's connections, so
 * that close() ends them instead of waiting for the client. Every in-process test server
 * starts through this.
 */
export async function listenTracked(server: net.Server): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  // 'connection' is emitted for TLS servers too (with the raw socket, before the handshake)
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('listenTracked: no address');
  return {
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function startRawServer(handler: (c: RawConn) => Promise<void> | void, opts: { tls?: { key: string; cert: string } } = {}): Promise<RawServer> {
  const received: string[] = [];
  const state = { connections: 0 };
  const onConn = (socket: net.Socket) => {
    state.connections++;
    socket.on('error', () => undefined);
    let buf = '';
    let closed = false;
    let wake: (() => void) | null = null;
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      wake?.();
    });
    socket.on('close', () => {
      closed = true;
      wake?.();
    });
    const conn: RawConn = {
      socket,
      write: (t) => {
        if (!socket.destroyed) socket.write(t);
      },
      line: (...lines) => {
        if (!socket.destroyed) socket.write(lines.map((l) => `${l}\r\n`).join(''));
      },
      readLine: async (timeoutMs = 5000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const i = buf.indexOf('\n');
          if (i >= 0) {
            const l = buf.slice(0, i).replace(/\r$/, '');
            buf = buf.slice(i + 1);
            received.push(l);
            return l;
          }
          if (closed || Date.now() >= deadline) return null;
          await new Promise<void>((r) => {
            const t = setTimeout(r, Math.max(1, deadline - Date.now()));
            wake = () => {
              clearTimeout(t);
              wake = null;
              r();
            };
          });
        }
      },
      end: () => socket.end(),
    };
    Promise.resolve(handler(conn)).catch(() => socket.destroy());
  };
  const server = opts.tls ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onConn) : net.createServer(onConn);
  const listening = await listenTracked(server);
  return {
    port: listening.port,
    host: '127.0.0.1',
    received,
    get connections() {
      return state.connections;
    },
    close: () => listening.close(),
  };
}

export { closedPort } from '../peers/ports.js';
