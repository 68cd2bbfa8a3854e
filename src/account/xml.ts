/**
 * @module account/xml
 * A small, tolerant XML reader for the two documents account discovery reads (Thunderbird
 * clientConfig and Autodiscover POX). No dependency, no DTD processing and no entity
 * expansion beyond the five predefined entities and character references (so no
 * "billion laughs"), bounded input size, depth and element count. It never throws: it
 * recovers from what it can and lists every problem in `errors`, so the caller can both say
 * "a strict client would reject this" and show what the file meant.
 */

export interface XmlElement {
  /** local name (namespace prefix removed) */
  name: string;
  /** qualified name as written */
  qname: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** concatenated character data directly inside this element */
  text: string;
}

export interface XmlLimits {
  maxBytes?: number;
  maxDepth?: number;
  maxElements?: number;
}

export interface XmlParseResult {
  /** the document element, when one was found */
  root: XmlElement | null;
  /** problems found; empty for a well-formed document */
  errors: string[];
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes entity and character references; unknown ones are kept and reported. */
export function decodeEntities(text: string, errors?: string[]): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g, (m, ref: string) => {
    if (!m.endsWith(';')) {
      errors?.push(`unterminated reference "${m}"`);
      return m;
    }
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        errors?.push(`invalid character reference "${m}"`);
        return '\ufffd';
      }
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[ref];
    if (v === undefined) {
      errors?.push(`unknown entity "${m}"`);
      return m;
    }
    return v;
  });
}

function localName(q: string): string {
  const i = q.indexOf(':');
  return i >= 0 ? q.slice(i + 1) : q;
}

const NAME = /^[A-Za-z_][\w.:-]*/;

/** Parses `text` into an element tree. Never throws. */
export function parseXml(input: string, limits: XmlLimits = {}): XmlParseResult {
  const maxBytes = limits.maxBytes ?? 256 * 1024;
  const maxDepth = limits.maxDepth ?? 32;
  const maxElements = limits.maxElements ?? 10_000;
  const errors: string[] = [];
  let text = input;
  if (text.length > maxBytes) {
    errors.push(`document longer than ${maxBytes} characters; the rest was ignored`);
    text = text.slice(0, maxBytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  let count = 0;
  let i = 0;
  const n = text.length;
  const addText = (s: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += s;
    else if (s.trim()) errors.push(root ? 'text after the document element' : 'text before the document element');
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(decodeEntities(text.slice(i), errors));
      break;
    }
    if (lt > i) addText(decodeEntities(text.slice(i, lt), errors));
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) {
        errors.push('unterminated comment');
        break;
      }
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end < 0) {
        errors.push('unterminated CDATA section');
        break;
      }
      addText(text.slice(i + 9, end));
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) {
        errors.push('unterminated processing instruction');
        break;
      }
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!', i)) {
      // DOCTYPE (possibly with an internal subset): skipped, never interpreted
      let j = i + 2;
      let depth = 0;
      for (; j < n; j++) {
        const ch = text[j];
        if (ch === '[') depth++;
        else if (ch === ']') depth--;
        else if (ch === '>' && depth <= 0) break;
      }
      if (j >= n) {
        errors.push('unterminated declaration');
        break;
      }
      i = j + 1;
      continue;
    }
    if (text[i + 1] === '/') {
      const end = text.indexOf('>', i + 2);
      if (end < 0) {
        errors.push('unterminated end tag');
        break;
      }
      const qname = text.slice(i + 2, end).trim();
      i = end + 1;
      const idx = findOpen(stack, qname);
      if (idx < 0) {
        errors.push(`end tag </${qname}> without a matching start tag`);
        continue;
      }
      for (let k = stack.length - 1; k > idx; k--) errors.push(`element <${stack[k]?.qname}> not closed before </${qname}>`);
      stack.length = idx;
      continue;
    }
    // start tag
    const m = NAME.exec(text.slice(i + 1, i + 1 + 256));
    if (!m) {
      errors.push(`stray "<" at offset ${i}`);
      addText('<');
      i++;
      continue;
    }
    const qname = m[0];
    let j = i + 1 + qname.length;
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    let closed = false;
    while (j < n) {
      while (j < n && /\s/.test(text[j] as string)) j++;
      if (text[j] === '>') {
        closed = true;
        j++;
        break;
      }
      if (text.startsWith('/>', j)) {
        selfClosing = true;
        closed = true;
        j += 2;
        break;
      }
      const am = NAME.exec(text.slice(j, j + 256));
      if (!am) {
        errors.push(`malformed attribute in <${qname}>`);
        const gt = text.indexOf('>', j);
        j = gt < 0 ? n : gt;
        continue;
      }
      j += am[0].length;
      while (j < n && /\s/.test(text[j] as string)) j++;
      if (text[j] !== '=') {
        errors.push(`attribute ${am[0]} in <${qname}> has no value`);
        continue;
      }
      j++;
      while (j < n && /\s/.test(text[j] as string)) j++;
      const q = text[j];
      if (q !== '"' && q !== "'") {
        errors.push(`attribute ${am[0]} in <${qname}> is not quoted`);
        const vm = /^[^\s>]*/.exec(text.slice(j)) as RegExpExecArray;
        attrs[localName(am[0])] = decodeEntities(vm[0], errors);
        j += vm[0].length;
        continue;
      }
      const endq = text.indexOf(q, j + 1);
      if (endq < 0) {
        errors.push(`unterminated attribute value in <${qname}>`);
        j = n;
        break;
      }
      attrs[localName(am[0])] = decodeEntities(text.slice(j + 1, endq), errors);
      j = endq + 1;
    }
    if (!closed) {
      errors.push(`unterminated start tag <${qname}>`);
      break;
    }
    i = j;
    if (++count > maxElements) {
      errors.push(`more than ${maxElements} elements; the rest was ignored`);
      break;
    }
    const el: XmlElement = { name: localName(qname), qname, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) {
      errors.push(`second document element <${qname}>`);
      continue;
    } else root = el;
    if (!selfClosing) {
      if (stack.length >= maxDepth) {
        errors.push(`elements nested deeper than ${maxDepth}`);
        break;
      }
      stack.push(el);
    }
  }
  if (stack.length) errors.push(`element <${stack[stack.length - 1]?.qname}> not closed at the end of the document`);
  if (!root) errors.push('no XML element found');
  return { root, errors };
}

function findOpen(stack: XmlElement[], qname: string): number {
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]?.qname === qname) return k;
  return -1;
}

/** Children with this local name (case-insensitive). */
export function childrenNamed(el: XmlElement | null | undefined, name: string): XmlElement[] {
  if (!el) return [];
  const want = name.toLowerCase();
  return el.children.filter((c) => c.name.toLowerCase() === want);
}

/** First child with this local name (case-insensitive). */
export function childNamed(el: XmlElement | null | undefined, name: string): XmlElement | undefined {
  return childrenNamed(el, name)[0];
}

/** Trimmed text of the first child with this name, or undefined. */
export function childText(el: XmlElement | null | undefined, name: string): string | undefined {
  const c = childNamed(el, name);
  if (!c) return undefined;
  const t = c.text.trim();
  return t === '' ? undefined : t;
}
