/** @module bounce/reasons/policyviolation: refused by a policy of the receiving organisation (soft). */
import { from, table, weak } from './phrase.js';

export default table(
  'policyviolation',
  from('Sisimai 4.25.15 Reason/PolicyViolation', [
    'an illegal attachment on your message', 'because the recipient is not accepting mail with ', 'by non-member to a members-only list',
    'closed mailing list', 'denied by policy', 'email not accepted for policy reasons', 'email rejected due to security policies',
    'header are not accepted', 'local policy violation', 'message bounced due to organizational settings', 'message given low priority',
    'message not accepted for policy reasons', 'message rejected due to local policy', 'rejected for policy reasons', 'protocol violation',
    'the email address used to send your message is not subscribed to this group', 'the message was rejected by organization policy',
    'we do not accept messages containing images or other attachments',
    'you have exceeded the allowable number of posts without solving a captcha',
    'you have exceeded the the allowable number of posts without solving a captcha',
  ]),
  from('Microsoft Exchange transport rules, Google Workspace compliance, Mimecast and Proofpoint policies', [
    'violates our policy', 'violation of policy', 'against policy', 'policy reasons', 'due to policy', 'by policy',
    'organization\'s policy', 'organizational policy', 'compliance policy', 'content policy', 'attachment policy', 'blocked by a policy',
    'rejected by policy', 'delivery restriction', 'transport rule', 'not permitted by the administrator', 'prohibited attachment',
    'attachment type not allowed', 'banned attachment', 'attachment is not allowed', 'file type is not allowed', 'blocked attachment',
  ]),
  weak('generic wording', ['policy violation']),
);
