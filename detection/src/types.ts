/** Identifier types the engine validates (the CLI `type` values). */
export const IDENTIFIER_TYPES = [
  "se-personnummer",
  "se-samordningsnummer",
  "no-fodselsnummer",
  "dk-cpr",
  "fi-henkilotunnus",
  "iban",
  "payment-card",
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** Sensitive categories (GDPR art. 9 and the Swedish "extra skyddsvärda" data). */
export const CATEGORIES = [
  "health",
  "care",
  "social",
  "protected-identity",
  "offence",
  "support",
  "results",
  "special-category",
  // Words and phrases the organisation added (admin policy "extra keywords"); no lexicon of its own.
  "org-keyword",
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Kinds an organisation cannot switch off (the server refuses them too): personnummer and
 * samordningsnummer are high on their own, protected identity is always high (research note §4).
 */
export const ALWAYS_ON: readonly (IdentifierType | Category)[] = [
  "se-personnummer",
  "se-samordningsnummer",
  "protected-identity",
  "org-keyword",
];

export const LEVELS = ["low", "medium", "high"] as const;
export type Level = (typeof LEVELS)[number];

/** A short explanation the UI can show, in Swedish and English. */
export interface Explanation {
  readonly sv: string;
  readonly en: string;
}

/**
 * One finding. Offsets are UTF-16 code units into the scanned text (`text.slice(start, end)`).
 * Identifier findings have `category: "identifier"`; lexicon findings have `type: "category"`;
 * matches of an org policy pattern have `type: "custom"` and the category the policy gave them.
 */
export interface Finding {
  readonly type: IdentifierType | "category" | "custom";
  readonly category: Category | "identifier";
  readonly start: number;
  readonly end: number;
  readonly level: Level;
  readonly explanation: Explanation;
}

/** The result of a scan: the findings in text order and the message-level decision. */
export interface DetectionResult {
  /** True when the extension proposes a secure message: some finding is `high` or `medium`. */
  readonly sensitive: boolean;
  readonly findings: readonly Finding[];
}

export const LEVEL_RANK: Readonly<Record<Level, number>> = { low: 0, medium: 1, high: 2 };
