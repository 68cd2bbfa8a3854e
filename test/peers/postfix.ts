/**
 * @module test/peers/postfix
 * A private Debian Postfix instance for interop tests: its own config, queue and data
 * directories under a fresh temp dir, listening on 127.0.0.1 only, on free high ports, one
 * smtpd service per behaviour the SMTP probe must recognise. Nothing leaves the machine:
 * mail for test.example is delivered to maildirs inside the temp dir, everything else is
 * discarded. Several instances may run at once (nothing is shared but the binaries and the
 * per-process test PKI).
 *
 * SASL: a tiny private Dovecot (auth service only, passwd-file, no listeners) and
 * `smtpd_sasl_type = dovecot` with an absolute socket path. Chosen over Cyrus sasldb because
 * Dovecot is already a project peer (no sasl2-bin/saslpasswd2 needed to build a Berkeley DB
 * sasldb), its passwd-file is plain text written by us, the socket path is per instance
 * (Cyrus reads `<cyrus_sasl_config_path>/smtpd.conf` and the sasldb from inside smtpd after it
 * dropped privileges, which makes per-instance files fiddly), and PLAIN/LOGIN come from
 * Dovecot itself rather than from libsasl2-modules plugins.
 *
 * Ports (all 127.0.0.1; replies seen with Postfix 3.7.11, see docs/peers-postfix-pki.md):
 * - `submission`: STARTTLS (valid cert), AUTH PLAIN LOGIN only after TLS, sender must be owned
 *   by the login (smtpd_sender_login_maps) and not be BLOCKED_SENDER (check_sender_access),
 *   relay only when authenticated.
 * - `smtps`: the same with implicit TLS (smtpd_tls_wrappermode).
 * - `mx`: port-25 style: STARTTLS offered, no AUTH, accepts mail for test.example users only.
 * - `clientRejected`: check_client_access cidr 127.0.0.0/8 REJECT. With the default
 *   smtpd_delay_reject = yes the 554 comes at RCPT TO (greeting, EHLO, MAIL FROM all succeed).
 * - `plaintext`: no TLS at all, AUTH PLAIN LOGIN offered in clear text.
 * - `expiredCert`, `notYetValidCert`, `selfSignedCert`, `wrongHostCert`, `leafOnlyCert`:
 *   like `submission` but serving those certificates from the test PKI.
 * - `requireTls` (extra): like `submission` with smtpd_tls_security_level = encrypt, so
 *   MAIL FROM before STARTTLS gets "530 5.7.0 Must issue a STARTTLS command first".
 *
 * With `routes`, mail for the given domains is relayed by Postfix's SMTP client to loopback
 * ports (a scripted "remote"), tried once: bounces and "relayed" notices come back to the
 * sender's maildir, written by Postfix itself (test/interop/bounce-postfix.test.ts).
 *
 * Must run as root (Postfix's master needs it); CI runs as root, elsewhere tests skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { chown, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { createTestPki, type TestCertName, type TestPki } from './ca.js';
import { claimFreePorts, releasePorts } from './port-claims.js';
import { isLive, makePeerDir, onProcessExit, passwdEntry, processTree, runTool, signal, sleep, spawnDaemon, stopDaemon, tail } from './proc.js';
import { dovecotOauth2Conf, dovecotOauth2Passdb } from '../helpers/oauth2-idp.js';

export const POSTFIX_BINARY = '/usr/sbin/postfix';
export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export const POSTFIX_PORT_NAMES = [
  'submission',
  'smtps',
  'mx',
  'clientRejected',
  'plaintext',
  'expiredCert',
  'selfSignedCert',
  'wrongHostCert',
  'leafOnlyCert',
  'notYetValidCert',
  'requireTls',
] as const;
export type PostfixPortName = (typeof POSTFIX_PORT_NAMES)[number];

export interface PostfixUser {
  /** SASL login name (the full address). */
  user: string;
  password: string;
  /** The only MAIL FROM this user may use on the AUTH ports. */
  address: string;
  /** Maildir that receives this user's mail (created on first delivery). */
  maildir: string;
}

export interface PostfixPeer {
  host: '127.0.0.1';
  ports: Record<PostfixPortName, number>;
  users: { alice: PostfixUser; bob: PostfixUser };
  localDomain: 'test.example';
  /** myhostname, as in the banner and EHLO reply. */
  hostname: 'mail.test.example';
  pki: TestPki;
  /** Private directory of this instance (removed by stop()). */
  dir: string;
  /** Postfix log (maillog_file via postlogd). */
  logFile: string;
  /** Dovecot auth log. */
  saslLogFile: string;
  /** Current text of the Postfix log. */
  log(): string;
  /** Raw messages delivered to a user's maildir (new/ and cur/), oldest first. */
  delivered(user: 'alice' | 'bob'): Promise<string[]>;
  /** Live processes of this instance (Postfix and its Dovecot); empty after stop(). */
  processes(): number[];
  /** Stops Postfix and Dovecot, kills leftovers, removes the directory. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DOMAIN = 'test.example';
const HOSTNAME = 'mail.test.example';
const STEP_TIMEOUT_MS = 15_000;
/** A sender address every AUTH port refuses by policy (check_sender_access REJECT). */
export const BLOCKED_SENDER = `blocked@${DOMAIN}`;

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

interface Layout {
  dir: string;
  etc: string;
  queue: string;
  data: string;
  mail: string;
  maillog: string;
  dovecotDir: string;
  dovecotConf: string;
  dovecotLog: string;
  authSocket: string;
}

function layoutOf(dir: string): Layout {
  const dovecotDir = join(dir, 'dovecot');
  return {
    dir,
    etc: join(dir, 'etc'),
    queue: join(dir, 'queue'),
    data: join(dir, 'data'),
    mail: join(dir, 'mail'),
    maillog: join(dir, 'maillog'),
    dovecotDir,
    dovecotConf: join(dovecotDir, 'dovecot.conf'),
    dovecotLog: join(dovecotDir, 'dovecot.log'),
    authSocket: join(dovecotDir, 'run', 'auth-client'),
  };
}

const CERT_PORTS: [PostfixPortName, TestCertName][] = [
  ['expiredCert', 'expired'],
  ['selfSignedCert', 'selfSigned'],
  ['wrongHostCert', 'wrongHost'],
  ['leafOnlyCert', 'leafOnly'],
  ['notYetValidCert', 'notYetValid'],
];

function mainCf(l: Layout, pki: TestPki, mailbox: { uid: number; gid: number }, routing: 'none' | 'once' | 'delays'): string {
  const chain = (n: TestCertName): string => `${pki.certs[n].keyFile}, ${pki.certs[n].certFile}`;
  return `# Private Postfix test peer (generated by test/peers/postfix.ts). Loopback only.
compatibility_level = 3.6
config_directory = ${l.etc}
queue_directory = ${l.queue}
data_directory = ${l.data}
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${l.maillog}
maillog_file_prefixes = ${l.dir}

inet_interfaces = ${HOST}
inet_protocols = ipv4
myhostname = ${HOSTNAME}
mydomain = ${DOMAIN}
myorigin = $mydomain
mydestination =
mynetworks = 127.0.0.0/8
relay_domains =
smtpd_banner = $myhostname ESMTP $mail_name
biff = no
append_dot_mydomain = no
readme_directory = no
# The client name is "unknown" on every machine (no reverse lookup, no DNS traffic).
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
# Probes end after RCPT (no message is queued), so the queue manager never hands back the
# flow-control tokens each transaction takes: after a few dozen probes every MAIL FROM would
# wait in_flow_delay (1 s). Tests and benchmarks open hundreds of such sessions.
in_flow_delay = 0

# Nothing is delivered off-machine: test.example goes to maildirs in this directory,
# everything else is accepted (when allowed) and discarded.
local_recipient_maps =
local_transport = error:5.1.1 local delivery is disabled in this test peer
alias_maps =
alias_database =
virtual_mailbox_domains = ${DOMAIN}
virtual_mailbox_maps = texthash:${l.etc}/vmailbox
virtual_mailbox_base = ${l.mail}
virtual_uid_maps = static:${mailbox.uid}
virtual_gid_maps = static:${mailbox.gid}
default_transport = discard:off-machine delivery is disabled in this test peer
relay_transport = $default_transport

# TLS: each smtpd service picks its chain (key, cert + intermediate) with -o.
md_tls_valid = ${chain('valid')}
md_tls_expired = ${chain('expired')}
md_tls_not_yet_valid = ${chain('notYetValid')}
md_tls_self_signed = ${chain('selfSigned')}
md_tls_wrong_host = ${chain('wrongHost')}
md_tls_leaf_only = ${chain('leafOnly')}
smtpd_tls_chain_files = $md_tls_valid
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_tls_received_header = no

# SASL through the private Dovecot auth service.
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${l.authSocket}
smtpd_sasl_auth_enable = no
smtpd_tls_auth_only = yes
smtpd_sender_login_maps = texthash:${l.etc}/sender_login

# Restriction sets used by master.cf.
md_submission_sender = check_sender_access texthash:${l.etc}/sender_access, reject_sender_login_mismatch
md_submission_relay = permit_sasl_authenticated, reject_unauth_destination
md_submission_rcpt = permit_sasl_authenticated, reject
md_client_access = check_client_access cidr:${l.etc}/client_access.cidr
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =
${
  routing !== 'none'
    ? `
# Routes to loopback "remote" servers (startPostfix's routes option), ${routing === 'once' ? 'tried once each' : 'retried every second, the sender warned of the delay after one'}.
transport_maps = texthash:${l.etc}/transport
smtp_tls_security_level = none
smtp_bind_address = ${HOST}
${
  routing === 'once'
    ? 'maximal_queue_lifetime = 0'
    : 'delay_warning_time = 1s\nqueue_run_delay = 1s\nminimal_backoff_time = 1s\nmaximal_backoff_time = 1s'
}
# a silent remote fails in seconds, not after the default 300 s
smtp_connect_timeout = 5s
smtp_helo_timeout = 2s
`
    : ''
}`;
}

function masterCf(ports: Record<PostfixPortName, number>): string {
  const svc = (name: PostfixPortName, opts: string[]): string =>
    `${HOST}:${ports[name]} inet n - n - - smtpd\n  -o syslog_name=postfix/${name}\n` +
    opts.map((o) => `  -o ${o}\n`).join('');
  const submission = (chainParam: string, level = 'may', extra: string[] = []): string[] => [
    `smtpd_tls_chain_files=$${chainParam}`,
    `smtpd_tls_security_level=${level}`,
    'smtpd_sasl_auth_enable=yes',
    'smtpd_tls_auth_only=yes',
    'smtpd_sender_restrictions=$md_submission_sender',
    'smtpd_relay_restrictions=$md_submission_relay',
    'smtpd_recipient_restrictions=$md_submission_rcpt',
    ...extra,
  ];
  const chainParam: Record<TestCertName, string> = {
    valid: 'md_tls_valid',
    expired: 'md_tls_expired',
    notYetValid: 'md_tls_not_yet_valid',
    selfSigned: 'md_tls_self_signed',
    wrongHost: 'md_tls_wrong_host',
    leafOnly: 'md_tls_leaf_only',
  };
  return [
    '# Private Postfix test peer (generated by test/peers/postfix.ts). No chroot anywhere.\n',
    '# service type private unpriv chroot wakeup maxproc command\n',
    svc('submission', submission('md_tls_valid')),
    svc('smtps', submission('md_tls_valid', 'encrypt', ['smtpd_tls_wrappermode=yes'])),
    svc('mx', ['smtpd_sasl_auth_enable=no', 'smtpd_tls_security_level=may']),
    svc('clientRejected', ['smtpd_sasl_auth_enable=no', 'smtpd_client_restrictions=$md_client_access']),
    svc('plaintext', [
      'smtpd_tls_security_level=none',
      'smtpd_sasl_auth_enable=yes',
      'smtpd_tls_auth_only=no',
      'smtpd_sender_restrictions=$md_submission_sender',
      'smtpd_relay_restrictions=$md_submission_relay',
      'smtpd_recipient_restrictions=$md_submission_rcpt',
    ]),
    ...CERT_PORTS.map(([port, cert]) => svc(port, submission(chainParam[cert]))),
    svc('requireTls', submission('md_tls_valid', 'encrypt')),
    `cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
smtp      unix  -       -       n       -       -       smtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`,
  ].join('');
}

export interface StartPostfixOptions {
  /**
   * Also offer XOAUTH2 and OAUTHBEARER: Dovecot's oauth2 passdb POSTs the token to this URL
   * (RFC 7662 style introspection; the answer is JSON with `active` and `username`).
   */
  oauth2IntrospectionUrl?: string;
  /**
   * Mail for each of these domains is relayed by Postfix's own SMTP client to this port on
   * 127.0.0.1 (transport_maps), e.g. a scripted "remote" server whose rejections make Postfix
   * write real bounces. Delivery is then tried once (maximal_queue_lifetime = 0): a temporary
   * failure bounces at once instead of waiting in the queue for days.
   */
  routes?: Record<string, number>;
  /**
   * With `routes`: instead of trying once, retry every second and send the sender Postfix's
   * "delayed mail" warning after one second (delay_warning_time), as it does after hours.
   */
  warnDelays?: boolean;
}

function dovecotConf(l: Layout, instance: string, oauth2ConfFile?: string): string {
  const oauth2 = oauth2ConfFile ? `auth_mechanisms = plain login cram-md5 xoauth2 oauthbearer\n${dovecotOauth2Passdb(oauth2ConfFile)}` : '';
  return `# Private Dovecot for Postfix SASL only (generated by test/peers/postfix.ts).
instance_name = ${instance}
base_dir = ${join(l.dovecotDir, 'run')}
state_dir = ${join(l.dovecotDir, 'state')}
log_path = ${l.dovecotLog}
protocols =
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
# cram-md5 needs the plain passwords the passwd-file holds; Postfix offers what Dovecot offers
auth_mechanisms = plain login cram-md5
# Failures are still answered on Dovecot's 500 ms failure-queue tick (nodelay does not
# apply to failed lookups in 2.3); successes are immediate.
auth_failure_delay = 0
auth_verbose = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(l.dovecotDir, 'passwd')}
}
${oauth2}userdb {
  driver = static
  args = uid=65534 gid=65534 home=/nonexistent
}
service auth {
  unix_listener auth-client {
    mode = 0666
  }
}
# Dovecot's per-IP auth penalty delays every auth from an IP after failures (2, 4, 8, 15 s);
# all tests come from 127.0.0.1, so one wrong-password test would slow the next ones. The
# auth process silently disables the penalty when this socket does not exist (ENOENT).
service anvil {
  unix_listener anvil-auth-penalty {
    path = anvil-auth-penalty-disabled
  }
}
`;
}

// ---------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------

/**
 * Live processes belonging to the instance in `dir`: Postfix daemons run with their cwd in
 * the queue directory and MAIL_CONFIG=<dir>/etc in their environment; Dovecot's have the
 * config path on their command line or their cwd in its base_dir.
 */
export function instanceProcesses(dir: string): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
  }
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  for (const e of entries) {
    const pid = Number(e);
    if (pid === process.pid) continue;
    try {
      let mine = false;
      try {
        const cwd = readlinkSync(`/proc/${pid}/cwd`);
        mine = cwd === dir || cwd.startsWith(prefix);
      } catch {
        /* not readable */
      }
      if (!mine) mine = readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(prefix);
      if (!mine) {
        try {
          mine = readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`MAIL_CONFIG=${prefix}etc\0`);
        } catch {
          /* not readable */
        }
      }
      if (mine && isLive(pid)) out.push(pid);
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Number of TCP sockets listening on 127.0.0.1:port (from /proc/net/tcp; 0 if unreadable). */
function loopbackListeners(port: number): number {
  const want = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    return readFileSync('/proc/net/tcp', 'latin1')
      .split('\n')
      .filter((line) => {
        const f = line.trim().split(/\s+/);
        return f[1] === want && f[3] === '0A';
      }).length;
  } catch {
    return 0;
  }
}

function masterPid(l: Layout): number | undefined {
  try {
    const n = Number(readFileSync(join(l.queue, 'pid', 'master.pid'), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A watchdog shell that SIGTERMs the Postfix master when this node process dies in any way
 * (even SIGKILL): its stdin is a pipe from us, `read` returns at EOF. The master passes
 * SIGTERM on to its children. It checks that the pid is still our master (cwd = queue dir).
 */
function spawnWatchdog(pid: number, queueDir: string): ChildProcess {
  const script =
    'read _ignored; [ "$(readlink /proc/$1/cwd)" = "$2" ] && kill -TERM "$1" 2>/dev/null; exit 0';
  const child = spawn('/bin/sh', ['-c', script, 'maildoctor-postfix-watchdog', String(pid), queueDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  (child.stdin as unknown as Socket | null)?.unref?.();
  child.stdin?.on('error', () => undefined);
  return child;
}

// ---------------------------------------------------------------------------------------
// Readiness: a minimal SMTP read (banner / EHLO) with a deadline
// ---------------------------------------------------------------------------------------

/** Opens the port, reads the banner, sends EHLO, returns banner + EHLO text (then QUIT). */
function greet(port: number, implicitTls: boolean, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock: Socket = implicitTls
      ? tlsConnect({ host: HOST, port, rejectUnauthorized: false, servername: HOSTNAME })
      : netConnect({ host: HOST, port });
    let buf = '';
    let stage: 'banner' | 'ehlo' = 'banner';
    let banner = '';
    const timer = setTimeout(() => finish(new Error(`port ${port}: no SMTP reply within ${ms} ms (got ${JSON.stringify(buf)})`)), ms);
    let done = false;
    const finish = (err?: Error, text?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.removeAllListeners('data');
      sock.on('error', () => undefined);
      if (!err) sock.end('QUIT\r\n');
      sock.destroy();
      if (err) reject(err);
      else resolve(text ?? '');
    };
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      const m = /(^|\n)(\d{3}) [^\n]*\n/.exec(buf);
      if (!m) return;
      const reply = buf.slice(0, m.index + m[0].length);
      buf = buf.slice(m.index + m[0].length);
      if (stage === 'banner') {
        if (!reply.startsWith('220')) return finish(new Error(`port ${port}: banner ${JSON.stringify(reply)}`));
        banner = reply;
        stage = 'ehlo';
        sock.write('EHLO readiness.test.example\r\n');
      } else {
        finish(undefined, banner + reply);
      }
    });
    sock.on('error', (e) => finish(new Error(`port ${port}: ${e.message}`)));
    sock.on('close', () => finish(new Error(`port ${port}: closed before the SMTP reply (got ${JSON.stringify(buf)})`)));
  });
}

/**
 * Writes a Postfix config file with an mtime one minute in the past: Postfix re-reads a
 * main.cf modified within the last ~2 s in 300 ms steps until it is older (a guard against
 * reading half-edited files), which made every fresh start take 2+ s.
 */
async function writeConfig(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  const past = new Date(Date.now() - 60_000);
  await utimes(path, past, past);
}

async function waitFor(cond: () => boolean, ms: number, step = 10): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (cond()) return true;
    if (Date.now() > deadline) return false;
    await sleep(step);
  }
}

// ---------------------------------------------------------------------------------------
// start / stop
// ---------------------------------------------------------------------------------------

const USERS = {
  alice: { user: `alice@${DOMAIN}`, password: 'alice-S3cret pw!', address: `alice@${DOMAIN}` },
  bob: { user: `bob@${DOMAIN}`, password: 'bob-S3cret pw!', address: `bob@${DOMAIN}` },
} as const;

/**
 * Starts a private Postfix (and its Dovecot SASL service) and resolves once every port
 * answers with a 220 banner and AUTH is offered on `plaintext`. On failure everything
 * started is torn down and the error carries the Postfix and Dovecot logs.
 */
export async function startPostfix(opts: StartPostfixOptions = {}): Promise<PostfixPeer> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('startPostfix: the Postfix test peer must run as root (Postfix master needs it)');
  }
  const postfixUser = passwdEntry('postfix');
  if (!postfixUser) throw new Error('startPostfix: no "postfix" system user; run scripts/install-peers.sh');
  const mailbox = passwdEntry('nobody') ?? { uid: 65534, gid: 65534 };
  const pki = await createTestPki();

  const dir = await makePeerDir('postfix');
  const l = layoutOf(dir);
  let dovecot: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let stopped = false;
  const claimed = new Set<number>();

  const killAllSync = (): void => {
    signal(masterPid(l), 'SIGTERM');
    if (dovecot) signal(dovecot.pid, 'SIGTERM');
    for (const p of instanceProcesses(dir)) signal(p, 'SIGKILL');
    if (watchdog) signal(watchdog.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    releasePorts(claimed);
  };
  const unregister = onProcessExit(killAllSync);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Same signal `postfix stop` sends (SIGTERM to the master, which passes it on to its
    // children), but polled every 10 ms instead of postfix-script's 1 s sleeps.
    const master = masterPid(l);
    signal(master, 'SIGTERM');
    // Dovecot is only an auth service here: TERM its whole tree at once (its master alone
    // takes ~1 s to wind down its children).
    if (dovecot) for (const p of processTree(dovecot.pid)) signal(p, 'SIGTERM');
    const stopDovecot = dovecot ? stopDaemon(dovecot, l.dovecotConf, 2000) : Promise.resolve();
    if (master) await waitFor(() => !isLive(master), 5000);
    if (watchdog) {
      watchdog.stdin?.destroy(); // EOF: the watchdog finds the master gone and exits
      signal(watchdog.pid, 'SIGKILL');
    }
    await stopDovecot;
    // Children the master could not reach (or that ignore SIGTERM for a while) are killed.
    if (!(await waitFor(() => instanceProcesses(dir).length === 0, 2000))) {
      for (const p of instanceProcesses(dir)) signal(p, 'SIGKILL');
      await waitFor(() => instanceProcesses(dir).length === 0, 2000);
    }
    unregister();
    await rm(dir, { recursive: true, force: true });
    releasePorts(claimed);
  };

  const logs = (): string =>
    `--- postfix log (${l.maillog}) ---\n${tail(l.maillog, 6000)}\n--- dovecot log ---\n${tail(l.dovecotLog, 3000)}`;

  try {
    // Dovecot (auth only) starts while Postfix is being configured.
    await mkdir(join(l.dovecotDir, 'run'), { recursive: true, mode: 0o755 });
    await mkdir(join(l.dovecotDir, 'state'), { recursive: true, mode: 0o755 });
    await writeFile(
      join(l.dovecotDir, 'passwd'),
      Object.values(USERS).map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''),
      { mode: 0o600 },
    );
    // the auth worker reads it as the dovecot user (euid dovecot), not as root
    const dovecotUser = passwdEntry('dovecot');
    if (dovecotUser) await chown(join(l.dovecotDir, 'passwd'), dovecotUser.uid, dovecotUser.gid);
    let oauth2ConfFile: string | undefined;
    if (opts.oauth2IntrospectionUrl) {
      oauth2ConfFile = join(l.dovecotDir, 'oauth2.conf.ext');
      await writeFile(oauth2ConfFile, dovecotOauth2Conf(opts.oauth2IntrospectionUrl));
    }
    await writeFile(l.dovecotConf, dovecotConf(l, `maildoctor-pf-${dir.slice(-6)}`, oauth2ConfFile));
    const dlog = openSync(join(l.dovecotDir, 'stderr.log'), 'a');
    try {
      // DOVECOT_HOSTDOMAIN: otherwise Dovecot's master resolves the machine's hostname at
      // startup, which is a DNS query wherever the hostname is not in /etc/hosts.
      dovecot = spawnDaemon(
        '/usr/bin/env',
        [`DOVECOT_HOSTDOMAIN=${HOSTNAME}`, DOVECOT_BINARY, '-F', '-c', l.dovecotConf],
        { fd: dlog },
      );
    } finally {
      closeSync(dlog);
    }

    await mkdir(l.etc, { recursive: true, mode: 0o755 });
    await mkdir(l.queue, { mode: 0o755 }); // subdirectories: created by `postfix start`
    await mkdir(l.mail, { mode: 0o700 });
    await chown(l.mail, mailbox.uid, mailbox.gid);
    await writeConfig(
      join(l.etc, 'vmailbox'),
      `alice@${DOMAIN} alice/\nbob@${DOMAIN} bob/\npostmaster@${DOMAIN} postmaster/\n`,
    );
    await writeConfig(join(l.etc, 'sender_login'), Object.values(USERS).map((u) => `${u.address} ${u.user}\n`).join(''));
    await writeConfig(join(l.etc, 'client_access.cidr'), '127.0.0.0/8 REJECT\n');
    // a sender refused by policy whoever logs in (check_sender_access)
    await writeConfig(join(l.etc, 'sender_access'), `${BLOCKED_SENDER} REJECT\n`);
    const routes = Object.entries(opts.routes ?? {});
    if (routes.length > 0) {
      await writeConfig(join(l.etc, 'transport'), routes.map(([domain, port]) => `${domain} smtp:[${HOST}]:${port}\n`).join(''));
    }

    // `postfix start` (check-fatal creates the queue directories with the right owners).
    // A port taken between freePorts() and master's bind() is retried with fresh ports.
    let ports: Record<PostfixPortName, number> | undefined;
    for (let attempt = 1; ; attempt++) {
      // Claimed ports (not just free ones): Postfix's master binds with SO_REUSEPORT, so two
      // instances handed the same number would silently share it (see port-claims.ts).
      const nums = await claimFreePorts(POSTFIX_PORT_NAMES.length);
      for (const p of nums) claimed.add(p);
      const candidate = Object.fromEntries(POSTFIX_PORT_NAMES.map((n, i) => [n, nums[i]])) as Record<PostfixPortName, number>;
      await writeConfig(join(l.etc, 'main.cf'), mainCf(l, pki, mailbox, routes.length === 0 ? 'none' : opts.warnDelays ? 'delays' : 'once'));
      await writeConfig(join(l.etc, 'master.cf'), masterCf(candidate));
      const logOffset = tail(l.maillog, 1e9).length;
      const res = await runTool(POSTFIX_BINARY, ['-c', l.etc, 'start'], { env: { ...process.env, MAIL_CONFIG: l.etc }, timeoutMs: STEP_TIMEOUT_MS });
      let retryable: string;
      if (res.code === 0) {
        // Safety net for listeners that bypass the claims (e.g. a Postfix started by hand).
        const shared = POSTFIX_PORT_NAMES.filter((n) => loopbackListeners(candidate[n]) > 1);
        if (shared.length === 0) {
          ports = candidate;
          break;
        }
        retryable = `ports shared with another SO_REUSEPORT listener: ${shared.map((n) => `${n}=${candidate[n]}`).join(', ')}`;
      } else {
        const fresh = `${res.out}\n${tail(l.maillog, 1e9).slice(logOffset)}`;
        if (!/address already in use/i.test(fresh)) {
          throw new Error(`postfix -c ${l.etc} start failed (exit ${res.code}): ${res.out}`);
        }
        retryable = 'a port was taken before the master could bind it';
      }
      const m = masterPid(l);
      signal(m, 'SIGTERM');
      if (m) await waitFor(() => !isLive(m), 5000);
      releasePorts(nums);
      for (const p of nums) claimed.delete(p);
      if (attempt >= 3) throw new Error(`postfix start: ${retryable} (3 attempts)`);
      // the instance's log starts with the attempt that works; this one's is kept beside it
      if (existsSync(l.maillog)) renameSync(l.maillog, `${l.maillog}.failed-start-${attempt}`);
    }

    const master = masterPid(l);
    if (!master || !isLive(master)) throw new Error('postfix started but its master.pid is missing');
    watchdog = spawnWatchdog(master, l.queue);

    const authUp = await waitFor(() => existsSync(l.authSocket) || (dovecot?.exitCode ?? null) !== null, 10_000);
    if (!authUp || !existsSync(l.authSocket)) {
      throw new Error(`dovecot auth did not start: ${tail(join(l.dovecotDir, 'stderr.log'))}`);
    }

    const ready = ports;
    const replies = await Promise.all(
      POSTFIX_PORT_NAMES.map((n) =>
        greet(ready[n], n === 'smtps', 10_000).catch((e: Error) => {
          throw new Error(`${n}: ${e.message}`);
        }),
      ),
    );
    // smtpd only warns (and drops STARTTLS) when it cannot load a certificate, and only
    // leaves AUTH out when the Dovecot socket fails: check both here, not in every test.
    POSTFIX_PORT_NAMES.forEach((name, i) => {
      const text = replies[i] ?? '';
      const wantStarttls = name !== 'plaintext' && name !== 'smtps';
      if (wantStarttls !== /^250[- ]STARTTLS/m.test(text)) {
        throw new Error(`port ${name}: STARTTLS ${wantStarttls ? 'missing' : 'unexpected'} in EHLO reply:\n${text}`);
      }
      const wantAuth = name === 'plaintext' || name === 'smtps';
      if (wantAuth && !/^250[- ]AUTH PLAIN LOGIN/m.test(text)) {
        throw new Error(`port ${name}: AUTH PLAIN LOGIN not offered (SASL not working):\n${text}`);
      }
    });

    return {
      host: HOST,
      ports: ready,
      users: {
        alice: { ...USERS.alice, maildir: join(l.mail, 'alice') },
        bob: { ...USERS.bob, maildir: join(l.mail, 'bob') },
      },
      localDomain: DOMAIN,
      hostname: HOSTNAME,
      pki,
      dir,
      logFile: l.maillog,
      saslLogFile: l.dovecotLog,
      log: () => tail(l.maillog, 1_000_000),
      delivered: async (user) => {
        const md = join(l.mail, user);
        const out: string[] = [];
        for (const sub of ['cur', 'new']) {
          let files: string[];
          try {
            files = await readdir(join(md, sub));
          } catch {
            continue;
          }
          for (const f of files.sort()) out.push(await readFile(join(md, sub, f), 'utf8'));
        }
        return out;
      },
      processes: () => instanceProcesses(dir),
      stop,
    };
  } catch (err) {
    const msg = `${err instanceof Error ? err.message : String(err)}\n${logs()}`;
    await stop().catch(() => undefined);
    throw new Error(`startPostfix failed: ${msg}`, { cause: err });
  }
}
