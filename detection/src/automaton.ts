// Aho-Corasick over the folded alphabet of char-classes.ts, as a dense transition table, so the
// whole lexicon is found in one pass with one table lookup per character.
import { ALPHABET_SIZE, CHAR_CLASS, CLASS_OTHER, CLASS_SPACE } from "./char-classes.ts";

export interface Automaton {
  /**
   * Transitions, `ALPHABET_SIZE` per row: the row r > 0 of a state that may report a term, `-1 - r`
   * for a state that reports none (the root, or no output on its dictionary chain: the scan reads no
   * more tables at those, which are most characters; -32767 at least, so it fits the 16-bit table),
   * or 0 when not computed yet. Only the root's row is filled in at compile time; every other entry,
   * trie edges included, is computed on first use ({@link step}) and kept, so a compile does not
   * touch the table (2 MB for the built-in lexicon: writing the trie's edges into it faulted in every
   * page of it, about half the compile on a virtual machine) and a scan touches only the rows it
   * meets. 16-bit while the states fit (the built-in lexicon's do), so the table stays small enough
   * for the processor's caches.
   */
  readonly delta: Int16Array | Int32Array;
  /**
   * The row of each state in `delta`, 0 for none yet (the root's is 0). Rows are given out in the
   * order the states are first reached, so the states common text goes through share the first
   * rows and cache lines, rather than lying wherever their terms' trie put them in 2 MB.
   */
  readonly rowOf: Int32Array;
  /** The state of each row given out. */
  readonly stateAt: Int32Array;
  /** Rows given out so far (the root's included). */
  rows: number;
  /** The trie as lists: each state's first child and each state's next sibling (0 for none). */
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  /** Failure link of each state (the longest proper suffix that is also a trie state), or -1 until used. */
  readonly fail: Int32Array;
  /** Pattern id ending in this state, or -1. */
  readonly output: Int32Array;
  /** Nearest state on the failure chain with an output, -1 for none, or {@link UNKNOWN} until used. */
  readonly dictLink: Int32Array;
  /** The trie parent of each state and the class of the edge from it (for the failure links). */
  readonly parent: Int32Array;
  readonly edge: Uint8Array;
  /** Length in classes of each pattern id. */
  readonly lengths: Int32Array;
  /** 1 for a pattern id with a space, whose hits may span more characters than its length. */
  readonly spaced: Uint8Array;
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
/** A failure or dictionary link not computed yet. */
const UNKNOWN = -2;

/**
 * The transition from `state` on `cls` as the table holds it (see {@link Automaton.delta}): the trie
 * edge, else the failure state's transition (the classic Aho-Corasick goto/fail rule), remembered in
 * the table. The root's row is complete, so the walk ends; it is at most as deep as the longest term.
 */
function step(automaton: Automaton, state: number, cls: number): number {
  const at = rowOf(automaton, state) * ALPHABET_SIZE + cls;
  const known = automaton.delta[at] ?? 0;
  if (known !== 0) return known;
  const child = childOf(automaton, state, cls);
  const next = child === 0 ? step(automaton, failOf(automaton, state), cls) : entryOf(automaton, child);
  automaton.delta[at] = next;
  return next;
}

/** The table's entry for a transition to `state`: its row, negative when the state reports no term. */
function entryOf(automaton: Automaton, state: number): number {
  const row = rowOf(automaton, state);
  return (automaton.output[state] ?? -1) < 0 && dictOf(automaton, state) < 0 ? -1 - row : row;
}

/** The row of `state` in the table, given out now if it has none. */
function rowOf(automaton: Automaton, state: number): number {
  let row = automaton.rowOf[state] ?? 0;
  if (row === 0 && state !== 0) {
    row = automaton.rows++;
    automaton.rowOf[state] = row;
    automaton.stateAt[row] = state;
  }
  return row;
}

/** The state a table entry leads to. */
function stateOf(automaton: Automaton, entry: number): number {
  return automaton.stateAt[entry < 0 ? -1 - entry : entry] ?? 0;
}

/** The trie child of `state` on `cls`, or 0 (a walk along its siblings: few, short). */
function childOf(automaton: Automaton, state: number, cls: number): number {
  let child = automaton.firstChild[state] ?? 0;
  while (child !== 0 && automaton.edge[child] !== cls) child = automaton.nextSibling[child] ?? 0;
  return child;
}

/** The failure link of `state`: the parent's failure state's transition on the same class (kept). */
function failOf(automaton: Automaton, state: number): number {
  const known = automaton.fail[state] ?? 0;
  if (known >= 0) return known;
  const up = automaton.parent[state] ?? 0;
  const f = up === 0 ? 0 : stateOf(automaton, step(automaton, failOf(automaton, up), automaton.edge[state] ?? 0));
  automaton.fail[state] = f;
  return f;
}

/** The nearest state with an output on the failure chain of `state`, or -1 (kept). */
function dictOf(automaton: Automaton, state: number): number {
  const known = automaton.dictLink[state] ?? -1;
  if (known !== UNKNOWN) return known;
  const f = failOf(automaton, state);
  const link = (automaton.output[f] ?? -1) >= 0 ? f : dictOf(automaton, f);
  automaton.dictLink[state] = link;
  return link;
}

/**
 * Builds the automaton for `terms`; pattern id i is `terms[i]` (terms must be distinct after
 * case folding). Runs of spaces in the text match one space in a term.
 */
export function buildAutomaton(
  terms: readonly string[],
  glue: Uint8Array = new Uint8Array(terms.length).fill(3),
): Automaton {
  // The trie as child and sibling lists sized for the worst case (one state per character), then
  // cut to the states used; the transition table is made only then, at its exact size, and left
  // untouched but for the root's row (see Automaton.delta).
  let chars = 0;
  for (let id = 0; id < terms.length; id++) chars += terms[id]?.length ?? 0;
  const maxStates = chars + 1;
  const firstChild = new Int32Array(maxStates);
  const nextSibling = new Int32Array(maxStates);
  const outputs = new Int32Array(maxStates).fill(-1);
  const parent = new Int32Array(maxStates);
  const edge = new Uint8Array(maxStates);
  const lengths = new Int32Array(terms.length);
  const spaced = new Uint8Array(terms.length);
  let count = 1;
  for (let id = 0; id < terms.length; id++) {
    const term = terms[id] ?? "";
    let state = 0;
    let length = 0;
    for (let i = 0; i < term.length; i++) {
      const code = term.charCodeAt(i);
      const cls = code < CHAR_CLASS.length ? (CHAR_CLASS[code] ?? 0) : 0;
      if (cls === CLASS_OTHER) throw new RangeError(`keyword character outside the alphabet at ${String(i)}`);
      if (cls === CLASS_SPACE) spaced[id] = 1;
      let next = firstChild[state] ?? 0;
      while (next !== 0 && edge[next] !== cls) next = nextSibling[next] ?? 0;
      if (next === 0) {
        next = count++;
        parent[next] = state;
        edge[next] = cls;
        nextSibling[next] = firstChild[state] ?? 0;
        firstChild[state] = next;
      }
      state = next;
      length++;
    }
    lengths[id] = length;
    outputs[state] = id;
  }

  const delta = count <= 0x7fff ? new Int16Array(count * ALPHABET_SIZE) : new Int32Array(count * ALPHABET_SIZE);
  const automaton: Automaton = {
    delta,
    rowOf: new Int32Array(count),
    stateAt: new Int32Array(count),
    rows: 1,
    firstChild: firstChild.subarray(0, count),
    nextSibling: nextSibling.subarray(0, count),
    fail: new Int32Array(count).fill(-1),
    output: outputs.subarray(0, count),
    dictLink: new Int32Array(count).fill(UNKNOWN),
    parent: parent.subarray(0, count),
    edge: edge.subarray(0, count),
    lengths,
    spaced,
    glue,
  };
  automaton.fail[0] = 0;
  automaton.dictLink[0] = -1;
  // The root's row is complete: its trie edges, and the root itself for a class with no edge (and
  // "other", which no term holds). Everything else is computed on first use.
  for (let c = 0; c < ALPHABET_SIZE; c++) delta[c] = -1;
  for (let child = firstChild[0] ?? 0; child !== 0; child = nextSibling[child] ?? 0) {
    delta[edge[child] ?? 0] = entryOf(automaton, child);
  }
  return automaton;
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
  const { delta, stateAt, output, dictLink, lengths, spaced, glue } = automaton;
  const hits: TermHit[] = [];
  const table = CHAR_CLASS;
  const limit = table.length;
  // The module's constants as locals: bundled, they become top-level `var`s, which the compiler
  // loads again at every character instead of folding them in.
  const size = ALPHABET_SIZE;
  const space = CLASS_SPACE;
  let row = 0; // the state's row in the table (see Automaton.rowOf)
  let prevSpace = false;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    const cls = code < limit ? (table[code] ?? 0) : 0;
    if (cls === space) {
      if (prevSpace) continue;
      prevSpace = true;
    } else {
      prevSpace = false;
    }
    let next = delta[row * size + cls] ?? 0;
    if (next === 0) next = step(automaton, stateAt[row] ?? 0, cls);
    if (next < 0) {
      row = -1 - next; // a state that reports no term
      continue;
    }
    row = next;
    const state = stateAt[row] ?? 0;
    let s = (output[state] ?? -1) >= 0 ? state : (dictLink[state] ?? -1);
    if (s === UNKNOWN) s = dictOf(automaton, state);
    if (s < 0) continue;
    const nextCode = i + 1 < to ? text.charCodeAt(i + 1) : 32;
    const gluedAfter = nextCode < limit ? isWordClass(table[nextCode] ?? 0) : true;
    while (s >= 0) {
      const id = output[s] ?? -1;
      const g = glue[id] ?? 3;
      if (!gluedAfter || (g & GLUE_END) !== 0) {
        // Only runs of spaces are skipped, so a term without a space spans exactly its length.
        const length = lengths[id] ?? 0;
        const start = spaced[id] === 1 ? startOf(text, i + 1, length) : i + 1 - length;
        const prevCode = start > 0 ? text.charCodeAt(start - 1) : 32;
        const gluedBefore = prevCode < limit ? isWordClass(table[prevCode] ?? 0) : true;
        if (!gluedBefore || (g & GLUE_START) !== 0) hits.push({ id, start, end: i + 1 });
      }
      const link = dictLink[s] ?? -1;
      s = link === UNKNOWN ? dictOf(automaton, s) : link;
    }
  }
  return hits;
}
