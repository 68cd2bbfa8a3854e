/**
 * @module probes/incoming/software
 * Guesses the server software from an IMAP/POP3 greeting (what the server says about
 * itself; many hide it, so null is common and normal).
 */
const PATTERNS: [RegExp, string][] = [
  [/dovecot/i, 'Dovecot'],
  [/cyrus/i, 'Cyrus IMAP'],
  [/courier/i, 'Courier'],
  [/microsoft exchange|exchange server|outlook\.com|office ?365/i, 'Microsoft Exchange'],
  [/gimap|gpop|gmail/i, 'Gmail'],
  [/zimbra/i, 'Zimbra'],
  [/uw imap|panda imap/i, 'UW IMAP'],
  [/stalwart/i, 'Stalwart'],
  [/qpopper/i, 'Qpopper'],
  [/hmailserver/i, 'hMailServer'],
  [/mdaemon/i, 'MDaemon'],
  [/icewarp|merak/i, 'IceWarp'],
  [/yahoo/i, 'Yahoo'],
];

export function guessSoftware(greeting: string): string | null {
  for (const [re, name] of PATTERNS) if (re.test(greeting)) return name;
  return null;
}
