/** @module bounce/reasons/blocked: the sending server (its IP address) is refused (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'blocked',
  from('DNS blocklist rejections (Postfix reject_rbl_client, Exim dnslists, Sendmail dnsbl)', [
    'blocked using ', /client host \[?[^ ]+\]? blocked using/, /(?<!not )listed at /, /(?<!not )listed in /, 'blacklisted by', 'blocklisted',
    'blacklisted', 'is on a blocklist', 'on our block list', 'spamhaus', 'spamcop', 'barracudacentral', 'sorbs', 'abuseat.org', 'dnsbl',
    ' rbl ', 'rbl:', 'rbl restriction', 'realtime blackhole', 'block list', 'blocklist',
  ]),
  from('Sisimai 4.25.15 Reason/Blocked', [
    ' said: 550 blocked', /\([^ ]+@[^ ]+:blocked\)/, /access from ip address [^ ]+ blocked/, 'bad sender ip address', 'banned sending ip',
    /(?:blocked|refused) - see https?:\/\//, 'cannot resolve your address', 'but my name was rejected',
    /client host [^ ]+ blocked using/, 'client host rejected: abus detecte gu_eib_0', 'client host rejected: may not be mail exchanger',
    'client host rejected: was not authenticated', 'confirm this mail server', 'connection dropped', 'connection refused by',
    'connection reset by peer', 'connection was dropped by remote host', 'connections not accepted from ip addresses on spamhaus xbl',
    /connections will not be accepted from [^ ]+, because the ip is in spamhaus's list/, 'currently sending spam see: ',
    /dnsbl:(?:attrbl|rbl \d+< .+ >_is_blocked)/, 'dynamic/zombied/spam ips blocked', /email blocked by (?:[^ ]+\.barracudacentral\.org|spamhaus)/,
    'error: no valid recipients from ', 'esmtp not accepting connections', 'extreme bad ip profile', 'go away', 'helo command rejected:',
    /host [^ ]+ refused to talk to me: \d+ blocked/, 'host network not allowed', 'hosts with dynamic ip', 'http://www.spamcop.net/bl.',
    'invalid ip for sending mail of domain', /ip \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3} is blocked by earthlink/,
    /is (?:in a black list|in an [^ ]+rbl on [^ ]+)/, /mail server at [^ ]+ is blocked/, /mail from \d+\.\d+\.\d+\.\d+ refused:/,
    /message from [^ ]+ rejected based on blacklist/, 'no access from mail server', 'not currently accepting mail from your ip',
    'part of their network is on our block list', 'please use the smtp server of your isp', 'rejecting open proxy',
    'sender ip address rejected', /server ip [^ ]+ listed as abusive/, 'service not available, closing transmission channel',
    'smtp error from remote mail server after initial connection:',
    'sorry, your remotehost looks suspiciously like spammer', 'temporarily deferred due to unexpected volume or user complaints',
    /the (?:email|domain|ip) [^ ]+ is blacklisted/, 'to submit messages to this e-mail system has been rejected',
    'too many spams from your ip', 'too many unwanted messages have been sent from the following ip address above',
    /veuillez essayer plus tard\. service refused, please try later\. [0-9a-z_]+(?:103|510)/, /was blocked by [^ ]+/,
    'we do not accept mail from dynamic ips', 'you are not allowed to connect', 'you are sending spam',
    'your email address has been blacklisted', 'your network is temporary blacklisted', /your sender's ip address is listed at [^ ]+\.abuseat\.org/,
    'your server requires confirmation',
  ]),
  from('Microsoft, Yahoo, AOL, Apple, Comcast, Cox, Orange/FrancePTT, Verizon reply texts', [
    'access denied, banned sending ip', 'part of their network is on our block list (s3150)', '(s3140)', '(s3130)',
    'is not allowed to send mail from this ip', 'your ip has been blocked', 'your ip is blocked', 'ip address blocked', 'ip blocked',
    'ip banned', 'your access to this mail system has been rejected', 'your server is on a blocklist', 'is listed on', 'blocked for abuse',
    'not accepting mail from this ip', 'dynamic ip', 'residential ip', 'mail from this host is not accepted',
  ]),
  weak('generic refusals of the client (many MTAs)', [
    'blocked by our', 'has been blocked', 'is blocked', 'messages from your ip', 'mail from your ip', 'access denied', 'client host rejected',
    'connection refused', 'connection rejected', 'rejected connection', 'refused to talk to me', 'blocked',
  ]),
);
