/** @module bounce/reasons/contenterror: the content or format was refused (soft). */
import { from, table } from './phrase.js';

export default table(
  'contenterror',
  from('Sisimai 4.25.15 Reason/ContentError', [
    'header size exceeds maximum permitted', 'improper use of 8-bit data in message header', 'message header size, or recipient list, exceeds policy limit',
    'message mime complexity exceeds the policy maximum', 'routing loop detected -- too many received: headers', 'this message contain invalid mime headers',
    'this message contain improperly-formatted binary content', 'this message contain text that uses unnecessary base64 encoding',
  ]),
  from('Amazon SES bounce subtypes (notification contents)', ['amazon ses bounce: transient/contentrejected']),
  from('Postfix cleanup(8) header_checks/body_checks defaults, Exim, Exchange MIME texts (RFC 2045-2049, RFC 6532)', [
    'invalid mime', 'malformed mime', 'mime error', 'bad mime', 'mime structure', '8-bit data', '8bit data', 'illegal character',
    'invalid character', 'message content not available', 'conversion failed', 'media not supported', 'unsupported media', 'invalid attachment',
    'smtputf8', 'non-ascii', 'encoding error', 'improperly formatted', 'header too long', 'line too long', 'too many headers',
    'header error', 'this message was blocked because its content presents a potential',
  ]),
);
