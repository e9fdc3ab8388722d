// Scores detector output against the generated labels. Kept apart from run.ts so the test suite
// can assert the goals on the committed data set.
import { CATEGORIES, IDENTIFIER_TYPES, type DetectionResult } from "../src/index.ts";
import type { Sample } from "./generate.ts";

export interface Score {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
}

export interface Metrics {
  readonly samples: number;
  readonly sensitiveSamples: number;
  /** Identifier findings at level high, exact span and type, per type and "all". */
  readonly identifiers: Readonly<Record<string, Score>>;
  /** Gold identifiers (high or medium) found at any level that diverts (medium or high). */
  readonly identifierAnyLevelRecall: number;
  /** Person-linked categories, per (text, category) pair, predicted at medium or high. */
  readonly categories: Readonly<Record<string, Score>>;
  readonly divertRecall: number;
  readonly falseAlarmRate: number;
  /** Ids of misclassified samples, for debugging (ids only, never text). */
  readonly missed: readonly string[];
  readonly falseAlarms: readonly string[];
}

function score(tp: number, fp: number, fn: number): Score {
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

export function evaluate(samples: readonly Sample[], run: (text: string) => DetectionResult): Metrics {
  const idCounts = new Map<string, [number, number, number]>();
  const catCounts = new Map<string, [number, number, number]>();
  const bump = (m: Map<string, [number, number, number]>, key: string, slot: 0 | 1 | 2) => {
    const c = m.get(key) ?? [0, 0, 0];
    c[slot]++;
    m.set(key, c);
  };
  let anyFound = 0;
  let anyTotal = 0;
  let divertTp = 0;
  let falseAlarms = 0;
  const missed: string[] = [];
  const alarms: string[] = [];

  for (const s of samples) {
    const result = run(s.text);
    const key = (type: string, start: number, end: number) => `${type}:${String(start)}:${String(end)}`;
    const gold = new Map(s.identifiers.map((g) => [key(g.type, g.start, g.end), g.level]));
    const highs = result.findings.filter((f) => f.category === "identifier" && f.level === "high");
    for (const f of highs) {
      const g = gold.get(key(f.type, f.start, f.end));
      if (g === "high") bump(idCounts, f.type, 0);
      else if (g === undefined) bump(idCounts, f.type, 1);
    }
    for (const g of s.identifiers) {
      const found = result.findings.find((f) => f.type === g.type && f.start === g.start && f.end === g.end);
      if (g.level === "high" && (found === undefined || found.level !== "high")) bump(idCounts, g.type, 2);
      anyTotal++;
      if (found !== undefined && found.level !== "low") anyFound++;
    }

    const goldCats = new Set(s.categories.filter((c) => c.linked).map((c) => c.category));
    const predicted = new Set<string>(
      result.findings.filter((f) => f.type === "category" && f.level !== "low").map((f) => f.category),
    );
    for (const c of predicted) bump(catCounts, c, goldCats.has(c) ? 0 : 1);
    for (const c of goldCats) if (!predicted.has(c)) bump(catCounts, c, 2);

    if (s.sensitive && result.sensitive) divertTp++;
    if (s.sensitive && !result.sensitive) missed.push(s.id);
    if (!s.sensitive && result.sensitive) {
      falseAlarms++;
      alarms.push(s.id);
    }
  }

  const identifiers: Record<string, Score> = {};
  let all: [number, number, number] = [0, 0, 0];
  for (const type of IDENTIFIER_TYPES) {
    const c = idCounts.get(type) ?? [0, 0, 0];
    identifiers[type] = score(...c);
    all = [all[0] + c[0], all[1] + c[1], all[2] + c[2]];
  }
  identifiers.all = score(...all);
  const categories: Record<string, Score> = {};
  let allCat: [number, number, number] = [0, 0, 0];
  for (const category of CATEGORIES) {
    const c = catCounts.get(category) ?? [0, 0, 0];
    categories[category] = score(...c);
    allCat = [allCat[0] + c[0], allCat[1] + c[1], allCat[2] + c[2]];
  }
  categories.all = score(...allCat);
  const sensitiveSamples = samples.filter((s) => s.sensitive).length;
  return {
    samples: samples.length,
    sensitiveSamples,
    identifiers,
    identifierAnyLevelRecall: anyTotal === 0 ? 1 : anyFound / anyTotal,
    categories,
    divertRecall: sensitiveSamples === 0 ? 1 : divertTp / sensitiveSamples,
    falseAlarmRate: falseAlarms / Math.max(1, samples.length - sensitiveSamples),
    missed,
    falseAlarms: alarms,
  };
}

export const GOALS = {
  identifierHighRecall: 0.99,
  identifierHighPrecision: 0.97,
  divertRecall: 0.95,
  falseAlarmRate: 0.05,
  linkedCategoryRecall: 0.85,
} as const;

/** Reads the committed data set. */
export function parseSamples(jsonl: string): Sample[] {
  return jsonl
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Sample);
}

/** The fixed clock the evaluation runs with, so results do not drift with the calendar. */
export const EVAL_NOW = new Date("2025-11-23T12:00:00Z");
