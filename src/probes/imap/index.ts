/**
 * @module probes/imap
 * The IMAP probe's public entry points (used by `maildoctor imap` and the account check).
 */
export { probeImap, IMAP_PORTS } from './probe.js';
export type { ImapFacts, ImapInboxFacts, ImapProbeOptions } from './types.js';
export type { FolderInfo, FolderRole } from './folders.js';
export { renderImapFacts } from './render.js';
