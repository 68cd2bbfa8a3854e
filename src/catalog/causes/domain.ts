/**
 * @module catalog/causes/domain
 * A domain's mail authentication and policy records (SPF, DKIM, DMARC, MTA-STS, TLS-RPT),
 * and the reputation of its addresses on DNS blocklists. MX and reverse-DNS causes are in
 * causes/dns.ts; the client-settings findings reuse the account causes (causes/account.ts).
 */
import type { CauseDef } from '../types.js';

const SPF_TREE = 'Run "maildoctor domain {domain|DOMAIN} -v" to see the lookup tree with the count of each include.';

export const domainCauses: CauseDef[] = [
  // ---------------------------------------------------------------- SPF (RFC 7208)
  {
    id: 'spf-missing',
    area: 'domain',
    severity: 'error',
    title: '{domain|The domain} has no SPF record',
    explanation:
      'No TXT record starting with "v=spf1" exists, so receivers cannot tell which servers may send mail for the domain (SPF result "none"). Gmail and Yahoo require SPF or DKIM from every sender, and DMARC can only pass through SPF with one.',
    remedies: [
      'Publish one TXT record at {domain|the domain} listing the servers that send its mail, for example "v=spf1 mx include:_spf.yourprovider.example -all".',
      'If the domain sends no mail at all, publish "v=spf1 -all".',
    ],
    references: ['RFC 7208 section 4.5'],
  },
  {
    id: 'spf-multiple-records',
    area: 'domain',
    severity: 'error',
    title: '{name|The domain} has {count|several} SPF records',
    explanation:
      'A domain must have exactly one TXT record starting with "v=spf1". With two or more, every SPF check of mail from it ends in "permerror", which receivers treat like a failure. This usually happens when a second provider\'s record is added instead of merged.',
    remedies: ['Merge the records into one: keep one "v=spf1", all mechanisms of both records, and one "all" at the end.'],
    references: ['RFC 7208 section 4.5', 'RFC 7208 section 3.2'],
  },
  {
    id: 'spf-syntax-error',
    area: 'domain',
    severity: 'error',
    title: 'SPF record of {name|the domain} is invalid: {detail|syntax error}',
    explanation:
      'A term of the record does not follow the SPF grammar (unknown mechanism, bad address or prefix length, missing domain, bad macro, duplicate modifier). Receivers stop at the error and return "permerror" for every message.',
    remedies: [
      'Correct the term shown; valid mechanisms are all, include, a, mx, ptr, ip4, ip6 and exists, valid modifiers redirect= and exp=, each separated by one space.',
      'Check the record with "maildoctor domain {domain|DOMAIN}" after the change.',
    ],
    references: ['RFC 7208 section 12 (ABNF)', 'RFC 7208 section 4.6'],
  },
  {
    id: 'spf-too-many-lookups',
    area: 'domain',
    severity: 'error',
    title: 'SPF of {domain|the domain} needs {count|more than 10} DNS lookups; the limit is 10',
    explanation:
      'Evaluating the record, with its includes and redirects, takes more than 10 of the DNS-querying terms (include, a, mx, ptr, exists, redirect). Receivers stop at the 11th and return "permerror", so SPF fails for every sender. {detail|}',
    remedies: [
      'Remove includes of services you no longer use, and mechanisms that repeat (a and mx naming the same host).',
      'Replace an include by the ip4/ip6 ranges it contains ("flattening"), preferably for the include that costs the most lookups, and keep it up to date.',
      'Move some senders to a subdomain with its own SPF record (for example news.{domain|example.com}).',
      SPF_TREE,
    ],
    references: ['RFC 7208 section 4.6.4'],
  },
  {
    id: 'spf-lookups-near-limit',
    area: 'domain',
    severity: 'info',
    title: 'SPF of {domain|the domain} needs {count|?} of the 10 allowed DNS lookups',
    explanation:
      'The record is valid, but close to the limit: one more include, or a provider adding a lookup to its own record, takes it over 10 and every SPF check ends in "permerror".',
    remedies: ['Remove unused includes or flatten one before adding another service.', SPF_TREE],
    references: ['RFC 7208 section 4.6.4'],
  },
  {
    id: 'spf-too-many-void-lookups',
    area: 'domain',
    severity: 'error',
    title: 'SPF of {domain|the domain} has {count|more than 2} lookups that find nothing; the limit is 2',
    explanation:
      'Terms whose DNS name does not exist or has no records ("void lookups") are limited to 2 per evaluation. Above that receivers return "permerror". Void terms are usually includes or a:/mx: hosts of services or hosts that no longer exist. {detail|}',
    remedies: ['Remove the terms that point to names without records (listed in the evidence).'],
    references: ['RFC 7208 section 4.6.4'],
  },
  {
    id: 'spf-mx-too-many-hosts',
    area: 'domain',
    severity: 'error',
    title: 'SPF term {term|mx} names {name|a domain} with {count|more than 10} MX hosts; the limit is 10',
    explanation:
      'Evaluating an "mx" mechanism may look up the addresses of at most 10 MX hosts; a name with more MX records makes the mechanism a permerror for every message that reaches it.',
    remedies: ['Replace the mx mechanism by the ip4/ip6 ranges of the hosts that actually send mail, or by "a:" names of those hosts.'],
    references: ['RFC 7208 section 4.6.4'],
  },
  {
    id: 'spf-include-missing',
    area: 'domain',
    severity: 'error',
    title: 'SPF term {term|include} points to {name|a domain} that has no SPF record',
    explanation:
      'An include: or redirect= names a domain without an SPF record. Receivers return "permerror" when they reach this term, which fails SPF for senders not matched before it. Typically a provider changed the name of its SPF record, or the service is gone.',
    remedies: ['Look up the current include name in the provider\'s documentation, or remove the term if the service is no longer used.'],
    references: ['RFC 7208 section 5.2', 'RFC 7208 section 6.1'],
  },
  {
    id: 'spf-include-loop',
    area: 'domain',
    severity: 'error',
    title: 'SPF of {domain|the domain} includes itself in a loop ({detail|include loop})',
    explanation: 'An include or redirect leads back to a record already being evaluated. Receivers hit the lookup limit and return "permerror".',
    remedies: ['Remove the include or redirect that points back to a record in the chain.'],
    references: ['RFC 7208 section 5.2'],
  },
  {
    id: 'spf-permissive-all',
    area: 'domain',
    severity: 'error',
    title: 'SPF of {name|the domain} ends with "{term|+all}": {detail|any server may send as this domain}',
    explanation:
      '"+all" (or "all" without qualifier) lets every server on the internet pass SPF for the domain, which makes SPF useless and helps spammers. "?all" gives every unlisted server "neutral", which protects nothing either. An included record with "+all" makes the include match every address.',
    remedies: [
      'End the record with "-all" (fail) once every legitimate sender is listed, or "~all" (softfail) while you are still checking.',
      'If the permissive all comes from an included record, remove that include or ask its owner to fix it.',
    ],
    references: ['RFC 7208 section 5.1', 'RFC 7208 section 8'],
  },
  {
    id: 'spf-no-all',
    area: 'domain',
    severity: 'warning',
    title: 'SPF of {domain|the domain} has no "all" mechanism and no redirect',
    explanation:
      'A record without "all" or "redirect=" ends in "neutral" for every server it does not list, the same as "?all": receivers cannot reject forgeries based on it.',
    remedies: ['End the record with "-all" or "~all".'],
    references: ['RFC 7208 section 4.7'],
  },
  {
    id: 'spf-ptr-deprecated',
    area: 'domain',
    severity: 'warning',
    title: 'SPF of {name|the domain} uses the "ptr" mechanism',
    explanation:
      '"ptr" is slow, unreliable and heavy on the DNS servers of the sender\'s address block; RFC 7208 says it should not be used, and some receivers ignore or penalise it.',
    remedies: ['Replace "{term|ptr}" by ip4/ip6 ranges or "a:" names of the sending hosts.'],
    references: ['RFC 7208 section 5.5'],
  },
  {
    id: 'spf-ignored-terms',
    area: 'domain',
    severity: 'warning',
    title: 'SPF of {name|the domain} has terms that receivers ignore: {detail|after "all"}',
    explanation:
      'Evaluation stops at "all", so mechanisms after it are never used, and a "redirect=" is ignored when the record contains "all". The author probably meant them to count.',
    remedies: ['Move the mechanisms before "all", or remove the redirect (or the all) so the record says what is intended.'],
    references: ['RFC 7208 section 5.1', 'RFC 7208 section 6.1'],
  },
  {
    id: 'spf-ip-not-authorized',
    area: 'domain',
    severity: 'error',
    title: 'SPF of {domain|the domain} gives "{result|fail}" for {ip|the sending address}',
    explanation:
      'Evaluating the SPF record for this sending address does not give "pass": {detail|the address is not listed}. Receivers reject ("fail") or score ("softfail", "neutral") mail that this address sends for the domain, unless DKIM passes and aligns.',
    remedies: [
      'If {ip|this address} sends mail for {domain|the domain}, add it to the SPF record (ip4:/ip6:, or the include of the service that owns it).',
      'If it should not send for the domain, the result is correct: find out why it does.',
    ],
    references: ['RFC 7208 section 2.6', 'RFC 7208 section 8'],
  },

  // ---------------------------------------------------------------- DKIM (RFC 6376, 8301, 8463)
  {
    id: 'dkim-key-missing',
    area: 'domain',
    severity: 'error',
    title: 'No DKIM key at selector "{selector|?}" ({name|})',
    explanation:
      'Verifiers look the key up at <selector>._domainkey.<domain>. When nothing is published there, every signature made with this selector fails ("permerror: no key"), and DMARC cannot pass through DKIM.',
    remedies: [
      'Publish the public key your mail service shows for this selector as a TXT record (or the CNAME the service asks for) at {name|the selector name}.',
      'Check the selector name in the s= tag of the DKIM-Signature header of a message you sent.',
    ],
    references: ['RFC 6376 section 3.6.2'],
  },
  {
    id: 'dkim-key-malformed',
    area: 'domain',
    severity: 'error',
    title: 'DKIM key at {name|the selector} is malformed: {detail|cannot be parsed}',
    explanation:
      'The record is not a valid DKIM key record (tag=value list with a base64 public key in p=), so verifiers cannot use it and signatures with this selector fail. Common causes: a key split into several TXT records instead of several strings of one record, quotes or spaces copied into the value, or a truncated key.',
    remedies: [
      'Copy the record again from your mail service; a long key must be one TXT record split into several quoted strings ("..." "...").',
      'Check with "dig TXT {name|SELECTOR._domainkey.DOMAIN}" that the value is exactly v=DKIM1; k=rsa; p=<base64>.',
    ],
    references: ['RFC 6376 section 3.6.1'],
  },
  {
    id: 'dkim-key-revoked',
    area: 'domain',
    severity: 'warning',
    title: 'DKIM key at selector "{selector|?}" is revoked (empty p=)',
    explanation:
      'An empty p= tag means the key was withdrawn. Signatures with this selector fail. That is correct for a retired selector, and a problem if mail is still signed with it.',
    remedies: ['If mail is still signed with "{selector|this selector}", publish its current public key or switch the signer to an active selector.'],
    references: ['RFC 6376 section 3.6.1'],
  },
  {
    id: 'dkim-key-weak',
    area: 'domain',
    severity: 'warning',
    title: 'DKIM key at selector "{selector|?}" is RSA {bits|?} bits',
    explanation:
      'RSA keys under 1024 bits are refused by verifiers (RFC 8301), so signatures with them count as failed; keys under 2048 bits are accepted but considered weak and are rejected by a growing number of receivers.',
    remedies: ['Generate a 2048-bit RSA key (or add an Ed25519 key alongside), publish it under a new selector, switch signing to it, then revoke the old one.'],
    references: ['RFC 8301 section 3.2', 'RFC 8463'],
  },
  {
    id: 'dkim-testing',
    area: 'domain',
    severity: 'warning',
    title: 'DKIM key at selector "{selector|?}" is in test mode (t=y)',
    explanation: 't=y tells verifiers the domain is testing DKIM: they must not treat messages differently whether the signature verifies or not, so DKIM gives no protection.',
    remedies: ['Remove "t=y" from the record once signing works.'],
    references: ['RFC 6376 section 3.6.1'],
  },
  {
    id: 'dkim-key-sha1-only',
    area: 'domain',
    severity: 'warning',
    title: 'DKIM key at selector "{selector|?}" allows only SHA-1 (h=sha1)',
    explanation: 'Verifiers must not accept rsa-sha1 signatures any more (RFC 8301), so a key limited to SHA-1 cannot produce a valid signature.',
    remedies: ['Remove the h= tag (or set h=sha256) and sign with rsa-sha256.'],
    references: ['RFC 8301 section 3.1'],
  },
  {
    id: 'dkim-not-found',
    area: 'domain',
    severity: 'info',
    title: 'No DKIM key found under common selector names for {domain|the domain}',
    explanation:
      'DKIM keys are published under selector names the signer chooses; none of the usual ones ({detail|default, selector1, google, ...}) has a key. The domain may still sign with another selector: this check cannot prove that it does not.',
    remedies: ['Give the selector from the s= tag of a DKIM-Signature header with --dkim-selector to check its key.', 'If mail from the domain is not signed, enable DKIM signing at your mail service.'],
    references: ['RFC 6376 section 3.1'],
  },
  {
    id: 'dkim-selector-wildcard',
    area: 'domain',
    severity: 'info',
    title: 'Every DKIM selector name of {domain|the domain} answers (wildcard record)',
    explanation: 'A wildcard TXT record under _domainkey answers for any selector, so the probe of common selector names proves nothing; only explicitly given selectors were judged.',
    remedies: ['Give the real selectors with --dkim-selector.'],
  },

  // ---------------------------------------------------------------- DMARC (RFC 7489)
  {
    id: 'dmarc-missing',
    area: 'domain',
    severity: 'error',
    title: '{domain|The domain} has no DMARC record',
    explanation:
      'No TXT record starting with "v=DMARC1" exists at _dmarc.{domain|DOMAIN} (nor at the organisational domain). Anyone can forge the domain in the From: header without receivers acting on it, you get no reports, and Gmail and Yahoo require DMARC from bulk senders.',
    remedies: [
      'Publish a TXT record at _dmarc.{domain|DOMAIN}: start with "v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain|example.com}", read the reports, then move to p=quarantine and p=reject.',
    ],
    references: ['RFC 7489 section 6.1'],
  },
  {
    id: 'dmarc-multiple-records',
    area: 'domain',
    severity: 'error',
    title: '{name|_dmarc} has {count|several} DMARC records',
    explanation: 'With more than one record starting with "v=DMARC1", receivers apply no DMARC policy at all (RFC 7489 section 6.6.3).',
    remedies: ['Keep one record; merge the rua/ruf addresses into it.'],
    references: ['RFC 7489 section 6.6.3'],
  },
  {
    id: 'dmarc-syntax-error',
    area: 'domain',
    severity: 'error',
    title: 'DMARC record at {name|_dmarc} is invalid: {detail|syntax error}',
    explanation: 'Receivers discard a DMARC record whose required tags are missing or invalid, so no policy applies to the domain.',
    remedies: ['Correct the record: "v=DMARC1" first, then p=none|quarantine|reject, then optional tags (sp, pct, adkim, aspf, rua, ruf, fo, ri), separated by ";".'],
    references: ['RFC 7489 section 6.3', 'RFC 7489 section 6.4'],
  },
  {
    id: 'dmarc-policy-none',
    area: 'domain',
    severity: 'warning',
    title: 'DMARC policy of {domain|the domain} is p=none (monitoring only)',
    explanation: 'With p=none receivers deliver mail that fails DMARC as if there were no policy: the domain can still be forged. It is the right first step while reading reports, not a final state.',
    remedies: ['Once the aggregate reports show all legitimate mail passing, change to p=quarantine, then p=reject.'],
    references: ['RFC 7489 section 6.3'],
  },
  {
    id: 'dmarc-subdomain-policy-none',
    area: 'domain',
    severity: 'warning',
    title: 'DMARC subdomain policy of {domain|the domain} is sp=none',
    explanation: 'The domain is protected, but its subdomains (which need no record of their own) are not: forgers can use any made-up subdomain.',
    remedies: ['Remove sp=none (subdomains then inherit p=) or set sp=quarantine or sp=reject.'],
    references: ['RFC 7489 section 6.3'],
  },
  {
    id: 'dmarc-pct-partial',
    area: 'domain',
    severity: 'warning',
    title: 'DMARC policy of {domain|the domain} applies to only {pct|part}% of failing mail',
    explanation: 'pct below 100 makes receivers apply the policy to that share of failing messages only; the rest is treated one level softer.',
    remedies: ['Raise pct to 100 (or remove the tag) once the reports look clean.'],
    references: ['RFC 7489 section 6.3'],
  },
  {
    id: 'dmarc-rua-missing',
    area: 'domain',
    severity: 'info',
    title: 'DMARC record of {domain|the domain} asks for no aggregate reports (no rua=)',
    explanation: 'Without rua= you get no reports on who sends mail as your domain and whether it passes, so you cannot safely tighten the policy.',
    remedies: ['Add rua=mailto:<address> to receive daily aggregate reports.'],
    references: ['RFC 7489 section 7.2'],
  },
  {
    id: 'dmarc-rua-unauthorized',
    area: 'domain',
    severity: 'warning',
    title: 'DMARC aggregate reports of {domain|the domain} go to {target|another domain}, which does not accept them',
    explanation:
      'When rua= names an address in another organisation\'s domain, receivers send reports only if that domain publishes {record|<domain>._report._dmarc.<destination>} with "v=DMARC1" (RFC 7489 section 7.1). It does not, so no aggregate reports are sent there.',
    remedies: [
      'Ask the report service to publish the TXT record "v=DMARC1" at {record|the authorisation name} (report services do this when you register the domain with them).',
      'Or send the reports to an address in your own domain.',
    ],
    references: ['RFC 7489 section 7.1'],
  },
  {
    id: 'dmarc-ruf-unauthorized',
    area: 'domain',
    severity: 'warning',
    title: 'DMARC failure reports of {domain|the domain} go to {target|another domain}, which does not accept them',
    explanation:
      'ruf= names an address in another organisation\'s domain, which does not publish {record|<domain>._report._dmarc.<destination>} with "v=DMARC1", so receivers send no failure reports there (RFC 7489 section 7.1).',
    remedies: ['Ask the report service to publish "v=DMARC1" at {record|the authorisation name}, or use an address in your own domain.'],
    references: ['RFC 7489 section 7.1'],
  },
  {
    id: 'dmarc-unknown-tag',
    area: 'domain',
    severity: 'warning',
    title: 'DMARC record of {domain|the domain} has tags receivers ignore: {detail|?}',
    explanation: 'Receivers ignore unknown tags. They are often typos of real ones (for example "rua :" or "p =") whose setting therefore has no effect.',
    remedies: ['Correct or remove the tags shown.'],
    references: ['RFC 7489 section 6.3'],
  },
  {
    id: 'dmarc-inherited',
    area: 'domain',
    severity: 'info',
    title: '{domain|The domain} has no DMARC record of its own; receivers use {orgDomain|the organisational domain}\'s',
    explanation: 'For a subdomain without _dmarc record, receivers apply the organisational domain\'s record, with its sp= policy.',
    remedies: ['Publish _dmarc.{domain|DOMAIN} if this subdomain needs a different policy or reporting.'],
    references: ['RFC 7489 section 6.6.3'],
  },

  // ---------------------------------------------------------------- MTA-STS (RFC 8461) and TLS-RPT (RFC 8460)
  {
    id: 'mta-sts-missing',
    area: 'domain',
    severity: 'info',
    title: '{domain|The domain} publishes no MTA-STS policy',
    explanation: 'Without MTA-STS (or DANE), sending servers fall back to unencrypted delivery if STARTTLS is stripped, and do not check the MX certificates.',
    remedies: [
      'Publish a policy at https://mta-sts.{domain|DOMAIN}/.well-known/mta-sts.txt (start with mode: testing) and the TXT record _mta-sts.{domain|DOMAIN} "v=STSv1; id=<date>", plus a TLS-RPT record to get reports.',
    ],
    references: ['RFC 8461'],
  },
  {
    id: 'mta-sts-record-invalid',
    area: 'domain',
    severity: 'error',
    title: 'MTA-STS TXT record of {domain|the domain} is invalid: {detail|?}',
    explanation: 'Senders need exactly one TXT record at _mta-sts.<domain> of the form "v=STSv1; id=<1-32 letters or digits>"; otherwise they assume the domain has no MTA-STS policy.',
    remedies: ['Publish exactly one record "v=STSv1; id=20250101T000000" (change the id whenever the policy file changes).'],
    references: ['RFC 8461 section 3.1'],
  },
  {
    id: 'mta-sts-policy-unreachable',
    area: 'domain',
    severity: 'error',
    title: 'The MTA-STS policy of {domain|the domain} cannot be fetched: {detail|?}',
    explanation:
      'The TXT record announces a policy, but {url|https://mta-sts.<domain>/.well-known/mta-sts.txt} did not return it. New senders apply no policy; senders that cached an older policy keep using it until it expires, which can block delivery after MX changes.',
    remedies: [
      'Check that mta-sts.{domain|DOMAIN} resolves and serves the policy over HTTPS (port 443) with status 200, without redirects.',
      'If MTA-STS is not wanted any more, publish a policy with "mode: none" before removing the records.',
    ],
    references: ['RFC 8461 section 3.3'],
  },
  {
    id: 'mta-sts-policy-cert-invalid',
    area: 'domain',
    severity: 'error',
    title: 'The HTTPS certificate of mta-sts.{domain|DOMAIN} is not valid: {detail|?}',
    explanation: 'Senders must fetch the policy over HTTPS with a certificate that is valid for mta-sts.<domain> and chains to a public CA (TLS-RPT result "sts-webpki-invalid"); otherwise they treat the policy as missing.',
    remedies: ['Install a certificate for mta-sts.{domain|DOMAIN} from a public CA on the web server that serves the policy, with its full chain.'],
    references: ['RFC 8461 section 3.3', 'RFC 8460 section 4.3'],
  },
  {
    id: 'mta-sts-policy-invalid',
    area: 'domain',
    severity: 'error',
    title: 'The MTA-STS policy of {domain|the domain} is invalid: {detail|?}',
    explanation: 'The policy file must be text/plain with "version: STSv1", "mode: enforce|testing|none", "max_age: <seconds>" and one "mx:" line per MX pattern. Senders treat an invalid policy as missing (TLS-RPT result "sts-policy-invalid").',
    remedies: ['Correct the policy file and change the id in the _mta-sts TXT record so senders fetch it again.'],
    references: ['RFC 8461 section 3.2'],
  },
  {
    id: 'mta-sts-mx-mismatch',
    area: 'domain',
    severity: 'error',
    title: 'MX host {host|} is not covered by the MTA-STS policy of {domain|the domain}',
    explanation:
      'The policy\'s mx: patterns ({patterns|none}) do not match this MX host. With mode enforce, senders that honour MTA-STS refuse to deliver to it (Exchange Online: "5.4.8 MX hosts failed MTA-STS validation"); with mode testing they only report it.',
    remedies: [
      'Add "mx: {host|the MX host}" (or a matching "*.parent" pattern) to the policy file and change the id in the _mta-sts TXT record.',
      'Update the policy before changing MX records, and keep old and new hosts listed during the change.',
    ],
    references: ['RFC 8461 section 4.1'],
  },
  {
    id: 'mta-sts-testing',
    area: 'domain',
    severity: 'info',
    title: 'MTA-STS policy of {domain|the domain} is in testing mode',
    explanation: 'In testing mode senders report TLS problems (through TLS-RPT) but still deliver over unverified or unencrypted connections.',
    remedies: ['Switch to "mode: enforce" once the TLS-RPT reports show no failures.'],
    references: ['RFC 8461 section 5'],
  },
  {
    id: 'mta-sts-mode-none',
    area: 'domain',
    severity: 'info',
    title: 'MTA-STS policy of {domain|the domain} has mode none',
    explanation: 'Mode none withdraws the policy: senders apply no MTA-STS checks. That is the right step before removing MTA-STS.',
    remedies: ['Use mode testing or enforce if MTA-STS protection is wanted.'],
    references: ['RFC 8461 section 5'],
  },
  {
    id: 'mta-sts-max-age-short',
    area: 'domain',
    severity: 'warning',
    title: 'MTA-STS policy of {domain|the domain} has max_age {maxAge|?} seconds',
    explanation: 'Senders keep a policy only for max_age seconds. A short value (under a day) lets an attacker who blocks the policy host strip the protection quickly; RFC 8461 recommends weeks.',
    remedies: ['Use max_age: 604800 (one week) or more, for example 1209600 or 31557600.'],
    references: ['RFC 8461 section 3.2'],
  },
  {
    id: 'tlsrpt-missing',
    area: 'domain',
    severity: 'info',
    title: '{domain|The domain} publishes no TLS-RPT record',
    explanation: 'Without a TLS-RPT record at _smtp._tls.<domain>, sending servers do not report TLS and MTA-STS failures they meet when delivering to you, so such problems go unnoticed.',
    remedies: ['Publish TXT "v=TLSRPTv1; rua=mailto:tls-reports@{domain|example.com}" at _smtp._tls.{domain|DOMAIN}.'],
    references: ['RFC 8460 section 3'],
  },
  {
    id: 'tlsrpt-invalid',
    area: 'domain',
    severity: 'warning',
    title: 'TLS-RPT record of {domain|the domain} is invalid: {detail|?}',
    explanation: 'Senders ignore a TLS-RPT record that does not start with "v=TLSRPTv1" and give rua= as mailto: or https: addresses, or when there are several records.',
    remedies: ['Publish exactly one record: "v=TLSRPTv1; rua=mailto:tls-reports@{domain|example.com}".'],
    references: ['RFC 8460 section 3'],
  },

  // ---------------------------------------------------------------- Reputation (DNSBL, RFC 5782)
  {
    id: 'ip-blocklisted',
    area: 'domain',
    severity: 'error',
    title: '{address|The address} is listed on {zone|a blocklist}: {meaning|listed}',
    explanation:
      'Receivers that use this DNS blocklist reject or score mail from the address (for example "554 5.7.1 Service unavailable; Client host blocked using {zone|the list}"). {detail|}',
    remedies: [
      'Find and stop the cause first (compromised account or host, open relay, mailing without consent): lists re-add addresses that keep sending spam.',
      'Then request removal on the list\'s web site (look up {address|the address} there; the TXT answer in the evidence often gives the URL).',
    ],
    references: ['RFC 5782'],
  },
  {
    id: 'dnsbl-refused',
    area: 'domain',
    severity: 'warning',
    title: 'Blocklist {zone|} refused the query ({meaning|error code}); this is not a listing',
    explanation:
      'The list answered with an error code instead of a result. Spamhaus answers 127.255.255.254 to queries that come through public or open resolvers (8.8.8.8, 1.1.1.1, most cloud resolvers), 127.255.255.255 to resolvers over the free-use volume, and 127.255.255.252 to malformed queries. Nothing is known about the address from this list.',
    remedies: [
      'Query the list through your own recursive resolver (--dns pointing to a resolver that is not a public one), or use the list\'s registered (DQS) zone.',
    ],
    references: ['RFC 5782', 'Spamhaus: DNSBL return codes (docs.spamhaus.com)'],
  },
  {
    id: 'dnsbl-unexpected-answer',
    area: 'domain',
    severity: 'warning',
    title: 'Blocklist {zone|} gave an answer that is not a documented listing code ({answer|?})',
    explanation:
      'DNS blocklists answer with addresses in 127.0.0.0/8. An answer outside that range, or a code the list does not document, usually means the list\'s domain has expired or is parked and answers every query (which would "list" the whole internet). It is not counted as a listing.',
    remedies: ['Check that the list still exists and remove it from the configuration if not.'],
    references: ['RFC 5782 section 2.1', 'RFC 6471'],
  },
  {
    id: 'dnsbl-zone-unreliable',
    area: 'domain',
    severity: 'warning',
    title: 'Blocklist {zone|} lists its own "never listed" test address 127.0.0.1; its answers are ignored',
    explanation: 'Every DNS blocklist must not list 127.0.0.1 (RFC 5782 section 5). A list that does answers every query, typically because it shut down and lists everything; its results mean nothing.',
    remedies: ['Remove {zone|the list} from the blocklists to check.'],
    references: ['RFC 5782 section 5', 'RFC 6471'],
  },

];
