/**
 * @module catalog/causes/account
 * Account settings discovery (`maildoctor account`): what the domain publishes for mail
 * clients (RFC 6186/8314 SRV records, Thunderbird autoconfig, Microsoft Autodiscover, guesses)
 * and whether the settings a client is configured with match it.
 */
import type { CauseDef } from '../types.js';

export const accountCauses: CauseDef[] = [
  {
    id: 'account-settings-not-found',
    area: 'account',
    severity: 'warning',
    title: 'The domain {domain|of the address} publishes no mail client settings',
    explanation:
      'No SRV record (RFC 6186/8314), no autoconfig file and no Autodiscover answer describes the IMAP, POP3 or SMTP servers for this domain. Mail clients then fall back to guessing host names (imap., mail., smtp., the MX host), which often picks the wrong server or the wrong security mode.',
    remedies: [
      'Publish SRV records: _imaps._tcp.{domain|DOMAIN} (993), _submissions._tcp.{domain|DOMAIN} (465) or _submission._tcp.{domain|DOMAIN} (587), and "0 0 0 ." for services you do not offer.',
      'Publish an autoconfig file at https://autoconfig.{domain|DOMAIN}/mail/config-v1.1.xml (Thunderbird, many mobile clients).',
      'For Outlook, publish Autodiscover at https://autodiscover.{domain|DOMAIN}/autodiscover/autodiscover.xml or an _autodiscover._tcp SRV record.',
      'Until then, give users the exact host names, ports and security modes to enter by hand.',
    ],
    references: ['RFC 6186', 'RFC 8314'],
  },
  {
    id: 'account-settings-guessed',
    area: 'account',
    severity: 'info',
    title: 'The {role|server} settings were guessed ({host|host name}), not published by the domain',
    explanation:
      'Nothing the domain publishes names this server, so maildoctor did what a mail client does: it tried the MX host and the usual names (imap., mail., smtp.). A guess that answers may still be the wrong server, for example a filtering gateway in front of the real mailbox server.',
    remedies: [
      'Confirm the host name with the mail provider before configuring clients.',
      'Domain owners: publish SRV records or an autoconfig file so clients stop guessing.',
    ],
  },
  {
    id: 'account-sources-disagree',
    area: 'account',
    severity: 'warning',
    title: 'Discovery sources disagree on the {protocol|mail} server: {detail|different hosts}',
    explanation:
      'Different clients read different sources (Thunderbird: autoconfig; Outlook: Autodiscover; others: SRV records). When these name different servers, clients set up the same account differently: typically one source was updated after a migration and another still describes the old server.',
    remedies: [
      'Decide which server is current and update every source to name it: SRV records, the autoconfig file(s) and the Autodiscover answer.',
      'Remove sources that describe a decommissioned server instead of leaving them stale.',
    ],
  },
  {
    id: 'client-host-mismatch',
    area: 'account',
    severity: 'warning',
    title: 'The client uses {client|another server} for {protocol|mail}, but the domain publishes {published|another server}',
    explanation:
      'The server the mail client is configured with is not the one {source|the domain\'s published settings} name. Clients store host names when the account is created and do not look them up again, so after a migration they keep talking to the old server: mail arrives in the new mailbox (and shows in webmail) but never in the client.',
    remedies: [
      'Change the {protocol|mail} server in the client to {published|the published host} (port {port|as published}, {security|as published}).',
      'If both names are meant to reach the same server, check that they resolve to the same addresses and present a certificate valid for both.',
    ],
  },
  {
    id: 'client-settings-stale',
    area: 'account',
    severity: 'error',
    title: 'The client still points at {client|the old server} for {protocol|mail}; the domain now publishes {published|another server}',
    explanation:
      'The server configured in the client does not work, while the server {source|the domain\'s published settings} names does. This is the typical state after a mailbox migration: the client kept the old host name (clients never re-run autoconfig or Autodiscover for an existing account), or a cached Autodiscover answer still points to the old host.',
    remedies: [
      'Change the {protocol|mail} server in the client to {published|the published host}, port {port|as published}, security {security|as published}.',
      'If the client offers it, remove and re-add the account so it runs discovery again (Outlook: new profile; Thunderbird: the account set-up wizard).',
      'Domain owners: keep the old host name pointing at the new server (CNAME) for a while after a migration, or remove it so clients fail clearly.',
    ],
  },
  {
    id: 'autoconfig-invalid',
    area: 'account',
    severity: 'warning',
    title: 'The autoconfig file at {url|the autoconfig URL} is not usable: {detail|invalid XML}',
    explanation:
      'A file was served where Thunderbird and other clients look for autoconfig, but it is not a valid clientConfig document (malformed XML, wrong root element, an HTML error page, or servers without host name or port). Clients ignore it and fall back to guessing.',
    remedies: [
      'Serve a valid config-v1.1.xml (see the Mozilla autoconfig documentation) with content type text/xml.',
      'Check it with: curl -s "{url|URL}" | xmllint --noout -',
    ],
    references: ['https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat'],
  },
  {
    id: 'autoconfig-unreachable',
    area: 'account',
    severity: 'info',
    title: 'The autoconfig URL {url|} could not be fetched: {detail|no answer}',
    explanation:
      'The name exists, but fetching the autoconfig file failed (connection refused or timed out, a TLS certificate problem, or a server error). Clients skip this source; when it was meant to describe the account, they fall back to guessing.',
    remedies: [
      'If you publish autoconfig here, make sure the web server answers over HTTPS with a certificate valid for this name.',
      'If you do not, remove the DNS name or leave it unanswered consistently (404), so clients move on quickly.',
    ],
  },
  {
    id: 'autodiscover-invalid',
    area: 'account',
    severity: 'warning',
    title: 'The Autodiscover answer from {url|the Autodiscover URL} is not usable: {detail|invalid XML}',
    explanation:
      'The endpoint answered, but not with a valid Autodiscover (POX) response: malformed XML, an error response, an endless redirect chain, or an HTML page. Outlook then tries the next endpoint or gives up.',
    remedies: [
      'Check the Autodiscover endpoint with Microsoft Remote Connectivity Analyzer or by POSTing the request XML with curl.',
      'Remove stale Autodiscover endpoints (the root-domain URL on a web host often answers before autodiscover.<domain>).',
    ],
    references: ['https://learn.microsoft.com/en-us/exchange/client-developers/exchange-web-services/autodiscover-for-exchange'],
  },
  {
    id: 'autodiscover-unreachable',
    area: 'account',
    severity: 'info',
    title: 'The Autodiscover endpoint {url|} could not be reached: {detail|no answer}',
    explanation:
      'Fetching the Autodiscover answer failed (connection refused or timed out, TLS certificate problem, server error). Outlook tries the next endpoint; a slow or broken endpoint delays or breaks account set-up.',
    remedies: [
      'If this endpoint is meant to work, fix the web server or its certificate; otherwise make it answer quickly with an error or remove the DNS name.',
    ],
  },
  {
    id: 'settings-over-http',
    area: 'account',
    severity: 'warning',
    title: 'Account settings are only available over plain HTTP ({url|})',
    explanation:
      'The settings file was fetched without TLS. Anyone on the network path can change it and send the client, and its password, to another server; security-conscious clients refuse plain-HTTP autoconfig.',
    remedies: ['Serve the same file over HTTPS with a valid certificate.'],
  },
  {
    id: 'srv-host-unreachable',
    area: 'account',
    severity: 'warning',
    title: 'The SRV record {record|} points to {host|a host}:{port|?}, which does not answer ({detail|no connection})',
    explanation:
      'Clients that follow RFC 6186 SRV records connect to this host and port. It does not resolve or nothing accepts connections there, so those clients fail even though other settings may work.',
    remedies: [
      'Point the SRV record at the host and port that run the service, or publish "0 0 0 ." as its target when the service is not offered.',
      'Check that {host|the host} resolves and that the service listens on port {port|?} and is reachable through the firewall.',
    ],
    references: ['RFC 6186', 'RFC 2782'],
  },
  {
    id: 'srv-service-not-offered',
    area: 'account',
    severity: 'info',
    title: 'The domain says {service|this service} is not offered (SRV target ".")',
    explanation: 'An SRV record with the target "." tells clients the service is deliberately not available for this domain (RFC 2782, RFC 6186).',
    remedies: ['Nothing to do if this is intended; otherwise publish the real host and port.'],
    references: ['RFC 6186'],
  },
  {
    id: 'login-not-tested',
    area: 'account',
    severity: 'info',
    title: 'Login was not tested: no password was given',
    explanation:
      'maildoctor checked that the servers answer and their TLS, but without a password it cannot check that the user name and password work.',
    remedies: ['Run again with --password-file, MAILDOCTOR_PASSWORD or on a terminal (you will be prompted).'],
  },
];
