/**
 * @module test/peers/ports
 * Free loopback ports for peers started by the tests (never fixed numbers, so test files
 * can run in parallel).
 */
import { createServer } from 'node:net';

/** Binds `port` on `host` (0: the kernel picks one) and releases it: the port, or why it could not be bound. */
function bindAndRelease(port: number, host: string): Promise<number | Error> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (e) => resolve(e));
    srv.listen(port, host, () => {
      const addr = srv.address();
      srv.close(() => resolve(addr && typeof addr !== 'string' ? addr.port : new Error('no port')));
    });
  });
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const port = await bindAndRelease(0, host);
  if (port instanceof Error) throw port;
  return port;
}

/**
 * A TCP port on `host` that nothing listens on, and that no test will start listening on:
 * taken below Linux's ephemeral range (32768-60999 by default), which is where every
 * `listen(0)` (our servers, our peers' claimed ports) and every outgoing connection gets its
 * port. A port from freePort() can be handed to another test's listener as soon as it is
 * released (seen in CI: a "closed" SRV target answered). Checked free by binding it once.
 */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindAndRelease(20_000 + Math.floor(Math.random() * 12_000), host);
    if (!(port instanceof Error)) return port;
  }
  throw new Error('closedPort: no free port found below the ephemeral range');
}
