// The independent evaluation set (issue 19): 1,560 school e-mails written by helpers who never saw
// the detection rules, from the brief in eval/blind/BRIEF.md, in three parts of about 520. Split by
// a hash of each id into a development half (eval/blind/dev.jsonl: the only half looked at while
// tuning) and a frozen test half (eval/blind/test.jsonl: scored, never read). Labels: whether the
// message is sensitive, every identity number as written (type and exact text) and the sensitive
// categories about an identifiable person; each message has a family and a language.
import { z } from "zod";
import type { DetectionResult } from "../src/index.ts";

const sampleSchema = z.object({
  id: z.string(),
  family: z.enum(["class-list", "id-forms", "quoted", "person-category", "no-person", "english"]),
  lang: z.enum(["sv", "en", "mixed"]),
  text: z.string(),
  sensitive: z.boolean(),
  identifiers: z.array(
    z.object({
      type: z.enum(["se-personnummer", "se-samordningsnummer", "no-fodselsnummer", "dk-cpr", "fi-henkilotunnus"]),
      text: z.string().min(1),
    }),
  ),
  categories: z.array(z.string()),
  why: z.string().optional(),
});
export type BlindSample = z.infer<typeof sampleSchema>;

export function parseBlind(jsonl: string): BlindSample[] {
  return jsonl
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => sampleSchema.parse(JSON.parse(l)));
}

/**
 * Every part of the set but the frozen test half (`eval/blind/<name>.jsonl`), in the order they were
 * written, with what each is: the one list `eval/run.ts`, `eval/part.ts` and the bench read.
 */
export const BLIND_PARTS = {
  dev: "development half (tuned on)",
  validation: "validation parts d and e (written later; tuned on after their first score)",
  later: "validation parts f and g (written 2026-12-06; tuned on after their first score)",
  later2: "validation parts h and i (written 2026-12-06 after tuning on f and g; tuned on after their first score)",
  later3: "validation parts j and k (ordinary mail, written 2026-12-06 evening; tuned on after their first score)",
  later4: "validation parts l and m (ordinary gymnasium, förskola and förvaltning mail, written 2026-12-06 evening)",
  later5: "validation parts n and o (false-alarm kinds and an ordinary F–9 term, written 2026-12-06 night)",
  later6: "validation parts p and q (mirroring the test half's writers b and c, written 2026-12-06 late night)",
  later7: "validation part r (no-person, person-category twins and English in new settings, written 2026-12-07)",
  later8: "validation part s (all six families in new settings, written 2026-12-07 after tuning on part r)",
  later9:
    "validation part t (all six families in new settings: hospital school, a school for the deaf, sameskola, språkintroduktion and more; written 2026-12-07; tuned on in the tenth round)",
  later10:
    "validation part u (one ordinary working week in one municipality, all six families; written 2026-12-07; never tuned on)",
  later11:
    "validation part v (rektors, arbetslag minutes, union reps, IT and the DPO, staff's own matters; written 2026-12-07; tuned on after its first score)",
  later12:
    "validation part w (one November in a municipality as seen from several mailboxes: gymnasium with introduktionsprogram, anpassad grundskola, fritidshem, the central office; written 2026-12-07; never tuned on)",
  later13:
    "validation part x (a small town's förskolor and an F–6 school with fritidshem over one spring term, many guardians writing from phones; written 2026-12-07; never tuned on)",
  later14:
    "validation part y (an English-medium school and a school with many newly arrived families over one autumn term, mostly English and mixed; written 2026-12-07; never tuned on)",
  later15:
    "validation part z (one spring term in a municipality in Västra Götaland: F–9, a gymnasium's vård- och omsorgsprogram, anpassad grundskola, förskola, central elevhälsa, IT and the DPO; extra no-person and person-category traps; written 2026-12-07, third session; never tuned on)",
  later16:
    "validation part aa (one autumn term in a municipality in Norrbotten: two F–6 schools, a 7–9 school, a gymnasium with introduktionsprogram, förskola, central elevhälsa, skolskjuts, the kitchen, IT and the DPO, union reps, Sami and Finnish-speaking families; extra no-person and person-category twins; written 2026-12-07, sixth session; first scored untouched at 6.9 % false alarms, then tuned on)",
  later17:
    "validation part ab (one spring term in a city district in Skåne: a large F–9 school with many newly arrived families, a friskola gymnasium, anpassad grundskola, öppen förskola and förskolor, the district's elevhälsa, a fritidsgård, skola–socialtjänst, HR and payroll, suppliers; extra no-person and person-category twins; written 2026-12-07, sixth session; never tuned on)",
  devpara:
    "the development half's 139 clean mails with category words, each rewritten twice by another hand and once turned sensitive (a twin); written 2026-12-07 by a helper who saw only those mails and the brief; tuned on",
  devclean:
    "the development half's 198 sensitive mails without identity numbers, each rewritten clean (the vocabulary stays, the person goes) by a helper who saw only those mails and the brief; written 2026-12-07; tuned on",
} as const;
export type BlindPart = keyof typeof BLIND_PARTS;

/**
 * The parts kept as judges of the engine on fresh mail (each by its own writer); `eval/run.ts` also
 * scores them pooled. Not trained on by `eval/train-linker.ts`. Until the sixth session of 7 December
 * they were never tuned on; then their false alarms were read and some rules written from them.
 */
export const JUDGE_PARTS: readonly BlindPart[] = ["later10", "later12", "later13", "later14", "later15"];

const fixed = (x: number) => x.toFixed(3);

/** A printed table of `scoreByGroup`'s result: a header, then one row per group. */
export function scoreLines(groups: Record<string, BlindScore>): string[] {
  return [
    `  ${"group".padEnd(24)} ${"n".padStart(4)}  idR    idP    sensR  FA`,
    ...Object.entries(groups).map(
      ([name, s]) =>
        `  ${name.padEnd(24)} ${String(s.messages).padStart(4)}  ${fixed(s.identityRecall)}  ${fixed(s.identityPrecision)}  ${fixed(s.sensitiveRecall)}  ${fixed(s.falseAlarmRate)}   (ids ${String(s.counts.goldIds)}, sensitive ${String(s.sensitive)})`,
    ),
  ];
}

/** The ids of a score's errors, printed (never for the frozen test half). */
export function errorLines(errors: BlindScore["errors"]): string[] {
  return [
    `  missed messages: ${errors.missedMessages.join(" ")}`,
    `  false alarms: ${errors.falseAlarms.join(" ")}`,
    `  missed ids: ${errors.missedIds.join(" ")}`,
    `  wrong ids: ${errors.wrongIds.join(" ")}`,
  ];
}

/** The goals, on the frozen test half. */
export const BLIND_GOALS = {
  identityRecall: 0.99,
  identityPrecision: 0.97,
  sensitiveRecall: 0.95,
  falseAlarmRate: 0.03,
} as const;

/** Identity numbers only: IBAN and card numbers are not what the set labels as identifiers. */
const IDENTITY = new Set<string>([
  "se-personnummer",
  "se-samordningsnummer",
  "no-fodselsnummer",
  "dk-cpr",
  "fi-henkilotunnus",
]);

export interface BlindScore {
  readonly messages: number;
  readonly sensitive: number;
  /** Gold identity numbers found by an identity finding at medium or high overlapping them. */
  readonly identityRecall: number;
  /** Identity findings at medium or high that overlap a gold identity number. */
  readonly identityPrecision: number;
  readonly sensitiveRecall: number;
  readonly falseAlarmRate: number;
  readonly counts: { goldIds: number; foundIds: number; predictedIds: number; rightIds: number };
  /** Ids of the errors, for the development half only (never printed for the test half). */
  readonly errors: { missedMessages: string[]; falseAlarms: string[]; missedIds: string[]; wrongIds: string[] };
}

/** Every occurrence of `needle` in `hay`, as [start, end) offsets. */
function occurrences(hay: string, needle: string): [number, number][] {
  const out: [number, number][] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) out.push([at, at + needle.length]);
  return out;
}

export function scoreBlind(samples: readonly BlindSample[], run: (text: string) => DetectionResult): BlindScore {
  let goldIds = 0;
  let foundIds = 0;
  let predictedIds = 0;
  let rightIds = 0;
  let sensitive = 0;
  let caught = 0;
  let clean = 0;
  let alarms = 0;
  const errors: BlindScore["errors"] = { missedMessages: [], falseAlarms: [], missedIds: [], wrongIds: [] };
  for (const s of samples) {
    const result = run(s.text);
    const ids = result.findings.filter((f) => IDENTITY.has(f.type) && f.level !== "low");
    const gold = [...new Set(s.identifiers.map((i) => i.text))].flatMap((t) => occurrences(s.text, t));
    const overlaps = (a: [number, number], f: { start: number; end: number }) => f.start < a[1] && a[0] < f.end;
    for (const g of gold) {
      goldIds++;
      if (ids.some((f) => overlaps(g, f))) foundIds++;
      else errors.missedIds.push(s.id);
    }
    for (const f of ids) {
      predictedIds++;
      if (gold.some((g) => overlaps(g, f))) rightIds++;
      else errors.wrongIds.push(s.id);
    }
    if (s.sensitive) {
      sensitive++;
      if (result.sensitive) caught++;
      else errors.missedMessages.push(s.id);
    } else {
      clean++;
      if (result.sensitive) {
        alarms++;
        errors.falseAlarms.push(s.id);
      }
    }
  }
  return {
    messages: samples.length,
    sensitive,
    identityRecall: goldIds === 0 ? 1 : foundIds / goldIds,
    identityPrecision: predictedIds === 0 ? 1 : rightIds / predictedIds,
    sensitiveRecall: sensitive === 0 ? 1 : caught / sensitive,
    falseAlarmRate: clean === 0 ? 0 : alarms / clean,
    counts: { goldIds, foundIds, predictedIds, rightIds },
    errors,
  };
}

/** The score per family and per language (and all). */
export function scoreByGroup(
  samples: readonly BlindSample[],
  run: (text: string) => DetectionResult,
): Record<string, BlindScore> {
  const groups = new Map<string, BlindSample[]>([["all", [...samples]]]);
  for (const s of samples) {
    for (const key of [`family:${s.family}`, `lang:${s.lang}`]) groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const order = (k: string) => (k === "all" ? "0" : k.startsWith("family:") ? `1${k}` : `2${k}`);
  return Object.fromEntries(
    [...groups].sort(([a], [b]) => order(a).localeCompare(order(b))).map(([k, v]) => [k, scoreBlind(v, run)]),
  );
}
