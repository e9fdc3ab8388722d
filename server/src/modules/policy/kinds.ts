import { z } from "zod";

/** What the detection engine reports (identifier types and categories); nothing else may be logged. */
export const KINDS = [
  "se-personnummer",
  "se-samordningsnummer",
  "no-fodselsnummer",
  "dk-cpr",
  "fi-henkilotunnus",
  "iban",
  "payment-card",
  "health",
  "care",
  "social",
  "protected-identity",
  "offence",
  "support",
  "results",
  "special-category",
  // An attachment the extension could not scan, counted as sensitive by policy.
  "unscannable-attachment",
] as const;

export const kindSchema = z.enum(KINDS);

/** A webmail host name the generic adapter may guard: lower-case DNS name, optionally "*." for subdomains. */
export const webmailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    "a host name such as webmail.skola.se",
  );

/** Lists are stored comma-separated (SQLite has no arrays); these two convert at the boundary. */
export function splitList(stored: string): string[] {
  return stored === "" ? [] : stored.split(",");
}

export function joinList(values: readonly string[]): string {
  return [...new Set(values)].sort().join(",");
}

/** The stored kinds list, keeping only names this version knows (a removed kind is dropped, not an error). */
export function storedKinds(stored: string): z.infer<typeof kindSchema>[] {
  return splitList(stored).flatMap((k) => {
    const parsed = kindSchema.safeParse(k);
    return parsed.success ? [parsed.data] : [];
  });
}
