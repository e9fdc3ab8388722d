// The messages between the content script, the background script and the extension pages, each
// with its schema: every message is parsed where it arrives. Runtime messages are JSON, so bytes
// travel as base64.
import { z } from "zod";
import { UNSCANNABLE_REASONS } from "./attachments/types.ts";
import { LEVELS } from "./detection/index.ts";

const address = z.string().max(254);

/** A file in the webmail draft whose bytes the content script can hand over. */
export const carriedFileSchema = z.object({
  name: z.string().min(1).max(255),
  type: z.string().max(255),
  size: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40),
});

/** A draft diverted from the webmail to secure compose (kept in session storage until taken). */
export const draftSchema = z.object({
  to: z.array(address).max(200),
  cc: z.array(address).max(200),
  bcc: z.array(address).max(200),
  subject: z.string().max(998),
  body: z.string().max(8_000_000),
  attachments: z.array(carriedFileSchema).max(100),
  /** Files in the webmail draft the extension could not read (attached before it was watching). */
  unreadable: z.array(z.string().max(300)).max(100),
  /** Names this draft when secure compose asks the webmail tab for its files. */
  source: z.uuid(),
  /** The kinds of sensitive data found (for the popup's list of diversions; never the text). */
  kinds: z.array(z.string().max(40)).max(20),
});
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

export const overrideSchema = z.object({
  type: z.literal("sigill:override"),
  kinds: z.array(z.string().max(40)).min(1).max(20),
  reason: z.string().max(300),
});

/** Asks whether the generic adapter may guard this page (its host name against policy), and how unscannable attachments count. */
export const siteCheckSchema = z.object({ type: z.literal("sigill:site-check"), host: z.string().max(253) });

/**
 * The answer to a site check: the generic adapter, unscannable attachments, and the organisation's
 * detection settings (absent when no policy is known: everything stays on).
 */
export const siteAnswerSchema = z.object({
  generic: z.boolean(),
  unscannableSensitive: z.boolean().default(true),
  detection: z
    .object({
      disabledKinds: z.array(z.string().max(40)).max(50),
      extraKeywords: z.array(z.string().max(61)).max(100),
    })
    .optional(),
});
export type SiteAnswer = z.infer<typeof siteAnswerSchema>;

/** Largest piece of a file one message carries (base64 makes it a third larger). */
export const ATTACHMENT_PIECE_BYTES = 4 * 1024 * 1024;

export const readAttachmentSchema = z.object({
  type: z.literal("sigill:read-attachment"),
  source: z.uuid(),
  index: z.number().int().min(0).max(99),
  offset: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40),
  length: z.number().int().min(1).max(ATTACHMENT_PIECE_BYTES),
});

export const readAttachmentAnswerSchema = z.object({ bytes: z.string().nullable() });

export const deliverSchema = z.object({
  type: z.literal("sigill:deliver"),
  subject: z.string().max(998),
  text: z.string().max(100_000),
});

export const deliverAnswerSchema = z.object({ sent: z.boolean(), attachments: z.number().int().min(0) });

/** Bytes to base64 (standard alphabet), in slices so large pieces do not overflow the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, bytes.length)));
  return btoa(binary);
}

/** @throws DOMException (InvalidCharacterError) when `text` is not base64. */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

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

/** Largest attachment sent for scanning (the scanner's own limit; bigger files are "too-large" unread). */
export const SCAN_MAX_BYTES = 25 * 1024 * 1024;

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

const explanationSchema = z.object({ sv: z.string(), en: z.string() });
const findingSchema = z.object({
  type: z.string(),
  category: z.string(),
  start: z.number(),
  end: z.number(),
  level: z.enum(LEVELS),
  explanation: explanationSchema,
});
const locationSchema = z.object({
  page: z.number().optional(),
  slide: z.number().optional(),
  sheet: z.string().optional(),
  cell: z.string().optional(),
  part: z.enum(["name", "body", "header"]).optional(),
});

/** A scan as it comes back (checked, since it crosses from another context). */
export const attachmentScanSchema = z.object({
  status: z.enum(["scanned", "unscannable"]),
  name: z.string(),
  reason: z.enum(UNSCANNABLE_REASONS).optional(),
  result: z.object({ sensitive: z.boolean(), findings: z.array(findingSchema) }),
  locations: z.array(locationSchema),
});
export type AttachmentScan = z.infer<typeof attachmentScanSchema>;
