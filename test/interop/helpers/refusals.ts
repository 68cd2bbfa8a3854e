/**
 * @module test/interop/helpers/refusals
 * The refusals the bounce interop tests have a scripted remote give, worded as real servers
 * word them, with what `maildoctor bounce` must say of the notice a real MTA (Postfix, Exim)
 * then writes; the remote that gives them; and how a test finds which of its messages a
 * notice returns.
 */
import type { BounceRecord } from '../../../src/bounce/types.js';
import { startScriptedMx, type ScriptedMx } from './scripted-mx.js';

/** One case: the remote's reply to RCPT TO (or, when `atData`, to the end of DATA) and what the analysis must say. */
export interface Refusal {
  /** local part of the recipient at the remote's domain; the scripted server answers by it */
  user: string;
  reply: string;
  atData?: boolean;
  expect: { reason: string; status: string; replycode: string; command: string; hardbounce: boolean };
}

export const REFUSALS: readonly Refusal[] = [
  {
    user: 'nosuchuser',
    // Gmail, multi-line
    reply:
      '550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n' +
      "550-5.1.1 double-checking the recipient's email address for typos or\r\n" +
      '550-5.1.1 unnecessary spaces. For more information, go to\r\n' +
      '550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1-20020a05 - gsmtp\r\n',
    expect: { reason: 'userunknown', status: '5.1.1', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'full',
    // Exchange / Office 365
    reply: '552 5.2.2 STOREDRV.Deliver; recipient mailbox is full\r\n',
    expect: { reason: 'mailboxfull', status: '5.2.2', replycode: '552', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'banned',
    // Office 365
    reply: '550 5.7.606 Access denied, banned sending IP [127.0.0.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions.\r\n',
    expect: { reason: 'blocked', status: '5.7.606', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'relay',
    // Postfix
    reply: '554 5.7.1 <relay@remote.example>: Relay access denied\r\n',
    expect: { reason: 'norelaying', status: '5.7.1', replycode: '554', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'disabled',
    // Gmail
    reply:
      '550-5.2.1 The email account that you tried to reach is disabled. Learn more at\r\n' +
      '550 5.2.1  https://support.google.com/mail/?p=DisabledUser b2-20020a05 - gsmtp\r\n',
    expect: { reason: 'suspend', status: '5.2.1', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'spam',
    atData: true,
    // Exim with a content scanner
    reply: '550 5.7.1 Message rejected as spam by Content Filtering.\r\n',
    expect: { reason: 'spamdetected', status: '5.7.1', replycode: '550', command: 'DATA', hardbounce: false },
  },
  {
    user: 'big',
    atData: true,
    reply: '552 5.3.4 Message size exceeds fixed maximum message size\r\n',
    expect: { reason: 'emailtoolarge', status: '5.3.4', replycode: '552', command: 'DATA', hardbounce: false },
  },
  {
    user: 'dmarc',
    atData: true,
    // Gmail
    reply:
      '550-5.7.26 Unauthenticated email from test.example is not accepted due to domain\'s\r\n' +
      '550-5.7.26 DMARC policy. Please contact the administrator of test.example domain if\r\n' +
      '550 5.7.26 this was a legitimate mail. c3-20020a05 - gsmtp\r\n',
    expect: { reason: 'authfailure', status: '5.7.26', replycode: '550', command: 'DATA', hardbounce: false },
  },
  {
    user: 'yahoonouser',
    // Yahoo: no enhanced status code, so Postfix's own 5.0.0 is the status
    reply: "554 delivery error: dd This user doesn't have a remote.example account (yahoonouser@remote.example) [0] - mta1234.mail.bf1.yahoo.com\r\n",
    expect: { reason: 'userunknown', status: '5.0.0', replycode: '554', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'o365nouser',
    reply: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient o365nouser@remote.example not found by SMTP address lookup\r\n',
    expect: { reason: 'userunknown', status: '5.1.10', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'outlooknouser',
    // Outlook.com: a generic status code, the words say it
    reply: '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [BN1NAM02FT032.eop-nam02.prod.protection.outlook.com]\r\n',
    expect: { reason: 'userunknown', status: '5.5.0', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'moved',
    reply: '551 5.1.6 User has moved; please try <moved@elsewhere.example>\r\n',
    expect: { reason: 'hasmoved', status: '5.1.6', replycode: '551', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'spamhaus',
    // Postfix with a DNS blocklist
    reply: '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1\r\n',
    expect: { reason: 'blocked', status: '5.7.1', replycode: '554', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'noptr',
    // Postfix reject_unknown_client_hostname
    reply: '550 5.7.25 Client host rejected: cannot find your hostname, [127.0.0.1]\r\n',
    expect: { reason: 'requireptr', status: '5.7.25', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'spf',
    // Office 365
    reply: '550 5.7.23 The message was rejected because of Sender Policy Framework violation\r\n',
    expect: { reason: 'authfailure', status: '5.7.23', replycode: '550', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'yahoopolicy',
    atData: true,
    reply: '554 5.7.9 Message not accepted for policy reasons.  See https://help.yahoo.com/kb/postmaster/SLN7253.html\r\n',
    expect: { reason: 'policyviolation', status: '5.7.9', replycode: '554', command: 'DATA', hardbounce: false },
  },
  {
    user: 'virus',
    atData: true,
    reply: '550 5.7.0 Virus found in message: Eicar-Signature\r\n',
    expect: { reason: 'virusdetected', status: '5.7.0', replycode: '550', command: 'DATA', hardbounce: false },
  },
  {
    user: 'loop',
    atData: true,
    // Office 365
    reply: '554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [DM6NAM12FT031.eop-nam12.prod.protection.outlook.com]\r\n',
    expect: { reason: 'networkerror', status: '5.4.14', replycode: '554', command: 'DATA', hardbounce: false },
  },
  {
    user: 'gmailfull',
    // Gmail, temporary: tried once by this peer, so bounced at once
    reply:
      "452-4.2.2 The recipient's inbox is out of storage space. Please direct the\r\n" +
      '452-4.2.2 recipient to\r\n' +
      '452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp d4-20020a05 - gsmtp\r\n',
    expect: { reason: 'mailboxfull', status: '4.2.2', replycode: '452', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'quota',
    atData: true,
    // Dovecot LMTP/LDA (lib-storage quota), at the end of DATA
    reply: '552 5.2.2 <quota@remote.example> Quota exceeded (mailbox for user is full)\r\n',
    expect: { reason: 'mailboxfull', status: '5.2.2', replycode: '552', command: 'DATA', hardbounce: false },
  },
  {
    user: 'sendmailuser',
    // Sendmail
    reply: '550 5.1.1 <sendmailuser@remote.example>... User unknown\r\n',
    expect: { reason: 'userunknown', status: '5.1.1', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'unrouteable',
    // Exim, no enhanced code: Postfix writes 5.0.0
    reply: '550 Unrouteable address\r\n',
    expect: { reason: 'hostunknown', status: '5.0.0', replycode: '550', command: 'RCPT', hardbounce: true },
  },
  {
    user: 'gmailrate',
    reply:
      '450-4.2.1 The user you are trying to contact is receiving mail at a rate that\r\n' +
      '450-4.2.1 prevents additional messages from being delivered. Please resend your\r\n' +
      '450 4.2.1 message at a later time. e5-20020a05 - gsmtp\r\n',
    expect: { reason: 'ratelimited', status: '4.2.1', replycode: '450', command: 'RCPT', hardbounce: false },
  },
  {
    user: 'grey',
    // postgrey, for ever: the sender's retries run out ("expired", RFC 6647: greylisting only defers)
    reply: '451 4.7.1 <grey@remote.example>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/remote.example.html\r\n',
    expect: { reason: 'expired', status: '4.7.1', replycode: '451', command: 'RCPT', hardbounce: false },
  },
];

/** What a record says of a refusal, in the shape of Refusal.expect (compared with it whole). */
export function verdictOf(r: BounceRecord): Refusal['expect'] {
  return { reason: r.reason, status: r.status, replycode: r.replycode, command: r.command, hardbounce: r.hardbounce };
}

/**
 * A scripted remote giving `cases`: RCPT TO is answered by the recipient's local part ("multi-"
 * recipients answer as the case they name; others are accepted), the end of DATA by the first
 * accepted recipient's. EHLO has no extensions (so Postfix writes its own "relayed" notice for
 * NOTIFY=SUCCESS) unless given.
 */
export function startRefusingMx(cases: readonly Refusal[], extensions: string[] = []): Promise<ScriptedMx> {
  return startScriptedMx({
    extensions,
    rcpt: (user) =>
      // (lines arrive as latin1: an internationalised local part is refused without echoing it)
      /[\x80-\xff]/.test(user)
        ? '550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table\r\n'
        : cases.find((x) => !x.atData && x.user === user.replace(/^multi-/, ''))?.reply,
    data: (first) => cases.find((x) => x.atData && x.user === first)?.reply,
  });
}

/**
 * The Message-ID of the message a notice returns (its rfc822 or headers part, global or not),
 * when it starts with `prefix` ("<bounce-"): how a test tells which of its messages bounced.
 */
export function returnedMessageId(notice: string, prefix: string): string | undefined {
  const returned = notice.slice(notice.search(/^Content-Type: (?:text\/rfc822-headers|message\/rfc822|message\/global(?:-headers)?)/im));
  const id = /^Message-ID: *(<[^>]+>)/im.exec(returned)?.[1];
  return id?.startsWith(prefix) ? id : undefined;
}
