import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { todayFrom } from "../src/calendar.ts";
import { createScanner, DEFAULT_POLICY, detect, isDetectionError } from "../src/index.ts";
import { scanParagraph } from "../src/paragraph.ts";
import { compileRules } from "../src/rules.ts";
import { transitionsOf } from "../src/scanner.ts";
import { NOW, scan } from "./helpers.ts";

const clock = () => NOW;

/** One scanner fed `text` and then each edit in turn: after every update it equals a full scan. */
function expectIncrementalEqualsFull<E>(text: string, edits: readonly E[], apply: (text: string, e: E) => string) {
  const scanner = createScanner({ clock });
  expect(scanner.update(text)).toEqual(detect(text, { clock }));
  for (const e of edits) {
    text = apply(text, e);
    expect(scanner.update(text)).toEqual(detect(text, { clock }));
  }
}
const luhn = (payload: string): string => {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};
const pad = (n: number) => String(n).padStart(2, "0");

/** A valid personnummer born 1930-2019 with its written forms. */
const personnummer = fc
  .record({
    year: fc.integer({ min: 1930, max: 2019 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    serial: fc.integer({ min: 1, max: 999 }),
    form: fc.constantFrom("dash", "twelve", "twelve-dash", "space", "u2013", "u2212"),
  })
  .map(({ year, month, day, serial, form }) => {
    const payload = `${pad(year % 100)}${pad(month)}${pad(day)}${String(serial).padStart(3, "0")}`;
    const ten = payload + luhn(payload);
    const [head, tail] = [ten.slice(0, 6), ten.slice(6)];
    const c = String(Math.floor(year / 100));
    const written = {
      dash: `${head}-${tail}`,
      twelve: c + ten,
      "twelve-dash": `${c}${head}-${tail}`,
      space: `${head} ${tail}`,
      u2013: `${head}\u2013${tail}`,
      u2212: `${head}\u2212${tail}`,
    }[form];
    return written;
  });

const words = fc.constantFrom("hej", "Maja", "har", "allergi", "ring", "0701740607", "\n\n", " ", "ADHD", "😀", "é");

describe("properties", () => {
  it("when the text is random, then scanning never throws and spans are inside the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        const { findings } = scan(text);
        for (const f of findings) expect(f.start >= 0 && f.end <= text.length && f.start < f.end).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("when a valid personnummer is written in any form inside text, then it is found with the exact span", () => {
    fc.assert(
      fc.property(fc.array(words, { maxLength: 8 }), personnummer, fc.array(words, { maxLength: 8 }), (a, pnr, b) => {
        const before = `${a.join(" ")} personnummer `;
        const text = `${before}${pnr} ${b.join(" ")}`;
        const finding = scan(text).findings.find((f) => f.type === "se-personnummer");
        expect(finding?.start).toBe(before.length);
        expect(finding?.end).toBe(before.length + pnr.length);
        expect(finding?.level).toBe("high");
      }),
      { numRuns: 500 },
    );
  });

  it("when a draft is edited one character at a time, then the incremental scan equals a full scan", () => {
    const pieces = fc.constantFrom(
      "Hej!\n\n",
      "Maja har ADHD. ",
      "Personnummer 640823-3234. ",
      "\n\n",
      "Hej alla vårdnadshavare! ",
      "Ring 0701740607. ",
      "Ditt barn ",
      "astma ",
      "CPR 010190-1238 ",
    );
    const edit = fc.record({
      at: fc.nat(),
      insert: fc.constantFrom("", "a", "\n", "-", "1", " ", "\n\n"),
      del: fc.nat(2),
    });
    fc.assert(
      fc.property(
        fc.array(pieces, { minLength: 1, maxLength: 12 }),
        fc.array(edit, { maxLength: 25 }),
        (parts, edits) => {
          expectIncrementalEqualsFull(parts.join(""), edits, (text, e) => {
            const at = e.at % (text.length + 1);
            return text.slice(0, at) + e.insert + text.slice(at + e.del);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("when edits split, join, repeat or replace paragraphs, then the incremental scan equals a full scan", () => {
    // The scanner reuses the paragraphs before and after the changed span of the last update.
    // Numbers at a paragraph's ends: a changed first or last digit changes the findings, not the bounds.
    const paragraph = fc.constantFrom(
      "Hej!",
      "Maja har ADHD.",
      "Ditt barn har astma.",
      "Mvh Anna",
      "Personnummer 640823-3234",
      "640823-3234 är Majas personnummer.",
    );
    const separator = fc.constantFrom("\n\n", "\n>\n", "\n \n", "\n");
    const piece = fc.tuple(paragraph, separator).map(([p, s]) => p + s);
    const edit = fc.record({
      at: fc.nat(),
      insert: fc.oneof(piece, fc.constantFrom("", "\n", "\n\n", ">", "x", "5")),
      del: fc.oneof(fc.nat(3), fc.nat(60)),
      replaceAll: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 10 }),
        fc.array(edit, { maxLength: 20 }),
        (parts, edits) => {
          expectIncrementalEqualsFull(parts.join(""), edits, (text, e) => {
            const at = e.at % (text.length + 1);
            return e.replaceAll && e.at % 7 === 0 ? e.insert : text.slice(0, at) + e.insert + text.slice(at + e.del);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("when runs of paragraphs repeat with changes, then detect equals a scan of each paragraph by text", () => {
    // detect() takes over paragraphs that repeat an earlier run in order (repeatedRun); the
    // scanner's cache looks each paragraph up by its text. Copies of a block with one paragraph or
    // one separator changed, or shifted by one paragraph, must give the same findings both ways.
    const paragraph = fc.constantFrom("Hej!", "Maja har ADHD.", "Ditt barn har astma.", "Mvh Anna", "Hon har astma.");
    const separator = fc.constantFrom("\n\n", "\n>\n", "\n \n", "\n");
    const piece = fc.tuple(paragraph, separator).map(([p, s]) => p + s);
    const block = fc.array(piece, { minLength: 1, maxLength: 8 });
    const change = fc.record({ at: fc.nat(), to: piece });
    fc.assert(
      fc.property(block, fc.array(change, { maxLength: 4 }), fc.boolean(), (parts, changes, shift) => {
        const copies = [parts, ...changes.map((c) => parts.map((p, i) => (i === c.at % parts.length ? c.to : p)))];
        const text = (shift ? "Hej!\n\n" : "") + copies.map((copy) => copy.join("")).join("\n\n");
        expect(detect(text, { clock })).toEqual(createScanner({ clock }).update(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("input errors", () => {
  it("when the input is not a string, then a DetectionError INVALID_INPUT is thrown", () => {
    expect(() => detect(42 as unknown as string)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    try {
      detect(null as unknown as string);
    } catch (error) {
      expect(isDetectionError(error, "INVALID_INPUT")).toBe(true);
    }
  });
});

describe("the reading state of a paragraph without category words", () => {
  it("when transition() follows a paragraph of the evaluation texts on its own, then it ends where decideParagraph() does", () => {
    const rules = compileRules(DEFAULT_POLICY);
    const today = todayFrom(NOW);
    const texts = ["data.jsonl", join("blind", "dev.jsonl")].flatMap((file) =>
      readFileSync(join(import.meta.dirname, "..", "eval", file), "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => (JSON.parse(line) as { text: string }).text),
    );
    const paragraphs = new Set(texts.flatMap((text) => text.split(/\n[ \t\r>]*\n/)));
    let named = 0;
    let kinOnly = 0;
    for (const paragraph of paragraphs) {
      const { own, decided } = transitionsOf(scanParagraph(paragraph, rules, today));
      expect(own).toEqual(decided);
      if (((own[0] ?? 0) & 2) !== 0) named++;
      // Named in a mail to few, not in a mail to many: "ditt barn" and no one else.
      if (own[0] !== own[2]) kinOnly++;
    }
    // The texts hold every kind of paragraph: breaks, signatures, names and kin.
    expect(named).toBeGreaterThan(100);
    expect(kinOnly).toBeGreaterThan(0);
  });
});
