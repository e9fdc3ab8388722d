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
  // A word or phrase the organisation added to detection (extraKeywords).
  "org-keyword",
] as const;

export const kindSchema = z.enum(KINDS);

/**
 * The kinds a "not about an individual person" send may rest on: the categories the engine finds
 * by a word alone. Identity numbers, account and card numbers, protected identity, the
 * organisation's own keywords and unscannable attachments are never among them: a number or a
 * protected identity points at a person whatever the writer attests, and the organisation chose
 * its keywords to be flagged.
 */
export const NOT_ABOUT_PERSON_KINDS = [
  "health",
  "care",
  "social",
  "offence",
  "support",
  "results",
  "special-category",
] as const satisfies readonly (typeof KINDS)[number][];

export const notAboutPersonKindSchema = z.enum(NOT_ABOUT_PERSON_KINDS);

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

/** A page's host name as the extension reports it: a lower-case DNS name (no wildcard, no port). */
export const webmailHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    "a host name such as outlook.office.com",
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

// ---- Detection settings, organisation name and notification text (admin policy, issue 7) ----

/**
 * Kinds an organisation may not switch off. Personnummer and samordningsnummer are the identifiers
 * the research (shared/research/detection.md §4: "D, or any PNR -> high") treats as high on their
 * own: IMY counts them as extra skyddsvärda, they join every other register about a child, and a
 * checksum-valid number is precise evidence. Protected identity (skyddad identitet) is always high:
 * leaking it can endanger a child's life. The last two are not detections at all and have their own
 * settings (unscannableSensitive; extraKeywords).
 */
export const ALWAYS_ON_KINDS = [
  "se-personnummer",
  "se-samordningsnummer",
  "protected-identity",
  "unscannable-attachment",
  "org-keyword",
] as const;
const alwaysOn: ReadonlySet<string> = new Set(ALWAYS_ON_KINDS);

/** The detection kinds an admin may switch off. */
export const SWITCHABLE_KINDS = KINDS.filter((k) => !alwaysOn.has(k));
export const switchableKindSchema = kindSchema.refine((k) => !alwaysOn.has(k), "this kind is always on");

/** The stored switched-off kinds, keeping only those still switchable in this version. */
export function storedDisabledKinds(stored: string): z.infer<typeof kindSchema>[] {
  return storedKinds(stored).filter((k) => !alwaysOn.has(k));
}

export const MAX_KEYWORDS = 100;
export const MAX_KEYWORD_LENGTH = 60;
// The extension's keyword alphabet (detection/src/char-classes.ts): Swedish and Nordic
// letters, digits, space, '-', '.', "'". No comma, so the list can be stored comma-separated.
const KEYWORD_LETTERS = "a-z0-9åäöéüæøèáàíóúñç";
const KEYWORD_RE = new RegExp(`^[${KEYWORD_LETTERS}]([${KEYWORD_LETTERS} .'-]*[${KEYWORD_LETTERS}])?\\*?$`, "u");

/**
 * One extra keyword, normalised: NFC, lower case, single spaces, typographic dashes and
 * apostrophes folded. 2-60 characters; a trailing `*` also matches any ending ("björk*").
 */
export const keywordSchema = z
  .string()
  .transform((s) =>
    s
      .normalize("NFC")
      .toLowerCase()
      .replace(/[\u2010-\u2015\u2212]/gu, "-")
      .replace(/\u2019/gu, "'")
      .replace(/\s+/gu, " ")
      .trim(),
  )
  .pipe(
    z
      .string()
      .min(2)
      .max(MAX_KEYWORD_LENGTH)
      .regex(KEYWORD_RE, "letters (a-ö), digits, spaces, '-', '.' or an apostrophe; '*' only at the end"),
  );

/** Organisation names and notification text: no web or e-mail addresses (see {@link looksLikeLink}). */
const LINK_RE = /[a-z][a-z0-9+.-]*:\/\/|\bwww\.|@|[\p{L}\p{N}-]{2,}(\.[\p{L}\p{N}-]+)*\.[a-z]{2,}\b|[<>]/iu;

/**
 * Whether text holds something a mail program would turn into a link (a URL, "www.", an address,
 * a host name such as skola.se) or markup. Notification mails carry exactly one link, Sigill's own:
 * a second one chosen by whoever can edit policy would teach recipients to click links in mails
 * that look like Sigill's, which is what a phishing mail imitates.
 */
export function looksLikeLink(text: string): boolean {
  return LINK_RE.test(text);
}

const CONTROL_RE = /[\p{Cc}\p{Cf}]/u;

/** The organisation's name as shown in notification mails: 2-100 characters, one line, no links. */
export const organisationNameSchema = z
  .string()
  .transform((s) => s.normalize("NFC").replace(/\s+/gu, " ").trim())
  .pipe(
    z
      .string()
      .min(2)
      .max(100)
      .refine((s) => !CONTROL_RE.test(s), "no control characters")
      .refine((s) => !looksLikeLink(s), "no web or e-mail addresses"),
  );

export const MAX_NOTIFICATION_TEXT = 500;

/**
 * The organisation's paragraph in notification mails: plain text, at most 500 characters and 6
 * lines, no links; "" removes it.
 */
export const notificationTextSchema = z
  .string()
  .transform((s) =>
    s
      .normalize("NFC")
      .replace(/\r\n?/gu, "\n")
      .split("\n")
      .map((line) => line.replace(/[^\S\n]+/gu, " ").trim())
      .join("\n")
      .replace(/\n{3,}/gu, "\n\n")
      .trim(),
  )
  .pipe(
    z
      .string()
      .max(MAX_NOTIFICATION_TEXT)
      .refine((s) => s.split("\n").length <= 6, "at most 6 lines")
      .refine((s) => !CONTROL_RE.test(s.replaceAll("\n", "")), "no control characters")
      .refine((s) => !looksLikeLink(s), "no web or e-mail addresses"),
  );
