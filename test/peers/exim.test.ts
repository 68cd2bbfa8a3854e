/**
 * The Exim peer itself: a message goes out through its route, and stop() leaves no process and
 * no directory behind.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIM_BINARY, startExim, startEximServer } from './exim.js';
import { processesWith, tcpAccepts } from './proc.js';
import { peerMissing, peerNeedsRoot } from './require.js';
import { startScriptedMx, type ScriptedMx } from '../interop/helpers/scripted-mx.js';

const skip = peerMissing('Exim', EXIM_BINARY) || peerNeedsRoot('Exim');

describe('Exim test peer', { skip }, () => {
  const servers: ScriptedMx[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  test('relays through its route, then stops without leftovers', async () => {
    const remote = await startScriptedMx();
    const catcher = await startScriptedMx();
    servers.push(remote, catcher);
    const exim = await startExim({ routes: { 'remote.example': remote.port }, senderPort: catcher.port });
    const conf = join(exim.dir, 'exim.conf');
    await exim.submit('alice@test.example', ['bob@remote.example'], 'From: alice@test.example\nTo: bob@remote.example\nSubject: peer test\n\nhello\n');
    for (let i = 0; i < 50 && remote.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(remote.messages.length, 1, exim.log());
    assert.match(remote.messages[0] ?? '', /^Subject: peer test$/m);
    assert.match(exim.log(), /=> bob@remote\.example R=route0 T=remote_smtp/);
    await exim.stop();
    assert.deepEqual(processesWith(conf), []);
    assert.equal(existsSync(exim.dir), false);
    await exim.stop(); // idempotent
  });

  test('the SMTP server mode answers, then stops its daemon and removes its directory', async () => {
    const server = await startEximServer();
    const conf = join(server.dir, 'exim.conf');
    assert.equal(await tcpAccepts(server.host, server.port), true);
    assert.ok(processesWith(conf).length > 0, 'the daemon runs');
    await server.stop();
    assert.deepEqual(processesWith(conf), []);
    assert.equal(await tcpAccepts(server.host, server.port), false);
    assert.equal(existsSync(server.dir), false);
  });
});
