/**
 * @module dns/mailauth-resolver
 * mailauth takes a resolver shaped like `dns.promises.resolve(name, rrtype)` that throws
 * errors carrying node's codes. This adapter answers through a DnsSession (so mailauth's
 * lookups use --dns, share the diagnosis' cache and land in its transcript) and turns our
 * result codes back into node's: NXDOMAIN -> ENOTFOUND, NODATA -> ENODATA, which mailauth
 * counts as void lookups, and the failures (SERVFAIL, TIMEOUT, REFUSED) into the codes
 * mailauth maps to temperror.
 */
import type { DnsErrorCode, DnsRecordType } from './client.js';
import type { DnsSession } from './session.js';

export type MailauthResolver = (name: string, rrtype: string) => Promise<unknown[]>;

const NODE_CODES: Record<DnsErrorCode, string> = {
  NXDOMAIN: 'ENOTFOUND',
  NODATA: 'ENODATA',
  SERVFAIL: 'ESERVFAIL',
  REFUSED: 'EREFUSED',
  TIMEOUT: 'ETIMEOUT',
  CONNREFUSED: 'ECONNREFUSED',
  FORMERR: 'EFORMERR',
  BADNAME: 'EBADNAME',
  ERROR: 'ESERVFAIL',
};

const SUPPORTED = new Set<string>(['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'PTR', 'SRV', 'NS', 'SOA', 'CAA']);

export function toMailauthResolver(session: DnsSession): MailauthResolver {
  return async (name: string, rrtype: string): Promise<unknown[]> => {
    const type = rrtype.toUpperCase();
    if (!SUPPORTED.has(type)) {
      throw Object.assign(new Error(`query type ${type} not supported`), { code: 'ENOTIMP' });
    }
    const res = await session.query(name, type as DnsRecordType);
    if (!res.ok) {
      throw Object.assign(new Error(`${res.code} ${name} ${type}: ${res.message}`), { code: NODE_CODES[res.code], hostname: name });
    }
    // node returns TXT records as arrays of character-strings; ours are joined already.
    if (type === 'TXT') return (res.records as string[]).map((t) => [t]);
    if (type === 'SOA') return res.records[0] as unknown as unknown[];
    return res.records;
  };
}
