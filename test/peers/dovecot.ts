/**
 * @module test/peers/dovecot
 * A private Dovecot 2.3 instance (IMAP, POP3, ManageSieve/Pigeonhole) on loopback for
 * interop tests. Everything lives in one temp dir: config, base_dir, state_dir, log,
 * passwd-file and Maildir homes. Mail processes run as the unprivileged `vmail` user
 * (created on first use when missing; Dovecot refuses uid 0).
 *
 * Listeners (all on free ports; see {@link DovecotPorts}):
 *
 * | key               | address    | TLS                          | what a client sees                                   |
 * |-------------------|------------|------------------------------|------------------------------------------------------|
 * | `imap`            | 127.0.0.1  | STARTTLS (valid cert)        | `AUTH=PLAIN AUTH=LOGIN STARTTLS`; LOGIN works before TLS (*) |
 * | `imaps`           | 127.0.0.1  | implicit (valid cert)        | greeting after the handshake                         |
 * | `imapPlain`       | 127.0.0.2  | STARTTLS (valid cert)        | `STARTTLS LOGINDISABLED`; LOGIN/AUTH refused before TLS |
 * | `pop3`            | 127.0.0.1  | STLS (valid cert)            | CAPA lists STLS, USER; USER/PASS work before TLS (*) |
 * | `pop3s`           | 127.0.0.1  | implicit (valid cert)        |                                                      |
 * | `pop3Plain`       | 127.0.0.2  | STLS (valid cert)            | CAPA has STLS but no USER; USER → `-ERR [AUTH] Plaintext authentication disallowed…` |
 * | `managesieve`     | 127.0.0.1  | STARTTLS (valid cert)        | greeting: IMPLEMENTATION, SIEVE, STARTTLS, SASL …    |
 * | `imapsExpired`    | 127.0.0.3  | implicit, `expired` cert     | CERT_HAS_EXPIRED                                     |
 * | `imapsSelfSigned` | 127.0.0.4  | implicit, `selfSigned` cert  | DEPTH_ZERO_SELF_SIGNED_CERT                          |
 * | `imapsWrongHost`  | 127.0.0.5  | implicit, `wrongHost` cert   | ERR_TLS_CERT_ALTNAME_INVALID                         |
 * | `imapsNotYetValid`| 127.0.0.6  | implicit, `notYetValid` cert | CERT_NOT_YET_VALID                                   |
 * | `imapsLeafOnly`   | 127.0.0.7  | implicit, `leafOnly` cert    | UNABLE_TO_VERIFY_LEAF_SIGNATURE                      |
 *
 * (*) Dovecot treats a connection whose remote IP equals its local IP as secure, so on
 * 127.0.0.1 → 127.0.0.1 plaintext auth is allowed despite `disable_plaintext_auth = yes`.
 * The `*Plain` listeners bind 127.0.0.2; Linux picks source 127.0.0.1 for that destination,
 * so those connections are really "insecure" to Dovecot. Per-IP certificates use
 * `local <ip> { ssl_cert = … }` blocks (a listener itself cannot choose a cert in 2.3).
 *
 * Mailboxes: see {@link DOVECOT_FIXTURE}.
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chown, lchown, mkdir, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestPki, TestCertName } from './ca.js';
import { freePort } from './ports.js';
import {
  killAndRemoveSync,
  makePeerDir,
  onProcessExit,
  processTree,
  sleep,
  spawnDaemon,
  stopDaemon,
  tail,
  tcpAccepts,
} from './proc.js';

const run = promisify(execFile);

export const DOVECOT_BINARY = '/usr/sbin/dovecot';
/** Name of the unprivileged mail user (created when missing). */
export const MAIL_USER = 'vmail';

export interface DovecotPorts {
  imap: number;
  imaps: number;
  imapPlain: number;
  pop3: number;
  pop3s: number;
  pop3Plain: number;
  managesieve: number;
  imapsExpired: number;
  imapsSelfSigned: number;
  imapsWrongHost: number;
  imapsNotYetValid: number;
  imapsLeafOnly: number;
}

/** Listen address of each listener (127.0.0.1 unless noted in the module table). */
export const DOVECOT_ADDRESSES: Record<keyof DovecotPorts, string> = {
  imap: '127.0.0.1',
  imaps: '127.0.0.1',
  imapPlain: '127.0.0.2',
  pop3: '127.0.0.1',
  pop3s: '127.0.0.1',
  pop3Plain: '127.0.0.2',
  managesieve: '127.0.0.1',
  imapsExpired: '127.0.0.3',
  imapsSelfSigned: '127.0.0.4',
  imapsWrongHost: '127.0.0.5',
  imapsNotYetValid: '127.0.0.6',
  imapsLeafOnly: '127.0.0.7',
};

const FAULT_CERTS: Partial<Record<keyof DovecotPorts, TestCertName>> = {
  imapsExpired: 'expired',
  imapsSelfSigned: 'selfSigned',
  imapsWrongHost: 'wrongHost',
  imapsNotYetValid: 'notYetValid',
  imapsLeafOnly: 'leafOnly',
};

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotPeer {
  host: '127.0.0.1';
  /** Address of the `imapPlain`/`pop3Plain` listeners (plaintext auth refused). */
  plainHost: '127.0.0.2';
  ports: DovecotPorts;
  /** Address per listener key (the fault listeners use 127.0.0.3–7). */
  addresses: Record<keyof DovecotPorts, string>;
  users: { alice: DovecotUser; bob: DovecotUser };
  pki: TestPki;
  /** Root of the Maildir homes: `${mailDir}/<user>/Maildir` (owned by vmail). */
  mailDir: string;
  /** Private directory of the instance (config, log, state); removed by stop(). */
  dir: string;
  /** The dovecot.conf used. */
  configFile: string;
  /** Current log text. */
  log(): string;
  /** Live pids of the dovecot process tree (empty after stop()). */
  pids(): number[];
  stop(): Promise<void>;
}

export interface FixtureMessage {
  user: 'alice' | 'bob';
  /** IMAP mailbox name ('INBOX', 'Junk', 'Projects', …). */
  folder: string;
  messageId: string;
  subject: string;
  from: string;
  to: string;
  /** Date header and INTERNALDATE (file mtime). */
  date: string;
  seen: boolean;
  /** Extra header lines, e.g. 'X-Spam-Flag: YES'. */
  headers?: string[];
  body?: string;
}

/**
 * The messages every instance starts with. alice: INBOX 3 (1 unseen), Junk 2, Trash 1;
 * Projects, Sent, Drafts, Archive exist and are empty. bob: INBOX 1.
 */
export const DOVECOT_FIXTURE: readonly FixtureMessage[] = [
  { user: 'alice', folder: 'INBOX', messageId: '<inbox-1@test.example>', subject: 'Welcome to your mailbox',
    from: 'Postmaster <postmaster@test.example>', to: 'alice@test.example', date: '2026-11-01T09:00:00Z', seen: true },
  { user: 'alice', folder: 'INBOX', messageId: '<inbox-2@test.example>', subject: 'Quarterly report',
    from: 'Bob <bob@test.example>', to: 'alice@test.example', date: '2026-11-10T14:30:00Z', seen: true },
  { user: 'alice', folder: 'INBOX', messageId: '<inbox-3@test.example>', subject: 'Meeting tomorrow',
    from: 'Carol <carol@partner.example>', to: 'alice@test.example', date: '2026-11-20T08:15:00Z', seen: false },
  { user: 'alice', folder: 'Junk', messageId: '<junk-1@spam.example>', subject: 'You have won a prize',
    from: 'Lottery <win@spam.example>', to: 'alice@test.example', date: '2026-11-18T03:00:00Z', seen: false,
    headers: ['X-Spam-Flag: YES', 'X-Spam-Status: Yes, score=12.3'] },
  { user: 'alice', folder: 'Junk', messageId: '<junk-2@spam.example>', subject: 'Invoice overdue',
    from: 'Billing <billing@spam.example>', to: 'alice@test.example', date: '2026-11-19T04:00:00Z', seen: true,
    headers: ['X-Spam-Flag: YES'] },
  { user: 'alice', folder: 'Trash', messageId: '<trash-1@test.example>', subject: 'Old newsletter',
    from: 'News <news@test.example>', to: 'alice@test.example', date: '2026-10-01T12:00:00Z', seen: true },
  { user: 'bob', folder: 'INBOX', messageId: '<bob-1@test.example>', subject: 'Hello Bob',
    from: 'Alice <alice@test.example>', to: 'bob@test.example', date: '2026-11-15T10:00:00Z', seen: false },
];

/** The folders created for each user, with their SPECIAL-USE attribute. */
export const DOVECOT_FOLDERS: readonly { name: string; specialUse?: string }[] = [
  { name: 'INBOX' },
  { name: 'Projects' },
  { name: 'Junk', specialUse: '\\Junk' },
  { name: 'Trash', specialUse: '\\Trash' },
  { name: 'Sent', specialUse: '\\Sent' },
  { name: 'Drafts', specialUse: '\\Drafts' },
  { name: 'Archive', specialUse: '\\Archive' },
];

/** Alice's active Sieve script (name `maildoctor`), visible via ManageSieve LISTSCRIPTS. */
export const ALICE_SIEVE = `require ["fileinto"];
if header :contains "X-Spam-Flag" "YES" {
  fileinto "Junk";
  stop;
}
`;

export interface StartDovecotOptions {
  /** Test PKI to use (default: `createTestPki()` from ./ca.ts). */
  pki?: TestPki;
  /** Messages added to the fixture (folders other than the standard ones are created). */
  messages?: FixtureMessage[];
  /** Appended to dovecot.conf (later settings override earlier ones). */
  extraConfig?: string;
  /** Overall startup deadline in ms (default 15000). */
  timeoutMs?: number;
  /**
   * Keep Dovecot's auth penalty (default false). With it, each failed login from an IP delays
   * later logins from that IP (2, 4, 8 … 15 s) and every test client is 127.0.0.1.
   */
  authPenalty?: boolean;
}

const USERS = {
  alice: { user: 'alice', password: 'alice-Secret-1' },
  bob: { user: 'bob', password: 'bob-Other-2' },
} as const;

// ---------------------------------------------------------------------------------------------

let mailIds: Promise<{ uid: number; gid: number }> | undefined;

async function lookupUser(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const { stdout } = await run('getent', ['passwd', name]);
    const f = stdout.trim().split(':');
    return { uid: Number(f[2]), gid: Number(f[3]) };
  } catch {
    return undefined;
  }
}

/** The vmail uid/gid, creating the system user when missing (needs root; idempotent). */
export function ensureMailUser(): Promise<{ uid: number; gid: number }> {
  mailIds ??= (async () => {
    const found = await lookupUser(MAIL_USER);
    if (found) return found;
    if (process.getuid?.() !== 0) {
      throw new Error(`dovecot peer: user ${MAIL_USER} missing and not root; run scripts/install-peers.sh as root`);
    }
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent',
        '--shell', '/usr/sbin/nologin', MAIL_USER]);
    } catch {
      /* a parallel test process may have created it first */
    }
    const made = await lookupUser(MAIL_USER);
    if (!made) throw new Error(`dovecot peer: could not create user ${MAIL_USER}`);
    return made;
  })();
  mailIds.catch(() => {
    mailIds = undefined;
  });
  return mailIds;
}

function crlf(lines: string[]): string {
  return lines.join('\r\n');
}

function rawMessage(m: FixtureMessage): string {
  const date = new Date(m.date).toUTCString().replace('GMT', '+0000');
  return crlf([
    `Return-Path: <${/<([^>]+)>/.exec(m.from)?.[1] ?? m.from}>`,
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${m.subject}`,
    `Date: ${date}`,
    `Message-ID: ${m.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(m.headers ?? []),
    '',
    m.body ?? `This is the fixture message "${m.subject}".`,
    '',
  ]);
}

/** Maildir directory of a folder ('INBOX' is the root). */
function folderDir(maildir: string, folder: string): string {
  return folder === 'INBOX' ? maildir : join(maildir, `.${folder.replace(/\//g, '.')}`);
}

async function makeOwnedDir(path: string, ids: { uid: number; gid: number }): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chown(path, ids.uid, ids.gid);
}

async function writeMailboxes(mailDir: string, ids: { uid: number; gid: number }, extra: FixtureMessage[]): Promise<void> {
  await mkdir(mailDir, { recursive: true, mode: 0o755 });
  let seq = 0;
  const all = [...DOVECOT_FIXTURE, ...extra];
  for (const user of Object.keys(USERS) as (keyof typeof USERS)[]) {
    const home = join(mailDir, user);
    const maildir = join(home, 'Maildir');
    await makeOwnedDir(home, ids);
    const folders = new Set(DOVECOT_FOLDERS.map((f) => f.name));
    for (const m of all) if (m.user === user) folders.add(m.folder);
    for (const folder of folders) {
      const fd = folderDir(maildir, folder);
      await makeOwnedDir(fd, ids);
      for (const sub of ['cur', 'new', 'tmp']) await makeOwnedDir(join(fd, sub), ids);
      if (folder !== 'INBOX') {
        // Marks it as a Maildir++ folder.
        await writeFile(join(fd, 'maildirfolder'), '');
        await chown(join(fd, 'maildirfolder'), ids.uid, ids.gid);
      }
    }
    const subs = join(maildir, 'subscriptions');
    await writeFile(subs, [...folders].filter((f) => f !== 'INBOX').join('\n') + '\n');
    await chown(subs, ids.uid, ids.gid);
    for (const m of all) {
      if (m.user !== user) continue;
      seq++;
      const when = new Date(m.date);
      const base = `${Math.floor(when.getTime() / 1000)}.M${seq}P1.maildoctor`;
      const file = m.seen ? join(folderDir(maildir, m.folder), 'cur', `${base}:2,S`) : join(folderDir(maildir, m.folder), 'new', base);
      await writeFile(file, rawMessage(m), { mode: 0o600 });
      await chown(file, ids.uid, ids.gid);
      await utimes(file, when, when);
    }
    if (user === 'alice') {
      const sieveDir = join(home, 'sieve');
      await makeOwnedDir(sieveDir, ids);
      const script = join(sieveDir, 'maildoctor.sieve');
      await writeFile(script, ALICE_SIEVE);
      await chown(script, ids.uid, ids.gid);
      const active = join(home, '.dovecot.sieve');
      await symlink('sieve/maildoctor.sieve', active);
      await lchown(active, ids.uid, ids.gid);
    }
  }
}

function buildConfig(o: {
  dir: string;
  instance: string;
  ports: DovecotPorts;
  pki: TestPki;
  mailDir: string;
  ids: { uid: number; gid: number };
  extra?: string;
}): string {
  const { dir, ports, pki } = o;
  const listener = (name: string, key: keyof DovecotPorts, ssl = false): string =>
    `  inet_listener ${name} {\n    address = ${DOVECOT_ADDRESSES[key]}\n    port = ${ports[key]}\n` +
    (ssl ? '    ssl = yes\n' : '') + '  }';
  const dh = existsSync('/usr/share/dovecot/dh.pem') ? 'ssl_dh = </usr/share/dovecot/dh.pem' : '';
  const mailboxes = DOVECOT_FOLDERS.filter((f) => f.name !== 'INBOX')
    .map((f) => `  mailbox ${f.name} {\n    auto = subscribe\n${f.specialUse ? `    special_use = ${f.specialUse}\n` : ''}  }`)
    .join('\n');
  const locals = (Object.entries(FAULT_CERTS) as [keyof DovecotPorts, TestCertName][])
    .map(([key, cert]) =>
      `local ${DOVECOT_ADDRESSES[key]} {\n  ssl_cert = <${pki.certs[cert].certFile}\n  ssl_key = <${pki.certs[cert].keyFile}\n}`)
    .join('\n');
  return `# maildoctor private test instance (test/peers/dovecot.ts)
instance_name = ${o.instance}
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
info_log_path = ${join(dir, 'dovecot.log')}
protocols = imap pop3 sieve
listen = 127.0.0.1
shutdown_clients = yes
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
first_valid_uid = 1
first_valid_gid = 1
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
disable_plaintext_auth = yes
login_trusted_networks =

ssl = yes
ssl_cert = <${pki.certs.valid.certFile}
ssl_key = <${pki.certs.valid.keyFile}
ssl_min_protocol = TLSv1.2
${dh}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${join(dir, 'passwd')}
}
userdb {
  driver = static
  args = uid=${o.ids.uid} gid=${o.ids.gid} home=${o.mailDir}/%n
}
mail_location = maildir:~/Maildir

namespace inbox {
  inbox = yes
  separator = /
${mailboxes}
}

plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
}

# Every test client comes from 127.0.0.1; the default (10 per user+IP) is easy to hit.
protocol imap {
  mail_max_userip_connections = 200
}
protocol pop3 {
  mail_max_userip_connections = 200
}

service imap-login {
${listener('imap', 'imap')}
${listener('imaps', 'imaps', true)}
${listener('imap_plain', 'imapPlain')}
${listener('imaps_expired', 'imapsExpired', true)}
${listener('imaps_selfsigned', 'imapsSelfSigned', true)}
${listener('imaps_wronghost', 'imapsWrongHost', true)}
${listener('imaps_notyetvalid', 'imapsNotYetValid', true)}
${listener('imaps_leafonly', 'imapsLeafOnly', true)}
}
service pop3-login {
${listener('pop3', 'pop3')}
${listener('pop3s', 'pop3s', true)}
${listener('pop3_plain', 'pop3Plain')}
}
service managesieve-login {
${listener('sieve', 'managesieve')}
}

${locals}
${o.extra ?? ''}
`;
}

async function allocatePorts(): Promise<DovecotPorts> {
  const keys = Object.keys(DOVECOT_ADDRESSES) as (keyof DovecotPorts)[];
  const used = new Set<number>();
  const out = {} as DovecotPorts;
  for (const k of keys) {
    let p = await freePort(DOVECOT_ADDRESSES[k]);
    while (used.has(p)) p = await freePort(DOVECOT_ADDRESSES[k]);
    used.add(p);
    out[k] = p;
  }
  return out;
}

/**
 * Starts a private Dovecot. Resolves once every listener accepts TCP connections and the
 * master has forked its services. Errors include the Dovecot log. Stop with `peer.stop()`
 * (also done at process exit).
 */
export async function startDovecot(opts: StartDovecotOptions = {}): Promise<DovecotPeer> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  const [pki, ids] = await Promise.all([
    opts.pki ?? import('./ca.js').then((m) => m.createTestPki()),
    ensureMailUser(),
  ]);
  const dir = await makePeerDir('dovecot', 'run/master.pid');
  const logFile = join(dir, 'dovecot.log');
  const what = (): string => `--- ${logFile}\n${tail(logFile)}\n${tail(join(dir, 'dovecot.stderr'))}`;
  try {
    const mailDir = join(dir, 'home');
    await writeMailboxes(mailDir, ids, opts.messages ?? []);
    await writeFile(
      join(dir, 'passwd'),
      Object.values(USERS).map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''),
      { mode: 0o644 }, // read by the auth process (user dovecot); throw-away test passwords
    );
    const configFile = join(dir, 'dovecot.conf');

    for (let attempt = 0; ; attempt++) {
      const ports = await allocatePorts();
      const instance = `maildoctor-${dir.slice(-6).replace(/[^A-Za-z0-9]/g, 'x')}`;
      await writeFile(configFile, buildConfig({ dir, instance, ports, pki, mailDir, ids, extra: opts.extraConfig }));
      const errFd = openSync(join(dir, 'dovecot.stderr'), 'a');
      const child = spawnDaemon(DOVECOT_BINARY, ['-F', '-c', configFile], { fd: errFd });
      closeSync(errFd);
      const unregister = onProcessExit(() => killAndRemoveSync(child.pid, dir));
      const alive = (): boolean => child.exitCode === null && child.signalCode === null;
      try {
        if (!opts.authPenalty) await disableAuthPenalty(join(dir, 'run'), deadline, alive, what);
        await waitListening(ports, logFile, child.pid, deadline, alive, what);
      } catch (e) {
        await stopDaemon(child, { graceMs: 1000, wholeTree: true });
        unregister();
        if (attempt < 2 && /Address already in use/i.test(what()) && Date.now() < deadline) continue;
        throw e;
      }
      let stopped = false;
      return {
        host: '127.0.0.1',
        plainHost: '127.0.0.2',
        ports,
        addresses: { ...DOVECOT_ADDRESSES },
        users: { alice: { ...USERS.alice }, bob: { ...USERS.bob } },
        pki,
        mailDir,
        dir,
        configFile,
        log: () => tail(logFile, 1 << 20),
        pids: () => processTree(child.pid),
        async stop(): Promise<void> {
          if (stopped) return;
          stopped = true;
          await stopDaemon(child, { wholeTree: true });
          unregister();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Dovecot has no setting to turn off the auth penalty (anvil-tracked extra delay after failed
 * logins, per remote IP). The auth process connects to the anvil socket `anvil-auth-penalty`
 * once, when it starts (on the first login); if the socket is missing the penalty is silently
 * disabled. So: wait for the master to create the socket, then unlink it before any client
 * connects (auth is started on demand, not at master startup).
 */
async function disableAuthPenalty(baseDir: string, deadline: number, alive: () => boolean, what: () => string): Promise<void> {
  const sock = join(baseDir, 'anvil-auth-penalty');
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`dovecot exited during startup\n${what()}`);
    try {
      await unlink(sock);
      return;
    } catch {
      await sleep(5);
    }
  }
  throw new Error(`dovecot did not create ${sock} in time\n${what()}`);
}

async function waitListening(
  ports: DovecotPorts,
  logFile: string,
  masterPid: number | undefined,
  deadline: number,
  alive: () => boolean,
  what: () => string,
): Promise<void> {
  const pending = new Set(Object.keys(ports) as (keyof DovecotPorts)[]);
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`dovecot exited during startup\n${what()}`);
    const results = await Promise.all(
      [...pending].map(async (k) => [k, await tcpAccepts(DOVECOT_ADDRESSES[k], ports[k], 200)] as const),
    );
    for (const [k, ok] of results) if (ok) pending.delete(k);
    if (pending.size === 0) break;
    await sleep(15);
  }
  if (pending.size > 0) throw new Error(`dovecot listeners not accepting in time: ${[...pending].join(', ')}\n${what()}`);
  // The master binds and logs "starting up" before it forks its services (log, anvil, config…).
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`dovecot exited during startup\n${what()}`);
    if (/ starting up for /.test(tail(logFile)) && processTree(masterPid).length > 2) return;
    await sleep(5);
  }
  throw new Error(`dovecot did not log its start-up in time\n${what()}`);
}

