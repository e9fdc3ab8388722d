// Scores one tuned-on or validation part of the independent set, or a range of its ids, per family
// and language, with the ids of its errors. Never the frozen test half.
//   tsx eval/part.ts <part> [<from>-<to>]      e.g. tsx eval/part.ts later7 1-154
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScanner } from "../src/index.ts";
import { BLIND_PARTS, errorLines, parseBlind, scoreByGroup, scoreLines } from "./blind.ts";
import { EVAL_NOW } from "./metrics.ts";

const [part, range = "0-999999"] = process.argv.slice(2);
if (part === undefined || !Object.hasOwn(BLIND_PARTS, part)) {
  throw new Error(
    `usage: tsx eval/part.ts <${Object.keys(BLIND_PARTS).join("|")}> [from-to] (the test half is never scored here)`,
  );
}
const [from = 0, to = 999_999] = range.split("-").map(Number);
const here = dirname(fileURLToPath(import.meta.url));
const samples = parseBlind(readFileSync(join(here, "blind", `${part}.jsonl`), "utf8")).filter((s) => {
  const n = Number(s.id.replace(/^\D+-/, ""));
  return n >= from && n <= to;
});
const groups = scoreByGroup(samples, (text) => createScanner({ clock: () => EVAL_NOW }).update(text));
console.log(
  [`${part} ${range}:`, ...scoreLines(groups), ...(groups.all ? errorLines(groups.all.errors) : [])].join("\n"),
);
