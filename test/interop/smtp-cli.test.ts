/**
 * `maildoctor smtp` as a user runs it (bin/maildoctor.js and the built bundle): exit codes
 * 0/1/2, the --json verdict fields, the human output, and passwords from MAILDOCTOR_PASSWORD /
 * --password-file / argv never printed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../peers/ca.js';
import { assertBuiltCli, BIN, ROOT } from '../helpers/built-cli.js';
import { smtpError, startSmtpServer, type Peer } from './helpers/smtp-fakes.js';

const PASSWORD = 'Cli-Secr3t-pw';
const USER = 'alice@test.example';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, MAILDOCTOR_PASSWORD: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function assertNoSecret(r: Run, secret = PASSWORD): void {
  const b64 = Buffer.from(secret).toString('base64');
  for (const [where, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    assert.ok(!text.includes(secret), `${where} shows the password`);
    assert.ok(!text.includes(b64.replace(/=+$/, '')), `${where} shows the base64 password`);
  }
}

describe('maildoctor smtp (CLI)', () => {
  let pki: TestPki;
  let peer: Peer;
  let dir: string;
  let target: string;
  before(async () => {
    assertBuiltCli();
    pki = await createTestPki();
    dir = mkdtempSync(join(tmpdir(), 'maildoctor-cli-'));
    peer = await startSmtpServer({
      key: pki.certs.valid.keyPem,
      cert: pki.certs.valid.certPem,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (a, _s, cb) => (a.password === PASSWORD ? cb(null, { user: a.username }) : cb(smtpError(535, '5.7.8 Error: authentication failed'))),
      onData: (stream, _s, cb) => {
        stream.resume();
        stream.on('end', () => cb(null, 'Ok: queued as CLI42'));
      },
    });
    target = `127.0.0.1:${peer.port}`;
  });
  after(async () => {
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const common = () => ['--security', 'starttls', '--ca', pki.caFile, '--timeout', '5s'];

  test('healthy: exit 0, --json verdict, password from MAILDOCTOR_PASSWORD not shown', async () => {
    const r = await run(['smtp', target, ...common(), '--user', USER, '--from', USER, '--to', 'bob@test.example', '--send', '--json', '-v'], { MAILDOCTOR_PASSWORD: PASSWORD });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { ok: boolean; stage: string | null; cause: string | null; facts: { queueId: string } };
    assert.deepEqual([j.ok, j.stage, j.cause], [true, null, null]);
    assert.equal(j.facts.queueId, 'CLI42');
    assertNoSecret(r);
  });

  test('healthy text output: verdict line, settings summary, transcript with -v', async () => {
    const r = await run(['smtp', target, ...common(), '--user', USER, '-v'], { MAILDOCTOR_PASSWORD: PASSWORD });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^OK +maildoctor smtp /);
    assert.match(r.stdout, new RegExp(`Use: host 127\\.0\\.0\\.1, port ${peer.port}, security STARTTLS, auth PLAIN`));
    assert.match(r.stdout, /C: +AUTH PLAIN <redacted>/);
    assertNoSecret(r);
  });

  test('wrong password from --password-file: exit 1, stage auth, cause auth-bad-credentials', async () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'Wrong-Secr3t\n');
    const r = await run(['smtp', target, ...common(), '--user', USER, '--password-file', file, '--json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout) as { ok: boolean; stage: string; cause: string };
    assert.deepEqual([j.ok, j.stage, j.cause], [false, 'auth', 'auth-bad-credentials']);
    assertNoSecret(r, 'Wrong-Secr3t');
    const text = await run(['smtp', target, ...common(), '--user', USER, '--password-file', file, '-v', '--auth-type', 'LOGIN']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^PROBLEM maildoctor smtp .*failed at auth: auth-bad-credentials/);
    assert.match(text.stdout, /What to do:/);
    assertNoSecret(text, 'Wrong-Secr3t');
  });

  test('password on argv: works, warns on stderr, never echoed', async () => {
    const r = await run(['smtp', target, ...common(), '--user', USER, '--password', PASSWORD, '-v']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: a password on the command line/);
    assertNoSecret(r);
  });

  const usage: [string, string[], RegExp][] = [
    ['--send without --to', ['--send', '--from', USER], /--send needs/],
    ['unreadable --data', ['--send', '--from', USER, '--to', 'b@test.example', '--data', '/nonexistent/msg.eml'], /cannot read --data/],
    ['bad port', [], /port/],
    ['unknown security', ['--security', 'ssl'], /ssl/],
    ['--user without any password source (no TTY)', ['--user', USER], /no password/],
    ['unknown --auth-type', ['--auth-type', 'NTLM'], /NTLM/],
  ];
  for (const [name, extra, msg] of usage) {
    test(`usage error, exit 2: ${name}`, async () => {
      const t = name === 'bad port' ? '127.0.0.1:99999' : target;
      const r = await run(['smtp', t, '--timeout', '2s', ...extra]);
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, msg);
    });
  }

  test('--help lists the options', async () => {
    const r = await run(['smtp', '--help']);
    assert.equal(r.code, 0);
    for (const o of ['--security', '--auth-type', '--from', '--to', '--send', '--data', '--ehlo', '--mode', '--tls-name', '--dns', '--password-file']) assert.ok(r.stdout.includes(o), o);
  });

  test('top-level usage: --help and --version exit 0; no command, an unknown command or option exit 2', async () => {
    assert.equal((await run(['--help'])).code, 0);
    assert.match((await run(['--version'])).stdout, /^\d+\.\d+\.\d+/);
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage: maildoctor/);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['smtp', target, '--no-such-option'])).code, 2);
    assert.equal((await run(['smtp'])).code, 2);
  });

  // prints the built-in modules the process loaded, on stderr, when it exits
  const listBuiltins = [
    '--import',
    `data:text/javascript,${encodeURIComponent("process.on('exit',()=>process.stderr.write('\\nBUILTINS '+process.moduleLoadList.filter(m=>m.startsWith('NativeModule ')).map(m=>m.slice(13)).join(' ')))")}`,
  ];
  const parseBuiltins = (stderr: string): Set<string> => {
    const loaded = new Set((/BUILTINS (.*)/.exec(stderr)?.[1] ?? '').split(' '));
    assert.ok(loaded.size > 10, `module list not captured: ${stderr}`);
    return loaded;
  };
  // what maildoctor loaded beyond an empty ES module on the same node (node 20's own ESM
  // loader uses fs/promises, for instance)
  let baseline: Set<string> | undefined;
  const builtinsOf = async (r: Run): Promise<Set<string>> => {
    if (!baseline) {
      const empty = join(dir, 'empty.mjs');
      writeFileSync(empty, '');
      const b = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [...listBuiltins, empty], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', () => resolve(err));
      });
      baseline = parseBuiltins(b);
    }
    const base = baseline;
    return new Set([...parseBuiltins(r.stderr)].filter((m) => !base.has(m)));
  };

  test('start-up loads only what the command needs', async () => {
    // each command's implementation is a chunk loaded on use: --version and smtp --help must
    // not pay for TLS, DNS or crypto (a regression here costs every run tens of ms)
    for (const args of [['--version'], ['smtp', '--help'], ['causes', 'auth-bad-credentials']]) {
      const r = await run(args, {}, listBuiltins);
      assert.equal(r.code, 0, r.stderr);
      const loaded = await builtinsOf(r);
      for (const heavy of ['tls', '_tls_wrap', 'dns/promises', 'dgram', 'crypto', 'child_process', 'http', 'https', 'perf_hooks', 'internal/fs/promises', 'internal/readline/interface']) {
        assert.ok(!loaded.has(heavy), `maildoctor ${args.join(' ')} loaded node:${heavy}`);
      }
    }
  });

  test('smtp --json to an address loads neither WebCrypto, perf_hooks, DNS nor fs/promises (each costs milliseconds per run)', async () => {
    const r = await run(['smtp', target, ...common(), '--json'], {}, listBuiltins);
    assert.equal(r.code, 0, r.stderr);
    const loaded = await builtinsOf(r);
    assert.ok(loaded.has('tls'), 'the probe did not load node:tls: the module list is wrong');
    for (const heavy of ['internal/crypto/webcrypto', 'perf_hooks', 'child_process', 'dns/promises', 'internal/fs/promises']) assert.ok(!loaded.has(heavy), `smtp loaded node:${heavy}`);
  });
});
