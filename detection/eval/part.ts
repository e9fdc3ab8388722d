// Scores one tuned-on or validation part of the independent set, or a range of its ids, per family
// and language, with the ids of its errors. Never the frozen test half.
//   tsx eval/part.ts <half> [<from>-<to>]      e.g. tsx eval/part.ts later7 1-154
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScanner } from "../src/index.ts";
import { parseBlind, scoreByGroup } from "./blind.ts";
import { EVAL_NOW } from "./metrics.ts";

const [half, range = "0-999999"] = process.argv.slice(2);
if (half === undefined || !/^(dev|validation|later\d*)$/.test(half)) {
  throw new Error("usage: tsx eval/part.ts <dev|validation|laterN> [from-to] (the test half is never scored here)");
}
const [from = 0, to = 999_999] = range.split("-").map(Number);
const here = dirname(fileURLToPath(import.meta.url));
const samples = parseBlind(readFileSync(join(here, "blind", `${half}.jsonl`), "utf8")).filter((s) => {
  const n = Number(s.id.replace(/^\D+-/, ""));
  return n >= from && n <= to;
});
const groups = scoreByGroup(samples, (text) => createScanner({ clock: () => EVAL_NOW }).update(text));
const f = (x: number) => x.toFixed(3);
console.log(`${half} ${range}: ${"group".padEnd(24)} ${"n".padStart(4)}  idR    idP    sensR  FA`);
for (const [name, s] of Object.entries(groups)) {
  console.log(
    `  ${name.padEnd(24)} ${String(s.messages).padStart(4)}  ${f(s.identityRecall)}  ${f(s.identityPrecision)}  ${f(s.sensitiveRecall)}  ${f(s.falseAlarmRate)}`,
  );
}
const errors = groups.all?.errors;
if (errors !== undefined) {
  console.log(`  missed messages: ${errors.missedMessages.join(" ")}`);
  console.log(`  false alarms: ${errors.falseAlarms.join(" ")}`);
  console.log(`  missed ids: ${errors.missedIds.join(" ")}`);
  console.log(`  wrong ids: ${errors.wrongIds.join(" ")}`);
}
