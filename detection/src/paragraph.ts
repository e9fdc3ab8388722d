// Scans one paragraph: keyword automaton, identifiers, custom patterns, person links and broadcast
// markers. Everything here is local to the paragraph, so results can be cached by paragraph text
// and reused after an edit elsewhere (see scanner.ts). Offsets are relative to the paragraph.
import { findTerms } from "./automaton.ts";
import type { Today } from "./calendar.ts";
import { isWordAt } from "./char-classes.ts";
import { scanIdentifiers, type ContextHit, type IdentifierHit } from "./identifiers.ts";
import type { CompiledRules, TermMeaning } from "./rules.ts";
import { findSafeMatches } from "./safe-pattern.ts";
import type { Category, Level } from "./types.ts";

export interface CategoryHit {
  readonly category: Category;
  readonly start: number;
  readonly end: number;
  readonly meaning: TermMeaning;
  /** A school topic ("en bok om en flicka med autism"), not a statement about a person. */
  readonly topic: boolean;
}

export interface CustomHit {
  readonly name: string;
  readonly category: Category;
  readonly level: Level;
  readonly start: number;
  readonly end: number;
}

export interface ParagraphScan {
  readonly identifiers: readonly IdentifierHit[];
  readonly categories: readonly CategoryHit[];
  readonly customs: readonly CustomHit[];
  /** A strong person link: "ditt barn", "eleven", or an identifier at medium or high level. */
  readonly strongLink: boolean;
  /** A name that is not a staff title or sign-off ("rektor Anna Berg", "Mvh Anna"). */
  readonly nameLink: boolean;
  /** A pronoun (han, hon, hen, he, she, ...): a weak link. */
  readonly pronounLink: boolean;
  readonly broadcast: boolean;
}

/** Capitalised words that are not people. */
const NOT_NAMES = new Set(
  (
    "i jag vi ni de den det du han hon hen om på och men för att med till från efter inför under " +
    "this that there these it we they you she he our your my all some each every nästa alla varje " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july " +
    "august september october november december måndag tisdag onsdag torsdag fredag lördag söndag " +
    "english swedish svenska engelska matte matematik math maths science history biology " +
    "skolverket skatteverket försäkringskassan kommun kommunen region regionen stockholm göteborg malmö " +
    "uppsala sverige sweden google teams zoom microsoft outlook gmail unikum schoolsoft vklass infomentor " +
    "dear hi hello hej thanks tack regards mvh please obs ps nb"
  ).split(" "),
);

const CAPITALISED = /\p{Lu}\p{Ll}+/gu;
const PERSON_VERB = /^:?s? (?:har|är|fick|blev|mår|ska|kommer|behöver|ligger|has|is|was|will|needs) /u;
const DEFINITE = /(?:en|an|et|na|rna|erna|arna)$/u;

function isWordEdge(text: string, start: number, end: number): boolean {
  return !isWordAt(text, start - 1) && !isWordAt(text, end);
}

/** Applies a term's matching rules; returns the span to report, or null when it does not apply. */
function accept(text: string, start: number, end: number, m: TermMeaning): [number, number] | null {
  if (m.exactCase !== null && text.slice(start, end) !== m.exactCase) return null;
  if (m.capitalEnd && text.charCodeAt(end - 1) !== m.label.charCodeAt(m.label.length - 1)) return null;
  if (m.capitalStart) {
    const first = text.charAt(start);
    if (first === first.toLowerCase()) return null;
  }
  let s = start;
  let e = end;
  if (isWordAt(text, start - 1)) {
    if (!m.infix) return null;
    while (isWordAt(text, s - 1)) s--;
  }
  if (isWordAt(text, end)) {
    if (!m.prefix) return null;
    while (isWordAt(text, e)) e++;
  }
  return [s, e];
}

const TOPIC_BEFORE = /(?:^|[^\p{L}])(?:(\p{L}+)\s+)?(?:om|about|on)\s+((?:[\p{Ll}\p{N}]+\s+){0,5})$/u;
const PERSONAL_WORDS = new Set(
  "att hens hans hennes din ditt dina er ert era min mitt mina vår vårt våra sin sitt sina his her their your my our".split(
    " ",
  ),
);
/** "en anmälan om kränkande behandling", "a report of bullying": a case, not a topic. */
const CASE_WORDS = new Set(
  "anmälan anmälningar anmält anmäla oro misstanke beslut information utredning report concern complaint".split(" "),
);

/**
 * True when the term is the topic of "om"/"about" with only lowercase words between ("en bok om en
 * flicka med autism", "a project about asthma"). Possessives or a name in between ("om Majas
 * ångest", "om hens ångest") or "om att" keep it personal.
 */
function isTopic(text: string, start: number): boolean {
  const m = TOPIC_BEFORE.exec(text.slice(Math.max(0, start - 60), start));
  if (m === null || CASE_WORDS.has((m[1] ?? "").toLowerCase())) return false;
  return !(m[2] ?? "").split(/\s+/).some((w) => PERSONAL_WORDS.has(w));
}

/** True when only spaces, commas or colons separate `from` and `to`. */
function adjacent(text: string, from: number, to: number): boolean {
  return to >= from && to - from <= 3 && /^[\s,:]*$/.test(text.slice(from, to));
}

function findNames(
  text: string,
  nameStarts: ReadonlySet<number>,
  titleEnds: readonly number[],
  taken: readonly [number, number][],
): boolean {
  CAPITALISED.lastIndex = 0;
  let previousExcludedEnd = -10;
  for (let m = CAPITALISED.exec(text); m !== null; m = CAPITALISED.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isWordAt(text, start - 1) || isWordAt(text, end)) continue;
    if (NOT_NAMES.has(m[0].toLowerCase()) || taken.some(([s, e]) => s < end && start < e)) continue;
    // Sentence start: only a known first name counts.
    let i = start - 1;
    while (i >= 0 && /[ \t]/.test(text.charAt(i))) i--;
    const sentenceStart = i < 0 || /[.!?:\n\r•*>\-–]/.test(text.charAt(i));
    // Sentence start: a known first name, or a capitalised word before a person verb ("Vilgot har ...")
    // that is not a Swedish definite noun ("Skolan har", "Mötet är").
    if (
      sentenceStart &&
      !nameStarts.has(start) &&
      !(PERSON_VERB.test(text.slice(end, end + 12)) && !DEFINITE.test(m[0]))
    ) {
      continue;
    }
    // A name right after a title or sign-off ("rektor Anna Berg", "Mvh Anna") is staff, not the subject.
    // The chain continues a name only across spaces ("Anna Berg"), not a comma: in "Hej Karin, Olle har"
    // Olle is the subject, not part of the greeting.
    const continuesName = start - previousExcludedEnd <= 3 && /^[ \t]+$/.test(text.slice(previousExcludedEnd, start));
    if (titleEnds.some((t) => adjacent(text, t, start)) || continuesName) {
      previousExcludedEnd = end;
      continue;
    }
    return true;
  }
  return false;
}

/** Scans one paragraph with the compiled rules. */
export function scanParagraph(text: string, rules: CompiledRules, today: Today): ParagraphScan {
  const hits = findTerms(rules.automaton, text, 0, text.length);
  const ctx = { se: [] as ContextHit[], no: [] as ContextHit[], dk: [] as ContextHit[], fi: [] as ContextHit[] };
  const negative: ContextHit[] = [];
  const company: ContextHit[] = [];
  const lexicon: CategoryHit[] = [];
  const exclusions: [number, number][] = [];
  const nameStarts = new Set<number>();
  const titleEnds: number[] = [];
  const taken: [number, number][] = [];
  let strongLink = false;
  let pronounLink = false;
  let broadcast = false;

  for (const hit of hits) {
    for (const m of rules.meanings[hit.id] ?? []) {
      // Words holding a lexicon stem are never names ("Christianity", "Islamic").
      if (m.role === "lexicon" || m.role === "exclusion") taken.push([hit.start, hit.end]);
      const span = accept(text, hit.start, hit.end, m);
      if (span === null) continue;
      const [start, end] = span;
      const context: ContextHit = { start, end, label: m.label };
      switch (m.role) {
        case "lexicon":
          if (m.category !== undefined && rules.categories.has(m.category)) {
            lexicon.push({ category: m.category, start, end, meaning: m, topic: isTopic(text, start) });
          }
          break;
        case "exclusion":
          exclusions.push(span);
          break;
        case "kw-se":
          ctx.se.push(context);
          break;
        case "kw-no":
          ctx.no.push(context);
          break;
        case "kw-dk":
          ctx.dk.push(context);
          break;
        case "kw-fi":
          ctx.fi.push(context);
          break;
        case "negative":
          negative.push(context);
          break;
        case "company":
          company.push(context);
          break;
        case "strong-link":
          strongLink = true;
          break;
        case "weak-link":
          if (isWordEdge(text, start, end)) pronounLink = true;
          break;
        case "broadcast":
          broadcast = true;
          break;
        case "title":
          titleEnds.push(end);
          taken.push(span);
          break;
        case "name":
          nameStarts.add(start);
          break;
      }
    }
  }

  const identifiers = scanIdentifiers(text, { ...ctx, negative, company }, today, rules.identifiers);
  if (identifiers.some((id) => id.level !== "low")) strongLink = true;

  // Drop excluded words, and "diagnos" unless the paragraph names an actual diagnosis.
  const kept = lexicon.filter((h) => !exclusions.some(([s, e]) => s <= h.start && h.end <= e));
  const hasDiagnosis = kept.some((h) => h.category === "health" && !h.meaning.needsDiagnosis && !h.meaning.weak);
  const categories = dedupe(kept.filter((h) => !h.meaning.needsDiagnosis || hasDiagnosis));

  const customs: CustomHit[] = [];
  for (const p of rules.patterns) {
    if (!rules.categories.has(p.category)) continue;
    for (const [start, end] of findSafeMatches(p.pattern, text)) {
      customs.push({ name: p.name, category: p.category, level: p.level, start, end });
    }
  }

  // Names are only looked for when they could matter (a category term and no strong link).
  const nameLink = categories.length > 0 && !strongLink && findNames(text, nameStarts, titleEnds, taken);
  return { identifiers, categories, customs, strongLink, nameLink, pronounLink, broadcast };
}

/** One hit per span and category; a hit inside a longer hit of the same category is dropped. */
function dedupe(hits: CategoryHit[]): CategoryHit[] {
  const out: CategoryHit[] = [];
  for (const h of hits) {
    const covered = hits.some(
      (o) =>
        o !== h &&
        o.category === h.category &&
        o.start <= h.start &&
        h.end <= o.end &&
        (o.end - o.start > h.end - h.start || hits.indexOf(o) < hits.indexOf(h)),
    );
    if (!covered) out.push(h);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
