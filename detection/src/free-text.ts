// Short free text that is kept for ever (the reason given for sending flagged mail as ordinary
// e-mail goes into the append-only access log) must hold no personal data. The engine's own
// findings count at every level for identifiers and at medium or high for categories (a category
// word tied to a person); e-mail addresses, phone numbers and other long numbers count too, which
// the engine does not look for in mail but a note must not hold either. Names alone are not found.
import { findingKind } from "./explain.ts";
import { detect } from "./scanner.ts";
import type { Category, IdentifierType } from "./types.ts";

/** What a note may not hold, beyond the engine's kinds. */
export type NoteKind = IdentifierType | Category | "email-address" | "long-number";

const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}/iu;
/** Seven digits or more, spaces, dashes, dots and slashes between them allowed: phone, case and account numbers. */
const LONG_NUMBER = /\d(?:[\s./-]?\d){6,}/u;

/**
 * The kinds of personal data in `text`, each once, in the order found (empty when there is none).
 * Never throws; the text is not kept or quoted.
 */
export function personalDataInNote(text: string): NoteKind[] {
  const kinds = new Set<NoteKind>();
  for (const f of detect(text).findings)
    if (f.category === "identifier" || f.level !== "low") kinds.add(findingKind(f));
  if (EMAIL.test(text)) kinds.add("email-address");
  if (LONG_NUMBER.test(text)) kinds.add("long-number");
  return [...kinds];
}
