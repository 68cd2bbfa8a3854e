/** @module bounce/reasons/spamdetected: the message was judged to be spam (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'spamdetected',
  from('SpamAssassin, Amavis, rspamd, Barracuda, Proofpoint, Mimecast, Cisco IronPort texts', [
    'unsolicited', 'bulk mail', 'bulk email', 'junk mail', 'message content rejected', 'content rejected',
    'rejected by content filter', 'content filter rejection', 'rejected by spam filter', 'identified as spam', 'detected as spam',
    'classified as spam', 'looks like spam', 'scored as spam', 'considered spam', 'high spam score',
  ]),
  from('Sisimai 4.25.15 Reason/SpamDetected ("spam ..." forms)', [
    'spam detected', 'spam blocked', 'spam check', 'spam content matched', 'spam email', 'spam not accepted', 'spam refused',
    'spam rejection', 'spam score ', 'spam message rejected.', /spam [^ ]+ exceeded/, 'spam reporting address',
  ]),
  weak('generic wording', ['spam']),
  from('Sisimai 4.25.15 Reason/SpamDetected', [
    /(?:\d\.\d\.\d|\d{3}) spam$/, /554 5\.7\.0 reject, id=\d+/, 'appears to be unsolicited', 'blacklisted url in message', 'block for spam',
    'blocked by policy: no spam please', 'blocked by spamassassin', 'blocked for abuse. see http://att.net/blocks', 'denied due to spam list',
    'high probability of spam', 'https://www.spamhaus.org', 'http://www.spamhaus.org', 'listed in work.drbl.imedia.ru', 'mail appears to be unsolicited',
    'mail content denied', /mail rejete\. mail rejected\. [0-9a-z_]+506/, 'may consider spam', 'message considered as spam or virus',
    'message contains spam or virus', 'message detected as spam', 'message is being rejected as it seems to be a spam',
    'message refused by mailmarshal spamprofiler', 'message refused by trustwave seg spamprofiler', 'message rejected as spam',
    'message rejected because of unacceptable content', 'message rejected due to suspected spam content', 'our email server thinks this email is spam',
    /our filters rate at and above \d+ percent probability of being spam/, 'our system has detected that this message is', 'probable spam',
    'reject bulk.advertising', 'rejected: spamassassin score ', /rejected by [^ ]+ \(spam\)/, /rejected due to spam (?:url in )?(?:classification|content)/,
    /rejecting (?:banned|mail) content/, 'related to content with spam-like characteristics', /rule imposed as [^ ]+ is blacklisted on/,
    /sender domain listed at [^ ]+/, 'sending address not accepted due to spam filter', 'spambouncer identified spam', 'spamming not allowed',
    'too much spam.', 'the email message was detected as spam', 'the message has been rejected by spam filtering engine',
    'the message was rejected due to classification as bulk mail', 'the content of this message looked like spam',
    /this (?:e-mail|mail) (?:cannot be forwarded because it was detected as spam|is classified as spam and is rejected)/,
    /this message (?:appears to be spam|has been identified as spam|has been scored as spam with a probability|scored [^ ]+ spam points|was classified as spam|was rejected by recurrent pattern detection system)/,
    'transaction failed spam message not queued', 'we dont accept spam', 'you\'re using a mass mailer',
    /your email (?:appears similar to spam we have received before|breaches local uribl policy|had spam-like |is (?:considered|probably) spam|was detected as spam)/,
    /your message (?:as spam and has prevented delivery|has been (?:temporarily blocked by our filter|rejected because it appears to be spam)|has triggered a spam block|may contain the spam contents|failed several antispam checks)/,
  ]),
);
