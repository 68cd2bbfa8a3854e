/**
 * @module cli/probe-options
 * The shared connection options of smtp, imap and pop3, turned into probe options. Kept
 * apart from cli/options.ts (loaded by every command's definition at start-up) because it
 * needs the DNS client and output modules, which only a running command should load.
 */
import { UsageError } from '../core/errors.js';
import { DnsClient } from '../dns/client.js';
import type { CommonProbeOptions } from '../probes/common/types.js';
import { noPasswordError, parseDnsServer, parseHostPort, readCaFile, readPasswordFor, type ConnectionCliOptions } from './options.js';
import { warn } from './output.js';

/**
 * Turns the shared connection options of a probe command into probe options: target,
 * security, credentials (file, env, prompt, argv with a warning), --ca, --dns, --timeout.
 */
export async function probeOptionsFromCli(target: string, opts: ConnectionCliOptions): Promise<CommonProbeOptions> {
  const hp = parseHostPort(target);
  const ca = await readCaFile(opts.ca);
  const dnsServer = parseDnsServer(opts.dns);
  let password: string | undefined;
  if (opts.user) {
    const secret = await readPasswordFor(opts.user, opts);
    if (!secret) throw noPasswordError(opts.user);
    for (const w of secret.warnings) warn(w);
    password = secret.value;
  } else if (opts.password !== undefined || opts.passwordFile !== undefined) {
    throw new UsageError('a password was given without --user');
  }
  return {
    host: hp.host,
    port: hp.port,
    security: opts.security ?? 'auto',
    user: opts.user,
    password,
    authType: opts.authType?.toUpperCase(),
    allowPlaintextAuth: opts.allowPlaintextAuth,
    timeoutMs: opts.timeout,
    ca,
    tlsName: opts.tlsName,
    dns: new DnsClient({ server: dnsServer, timeoutMs: opts.timeout }),
  };
}
