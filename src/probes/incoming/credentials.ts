/**
 * @module probes/incoming/credentials
 * Input checks on credentials before any connection: a line break in a user name or
 * password would end the command early and let the rest run as another command.
 */
import { UsageError } from '../../core/errors.js';
import type { CommonProbeOptions } from '../common/types.js';

export function checkCredentials(opts: Pick<CommonProbeOptions, 'user' | 'password'>): void {
  // eslint-disable-next-line no-control-regex
  const bad = /[\r\n\x00]/;
  if (opts.user !== undefined && bad.test(opts.user)) throw new UsageError('the user name contains a line break or NUL');
  if (opts.password !== undefined && bad.test(opts.password)) throw new UsageError('the password contains a line break or NUL');
}
