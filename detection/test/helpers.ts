import { detect, type DetectionResult, type Finding, type ScanOptions } from "../src/index.ts";

/** A fixed clock so century rules and "future date" checks do not drift. */
export const NOW = new Date("2025-11-23T12:00:00Z");

export function scan(text: string, options: ScanOptions = {}): DetectionResult {
  return detect(text, { clock: () => NOW, ...options });
}

/** Identifier findings as [type, matched text, level]. */
export function ids(text: string): [string, string, string][] {
  return scan(text)
    .findings.filter((f: Finding) => f.category === "identifier")
    .map((f) => [f.type, text.slice(f.start, f.end), f.level]);
}

/** Category findings as [category, matched text, level]. */
export function cats(text: string, options: ScanOptions = {}): [string, string, string][] {
  return scan(text, options)
    .findings.filter((f) => f.type === "category")
    .map((f) => [f.category, text.slice(f.start, f.end), f.level]);
}
