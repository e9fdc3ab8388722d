// Org-policy patterns never reach the backtracking RegExp engine. They are parsed into a small
// subset and compiled to a Thompson NFA that a Pike VM runs in O(text length x pattern size), so
// no pattern can hang the scanner (no catastrophic backtracking by construction).
//
// Subset: literals, `.`, classes `[...]`/`[^...]` with ranges, escapes \d \D \w \W \s \S \b and
// escaped punctuation, groups `(...)`/`(?:...)` (never capturing), alternation `|`, quantifiers
// `?` `*` `+` `{m}` `{m,}` `{m,n}` (n <= 50). Refused: backreferences, lookarounds, named groups,
// anchors, lazy/possessive quantifiers, patterns longer than 200 characters, more than 2,000 NFA
// states, and patterns that match the empty string.
import { DetectionError } from "./errors.ts";
import { isWordAt } from "./char-classes.ts";

export const MAX_PATTERN_LENGTH = 200;
const MAX_REPEAT = 50;
const MAX_STATES = 2000;

type Predicate = (code: number) => boolean;

type Node =
  | { readonly kind: "char"; readonly test: Predicate }
  | { readonly kind: "boundary" }
  | { readonly kind: "seq"; readonly items: readonly Node[] }
  | { readonly kind: "alt"; readonly options: readonly Node[] }
  | { readonly kind: "repeat"; readonly node: Node; readonly min: number; readonly max: number };

const OP_CHAR = 0;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_BOUNDARY = 3;
const OP_MATCH = 4;

interface Instruction {
  op: number;
  test: Predicate | null;
  x: number;
  y: number;
}

/** A custom pattern compiled for the Pike VM. */
export interface SafePattern {
  readonly program: readonly Instruction[];
}

function unsafe(message: string): DetectionError {
  return new DetectionError("UNSAFE_PATTERN", message);
}

const isDigit: Predicate = (c) => c >= 48 && c <= 57;
const isSpace: Predicate = (c) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2007 || c === 0x202f;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const isWordChar: Predicate = (c) => WORD_CHAR.test(String.fromCharCode(c));

function fold(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if (code < 128) return code;
  return String.fromCharCode(code).toLowerCase().charCodeAt(0);
}

class Parser {
  private pos = 0;
  private readonly source: string;
  private readonly caseSensitive: boolean;

  constructor(source: string, caseSensitive: boolean) {
    this.source = source;
    this.caseSensitive = caseSensitive;
  }

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.source.length) throw unsafe(`unexpected ')' at ${String(this.pos)}`);
    return node;
  }

  private peek(): string {
    return this.source.charAt(this.pos);
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      items.push(this.quantified(this.atom()));
    }
    return { kind: "seq", items };
  }

  private quantified(node: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === "?") [min, max] = [0, 1];
    else if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "{") {
      const m = /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(this.source.slice(this.pos));
      if (m === null) throw unsafe(`malformed {m,n} at ${String(this.pos)}`);
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" || m[3] === undefined ? Infinity : Number(m[3]);
      if (max < min) throw unsafe(`{m,n} with n < m at ${String(this.pos)}`);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
        throw unsafe(`repeat counts above ${String(MAX_REPEAT)} are not allowed`);
      }
      this.pos += m[0].length - 1;
    } else return node;
    this.pos++;
    const next = this.peek();
    if (next === "?" || next === "+") throw unsafe("lazy and possessive quantifiers are not allowed");
    if (next === "*" || next === "{") throw unsafe("a quantifier cannot follow a quantifier");
    if (node.kind === "boundary") throw unsafe("\\b cannot be repeated");
    return { kind: "repeat", node, min, max };
  }

  private literal(code: number): Node {
    if (this.caseSensitive) return { kind: "char", test: (c) => c === code };
    const folded = fold(code);
    return { kind: "char", test: (c) => fold(c) === folded };
  }

  private atom(): Node {
    const c = this.peek();
    const at = this.pos;
    this.pos++;
    switch (c) {
      case "(": {
        if (this.source.startsWith("?:", this.pos)) this.pos += 2;
        else if (this.peek() === "?") throw unsafe(`lookarounds and named groups are not allowed (at ${String(at)})`);
        const inner = this.alternation();
        if (this.peek() !== ")") throw unsafe(`unclosed group at ${String(at)}`);
        this.pos++;
        return inner;
      }
      case "[":
        return this.charClass(at);
      case ".":
        return { kind: "char", test: (code) => code !== 10 && code !== 13 };
      case "\\":
        return this.escape(false) as Node;
      case "^":
      case "$":
        throw unsafe("anchors are not allowed; the pattern is searched anywhere in the text");
      case "*":
      case "+":
      case "?":
      case "{":
        throw unsafe(`nothing to repeat at ${String(at)}`);
      case ")":
        throw unsafe(`unexpected ')' at ${String(at)}`);
      default:
        return this.literal(c.charCodeAt(0));
    }
  }

  /** Parses after a backslash; in a class `\b` is not a boundary, so classes pass true. */
  private escape(inClass: boolean): Node | Predicate {
    const c = this.peek();
    if (c === "") throw unsafe("trailing backslash");
    this.pos++;
    const builtins: Record<string, Predicate> = {
      d: isDigit,
      D: (x) => !isDigit(x),
      s: isSpace,
      S: (x) => !isSpace(x),
      w: isWordChar,
      W: (x) => !isWordChar(x),
      t: (x) => x === 9,
      n: (x) => x === 10,
    };
    const builtin = builtins[c];
    if (builtin !== undefined) return inClass ? builtin : { kind: "char", test: builtin };
    if (c === "b" && !inClass) return { kind: "boundary" };
    if (/[0-9]/.test(c) || c === "k") throw unsafe("backreferences are not allowed");
    if (/[A-Za-z]/.test(c)) throw unsafe(`unsupported escape \\${c}`);
    const code = c.charCodeAt(0);
    return inClass ? (x) => x === code : this.literal(code);
  }

  private charClass(at: number): Node {
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.pos++;
    }
    const parts: Predicate[] = [];
    let first = true;
    while (this.pos < this.source.length && (this.peek() !== "]" || first)) {
      first = false;
      if (this.peek() === "\\") {
        this.pos++;
        const p = this.escape(true);
        if (typeof p !== "function") throw unsafe(`bad escape in class at ${String(at)}`);
        if (this.peek() !== "-" || this.source.charAt(this.pos + 1) === "]") {
          parts.push(p);
          continue;
        }
        throw unsafe(`a range cannot start with a class escape (at ${String(at)})`);
      }
      const lo = this.source.charCodeAt(this.pos);
      this.pos++;
      let hi = lo;
      if (this.peek() === "-" && this.source.charAt(this.pos + 1) !== "]" && this.pos + 1 < this.source.length) {
        this.pos++;
        if (this.peek() === "\\") throw unsafe(`escapes cannot end a range (at ${String(at)})`);
        hi = this.source.charCodeAt(this.pos);
        this.pos++;
        if (hi < lo) throw unsafe(`reversed range in class at ${String(at)}`);
      }
      const [a, b] = [lo, hi];
      if (this.caseSensitive) parts.push((x) => x >= a && x <= b);
      else parts.push((x) => (x >= a && x <= b) || (fold(x) >= fold(a) && fold(x) <= fold(b)));
    }
    if (this.peek() !== "]") throw unsafe(`unclosed class at ${String(at)}`);
    this.pos++;
    const test: Predicate = (x) => parts.some((p) => p(x)) !== negate;
    return { kind: "char", test };
  }
}

function emit(node: Node, program: Instruction[]): void {
  if (program.length > MAX_STATES) throw unsafe(`pattern too large (over ${String(MAX_STATES)} states)`);
  switch (node.kind) {
    case "char":
      program.push({ op: OP_CHAR, test: node.test, x: 0, y: 0 });
      return;
    case "boundary":
      program.push({ op: OP_BOUNDARY, test: null, x: 0, y: 0 });
      return;
    case "seq":
      for (const item of node.items) emit(item, program);
      return;
    case "alt": {
      const jumps: Instruction[] = [];
      node.options.forEach((option, i) => {
        if (i < node.options.length - 1) {
          const split: Instruction = { op: OP_SPLIT, test: null, x: program.length + 1, y: 0 };
          program.push(split);
          emit(option, program);
          const jmp: Instruction = { op: OP_JMP, test: null, x: 0, y: 0 };
          program.push(jmp);
          jumps.push(jmp);
          split.y = program.length;
        } else {
          emit(option, program);
        }
      });
      for (const jmp of jumps) jmp.x = program.length;
      return;
    }
    case "repeat": {
      for (let i = 0; i < node.min; i++) emit(node.node, program);
      if (node.max === Infinity) {
        const split: Instruction = { op: OP_SPLIT, test: null, x: program.length + 1, y: 0 };
        const loop = program.length;
        program.push(split);
        emit(node.node, program);
        program.push({ op: OP_JMP, test: null, x: loop, y: 0 });
        split.y = program.length;
      } else {
        const splits: Instruction[] = [];
        for (let i = node.min; i < node.max; i++) {
          const split: Instruction = { op: OP_SPLIT, test: null, x: program.length + 1, y: 0 };
          program.push(split);
          splits.push(split);
          emit(node.node, program);
        }
        for (const split of splits) split.y = program.length;
      }
      return;
    }
  }
}

/**
 * Compiles a custom pattern to the safe subset.
 * @throws DetectionError `UNSAFE_PATTERN` when the pattern is outside the subset, too long, too
 *   large after expanding repeats, or can match the empty string.
 */
export function compileSafePattern(source: string, caseSensitive = false): SafePattern {
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
    throw unsafe(`a pattern has 1 to ${String(MAX_PATTERN_LENGTH)} characters`);
  }
  const program: Instruction[] = [];
  emit(new Parser(source, caseSensitive).parse(), program);
  program.push({ op: OP_MATCH, test: null, x: 0, y: 0 });
  if (program.length > MAX_STATES) throw unsafe(`pattern too large (over ${String(MAX_STATES)} states)`);
  const pattern = { program };
  if (matchesEmpty(pattern)) throw unsafe("the pattern matches the empty string");
  return pattern;
}

function matchesEmpty(pattern: SafePattern): boolean {
  const seen = new Set<number>();
  const stack = [0];
  while (stack.length > 0) {
    const pc = stack.pop() ?? 0;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const ins = pattern.program[pc];
    if (ins === undefined) continue;
    if (ins.op === OP_MATCH) return true;
    if (ins.op === OP_JMP) stack.push(ins.x);
    if (ins.op === OP_SPLIT) stack.push(ins.x, ins.y);
    if (ins.op === OP_BOUNDARY) stack.push(pc + 1);
  }
  return false;
}

interface ThreadList {
  readonly pc: Int32Array;
  readonly start: Int32Array;
  count: number;
}

/** Leftmost-longest, non-overlapping matches of `pattern` in `text`, as [start, end) pairs. */
export function findSafeMatches(pattern: SafePattern, text: string): [number, number][] {
  const program = pattern.program;
  const size = program.length;
  const n = text.length;
  const out: [number, number][] = [];
  const newList = (): ThreadList => ({ pc: new Int32Array(size), start: new Int32Array(size), count: 0 });
  let current = newList();
  let next = newList();
  // `mark[pc] === generation` when pc is already in the list being filled.
  const mark = new Int32Array(size).fill(-1);
  let generation = 0;
  const stack: number[] = [];

  const add = (list: ThreadList, pc0: number, start: number, at: number): void => {
    stack.push(pc0);
    while (stack.length > 0) {
      const pc = stack.pop() ?? 0;
      if (mark[pc] === generation) continue;
      mark[pc] = generation;
      const ins = program[pc];
      if (ins === undefined) continue;
      if (ins.op === OP_JMP) stack.push(ins.x);
      else if (ins.op === OP_SPLIT) stack.push(ins.y, ins.x);
      else if (ins.op === OP_BOUNDARY) {
        if (isWordAt(text, at - 1) !== isWordAt(text, at)) stack.push(pc + 1);
      } else {
        list.pc[list.count] = pc;
        list.start[list.count] = start;
        list.count++;
      }
    }
  };

  let pos = 0;
  while (pos < n) {
    let bestStart = -1;
    let bestEnd = -1;
    generation++;
    current.count = 0;
    for (let i = pos; i <= n; i++) {
      // `current` was filled in this generation; a new thread at i has the lowest priority.
      if (bestStart < 0) add(current, 0, i, i);
      if (current.count === 0) {
        if (bestStart >= 0) break;
        generation++;
        continue;
      }
      generation++;
      next.count = 0;
      const code = i < n ? text.charCodeAt(i) : -1;
      for (let t = 0; t < current.count; t++) {
        const pc = current.pc[t] ?? 0;
        const start = current.start[t] ?? 0;
        if (bestStart >= 0 && start > bestStart) continue;
        const ins = program[pc];
        if (ins === undefined) continue;
        if (ins.op === OP_MATCH) {
          if (bestStart < 0 || start < bestStart || (start === bestStart && i > bestEnd)) {
            bestStart = start;
            bestEnd = i;
          }
        } else if (ins.op === OP_CHAR && code >= 0 && ins.test !== null && ins.test(code)) {
          add(next, pc + 1, start, i + 1);
        }
      }
      [current, next] = [next, current];
      if (current.count === 0 && bestStart >= 0) break;
    }
    if (bestStart < 0) break;
    out.push([bestStart, bestEnd]);
    pos = bestEnd;
  }
  return out;
}
