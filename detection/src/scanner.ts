// The scan: split into paragraphs, scan each (cached by its text), then decide at message level.
// `detect` is a one-shot scanner, so the incremental path and the full scan are the same code.
import { todayFrom, type Today } from "./calendar.ts";
import { DetectionError } from "./errors.ts";
import { categoryExplanation, customExplanation, type CategoryReason } from "./explain.ts";
import { scanParagraph, type ParagraphScan } from "./paragraph.ts";
import { DEFAULT_POLICY, type Policy } from "./policy.ts";
import { compileRules, type CompiledRules } from "./rules.ts";
import type { Category, DetectionResult, Finding, Level } from "./types.ts";

export interface ScanOptions {
  /** A policy from `parsePolicy`; defaults to every category and identifier on. */
  readonly policy?: Policy;
  /** The clock for the personnummer century rule (default: the system clock). */
  readonly clock?: () => Date;
}

/** An incremental scanner for one draft: call `update` with the whole text after every edit. */
export interface Scanner {
  /**
   * Scans `text`, reusing the results of paragraphs that did not change since the last call.
   * @throws DetectionError `INVALID_INPUT` when `text` is not a string.
   */
  update(text: string): DetectionResult;
}

/** Categories whose person-linked mentions are high (research note §4); the others are medium. */
const HIGH_CATEGORIES: ReadonlySet<Category> = new Set(["health", "social", "offence", "special-category"]);
const PARAGRAPH_BREAK = /\n[ \t\r]*\n/g;

const compiled = new WeakMap<Policy, CompiledRules>();

function rulesFor(policy: Policy): CompiledRules {
  let rules = compiled.get(policy);
  if (rules === undefined) {
    rules = compileRules(policy);
    compiled.set(policy, rules);
  }
  return rules;
}

/** Paragraph boundaries: [start, end) pairs separated by blank lines. */
function paragraphs(text: string): number[] {
  const bounds: number[] = [];
  let start = 0;
  PARAGRAPH_BREAK.lastIndex = 0;
  for (let m = PARAGRAPH_BREAK.exec(text); m !== null; m = PARAGRAPH_BREAK.exec(text)) {
    if (m.index > start) bounds.push(start, m.index);
    start = m.index + m[0].length;
  }
  if (text.length > start) bounds.push(start, text.length);
  return bounds;
}

function categoryLevel(
  hit: ParagraphScan["categories"][number],
  paragraph: ParagraphScan,
  broadcast: boolean,
  messageStrong: boolean,
): [Level, CategoryReason] {
  const m = hit.meaning;
  if (m.fixedLevel !== null) return [m.fixedLevel, "policy"];
  if (hit.category === "protected-identity") return ["high", "always"];
  if (m.weak) return ["low", "weak"];
  if (broadcast) return ["low", "broadcast"];
  if (hit.topic) return ["low", "topic"];
  // Roles and services (kurator, skolsköterska) need a child or a name, not a pronoun ("hon nås på ...").
  const linked = m.needsStrongLink
    ? paragraph.strongLink || paragraph.nameLink
    : paragraph.strongLink || paragraph.nameLink || paragraph.pronounLink || messageStrong;
  if (!linked) return ["low", "unlinked"];
  return [HIGH_CATEGORIES.has(hit.category) ? "high" : "medium", "linked"];
}

function decide(scans: readonly ParagraphScan[], offsets: readonly number[]): DetectionResult {
  const broadcast = scans.some((s) => s.broadcast);
  const messageStrong = scans.some((s) => s.strongLink);
  const findings: Finding[] = [];
  scans.forEach((scan, i) => {
    const offset = offsets[i] ?? 0;
    for (const id of scan.identifiers) {
      findings.push({
        type: id.type,
        category: "identifier",
        start: id.start + offset,
        end: id.end + offset,
        level: id.level,
        explanation: id.explanation,
      });
    }
    for (const hit of scan.categories) {
      const [level, reason] = categoryLevel(hit, scan, broadcast, messageStrong);
      findings.push({
        type: "category",
        category: hit.category,
        start: hit.start + offset,
        end: hit.end + offset,
        level,
        explanation: categoryExplanation(hit.category, hit.meaning.label, reason),
      });
    }
    for (const c of scan.customs) {
      findings.push({
        type: "custom",
        category: c.category,
        start: c.start + offset,
        end: c.end + offset,
        level: c.level,
        explanation: customExplanation(c.name, c.category, c.level),
      });
    }
  });
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { sensitive: findings.some((f) => f.level !== "low"), findings };
}

/**
 * A copy of `part` that does not keep the whole draft alive: a slice of a 20 KB draft would pin
 * every old draft in the cache and make each garbage collection copy them.
 */
function ownCopy(part: string): string {
  const joined = ` ${part}`;
  Number(joined); // flattens the concatenation, so the slice below points into a small string
  return joined.slice(1);
}

/** Creates an incremental scanner (compiling the policy once; cached per policy object). */
export function createScanner(options: ScanOptions = {}): Scanner {
  const rules = rulesFor(options.policy ?? DEFAULT_POLICY);
  const clock = options.clock ?? (() => new Date());
  // Paragraph text -> its scan and the update that last used it. Stale entries are swept only when
  // the cache has grown to twice the live size, so a keystroke allocates almost nothing.
  let cache = new Map<string, { scan: ParagraphScan; used: number }>();
  let cacheDay = -1;
  let generation = 0;

  return {
    update(text: string): DetectionResult {
      if (typeof text !== "string") throw new DetectionError("INVALID_INPUT", "text must be a string");
      const today: Today = todayFrom(clock());
      if (today.key !== cacheDay) {
        cache = new Map();
        cacheDay = today.key;
      }
      generation++;
      const bounds = paragraphs(text);
      const scans: ParagraphScan[] = [];
      const offsets: number[] = [];
      for (let i = 0; i < bounds.length; i += 2) {
        const start = bounds[i] ?? 0;
        const paragraph = text.slice(start, bounds[i + 1]);
        let entry = cache.get(paragraph);
        if (entry === undefined) {
          entry = { scan: scanParagraph(paragraph, rules, today), used: generation };
          cache.set(ownCopy(paragraph), entry);
        } else {
          entry.used = generation;
        }
        scans.push(entry.scan);
        offsets.push(start);
      }
      if (cache.size > 2 * scans.length + 64) {
        for (const [key, entry] of cache) if (entry.used !== generation) cache.delete(key);
      }
      return decide(scans, offsets);
    },
  };
}

/**
 * Scans a whole text once.
 * @returns every finding (UTF-16 offsets) and whether to propose a secure message.
 * @throws DetectionError `INVALID_INPUT` when `text` is not a string.
 */
export function detect(text: string, options: ScanOptions = {}): DetectionResult {
  return createScanner(options).update(text);
}
