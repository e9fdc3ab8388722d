// The common-word filter that keeps capitalised common words from being read as unknown names
// (issue 19): built from public word lists (eval/common-words.ts), checked here against the
// generator, for no missing word, for its rate of false positives and on real names.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commonWords, commonWordsSource } from "../eval/common-words.ts";
import { bloomAdd, bloomHas } from "../src/bloom.ts";
import { isCommonWord } from "../src/common-words.ts";

describe("the common-word filter", () => {
  it("when the generator runs on the word lists, then it reproduces src/common-words-data.ts exactly", () => {
    const committed = readFileSync(join(import.meta.dirname, "..", "src", "common-words-data.ts"), "utf8");
    expect(commonWordsSource()).toBe(committed);
  });

  it("when a word is in the lists, then the filter says common (a Bloom filter has no false negatives)", () => {
    const words = commonWords();
    expect(words.length).toBeGreaterThan(7000);
    expect(words.filter((w) => !isCommonWord(w))).toEqual([]);
  });

  it("when words are added to any filter, then each is found again", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 200 }), (words) => {
        const shape = { bits: 4096, hashes: 5 };
        const filter = new Uint8Array(shape.bits / 8);
        for (const w of words) bloomAdd(filter, shape, w);
        return words.every((w) => bloomHas(filter, shape, w));
      }),
    );
  });

  it("when 20,000 made-up words are asked, then about 1 % (under 2 %) are taken for common ones", () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const letters = "abcdefghijklmnopqrstuvwxyzåäö";
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      let w = "q"; // no Swedish or English word starts "q" + random letters
      for (let n = 4 + (next() % 6); n > 0; n--) w += letters.charAt(next() % letters.length);
      if (isCommonWord(w)) hits++;
    }
    expect(hits / 20_000).toBeLessThan(0.02);
  });

  it.each(["taxi", "progress", "mind", "vision", "område", "familjen"])(
    "when %j is asked, then it is a common word",
    (word) => {
      expect(isCommonWord(word)).toBe(true);
    },
  );

  // Pupils' names from many lands that are not in names.ts: still read as names.
  it.each(["hibaq", "dženan", "théo", "fredrika", "guled", "najma", "ilhan", "siosaia", "tom", "mark", "ben", "love"])(
    "when the name %j is asked, then it is not a common word",
    (name) => {
      expect(isCommonWord(name)).toBe(false);
    },
  );
});
