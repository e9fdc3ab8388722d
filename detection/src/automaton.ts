// Aho-Corasick over the folded alphabet of char-classes.ts, as a dense transition table, so the
// whole lexicon is found in one pass with one table lookup per character.
import { ALPHABET_SIZE, CHAR_CLASS, CLASS_OTHER, CLASS_SPACE, toClasses } from "./char-classes.ts";

export interface Automaton {
  readonly delta: Int32Array;
  /** Pattern id ending in this state, or -1. */
  readonly output: Int32Array;
  /** Nearest state on the failure chain with an output, or -1. */
  readonly dictLink: Int32Array;
  /** Length in classes of each pattern id. */
  readonly lengths: Int32Array;
  /**
   * Per pattern id: bit 1 = it may start inside a word (a compound infix), bit 2 = it may end inside
   * a word (a prefix term). Hits glued to letters where the term does not allow it are not reported,
   * so "rån" in "från" or "ill" in "till" costs nothing downstream.
   */
  readonly glue: Uint8Array;
}

/** May start inside a word ({@link Automaton.glue}). */
export const GLUE_START = 1;
/** May end inside a word ({@link Automaton.glue}). */
export const GLUE_END = 2;

/**
 * Builds the automaton for `terms`; pattern id i is `terms[i]` (terms must be distinct after
 * case folding). Runs of spaces in the text match one space in a term.
 */
export function buildAutomaton(
  terms: readonly string[],
  glue: Uint8Array = new Uint8Array(terms.length).fill(3),
): Automaton {
  const classes = terms.map(toClasses);
  // Trie edges directly in the final table (-1 = no edge yet), filled in by the BFS below. The table
  // grows by doubling: sizing it for the sum of all term lengths would allocate megabytes for a trie
  // that shares most of its prefixes.
  let capacity = 1024;
  let delta = new Int32Array(capacity * ALPHABET_SIZE).fill(-1);
  let output = new Int32Array(capacity).fill(-1);
  const lengths = new Int32Array(terms.length);
  let count = 1;
  classes.forEach((seq, id) => {
    lengths[id] = seq.length;
    let state = 0;
    for (const cls of seq) {
      const at = state * ALPHABET_SIZE + cls;
      let next = delta[at] ?? -1;
      if (next === -1) {
        if (count === capacity) {
          capacity *= 2;
          const grown = new Int32Array(capacity * ALPHABET_SIZE).fill(-1);
          grown.set(delta);
          delta = grown;
          const grownOut = new Int32Array(capacity).fill(-1);
          grownOut.set(output);
          output = grownOut;
        }
        next = count++;
        delta[at] = next;
      }
      state = next;
    }
    output[state] = id;
  });

  const fail = new Int32Array(count);
  const dictLink = new Int32Array(count).fill(-1);
  const queue = new Int32Array(count);
  let tail = 0;
  for (let c = 0; c < ALPHABET_SIZE; c++) {
    const next = delta[c] ?? -1;
    if (next > 0 && c !== CLASS_OTHER) queue[tail++] = next;
    else delta[c] = 0;
  }
  for (let head = 0; head < tail; head++) {
    const state = queue[head] ?? 0;
    const f = fail[state] ?? 0;
    dictLink[state] = (output[f] ?? -1) >= 0 ? f : (dictLink[f] ?? -1);
    const row = state * ALPHABET_SIZE;
    const failRow = f * ALPHABET_SIZE;
    for (let c = 0; c < ALPHABET_SIZE; c++) {
      const next = delta[row + c] ?? -1;
      if (c === CLASS_OTHER) {
        delta[row + c] = 0;
      } else if (next === -1) {
        delta[row + c] = delta[failRow + c] ?? 0;
      } else {
        fail[next] = delta[failRow + c] ?? 0;
        queue[tail++] = next;
      }
    }
  }
  return {
    delta: delta.subarray(0, count * ALPHABET_SIZE),
    output: output.subarray(0, count),
    dictLink,
    lengths,
    glue,
  };
}

/** True for a letter or digit among the folded classes (not space, dash, dot, apostrophe, other). */
function isWordClass(cls: number): boolean {
  return cls !== CLASS_OTHER && cls < CLASS_SPACE;
}

/** Where a term matched: UTF-16 offsets and the pattern id. */
export interface TermHit {
  readonly id: number;
  readonly start: number;
  readonly end: number;
}

/** Walks back `length` classes from `end`, treating a run of spaces as one. */
function startOf(text: string, end: number, length: number): number {
  let i = end;
  let remaining = length;
  while (remaining > 0 && i > 0) {
    i--;
    const code = text.charCodeAt(i);
    if (code < CHAR_CLASS.length && CHAR_CLASS[code] === CLASS_SPACE) {
      while (i > 0) {
        const prev = text.charCodeAt(i - 1);
        if (prev < CHAR_CLASS.length && CHAR_CLASS[prev] === CLASS_SPACE) i--;
        else break;
      }
    }
    remaining--;
  }
  return i;
}

/** Every occurrence of every term in `text[from, to)`, in order of their end. */
export function findTerms(automaton: Automaton, text: string, from: number, to: number): TermHit[] {
  const { delta, output, dictLink, lengths, glue } = automaton;
  const hits: TermHit[] = [];
  const table = CHAR_CLASS;
  const limit = table.length;
  let state = 0;
  let prevSpace = false;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    const cls = code < limit ? (table[code] ?? 0) : 0;
    if (cls === CLASS_SPACE) {
      if (prevSpace) continue;
      prevSpace = true;
    } else {
      prevSpace = false;
    }
    state = delta[state * ALPHABET_SIZE + cls] ?? 0;
    if (state === 0) continue;
    let s = (output[state] ?? -1) >= 0 ? state : (dictLink[state] ?? -1);
    if (s < 0) continue;
    const nextCode = i + 1 < to ? text.charCodeAt(i + 1) : 32;
    const gluedAfter = nextCode < limit ? isWordClass(table[nextCode] ?? 0) : true;
    while (s >= 0) {
      const id = output[s] ?? -1;
      const g = glue[id] ?? 3;
      if (!gluedAfter || (g & GLUE_END) !== 0) {
        const start = startOf(text, i + 1, lengths[id] ?? 0);
        const prevCode = start > 0 ? text.charCodeAt(start - 1) : 32;
        const gluedBefore = prevCode < limit ? isWordClass(table[prevCode] ?? 0) : true;
        if (!gluedBefore || (g & GLUE_START) !== 0) hits.push({ id, start, end: i + 1 });
      }
      s = dictLink[s] ?? -1;
    }
  }
  return hits;
}
