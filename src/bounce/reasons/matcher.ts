/**
 * @module bounce/reasons/matcher
 * Finds every literal phrase of every table in one pass over a text: an Aho-Corasick automaton
 * built once at load and flattened into a deterministic table over the phrases' alphabet (about
 * 80 symbols, about 20k states: a few MB), so scanning costs one table lookup per character,
 * however many tables are consulted. Regular-expression phrases are tested one by one, only when
 * their table is asked.
 */

/** State ids fit in 16 bits for every table shipped (halves the table: fewer cache misses). */
type Table = Uint16Array | Uint32Array;

export class LiteralMatcher {
  private readonly literals: string[] = [];
  /** character code -> alphabet index (0: a character no phrase uses) */
  private alpha = new Uint8Array(65536);
  private width = 1;
  /** state * width + symbol -> next state */
  private delta: Table = new Uint16Array(0);
  /** ids of the phrases ending at each state (own and through failure links), where some do */
  private outputs: Array<number[] | undefined> = [];
  /** 1 for the states where some phrase ends */
  private final = new Uint8Array(0);

  /** Adds a literal; returns its id. */
  add(literal: string): number {
    this.literals.push(literal);
    return this.literals.length - 1;
  }

  /** Builds the automaton; call once after the last add. */
  build(): void {
    let symbols = 1;
    let bound = 1;
    const alpha = new Uint8Array(65536);
    for (const l of this.literals) {
      bound += l.length;
      for (let i = 0; i < l.length; i++) {
        const c = l.charCodeAt(i);
        if (alpha[c] === 0) {
          if (symbols >= 255) throw new Error('matcher: alphabet too large');
          alpha[c] = symbols++;
        }
      }
    }
    const w = symbols;
    // The trie is written into the transition table itself (state * w + symbol -> child; 0:
    // none, the root being nobody's child), sized for the worst case (pages never touched cost
    // nothing). States are numbered in creation order; each remembers its parent, symbol, depth.
    const delta = bound <= 0xffff ? new Uint16Array(bound * w) : new Uint32Array(bound * w);
    const parent = new Uint32Array(bound);
    const symbol = new Uint8Array(bound);
    const depth = new Uint32Array(bound);
    // ids of the phrases ending at each state (only where some do)
    const out: Array<number[] | undefined> = [];
    let states = 1;
    for (let id = 0; id < this.literals.length; id++) {
      const l = this.literals[id]!;
      let s = 0;
      for (let i = 0; i < l.length; i++) {
        const a = alpha[l.charCodeAt(i)]!;
        let n = delta[s * w + a]!;
        if (n === 0) {
          n = states++;
          delta[s * w + a] = n;
          parent[n] = s;
          symbol[n] = a;
          depth[n] = depth[s]! + 1;
        }
        s = n;
      }
      (out[s] ??= []).push(id);
    }
    // states by depth (counting sort): the automaton is completed one depth at a time
    const levels: number[][] = [];
    for (let n = 1; n < states; n++) (levels[depth[n]! - 1] ??= []).push(n);
    // Failure links folded into a complete transition table, one depth at a time: a state's row
    // becomes its failure state's row (complete, being shallower), then gets its own children
    // back when the next depth is done.
    const fail = new Uint32Array(states);
    for (const level of levels) {
      // the children: rows of the level above are now complete
      for (const n of level) delta[parent[n]! * w + symbol[n]!] = n;
      for (const n of level) {
        const p = parent[n]!;
        const f = p === 0 ? 0 : delta[fail[p]! * w + symbol[n]!]!;
        fail[n] = f;
        delta.copyWithin(n * w, f * w, f * w + w);
        // the phrases ending here: its own, then those of its failure state (arrays never change
        // from here on, so one may be shared)
        const inherited = out[f];
        if (inherited) out[n] = out[n] ? [...out[n], ...inherited] : inherited;
      }
    }
    const final = new Uint8Array(states);
    for (let s = 0; s < states; s++) if (out[s]) final[s] = 1;
    this.alpha = alpha;
    this.width = w;
    this.delta = delta.subarray(0, states * w);
    this.outputs = out;
    this.final = final;
  }

  /** Ids of all literals found in the text. */
  scan(text: string): number[] {
    const found: number[] = [];
    const { alpha, delta, outputs, final, width } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = delta[s * width + alpha[text.charCodeAt(i)]!]!;
      if (final[s] === 1) {
        const o = outputs[s]!;
        for (let k = 0; k < o.length; k++) found.push(o[k]!);
      }
    }
    return found;
  }
}
