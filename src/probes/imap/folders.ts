/**
 * @module probes/imap/folders
 * The folder list: LIST / XLIST response parsing, modified UTF-7 names (RFC 3501 5.1.3),
 * and the special-use role of each folder (RFC 6154 attributes, or a known name). A role
 * recognised by name only is weaker evidence than the server's own attribute, so the
 * source is kept (the imapflow specialUseSource idea).
 */
import { tokenize, tokenString, type Segment } from './response.js';

export type FolderRole = 'Inbox' | 'Junk' | 'Trash' | 'Sent' | 'Drafts' | 'Archive' | 'All' | 'Flagged' | 'Important';

export interface FolderInfo {
  /** name as the server sends it (modified UTF-7 for IMAP4rev1) */
  name: string;
  /** decoded for people */
  displayName: string;
  delimiter: string | null;
  /** attributes as sent (\HasNoChildren, \Junk, ...) */
  attributes: string[];
  /** false for \Noselect / \NonExistent */
  selectable: boolean;
  role: FolderRole | null;
  /** how the role was recognised: the server's attribute (RFC 6154 / XLIST), or the name */
  roleSource: 'extension' | 'name' | null;
  /** with --folders: STATUS counts (null when STATUS failed or was not asked) */
  messages?: number | null;
  unseen?: number | null;
  /** why STATUS failed for this folder */
  statusError?: string;
}

const ATTRIBUTE_ROLES: Record<string, FolderRole> = {
  '\\JUNK': 'Junk',
  '\\SPAM': 'Junk', // Gmail XLIST
  '\\TRASH': 'Trash',
  '\\SENT': 'Sent',
  '\\DRAFTS': 'Drafts',
  '\\ARCHIVE': 'Archive',
  '\\ALL': 'All',
  '\\ALLMAIL': 'All', // Gmail XLIST
  '\\FLAGGED': 'Flagged',
  '\\STARRED': 'Flagged', // Gmail XLIST
  '\\IMPORTANT': 'Important', // RFC 8457
  '\\INBOX': 'Inbox', // Gmail XLIST
};

/**
 * Folder names that clients (Thunderbird, Apple Mail, Outlook, K-9, imapflow) treat as a
 * role when the server gives no attribute: English and common localized names, lower case,
 * compared with the last path component.
 */
const NAME_ROLES: Record<string, FolderRole> = {};
function names(role: FolderRole, list: string[]): void {
  for (const n of list) NAME_ROLES[n] = role;
}
names('Junk', ['junk', 'spam', 'junk e-mail', 'junk email', 'junk mail', 'bulk mail', 'bulk', 'courrier indésirable', 'pourriel', 'spam-verdacht', 'junk-e-mail', 'posta indesiderata', 'correo no deseado', 'lixo eletrônico', 'ongewenste e-mail', 'skräppost', 'nettsøppel']);
names('Trash', ['trash', 'deleted items', 'deleted messages', 'deleted', 'bin', 'papierkorb', 'gelöschte elemente', 'gelöschte objekte', 'corbeille', 'éléments supprimés', 'cestino', 'posta eliminata', 'papelera', 'elementos eliminados', 'lixeira', 'itens excluídos', 'prullenbak', 'verwijderde items', 'papperskorgen']);
names('Sent', ['sent', 'sent items', 'sent messages', 'sent mail', 'gesendet', 'gesendete elemente', 'gesendete objekte', 'envoyés', 'éléments envoyés', 'messages envoyés', 'inviata', 'posta inviata', 'enviados', 'elementos enviados', 'itens enviados', 'verzonden', 'verzonden items', 'skickat']);
names('Drafts', ['drafts', 'draft', 'entwürfe', 'brouillons', 'bozze', 'borradores', 'rascunhos', 'concepten', 'utkast']);
names('Archive', ['archive', 'archives', 'archiv', 'archivio', 'archivo', 'arquivo', 'archief', 'arkiv']);
names('All', ['all mail', 'alle nachrichten']);

/** Decodes a modified UTF-7 mailbox name (RFC 3501 5.1.3); returns the input when malformed. */
export function decodeMutf7(name: string): string {
  if (!name.includes('&')) return name;
  let out = '';
  let i = 0;
  while (i < name.length) {
    const amp = name.indexOf('&', i);
    if (amp < 0) {
      out += name.slice(i);
      break;
    }
    out += name.slice(i, amp);
    const dash = name.indexOf('-', amp + 1);
    if (dash < 0) return name;
    const b64 = name.slice(amp + 1, dash);
    if (b64 === '') out += '&';
    else {
      if (!/^[A-Za-z0-9+,]+$/.test(b64)) return name;
      const buf = Buffer.from(b64.replace(/,/g, '/'), 'base64');
      if (buf.length % 2) return name;
      let s = '';
      for (let k = 0; k + 1 < buf.length; k += 2) s += String.fromCharCode(((buf[k] as number) << 8) | (buf[k + 1] as number));
      out += s;
    }
    i = dash + 1;
  }
  return out;
}

/** The role of a folder: from its attributes first, then from its name. */
export function folderRole(name: string, attributes: string[], delimiter: string | null): { role: FolderRole | null; source: FolderInfo['roleSource'] } {
  for (const a of attributes) {
    const r = ATTRIBUTE_ROLES[a.toUpperCase()];
    if (r && r !== 'Inbox') return { role: r, source: 'extension' };
  }
  if (name.toUpperCase() === 'INBOX') return { role: 'Inbox', source: 'name' };
  if (attributes.some((a) => a.toUpperCase() === '\\INBOX')) return { role: 'Inbox', source: 'extension' };
  const decoded = decodeMutf7(name);
  const last = (delimiter ? decoded.split(delimiter).pop() : decoded) ?? decoded;
  const byName = NAME_ROLES[last.toLowerCase().trim()] ?? null;
  // "[Gmail]/Spam"-style paths: the last component decides
  return byName ? { role: byName, source: 'name' } : { role: null, source: null };
}

/** Parses the data of one "* LIST (attrs) delim name" (or XLIST) response; null when malformed. */
export function parseListData(data: Segment[]): FolderInfo | null {
  const tokens = tokenize(data);
  if (!tokens || tokens.length < 3) return null;
  const [attrTok, delimTok, nameTok] = tokens;
  if (!attrTok || attrTok.t !== 'list') return null;
  const attributes = attrTok.items.map(tokenString).filter((s): s is string => s !== null);
  const delimiter = delimTok?.t === 'nil' ? null : tokenString(delimTok);
  const name = tokenString(nameTok);
  if (name === null || name.length > 1000) return null;
  const upper = attributes.map((a) => a.toUpperCase());
  const selectable = !upper.includes('\\NOSELECT') && !upper.includes('\\NONEXISTENT');
  const normalized = name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
  const { role, source } = folderRole(normalized, attributes, delimiter);
  return { name: normalized, displayName: decodeMutf7(normalized), delimiter, attributes, selectable, role, roleSource: source };
}

/** Sorts folders the way people look for mail: INBOX, then Junk, Trash, Archive, All, Sent, Drafts, then the rest by name. */
export function sortFolders(list: FolderInfo[]): FolderInfo[] {
  const rank: Record<string, number> = { Inbox: 0, Junk: 1, Trash: 2, Archive: 3, All: 4, Sent: 5, Drafts: 6, Flagged: 7, Important: 8 };
  return [...list].sort((a, b) => (rank[a.role ?? ''] ?? 9) - (rank[b.role ?? ''] ?? 9) || a.displayName.localeCompare(b.displayName));
}

/** When the server marks a role with an attribute, a folder that only has the role's name does not get it too. */
export function resolveRoles(list: FolderInfo[]): FolderInfo[] {
  const byExtension = new Set(list.filter((f) => f.roleSource === 'extension').map((f) => f.role));
  return list.map((f) => (f.roleSource === 'name' && f.role !== 'Inbox' && byExtension.has(f.role) ? { ...f, role: null, roleSource: null } : f));
}
