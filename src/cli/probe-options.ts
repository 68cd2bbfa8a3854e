/**
 * @module cli/probe-options
 * The shared connection options of smtp, imap and pop3, turned into probe options. Kept
 * apart from cli/options.ts (loaded by every command's definition at start-up) because it
 * needs the DNS client and output modules, which only a running command should load.
 */
import { UsageError } from '../core/errors.js';
import { PASSWORD_ENV } from '../core/secrets.js';
import { DnsClient } from '../dns/client.js';
import type { CommonProbeOptions } from '../probes/common/types.js';
import { parseDnsServer, parseHostPort, readCaFile, readPasswordFor, type ConnectionCliOptions } from './options.js';
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
    const secret = await readPasswordFor(opts);
    if (!secret) {
      throw new UsageError(`no password for ${opts.user}: use --password-file FILE or ${PASSWORD_ENV} (or run on a terminal to be prompted)`);
    }
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
