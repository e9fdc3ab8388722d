// Aho-Corasick over the folded alphabet of char-classes.ts, as a dense transition table, so the
// whole lexicon is found in one pass with one table lookup per character.
import { ALPHABET_SIZE, CHAR_CLASS, CLASS_OTHER, CLASS_SPACE } from "./char-classes.ts";

export interface Automaton {
  /**
   * Transitions, `ALPHABET_SIZE` per state: a state > 0, {@link TO_ROOT} for the root, or 0 when not
   * computed yet. The trie's edges and the root's row are filled in at compile time; every other
   * entry is computed on first use from the failure links ({@link step}) and kept, so a compile
   * touches only the trie and a scan only the transitions it meets. 16-bit while the states fit
   * (the built-in lexicon does), so the table stays small enough for the processor's caches.
   */
  readonly delta: Int16Array | Int32Array;
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
/** A computed transition back to the root (state 0; 0 itself in the table means "not computed"). */
const TO_ROOT = -1;

/** A failure or dictionary link not computed yet. */
const UNKNOWN = -2;

/**
 * The transition from `state` on `cls`: the trie edge, else the failure state's transition (the
 * classic Aho-Corasick goto/fail rule), remembered in the table. The root's row is complete, so
 * the walk ends; it is at most as deep as the longest term.
 */
function step(automaton: Automaton, state: number, cls: number): number {
  const at = state * ALPHABET_SIZE + cls;
  const known = automaton.delta[at] ?? 0;
  if (known !== 0) return known > 0 ? known : 0;
  const next = step(automaton, failOf(automaton, state), cls);
  automaton.delta[at] = next > 0 ? next : TO_ROOT;
  return next;
}

/** The failure link of `state`: the parent's failure state's transition on the same class (kept). */
function failOf(automaton: Automaton, state: number): number {
  const known = automaton.fail[state] ?? 0;
  if (known >= 0) return known;
  const up = automaton.parent[state] ?? 0;
  const f = up === 0 ? 0 : step(automaton, failOf(automaton, up), automaton.edge[state] ?? 0);
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
  // The trie's edges go straight into a table sized for the worst case (one state per character;
  // a zeroed table costs nothing until written), then it is cut to the states used.
  let chars = 0;
  for (const term of terms) chars += term.length;
  const maxStates = chars + 1;
  const table =
    maxStates <= 0x7fff ? new Int16Array(maxStates * ALPHABET_SIZE) : new Int32Array(maxStates * ALPHABET_SIZE);
  const outputs = new Int32Array(maxStates).fill(-1);
  const parent = new Int32Array(maxStates);
  const edge = new Uint8Array(maxStates);
  const lengths = new Int32Array(terms.length);
  let count = 1;
  for (let id = 0; id < terms.length; id++) {
    const term = terms[id] ?? "";
    let state = 0;
    let length = 0;
    for (let i = 0; i < term.length; i++) {
      const code = term.charCodeAt(i);
      const cls = code < CHAR_CLASS.length ? (CHAR_CLASS[code] ?? 0) : 0;
      if (cls === CLASS_OTHER) throw new RangeError(`keyword character outside the alphabet at ${String(i)}`);
      const at = state * ALPHABET_SIZE + cls;
      let next = table[at] ?? 0;
      if (next === 0) {
        next = count++;
        table[at] = next;
        parent[next] = state;
        edge[next] = cls;
      }
      state = next;
      length++;
    }
    lengths[id] = length;
    outputs[state] = id;
  }

  const automaton: Automaton = {
    delta: table.subarray(0, count * ALPHABET_SIZE),
    fail: new Int32Array(count).fill(-1),
    output: outputs.subarray(0, count),
    dictLink: new Int32Array(count).fill(UNKNOWN),
    parent: parent.subarray(0, count),
    edge: edge.subarray(0, count),
    lengths,
    glue,
  };
  const { delta } = automaton;
  automaton.fail[0] = 0;
  automaton.dictLink[0] = -1;
  // The root's row is complete: a class with no edge (and "other", which no term holds) stays at the
  // root. Everything else (failure links, dictionary links, transitions) is computed on first use.
  for (let c = 0; c < ALPHABET_SIZE; c++) if (c === CLASS_OTHER || (delta[c] ?? 0) === 0) delta[c] = TO_ROOT;
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
    const next = delta[state * ALPHABET_SIZE + cls] ?? 0;
    state = next > 0 ? next : next < 0 ? 0 : step(automaton, state, cls);
    if (state === 0) continue;
    let s = (output[state] ?? -1) >= 0 ? state : (dictLink[state] ?? -1);
    if (s === UNKNOWN) s = dictOf(automaton, state);
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
      const link = dictLink[s] ?? -1;
      s = link === UNKNOWN ? dictOf(automaton, s) : link;
    }
  }
  return hits;
}
