// The messages between the content script, the background script and the extension pages, each
// with its schema: every message is parsed where it arrives. Runtime messages are JSON, so bytes
// travel as base64.
import { OVERRIDE_NOTE_MAX, OVERRIDE_REASONS } from "@sigill/client/override-reasons";
import { z } from "zod";
import { UNSCANNABLE_REASONS } from "./attachments/types.ts";
import { LEVELS } from "@sigill/detection";
import { NOT_ABOUT_PERSON_KINDS } from "./content/not-about-person.ts";

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

/** Sending flagged mail as ordinary e-mail: the kinds, a fixed reason and, for "other", a short note (never the text). */
export const overrideSchema = z.object({
  type: z.literal("sigill:override"),
  kinds: z.array(z.string().max(40)).min(1).max(20),
  reason: z.enum(OVERRIDE_REASONS),
  note: z.string().max(OVERRIDE_NOTE_MAX),
});

/**
 * Asks what policy lets staff send as ordinary e-mail once a send was stopped (asked fresh every
 * time): flagged mail with a reason (`allowed`), and mail flagged only by category words that the
 * writer attests is not about an individual person (`notAboutPerson`).
 */
export const overrideAllowedSchema = z.object({ type: z.literal("sigill:override-allowed") });

export const overrideAllowedAnswerSchema = z.object({
  allowed: z.boolean(),
  notAboutPerson: z.boolean().default(false),
});

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

const okSchema = z.object({ ok: z.boolean() });

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

/**
 * Asks the webmail tab to share a whole file of a diverted draft as a blob: URL, which secure
 * compose fetches as a Blob without the bytes crossing a runtime message as text (10 MB: about
 * 40 ms against half a second as base64 pieces). Where that fails, the pieces above still work.
 */
export const shareAttachmentSchema = z.object({
  type: z.literal("sigill:share-attachment"),
  source: z.uuid(),
  index: z.number().int().min(0).max(99),
});

/**
 * Only a blob: URL of a web page (an object URL holds bytes already in the browser; it cannot name a
 * server), checked again where it is fetched.
 */
export const sharedUrlSchema = z
  .string()
  .max(300)
  .regex(/^blob:https?:\/\/[^\s/]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

export const shareAttachmentAnswerSchema = z.object({ url: sharedUrlSchema.nullable() });

export const deliverSchema = z.object({
  type: z.literal("sigill:deliver"),
  subject: z.string().max(998),
  text: z.string().max(100_000),
});

export const deliverAnswerSchema = z.object({ sent: z.boolean(), attachments: z.number().int().min(0) });

/** Bytes to base64 (standard alphabet), in slices so large pieces do not overflow the call stack. */
// The platform's own base64 where it has one (Chromium 140+, Firefox 133+): native code instead of
// a string built char by char, for the 4 MiB pieces a diverted draft's files travel in.
const nativeToBase64 = (Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string }).toBase64;
const nativeFromBase64 = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

export function bytesToBase64(bytes: Uint8Array): string {
  if (nativeToBase64 !== undefined) return nativeToBase64.call(bytes);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, bytes.length)));
  return btoa(binary);
}

/** @throws DOMException (InvalidCharacterError) or SyntaxError (native decoder) when `text` is not base64. */
export function base64ToBytes(text: string): Uint8Array {
  if (nativeFromBase64 !== undefined) return nativeFromBase64(text);
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

/**
 * Every runtime message: what is asked (with its `type`) and what comes back. Both sides parse:
 * the receiver the request ({@link listen}), the sender the answer ({@link ask}).
 */
export const MESSAGES = {
  "sigill:divert": { request: divertSchema, answer: okSchema },
  "sigill:site-check": { request: siteCheckSchema, answer: siteAnswerSchema },
  "sigill:scan-attachment": { request: scanRequestSchema, answer: attachmentScanSchema },
  "sigill:scan-run": { request: scanRunSchema, answer: attachmentScanSchema },
  "sigill:override-allowed": { request: overrideAllowedSchema, answer: overrideAllowedAnswerSchema },
  "sigill:override": { request: overrideSchema, answer: okSchema },
  "sigill:not-about-person": { request: notAboutPersonSchema, answer: okSchema },
  "sigill:unrecognised": { request: unrecognisedSchema, answer: okSchema },
  "sigill:deliver": { request: deliverSchema, answer: deliverAnswerSchema },
  "sigill:read-attachment": { request: readAttachmentSchema, answer: readAttachmentAnswerSchema },
  "sigill:share-attachment": { request: shareAttachmentSchema, answer: shareAttachmentAnswerSchema },
} as const;

export type MessageType = keyof typeof MESSAGES;
export type Request<T extends MessageType> = z.infer<(typeof MESSAGES)[T]["request"]>;
export type Answer<T extends MessageType> = z.infer<(typeof MESSAGES)[T]["answer"]>;

/** A malformed or missing answer (the other side failed, or is not there). */
export class ProtocolError extends Error {
  readonly messageType: MessageType;
  constructor(messageType: MessageType) {
    super(`no valid answer to ${messageType}`);
    this.name = "ProtocolError";
    this.messageType = messageType;
  }
}

/**
 * Sends `request` with `transport` (browser.runtime.sendMessage, or tabs.sendMessage bound to a
 * tab) and parses the answer.
 * @throws ProtocolError when the answer is missing or malformed; the transport's own error when sending fails.
 */
export async function ask<T extends MessageType>(
  transport: (message: unknown) => Promise<unknown>,
  request: Request<T> & { type: T },
): Promise<Answer<T>> {
  const answer: unknown = await transport(request);
  const parsed = MESSAGES[request.type].answer.safeParse(answer);
  if (!parsed.success) throw new ProtocolError(request.type);
  return parsed.data as Answer<T>;
}

/** What a listener is told about the sender (the part of browser.runtime.MessageSender we use). */
export interface Sender {
  readonly tab?: { readonly id?: number | undefined; readonly url?: string | undefined } | undefined;
  readonly url?: string | undefined;
}

/** A handler may answer with a read-only value of the answer's shape (it is only serialised). */
type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Handlers = {
  readonly [T in MessageType]?: (request: Request<T>, sender: Sender) => Promise<DeepReadonly<Answer<T>>>;
};

/**
 * A browser.runtime.onMessage listener answering the message types in `handlers`: the request is
 * parsed first (a malformed one is not answered), and the answer is sent when the handler
 * resolves. A handler that fails answers nothing, which the asking side reads as a failure.
 */
export function listen(
  handlers: Handlers,
): (message: unknown, sender: Sender, sendResponse: (answer: unknown) => void) => true | undefined {
  return (message, sender, sendResponse) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !(type in handlers)) return undefined;
    const kind = MESSAGES[type as MessageType];
    const handler = handlers[type as MessageType] as
      ((request: unknown, sender: Sender) => Promise<unknown>) | undefined;
    const parsed = kind.request.safeParse(message);
    if (handler === undefined || !parsed.success) return undefined;
    handler(parsed.data, sender).then(sendResponse, () => {
      sendResponse(undefined);
    });
    return true; // the answer comes asynchronously
  };
}
