/** @module bounce/reasons/rhost/yahoo: Yahoo Inc. (Yahoo, AOL, Verizon Media) replies. */
import type { RhostTable } from './types.js';

export const yahoo: RhostTable = {
  name: 'YahooInc',
  hosts: /(?:\.yahoodns\.net|\.yahoo\.com|\.yahoo\.co\.jp|\.aol\.com|\.yahoo\.net|\.verizonmedia\.com|\.aim\.com)$/,
  // replies name the answering server (mta1234.mail.bf1.yahoo.com) or link to the sender help
  signature: /\.mail\.[a-z0-9]+\.yahoo\.com\b|\bsenders\.yahooinc\.com\b|\bhelp\.yahoo\.com\/kb\/postmaster\b/i,
  src: 'https://senders.yahooinc.com/smtp-error-codes (Yahoo SMTP error codes); Sisimai Rhost/YahooInc, Rhost/Aol',
  rules: [
    { reason: 'userunknown', text: ["delivery error: dd this user doesn't have a", "this user doesn't have a yahoo", 'user not found', 'mailbox unavailable'] },
    { reason: 'suspend', text: ['this account has been disabled or discontinued', 'mailbox not available'] },
    { reason: 'rejected', text: ['[tss04]', '[tse]', 'sender address rejected'] },
    { reason: 'blocked', text: ['[bl21]', '[bl22]', '[bl23]', 'connections will not be accepted from', '[ts01]', '[ts02]', '[tsb]'] },
    { reason: 'ratelimited', text: ['[ts03]', '[tsa]', 'too many connections'] },
    { reason: 'hostunknown', text: ['host or domain name not found'] },
    { reason: 'notaccept', text: ['type=mx: malformed or unexpected name server reply'] },
    { reason: 'policyviolation', text: ['message not accepted for policy reasons'] },
    { reason: 'mailboxfull', text: ['account is over quota'] },
  ],
};
