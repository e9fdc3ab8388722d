// The linker's last word: a small logistic model over what the rules saw around a category word
// (who the sentence names, which rule linked it, generic or event wording, the sentence's own
// words). It was trained offline on the development and validation parts of the independent
// evaluation set (eval/train-linker.ts) and is scored once on the frozen test half. The rules stay
// the explanation: the model only confirms a link, withdraws it when the wording is general, or
// links a word the rules left unlinked in a mail that is plainly about one person.
import { MODEL } from "./linker-model.ts";
import { PERSON } from "./paragraph.ts";
import type { Evidence } from "./scanner.ts";

const FLAGS = Object.entries(PERSON).map(([name, bit]) => [`p:${name}`, bit] as const);

/** The binary features of [flag, present] pairs that do not depend on the sentence's words. */
function flags(e: Evidence): [string, boolean][] {
  return [
    ["generic", e.unit.generic],
    ["event", e.unit.event],
    ["intro", e.unit.intro],
    ["field", e.unit.field],
    ["antecedent", e.place.antecedent],
    ["previous-names", e.place.previousNames],
    ["previous-id", e.place.previousId],
    ["next-names", e.place.nextNames],
    ["about-kin", e.place.aboutKin],
    ["older-mail", e.place.section > 0],
    ["topic", e.topic],
    ["weak", e.weak],
    ["role", e.role],
    ["broadcast", e.broadcast],
    ["identities", e.identities > 0],
  ];
}

/** The features of one category word (binary; names are stable across training and use). */
export function features(e: Evidence): string[] {
  const out = [`cat:${e.category}`, `reason:${e.reason}`, `ruled:${e.level}`, `cat-reason:${e.category}:${e.reason}`];
  for (const [name, bit] of FLAGS) if ((e.unit.person & bit) !== 0) out.push(name);
  for (const [name, on] of flags(e)) if (on) out.push(name);
  out.push(`term:${e.term.toLowerCase()}`);
  for (const w of e.unit.words) out.push(`w:${w}`);
  return out;
}

const weight = (name: string): number => MODEL.weights[name] ?? 0;

/** The summed weight of a unit's words (cached per word list: units are cached per paragraph). */
const wordScores = new WeakMap<readonly string[], number>();
function wordScore(words: readonly string[]): number {
  let score = wordScores.get(words);
  if (score === undefined) {
    score = 0;
    for (const w of words) score += weight(`w:${w}`);
    wordScores.set(words, score);
  }
  return score;
}

const keyed = new Map<string, number>();
/** The weight of a feature built from parts, remembered so a keystroke allocates no strings. */
function weightOf(a: string, b: string, c = ""): number {
  const key = `${a}\u0000${b}\u0000${c}`;
  let w = keyed.get(key);
  if (w === undefined) {
    w = weight(c === "" ? `${a}${b}` : `${a}${b}:${c}`);
    if (keyed.size < 20_000) keyed.set(key, w);
  }
  return w;
}

/** The model's probability that the word is about an identifiable person (same sum as features()). */
export function probability(e: Evidence): number {
  let z = MODEL.bias + wordScore(e.unit.words);
  z += weightOf("cat:", e.category) + weightOf("reason:", e.reason) + weightOf("ruled:", e.level);
  z += weightOf("cat-reason:", e.category, e.reason) + weightOf("term:", e.term.toLowerCase());
  for (const [name, bit] of FLAGS) if ((e.unit.person & bit) !== 0) z += weight(name);
  for (const [name, on] of flags(e)) if (on) z += weight(name);
  return 1 / (1 + Math.exp(-z));
}

/** The decision threshold chosen by cross-validation on the training data. */
export const THRESHOLD = MODEL.threshold;
