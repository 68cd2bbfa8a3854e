import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transcript } from '../core/transcript.js';
import { DnsClient } from '../dns/client.js';
import { fetchBounded, type FetchOptions } from './http-fetch.js';

let server: http.Server;
let port = 0;

before(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/ok') {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end('<x/>');
    } else if (url === '/big') {
      res.writeHead(200);
      res.end('x'.repeat(10_000));
    } else if (url === '/silent') {
      res.writeHead(200);
      res.write('partial'); // never ends
    } else if (url.startsWith('/loop')) {
      res.writeHead(302, { Location: `/loop${url.length}` });
      res.end();
    } else if (url === '/relative') {
      res.writeHead(301, { Location: '/ok' });
      res.end();
    } else if (url === '/post') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200);
        res.end(`${req.method} ${req.headers['content-type']} ${body}`);
      });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function opts(extra: Partial<FetchOptions> = {}): FetchOptions & { t: Transcript } {
  const t = new Transcript();
  return { timeoutMs: 2000, allowHttp: true, dns: new DnsClient({ timeoutMs: 500 }), transcript: t.view('test'), t, ...extra };
}

describe('fetchBounded', () => {
  test('GET: status, body, content type, and both lines in the transcript', async () => {
    const o = opts();
    const r = await fetchBounded(`http://127.0.0.1:${port}/ok`, o);
    assert.ok(r.ok);
    assert.equal(r.status, 200);
    assert.equal(r.body, '<x/>');
    assert.equal(r.contentType, 'text/xml');
    const lines = o.t.entries.filter((e) => e.dir === 'http').map((e) => e.text);
    assert.equal(lines[0], `GET http://127.0.0.1:${port}/ok`);
    assert.match(lines[1] ?? '', /^HTTP\/1\.1 200 OK \(text\/xml\), 4 bytes/);
  });
  test('POST sends the body', async () => {
    const r = await fetchBounded(`http://127.0.0.1:${port}/post`, opts({ method: 'POST', body: '<a/>' }));
    assert.ok(r.ok);
    assert.equal(r.body, 'POST text/xml; charset=utf-8 <a/>');
  });
  test('a body over the size cap is abandoned', async () => {
    const r = await fetchBounded(`http://127.0.0.1:${port}/big`, opts({ maxBytes: 1000 }));
    assert.equal(r.ok ? 'ok' : r.failure, 'too-large');
  });
  test('a response that never ends hits the deadline', async () => {
    const r = await fetchBounded(`http://127.0.0.1:${port}/silent`, opts({ timeoutMs: 300 }));
    assert.equal(r.ok ? 'ok' : r.failure, 'timeout');
  });
  test('redirects: relative ones are followed, loops are cut', async () => {
    const rel = await fetchBounded(`http://127.0.0.1:${port}/relative`, opts());
    assert.ok(rel.ok && rel.body === '<x/>');
    const loop = await fetchBounded(`http://127.0.0.1:${port}/loop`, opts({ maxRedirects: 2 }));
    assert.equal(loop.ok ? 'ok' : loop.failure, 'redirect');
  });
  test('plain http is refused unless allowed; a redirect from http is refused too', async () => {
    const r = await fetchBounded(`http://127.0.0.1:${port}/ok`, opts({ allowHttp: false }));
    assert.equal(r.ok ? 'ok' : r.failure, 'bad-url');
  });
  test('connection refused and unknown names are classified', async () => {
    const tmp = http.createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
    const dead = (tmp.address() as AddressInfo).port;
    await new Promise<void>((r) => tmp.close(() => r()));
    const r = await fetchBounded(`http://127.0.0.1:${dead}/`, opts());
    assert.equal(r.ok ? 'ok' : r.failure, 'refused');
    // an injected resolver: no query leaves the machine
    class NoNames extends DnsClient {
      override async addresses(): Promise<{ ok: false; code: 'NXDOMAIN'; message: string }> {
        return { ok: false, code: 'NXDOMAIN', message: 'no such name' };
      }
    }
    const nx = await fetchBounded('https://name.invalid/', opts({ dns: new NoNames() }));
    assert.equal(nx.ok ? 'ok' : nx.failure, 'no-such-host');
  });
});
