// A folded alphabet for the keyword automaton: case-insensitive letters (Swedish and Nordic
// included), digits, one class for every kind of space, one for every dash, and the full stop.
// and apostrophes. Everything else is class 0, which sends the automaton back to its root.

export const CLASS_OTHER = 0;
const LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéüæøèáàíóúñç";
const DIGITS = "0123456789";
export const CLASS_SPACE = 1 + LETTERS.length + DIGITS.length;
export const CLASS_DASH = CLASS_SPACE + 1;
export const CLASS_DOT = CLASS_SPACE + 2;
export const CLASS_APOSTROPHE = CLASS_SPACE + 3;
export const ALPHABET_SIZE = CLASS_SPACE + 4;

/** Unicode dashes people type in numbers and words: hyphen-minus, U+2010-2015 and U+2212. */
export const DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212";

/** Class of each UTF-16 code unit below 0x2300 (the rest are class 0). */
export const CHAR_CLASS = buildClassTable();
/** 1 for a letter or digit (word character) among the code units below 0x2300. */
const WORD_TABLE = new Uint8Array(0x2300);

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x2300);
  for (let i = 0; i < LETTERS.length; i++) {
    const lower = LETTERS.charAt(i);
    table[lower.charCodeAt(0)] = 1 + i;
    table[lower.toUpperCase().charCodeAt(0)] = 1 + i;
  }
  for (let i = 0; i < DIGITS.length; i++) table[DIGITS.charCodeAt(i)] = 1 + LETTERS.length + i;
  for (const space of " \t\n\r\f\v\u00a0\u2007\u202f") table[space.charCodeAt(0)] = CLASS_SPACE;
  for (const dash of DASHES + "\u00ad") table[dash.charCodeAt(0)] = CLASS_DASH;
  table[".".charCodeAt(0)] = CLASS_DOT;
  table["'".charCodeAt(0)] = CLASS_APOSTROPHE;
  table["\u2019".charCodeAt(0)] = CLASS_APOSTROPHE;
  return table;
}

const WORD_RE = /[\p{L}\p{N}\p{M}]/u;
for (let code = 0; code < WORD_TABLE.length; code++) {
  WORD_TABLE[code] = WORD_RE.test(String.fromCharCode(code)) ? 1 : 0;
}

/** True when the code unit at `index` is part of a word (letter, digit or combining mark). */
export function isWordAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 0x2300) return WORD_TABLE[code] === 1;
  if (code >= 0xd800 && code <= 0xdfff) {
    const point = text.codePointAt(code >= 0xdc00 ? index - 1 : index) ?? code;
    return WORD_RE.test(String.fromCodePoint(point));
  }
  return WORD_RE.test(String.fromCharCode(code));
}

/** Maps a keyword to its class sequence; throws if it contains a character outside the alphabet. */
export function toClasses(term: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i);
    const cls = code < CHAR_CLASS.length ? (CHAR_CLASS[code] ?? 0) : 0;
    if (cls === CLASS_OTHER) throw new RangeError(`keyword character outside the alphabet at ${String(i)}`);
    out.push(cls);
  }
  return out;
}
