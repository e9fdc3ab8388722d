// "Det här handlar inte om en enskild person" (issue 19): when a warning rests only on words about
// health, care, support and the like, the writer may know better than the engine that the mail is
// about no one in particular (a routine, a staff meeting). Where policy allows it, one click sends
// it as it is and the log gets the categories only. A number, a protected identity, the
// organisation's own keywords, a custom pattern or an attachment always point somewhere the writer's
// word cannot undo, so a warning resting on any of those never offers it.
import type { Category, DetectionResult, Finding } from "@sigill/detection";

/** The categories such a warning may rest on (the server accepts exactly these). */
export const NOT_ABOUT_PERSON_KINDS = [
  "health",
  "care",
  "social",
  "offence",
  "support",
  "results",
  "special-category",
] as const satisfies readonly Category[];
export type NotAboutPersonKind = (typeof NOT_ABOUT_PERSON_KINDS)[number];

const allowed: ReadonlySet<string> = new Set(NOT_ABOUT_PERSON_KINDS);

/**
 * The findings a "not about an individual person" send would rest on: every medium or high finding,
 * when each is a category word of an allowed category and nothing else counts (`filesCount`: some
 * attachment in the draft is sensitive, unscannable by policy or still being scanned). Null when
 * the warning rests on anything else, or when there is no warning.
 */
export function notAboutPersonFindings(result: DetectionResult, filesCount: boolean): readonly Finding[] | null {
  if (filesCount || !result.sensitive) return null;
  const counted = result.findings.filter((f) => f.level !== "low");
  if (counted.length === 0) return null;
  return counted.every((f) => f.type === "category" && allowed.has(f.category)) ? counted : null;
}

/** The distinct categories of those findings, sorted: what the server records. */
export function notAboutPersonKinds(findings: readonly Finding[]): NotAboutPersonKind[] {
  return [...new Set(findings.map((f) => f.category as NotAboutPersonKind))].sort();
}

/** A finding as the writer saw it: its category and explanation (which word, why), not where it is. */
function findingKey(f: Finding): string {
  return `${f.category}\u0000${f.explanation.sv}`;
}

/**
 * Whether `now` holds no finding beyond those the writer attested: each (category, word, reason)
 * at most as often as then. Moving text around keeps the findings; a new word, another category
 * or the same word once more is a new finding.
 */
export function withinAttested(now: readonly Finding[], attested: readonly Finding[]): boolean {
  const left = new Map<string, number>();
  for (const f of attested) left.set(findingKey(f), (left.get(findingKey(f)) ?? 0) + 1);
  for (const f of now) {
    const n = left.get(findingKey(f)) ?? 0;
    if (n === 0) return false;
    left.set(findingKey(f), n - 1);
  }
  return true;
}
