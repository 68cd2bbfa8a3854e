/**
 * @module bounce
 * Bounce analysis: `analyzeBounce(raw)` reads a bounce (DSN, non-standard MTA notice, ARF
 * feedback report or auto-reply) and explains each recipient; see docs/bounce.md.
 */
export { analyzeBounce } from './analyze.js';
export type { BounceRecord } from './types.js';
export { REASONS, REASON_NAMES, type ReasonName } from './reasons/names.js';
export { readMailboxSource, type SourceMessage } from './mailbox-source.js';
