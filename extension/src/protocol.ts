// The requests to the background script and the offscreen document, each with its zod schema
// (only extension code parses these: the content script sends them and imports their types only),
// the draft and diversions as session storage keeps them, and the table of every request parser.
// The answers, the requests to the webmail tab and the messenger are in `wire.ts`, without zod, so
// the content script does not bundle it.
import { OVERRIDE_NOTE_MAX, OVERRIDE_REASONS } from "@sigill/client/override-reasons";
import { z } from "zod";
import { NOT_ABOUT_PERSON_KINDS } from "./content/not-about-person.ts";
import { UNSCANNABLE_REASONS } from "./attachments/types.ts";
import {
  DRAFT_LIMITS,
  recipientCount,
  ProtocolError,
  SCAN_MAX_BYTES,
  TAB_REQUESTS,
  type MessageType,
  type Parser,
} from "./wire.ts";

const address = z.string().max(DRAFT_LIMITS.address);

/** A file in the webmail draft whose bytes the content script can hand over. */
export const carriedFileSchema = z.object({
  name: z.string().min(1).max(DRAFT_LIMITS.fileName),
  type: z.string().max(DRAFT_LIMITS.fileType),
  size: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40),
});

/** A draft diverted from the webmail to secure compose (kept in session storage until taken). */
export const draftSchema = z
  .object({
    to: z.array(address).max(DRAFT_LIMITS.recipients),
    cc: z.array(address).max(DRAFT_LIMITS.recipients),
    bcc: z.array(address).max(DRAFT_LIMITS.recipients),
    subject: z.string().max(DRAFT_LIMITS.subject),
    body: z.string().max(DRAFT_LIMITS.body),
    attachments: z.array(carriedFileSchema).max(DRAFT_LIMITS.files),
    /** Files in the webmail draft the extension could not read (attached before it was watching). */
    unreadable: z.array(z.string().max(DRAFT_LIMITS.unreadableName)).max(DRAFT_LIMITS.files),
    /** Names this draft when secure compose asks the webmail tab for its files. */
    source: z.uuid(),
    /** The kinds of sensitive data found (for the popup's list of diversions; never the text). */
    kinds: z.array(z.string().max(40)).max(20),
  })
  .refine((d) => recipientCount(d) <= DRAFT_LIMITS.recipients, "too many recipients");
export type Draft = z.infer<typeof draftSchema>;

/** One diversion as the popup lists it (kept in session storage: memory only, this browser session). */
export const diversionSchema = z.object({
  at: z.number(),
  kinds: z.array(z.string().max(40)).max(20),
  host: z.string().max(253),
});
export type Diversion = z.infer<typeof diversionSchema>;
export const DIVERSIONS_KEY = "diversions";

export const divertSchema = z.object({ type: z.literal("sigill:divert"), draft: draftSchema });

/** Sending flagged mail as ordinary e-mail: the kinds, a fixed reason and, for "other", a short note (never the text). */
export const overrideSchema = z.object({
  type: z.literal("sigill:override"),
  kinds: z.array(z.string().max(40)).min(1).max(20),
  reason: z.enum(OVERRIDE_REASONS),
  note: z.string().max(OVERRIDE_NOTE_MAX),
});

/** Asks what policy lets staff send as ordinary e-mail once a send was stopped (the answer: `OverrideAllowedAnswer`). */
export const overrideAllowedSchema = z.object({ type: z.literal("sigill:override-allowed") });

/**
 * The writer attests that mail flagged only by category words is not about an individual person:
 * the distinct categories only (never the text); identifier kinds cannot even be asked for.
 */
export const notAboutPersonSchema = z.object({
  type: z.literal("sigill:not-about-person"),
  kinds: z.array(z.enum(NOT_ABOUT_PERSON_KINDS)).min(1).max(NOT_ABOUT_PERSON_KINDS.length),
});

/**
 * The generic guard had to guard a compose window on a webmail page (its layout was not
 * recognised) while it held sensitive data: the kinds only; the background script adds the
 * page's host name from the sender, never from the message.
 */
export const unrecognisedSchema = z.object({
  type: z.literal("sigill:unrecognised"),
  kinds: z.array(z.string().max(40)).min(1).max(20),
});

/**
 * A draft holding attachments the extension could not scan was let through to the webmail's Send
 * (policy lets such files go): why they could not be scanned and how many, never their names; the
 * background script adds the page's host name from the sender.
 */
export const uncheckedSentSchema = z.object({
  type: z.literal("sigill:unchecked-sent"),
  reasons: z.array(z.enum(UNSCANNABLE_REASONS)).min(1).max(UNSCANNABLE_REASONS.length),
  files: z.number().int().min(1).max(DRAFT_LIMITS.files),
});

/** Asks whether the generic adapter may guard this page (its host name against policy), and how unscannable attachments count. */
export const siteCheckSchema = z.object({ type: z.literal("sigill:site-check"), host: z.string().max(253) });

/**
 * Whether the generic adapter may run on `host`: it is listed, or matches a "*.domain" entry
 * (which covers the domain's subdomains, not the domain itself).
 */
export function hostAllowed(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return domains.some((d) => {
    const entry = d.toLowerCase();
    return entry.startsWith("*.") ? h.endsWith(entry.slice(1)) && h.length > entry.length - 1 : h === entry;
  });
}

/** A page or content script asks the background script to scan a file (in the offscreen document). */
export const scanRequestSchema = z.object({
  type: z.literal("sigill:scan-attachment"),
  name: z.string().min(1).max(255),
  bytes: z.string().max(Math.ceil((SCAN_MAX_BYTES * 4) / 3) + 4),
});

/** The background script hands the file to the offscreen document. */
export const scanRunSchema = z.object({
  type: z.literal("sigill:scan-run"),
  name: z.string().min(1).max(255),
  bytes: z.string(),
  /** The organisation's detection settings, when a policy is known. */
  detection: z
    .object({
      disabledKinds: z.array(z.string().max(40)).max(50),
      extraKeywords: z.array(z.string().max(61)).max(100),
    })
    .optional(),
});

/** A zod schema as a {@link Parser}: the parsed value, or a ProtocolError naming the message. */
function parserOf<T>(schema: z.ZodType<T>, type: MessageType): Parser<T> {
  return (input) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw new ProtocolError(type);
    return parsed.data;
  };
}

/**
 * Every request's parser, by message type: zod schemas for what goes to the background script and
 * the offscreen document, the hand-written parsers of `wire.ts` for what goes to the webmail tab.
 * The background script and the offscreen document listen with this table.
 */
export const REQUESTS = {
  "sigill:divert": parserOf(divertSchema, "sigill:divert"),
  "sigill:site-check": parserOf(siteCheckSchema, "sigill:site-check"),
  "sigill:scan-attachment": parserOf(scanRequestSchema, "sigill:scan-attachment"),
  "sigill:scan-run": parserOf(scanRunSchema, "sigill:scan-run"),
  "sigill:override-allowed": parserOf(overrideAllowedSchema, "sigill:override-allowed"),
  "sigill:override": parserOf(overrideSchema, "sigill:override"),
  "sigill:not-about-person": parserOf(notAboutPersonSchema, "sigill:not-about-person"),
  "sigill:unrecognised": parserOf(unrecognisedSchema, "sigill:unrecognised"),
  "sigill:unchecked-sent": parserOf(uncheckedSentSchema, "sigill:unchecked-sent"),
  ...TAB_REQUESTS,
} as const;
export type Requests = typeof REQUESTS;
