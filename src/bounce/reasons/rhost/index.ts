/**
 * @module bounce/reasons/rhost
 * The remote-host tables, and the lookup by host name.
 */
import type { RhostTable } from './types.js';
import { google } from './google.js';
import { microsoft } from './microsoft.js';
import { yahoo } from './yahoo.js';
import { docomo, kddi } from './japan.js';
import { francePtt, iua } from './europe.js';
import { apple, cox, facebook, godaddy, messagelabs, mimecast, spectrum, tencent, zoho } from './others.js';

export const RHOSTS: readonly RhostTable[] = [google, microsoft, yahoo, kddi, docomo, francePtt, iua, cox, spectrum, godaddy, tencent, mimecast, zoho, apple, facebook, messagelabs];

/** The table for a host name (remote MTA, then reporting MTA, then the recipient's domain), if any. */
const cache = new Map<string, RhostTable | null>();

export function rhostFor(...hosts: string[]): RhostTable | undefined {
  for (const h of hosts) {
    if (!h) continue;
    const hit = cache.get(h);
    if (hit !== undefined) {
      if (hit) return hit;
      continue;
    }
    const t = lookup(h);
    if (cache.size > 10000) cache.clear();
    cache.set(h, t ?? null);
    if (t) return t;
  }
  return undefined;
}

const SIGNED = RHOSTS.filter((t) => t.signature);

/** The table whose signature the reply text carries, if any (see RhostTable.signature). */
export function rhostSignedIn(text: string): RhostTable | undefined {
  return text ? SIGNED.find((t) => t.signature!.test(text)) : undefined;
}

function lookup(...hosts: string[]): RhostTable | undefined {
  for (const h of hosts) {
    const host = (h.toLowerCase().trim().split(/[\s(]/)[0] ?? '').replace(/^\[|\]$/g, '').replace(/\.$/, '');
    if (!host) continue;
    const t = RHOSTS.find((r) => r.hosts.test(host));
    if (t) return t;
  }
  return undefined;
}

export { matchRhost, type RhostInput, type RhostTable } from './types.js';
