/**
 * @module probes/pop3
 * The POP3 probe's public entry points (used by `maildoctor pop3` and the account check).
 */
export { probePop3, POP3_PORTS } from './probe.js';
export type { Pop3Facts, Pop3ProbeOptions } from './types.js';
export { renderPop3Facts } from './render.js';
