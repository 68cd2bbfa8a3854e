/** @module bounce/reasons/rhost/microsoft: Exchange Online / Microsoft 365 and Outlook.com replies. */
import type { RhostTable } from './types.js';

export const microsoft: RhostTable = {
  name: 'Microsoft',
  hosts: /(?:\.protection\.outlook\.com|\.prod\.outlook\.com|\.outlook\.com|\.hotmail\.com|\.live\.com|\.msn\.com|\.office365\.com)$/,
  // Exchange Online replies name the answering server: [xxx.eop-nam02.prod.protection.outlook.com]
  signature: /\.prod\.(?:protection\.)?outlook\.com\b/i,
  src: 'https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online; Sisimai Rhost/ExchangeOnline',
  rules: [
    { reason: 'userunknown', text: ['recipientnotfound', 'recipient not found', 'recipient address rejected: access denied', 'requested action not taken: mailbox unavailable', 'recipient address reserved by rfc 2606', 'recipient addresses in single label domains not accepted', 'invalid x.400 address'] },
    { reason: 'badreputation', text: ['has been temporarily rate limited due to ip reputation'] },
    { reason: 'requireptr', text: ['must have a reverse dns record', 'mismatches client ip'] },
    { reason: 'authfailure', text: ['does not pass dmarc verification', "doesn't meet the required authentication level", 'must pass either spf or dkim validation', 'rejected because of sender policy framework violation'] },
    { reason: 'blocked', text: ['access denied, banned sending ip', 'part of their network is on our block list', 'access denied, bad helo', 'access denied, banned sender', 'using customer block list', 'does not accept email over ipv6', 'connection dropped', 'access denied, rejected by recipient', 'restrictdomainstoipaddresses', 'restrictdomainstocertificate'] },
    // 4.7.500-899: the sending IP is restricted while suspicious activity is evaluated
    { reason: 'blocked', status: ['4.7.'], text: ['access denied, please try again later'] },
    { reason: 'rejected', status: ['5.1.7'], text: ['invalid address'] },
    { reason: 'rejected', status: ['5.7.1'], text: ['delivery not authorized'] },
    { reason: 'rejected', text: ['sender not authenticated for group', 'access denied, bad outbound sender', 'sender not in allowed-senders list', 'sender was not authenticated', 'access denied, spam abuse detected', 'client blocked from sending from unregistered domains', 'unknown sender address', 'sender denied'] },
    { reason: 'notcompliantrfc', text: ['message must be rfc 5322 section 3.6.2 compliant'] },
    { reason: 'suspend', text: ['access denied, banned recipient', 'mailbox cannot be accessed'] },
    { reason: 'mailboxfull', text: ['mailbox full', 'mailbox is full'] },
    { reason: 'emailtoolarge', text: ['resolver.rst.recipsizelimit', 'message size exceeds fixed maximum message size', 'message too big for system'] },
    { reason: 'networkerror', text: ['smtpsend.dns.nonexistentdomain', 'hop count exceeded - possible mail loop', 'routing loop detected', 'agent generated message depth exceeded'] },
    { reason: 'norelaying', text: ['unable to relay', 'tenantattribution; relay access denied', 'relay access denied'] },
    { reason: 'failedstarttls', text: ['starttls-not-supported', 'tlsa-invalid', 'dnssec-invalid', 'certificate-host-mismatch', 'certificate-expired'] },
    { reason: 'ratelimited', text: ['submission quota exceeded', 'recipient thread limit exceeded', "you've reached your daily limit for message recipients", 'message receive limit', 'too many recipients', 'has exceeded their limit for', 'has exceeded permitted limits within', 'access denied, tenant has exceeded threshold', 'access denied, traffic not accepted from this ip'] },
    { reason: 'policyviolation', text: ['policy violation detected', 'x-dg-ref header is too long'] },
    { reason: 'securityerror', text: ['cannot achieve exchange server authentication', 'client was not authenticated'] },
    { reason: 'contenterror', text: ['invalid characters', 'invalid message content', 'too many related errors'] },
    { reason: 'systemfull', text: ['insufficient system resources'] },
    { reason: 'spamdetected', text: ['content filter agent quarantined this message'] },
    { reason: 'syntaxerror', text: ['send hello first'] },
    { reason: 'systemerror', text: ['helo / ehlo requires domain address', 'journaling on-premises messages to microsoft 365', 'destination mailbox address ambiguous', 'mailing list expansion problem', 'system incorrectly configured', 'misconfigured forwarding address', 'temporary server error. please try again later', 'server busy. please try again later', 'pfa agent busy', 'message failed to be replicated', 'service not available', 'service not active'] },
    { reason: 'expired', text: ['queue expired; message expired', 'message expired', 'message delayed'] },
  ],
};
