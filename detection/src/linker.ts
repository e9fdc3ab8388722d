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
  for (const [name, bit] of FLAGS) if ((e.person & bit) !== 0) out.push(name);
  for (const [name, on] of flags(e)) if (on) out.push(name);
  out.push(`term:${e.term.toLowerCase()}`);
  for (const w of e.unit.words) out.push(`w:${w}`);
  return out;
}

const weight = (name: string): number => MODEL.weights[name] ?? 0;

/** The weights of the sentence words ("w:…" features) by word, built on first use. */
let wordWeights: Map<string, number> | null = null;
function wordTable(): Map<string, number> {
  if (wordWeights === null) {
    wordWeights = new Map();
    for (const [name, w] of Object.entries(MODEL.weights)) if (name.startsWith("w:")) wordWeights.set(name.slice(2), w);
  }
  return wordWeights;
}

/** The summed weight of a unit's words (cached per word list: units are cached per paragraph). */
const wordScores = new WeakMap<readonly string[], number>();
function wordScore(words: readonly string[]): number {
  let score = wordScores.get(words);
  if (score === undefined) {
    score = 0;
    const table = wordTable();
    for (const w of words) score += table.get(w) ?? 0;
    wordScores.set(words, score);
  }
  return score;
}

/**
 * The weights of features built from parts, looked up once per part: a keystroke and a 10 MB scan
 * then build no strings. Keyed by the parts themselves (interned constants or lexicon labels).
 */
const partWeights = new Map<string, Map<string, number>>();
function weightOf(prefix: string, part: string): number {
  let byPart = partWeights.get(prefix);
  if (byPart === undefined) {
    byPart = new Map();
    partWeights.set(prefix, byPart);
  }
  let w = byPart.get(part);
  if (w === undefined) {
    w = weight(`${prefix}${prefix === "term:" ? part.toLowerCase() : part}`);
    if (byPart.size < 20_000) byPart.set(part, w);
  }
  return w;
}
const pairWeights = new Map<string, Map<string, number>>();
function categoryReasonWeight(category: string, reason: string): number {
  let byReason = pairWeights.get(category);
  if (byReason === undefined) {
    byReason = new Map();
    pairWeights.set(category, byReason);
  }
  let w = byReason.get(reason);
  if (w === undefined) {
    w = weight(`cat-reason:${category}:${reason}`);
    byReason.set(reason, w);
  }
  return w;
}

/** The weight of each person flag, in the order of FLAGS. */
const FLAG_BITS = FLAGS.map(([, bit]) => bit);
const FLAG_WEIGHTS = FLAGS.map(([name]) => weight(name));
/** The summed weight of a unit's person flags (added in the order of FLAGS, as features() lists them). */
function personScore(z: number, person: number): number {
  let sum = z;
  for (let i = 0; i < FLAG_BITS.length; i++) if ((person & (FLAG_BITS[i] ?? 0)) !== 0) sum += FLAG_WEIGHTS[i] ?? 0;
  return sum;
}
const W = {
  generic: weight("generic"),
  event: weight("event"),
  intro: weight("intro"),
  field: weight("field"),
  antecedent: weight("antecedent"),
  previousNames: weight("previous-names"),
  previousId: weight("previous-id"),
  nextNames: weight("next-names"),
  aboutKin: weight("about-kin"),
  olderMail: weight("older-mail"),
  topic: weight("topic"),
  weak: weight("weak"),
  role: weight("role"),
  broadcast: weight("broadcast"),
  identities: weight("identities"),
};

/**
 * The model's probability that the word is about an identifiable person: the same sum, term by
 * term and in the same order, as the weights of features(), so the result is bit for bit the same.
 */
export function probability(e: Evidence): number {
  let z = MODEL.bias + wordScore(e.unit.words);
  z += weightOf("cat:", e.category) + weightOf("reason:", e.reason) + weightOf("ruled:", e.level);
  z += categoryReasonWeight(e.category, e.reason) + weightOf("term:", e.term);
  z = personScore(z, e.person);
  const { unit, place } = e;
  if (unit.generic) z += W.generic;
  if (unit.event) z += W.event;
  if (unit.intro) z += W.intro;
  if (unit.field) z += W.field;
  if (place.antecedent) z += W.antecedent;
  if (place.previousNames) z += W.previousNames;
  if (place.previousId) z += W.previousId;
  if (place.nextNames) z += W.nextNames;
  if (place.aboutKin) z += W.aboutKin;
  if (place.section > 0) z += W.olderMail;
  if (e.topic) z += W.topic;
  if (e.weak) z += W.weak;
  if (e.role) z += W.role;
  if (e.broadcast) z += W.broadcast;
  if (e.identities > 0) z += W.identities;
  return 1 / (1 + Math.exp(-z));
}

/** The decision threshold chosen by cross-validation on the training data. */
export const THRESHOLD = MODEL.threshold;
