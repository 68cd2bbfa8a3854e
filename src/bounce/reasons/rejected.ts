/** @module bounce/reasons/rejected: the envelope sender (MAIL FROM) was refused (soft). */
import { from, table } from './phrase.js';

export default table(
  'rejected',
  from('Postfix reject_unknown_sender_domain, reject_non_fqdn_sender, reject_unverified_sender; Exim sender verify', [
    'sender address rejected', 'sender verify failed', 'sender address verification failed', 'sender domain not found',
    'sender domain must exist', 'domain of sender address ', 'unverified sender', 'unroutable sender address', 'sender rejected',
    'invalid sender', 'sender is rejected', 'sender not allowed', 'sender denied', 'mail from rejected', 'bad sender',
  ]),
  from('Google Groups and Gmail "Send mail as" notices', [
    'google groups: the group may not exist, or the sender may not post to it', 'the group you tried to contact',
    'may not have permission to post messages to the group', 'using the \'send mail as\' feature',
  ]),
  from('fml mailing list manager notices', ['you are not a member of this mailing list']),
  from('Sisimai 4.25.15 Reason/Rejected', [
    'access denied (in reply to mail from command)', 'access denied (sender blacklisted)', 'administrative prohibition',
    'can\'t determine purported responsible address', 'batv failed to verify', 'batv validation failure', 'backscatter protection detected an invalid or expired email address',
    'because the sender isn\'t on the recipient\'s list of senders to accept mail from', 'bogus mail from',
    'connections not accepted from servers without a valid sender domain', 'denied [bouncedeny]', 'denied by secumail valid-address-filter',
    'delivery not authorized, message refused', 'does not exist e2110', 'email address is on senderfilterconfig list', 'emetteur invalide',
    'empty envelope senders not allowed', 'envelope blocked', 'error: no third-party dsns', 'from: domain is invalid. please provide a valid from:',
    'fully qualified email address required', 'invalid domain, see <url:', 'is not a registered gateway user', 'mail from not owned by user',
 'mx records for ', 'null sender is not allowed', 'recipient addresses rejected : access denied',
    'recipient not accepted. (batv: no tag', 'returned mail not accepted here', 'rfc 1035 violation: recursive cname records for',
    'rule imposed mailbox access for', 'sender address has been blacklisted', 'sender email address rejected', 'sender is in my black list',
    'sender is spammer', 'sender not pre-approved', 'sender domain is empty', 'syntax error: empty email address',
    'the message has been rejected by batv defense', 'this server does not accept mail from', 'transaction failed unsigned dsn for',
    'you are not allowed to post to this mailing list', 'you are sending to/from an address that has been blacklisted',
    'your access to submit messages to this e-mail system has been rejected',
  ]),
);
