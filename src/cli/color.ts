/**
 * @module cli/color
 * Colours for human output: on when stdout is a terminal, off when it is piped or redirected.
 * NO_COLOR turns them off and FORCE_COLOR on (https://no-color.org). Unlike picocolors'
 * default, a CI environment variable alone does not turn them on: a CI job that saves the
 * output to a file gets plain text.
 */
import { createColors } from 'picocolors';

export function colorEnabled(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const pc = createColors(colorEnabled());
export default pc;
