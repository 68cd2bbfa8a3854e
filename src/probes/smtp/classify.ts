/**
 * @module probes/smtp/classify
 * Maps an SMTP reply to a cause id, from a TABLE of rules. Each rule matches on the dialogue
 * step (stage), the basic reply code, the RFC 3463 enhanced code and/or the reply text, as
 * Postfix, Exim, Exchange/Office 365 and Gmail word them; each carries its source.
 *
 * Precedence is the table order, and it is deliberate (sisimai's lesson): rules keyed on a
 * distinctive text or enhanced code come before the rules keyed on a bare reply code, and a
 * specific reason (blocklist, greylisting, rate limit) before the generic meaning of its code.
 * Postfix delays client, HELO and sender restrictions to RCPT TO (smtpd_delay_reject = yes),
 * so the text rules for them apply at every stage.
 */
import type { Stage } from '../../core/stage.js';

export interface ClassifyInput {
  stage: Stage;
  /** the command the reply answers: 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', '.' (end of data), ... */
  command?: string;
  code: number;
  enhanced: string | null;
  /** the whole reply text (all lines, without codes) */
  text: string;
}

export interface ClassifyRule {
  cause: string;
  /** only at these stages (default: any) */
  stages?: Stage[];
  /** only as answer to these commands (default: any) */
  commands?: string[];
  /** basic reply codes (default: any) */
  codes?: number[];
  /** enhanced status code pattern, e.g. /^5\.7\.(8|139)$/ */
  enhanced?: RegExp;
  /** reply text pattern */
  text?: RegExp;
  /** when both enhanced and text are given: true = either may match (default: both must) */
  either?: boolean;
  /** where this wording comes from */
  source: string;
}

/** The table. First matching row wins. */
export const RULES: readonly ClassifyRule[] = [
  // --- protocol misuse --------------------------------------------------------------
  {
    cause: 'pipelining-violation',
    text: /synchroni[sz]ation error|improper command pipelining/i,
    source: 'Exim "554 SMTP synchronization error"; Postfix "improper command pipelining after EHLO" (smtpd_forbid_unauth_pipelining)',
  },
  // --- connection limits --------------------------------------------------------------
  {
    cause: 'too-many-connections',
    text: /too many (concurrent )?(smtp )?(connections|sessions)|concurrent connections? limit|connection limit|too many open connections|max(imum)? (number of )?connections/i,
    source: 'Postfix anvil "421 4.7.0 host[ip]: Error: too many connections from ip"; Exchange Online "432 4.3.2 Concurrent connections limit exceeded"; Exim "421 Too many concurrent SMTP connections"',
  },
  {
    cause: 'too-many-connections',
    codes: [432],
    stages: ['greeting', 'ehlo', 'mail-from', 'rcpt-to', 'data'],
    source: 'Exchange Online "432 4.3.2 STOREDRV; mailbox server is too busy" / concurrent connection limit',
  },
  // --- client address blocked (DNSBL, reputation, access maps) ---------------------------
  {
    cause: 'client-blocked',
    text: /blocked using|client host (\S+ )?(rejected|blocked)|\bS3140\b|\bS3150\b|banned sending ip|is (in|on) a (black|block) ?list|listed (at|in|on|by) |\b(spamhaus|spamcop|barracuda|sorbs|uceprotect)\b|\bdnsbl\b|\brbl\b|poor reputation|ip address .* (has been )?(blocked|blacklisted|blocklisted)|part of their network is on our block list/i,
    source:
      'Postfix reject_rbl_client "554 5.7.1 Service unavailable; Client host [ip] blocked using zen.spamhaus.org" and check_client_access "Client host rejected: Access denied"; Exim "rejected because ip is in a black list at ..."; Outlook.com "550 5.7.1 ... (S3140)"; Exchange Online 5.7.606-649 "banned sending IP"; Gmail "550-5.7.1 ... The IP you\'re using to send mail is not authorized" / "poor reputation"',
  },
  {
    cause: 'client-blocked',
    enhanced: /^5\.7\.(60[6-9]|6[1-4]\d)$/,
    source: 'Exchange Online 5.7.606-5.7.649 "Access denied, banned sending IP"',
  },
  {
    cause: 'client-blocked',
    enhanced: /^[45]\.7\.25$/,
    source: 'RFC 7372 X.7.25 "Reverse DNS validation failed"; Postfix "450 4.7.25 Client host rejected: cannot find your hostname"',
  },
  // --- HELO -----------------------------------------------------------------------------
  {
    cause: 'helo-rejected',
    text: /helo command rejected|invalid (helo|ehlo)|bad (helo|ehlo)|(helo|ehlo) (name|hostname|argument) (rejected|invalid|not)|need fully-qualified hostname/i,
    source: 'Postfix reject_invalid_helo_hostname / reject_non_fqdn_helo_hostname "504 5.5.2 <x>: Helo command rejected: need fully-qualified hostname"; Exim "550 HELO/EHLO argument invalid"',
  },
  {
    cause: 'helo-rejected',
    stages: ['ehlo'],
    codes: [501, 504, 550, 553, 554],
    source: 'RFC 5321 4.1.1.1: 501/550 to EHLO/HELO refuses the name given',
  },
  // --- encryption required -----------------------------------------------------------
  {
    cause: 'encryption-required',
    text: /must (issue|use|send) (a )?starttls|starttls (is )?required|starttls first|tls (is )?required|requires? (tls|encryption)|encryption required|not (allowed )?(over|on|without) (an )?(unencrypted|plain|insecure)/i,
    source: 'RFC 3207 "530 5.7.0 Must issue a STARTTLS command first" (Postfix smtpd_tls_security_level = encrypt); Exchange Online "451 5.7.3 STARTTLS is required to send mail"; RFC 4954 "538 5.7.11 Encryption required for requested authentication mechanism"',
  },
  {
    cause: 'encryption-required',
    enhanced: /^5\.7\.11$/,
    codes: [538],
    either: true,
    source: 'RFC 4954 section 6: 538 5.7.11',
  },
  // --- login ------------------------------------------------------------------------------
  {
    cause: 'auth-app-password-required',
    text: /application-specific password|app password|basic authentication is disabled|smtpclientauthentication is disabled|smtp auth(entication)? is disabled|please log ?in (via|with) your web browser|web login required|less secure app/i,
    source: 'Gmail "534-5.7.9 Application-specific password required", "534-5.7.14 Please log in via your web browser"; Exchange Online "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant", "basic authentication is disabled"',
  },
  {
    cause: 'auth-app-password-required',
    enhanced: /^5\.7\.(9|14|139)$/,
    stages: ['auth'],
    source: 'Gmail 5.7.9 / 5.7.14; Exchange Online 5.7.139',
  },
  {
    cause: 'password-expired',
    stages: ['auth'],
    codes: [432],
    enhanced: /^4\.7\.12$/,
    either: true,
    source: 'RFC 4954 section 6: "432 4.7.12 A password transition is needed"',
  },
  {
    cause: 'account-disabled',
    text: /account (is )?(disabled|locked|suspended|blocked)|user account disabled|bad outbound sender|sender (is )?blocked for spam|mailbox has been disabled/i,
    source: 'RFC 5248 "525 5.7.13 User account disabled"; Exchange Online "550 5.1.8 Access denied, bad outbound sender"',
  },
  {
    cause: 'account-disabled',
    enhanced: /^5\.7\.13$/,
    codes: [525],
    either: true,
    source: 'RFC 5248 5.7.13',
  },
  {
    cause: 'auth-temporary-failure',
    stages: ['auth'],
    codes: [454, 451, 452, 421],
    source: 'RFC 4954 section 6: "454 4.7.0 Temporary authentication failure" (Postfix/Dovecot SASL back-end down)',
  },
  {
    cause: 'auth-mechanism-unsupported',
    stages: ['auth'],
    codes: [504],
    enhanced: /^5\.(5\.4|7\.4)$/,
    either: true,
    source: 'RFC 4954: "504 5.5.4 Unrecognized authentication type"; Exchange "504 5.7.4 Unrecognized authentication type"',
  },
  {
    cause: 'auth-mechanism-unsupported',
    stages: ['auth'],
    codes: [534],
    text: /too weak/i,
    source: 'RFC 4954 section 6: "534 5.7.9 Authentication mechanism is too weak"',
  },
  {
    cause: 'auth-app-password-required',
    stages: ['auth'],
    codes: [534],
    source: 'Gmail answers 534 when a normal password is refused for lack of an app password / OAuth2',
  },
  {
    cause: 'auth-not-offered',
    stages: ['auth'],
    text: /authentication (is )?not (enabled|available|supported)|auth(entication)? not advertised/i,
    source: 'Postfix "503 5.5.1 Error: authentication not enabled"',
  },
  {
    cause: 'auth-bad-credentials',
    stages: ['auth'],
    codes: [535],
    source: 'RFC 4954 "535 5.7.8 Authentication credentials invalid"; Postfix "535 5.7.8 Error: authentication failed"; Gmail "535-5.7.8 Username and Password not accepted"; Exchange Online "535 5.7.3 Authentication unsuccessful"',
  },
  {
    cause: 'auth-bad-credentials',
    stages: ['auth'],
    enhanced: /^5\.7\.8$/,
    source: 'RFC 4954 5.7.8 with a non-standard basic code',
  },
  {
    cause: 'auth-required',
    text: /authentication required|auth(entication)? is required|not authenticated|must (be )?authenticat|sender address rejected: not logged in|please authenticate|login required|relaying requires authentication/i,
    source: 'RFC 4954 "530 5.7.0 Authentication required"; Exchange Online "530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM"; Postfix reject_sender_login_mismatch "553 5.7.1 <x>: Sender address rejected: not logged in"',
  },
  {
    cause: 'auth-required',
    enhanced: /^5\.7\.57$/,
    codes: [530],
    either: true,
    source: 'RFC 4954 530; Exchange Online 5.7.57',
  },
  // --- rate limits and greylisting --------------------------------------------------------
  {
    cause: 'rate-limited',
    text: /rate limit|rate-limit|ratelimit|too many (messages|mails|emails|recipients)|too much mail|sending (limit|quota)|submission ?quota|(daily|hourly) (user )?(sending )?(quota|limit)|exceeded (the )?(sending|message|rate)|unusual rate|message rate|sender thread limit/i,
    source:
      'Gmail "421-4.7.28 ... unusual rate of unsolicited mail", "550-5.4.5 Daily user sending quota exceeded"; Exchange Online "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException"; Postfix anvil "450 4.7.1 Error: too much mail from ip"',
  },
  {
    cause: 'rate-limited',
    enhanced: /^(4\.7\.28|5\.4\.5|4\.4\.5)$/,
    source: 'Gmail 4.7.28 (rate of unsolicited mail), 5.4.5 (daily sending quota)',
  },
  {
    cause: 'greylisted',
    codes: [450, 451, 452, 421],
    text: /gr[ae]y ?-?list|try again later|please retry later|retry (again )?later|temporar(il)?y (rejected|deferred)|come back later/i,
    source: 'postgrey "450 4.2.0 <rcpt>: Recipient address rejected: Greylisted, see http://postgrey..."; rspamd/Exim "451 4.7.1 Try again later"; Gmail "450-4.2.1 ... is receiving mail at a rate that prevents additional messages"',
  },
  // --- envelope: sender ---------------------------------------------------------------------
  {
    cause: 'sender-rejected',
    text: /not owned by (the )?user|sendasdenied|send ?as (permission )?denied|does not have permissions? to send as|not (allowed|authori[sz]ed|permitted) to send (as|from|on behalf)|sender address rejected: not owned|from address .* not (allowed|permitted)/i,
    source: 'Postfix reject_sender_login_mismatch "553 5.7.1 <a@x>: Sender address rejected: not owned by user b@x"; Exchange Online "550 5.7.60 SMTP; Client does not have permissions to send as this sender" (SendAsDenied)',
  },
  {
    cause: 'sender-rejected',
    enhanced: /^5\.7\.60$/,
    source: 'Exchange Online 5.7.60 SendAsDenied',
  },
  {
    cause: 'sender-address-invalid',
    text: /sender address rejected: (domain not found|need fully-qualified address|malformed|user unknown)|sender domain .*(not found|does not exist|unknown)|sender verify failed|bad sender address syntax|invalid sender|sender address (is )?invalid|sender address has null mx/i,
    source: 'Postfix reject_unknown_sender_domain "450 4.1.8 <x@y>: Sender address rejected: Domain not found", reject_non_fqdn_sender; Exim "550 Sender verify failed"; RFC 7505 "550 5.7.27 Sender address has null MX"',
  },
  {
    cause: 'sender-address-invalid',
    enhanced: /^[45]\.1\.[78]$|^5\.7\.27$/,
    source: 'RFC 3463 X.1.7 "Bad sender\'s mailbox address syntax", X.1.8 "Bad sender\'s system address"; RFC 7505 5.7.27',
  },
  {
    // what remains of a permanent refusal of MAIL FROM that speaks of the sender: a policy
    cause: 'sender-rejected',
    stages: ['mail-from'],
    codes: [550, 551, 553, 554],
    text: /sender|from address|envelope from|not allowed|access denied|refused|rejected/i,
    source: 'Postfix check_sender_access "550 5.7.1 <a@x>: Sender address rejected: Access denied"; "550 5.7.1 Sender not allowed"',
  },
  {
    // Postfix names the restriction that fired, and reports sender restrictions at RCPT TO
    // (smtpd_delay_reject = yes, the default)
    cause: 'sender-rejected',
    text: /sender address rejected:/i,
    source: 'Postfix smtpd_sender_restrictions, reported at RCPT TO: "554 5.7.1 <a@x>: Sender address rejected: Access denied"',
  },
  // --- envelope: relay and recipients --------------------------------------------------------
  {
    cause: 'relay-denied',
    text: /relay(ing)? access denied|unable to relay|relay(ing)? (is )?(denied|not permitted|prohibited)|not permitted to relay|we do not relay|relay not (allowed|permitted)|non-accepted domain/i,
    source: 'Postfix reject_unauth_destination "554 5.7.1 <x>: Relay access denied"; Exchange "550 5.7.1 Unable to relay", "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain"; Exchange Online "5.7.64 TenantAttribution; Relay Access Denied"',
  },
  {
    cause: 'relay-denied',
    enhanced: /^5\.7\.(54|64)$|^5\.4\.1$/,
    stages: ['rcpt-to'],
    source: 'Exchange 5.7.54; Exchange Online 5.7.64 / 5.4.1 "Relay Access Denied"',
  },
  {
    cause: 'message-too-large',
    text: /message (size )?exceeds|message (is )?too (big|large)|size limit|exceeds (the )?(fixed |maximum )?(message )?size/i,
    source: 'Postfix "552 5.3.4 Message size exceeds fixed limit"; Gmail "552-5.3.4 Your message exceeded Google\'s message size limits"',
  },
  {
    cause: 'message-too-large',
    enhanced: /^5\.3\.4$|^5\.2\.3$/,
    source: 'RFC 3463 5.3.4 "Message too big for system", 5.2.3 "Message length exceeds administrative limit"',
  },
  {
    cause: 'mailbox-full',
    text: /mailbox (is )?full|over ?quota|quota exceeded|exceeded (its )?storage allocation|mailbox size limit|insufficient (mailbox )?storage for (the )?(user|recipient)/i,
    source: 'Gmail "452-4.2.2 The email account that you tried to reach is over quota"; Dovecot LMTP "552 5.2.2 <x> Quota exceeded (mailbox for user is full)"',
  },
  {
    cause: 'mailbox-full',
    enhanced: /^[45]\.2\.2$/,
    source: 'RFC 3463 X.2.2 "Mailbox full"',
  },
  {
    cause: 'recipient-unknown',
    text: /user unknown|unknown user|no such (user|mailbox|recipient)|recipient not found|recipientnotfound|unrouteable address|mailbox unavailable|does not exist|address rejected: undeliverable|unverified address|recipient address rejected: domain not found|invalid recipient|not a valid mailbox|unknown (local part|recipient)/i,
    stages: ['rcpt-to'],
    source: 'Postfix "550 5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table", "450 4.1.1 ... unverified address"; Exim "550 Unrouteable address"; Gmail "550-5.1.1 The email account that you tried to reach does not exist"; Exchange Online "550 5.1.10 RESOLVER.ADR.RecipientNotFound"',
  },
  {
    cause: 'recipient-unknown',
    enhanced: /^[45]\.1\.(0|1|2|3|6|10)$/,
    stages: ['rcpt-to'],
    source: 'RFC 3463 X.1.1 "Bad destination mailbox address", X.1.2 "Bad destination system address", X.1.6 "Mailbox has moved"; RFC 7505 5.1.10',
  },
  // --- content -----------------------------------------------------------------------------
  {
    cause: 'message-rejected',
    stages: ['data'],
    commands: ['.'],
    codes: [550, 552, 554, 553, 551],
    source: 'RFC 5321: a 5xx after the final dot refuses the message; Gmail "550-5.7.26 ... unauthenticated", "552-5.7.0 ... blocked for security reasons"; Exchange "554 5.7.1 ... spam"; Exim "550 Rejected by content filter"',
  },
  {
    cause: 'message-rejected',
    stages: ['data'],
    enhanced: /^5\.(6|7)\.\d+$/,
    source: 'RFC 3463 5.6.x (media/content) and 5.7.x (security/policy) at DATA',
  },
  // --- service state ------------------------------------------------------------------------
  {
    cause: 'service-unavailable',
    stages: ['greeting'],
    codes: [421, 554],
    source: 'RFC 5321 3.1: "554 No SMTP service here" / "421 Service not available" as greeting',
  },
  {
    cause: 'service-unavailable',
    codes: [421],
    source: 'RFC 5321 3.8: "421 4.3.2 Service not available, closing transmission channel" at any point',
  },
];

export interface Classification {
  cause: string;
  /** index of the matching rule in RULES, -1 for the fallback */
  rule: number;
  source: string;
}

function matches(rule: ClassifyRule, input: ClassifyInput): boolean {
  if (rule.stages && !rule.stages.includes(input.stage)) return false;
  if (rule.commands && (!input.command || !rule.commands.includes(input.command))) return false;
  if (rule.either) {
    const byCode = rule.codes ? rule.codes.includes(input.code) : false;
    const byEnh = rule.enhanced ? input.enhanced !== null && rule.enhanced.test(input.enhanced) : false;
    const byText = rule.text ? rule.text.test(input.text) : false;
    return byCode || byEnh || byText;
  }
  if (rule.codes && !rule.codes.includes(input.code)) return false;
  if (rule.enhanced && (input.enhanced === null || !rule.enhanced.test(input.enhanced))) return false;
  if (rule.text && !rule.text.test(input.text)) return false;
  return true;
}

/** Classifies a failure reply (4xx/5xx, or an unexpected code) into a cause id. */
export function classifyReply(input: ClassifyInput): Classification {
  for (let i = 0; i < RULES.length; i++) {
    const rule = RULES[i] as ClassifyRule;
    if (matches(rule, input)) return { cause: rule.cause, rule: i, source: rule.source };
  }
  if (input.code >= 400 && input.code < 500) return { cause: 'smtp-temporary-failure', rule: -1, source: 'RFC 5321 4.2.1: 4yz transient negative completion' };
  return { cause: 'unexpected-reply', rule: -1, source: 'no rule matched' };
}
