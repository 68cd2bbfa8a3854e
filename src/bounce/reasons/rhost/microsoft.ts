/** @module bounce/reasons/rhost/microsoft: Exchange Online / Microsoft 365 and Outlook.com replies. */
import type { RhostTable } from './types.js';

export const microsoft: RhostTable = {
  name: 'Microsoft',
  hosts: /(?:\.protection\.outlook\.com|\.prod\.outlook\.com|\.outlook\.com|\.hotmail\.com|\.live\.com|\.msn\.com|\.office365\.com)$/,
  // Exchange Online replies name the answering server: [xxx.eop-nam02.prod.protection.outlook.com]
  signature: /\.prod\.(?:protection\.)?outlook\.com\b/i,
  src: 'https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online; Sisimai Rhost/ExchangeOnline',
  rules: [
    { reason: 'userunknown', text: ['recipientnotfound', 'recipient not found by smtp address lookup', 'recipient address rejected: access denied'] },
    { reason: 'badreputation', text: ['has been temporarily rate limited due to ip reputation'] },
    { reason: 'requireptr', text: ['must have a reverse dns record', 'mismatches client ip'] },
    { reason: 'authfailure', text: ['does not pass dmarc verification', "doesn't meet the required authentication level", 'must pass either spf or dkim validation', 'rejected because of sender policy framework violation'] },
    { reason: 'blocked', text: ['access denied, banned sending ip', 'part of their network is on our block list', 'access denied, bad helo', 'access denied, banned sender', 'using customer block list', 'does not accept email over ipv6', 'connection dropped'] },
    { reason: 'rejected', text: ['access denied, bad outbound sender', 'sender not in allowed-senders list', 'sender was not authenticated', 'access denied, spam abuse detected', 'client blocked from sending from unregistered domains', 'unknown sender address', 'sender denied'] },
    { reason: 'notcompliantrfc', text: ['message must be rfc 5322 section 3.6.2 compliant'] },
    { reason: 'suspend', text: ['access denied, banned recipient', 'mailbox cannot be accessed'] },
    { reason: 'mailboxfull', text: ['mailbox full', 'mailbox is full'] },
    { reason: 'emailtoolarge', text: ['resolver.rst.recipsizelimit', 'message size exceeds fixed maximum message size', 'message too big for system'] },
    { reason: 'networkerror', text: ['smtpsend.dns.nonexistentdomain', 'hop count exceeded - possible mail loop', 'routing loop detected', 'agent generated message depth exceeded'] },
    { reason: 'norelaying', text: ['unable to relay', 'tenantattribution; relay access denied', 'relay access denied'] },
    { reason: 'failedstarttls', text: ['starttls-not-supported', 'tlsa-invalid', 'dnssec-invalid', 'certificate-host-mismatch', 'certificate-expired'] },
    { reason: 'ratelimited', text: ['submission quota exceeded', 'recipient thread limit exceeded', "you've reached your daily limit for message recipients", 'message receive limit', 'too many recipients'] },
    { reason: 'policyviolation', text: ['policy violation detected', 'x-dg-ref header is too long'] },
    { reason: 'securityerror', text: ['cannot achieve exchange server authentication', 'client was not authenticated'] },
    { reason: 'contenterror', text: ['invalid characters', 'invalid message content', 'too many related errors'] },
    { reason: 'systemfull', text: ['insufficient system resources'] },
    { reason: 'systemerror', text: ['system incorrectly configured', 'misconfigured forwarding address', 'temporary server error. please try again later', 'server busy. please try again later', 'pfa agent busy', 'message failed to be replicated', 'service not available', 'service not active'] },
    { reason: 'expired', text: ['queue expired; message expired', 'message expired', 'message delayed'] },
  ],
};
