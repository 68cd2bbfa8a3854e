/**
 * @module account/default-probes
 * The real protocol probes, bound for the account check (imported on use so that unit
 * tests can inject fakes without loading them).
 */
import { probeImap } from '../probes/imap/index.js';
import { probePop3 } from '../probes/pop3/index.js';
import { probeSmtp } from '../probes/smtp/index.js';
import type { AnyReport, ProbeSet } from './probes.js';

export const DEFAULT_PROBES: ProbeSet = {
  imap: (o) => probeImap(o) as unknown as Promise<AnyReport>,
  pop3: (o) => probePop3(o) as unknown as Promise<AnyReport>,
  smtp: (o) => probeSmtp({ ...o, mode: 'submission' }) as unknown as Promise<AnyReport>,
};
