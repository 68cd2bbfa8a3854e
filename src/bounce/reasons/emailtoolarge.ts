/** @module bounce/reasons/emailtoolarge: the message exceeds a size limit (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'emailtoolarge',
  from('Sisimai 4.25.15 Reason/MesgTooBig and Reason/ExceedLimit (merged as emailtoolarge in Sisimai 5)', [
    'exceeded maximum inbound message size', 'line limit exceeded', 'max message size exceeded', 'message file too big',
    'message length exceeds administrative limit', 'message size exceeds fixed limit', 'message size exceeds fixed maximum message size',
    'message size exceeds maximum value', 'message too big', 'message too large', 'message too large for this ', 'size limit',
    'taille limite du message atteinte', 'message header size exceeds limit',
  ]),
  from('Amazon SES bounce subtypes (notification contents)', ['amazon ses bounce: transient/messagetoolarge']),
  from('Postfix message_size_limit, Exim message_size_limit, Exchange/Gmail size texts (RFC 1870)', [
    'message size exceeds', 'exceeds size limit', 'exceeds the size limit', 'message is too large', 'message is too big',
    'message exceeds maximum', 'message exceeds the maximum', 'maximum message size', 'message size limit', 'exceeds the maximum size',
    'email is too large', 'exceeds our size limit', 'resolver.rst.recipsizelimit',
  ]),
  weak('generic wording', ['is larger than', 'size exceeds', 'too large', 'too big']),
);
