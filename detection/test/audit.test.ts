import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit, AUDITED, kappa, readings, type Reading } from "../eval/audit.ts";
import { parseBlind, type BlindSample } from "../eval/blind.ts";

const blindDir = join(import.meta.dirname, "..", "eval", "blind");

const sample = (id: string, sensitive: boolean): BlindSample => ({
  id,
  family: "no-person",
  lang: "sv",
  text: "Hej!",
  sensitive,
  identifiers: [],
  categories: [],
});
const reading = (id: string, sensitive: boolean): Reading => ({
  id,
  sensitive,
  has_identity_number: false,
  categories: sensitive ? ["health"] : [],
  confidence: "sure",
  why: "",
});

describe("the label audit", () => {
  it.each([
    // ss, sc, cs, cc -> kappa (by hand: (observed - expected) / (1 - expected))
    [{ ss: 20, sc: 5, cs: 10, cc: 15 }, 0.4], // observed 0.7, expected 0.5
    [{ ss: 10, sc: 0, cs: 0, cc: 10 }, 1], // full agreement
    [{ ss: 0, sc: 10, cs: 10, cc: 0 }, -1], // full disagreement
    [{ ss: 25, sc: 25, cs: 25, cc: 25 }, 0], // agreement by chance only
  ])("when the table is %o, then Cohen's kappa is %d", (table, expected) => {
    expect(kappa(table)).toBeCloseTo(expected, 10);
  });

  it("when the readers disagree, then the third reader's label decides and the agreed subset leaves the mail out", () => {
    const samples = [sample("a", true), sample("b", false), sample("c", false), sample("d", true)];
    const second = new Map([
      ["a", reading("a", true)],
      ["b", reading("b", true)], // disputed, third sides with the second reader
      ["c", reading("c", true)], // disputed, third sides with the writer
      ["d", reading("d", false)], // disputed, no third reading: the writer's label stands
    ]);
    const third = new Map([
      ["b", reading("b", true)],
      ["c", reading("c", false)],
    ]);
    const a = audit(samples, second, third);
    expect(a.table).toEqual({ ss: 1, sc: 1, cs: 2, cc: 0 });
    expect([a.disputed, a.thirdRead, a.thirdWithWriter]).toEqual([3, 2, 1]);
    expect(a.agreed.map((s) => s.id)).toEqual(["a"]);
    expect(a.adjudicated.map((s) => [s.id, s.sensitive])).toEqual([
      ["a", true],
      ["b", true],
      ["c", false],
      ["d", true],
    ]);
  });

  it("when a mail has no second reading, then the audit refuses to score rather than skip it", () => {
    expect(() => audit([sample("a", true)], new Map(), new Map())).toThrow(/no label for a/);
  });

  it.each(AUDITED)(
    "when the committed readings of %s are read, then every mail has exactly one second reading",
    (part) => {
      const ids = parseBlind(readFileSync(join(blindDir, `${part}.jsonl`), "utf8")).map((s) => s.id);
      const second = readings(join(blindDir, "audit", `${part}.second.jsonl`));
      expect(second.size).toBe(ids.length);
      expect(ids.every((id) => second.has(id))).toBe(true);
      for (const r of second.values()) expect(r.sensitive).toBe(r.has_identity_number || r.categories.length > 0);
    },
  );
});
