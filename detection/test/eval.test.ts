import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../eval/generate.ts";
import { BLIND_GOALS, parseBlind, scoreBlind } from "../eval/blind.ts";
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

const blind = (file: string) =>
  parseBlind(readFileSync(join(import.meta.dirname, "..", "eval", "blind", file), "utf8"));

describe("the independent evaluation set (issue 19)", () => {
  const dev = blind("dev.jsonl");
  const validation = blind("validation.jsonl");
  const test = blind("test.jsonl");
  const run = (text: string) => createScanner({ clock: () => EVAL_NOW }).update(text);

  it("when the halves are inspected, then they are the documented split, disjoint, and 1,500+ e-mails with validation", () => {
    const half = (id: string) => (createHash("sha256").update(`sigill-blind-split/${id}`).digest()[0] ?? 0) % 2;
    expect(dev.every((s) => half(s.id) === 0)).toBe(true);
    expect(test.every((s) => half(s.id) === 1)).toBe(true);
    expect(validation.every((s) => /^[de]-/.test(s.id))).toBe(true);
    const ids = new Set([...dev, ...validation, ...test].map((s) => s.id));
    expect(ids.size).toBe(dev.length + validation.length + test.length);
    expect(dev.length + test.length).toBeGreaterThanOrEqual(1500);
  });

  it("when the frozen test half is scored, then identity numbers meet the goals and nothing falls below today's floor", () => {
    const score = scoreBlind(test, run);
    expect(score.identityRecall).toBeGreaterThanOrEqual(BLIND_GOALS.identityRecall);
    expect(score.identityPrecision).toBeGreaterThanOrEqual(BLIND_GOALS.identityPrecision);
    // Recall meets its goal (0.95); false alarms are held at the figure reached in issue 19 (the goal,
    // 3 %, is not met yet: see README "Evaluation"; the history is in docs/evaluation-log.md). A change that makes either worse fails here.
    // Raised once, from 0.047 to 0.049, on 7 December 2026, knowingly: reading lines wrapped by the
    // mail program as one sentence, police reports with the deed between and a diagnosis by any name
    // cut the leaks on a fresh part (v) from 12 to 8 and left the test half's recall as it was, and
    // the linker's retrain on the changed evidence flagged one more of its clean mails (4.6 → 4.9 %).
    // A leak costs more than a false alarm.
    expect(score.sensitiveRecall).toBeGreaterThanOrEqual(BLIND_GOALS.sensitiveRecall);
    // Lowered to 0.047 on 7 December 2026 (third session): 20 of 431 clean mails (4.64 %), the figure
    // reached then; to 0.045 in the sixth session: 19 of 431 (4.41 %).
    expect(score.falseAlarmRate).toBeLessThanOrEqual(0.045);
  });

  it("when the committed linker model is retrained from the development data, then it is reproduced exactly", () => {
    const dir = mkdtempSync(join(tmpdir(), "sigill-linker-"));
    try {
      const out = join(dir, "model.ts");
      const root = join(import.meta.dirname, "..");
      const result = spawnSync(join(root, "node_modules", ".bin", "tsx"), ["eval/train-linker.ts", "--out", out], {
        cwd: root,
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
      expect(readFileSync(out, "utf8")).toBe(readFileSync(join(root, "src", "linker-model.ts"), "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
