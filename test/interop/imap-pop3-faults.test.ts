/**
 * Faults of IMAP and POP3 servers that Dovecot cannot easily be made to produce, played by
 * in-process raw servers on loopback: garbage, hang-ups, refusals worded like Exchange,
 * Gmail and Cyrus, impostor services, silent ports, TLS mismatches. Login scenarios run over
 * implicit TLS with the test CA, as a real client would.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestPki, type TestPki } from '../peers/ca.js';
import { closedPort, startRawServer, type RawConn, type RawServer } from '../helpers/raw-server.js';
import { probeImap } from '../../src/probes/imap/index.js';
import { probePop3 } from '../../src/probes/pop3/index.js';
import { renderImapFacts } from '../../src/probes/imap/render.js';
import { renderReportText } from '../../src/cli/render-text.js';
import type { Report } from '../../src/core/report.js';

const SECRET = 'S3cret-Pässwörd Ω "quoted"';
const TOKEN = 'ya29.a0AfH6SMBtoken-secret-value';
const WRITE_COMMANDS = /^\S+ (SELECT|STORE|EXPUNGE|APPEND|CLOSE|COPY|MOVE|DELETE|RENAME|CREATE|UID (STORE|EXPUNGE|COPY|MOVE))\b/i;

let pki: TestPki;
const servers: RawServer[] = [];

before(async () => {
  pki = await createTestPki();
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(handler: (c: RawConn) => Promise<void> | void, tlsOn = true): Promise<RawServer> {
  const s = await startRawServer(handler, tlsOn ? { tls: { key: pki.certs.valid.keyPem, cert: pki.certs.valid.certPem } } : {});
  servers.push(s);
  return s;
}

/** Every way a report can leak: JSON and text (with transcript). */
function assertNoSecret(report: Report<unknown>, ...secrets: string[]): void {
  const json = JSON.stringify(report);
  const text = renderReportText(report, { verbose: true });
  for (const s of secrets) {
    for (const needle of [s, Buffer.from(s).toString('base64')]) {
      assert.ok(!json.includes(needle), `secret in JSON: ${needle}`);
      assert.ok(!text.includes(needle), `secret in text: ${needle}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A scripted IMAP server

type ImapHandler = (tag: string, args: string, c: RawConn) => Promise<void> | void;

const IMAP_DEFAULTS: Record<string, ImapHandler> = {
  LOGIN: async (tag, args, c) => {
    // a synchronizing literal for the password: answer "+" and read it
    if (/\{\d+\}$/.test(args)) {
      c.line('+ go ahead');
      await c.readLine();
    }
    c.line(`${tag} OK [CAPABILITY IMAP4rev1 SPECIAL-USE LIST-EXTENDED] Logged in`);
  },
  AUTHENTICATE: async (tag, args, c) => {
    if (args.split(' ').length < 2) {
      c.line('+ ');
      await c.readLine();
    }
    c.line(`${tag} OK Logged in`);
  },
  LIST: (tag, _a, c) => c.line('* LIST (\\HasNoChildren) "/" INBOX', '* LIST (\\HasNoChildren \\Junk) "/" Spam', '* LIST (\\HasNoChildren) "/" {12}', 'Deleted Item', `${tag} OK List done`),
  STATUS: (tag, args, c) => {
    const name = /^"?([^"(]+)"? \(/.exec(args)?.[1] ?? 'INBOX';
    c.line(`* STATUS "${name}" (MESSAGES 2 UNSEEN 1 UIDVALIDITY 7)`, `${tag} OK done`);
  },
  EXAMINE: (tag, _a, c) => c.line('* 2 EXISTS', '* 0 RECENT', '* OK [UIDVALIDITY 7] UIDs valid', '* OK [UIDNEXT 3] next', `${tag} OK [READ-ONLY] done`),
  LOGOUT: (tag, _a, c) => c.line('* BYE bye', `${tag} OK done`),
  NOOP: (tag, _a, c) => c.line(`${tag} OK done`),
};

function imapServer(opts: { greeting?: string; caps?: string; handlers?: Record<string, ImapHandler> } = {}) {
  const caps = opts.caps ?? 'IMAP4rev1 LITERAL+ SPECIAL-USE LIST-EXTENDED';
  return async (c: RawConn) => {
    c.line(opts.greeting ?? '* OK test IMAP server ready');
    for (;;) {
      const l = await c.readLine();
      if (l === null) return;
      const m = /^(\S+) (\S+)(?: (.*))?$/.exec(l);
      if (!m) continue;
      const tag = m[1] as string;
      const cmd = (m[2] as string).toUpperCase();
      const args = m[3] ?? '';
      const h = opts.handlers?.[cmd] ?? (cmd === 'CAPABILITY' ? (t: string, _a: string, cc: RawConn) => cc.line(`* CAPABILITY ${caps}`, `${t} OK done`) : IMAP_DEFAULTS[cmd]);
      if (h) await h(tag, args, c);
      else c.line(`${tag} BAD unknown command`);
      if (cmd === 'LOGOUT') {
        c.end();
        return;
      }
    }
  };
}

function imapOpts(port: number, extra: Partial<Parameters<typeof probeImap>[0]> = {}): Parameters<typeof probeImap>[0] {
  return { host: '127.0.0.1', port, security: 'tls', ca: pki.caPem, timeoutMs: 3000, user: 'alice', password: SECRET, ...extra };
}

describe('IMAP faults', () => {
  test('a healthy scripted server: literal password, folder roles, read-only, no secret anywhere', async () => {
    const s = await serve(imapServer({ caps: 'IMAP4rev1 SPECIAL-USE LIST-EXTENDED' }));
    const r = await probeImap(imapOpts(s.port, { folders: true }));
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.facts.loginMethod, 'LOGIN');
    assert.equal(r.facts.inbox?.exists, 2);
    assert.equal(r.facts.inbox?.unseen, 1);
    assert.equal(r.facts.inbox?.readOnly, true);
    const roles = Object.fromEntries((r.facts.folders ?? []).map((f) => [f.name, [f.role, f.roleSource, f.messages]]));
    assert.deepEqual(roles, { INBOX: ['Inbox', 'name', 2], Spam: ['Junk', 'extension', 2], 'Deleted Item': [null, null, 2] });
    // the password went as a synchronizing literal (it is not plain ASCII) and only on the wire
    assert.ok(s.received.some((l) => /^a\d+ LOGIN "alice" \{\d+\}$/.test(l)));
    assert.ok(s.received.includes(SECRET) || s.received.some((l) => Buffer.from(l, 'latin1').toString('utf8') === SECRET));
    assert.ok(r.transcript.some((e) => e.dir === 'c' && e.text === '<redacted>'));
    assert.ok(!s.received.some((l) => WRITE_COMMANDS.test(l)), s.received.join('\n'));
    assertNoSecret(r, SECRET);
    assert.ok(renderImapFacts(r).some((l) => /Spam\s+Junk\s+attribute\s+2\s+1/.test(l)));
  });

  test('garbage greeting: protocol-error at greeting', async () => {
    const s = await serve((c) => c.write(Buffer.from([0x00, 0x01, 0x02, 0x41, 0x0d, 0x0a])));
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.ok, false);
    assert.equal(r.stage, 'greeting');
    assert.equal(r.cause, 'protocol-error');
  });

  test('hang-up in the middle of a response line: protocol-error', async () => {
    const s = await serve(imapServer({ handlers: { CAPABILITY: (_t, _a, c) => { c.write('* CAPABILITY IMAP4r'); c.socket.destroy(); } } }));
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.stage, 'capability');
    assert.equal(r.cause, 'protocol-error');
  });

  test('hang-up after an untagged line, before the tagged one: connection-lost', async () => {
    const s = await serve(imapServer({ handlers: { CAPABILITY: (_t, _a, c) => { c.line('* CAPABILITY IMAP4rev1'); c.socket.end(); } } }));
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.stage, 'capability');
    assert.equal(r.cause, 'connection-lost');
  });

  test('a literal of 10 MB is refused: protocol-error', async () => {
    const s = await serve(imapServer({ handlers: { LIST: (_t, _a, c) => c.line('* LIST () "/" {10000000}') } }));
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.stage, 'list');
    assert.equal(r.cause, 'protocol-error');
  });

  test('[UNAVAILABLE] at login: server-busy', async () => {
    const s = await serve(imapServer({ handlers: { LOGIN: (t, _a, c) => c.line(`${t} NO [UNAVAILABLE] Backend mail store is down, try later`) } }));
    const r = await probeImap(imapOpts(s.port, { password: 'plain-ascii' }));
    assert.equal(r.stage, 'auth');
    assert.equal(r.cause, 'server-busy');
  });

  test('BYE instead of a greeting: server-busy', async () => {
    const s = await serve((c) => {
      c.line('* BYE Too many connections, try again later');
      c.end();
    });
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.stage, 'greeting');
    assert.equal(r.cause, 'server-busy');
    assert.match(r.summary, /Too many connections/);
  });

  test('Exchange Online "Basic authentication is disabled": OAuth2 is needed', async () => {
    const s = await serve(
      imapServer({
        greeting: '* OK The Microsoft Exchange IMAP4 service is ready.',
        caps: 'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+',
        handlers: { AUTHENTICATE: (t, _a, c) => c.line(`${t} NO Basic authentication is disabled.`, '* BYE Connection is closed. 13') },
      }),
    );
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.facts.greeting?.software, 'Microsoft Exchange');
    assert.equal(r.cause, 'auth-app-password-required');
    assert.ok(r.findings[0]?.remedies[0]?.includes('XOAUTH2'));
    assertNoSecret(r, SECRET);
  });

  test('Exchange "User is authenticated but not connected": protocol-disabled', async () => {
    const s = await serve(imapServer({ handlers: { LOGIN: (t, _a, c) => c.line(`${t} BAD User is authenticated but not connected.`) } }));
    const r = await probeImap(imapOpts(s.port, { password: 'ascii-pw' }));
    assert.equal(r.cause, 'protocol-disabled');
    assert.equal(r.findings[0]?.slots.protocol, 'IMAP');
  });

  test('Gmail "[ALERT] Application-specific password required": auth-app-password-required, alert kept', async () => {
    const s = await serve(
      imapServer({
        greeting: '* OK Gimap ready for requests from 127.0.0.1 z5mb',
        caps: 'IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER',
        handlers: {
          AUTHENTICATE: (t, _a, c) => c.line(`${t} NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)`),
        },
      }),
    );
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.facts.greeting?.software, 'Gmail');
    assert.equal(r.cause, 'auth-app-password-required');
    assert.deepEqual(r.facts.alerts, ['Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)']);
  });

  test('XOAUTH2 refused with a JSON error challenge: the token stays secret, the error is evidence', async () => {
    const challenge = Buffer.from(JSON.stringify({ status: '400', schemes: 'Bearer', scope: 'https://mail.google.com/' })).toString('base64');
    let tokenSeen = false;
    const s = await serve(
      imapServer({
        caps: 'IMAP4rev1 SASL-IR AUTH=XOAUTH2',
        handlers: {
          AUTHENTICATE: async (t, args, c) => {
            const b64 = args.split(' ')[1] ?? '';
            tokenSeen = Buffer.from(b64, 'base64').toString('utf8') === `user=alice\u0001auth=Bearer ${TOKEN}\u0001\u0001`;
            c.line(`+ ${challenge}`);
            await c.readLine();
            c.line(`${t} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)`);
          },
        },
      }),
    );
    const r = await probeImap(imapOpts(s.port, { password: TOKEN, authType: 'XOAUTH2' }));
    assert.ok(tokenSeen, 'the server got the right XOAUTH2 payload');
    assert.equal(r.cause, 'auth-bad-credentials');
    assert.ok(r.findings[0]?.evidence.some((e) => e.excerpt.includes('status=400')));
    assertNoSecret(r, TOKEN, `user=alice\u0001auth=Bearer ${TOKEN}\u0001\u0001`);
  });

  test('INBOX cannot be opened (NO [NONEXISTENT]): mailbox-unavailable at select', async () => {
    const s = await serve(imapServer({ handlers: { EXAMINE: (t, _a, c) => c.line(`${t} NO [NONEXISTENT] Mailbox doesn't exist: INBOX`), STATUS: (t, _a, c) => c.line(`${t} NO [NONEXISTENT] Mailbox doesn't exist: INBOX`) } }));
    const r = await probeImap(imapOpts(s.port, { password: 'ascii-pw' }));
    assert.equal(r.stage, 'select');
    assert.equal(r.cause, 'mailbox-unavailable');
    assert.equal(r.findings[0]?.slots.mailbox, 'INBOX');
  });

  test('INBOX refused with a bare NO: mailbox-unavailable (likely)', async () => {
    const s = await serve(imapServer({ handlers: { EXAMINE: (t, _a, c) => c.line(`${t} NO Cannot open mailbox: permission denied`) } }));
    const r = await probeImap(imapOpts(s.port, { password: 'ascii-pw' }));
    assert.equal(r.cause, 'mailbox-unavailable');
    assert.equal(r.findings[0]?.confidence, 'likely');
  });

  test('LOGINDISABLED on a plain connection: nothing is sent even with --allow-plaintext-auth', async () => {
    const s = await serve(imapServer({ caps: 'IMAP4rev1 STARTTLS LOGINDISABLED' }), false);
    const r = await probeImap(imapOpts(s.port, { security: 'none', allowPlaintextAuth: true }));
    assert.equal(r.cause, 'login-disabled-plaintext');
    assert.ok(!s.received.some((l) => /LOGIN|AUTHENTICATE/.test(l.split(' ')[1] ?? '')), s.received.join('\n'));
  });

  test('a plain connection without LOGINDISABLED: maildoctor refuses to send the password', async () => {
    const s = await serve(imapServer({ caps: 'IMAP4rev1' }), false);
    const r = await probeImap(imapOpts(s.port, { security: 'none' }));
    assert.equal(r.cause, 'plaintext-auth-refused');
    const allowed = await probeImap(imapOpts(s.port, { security: 'none', allowPlaintextAuth: true, password: 'ascii-pw' }));
    assert.equal(allowed.ok, true);
    assert.ok(allowed.findings.some((f) => f.cause === 'plaintext-auth-used' && f.severity === 'warning'));
    assert.ok(allowed.findings.some((f) => f.cause === 'tls-not-used'));
  });

  test('no --user: the connection is checked, login is noted as not tested', async () => {
    const s = await serve(imapServer());
    const r = await probeImap(imapOpts(s.port, { user: undefined, password: undefined }));
    assert.equal(r.ok, true);
    assert.ok(r.findings.some((f) => f.cause === 'credentials-missing' && f.severity === 'info'));
  });

  test('Dovecot per-user connection limit (BYE after login, no tagged reply): too-many-sessions', async () => {
    const s = await serve(
      imapServer({
        handlers: {
          LOGIN: (_t, _a, c) => {
            c.line('* BYE Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)');
            c.end();
          },
        },
      }),
    );
    const r = await probeImap(imapOpts(s.port, { password: 'ascii-pw' }));
    assert.equal(r.stage, 'auth');
    assert.equal(r.cause, 'too-many-sessions');
  });

  test('PREAUTH greeting: no login is sent, folders are still listed', async () => {
    const s = await serve(imapServer({ greeting: '* PREAUTH [CAPABILITY IMAP4rev1 SPECIAL-USE LIST-EXTENDED] already logged in' }));
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.facts.loginMethod, 'PREAUTH');
    assert.equal(r.facts.folders?.length, 3);
    assert.ok(!s.received.some((l) => /^\S+ (LOGIN|AUTHENTICATE)/.test(l)));
  });

  test('silent port: greeting-timeout', async () => {
    const s = await serve(() => new Promise<void>(() => undefined), false);
    const r = await probeImap(imapOpts(s.port, { security: 'starttls', timeoutMs: 300 }));
    assert.equal(r.stage, 'greeting');
    assert.equal(r.cause, 'greeting-timeout');
  });

  test('an SSH server on the port: not-imap', async () => {
    const s = await serve((c) => c.line('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'), false);
    const r = await probeImap(imapOpts(s.port, { security: 'starttls' }));
    assert.equal(r.cause, 'not-imap');
    assert.equal(r.findings[0]?.slots.service, 'an SSH server');
  });

  test('a web server on the port (silent until asked): not-imap naming HTTP', async () => {
    const s = await serve(async (c) => {
      const l = await c.readLine(3000);
      if (l !== null) {
        c.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        c.end();
      }
    }, false);
    const r = await probeImap(imapOpts(s.port, { security: 'starttls', timeoutMs: 400 }));
    assert.equal(r.cause, 'not-imap');
    assert.equal(r.findings[0]?.slots.service, 'a web (HTTP) server');
  });

  test('TLS to a plain-text port: starttls-expected', async () => {
    const s = await serve(imapServer(), false);
    const r = await probeImap(imapOpts(s.port, { security: 'tls' }));
    assert.equal(r.stage, 'tls');
    assert.equal(r.cause, 'starttls-expected');
  });

  test('discovery with nothing listening: both attempts reported, one decides', async () => {
    const r = await probeImap({ ...imapOpts(0), port: undefined, security: 'auto', discoveryPorts: { tls: await closedPort(), plain: await closedPort() } });
    assert.equal(r.cause, 'connection-refused');
    assert.equal(r.facts.attempts.length, 2);
    assert.equal(r.findings.filter((f) => f.severity === 'error').length, 1);
    assert.ok(r.findings.every((f) => f.attempt));
    assert.equal(r.facts.settings, null);
  });
});

// ---------------------------------------------------------------------------------------------
// A scripted POP3 server

type Pop3Handler = (args: string, c: RawConn) => Promise<void> | void;

function pop3Server(opts: { greeting?: string; capa?: string[]; handlers?: Record<string, Pop3Handler> } = {}) {
  const capa = opts.capa ?? ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'USER', 'SASL PLAIN'];
  const defaults: Record<string, Pop3Handler> = {
    CAPA: (_a, c) => c.line('+OK', ...capa, '.'),
    USER: (_a, c) => c.line('+OK'),
    PASS: (_a, c) => c.line('+OK Logged in.'),
    APOP: (_a, c) => c.line('+OK Logged in.'),
    AUTH: async (_a, c) => {
      c.line('+ ');
      await c.readLine();
      c.line('+OK Logged in.');
    },
    STAT: (_a, c) => c.line('+OK 2 3120'),
    QUIT: (_a, c) => c.line('+OK Logging out.'),
  };
  return async (c: RawConn) => {
    c.line(opts.greeting ?? '+OK POP3 test server ready.');
    for (;;) {
      const l = await c.readLine();
      if (l === null) return;
      const [cmdRaw = '', ...rest] = l.split(' ');
      const cmd = cmdRaw.toUpperCase();
      const h = opts.handlers?.[cmd] ?? defaults[cmd];
      if (h) await h(rest.join(' '), c);
      else c.line('-ERR Unknown command');
      if (cmd === 'QUIT') {
        c.end();
        return;
      }
    }
  };
}

function pop3Opts(port: number, extra: Partial<Parameters<typeof probePop3>[0]> = {}): Parameters<typeof probePop3>[0] {
  return { host: '127.0.0.1', port, security: 'tls', ca: pki.caPem, timeoutMs: 3000, user: 'alice', password: 'pop-Secret-9', ...extra };
}

describe('POP3 faults', () => {
  test('healthy USER/PASS: STAT counted, nothing downloaded or deleted, no secret anywhere', async () => {
    const s = await serve(pop3Server({ capa: ['CAPA', 'USER', 'EXPIRE 0', 'LOGIN-DELAY 60'] }));
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.ok, true, r.summary);
    assert.equal(r.facts.loginMethod, 'USER/PASS');
    assert.deepEqual(r.facts.mailbox, { messages: 2, octets: 3120 });
    assert.equal(r.facts.expire, '0');
    assert.equal(r.facts.loginDelaySeconds, 60);
    assert.ok(s.received.includes('PASS pop-Secret-9'));
    assert.ok(!s.received.some((l) => /^(RETR|DELE|TOP|RSET)\b/i.test(l)));
    assertNoSecret(r, 'pop-Secret-9');
  });

  test('APOP when chosen: the digest is right and redacted', async () => {
    const ts = '<1896.697170952@dbc.mtview.ca.us>';
    const s = await serve(pop3Server({ greeting: `+OK POP3 server ready ${ts}`, capa: ['CAPA', 'USER'] }));
    const r = await probePop3(pop3Opts(s.port, { authType: 'APOP' }));
    assert.equal(r.ok, true, r.summary);
    const digest = createHash('md5').update(`${ts}pop-Secret-9`).digest('hex');
    assert.ok(s.received.includes(`APOP alice ${digest}`));
    assert.ok(!JSON.stringify(r).includes(digest));
  });

  test('-ERR [IN-USE] at PASS: mailbox-locked', async () => {
    const s = await serve(pop3Server({ handlers: { PASS: (_a, c) => c.line('-ERR [IN-USE] Unable to lock maildrop') } }));
    const r = await probePop3(pop3Opts(s.port, { authType: 'USER' }));
    assert.equal(r.stage, 'auth');
    assert.equal(r.cause, 'mailbox-locked');
  });

  test('-ERR [LOGIN-DELAY]: login-delay', async () => {
    const s = await serve(pop3Server({ handlers: { PASS: (_a, c) => c.line('-ERR [LOGIN-DELAY] Minimum time between mail checks violation') }, capa: ['CAPA', 'USER'] }));
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.cause, 'login-delay');
  });

  test('-ERR [AUTH] at AUTH PLAIN: auth-bad-credentials', async () => {
    const s = await serve(
      pop3Server({
        handlers: {
          AUTH: async (_a, c) => {
            c.line('+ ');
            await c.readLine();
            c.line('-ERR [AUTH] Authentication failed.');
          },
        },
      }),
    );
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.facts.loginMethod, 'AUTH PLAIN');
    assert.equal(r.cause, 'auth-bad-credentials');
    assertNoSecret(r, 'pop-Secret-9', '\u0000alice\u0000pop-Secret-9');
  });

  test('-ERR at the greeting: server-busy', async () => {
    const s = await serve((c) => {
      c.line('-ERR [SYS/TEMP] Too many connections, try again later');
      c.end();
    });
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.stage, 'greeting');
    assert.equal(r.cause, 'server-busy');
  });

  test('garbage greeting: protocol-error; an SSH server: not-pop3', async () => {
    const g = await serve((c) => c.write('\u0001\u0002\u0003 junk\r\n'));
    assert.equal((await probePop3(pop3Opts(g.port))).cause, 'protocol-error');
    const ssh = await serve((c) => c.line('SSH-2.0-OpenSSH_9.2p1'), false);
    const r = await probePop3(pop3Opts(ssh.port, { security: 'starttls' }));
    assert.equal(r.cause, 'not-pop3');
    assert.equal(r.findings[0]?.slots.service, 'an SSH server');
  });

  test('CAPA cut by a hang-up: protocol-error at capability', async () => {
    const s = await serve(pop3Server({ handlers: { CAPA: (_a, c) => { c.line('+OK', 'USER'); c.socket.destroy(); } } }));
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.stage, 'capability');
    assert.equal(r.cause, 'protocol-error');
  });

  test('STAT refused: mailbox-unavailable', async () => {
    const s = await serve(pop3Server({ handlers: { STAT: (_a, c) => c.line('-ERR [SYS/PERM] Mailbox is corrupted') } }));
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.stage, 'stat');
    assert.equal(r.cause, 'server-error');
  });

  test('STAT refused with a bare -ERR: mailbox-unavailable', async () => {
    const s = await serve(pop3Server({ handlers: { STAT: (_a, c) => c.line('-ERR Cannot open maildrop') } }));
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.cause, 'mailbox-unavailable');
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI: exit codes, JSON contract, redaction in the printed output

const run = promisify(execFile);
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('CLI', () => {
  test('imap: healthy exit 0 with JSON; the password from the environment never printed', async () => {
    const s = await serve(imapServer());
    const caFile = pki.caFile;
    const r = await cli(['imap', `127.0.0.1:${s.port}`, '--security', 'tls', '--ca', caFile, '--user', 'alice', '--json', '-v'], { MAILDOCTOR_PASSWORD: 'env-Secret-77' });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { ok: boolean; kind: string; stage: null; cause: null; facts: { settings: { port: number } } };
    assert.deepEqual([report.ok, report.kind, report.stage, report.cause], [true, 'imap', null, null]);
    assert.equal(report.facts.settings.port, s.port);
    assert.ok(!r.stdout.includes('env-Secret-77'));
    const text = await cli(['imap', `127.0.0.1:${s.port}`, '--security', 'tls', '--ca', caFile, '--user', 'alice', '--folders', '-v'], { MAILDOCTOR_PASSWORD: 'env-Secret-77' });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Folders \(3/);
    assert.ok(!text.stdout.includes('env-Secret-77'));
  });

  test('pop3: a diagnosed problem exits 1; bad usage exits 2', async () => {
    const port = await closedPort();
    const r = await cli(['pop3', `127.0.0.1:${port}`, '--security', 'tls', '--json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as { ok: boolean; stage: string; cause: string };
    assert.deepEqual([report.ok, report.stage, report.cause], [false, 'connect', 'connection-refused']);
    assert.equal((await cli(['imap', 'bad host!'])).code, 2);
    assert.equal((await cli(['pop3', '127.0.0.1', '--security', 'bogus'])).code, 2);
    assert.equal((await cli(['imap', '127.0.0.1', '--ca', '/nonexistent/ca.pem'])).code, 2);
  });
});

describe('protocol edge cases', () => {
  test('POP3 AUTH refused before any credentials: auth-mechanism-unsupported, not bad credentials', async () => {
    const s = await serve(pop3Server({ handlers: { AUTH: (_a, c) => c.line('-ERR Unsupported authentication mechanism.') } }));
    const r = await probePop3(pop3Opts(s.port));
    assert.equal(r.cause, 'auth-mechanism-unsupported');
  });

  test('IMAP: endless continuation requests during AUTHENTICATE are cut: protocol-error', async () => {
    const s = await serve(
      imapServer({
        caps: 'IMAP4rev1 AUTH=PLAIN',
        handlers: {
          AUTHENTICATE: async (_t, _a, c) => {
            for (let i = 0; i < 50; i++) {
              c.line('+ ');
              if ((await c.readLine(1000)) === null) return;
            }
          },
        },
      }),
    );
    const r = await probeImap(imapOpts(s.port));
    assert.equal(r.stage, 'auth');
    assert.equal(r.cause, 'protocol-error');
  });

  test('IMAP: "{n}" at the end of a status text is text, not a literal', async () => {
    const s = await serve(imapServer({ handlers: { LOGIN: (t, _a, c) => c.line(`${t} NO [AUTHENTICATIONFAILED] Authentication failed {3}`) } }));
    const r = await probeImap(imapOpts(s.port, { password: 'ascii-pw', timeoutMs: 5000 }));
    assert.equal(r.cause, 'auth-bad-credentials');
    assert.match(r.summary, /failed \{3\}$/);
  });
});

test('bytes after the STARTTLS reply and before TLS: starttls-injection (warning), discarded', async () => {
  const s = await serve(
    imapServer({
      caps: 'IMAP4rev1 STARTTLS',
      handlers: {
        STARTTLS: (t, _a, c) => {
          c.write(`${t} OK Begin TLS negotiation now\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n`);
          c.socket.end();
        },
      },
    }),
    false,
  );
  const r = await probeImap(imapOpts(s.port, { security: 'starttls', user: undefined, password: undefined }));
  const inj = r.findings.find((f) => f.cause === 'starttls-injection');
  assert.equal(inj?.severity, 'warning');
  assert.match(inj?.summary ?? '', /injected/);
  assert.equal(r.stage, 'tls', 'the handshake then fails: the server closed');
});
