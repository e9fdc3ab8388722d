// The half of the message protocol that the webmail tab's content script runs, without zod: the
// messenger (`ask`, `listen`), every answer, and the requests made to the webmail tab, each parsed
// by a strict hand-written parser (the detection package's style). The content script must stay
// under 120 KiB gzipped and zod alone was about 23 KiB of it. The requests to the background
// script and the offscreen document, which only extension code parses, keep their zod schemas in
// `protocol.ts`; each message shape is defined once, in one of the two files. Runtime messages are
// JSON, so bytes travel as base64.
import { MAX_RECIPIENTS } from "@sigill/client/limits";
import { LEVELS, type Level } from "@sigill/detection";
import { UNSCANNABLE_REASONS, type ScanLocation, type UnscannableReason } from "./attachments/types.ts";
// Types only (erased from the build): the request parsers of the other half, so that `ask` and
// `listen` are typed by the one table of every message.
import type { Requests } from "./protocol.ts";

/** A message or answer that is missing or not of its shape (the other side failed, or is not there). */
export class ProtocolError extends Error {
  /** The message type, or the field that was wrong (a path, never a value). */
  readonly where: string;
  constructor(where: string, options?: { cause?: unknown }) {
    super(`malformed or missing message: ${where}`, options);
    this.name = "ProtocolError";
    this.where = where;
  }
}

/**
 * Reads an untrusted value as one message shape: a fresh value holding only the known fields
 * (unknown ones are dropped, as zod's objects do).
 * @throws ProtocolError on any missing field, wrong type or value out of bounds.
 */
export type Parser<T> = (input: unknown) => T;

// --- The checks the parsers are made of (each throws ProtocolError naming the field). ---

function fail(path: string): never {
  throw new ProtocolError(path);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path);
  return value as Record<string, unknown>;
}

function text(value: unknown, path: string, max = Infinity, min = 0): string {
  if (typeof value !== "string" || value.length < min || value.length > max) fail(path);
  return value;
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path);
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(path);
  return value;
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) fail(path);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) fail(path);
  return value as T;
}

function list<T>(value: unknown, path: string, max: number, item: (v: unknown, path: string) => T): T[] {
  if (!Array.isArray(value) || value.length > max) fail(path);
  // Every index, holes too (map() skips them; a structured clone keeps them): a hole is refused.
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) out.push(item((value as unknown[])[i], `${path}[${String(i)}]`));
  return out;
}

function literal<T extends string>(value: unknown, expected: T, path: string): T {
  if (value !== expected) fail(path);
  return expected;
}

/** Any RFC 9562 UUID (what crypto.randomUUID gives), as zod's `z.uuid()` reads it. */
const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

function uuid(value: unknown, path: string): string {
  if (typeof value !== "string" || !UUID.test(value)) fail(path);
  return value;
}

// --- Limits both sides share. ---

/** Largest attachment sent for scanning (the scanner's own limit; bigger files are "too-large" unread). */
export const SCAN_MAX_BYTES = 25 * 1024 * 1024;
/** Largest piece of a file one message carries (base64 makes it a third larger). */
export const ATTACHMENT_PIECE_BYTES = 4 * 1024 * 1024;
const FILE_MAX_BYTES = 2 ** 40;
/** Most files a diverted draft carries (its `attachments`, indexed from 0). */
export const DRAFT_FILES_MAX = 100;

/**
 * What a diverted draft may hold: the background's schema (`draftSchema` in protocol.ts) refuses
 * more, and the content script checks first ({@link draftOverLimit}), so that the person is told
 * what is too large rather than that something failed.
 */
export const DRAFT_LIMITS = {
  /** Recipients in To, Cc and Bcc together, each address once (`MAX_RECIPIENTS`: the server's limit). */
  recipients: MAX_RECIPIENTS,
  /** The longest e-mail address there can be (RFC 5321). */
  address: 254,
  /** The longest subject line (RFC 5322). */
  subject: 998,
  body: 8_000_000,
  /** Files carried, and files named as not readable: each list. */
  files: DRAFT_FILES_MAX,
  fileName: 255,
  fileType: 255,
  unreadableName: 300,
} as const;

/** Which limit a draft is over, as the banner names it. */
export type DraftOverLimit =
  "too-many-recipients" | "too-long-address" | "too-long-subject" | "too-long-body" | "too-many-files";

/**
 * The first limit of {@link DRAFT_LIMITS} the draft is over, or null. File names and types are not
 * checked: the draft carries them shortened ({@link shortenName}).
 */
export function draftOverLimit(draft: {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly attachments: readonly unknown[];
  readonly unreadable: readonly unknown[];
}): DraftOverLimit | null {
  const lists = [draft.to, draft.cc, draft.bcc];
  if (recipientCount(draft) > DRAFT_LIMITS.recipients) return "too-many-recipients";
  if (lists.some((list) => list.some((a) => a.length > DRAFT_LIMITS.address))) return "too-long-address";
  if (draft.subject.length > DRAFT_LIMITS.subject) return "too-long-subject";
  if (draft.body.length > DRAFT_LIMITS.body) return "too-long-body";
  if (draft.attachments.length > DRAFT_LIMITS.files || draft.unreadable.length > DRAFT_LIMITS.files)
    return "too-many-files";
  return null;
}

/** The draft's recipients, To, Cc and Bcc together, each address once (as secure send counts them). */
export function recipientCount(draft: {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
}): number {
  return new Set([...draft.to, ...draft.cc, ...draft.bcc]).size;
}

/**
 * `name` in at most `max` characters (UTF-16 units, as the schema counts): the end cut from the
 * part before the extension (".pdf" and the like, up to 10 characters), marked with "…"; a name
 * that fits is returned as it is.
 */
export function shortenName(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf(".");
  // The extension is kept only where it leaves room for at least one character of the name.
  const extension = dot > 0 && name.length - dot <= 10 && name.length - dot < max - 1 ? name.slice(dot) : "";
  let stem = name.slice(0, Math.max(0, max - extension.length - 1));
  // Never half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(stem)) stem = stem.slice(0, -1);
  return `${stem}…${extension}`;
}

// --- The answers (parsed by whoever asked). ---

/** Done or not (divert, override, not about a person, unrecognised compose, unchecked files sent). */
export interface Ok {
  ok: boolean;
}

const parseOk: Parser<Ok> = (input) => ({ ok: bool(record(input, "ok").ok, "ok.ok") });

/** The organisation's detection settings as the site check hands them over. */
export interface DetectionSettings {
  disabledKinds: string[];
  extraKeywords: string[];
}

function detectionSettings(value: unknown, path: string): DetectionSettings {
  const o = record(value, path);
  return {
    disabledKinds: list(o.disabledKinds, `${path}.disabledKinds`, 50, (v, p) => text(v, p, 40)),
    extraKeywords: list(o.extraKeywords, `${path}.extraKeywords`, 100, (v, p) => text(v, p, 61)),
  };
}

/**
 * The answer to a site check: the generic adapter, unscannable attachments (counted as sensitive
 * unless said otherwise), and the organisation's detection settings (absent when no policy is
 * known: everything stays on).
 */
export interface SiteAnswer {
  generic: boolean;
  unscannableSensitive: boolean;
  detection?: DetectionSettings;
}

const parseSiteAnswer: Parser<SiteAnswer> = (input) => {
  const o = record(input, "site");
  return {
    generic: bool(o.generic, "site.generic"),
    unscannableSensitive: o.unscannableSensitive === undefined || bool(o.unscannableSensitive, "site.unscannable"),
    ...(o.detection !== undefined && { detection: detectionSettings(o.detection, "site.detection") }),
  };
};

/**
 * What policy lets staff send as ordinary e-mail once a send was stopped (asked fresh every time):
 * flagged mail with a reason (`allowed`), and mail flagged only by category words that the writer
 * attests is not about an individual person (`notAboutPerson`; an older background that does not
 * say: not allowed).
 */
export interface OverrideAllowedAnswer {
  allowed: boolean;
  notAboutPerson: boolean;
}

const parseOverrideAllowedAnswer: Parser<OverrideAllowedAnswer> = (input) => {
  const o = record(input, "allowed");
  return {
    allowed: bool(o.allowed, "allowed.allowed"),
    notAboutPerson: o.notAboutPerson !== undefined && bool(o.notAboutPerson, "allowed.notAboutPerson"),
  };
};

/** A finding as it crosses from another context (type and category as plain names). */
export interface WireFinding {
  type: string;
  category: string;
  start: number;
  end: number;
  level: Level;
  explanation: { sv: string; en: string };
}

/** A scan as it comes back from the background script or the offscreen document. */
export interface AttachmentScan {
  status: "scanned" | "unscannable";
  name: string;
  reason?: UnscannableReason;
  result: { sensitive: boolean; findings: WireFinding[] };
  locations: ScanLocation[];
}

function finding(value: unknown, path: string): WireFinding {
  const f = record(value, path);
  const explanation = record(f.explanation, `${path}.explanation`);
  return {
    type: text(f.type, `${path}.type`),
    category: text(f.category, `${path}.category`),
    start: finite(f.start, `${path}.start`),
    end: finite(f.end, `${path}.end`),
    level: oneOf(f.level, LEVELS, `${path}.level`),
    explanation: {
      sv: text(explanation.sv, `${path}.explanation.sv`),
      en: text(explanation.en, `${path}.explanation.en`),
    },
  };
}

const PARTS = ["name", "body", "header"] as const;

function location(value: unknown, path: string): ScanLocation {
  const l = record(value, path);
  return {
    ...(l.page !== undefined && { page: finite(l.page, `${path}.page`) }),
    ...(l.slide !== undefined && { slide: finite(l.slide, `${path}.slide`) }),
    ...(l.sheet !== undefined && { sheet: text(l.sheet, `${path}.sheet`) }),
    ...(l.cell !== undefined && { cell: text(l.cell, `${path}.cell`) }),
    ...(l.part !== undefined && { part: oneOf(l.part, PARTS, `${path}.part`) }),
  };
}

const parseAttachmentScan: Parser<AttachmentScan> = (input) => {
  const o = record(input, "scan");
  const result = record(o.result, "scan.result");
  return {
    status: oneOf(o.status, ["scanned", "unscannable"] as const, "scan.status"),
    name: text(o.name, "scan.name"),
    ...(o.reason !== undefined && { reason: oneOf(o.reason, UNSCANNABLE_REASONS, "scan.reason") }),
    result: {
      sensitive: bool(result.sensitive, "scan.result.sensitive"),
      findings: list(result.findings, "scan.result.findings", Infinity, finding),
    },
    locations: list(o.locations, "scan.locations", Infinity, location),
  };
};

/** Whether the webmail sent the notification, and how many files were still in its draft. */
export interface DeliverAnswer {
  sent: boolean;
  attachments: number;
}

const parseDeliverAnswer: Parser<DeliverAnswer> = (input) => {
  const o = record(input, "delivered");
  return {
    sent: bool(o.sent, "delivered.sent"),
    attachments: integer(o.attachments, "delivered.attachments", 0, Number.MAX_SAFE_INTEGER),
  };
};

/** A piece of a diverted draft's file as base64, or null (no such file). */
export interface ReadAttachmentAnswer {
  bytes: string | null;
}

const parseReadAttachmentAnswer: Parser<ReadAttachmentAnswer> = (input) => {
  const o = record(input, "piece");
  return { bytes: o.bytes === null ? null : text(o.bytes, "piece.bytes") };
};

/**
 * Only a blob: URL of a web page (an object URL holds bytes already in the browser; it cannot name
 * a server), checked again where it is fetched.
 */
const SHARED_URL = /^blob:https?:\/\/[^\s/]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `url` is what a webmail tab may share a file by: a web page's object URL, nothing else. */
export function isSharedUrl(url: unknown): url is string {
  return typeof url === "string" && url.length <= 300 && SHARED_URL.test(url);
}

/** A whole file of a diverted draft, shared by the webmail tab as an object URL, or null. */
export interface ShareAttachmentAnswer {
  url: string | null;
}

const parseShareAttachmentAnswer: Parser<ShareAttachmentAnswer> = (input) => {
  const o = record(input, "shared");
  if (o.url !== null && !isSharedUrl(o.url)) fail("shared.url");
  return { url: o.url };
};

/**
 * The answer to every message. Both sides parse: the receiver the request ({@link listen}, with
 * the table in `protocol.ts` or {@link TAB_REQUESTS}), the sender the answer ({@link ask}).
 */
export const ANSWERS = {
  "sigill:divert": parseOk,
  "sigill:site-check": parseSiteAnswer,
  "sigill:scan-attachment": parseAttachmentScan,
  "sigill:scan-run": parseAttachmentScan,
  "sigill:override-allowed": parseOverrideAllowedAnswer,
  "sigill:override": parseOk,
  "sigill:not-about-person": parseOk,
  "sigill:unrecognised": parseOk,
  "sigill:unchecked-sent": parseOk,
  "sigill:deliver": parseDeliverAnswer,
  "sigill:read-attachment": parseReadAttachmentAnswer,
  "sigill:share-attachment": parseShareAttachmentAnswer,
} as const;

// --- The requests to the webmail tab (parsed by its content script). ---

/** Secure compose has sent the message: the webmail sends this content-free notification. */
export interface DeliverRequest {
  type: "sigill:deliver";
  /** The diverted draft's id: the notification goes from the compose window that draft came from. */
  source: string;
  subject: string;
  text: string;
}

/** Secure compose asks for a piece of a diverted draft's file (the fallback when sharing fails). */
export interface ReadAttachmentRequest {
  type: "sigill:read-attachment";
  source: string;
  index: number;
  offset: number;
  length: number;
}

/**
 * Secure compose asks the webmail tab to share a whole file of a diverted draft as a blob: URL,
 * which it fetches as a Blob without the bytes crossing a runtime message as text (10 MB: about
 * 40 ms against half a second as base64 pieces). Where that fails, the pieces still work.
 */
export interface ShareAttachmentRequest {
  type: "sigill:share-attachment";
  source: string;
  index: number;
}

/** Every request the webmail tab's content script answers. */
export const TAB_REQUESTS = {
  "sigill:deliver": (input): DeliverRequest => {
    const o = record(input, "deliver");
    return {
      type: literal(o.type, "sigill:deliver", "deliver.type"),
      source: uuid(o.source, "deliver.source"),
      subject: text(o.subject, "deliver.subject", 998),
      text: text(o.text, "deliver.text", 100_000),
    };
  },
  "sigill:read-attachment": (input): ReadAttachmentRequest => {
    const o = record(input, "read");
    return {
      type: literal(o.type, "sigill:read-attachment", "read.type"),
      source: uuid(o.source, "read.source"),
      index: integer(o.index, "read.index", 0, DRAFT_FILES_MAX - 1),
      offset: integer(o.offset, "read.offset", 0, FILE_MAX_BYTES),
      length: integer(o.length, "read.length", 1, ATTACHMENT_PIECE_BYTES),
    };
  },
  "sigill:share-attachment": (input): ShareAttachmentRequest => {
    const o = record(input, "share");
    return {
      type: literal(o.type, "sigill:share-attachment", "share.type"),
      source: uuid(o.source, "share.source"),
      index: integer(o.index, "share.index", 0, DRAFT_FILES_MAX - 1),
    };
  },
} as const satisfies Record<string, Parser<unknown>>;

// --- The messenger. ---

export type MessageType = keyof typeof ANSWERS;
export type Request<T extends MessageType> = ReturnType<Requests[T]>;
export type Answer<T extends MessageType> = ReturnType<(typeof ANSWERS)[T]>;

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
  try {
    return ANSWERS[request.type](answer) as Answer<T>;
  } catch (error) {
    throw new ProtocolError(request.type, { cause: error });
  }
}

/** What a listener is told about the sender (the part of browser.runtime.MessageSender we use). */
export interface Sender {
  readonly tab?: { readonly id?: number | undefined; readonly url?: string | undefined } | undefined;
  readonly url?: string | undefined;
  /** The sending document's origin (Chrome): an about:blank pop-out's is its opener's. */
  readonly origin?: string | undefined;
}

/** A handler may answer with a read-only value of the answer's shape (it is only serialised). */
type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** Request parsers by message type: `Requests` in `protocol.ts`, or {@link TAB_REQUESTS}. */
export type RequestParsers = { readonly [T in MessageType]?: Parser<Request<T>> };

export type Handlers<P extends RequestParsers> = {
  readonly [T in keyof P & MessageType]?: (request: Request<T>, sender: Sender) => Promise<DeepReadonly<Answer<T>>>;
};

/**
 * A browser.runtime.onMessage listener answering the message types in `handlers`, each request
 * parsed first with its parser in `requests` (a malformed one is not answered); the answer is sent
 * when the handler resolves. A handler that fails answers nothing, which the asking side reads as
 * a failure.
 */
export function listen<P extends RequestParsers>(
  requests: P,
  handlers: Handlers<P>,
): (message: unknown, sender: Sender, sendResponse: (answer: unknown) => void) => true | undefined {
  return (message, sender, sendResponse) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !Object.hasOwn(handlers, type) || !Object.hasOwn(requests, type)) return undefined;
    const handler = handlers[type as keyof Handlers<P>] as
      ((request: unknown, sender: Sender) => Promise<unknown>) | undefined;
    const parse = requests[type as MessageType] as Parser<unknown> | undefined;
    if (handler === undefined || parse === undefined) return undefined;
    let request: unknown;
    try {
      request = parse(message);
    } catch {
      return undefined;
    }
    handler(request, sender).then(sendResponse, () => {
      sendResponse(undefined);
    });
    return true; // the answer comes asynchronously
  };
}

// --- Bytes in runtime messages. ---

// The platform's own base64 where it has one (Chromium 140+, Firefox 133+): native code instead of
// a string built char by char, for the 4 MiB pieces a diverted draft's files travel in.
const nativeToBase64 = (Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string }).toBase64;
const nativeFromBase64 = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

/** Bytes to base64 (standard alphabet), in slices so large pieces do not overflow the call stack. */
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
