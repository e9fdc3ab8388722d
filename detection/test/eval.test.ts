import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../eval/generate.ts";
import { EVAL_NOW, evaluate, GOALS, parseSamples } from "../eval/metrics.ts";
import { createScanner } from "../src/index.ts";

const committed = readFileSync(join(import.meta.dirname, "..", "eval", "data.jsonl"), "utf8");
const samples = parseSamples(committed);

describe("evaluation set", () => {
  it("when the generator runs with the committed seed, then it reproduces eval/data.jsonl exactly", () => {
    const regenerated =
      generate(20251123, 1200)
        .map((s) => JSON.stringify(s))
        .join("\n") + "\n";
    expect(regenerated === committed).toBe(true);
  });

  it("when the set is inspected, then it has 1,000+ texts in both languages and about a third sensitive", () => {
    expect(samples.length).toBeGreaterThanOrEqual(1000);
    const share = samples.filter((s) => s.sensitive).length / samples.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.45);
    expect(new Set(samples.map((s) => s.lang))).toEqual(new Set(["sv", "en"]));
  });

  it("when the detector is scored on the committed set, then every quality goal is met", () => {
    const m = evaluate(samples, (text) => createScanner({ clock: () => EVAL_NOW }).update(text));
    expect(m.identifiers.all?.recall).toBeGreaterThanOrEqual(GOALS.identifierHighRecall);
    expect(m.identifiers.all?.precision).toBeGreaterThanOrEqual(GOALS.identifierHighPrecision);
    expect(m.divertRecall).toBeGreaterThanOrEqual(GOALS.divertRecall);
    expect(m.falseAlarmRate).toBeLessThanOrEqual(GOALS.falseAlarmRate);
    expect(m.categories.all?.recall).toBeGreaterThanOrEqual(GOALS.linkedCategoryRecall);
  });
});
