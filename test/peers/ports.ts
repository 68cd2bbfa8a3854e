/**
 * @module test/peers/ports
 * Free loopback ports for peers started by the tests (never fixed numbers, so test files
 * can run in parallel).
 */
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      if (!addr || typeof addr === 'string') return reject(new Error('no port'));
      const port = addr.port;
      srv.close(() => resolve(port));
    });
  });
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
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.unref();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('closedPort: no free port found below the ephemeral range');
}
