/**
 * @module catalog/render
 * Fills `{slot}` and `{slot|fallback}` placeholders in cause templates. A template is split
 * once into its fixed text and its slots (compileTemplate); rendering then joins the pieces
 * with the values, without a regular-expression replace per template per finding or bounce
 * record (renderCause keeps the compiled templates of each cause).
 */
export type Slots = Record<string, string | number | undefined | null>;

const SLOT = /\{([a-zA-Z][a-zA-Z0-9_]*)(?:\|([^}]*))?\}/g;

/** A template as fixed text and slots (an empty or absent value takes the fallback, else "the <slot>"). */
export type CompiledTemplate = ReadonlyArray<string | { readonly slot: string; readonly fallback: string }>;

export function compileTemplate(template: string): CompiledTemplate {
  const out: Array<string | { slot: string; fallback: string }> = [];
  let last = 0;
  for (const m of template.matchAll(SLOT)) {
    if (m.index > last) out.push(template.slice(last, m.index));
    const slot = m[1] as string;
    out.push({ slot, fallback: m[2] ?? `the ${slot}` });
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

export function renderCompiled(pieces: CompiledTemplate, slots: Slots = {}): string {
  let s = '';
  for (const p of pieces) {
    if (typeof p === 'string') s += p;
    else {
      const v = slots[p.slot];
      s += v === undefined || v === null || v === '' ? p.fallback : String(v);
    }
  }
  return s;
}

export function renderTemplate(template: string, slots: Slots = {}): string {
  return renderCompiled(compileTemplate(template), slots);
}

/** Names of the slots a template uses. */
export function templateSlots(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1] as string);
}
