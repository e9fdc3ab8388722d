import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isQuoteMark, NO_QUOTE_FROM, NO_QUOTE_TO, PRE_CHECKS } from "../src/paragraph.ts";

// The topic and no-case checks run a cheap test before each costly pattern (paragraph.ts, PRE_CHECKS):
// the last words before a category word, the first letter after it, a word's ending. A pre-check may
// say "no" only where its pattern cannot match, or a result changes silently. Its word lists are
// written beside the pattern by hand, so a word added to one and not the other is the likely slip:
// these tests generate text that the pattern matches, in every case and with the characters that
// fold to ASCII letters ("ſ", the Kelvin sign), and require the pre-check to let it through.

/**
 * The pattern without `i`/`g`/`y`, lookaheads and empty groups, for fc.stringMatching (which has none
 * of them); anchored at the start when it was sticky.
 */
function generatorSource(pattern: RegExp): RegExp {
  // A negative lookahead of one class becomes a character outside that class, so the text after the
  // match still lets it end there; any other lookahead is dropped.
  const source = pattern.source
    .replace(/\(\?!\[([^\]]*)\]\)/g, "[^$1]")
    .replace(/\(\?![^()]*\)/g, "")
    .replace(/\(\)/g, "");
  // A sticky pattern is tried at the start of its text (a unit's opening): generate it there.
  return new RegExp(pattern.sticky ? `^(?:${source})` : source, pattern.flags.replace(/[igy]/g, ""));
}

/** `s` with each character's case changed, or "s"/"k" swapped for "ſ"/"K" (U+212A), by `choices`. */
function mutateCase(s: string, choices: readonly number[]): string {
  return Array.from(s)
    .map((c, i) => {
      const choice = choices[i] ?? 0;
      if (choice < 4) return c.toLowerCase();
      if (choice < 8) return c.toUpperCase();
      if (choice === 8 && /[sS]/.test(c)) return "ſ";
      if (choice === 8 && /[kK]/.test(c)) return "\u212a";
      return c;
    })
    .join("");
}

/** Text the pattern is likely to match: from the pattern itself, in any case where it ignores case. */
function matching(pattern: RegExp): fc.Arbitrary<string> {
  const base = fc.stringMatching(generatorSource(pattern));
  if (!pattern.flags.includes("i")) return base;
  return base.chain((s) =>
    fc.array(fc.nat(9), { minLength: s.length, maxLength: s.length }).map((choices) => mutateCase(s, choices)),
  );
}

const matches = (pattern: RegExp, s: string) => {
  pattern.lastIndex = 0;
  return pattern.test(s);
};

describe("the pre-checks before the topic and no-case patterns", () => {
  it.each(PRE_CHECKS.map((c) => [c.pattern.source.slice(0, 60), c] as const))(
    "when text matches %s, then its pre-check lets it through",
    (_name, { pattern, admits }) => {
      fc.assert(
        fc.property(matching(pattern), (s) => !matches(pattern, s) || admits(s)),
        { numRuns: 1500, seed: 19 },
      );
    },
  );

  it.each(PRE_CHECKS.map((c) => [c.pattern.source.slice(0, 60), c] as const))(
    "when the generator for %s is sampled, then most of its text matches (the check above is not empty)",
    (_name, { pattern }) => {
      const sample = fc.sample(matching(pattern), { numRuns: 300, seed: 7 });
      expect(sample.filter((s) => matches(pattern, s)).length).toBeGreaterThan(150);
    },
  );

  it("when a pre-check's word list loses a word its pattern ends with, then the check above fails", () => {
    // The same property with one word taken out of the list: NEGATED_BEFORE ends in "varje" among others.
    const negated = PRE_CHECKS.find((c) => c.pattern.source.includes("varje"));
    if (negated === undefined) throw new Error("NEGATED_BEFORE is no longer among the pre-checks");
    const { pattern, admits } = negated;
    const withoutVarje = (s: string) => admits(s) && !/varje[ \t]+$/iu.test(s);
    expect(() => {
      fc.assert(
        fc.property(matching(pattern), (s) => !matches(pattern, s) || withoutVarje(s)),
        { numRuns: 1500, seed: 19 },
      );
    }).toThrow();
  });

  it("when insideQuotes passes over a character without asking, then it is no quotation mark and no line break", () => {
    for (let code = NO_QUOTE_FROM; code <= NO_QUOTE_TO; code++) {
      expect(isQuoteMark(code) || code === 10, `U+${code.toString(16)}`).toBe(false);
    }
    // The marks themselves lie outside: ", ', «, “, ”, „.
    for (const mark of ['"', "'", "«", "“", "”", "„"]) {
      const code = mark.charCodeAt(0);
      expect(code < NO_QUOTE_FROM || code > NO_QUOTE_TO).toBe(true);
    }
  });
});
