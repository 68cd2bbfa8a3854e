/**
 * @module bounce/reasons/matcher
 * Finds every literal phrase of every table in one pass over a text: an Aho-Corasick automaton
 * built once at load and flattened into a deterministic table over the phrases' alphabet (about
 * 80 symbols, about 25k states: a few MB), so scanning costs one table lookup per character,
 * however many tables are consulted. Regular-expression phrases are tested one by one, only when
 * their table is asked.
 */

export class LiteralMatcher {
  private readonly literals: string[] = [];
  /** character code -> alphabet index (0: a character no phrase uses) */
  private alpha = new Uint8Array(65536);
  private width = 1;
  /** state * width + symbol -> next state */
  private delta = new Uint32Array(0);
  /** ids of the phrases ending at each state (own and through failure links) */
  private outputs: number[][] = [];

  /** Adds a literal; returns its id. */
  add(literal: string): number {
    this.literals.push(literal);
    return this.literals.length - 1;
  }

  /** Builds the automaton; call once after the last add. */
  build(): void {
    let symbols = 1;
    this.alpha = new Uint8Array(65536);
    for (const l of this.literals) {
      for (let i = 0; i < l.length; i++) {
        const c = l.charCodeAt(i);
        if (this.alpha[c] === 0) {
          if (symbols >= 255) throw new Error('matcher: alphabet too large');
          this.alpha[c] = symbols++;
        }
      }
    }
    const w = symbols;
    // trie
    const next: Array<Map<number, number>> = [new Map<number, number>()];
    const out: number[][] = [[]];
    this.literals.forEach((l, id) => {
      let s = 0;
      for (let i = 0; i < l.length; i++) {
        const a = this.alpha[l.charCodeAt(i)]!;
        let n = next[s]!.get(a);
        if (n === undefined) {
          n = next.length;
          next.push(new Map<number, number>());
          out.push([]);
          next[s]!.set(a, n);
        }
        s = n;
      }
      out[s]!.push(id);
    });
    // breadth-first: failure links folded into a complete transition table
    const delta = new Uint32Array(next.length * w);
    const fail = new Uint32Array(next.length);
    const queue: number[] = [];
    for (const [a, n] of next[0]!) {
      delta[a] = n;
      queue.push(n);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      const f = fail[s]!;
      if (out[f]!.length) out[s] = [...out[s]!, ...out[f]!];
      // the state's row is its failure state's row, overwritten by its own children
      delta.copyWithin(s * w, f * w, f * w + w);
      for (const [a, n] of next[s]!) {
        fail[n] = delta[f * w + a]!;
        delta[s * w + a] = n;
        queue.push(n);
      }
    }
    this.width = w;
    this.delta = delta;
    this.outputs = out;
  }

  /** Ids of all literals found in the text. */
  scan(text: string): number[] {
    const found: number[] = [];
    const { alpha, delta, outputs, width } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = delta[s * width + alpha[text.charCodeAt(i)]!]!;
      const o = outputs[s]!;
      if (o.length) for (let k = 0; k < o.length; k++) found.push(o[k]!);
    }
    return found;
  }
}
