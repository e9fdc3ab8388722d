// Dumps the engine's full results over the evaluation texts as JSON, so that a speed change can be
// checked byte for byte against the engine before it: `node --import tsx bench/dump-results.ts out.json`.
// Covers detect() with the default policy and with a policy that adds keywords and a pattern and
// switches kinds off, one scanner fed every text in turn, and 1,000 one-character edits of a 20 KB
// draft (as in the bench). Reads data.jsonl and the tuned-on blind parts; never the test half.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { seeded } from "../eval/numbers.ts";
import { keystroke } from "./keystroke.ts";
import { createScanner, detect, parsePolicy } from "../src/index.ts";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (out === undefined) throw new Error("usage: dump-results.ts <out.json>");

const files = ["data.jsonl", ...["dev", "later", "later2", "later3", "later4"].map((p) => join("blind", `${p}.jsonl`))];
const texts = files.flatMap((file) =>
  readFileSync(join(here, "..", "eval", file), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { text: string }).text),
);
const clock = () => new Date("2026-12-06T12:00:00Z");
const custom = parsePolicy({
  categories: { results: false, support: false },
  identifiers: { iban: false, "payment-card": false },
  keywords: [
    { term: "stödteam*", category: "support" },
    { term: "fritidsklubb", category: "care", level: "high" },
    { term: "elevakt", category: "health" },
  ],
  patterns: [{ name: "case", pattern: "[A-Z]{2}-\\d{4}", category: "social", level: "medium" }],
});

const lines: string[] = [];
for (const text of texts) lines.push(JSON.stringify(detect(text, { clock })));
for (const text of texts) lines.push(JSON.stringify(detect(text, { clock, policy: custom })));
const scanner = createScanner({ clock });
for (const text of texts) lines.push(JSON.stringify(scanner.update(text)));

// Keystrokes on a 20 KB draft, as the bench makes them.
const rng = seeded(7);
let draft = "";
while (draft.length < 20_000) draft += `${texts[Math.floor(rng() * texts.length)] ?? ""}\n\n`;
draft = draft.slice(0, 20_000);
const typing = createScanner({ clock });
for (let i = 0; i < 1000; i++) {
  draft = keystroke(draft, rng);
  lines.push(JSON.stringify(typing.update(draft)));
}
lines.push(JSON.stringify(detect(draft, { clock })));

writeFileSync(out, `${lines.join("\n")}\n`);
console.log(`${String(texts.length)} texts, ${String(lines.length)} results -> ${out}`);
