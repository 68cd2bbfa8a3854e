/** @module bounce/reasons/failedstarttls: TLS between the servers was required or failed (soft). */
import { from, table } from './phrase.js';

export default table(
  'failedstarttls',
  from('Postfix smtp_tls_security_level, Exim hosts_require_tls, Gmail/Microsoft/SendGrid TLS-required texts (RFC 3207, RFC 8689)', [
    'tls required but not supported', 'must issue a starttls command first', 'starttls is required', 'tls is required',
    'requires tls', 'tls required', 'encryption required', 'tls negotiation failed', 'tls handshake failed', 'starttls failed',
    'could not establish tls', 'cannot establish tls', 'tls connection failed', 'failed to establish tls', 'server does not support tls',
    'does not support starttls', 'tls not available', 'starttls not supported', 'offered starttls but', 'tls is not supported',
    'a secure connection', 'secure channel', 'requiretls',
  ]),
);
