/** @module bounce/reasons/ratelimited: too many connections, messages or recipients (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'ratelimited',
  from('Sisimai 4.25.15 Reason/TooManyConn (named ratelimited in Sisimai 5)', [
    'all available ips are at maximum connection limit', 'connection rate limit exceeded', 'exceeds per-domain connection limit for',
    'has exceeded the max emails per hour ', 'throttling failure: daily message quota exceeded', 'throttling failure: maximum sending rate exceeded',
    'too many connections', 'too many concurrent smtp connections', 'too many errors from your ip', 'too many recipients',
    'too many smtp sessions for this host', 'trop de connexions, ', 'we have already made numerous attempts to deliver this message',
  ]),
  from('Google 4.2.1/4.7.28/5.4.5, Microsoft 4.7.500-699 / 5.2.2 submission quota, Yahoo TS, Postfix anvil texts', [
    'receiving mail at a rate that prevents additional messages', 'rate limit', 'rate-limit', 'ratelimit', 'rate limited',
    'sending rate', 'too many messages', 'too many emails', 'too many mails', 'too much mail', 'daily sending quota', 'daily user sending quota',
    'sending limit', 'submission quota', 'throttl', 'too fast', 'slow down', 'unusual rate', 'exceeded the rate', 'too many concurrent',
    'max connections', 'connection limit', 'too many sessions', 'resolver.adr.reciplimit',
  ]),
  weak('generic wording', ['temporarily deferred', 'message limit', 'exceeded the limit', 'limit exceeded', 'too many']),
);
