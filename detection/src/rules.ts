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

/**
 * The letters of a term that has capitals (characters with distinct cases) as a count, times two,
 * plus one when one of them is in lower case ("ADHD": 8, "A-kassa": 11). By char codes against its
 * lower- and upper-case forms, not a string per character: this runs per term in code that is
 * still cold when the first scanner is made, and the strings made its young generation collect
 * once more.
 */
function casedLetters(term: string, lower: string): number {
  const upper = term.toUpperCase();
  if (upper.length !== term.length || lower.length !== term.length) {
    // A letter whose case changes its length ("ß" → "SS"): letter by letter.
    let letters = "";
    for (const c of term) if (c.toLowerCase() !== c.toUpperCase()) letters += c;
    return letters.length * 2 + (letters === letters.toUpperCase() ? 0 : 1);
  }
  let cased = 0;
  let anyLower = 0;
  for (let i = 0; i < term.length; i++) {
    const l = lower.charCodeAt(i);
    if (l === upper.charCodeAt(i)) continue;
    cased++;
    if (term.charCodeAt(i) === l) anyLower = 1;
  }
  return cased * 2 + anyLower;
}

/**
 * Adds the meaning of `raw` (a term with its markers) to `byTerm` under its lower-case form. "ADHD"
 * (capitals only) and "adhd" (any case) are two meanings of one key; a repeat of the same role,
 * category and case is dropped.
 */
function addMeaning(
  byTerm: Map<string, TermMeaning[]>,
  raw: string,
  role: TermRole,
  category?: Category,
  fixedLevel: Level | null = null,
): void {
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
  // A term in lower case counts every character as a letter (as it always has: "nöt-allergi" is 11).
  const cased = term === lower ? term.length * 2 + 1 : casedLetters(term, lower);
  const letterCount = cased >> 1;
  const allCaps = letterCount > 1 && (cased & 1) === 0;
  const last = term.charAt(term.length - 1);
  const capitalEnd = !allCaps && last !== last.toLowerCase();
  const infix = role === "lexicon" && prefix && letterCount >= 5;
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
  const list = byTerm.get(lower);
  if (list === undefined) byTerm.set(lower, [result]);
  else if (!list.some((m) => m.role === role && m.category === result.category && m.exactCase === exactCase)) {
    list.push(result);
  }
}

/**
 * Compiles rules for a policy (already validated by `parsePolicy`).
 * @throws DetectionError `UNSAFE_PATTERN` if a custom pattern is outside the safe subset.
 */
export function compileRules(policy: Policy): CompiledRules {
  // Indexed loops, no iterators, no tuples: this runs once per term (about 3,000) in code that is
  // still cold when the first scanner is made, where each for-of step and Map entry allocated an
  // object (3.3 MB for one compile, three young-generation collections; now about a third of it).
  const byTerm = new Map<string, TermMeaning[]>();
  const addAll = (raws: readonly string[], role: TermRole, category?: Category): void => {
    for (let i = 0; i < raws.length; i++) addMeaning(byTerm, raws[i] ?? "", role, category);
  };
  for (let c = 0; c < CATEGORIES.length; c++) {
    const category = CATEGORIES[c] as Category;
    addAll(LEXICON[category], "lexicon", category);
  }
  addAll(EXCLUSIONS, "exclusion");
  addAll(ID_KEYWORDS.se, "kw-se");
  addAll(ID_KEYWORDS.no, "kw-no");
  addAll(ID_KEYWORDS.dk, "kw-dk");
  addAll(ID_KEYWORDS.fi, "kw-fi");
  addAll(NEGATIVE_KEYWORDS, "negative");
  addAll(COMPANY_KEYWORDS, "company");
  addAll(KIN_LINKS, "kin");
  addAll(DEFINITE_LINKS, "definite");
  addAll(WEAK_LINKS, "weak-link");
  addAll(GENERIC_CUES, "generic");
  addAll(EVENT_CUES, "event");
  addAll(SELF_CUES, "self");
  addAll(WE_CUES, "we");
  addAll(YOU_CUES, "you");
  addAll(INDEFINITE_CUES, "indefinite");
  addAll(INTRO_CUES, "intro");
  addAll(BROADCAST_CUES, "broadcast");
  addAll(TITLES, "title");
  for (const keyword of policy.keywords) {
    addMeaning(byTerm, keyword.term, "lexicon", keyword.category, keyword.level ?? null);
  }

  const terms: string[] = [];
  const meanings: TermMeaning[][] = [];
  // Whether any meaning of a term lets it start or end inside a word (see automaton.ts).
  const glue = new Uint8Array(byTerm.size);
  byTerm.forEach((list, term) => {
    let g = 0;
    for (let i = 0; i < list.length; i++) {
      const m = list[i] as TermMeaning;
      g |= (m.infix || m.prefix ? GLUE_START : 0) | (m.prefix ? GLUE_END : 0);
    }
    glue[terms.length] = g;
    terms.push(term);
    meanings.push(list);
  });
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
