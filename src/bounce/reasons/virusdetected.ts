/** @module bounce/reasons/virusdetected: a virus or malware was found in the message (soft). */
import { from, table } from './phrase.js';

export default table(
  'virusdetected',
  from('Sisimai 4.25.15 Reason/VirusDetected', [
    'it has a potentially executable attachment', 'the message was rejected because it contains prohibited virus or spam content',
    'this form of attachment has been used by recent viruses or other malware', 'virus detected', 'your message was infected with a virus',
  ]),
  from('ClamAV/Amavis, Google, Microsoft, antivirus gateways', [
    'infected with', 'contains a virus', 'virus found', 'virus infected', 'malware detected', 'contains malware', 'malicious content',
    'found a virus', 'virus was found', 'message contains a virus', 'a virus was detected', 'potential security issue',
    'contains an executable', 'executable attachment', 'potentially malicious',
  ]),
);
