// A Bloom filter over lower-case words: a compact, approximate set (see common-words.ts). Pure; the
// generator (eval/build-common-words.ts) and the engine share this hashing, so a word the generator
// added is always found.

/** The filter's shape: `bits` bits, `hashes` probes per word. */
export interface BloomShape {
  readonly bits: number;
  readonly hashes: number;
}

/** FNV-1a over the UTF-16 code units, and a second, mixed hash for double hashing (odd, non-zero). */
function hashPair(word: string): [number, number] {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let g = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  g = Math.imul(g ^ (g >>> 13), 0xc2b2ae35);
  g ^= g >>> 16;
  return [h >>> 0, (g | 1) >>> 0];
}

/** The bit of probe `i` (double hashing): one formula for adding and asking, so they cannot drift. */
function probe(h1: number, h2: number, i: number, bits: number): number {
  return ((h1 + Math.imul(i, h2)) >>> 0) % bits;
}

/** Sets the bits of `word` in `filter`. */
export function bloomAdd(filter: Uint8Array, shape: BloomShape, word: string): void {
  const [h1, h2] = hashPair(word);
  for (let i = 0; i < shape.hashes; i++) {
    const at = probe(h1, h2, i, shape.bits);
    filter[at >>> 3] = (filter[at >>> 3] ?? 0) | (1 << (at & 7));
  }
}

/** Whether every bit of `word` is set: true for every word added, and for about 1 % of others. */
export function bloomHas(filter: Uint8Array, shape: BloomShape, word: string): boolean {
  const [h1, h2] = hashPair(word);
  for (let i = 0; i < shape.hashes; i++) {
    const at = probe(h1, h2, i, shape.bits);
    if (((filter[at >>> 3] ?? 0) & (1 << (at & 7))) === 0) return false;
  }
  return true;
}
