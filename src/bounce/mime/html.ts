/**
 * @module bounce/mime/html
 * HTML to plain text, enough for bounce notices sent as HTML only (Office 365, some webmail):
 * block elements become line breaks, tags go, common entities are decoded.
 */

import { TRAILING_BLANKS } from './transfer.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|p|div|tr|li)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
      const k = e.toLowerCase();
      if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16) || 32);
      if (k.startsWith('#')) return String.fromCodePoint(parseInt(k.slice(1), 10) || 32);
      return ENTITIES[k] ?? m;
    })
    .replace(TRAILING_BLANKS, '\n')
    .replace(/\n{3,}/g, '\n\n');
}
