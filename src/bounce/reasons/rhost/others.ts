/** @module bounce/reasons/rhost/others: Cox, Spectrum, GoDaddy, Tencent QQ, Mimecast, Zoho, Apple, Facebook, MessageLabs. */
import type { RhostTable } from './types.js';

export const cox: RhostTable = {
  name: 'Cox',
  hosts: /(?:^|\.)(?:cox\.net|cloudfilter\.net)$/,
  src: 'https://www.cox.com/residential/support/email-error-codes.html; Sisimai Rhost/Cox',
  code: {
    re: /AUP#([0-9A-Z]+)/,
    codes: {
      CXBL: 'blocked', CXTHRT: 'securityerror', CXMJ: 'securityerror', CXDNS: 'requireptr', CXSNDR: 'rejected', CXSMTP: 'rejected',
      CXCNCT: 'ratelimited', CXMXRT: 'ratelimited', CDRBL: 'blocked', IPBL0001: 'blocked', IPBL0010: 'blocked', IPBL0100: 'blocked',
      IPBL0011: 'blocked', IPBL0101: 'blocked', IPBL0110: 'blocked', IPBL0111: 'blocked', IPBL1000: 'blocked', IPBL1001: 'blocked',
      IPBL1010: 'blocked', IPBL1011: 'blocked', IPBL1100: 'blocked', IPBL1101: 'blocked', IPBL1110: 'blocked', IPBL1111: 'blocked',
      IPBL00001: 'blocked', URLBL011: 'spamdetected', URLBL101: 'spamdetected', URLBL110: 'spamdetected', URLBL1001: 'spamdetected',
    },
  },
  rules: [
    { reason: 'requireptr', text: ['rejected - no rdns'] },
    { reason: 'blocked', text: ['cox too many bad commands from', 'dns check failure - try again later', 'too many invalid recipients'] },
    { reason: 'notaccept', text: ['esmtp server temporarily not available'] },
    { reason: 'policyviolation', text: ['esmtp no data before greeting', 'attachment extension is forbidden'] },
    { reason: 'ratelimited', text: ['too many sessions from', 'requested action aborted: try again later', 'message threshold exceeded'] },
    { reason: 'rejected', text: ['sender rejected'] },
    { reason: 'userunknown', text: ['recipient rejected'] },
  ],
};

export const spectrum: RhostTable = {
  name: 'Spectrum',
  hosts: /(?:^|\.)(?:charter\.net|spectrum\.net|rr\.com|twc\.com)$/,
  src: 'https://www.spectrum.net/support/internet/understanding-email-error-codes; Sisimai Rhost/Spectrum',
  code: {
    re: /AUP#[-A-Za-z]*(\d{4})/,
    codes: {
      '1000': 'blocked', '1010': 'rejected', '1090': 'systemerror', '1260': 'networkerror', '1500': 'rejected', '1520': 'rejected',
      '1530': 'emailtoolarge', '1540': 'ratelimited', '1550': 'ratelimited', '1560': 'policyviolation',
    },
    ranges: [[1020, 1080, 'rejected'], [1100, 1150, 'blocked'], [1160, 1190, 'policyviolation'], [1200, 1210, 'blocked'], [1220, 1250, 'blocked'], [1300, 1340, 'ratelimited'], [1350, 1490, 'ratelimited']],
  },
};

export const godaddy: RhostTable = {
  name: 'GoDaddy',
  hosts: /(?:^|\.)secureserver\.net$/,
  src: 'https://www.godaddy.com/help/what-do-the-email-error-codes-mean (IBxxx codes); Sisimai Rhost/GoDaddy',
  code: {
    re: /\b(IB\d{3})\b/,
    codes: {
      IB007: 'ratelimited', IB101: 'expired', IB103: 'badreputation', IB104: 'blocked', IB105: 'blocked', IB106: 'blocked', IB108: 'requireptr',
      IB110: 'blocked', IB111: 'blocked', IB112: 'blocked', IB113: 'blocked', IB212: 'spamdetected', IB401: 'securityerror', IB501: 'rejected',
      IB502: 'rejected', IB504: 'ratelimited', IB506: 'rejected', IB508: 'authfailure', IB510: 'ratelimited', IB607: 'ratelimited', IB705: 'virusdetected',
    },
  },
  rules: [
    { reason: 'blocked', text: ['www.spamhaus.org/query/bl?ip=', '554 rbl reject.'] },
    { reason: 'expired', text: ['delivery timeout', "451 sorry, i wasn't able to establish an smtp connection."] },
    { reason: 'suspend', text: ['account disabled'] },
    { reason: 'mailboxfull', text: ['account storage limit'] },
    { reason: 'userunknown', text: ['account does not exist', '550 recipient not found.'] },
  ],
};

export const tencent: RhostTable = {
  name: 'Tencent',
  hosts: /(?:^|\.)(?:qq\.com|foxmail\.com|exmail\.qq\.com)$/,
  src: 'http://service.mail.qq.com/cgi-bin/help (QQ mail error codes); Sisimai Rhost/TencentQQ',
  rules: [
    { reason: 'authfailure', text: ['dmarc check failed', 'spf check failed'] },
    { reason: 'blocked', text: ['suspected spam ip'] },
    { reason: 'filtered', text: ['mail is rejected by recipients'] },
    { reason: 'emailtoolarge', text: ['message too large'] },
    { reason: 'spamdetected', text: ['mail content denied', 'spam is embedded in the email', 'suspected spam'] },
    { reason: 'syntaxerror', text: ['bad address syntax'] },
    { reason: 'ratelimited', text: ['connection denied', 'connection frequency limited', 'domain frequency limited', 'ip frequency limited', 'sender frequency limited', 'mailbox unavailable or access denied'] },
    { reason: 'userunknown', text: ['mailbox not found'] },
  ],
};

export const mimecast: RhostTable = {
  name: 'Mimecast',
  hosts: /(?:^|\.)mimecast(?:-offshore)?\.com$/,
  src: 'https://community.mimecast.com/docs/DOC-1369 (Mimecast SMTP error codes); Sisimai Rhost/Mimecast',
  rules: [
    { reason: 'spamdetected', text: ['mcspamsignature', 'message bounced due to spam'] },
    { reason: 'virusdetected', text: ['email rejected due to security policies'] },
    { reason: 'blocked', text: ['sender address blocked', 'ip temporarily blacklisted', 'local ct ip reputation - (reject)', 'recipient temporarily unavailable', 'internal resources are temporarily unavailable'] },
    { reason: 'authfailure', text: ['spf sender invalid - envelope rejected', 'dkim sender invalid - envelope rejected', 'dmarc sender invalid - envelope rejected'] },
    { reason: 'emailtoolarge', text: ['maximum email size exceeded'] },
    { reason: 'networkerror', text: ['mail loop detected'] },
    { reason: 'norelaying', text: ['open relay not allowed'] },
    { reason: 'notaccept', text: ['account inbounds disabled'] },
    { reason: 'onhold', text: ['account outbounds disabled', 'hostname is not authorized', 'journal message past expiration'] },
    { reason: 'policyviolation', text: ['anti-spoofing policy - inbound not allowed', 'rejected by header-based anti-spoofing policy', 'message bounced due to content examination policy', 'host network not allowed'] },
    { reason: 'rejected', text: ['administrative prohibition envelope blocked', 'envelope blocked', 'rejected by header-based manually blocked senders', 'rejected by header-based blocked senders', 'envelope rejected - block policy for envelope from address'] },
    { reason: 'securityerror', text: ['incorrect authentication data', 'submitter failed to disabled', 'configuration is invalid for this certificate'] },
    { reason: 'failedstarttls', text: ['this route requires encryption (tls)', 'this route requires tls version 1.2 or greater', 'this route requires high-strength ciphers'] },
    { reason: 'systemerror', text: ['unable to process connection at this time', 'message ended early', 'unable to process command', 'unable to process an email at this time'] },
    { reason: 'ratelimited', text: ['account service is temporarily unavailable', 'too many recipients', 'exceeding outbound thread limit'] },
    { reason: 'userunknown', text: ['invalid address', 'user unknown', 'invalid recipient'] },
  ],
};

export const zoho: RhostTable = {
  name: 'Zoho',
  hosts: /(?:^|\.)(?:zoho\.com|zohomail\.com|zoho\.eu|zoho\.in|zoho\.com\.au|zoho\.jp)$/,
  src: 'https://www.zoho.com/mail/help/ (Zoho Mail bounce reasons); Sisimai Rhost/Zoho',
  rules: [
    { reason: 'userunknown', text: ['user does not exist', 'invalid recipient', 'no such user'] },
    { reason: 'rejected', text: ['mail rejected by destination domain', 'email flagged as spam', 'relaying disallowed'] },
    { reason: 'ratelimited', text: ['unusual sending activity', 'rate limit'] },
    { reason: 'mailboxfull', text: ['mailbox is full', 'mail quota exceeded'] },
  ],
};

export const apple: RhostTable = {
  name: 'Apple',
  hosts: /(?:^|\.)(?:icloud\.com|me\.com|mac\.com|apple\.com|privaterelay\.appleid\.com)$/,
  src: 'https://support.apple.com/en-us/102322 (iCloud Mail postmaster information); Sisimai Rhost/Apple',
  rules: [
    { reason: 'hasmoved', text: ['recipient no longer on server'] },
    { reason: 'authfailure', text: ['dmarc policy', 'spf check failed', 'dkim check failed'] },
    { reason: 'mailboxfull', text: ['user is over quota', 'mailbox is full'] },
    { reason: 'userunknown', text: ['user not found', 'no such user', 'this user does not exist'] },
    { reason: 'blocked', text: ['blocked - see https://support.apple.com', 'refused - see https://support.apple.com', 'service unavailable - try again later'] },
    { reason: 'notaccept', text: ['host/domain does not accept mail'] },
  ],
};

export const facebook: RhostTable = {
  name: 'Facebook',
  hosts: /(?:^|\.)(?:facebook\.com|fb\.com|facebookmail\.com)$/,
  src: 'http://postmaster.facebook.com/response_codes; Sisimai Rhost/Facebook',
  code: {
    re: /\b((?:RCP|BLK|CON|DNS|MSG|POL|RTE)-[A-Z]\d)\b/,
    codes: {
      'RCP-P1': 'userunknown', 'RCP-P2': 'filtered', 'RCP-P3': 'suspend', 'RCP-P4': 'filtered', 'RCP-T1': 'systemerror', 'RCP-T4': 'systemerror',
      'BLK-P1': 'blocked', 'BLK-P2': 'blocked', 'BLK-P3': 'blocked', 'CON-T1': 'ratelimited', 'CON-T2': 'ratelimited', 'CON-T3': 'ratelimited',
      'CON-T4': 'ratelimited', 'DNS-P1': 'rejected', 'DNS-P2': 'requireptr', 'DNS-P3': 'rejected', 'DNS-T1': 'networkerror', 'DNS-T2': 'networkerror',
      'MSG-P1': 'emailtoolarge', 'MSG-P2': 'notcompliantrfc', 'MSG-P3': 'contenterror', 'MSG-T1': 'systemerror', 'POL-P1': 'policyviolation',
      'POL-P2': 'policyviolation', 'POL-P3': 'policyviolation', 'POL-P4': 'policyviolation', 'POL-P5': 'policyviolation', 'POL-P6': 'policyviolation',
      'POL-P7': 'authfailure', 'POL-T1': 'policyviolation', 'POL-T2': 'policyviolation', 'POL-T3': 'policyviolation', 'RTE-P1': 'norelaying',
      'RTE-T1': 'systemerror',
    },
  },
};

export const messagelabs: RhostTable = {
  name: 'MessageLabs',
  hosts: /(?:^|\.)messagelabs\.com$/,
  src: 'Broadcom Email Security.cloud (MessageLabs) SMTP error codes; Sisimai Rhost/MessageLabs',
  rules: [
    { reason: 'securityerror', text: ['please turn on smtp authentication in your mail client'] },
    { reason: 'userunknown', text: ['552 unknown recipient', '553 unknown recipient'] },
    { reason: 'blocked', text: ['553-sorry, your ip address has been blocked', 'listed in'] },
    { reason: 'spamdetected', text: ['message rejected by messagelabs spam', 'spam detected'] },
  ],
};
