/**
 * @module probes/incoming/classify
 * Maps an IMAP or POP3 refusal (response code + human text) to a catalog cause, from ONE
 * ordered table. Precedence is explicit, not implicit first-match luck:
 *
 *   1. rules with a code AND a phrase (a vendor refining a generic code, e.g. Dovecot's
 *      "[UNAVAILABLE] Temporary authentication failure" is an auth back-end problem);
 *   2. vendor phrases that are more precise than any code (Gmail puts its reasons under the
 *      generic [ALERT]; Exchange sends no code at all);
 *   3. response codes alone (RFC 5530, RFC 2449, RFC 3206);
 *   4. generic phrases (last resort; the probe then falls back by stage).
 *
 * Each rule notes where its wording comes from. "verified" means seen on the wire from that
 * software (Dovecot 2.3 in the interop tests); "documented" means quoted in the vendor's
 * documentation or source; "reported" means quoted in public client logs and bug reports.
 */
import type { Stage } from '../../core/stage.js';

export type MailProtocol = 'imap' | 'pop3';

export interface ReplyRule {
  /** response code, upper case, without brackets or arguments ("AUTHENTICATIONFAILED", "IN-USE", "SYS/TEMP") */
  code?: string;
  /** matched case-insensitively against the text (a string is a substring test) */
  phrase?: string | RegExp;
  /** only for this protocol */
  protocol?: MailProtocol;
  /** only at these stages */
  stages?: Stage[];
  cause: string;
  /** slot values the cause text needs (e.g. protocol) */
  slots?: Record<string, string>;
  /** remedies specific to this wording, shown before the catalog's */
  remedies?: string[];
  /** where the wording comes from */
  source: string;
  confidence?: 'certain' | 'likely' | 'possible';
}

const MS_OAUTH =
  'Microsoft 365 / Outlook.com no longer accept passwords for IMAP and POP: use OAuth2 (XOAUTH2, --auth-type XOAUTH2 with an access token for scope https://outlook.office.com/IMAP.AccessAsUser.All or POP.AccessAsUser.All).';
const GMAIL_APP_PW = 'Gmail: create an app password (Google Account > Security > App passwords) or use OAuth2.';

/** Tier 1: code + phrase. */
const REFINED: ReplyRule[] = [
  { code: 'UNAVAILABLE', phrase: 'temporary authentication failure', cause: 'auth-temporary-failure', source: 'Dovecot 2.3 auth back-end down (documented, src/auth)' },
  { code: 'SYS/TEMP', phrase: 'temporary authentication failure', cause: 'auth-temporary-failure', source: 'Dovecot 2.3 POP3 (documented)' },
  { code: 'AUTH', phrase: /plaintext authentication (disallowed|not allowed)/, cause: 'login-disabled-plaintext', source: 'Dovecot 2.3 POP3 disable_plaintext_auth (verified)' },
  { code: 'SYS/PERM', phrase: /not enabled for pop/, cause: 'protocol-disabled', slots: { protocol: 'POP3' }, source: 'Gmail POP3 (reported)' },
  { code: 'AUTH', phrase: /application-specific password/, cause: 'auth-app-password-required', remedies: [GMAIL_APP_PW], source: 'Gmail POP3 (reported)' },
  { code: 'AUTH', phrase: /web login required|log ?in via your web browser/, cause: 'web-login-required', source: 'Gmail POP3 (reported)' },
  { code: 'AUTHENTICATIONFAILED', phrase: /application-specific password/, cause: 'auth-app-password-required', remedies: [GMAIL_APP_PW], source: 'Gmail IMAP (reported)' },
];

/** Tier 2: vendor phrases more precise than the code they come with (often [ALERT] or none). */
const VENDOR_PHRASES: ReplyRule[] = [
  { phrase: /application-specific password required/, cause: 'auth-app-password-required', remedies: [GMAIL_APP_PW], source: 'Gmail "[ALERT] Application-specific password required" (reported)' },
  { phrase: /please log ?in via your web browser|web login required/, cause: 'web-login-required', source: 'Gmail "[ALERT] Please log in via your web browser", "[WEBALERT ...] Web login required" (reported)' },
  { phrase: /not enabled for imap/, cause: 'protocol-disabled', slots: { protocol: 'IMAP' }, source: 'Gmail "[ALERT] Your account is not enabled for IMAP use" (reported)' },
  { phrase: /not enabled for pop/, cause: 'protocol-disabled', slots: { protocol: 'POP3' }, source: 'Gmail "Your account is not enabled for POP access" (reported)' },
  { phrase: 'basic authentication is disabled', cause: 'auth-app-password-required', remedies: [MS_OAUTH], source: 'Exchange Online / Outlook.com "NO Basic authentication is disabled." (reported)' },
  { phrase: 'user is authenticated but not connected', cause: 'protocol-disabled', remedies: [MS_OAUTH], source: 'Exchange 2013+ / Exchange Online "BAD User is authenticated but not connected." (documented, Microsoft support)' },
  { phrase: /plaintext authentication (disallowed|not allowed)/, cause: 'login-disabled-plaintext', source: 'Dovecot 2.3 "Plaintext authentication disallowed on non-secure (SSL/TLS) connections." (verified)' },
  { phrase: 'maximum number of connections', cause: 'too-many-sessions', source: 'Dovecot "Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)" (documented)' },
  { phrase: 'too many simultaneous connections', cause: 'too-many-sessions', source: 'Gmail "Too many simultaneous connections. (Failure)" (reported)' },
  { phrase: /account (is )?(disabled|locked|suspended)|account has been (disabled|locked|suspended)/, cause: 'account-disabled', source: 'generic wording (Cyrus, Courier, hosting panels; reported)' },
  { phrase: /password (has )?expired/, cause: 'password-expired', source: 'generic wording (reported)' },
  { phrase: /unable to lock maildrop|maildrop (is )?(already )?locked|mailbox is locked/, cause: 'mailbox-locked', source: 'RFC 2449 example / qpopper, Cyrus POP3 (documented)' },
];

/** Tier 3: response codes alone. */
const CODES: ReplyRule[] = [
  // RFC 5530 (IMAP)
  { code: 'AUTHENTICATIONFAILED', cause: 'auth-bad-credentials', source: 'RFC 5530; Dovecot "Authentication failed.", Gmail "Invalid credentials (Failure)"' },
  { code: 'AUTHORIZATIONFAILED', cause: 'authorization-failed', source: 'RFC 5530' },
  { code: 'EXPIRED', cause: 'password-expired', source: 'RFC 5530' },
  { code: 'PRIVACYREQUIRED', cause: 'login-disabled-plaintext', source: 'RFC 5530; Dovecot "[PRIVACYREQUIRED] Plaintext authentication disallowed..."' },
  { code: 'CONTACTADMIN', cause: 'account-disabled', source: 'RFC 5530' },
  { code: 'OVERQUOTA', cause: 'over-quota', source: 'RFC 5530' },
  { code: 'INUSE', cause: 'mailbox-locked', source: 'RFC 5530' },
  { code: 'LIMIT', cause: 'too-many-sessions', source: 'RFC 5530' },
  { code: 'UNAVAILABLE', cause: 'server-busy', source: 'RFC 5530' },
  { code: 'SERVERBUG', cause: 'server-error', source: 'RFC 5530; Dovecot "Internal error occurred. Refer to server log for more information."' },
  { code: 'NONEXISTENT', cause: 'mailbox-unavailable', source: 'RFC 5530; Dovecot "Mailbox doesn\'t exist: X"' },
  { code: 'NOPERM', cause: 'mailbox-unavailable', source: 'RFC 5530' },
  { code: 'CORRUPTION', cause: 'mailbox-unavailable', source: 'RFC 5530' },
  // RFC 2449 and RFC 3206 (POP3)
  { code: 'IN-USE', cause: 'mailbox-locked', source: 'RFC 2449 section 8.1.1' },
  { code: 'LOGIN-DELAY', cause: 'login-delay', source: 'RFC 2449 section 8.1.2' },
  { code: 'SYS/TEMP', cause: 'server-busy', source: 'RFC 3206 section 4' },
  { code: 'SYS/PERM', cause: 'server-error', source: 'RFC 3206 section 4' },
  { code: 'AUTH', cause: 'auth-bad-credentials', source: 'RFC 3206 section 5; Dovecot "-ERR [AUTH] Authentication failed."' },
];

/** Tier 4: generic phrases. */
const GENERIC: ReplyRule[] = [
  { phrase: /too many (connections|users|sessions)|server (is )?(busy|overloaded)|try again later/, cause: 'server-busy', source: 'generic wording' },
  { phrase: /shutting down|server shutdown/, cause: 'server-busy', source: 'Dovecot "* BYE Server shutting down." (documented)' },
  { phrase: /^login failed\.?$|^authenticate failed\.?$/, stages: ['auth'], cause: 'auth-bad-credentials', confidence: 'likely', source: 'Exchange "NO LOGIN failed." / "NO AUTHENTICATE failed.", Courier "NO Login failed." (reported)' },
  {
    phrase: /invalid (credentials|login|password|user ?name)|authentication fail|login failed|logon failure|bad password|password (is )?(incorrect|wrong)|username and password not accepted|incorrect (user ?name|password)/,
    stages: ['auth'],
    cause: 'auth-bad-credentials',
    source: 'Cyrus "Login failed: authentication failure", Exchange POP3 "Logon failure: unknown user name or bad password.", Gmail "Username and password not accepted." (reported)',
  },
];

export const REPLY_RULES: readonly ReplyRule[] = [...REFINED, ...VENDOR_PHRASES, ...CODES, ...GENERIC];

export interface ReplyToClassify {
  protocol: MailProtocol;
  stage: Stage;
  /** response code name without brackets, e.g. "AUTHENTICATIONFAILED" (null when none) */
  code: string | null;
  /** the human-readable text (code removed or not: both work) */
  text: string;
}

function phraseMatches(p: string | RegExp, text: string): boolean {
  const t = text.toLowerCase().trim();
  return typeof p === 'string' ? t.includes(p) : p.test(t);
}

/** Returns the first matching rule of the ordered table, or null. */
export function classifyReply(r: ReplyToClassify): ReplyRule | null {
  const code = r.code ? r.code.toUpperCase() : null;
  for (const rule of REPLY_RULES) {
    if (rule.protocol && rule.protocol !== r.protocol) continue;
    if (rule.stages && !rule.stages.includes(r.stage)) continue;
    if (rule.code && rule.code !== code) continue;
    if (rule.phrase && !phraseMatches(rule.phrase, r.text)) continue;
    return rule;
  }
  return null;
}
