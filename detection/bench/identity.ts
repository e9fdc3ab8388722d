// A fingerprint of the engine's results, for speed changes that must not change any: the sha256 of
// JSON.stringify of detect() (fixed clock) over every text of data.jsonl and of every blind part,
// the same with a policy that adds keywords and a pattern and switches kinds off, one text joining
// them all, and 200 incremental createScanner().update() edits. `node --import tsx bench/identity.ts`
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EVAL_NOW } from "../eval/metrics.ts";
import { seeded } from "../eval/numbers.ts";
import { keystroke } from "./keystroke.ts";
import { createScanner, detect, parsePolicy } from "../src/index.ts";

const here = dirname(fileURLToPath(import.meta.url));
const evalDir = join(here, "..", "eval");
const files = [
  join(evalDir, "data.jsonl"),
  ...readdirSync(join(evalDir, "blind"))
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => join(evalDir, "blind", f)),
];
const texts = files.flatMap((file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { text: string }).text),
);
const clock = () => EVAL_NOW;
const custom = parsePolicy({
  categories: { results: false, support: false },
  identifiers: { iban: false, "payment-card": false },
  keywords: [
    { term: "stödteam*", category: "support" },
    { term: "elevakt", category: "health" },
  ],
  patterns: [{ name: "case", pattern: "[A-Z]{2}-\\d{4}", category: "social", level: "medium" }],
});

const hash = createHash("sha256");
const add = (value: unknown) => hash.update(`${JSON.stringify(value)}\n`);
for (const text of texts) add(detect(text, { clock }));
for (const text of texts) add(detect(text, { clock, policy: custom }));
add(detect(texts.join("\n\n"), { clock }));

// 200 edits of a 20 KB draft, as the bench's keystrokes make them, through one scanner.
const rng = seeded(11);
let draft = "";
while (draft.length < 20_000) draft += `${texts[Math.floor(rng() * texts.length)] ?? ""}\n\n`;
const scanner = createScanner({ clock });
for (let i = 0; i < 200; i++) {
  draft = keystroke(draft, rng);
  add(scanner.update(draft));
}
add(detect(draft, { clock }));
console.log(`${String(texts.length)} texts: ${hash.digest("hex")}`);
