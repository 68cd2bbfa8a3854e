/** @module bounce/reasons/rhost/japan: Japanese mobile carriers (au/KDDI, NTT docomo). */
import type { RhostTable } from './types.js';

/**
 * au (KDDI): "550 <rcpt>: User unknown" means no such user; "550 : User unknown" (no address)
 * is the reply of the recipient's reception filter (designated-domain / spam settings).
 */
export const kddi: RhostTable = {
  name: 'KDDI',
  hosts: /(?:^|\.)(?:ezweb\.ne\.jp|au\.com)$/,
  src: 'au (KDDI) mail reception settings help; Sisimai Rhost/KDDI',
  rules: [
    { reason: 'filtered', text: ['550 : user unknown'] },
    { reason: 'userunknown', text: ['>: user unknown'] },
  ],
};

/** NTT docomo (mfsmax.docomo.ne.jp): "550 Unknown user" at RCPT or after DATA means no such user. */
export const docomo: RhostTable = {
  name: 'NTTDOCOMO',
  hosts: /(?:^|\.)(?:mfsmax\.docomo\.ne\.jp|docomo\.ne\.jp)$/,
  src: 'NTT docomo mail error help; Sisimai Rhost/NTTDOCOMO',
  rules: [
    { reason: 'filtered', text: [''], status: ['5.2.0'] },
    { reason: 'userunknown', text: ['unknown user', 'user unknown'], status: ['5.0.0', '5.1.1'] },
    { reason: 'mailboxfull', text: ['552 too much mail data'] },
    { reason: 'ratelimited', text: ['552 too many recipients'] },
    { reason: 'syntaxerror', text: ['503 bad sequence of commands', '504 command parameter not implemented'] },
  ],
};
