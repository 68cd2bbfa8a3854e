/**
 * @module catalog/render
 * Fills `{slot}` and `{slot|fallback}` placeholders in cause templates.
 */
export type Slots = Record<string, string | number | undefined | null>;

const SLOT = /\{([a-zA-Z][a-zA-Z0-9_]*)(?:\|([^}]*))?\}/g;

export function renderTemplate(template: string, slots: Slots = {}): string {
  return template.replace(SLOT, (_m, name: string, fallback: string | undefined) => {
    const v = slots[name];
    if (v === undefined || v === null || v === '') return fallback ?? `the ${name}`;
    return String(v);
  });
}

/** Names of the slots a template uses. */
export function templateSlots(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1] as string);
}
