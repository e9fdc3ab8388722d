// `tsx eval/audit.ts`: the label audit of the frozen test half and of a judge part (issue 19).
//
// Each mail was labelled by the helper who wrote it. A second reader, who never saw that label, the
// rules, the engine or its output, labelled every mail again from the brief's definitions
// (eval/blind/audit/BRIEF.md), given only each mail's id and text. A third reader, as blind, labelled
// the mails where the first two disagree. The adjudicated label is the majority of the three.
//
// Prints only totals: how often the readers agree, and the engine's figures against the writer's
// labels (the issue's measure), on the mails where writer and second reader agree, and against the
// adjudicated labels. Never a mail, an id or a reason of the test half.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createScanner } from "../src/index.ts";
import { parseBlind, scoreBlind, type BlindSample, type BlindScore } from "./blind.ts";
import { EVAL_NOW } from "./metrics.ts";

const here = dirname(fileURLToPath(import.meta.url));

const readingSchema = z.object({
  id: z.string(),
  sensitive: z.boolean(),
  has_identity_number: z.boolean(),
  categories: z.array(z.string()),
  confidence: z.enum(["sure", "unsure"]),
  why: z.string(),
});
export type Reading = z.infer<typeof readingSchema>;

/** One reader's labels, by id (an absent file is no labels). */
export function readings(file: string): Map<string, Reading> {
  if (!existsSync(file)) return new Map();
  const rows = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => readingSchema.parse(JSON.parse(l)));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The audit of one part: agreement between the readers and the labels it yields. */
export interface Audit {
  readonly mails: number;
  /** Writer sensitive and second reader sensitive, writer sensitive and second clean, and so on. */
  readonly table: { ss: number; sc: number; cs: number; cc: number };
  readonly kappa: number;
  /** Mails where the writer and the second reader disagree, and how many of them the third read. */
  readonly disputed: number;
  readonly thirdRead: number;
  /** Disputed mails where the third reader sided with the writer. */
  readonly thirdWithWriter: number;
  /** The mails where writer and second reader agree. */
  readonly agreed: BlindSample[];
  /** Every mail with the majority label (the writer's where a disputed mail has no third reading). */
  readonly adjudicated: BlindSample[];
}

/** Cohen's kappa of a 2 x 2 agreement table. */
export function kappa(t: Audit["table"]): number {
  const n = t.ss + t.sc + t.cs + t.cc;
  if (n === 0) return 1;
  const observed = (t.ss + t.cc) / n;
  const expected = ((t.ss + t.sc) * (t.ss + t.cs) + (t.cs + t.cc) * (t.sc + t.cc)) / (n * n);
  return expected === 1 ? 1 : (observed - expected) / (1 - expected);
}

/** Compares the writer's labels with the second and third readers'. */
export function audit(
  samples: readonly BlindSample[],
  second: ReadonlyMap<string, Reading>,
  third: ReadonlyMap<string, Reading>,
): Audit {
  const table = { ss: 0, sc: 0, cs: 0, cc: 0 };
  const agreed: BlindSample[] = [];
  const adjudicated: BlindSample[] = [];
  let disputed = 0;
  let thirdRead = 0;
  let thirdWithWriter = 0;
  for (const s of samples) {
    const r = second.get(s.id);
    if (r === undefined) throw new Error(`the second reader has no label for ${s.id}`);
    const key = `${s.sensitive ? "s" : "c"}${r.sensitive ? "s" : "c"}` as const;
    table[key]++;
    if (r.sensitive === s.sensitive) {
      agreed.push(s);
      adjudicated.push(s);
      continue;
    }
    disputed++;
    const t = third.get(s.id);
    if (t === undefined) {
      adjudicated.push(s);
      continue;
    }
    thirdRead++;
    if (t.sensitive === s.sensitive) thirdWithWriter++;
    adjudicated.push({ ...s, sensitive: t.sensitive });
  }
  return {
    mails: samples.length,
    table,
    kappa: kappa(table),
    disputed,
    thirdRead,
    thirdWithWriter,
    agreed,
    adjudicated,
  };
}

/** The audited parts: the frozen test half and one judge. */
export const AUDITED = ["test", "later15"] as const;

function main(): void {
  const run = (text: string) => createScanner({ clock: () => EVAL_NOW }).update(text);
  const f = (x: number) => x.toFixed(3);
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const row = (name: string, s: BlindScore) =>
    `  ${name.padEnd(46)} ${String(s.messages).padStart(4)} mails (${String(s.sensitive).padStart(3)} sensitive)  ` +
    `idR ${f(s.identityRecall)}  idP ${f(s.identityPrecision)}  sensR ${f(s.sensitiveRecall)}  FA ${pct(s.falseAlarmRate)}`;
  for (const part of AUDITED) {
    const samples = parseBlind(readFileSync(join(here, "blind", `${part}.jsonl`), "utf8"));
    const dir = join(here, "blind", "audit");
    const second = readings(join(dir, `${part}.second.jsonl`));
    if (second.size === 0) {
      console.log(`${part}: no second reading yet`);
      continue;
    }
    const a = audit(samples, second, readings(join(dir, `${part}.third.jsonl`)));
    const { ss, sc, cs, cc } = a.table;
    console.log(
      `${part === "test" ? "FROZEN TEST HALF" : `judge ${part}`}: ${String(a.mails)} mails`,
      `\n  writer and second reader agree on ${String(ss + cc)} (kappa ${f(a.kappa)}); ` +
        `writer sensitive, second clean: ${String(sc)}; writer clean, second sensitive: ${String(cs)}`,
      `\n  third reader on ${String(a.thirdRead)} of the ${String(a.disputed)} disputed mails; sided with the writer on ${String(a.thirdWithWriter)}`,
    );
    console.log(row("the writer's labels (the issue's measure)", scoreBlind(samples, run)));
    console.log(row("mails where writer and second reader agree", scoreBlind(a.agreed, run)));
    console.log(row("the adjudicated labels (majority of three)", scoreBlind(a.adjudicated, run)));
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
