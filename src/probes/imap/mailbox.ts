/**
 * @module probes/imap/mailbox
 * The read-only mailbox steps: LIST with SPECIAL-USE (RFC 6154; XLIST for old Gmail-style
 * servers; plain LIST otherwise), STATUS, and EXAMINE INBOX (RFC 9051 6.3.3: like SELECT
 * but read-only, so nothing - not even \Recent or \Seen - changes). The probe never sends
 * SELECT, CLOSE, STORE, EXPUNGE, APPEND, COPY or MOVE.
 */
import type { CommandResult, ImapClient } from './client.js';
import { parseListData, resolveRoles, type FolderInfo } from './folders.js';
import { parseStatus, quoteString, tokenize, tokenString } from './response.js';
import type { ImapInboxFacts } from './types.js';

export const MAX_FOLDERS = 5000;
export const MAX_STATUS_FOLDERS = 500;

export function listCommandFor(caps: string[]): string {
  if (caps.includes('SPECIAL-USE') && caps.includes('LIST-EXTENDED')) return 'LIST "" "*" RETURN (SPECIAL-USE)';
  if (caps.includes('XLIST') && !caps.includes('SPECIAL-USE')) return 'XLIST "" "*"';
  return 'LIST "" "*"';
}

export interface ListOutcome {
  command: string;
  result: CommandResult;
  folders: FolderInfo[];
  /** untagged LIST lines that could not be parsed */
  malformed: number;
  truncated: boolean;
}

/** Lists all folders; falls back to plain LIST when the extended form is refused. */
export async function listFolders(client: ImapClient, caps: string[]): Promise<ListOutcome> {
  let command = listCommandFor(caps);
  let result = await client.run(command, { maxUntagged: MAX_FOLDERS + 100 });
  if (result.tagged && result.tagged.status !== 'OK' && command !== 'LIST "" "*"') {
    command = 'LIST "" "*"';
    result = await client.run(command, { maxUntagged: MAX_FOLDERS + 100 });
  }
  const folders: FolderInfo[] = [];
  let malformed = 0;
  let truncated = false;
  for (const u of result.untagged) {
    if (u.name !== 'LIST' && u.name !== 'XLIST') continue;
    if (folders.length >= MAX_FOLDERS) {
      truncated = true;
      break;
    }
    const f = parseListData(u.data);
    if (f) folders.push(f);
    else malformed++;
  }
  return { command, result, folders: resolveRoles(folders), malformed, truncated };
}

/** The mailbox argument of a command (quoted; names needing a literal are skipped by callers). */
export function mailboxArg(name: string): string | null {
  return quoteString(name);
}

/** STATUS of one folder; counts or the reason it failed. */
export async function statusOf(client: ImapClient, name: string, items: string[]): Promise<{ result: CommandResult | null; items: Record<string, number> | null }> {
  const arg = mailboxArg(name);
  // LIST names are 7-bit (modified UTF-7) unless UTF8=ACCEPT was enabled, which the probe never does
  if (arg === null) return { result: null, items: null };
  const result = await client.run(`STATUS ${arg} (${items.join(' ')})`);
  if (!result.tagged || result.tagged.status !== 'OK') return { result, items: null };
  const u = result.untagged.find((r) => r.name === 'STATUS');
  const parsed = u ? parseStatus(u.data) : null;
  return { result, items: parsed ? parsed.items : null };
}

/** EXAMINE INBOX and what it tells (EXISTS, RECENT, UIDVALIDITY, UIDNEXT, READ-ONLY). */
export async function examineInbox(client: ImapClient): Promise<{ result: CommandResult; inbox: ImapInboxFacts }> {
  const result = await client.run('EXAMINE INBOX');
  const inbox: ImapInboxFacts = { exists: null, recent: null, unseen: null, unseenSource: null, uidValidity: null, uidNext: null, readOnly: false };
  for (const u of result.untagged) {
    if (u.name === 'EXISTS' && u.number !== null) inbox.exists = u.number;
    else if (u.name === 'RECENT' && u.number !== null) inbox.recent = u.number;
    else if (u.status === 'OK' && u.code) {
      const n = /^\d{1,20}$/.test(u.code.args) ? Number(u.code.args) : null;
      if (u.code.name === 'UIDVALIDITY') inbox.uidValidity = n;
      else if (u.code.name === 'UIDNEXT') inbox.uidNext = n;
    }
  }
  if (result.tagged?.status === 'OK' && result.tagged.code?.name === 'READ-ONLY') inbox.readOnly = true;
  return { result, inbox };
}

/** Counts unseen messages of the examined mailbox: ESEARCH COUNT when offered, else SEARCH. */
export async function countUnseen(client: ImapClient, caps: string[]): Promise<{ result: CommandResult; count: number | null; source: 'ESEARCH' | 'SEARCH' }> {
  if (caps.includes('ESEARCH') || caps.includes('IMAP4REV2')) {
    const result = await client.run('SEARCH RETURN (COUNT) UNSEEN');
    const u = result.untagged.find((r) => r.name === 'ESEARCH');
    let count: number | null = null;
    const tokens = u ? tokenize(u.data) : null;
    if (tokens) {
      for (let i = 0; i + 1 < tokens.length; i++) {
        if (tokenString(tokens[i])?.toUpperCase() === 'COUNT') {
          const v = tokenString(tokens[i + 1]);
          if (v && /^\d{1,10}$/.test(v)) count = Number(v);
        }
      }
    }
    if (result.tagged?.status === 'OK' && count === null && u === undefined) count = 0;
    return { result, count, source: 'ESEARCH' };
  }
  const result = await client.run('SEARCH UNSEEN');
  let count: number | null = null;
  if (result.tagged?.status === 'OK') {
    count = 0;
    for (const u of result.untagged) {
      if (u.name !== 'SEARCH') continue;
      const text = u.data.map((s) => ('text' in s ? s.text : '')).join(' ');
      count += text.split(/\s+/).filter((w) => /^\d+$/.test(w)).length;
    }
  }
  return { result, count, source: 'SEARCH' };
}
