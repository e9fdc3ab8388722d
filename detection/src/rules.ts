// Compiles the lexicon, the context words and an org policy into one keyword automaton plus the
// tables the paragraph scanner needs. Compiled once per policy and cached.
import { buildAutomaton, GLUE_END, GLUE_START, type Automaton } from "./automaton.ts";
import {
  BROADCAST_CUES,
  COMPANY_KEYWORDS,
  DEFINITE_LINKS,
  EVENT_CUES,
  GENERIC_CUES,
  INDEFINITE_CUES,
  INTRO_CUES,
  SELF_CUES,
  WE_CUES,
  YOU_CUES,
  ID_KEYWORDS,
  KIN_LINKS,
  NEGATIVE_KEYWORDS,
  TITLES,
  WEAK_LINKS,
} from "./cues.ts";
import { EXCLUSIONS, LEXICON } from "./lexicon.ts";
import type { Policy } from "./policy.ts";
import { compileSafePattern, type SafePattern } from "./safe-pattern.ts";
import { CATEGORIES, IDENTIFIER_TYPES, type Category, type IdentifierType, type Level } from "./types.ts";

/** What a keyword means; one keyword can have several meanings ("hans" is a name and a pronoun). */
export type TermRole =
  | "lexicon"
  | "exclusion"
  | "kw-se"
  | "kw-no"
  | "kw-dk"
  | "kw-fi"
  | "negative"
  | "company"
  | "kin"
  | "definite"
  | "weak-link"
  | "generic"
  | "event"
  | "self"
  | "we"
  | "you"
  | "indefinite"
  | "intro"
  | "broadcast"
  | "title"
  | "name";

export interface TermMeaning {
  readonly role: TermRole;
  /** The term as written in the lexicon, without markers (for explanations). */
  readonly label: string;
  readonly category?: Category;
  /** Prefix match: any ending allowed, and the span grows to the end of the word. */
  readonly prefix: boolean;
  /** Compound infix allowed (prefix terms of 5+ letters): the span grows to the start of the word. */
  readonly infix: boolean;
  /** The text must be written exactly like this (capitals). */
  readonly exactCase: string | null;
  /** The last letter must be a capital (grade phrases: "betyget F"). */
  readonly capitalEnd: boolean;
  readonly weak: boolean;
  /** Never above low ("sjuk idag" is an absence reason, research note §4). */
  readonly veryWeak: boolean;
  readonly needsStrongLink: boolean;
  readonly needsDiagnosis: boolean;
  /** A fixed level from the org policy, bypassing person-linking. */
  readonly fixedLevel: Level | null;
}

export interface CustomPattern {
  readonly name: string;
  readonly category: Category;
  readonly level: Level;
  readonly pattern: SafePattern;
}

export interface CompiledRules {
  readonly automaton: Automaton;
  /** Meanings per automaton pattern id. */
  readonly meanings: readonly (readonly TermMeaning[])[];
  readonly categories: ReadonlySet<Category>;
  readonly identifiers: ReadonlySet<IdentifierType>;
  readonly patterns: readonly CustomPattern[];
}

function meaning(
  raw: string,
  role: TermRole,
  category?: Category,
  fixedLevel: Level | null = null,
): [string, TermMeaning] {
  // Markers by char code, without regexes or destructuring: this runs once per term (thousands) in
  // code that is still cold when the first scanner is made.
  let at = 0;
  let weak = false;
  let veryWeak = false;
  let needsStrongLink = false;
  let needsDiagnosis = false;
  if (raw.charCodeAt(at) === 126 && raw.charCodeAt(at + 1) === 126) {
    weak = true;
    veryWeak = true;
    at += 2;
  }
  if (raw.charCodeAt(at) === 126) {
    weak = true;
    at += 1;
  }
  if (raw.charCodeAt(at) === 64) {
    needsStrongLink = true;
    at += 1;
  }
  if (raw.charCodeAt(at) === 63) {
    needsDiagnosis = true;
    at += 1;
  }
  const prefix = raw.charCodeAt(raw.length - 1) === 42 && raw.length > at;
  const term = at === 0 && !prefix ? raw : raw.slice(at, prefix ? -1 : raw.length);
  const lower = term.toLowerCase();
  // Letters only (a letter is a character with distinct cases); no Unicode regex: this runs per term.
  let letters = term;
  if (term !== lower) {
    letters = "";
    for (const c of term) if (c.toLowerCase() !== c.toUpperCase()) letters += c;
  }
  const allCaps = letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
  const last = term.charAt(term.length - 1);
  const capitalEnd = !allCaps && last !== last.toLowerCase();
  const infix = role === "lexicon" && prefix && letters.length >= 5;
  const exactCase = allCaps ? term : null;
  const result: TermMeaning =
    category === undefined
      ? {
          role,
          label: term,
          prefix,
          infix,
          exactCase,
          capitalEnd,
          weak,
          veryWeak,
          needsStrongLink,
          needsDiagnosis,
          fixedLevel,
        }
      : {
          role,
          label: term,
          category,
          prefix,
          infix,
          exactCase,
          capitalEnd,
          weak,
          veryWeak,
          needsStrongLink,
          needsDiagnosis,
          fixedLevel,
        };
  return [lower, result];
}

/**
 * Compiles rules for a policy (already validated by `parsePolicy`).
 * @throws DetectionError `UNSAFE_PATTERN` if a custom pattern is outside the safe subset.
 */
export function compileRules(policy: Policy): CompiledRules {
  const byTerm = new Map<string, TermMeaning[]>();
  const add = ([key, value]: [string, TermMeaning]): void => {
    const list = byTerm.get(key);
    if (list === undefined) byTerm.set(key, [value]);
    // "ADHD" (capitals only) and "adhd" (any case) are two meanings of one key.
    else if (
      !list.some((m) => m.role === value.role && m.category === value.category && m.exactCase === value.exactCase)
    )
      list.push(value);
  };
  for (const category of CATEGORIES) for (const raw of LEXICON[category]) add(meaning(raw, "lexicon", category));
  for (const raw of EXCLUSIONS) add(meaning(raw, "exclusion"));
  for (const raw of ID_KEYWORDS.se) add(meaning(raw, "kw-se"));
  for (const raw of ID_KEYWORDS.no) add(meaning(raw, "kw-no"));
  for (const raw of ID_KEYWORDS.dk) add(meaning(raw, "kw-dk"));
  for (const raw of ID_KEYWORDS.fi) add(meaning(raw, "kw-fi"));
  for (const raw of NEGATIVE_KEYWORDS) add(meaning(raw, "negative"));
  for (const raw of COMPANY_KEYWORDS) add(meaning(raw, "company"));
  for (const raw of KIN_LINKS) add(meaning(raw, "kin"));
  for (const raw of DEFINITE_LINKS) add(meaning(raw, "definite"));
  for (const raw of WEAK_LINKS) add(meaning(raw, "weak-link"));
  for (const raw of GENERIC_CUES) add(meaning(raw, "generic"));
  for (const raw of EVENT_CUES) add(meaning(raw, "event"));
  for (const raw of SELF_CUES) add(meaning(raw, "self"));
  for (const raw of WE_CUES) add(meaning(raw, "we"));
  for (const raw of YOU_CUES) add(meaning(raw, "you"));
  for (const raw of INDEFINITE_CUES) add(meaning(raw, "indefinite"));
  for (const raw of INTRO_CUES) add(meaning(raw, "intro"));
  for (const raw of BROADCAST_CUES) add(meaning(raw, "broadcast"));
  for (const raw of TITLES) add(meaning(raw, "title"));
  for (const keyword of policy.keywords) add(meaning(keyword.term, "lexicon", keyword.category, keyword.level ?? null));

  const terms: string[] = [];
  const meanings: TermMeaning[][] = [];
  // Whether any meaning of a term lets it start or end inside a word (see automaton.ts).
  const glue = new Uint8Array(byTerm.size);
  for (const [term, list] of byTerm) {
    let g = 0;
    for (const m of list) g |= (m.infix || m.prefix ? GLUE_START : 0) | (m.prefix ? GLUE_END : 0);
    glue[terms.length] = g;
    terms.push(term);
    meanings.push(list);
  }
  const categories = new Set(CATEGORIES.filter((c) => policy.categories[c] !== false));
  const identifiers = new Set(IDENTIFIER_TYPES.filter((t) => policy.identifiers[t] !== false));
  return {
    automaton: buildAutomaton(terms, glue),
    meanings,
    categories,
    identifiers,
    patterns: policy.patterns.map((p) => ({
      name: p.name,
      category: p.category,
      level: p.level,
      pattern: compileSafePattern(p.pattern, p.caseSensitive ?? false),
    })),
  };
}
