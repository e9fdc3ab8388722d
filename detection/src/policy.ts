// The org policy: which categories and identifiers are on, extra keywords and patterns. Parsed by a
// strict hand-written schema (unknown keys, wrong types and unsafe patterns are refused).
import { toClasses } from "./char-classes.ts";
import { DetectionError } from "./errors.ts";
import { compileSafePattern, MAX_PATTERN_LENGTH } from "./safe-pattern.ts";
import {
  ALWAYS_ON,
  CATEGORIES,
  IDENTIFIER_TYPES,
  LEVELS,
  type Category,
  type IdentifierType,
  type Level,
} from "./types.ts";

export interface PolicyKeyword {
  /** Letters, digits, spaces, `-` and `.`; a trailing `*` allows any ending. */
  readonly term: string;
  readonly category: Category;
  /** A fixed level; without it the keyword follows the person-link rules of its category. */
  readonly level?: Level;
}

export interface PolicyPattern {
  readonly name: string;
  /** A pattern in the safe subset (see README, "Custom patterns"). */
  readonly pattern: string;
  readonly category: Category;
  readonly level: Level;
  readonly caseSensitive?: boolean;
}

export interface Policy {
  readonly categories: Readonly<Partial<Record<Category, boolean>>>;
  readonly identifiers: Readonly<Partial<Record<IdentifierType, boolean>>>;
  readonly keywords: readonly PolicyKeyword[];
  readonly patterns: readonly PolicyPattern[];
}

export const DEFAULT_POLICY: Policy = Object.freeze({ categories: {}, identifiers: {}, keywords: [], patterns: [] });

const MAX_KEYWORDS = 500;
const MAX_PATTERNS = 50;
const TERM_RE = /^[\p{L}\p{N}][\p{L}\p{N} .-]{0,58}[\p{L}\p{N}.]?\*?$/u;

function fail(path: string, problem: string): never {
  throw new DetectionError("INVALID_POLICY", `policy${path}: ${problem}`);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, "must be an object");
  return value as Record<string, unknown>;
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) fail(path, `unknown key "${key.slice(0, 40)}"`);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    fail(path, `must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

function switches<T extends string>(value: unknown, allowed: readonly T[], path: string): Partial<Record<T, boolean>> {
  if (value === undefined) return {};
  const obj = record(value, path);
  onlyKeys(obj, allowed, path);
  const out: Partial<Record<T, boolean>> = {};
  for (const key of allowed) {
    const v = obj[key];
    if (v === undefined) continue;
    if (typeof v !== "boolean") fail(`${path}.${key}`, "must be true or false");
    out[key] = v;
  }
  return out;
}

function list(value: unknown, max: number, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, "must be an array");
  if (value.length > max) fail(path, `at most ${String(max)} entries`);
  return value as unknown[];
}

/**
 * Validates an org policy (for example parsed JSON from managed storage).
 * @returns a frozen {@link Policy}; missing sections mean "defaults".
 * @throws DetectionError `INVALID_POLICY` for any schema violation, `UNSAFE_PATTERN` for a pattern
 *   outside the safe subset (the message names the entry, never scanned text).
 */
export function parsePolicy(input: unknown): Policy {
  const obj = record(input, "");
  onlyKeys(obj, ["version", "categories", "identifiers", "keywords", "patterns"], "");
  if (obj.version !== undefined && obj.version !== 1) fail(".version", "must be 1");
  const keywords = list(obj.keywords, MAX_KEYWORDS, ".keywords").map((entry, i): PolicyKeyword => {
    const path = `.keywords[${String(i)}]`;
    const k = record(entry, path);
    onlyKeys(k, ["term", "category", "level"], path);
    if (typeof k.term !== "string" || !TERM_RE.test(k.term.trim())) {
      fail(`${path}.term`, "1-60 letters, digits, spaces, '-' or '.', optionally ending in '*'");
    }
    const category = oneOf(k.category, CATEGORIES, `${path}.category`);
    const term = k.term.trim().replace(/\s+/g, " ");
    try {
      toClasses(term.replace(/\*$/, "").toLowerCase());
    } catch {
      fail(`${path}.term`, "contains a character the keyword matcher does not support");
    }
    return k.level === undefined
      ? { term, category }
      : { term, category, level: oneOf(k.level, LEVELS, `${path}.level`) };
  });
  const patterns = list(obj.patterns, MAX_PATTERNS, ".patterns").map((entry, i): PolicyPattern => {
    const path = `.patterns[${String(i)}]`;
    const p = record(entry, path);
    onlyKeys(p, ["name", "pattern", "category", "level", "caseSensitive"], path);
    if (typeof p.name !== "string" || p.name.length < 1 || p.name.length > 60) fail(`${path}.name`, "1-60 characters");
    if (typeof p.pattern !== "string" || p.pattern.length < 1 || p.pattern.length > MAX_PATTERN_LENGTH) {
      fail(`${path}.pattern`, `1-${String(MAX_PATTERN_LENGTH)} characters`);
    }
    if (p.caseSensitive !== undefined && typeof p.caseSensitive !== "boolean") {
      fail(`${path}.caseSensitive`, "must be true or false");
    }
    try {
      compileSafePattern(p.pattern, p.caseSensitive === true);
    } catch (error) {
      if (error instanceof DetectionError) {
        throw new DetectionError("UNSAFE_PATTERN", `policy${path}.pattern: ${error.message}`, { cause: error });
      }
      throw error;
    }
    return {
      name: p.name,
      pattern: p.pattern,
      category: oneOf(p.category, CATEGORIES, `${path}.category`),
      level: oneOf(p.level, LEVELS, `${path}.level`),
      ...(p.caseSensitive !== undefined && { caseSensitive: p.caseSensitive }),
    };
  });
  return Object.freeze({
    categories: Object.freeze(switches(obj.categories, CATEGORIES, ".categories")),
    identifiers: Object.freeze(switches(obj.identifiers, IDENTIFIER_TYPES, ".identifiers")),
    keywords: Object.freeze(keywords),
    patterns: Object.freeze(patterns),
  });
}

/** What the organisation's server policy (GET /api/policy) says about detection. */
export interface OrgDetectionSettings {
  /** Kinds switched off; unknown and always-on kinds are ignored. */
  readonly disabledKinds: readonly string[];
  /** Extra words and phrases, as the server normalised them (lower case, "*" for any ending). */
  readonly extraKeywords: readonly string[];
}

/**
 * The engine policy for the organisation's detection settings: the switched-off categories and
 * identifiers (never those in {@link ALWAYS_ON}, whatever the server says), and each extra keyword
 * as a finding of category `org-keyword` at level `medium` (so it proposes a secure message, with
 * or without a person in the paragraph). A keyword the matcher cannot take is skipped: the server
 * has already refused such words, so only a newer server could send one.
 */
export function policyFromOrg(org: OrgDetectionSettings): Policy {
  const off = new Set(org.disabledKinds.filter((k) => !(ALWAYS_ON as readonly string[]).includes(k)));
  const categories: Partial<Record<Category, boolean>> = {};
  for (const c of CATEGORIES) if (off.has(c)) categories[c] = false;
  const identifiers: Partial<Record<IdentifierType, boolean>> = {};
  for (const t of IDENTIFIER_TYPES) if (off.has(t)) identifiers[t] = false;
  const keywords: PolicyKeyword[] = [];
  for (const raw of org.extraKeywords.slice(0, MAX_KEYWORDS)) {
    const term = raw.trim().replace(/\s+/g, " ").toLowerCase();
    const stem = term.replace(/\*$/, "");
    if (stem.length < 2 || stem.length > 60 || stem.includes("*")) continue;
    try {
      toClasses(stem);
    } catch {
      continue;
    }
    keywords.push({ term, category: "org-keyword", level: "medium" });
  }
  return Object.freeze({
    categories: Object.freeze(categories),
    identifiers: Object.freeze(identifiers),
    keywords: Object.freeze(keywords),
    patterns: Object.freeze([]),
  });
}
