/** @module bounce/reasons/rhost/europe: Orange / Wanadoo / La Poste (FrancePTT), i.ua. */
import type { RhostTable } from './types.js';

/**
 * Orange and La Poste end their replies with a code: "OFR_416 [416]", "LPN007_426", "OFR005_505";
 * the last three digits name the cause (Orange "Codes erreurs" page).
 */
export const francePtt: RhostTable = {
  name: 'FrancePTT',
  hosts: /(?:^|\.)(?:laposte\.net|orange\.fr|wanadoo\.fr|francetelecom\.fr|orange-business\.com)$/,
  src: 'https://assistance.orange.fr (messagerie: codes erreurs SMTP); La Poste Mail error codes; Sisimai Rhost/FrancePTT',
  code: {
    re: /\b(?:LPN|LPNAAA|OFR|OUK)(?:_|\d{3}[-_])(\d{3})\b/i,
    codes: {
      '101': 'blocked', '102': 'blocked', '103': 'blocked', '104': 'ratelimited', '105': '', '107': 'requireptr', '108': 'blocked',
      '109': 'blocked', '201': 'ratelimited', '305': 'securityerror', '401': 'authfailure', '402': 'securityerror', '403': 'rejected',
      '405': 'rejected', '415': 'rejected', '416': 'userunknown', '417': 'mailboxfull', '418': 'userunknown', '420': 'suspend',
      '421': 'rejected', '423': '', '424': '', '425': 'rejected', '426': 'suspend', '429': 'suspend', '430': 'suspend',
      '505': 'systemerror', '506': 'spamdetected', '510': 'blocked', '513': '', '514': 'emailtoolarge', '517': 'policyviolation',
      '608': 'filtered', '630': 'policyviolation', '999': 'ratelimited',
    },
  },
};

/** i.ua: "http://mail.i.ua/err/N" codes. */
export const iua: RhostTable = {
  name: 'IUA',
  hosts: /(?:^|\.)(?:email\.ua|i\.ua)$/,
  src: 'i.ua mail error pages; Sisimai Rhost/IUA',
  code: {
    re: /\.i\.ua\/err\/(\d+)/i,
    codes: { '1': 'norelaying', '2': 'userunknown', '3': 'suspend', '4': 'mailboxfull', '5': 'ratelimited', '6': 'norelaying', '7': 'blocked', '8': 'rejected', '9': 'blocked', '10': 'filtered' },
  },
};
