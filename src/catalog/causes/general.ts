/** @module catalog/causes/general — causes not tied to one protocol. */
import type { CauseDef } from '../types.js';

export const generalCauses: CauseDef[] = [
  {
    id: 'unexpected-reply',
    area: 'general',
    severity: 'error',
    title: 'The server gave a reply maildoctor cannot interpret at {stage|this step}',
    explanation:
      'The reply is valid but does not match any known failure. The transcript shows exactly what the server said; its text usually names the reason.',
    remedies: [
      'Read the server reply in the transcript (run with -v); its text and enhanced status code usually name the problem.',
      'Search the server\'s logs for the time of the test to see why it answered this way.',
    ],
  },
  {
    id: 'protocol-error',
    area: 'general',
    severity: 'error',
    title: 'The server broke the protocol at {stage|this step}: {detail|malformed reply}',
    explanation:
      'The server sent something that is not a valid reply (garbage, an over-long or endless line, a reply without a status code) or closed the connection in the middle of a reply. This points to a broken server, a middlebox (firewall, antivirus, load balancer) that rewrites the dialogue, or a different service on that port.',
    remedies: [
      'Check that the host and port are those of a mail server and not of another service or a proxy.',
      'Disable protocol inspection ("SMTP fixup", "mail guard", antivirus mail scanning) on firewalls between you and the server, and test again.',
      'Ask the server\'s administrator to look at its logs for the time of the test.',
    ],
  },
  {
    id: 'connection-lost',
    area: 'network',
    severity: 'error',
    title: 'The server closed the connection unexpectedly at {stage|this step}',
    explanation:
      'The connection was closed or reset without a reply. Servers do this when a client is banned (fail2ban, postscreen), when a load balancer drops idle or unwanted connections, or when the service crashes.',
    remedies: [
      'Check whether your IP address is banned on the server (fail2ban, postscreen, firewall logs).',
      'Try again from another network to see whether the closure depends on where you connect from.',
      'Ask the server\'s administrator to look at its logs for the time of the test.',
    ],
  },
];
