/** @module bounce/reasons/rhost/google: Gmail and Google Workspace replies and bounce texts. */
import type { RhostTable } from './types.js';

export const google: RhostTable = {
  name: 'Google',
  hosts: /(?:^|\.)(?:aspmx\.l\.google\.com|gmail-smtp-in\.l\.google\.com|google\.com|googlemail\.com|gmail\.com)$/,
  // every Gmail reply ends with " - gsmtp"; many link to support.google.com/mail
  signature: /\bgsmtp\b|\bsupport\.google\.com\/mail\//i,
  src: 'https://support.google.com/a/answer/3726730 (SMTP error reference); Sisimai Rhost/GoogleApps',
  rules: [
    { reason: 'notaccept', text: ['returned null mx', "doesn't receive email according to the administrator"] },
    { reason: 'networkerror', text: ['dns error:', "dns type 'mx' lookup of", 'had no relevant answers', 'message exceeded 50 hops'] },
    { reason: 'userunknown', text: ['the email account that you tried to reach does not exist', "we weren't able to find the recipient domain"] },
    { reason: 'suspend', text: ['the email account that you tried to reach is disabled', 'the email account that you tried to reach is inactive'] },
    { reason: 'mailboxfull', text: ['the email account that you tried to reach is over quota', "the recipient's inbox is out of storage space", 'email quota exceeded'] },
    { reason: 'emailtoolarge', text: ["your message exceeded google's message size limits"] },
    { reason: 'notcompliantrfc', text: ['is not rfc 5322 compliant', 'messages with multiple addresses in from: header are not accepted', 'missing a valid address in from: header'] },
    { reason: 'authfailure', text: ["is not accepted due to domain's dmarc policy", 'fails to pass authentication checks', 'fails to pass spf checks', 'sender is unauthenticated', 'unauthenticated email is not accepted from this domain'] },
    { reason: 'requireptr', text: ['does not have a ptr record setup', 'the sending ip does not match the ip address of the hostname specified in the pointer (ptr) record'] },
    { reason: 'badreputation', text: ['very low reputation of the sending', 'has been temporarily rate limited due to ip reputation'] },
    { reason: 'blocked', reply: ['421'], text: ['try again later, closing connection'] },
    { reason: 'blocked', text: ['ip not in whitelist for rcpt domain', 'unusual rate of unsolicited mail originating from your ip address', "the ip you're using to send mail is not authorized to send email directly to our servers", 'helo/ehlo argument is invalid'] },
    { reason: 'contenterror', text: ['mail message is malformed'] },
    { reason: 'norelaying', text: ['mail relay denied'] },
    { reason: 'policyviolation', text: ['has a policy that prohibited the mail that you sent', 'our system detected an illegal attachment on your message'] },
    { reason: 'contenterror', text: ['this message was blocked because its content presents a potential security issue'] },
    { reason: 'rejected', text: ['mail sending denied'] },
    { reason: 'failedstarttls', text: ['tls required for rcpt domain', 'must issue a starttls command first'] },
    { reason: 'securityerror', text: ['application-specific password required', 'please log in with your web browser and then try again', 'username and password not accepted', 'invalid credentials for relay', 'authentication required.'] },
    { reason: 'spamdetected', text: ['this message is likely unsolicited mail', 'has detected that this message is likely suspicious'] },
    { reason: 'ratelimited', text: ['is receiving mail too quickly', 'is receiving mail at a rate that prevents additional messages from being delivered', 'peak smtp relay limit exceeded', 'daily smtp relay limit exceeded', 'daily sending quota exceeded', 'your message has too many recipients', 'multiple destination domains per transaction is unsupported'] },
    { reason: 'syntaxerror', text: ['smtp protocol violation', 'starttls may not be repeated', 'too many unrecognized commands', 'unimplemented command', 'ehlo/helo first', 'mail first', 'rcpt first', 'no identity changes permitted', 'unrecognized authentication type'] },
    { reason: 'systemerror', text: ['temporary system problem', 'server busy', 'mail server temporarily rejected message', 'domain policy size per transaction exceeded'] },
    { reason: 'expired', text: ['the recipient server did not accept our requests to connect', 'timeout - closing connection'] },
  ],
};
