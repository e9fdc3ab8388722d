// The linker's last word: a small logistic model over what the rules saw around a category word
// (who the sentence names, which rule linked it, generic or event wording, the sentence's own
// words). It was trained offline on the development and validation parts of the independent
// evaluation set (eval/train-linker.ts) and is scored once on the frozen test half. The rules stay
// the explanation: the model only confirms a link, withdraws it when the wording is general, or
// links a word the rules left unlinked in a mail that is plainly about one person.
import { MODEL } from "./linker-model.ts";
import { PERSON } from "./paragraph.ts";
import type { Evidence } from "./scanner.ts";

const FLAGS = Object.entries(PERSON);

/** The features of one category word (binary; names are stable across training and use). */
export function features(e: Evidence): string[] {
  const out = [`cat:${e.category}`, `reason:${e.reason}`, `ruled:${e.level}`, `cat-reason:${e.category}:${e.reason}`];
  for (const [name, bit] of FLAGS) if ((e.unit.person & bit) !== 0) out.push(`p:${name}`);
  if (e.unit.generic) out.push("generic");
  if (e.unit.event) out.push("event");
  if (e.unit.intro) out.push("intro");
  if (e.unit.field) out.push("field");
  if (e.place.antecedent) out.push("antecedent");
  if (e.place.previousNames) out.push("previous-names");
  if (e.place.previousId) out.push("previous-id");
  if (e.place.nextNames) out.push("next-names");
  if (e.place.aboutKin) out.push("about-kin");
  if (e.place.section > 0) out.push("older-mail");
  if (e.topic) out.push("topic");
  if (e.weak) out.push("weak");
  if (e.role) out.push("role");
  if (e.broadcast) out.push("broadcast");
  if (e.identities > 0) out.push("identities");
  out.push(`term:${e.term.toLowerCase()}`);
  for (const w of e.unit.words) out.push(`w:${w}`);
  return out;
}

/** The model's probability that the word is about an identifiable person. */
export function probability(e: Evidence): number {
  let z = MODEL.bias;
  for (const f of features(e)) z += MODEL.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/** The decision threshold chosen by cross-validation on the training data. */
export const THRESHOLD = MODEL.threshold;
