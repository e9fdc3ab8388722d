// `pnpm --filter @sigill/extension eval`: scores the detector on eval/data.jsonl and prints
// precision and recall per identifier type and category, and the message-level decision.
//   tsx eval/run.ts [--show-errors]   (lists the ids of misclassified samples)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScanner } from "../src/detection/index.ts";
import { EVAL_NOW, evaluate, GOALS, parseSamples, type Score } from "./metrics.ts";

const here = dirname(fileURLToPath(import.meta.url));
const samples = parseSamples(readFileSync(join(here, "data.jsonl"), "utf8"));
const metrics = evaluate(samples, (text) => createScanner({ clock: () => EVAL_NOW }).update(text));

const f = (x: number) => x.toFixed(3);
const row = (name: string, s: Score) =>
  `  ${name.padEnd(22)} P ${f(s.precision)}  R ${f(s.recall)}   (tp ${String(s.tp)}, fp ${String(s.fp)}, fn ${String(s.fn)})`;
const mark = (ok: boolean) => (ok ? "MET" : "MISSED");

const lines = [
  `Evaluation set: ${String(metrics.samples)} texts, ${String(metrics.sensitiveSamples)} sensitive`,
  "",
  "Identifiers at level high (exact span and type):",
  ...Object.entries(metrics.identifiers).map(([k, s]) => row(k, s)),
  `  any-level recall (gold found at medium or high): ${f(metrics.identifierAnyLevelRecall)}`,
  "",
  "Person-linked categories (text x category, predicted at medium or high):",
  ...Object.entries(metrics.categories).map(([k, s]) => row(k, s)),
  "",
  "Message-level decision:",
  `  divert recall      ${f(metrics.divertRecall)}`,
  `  false-alarm rate   ${f(metrics.falseAlarmRate)}`,
  "",
  "Goals:",
  `  identifiers high recall >= ${String(GOALS.identifierHighRecall)}: ${f(metrics.identifiers.all?.recall ?? 0)} ${mark((metrics.identifiers.all?.recall ?? 0) >= GOALS.identifierHighRecall)}`,
  `  identifiers high precision >= ${String(GOALS.identifierHighPrecision)}: ${f(metrics.identifiers.all?.precision ?? 0)} ${mark((metrics.identifiers.all?.precision ?? 0) >= GOALS.identifierHighPrecision)}`,
  `  divert recall >= ${String(GOALS.divertRecall)}: ${f(metrics.divertRecall)} ${mark(metrics.divertRecall >= GOALS.divertRecall)}`,
  `  false alarms <= ${String(GOALS.falseAlarmRate)}: ${f(metrics.falseAlarmRate)} ${mark(metrics.falseAlarmRate <= GOALS.falseAlarmRate)}`,
  `  person-linked category recall >= ${String(GOALS.linkedCategoryRecall)}: ${f(metrics.categories.all?.recall ?? 0)} ${mark((metrics.categories.all?.recall ?? 0) >= GOALS.linkedCategoryRecall)}`,
];
if (process.argv.includes("--show-errors")) {
  lines.push("", `missed: ${metrics.missed.join(" ")}`, `false alarms: ${metrics.falseAlarms.join(" ")}`);
}
console.log(lines.join("\n"));
