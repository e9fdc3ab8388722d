import { z } from "zod";
import {
  checkLength,
  ByteReader,
  concatBytes,
  equalBytes,
  fromBase64Url,
  fromUtf8,
  toBase64Url,
  u16,
  u32,
  u64,
  utf8,
  type Id16,
  type MessageKey,
  type SignPublicKey,
} from "./bytes.ts";
import { CryptoError, decryptFailed } from "./errors.ts";
import type { Identity } from "./identity.ts";
import { createLabelledHasher, deriveKey, domainInput, LABELS, labelledHash } from "./kdf.ts";
import { loadSodium } from "./sodium.ts";

/** Attachment facts the sender signs; the server sees them too (sizes are not secret). */
export interface AttachmentDescriptor {
  readonly attachmentId: Id16;
  /** Plaintext size in bytes. */
  readonly size: number;
  /** Plaintext bytes per secretstream chunk (a power of two, 1 KiB to 4 MiB). */
  readonly chunkSize: number;
  /** BLAKE2b-256 over the whole attachment ciphertext (see attachment.ts). */
  readonly ciphertextHash: Uint8Array;
}

/** The signed, unencrypted part of an envelope. */
export interface EnvelopeHeader {
  readonly messageId: Id16;
  readonly threadId: Id16;
  readonly senderSignPublicKey: SignPublicKey;
  /** Milliseconds since the Unix epoch. */
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Commits the envelope to exactly one message key (so every recipient reads the same text). */
  readonly keyCommitment: Uint8Array;
  readonly attachments: readonly AttachmentDescriptor[];
}

const addressSchema = z.string().min(3).max(254);
const contentSchema = z
  .object({
    v: z.literal(1),
    subject: z.string().max(998),
    text: z.string(),
    html: z.string().optional(),
    from: z.object({ name: z.string().max(256), address: addressSchema }).strict(),
    to: z.array(addressSchema).max(500),
    cc: z.array(addressSchema).max(500),
    attachments: z
      .array(
        z
          .object({
            id: z.string().length(22),
            name: z.string().min(1).max(1024),
            type: z.string().max(255),
          })
          .strict(),
      )
      .max(100),
    inReplyTo: z.string().length(22).optional(),
  })
  .strict();

/** What only the sender and recipients can read. */
export interface MessageContent {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** Names and types, in the same order as the header's descriptors. */
  readonly attachments: readonly { readonly name: string; readonly type: string }[];
  /** The message this one answers, if any. */
  readonly inReplyTo?: Id16;
}

export interface SealEnvelopeInput {
  readonly messageId: Id16;
  readonly threadId: Id16;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly content: MessageContent;
  readonly attachments: readonly AttachmentDescriptor[];
}

/** The structure of an envelope, readable without any key (the server uses this to validate). */
export interface ParsedEnvelope {
  readonly header: EnvelopeHeader;
  readonly headerHash: Uint8Array;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

export interface OpenedEnvelope {
  readonly header: EnvelopeHeader;
  readonly content: MessageContent;
}

const MAGIC = utf8("SGE");
const VERSION = 1;
const PREFIX = concatBytes(MAGIC, Uint8Array.of(VERSION));
export const MAX_ATTACHMENTS = 100;
/** Largest padded plaintext payload (subject, text, HTML, names): 8 MiB. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
const PAD_TO = 1024;
const NONCE = 24;
const TAG = 16;
const HEADER_FIXED = 16 + 16 + 32 + 8 + 8 + 32 + 2;
const HEADER_PER_ATTACHMENT = 16 + 8 + 4 + 32;

function checkChunkSize(chunkSize: number, code: "INVALID_INPUT" | "MALFORMED"): void {
  const ok = Number.isInteger(chunkSize) && chunkSize >= 1024 && chunkSize <= 4 * 1024 * 1024;
  if (!ok || (chunkSize & (chunkSize - 1)) !== 0)
    throw new CryptoError(code, "chunk size must be a power of two, 1 KiB-4 MiB");
}

/** Checked on both sides so that a sender cannot sign what a recipient would refuse. */
export function checkAttachmentDescriptor(d: AttachmentDescriptor, code: "INVALID_INPUT" | "MALFORMED"): void {
  if (d.attachmentId.length !== 16 || d.ciphertextHash.length !== 32)
    throw new CryptoError(code, "bad attachment descriptor");
  if (!Number.isSafeInteger(d.size) || d.size < 0) throw new CryptoError(code, "bad attachment size");
  checkChunkSize(d.chunkSize, code);
}

function encodeHeader(h: EnvelopeHeader): Uint8Array {
  return concatBytes(
    h.messageId,
    h.threadId,
    h.senderSignPublicKey,
    u64(h.createdAt),
    u64(h.expiresAt),
    h.keyCommitment,
    u16(h.attachments.length),
    ...h.attachments.flatMap((a) => [a.attachmentId, u64(a.size), u32(a.chunkSize), a.ciphertextHash]),
  );
}

function parseHeader(bytes: Uint8Array): EnvelopeHeader {
  const r = new ByteReader(bytes);
  const messageId = r.take(16) as Id16;
  const threadId = r.take(16) as Id16;
  const senderSignPublicKey = r.take(32) as SignPublicKey;
  const createdAt = r.u64();
  const expiresAt = r.u64();
  const keyCommitment = r.take(32);
  const count = r.u16();
  if (count > MAX_ATTACHMENTS) throw new CryptoError("MALFORMED", "too many attachments");
  const attachments: AttachmentDescriptor[] = [];
  for (let i = 0; i < count; i++) {
    const d = { attachmentId: r.take(16) as Id16, size: r.u64(), chunkSize: r.u32(), ciphertextHash: r.take(32) };
    checkAttachmentDescriptor(d, "MALFORMED");
    attachments.push(d);
  }
  r.end();
  if (expiresAt <= createdAt) throw new CryptoError("MALFORMED", "expiry before creation");
  return { messageId, threadId, senderSignPublicKey, createdAt, expiresAt, keyCommitment, attachments };
}

function keyCommitment(messageKey: MessageKey, messageId: Id16): Uint8Array {
  return deriveKey(messageKey, LABELS.keyCommitment, messageId);
}

function hashPayload(payload: Uint8Array): Uint8Array {
  const hasher = createLabelledHasher(LABELS.payloadHash);
  hasher.update(payload);
  return hasher.digest();
}

function signatureInput(headerHash: Uint8Array, payload: Uint8Array): Uint8Array {
  return domainInput(LABELS.envelopeSignature, [headerHash, hashPayload(payload)]);
}

function pad(json: Uint8Array): Uint8Array {
  const length = Math.ceil((4 + json.length) / PAD_TO) * PAD_TO;
  if (length > MAX_PAYLOAD_BYTES) throw new CryptoError("TOO_LARGE", "message text is larger than 8 MiB");
  const out = new Uint8Array(length);
  out.set(u32(json.length));
  out.set(json, 4);
  return out;
}

function unpad(padded: Uint8Array): Uint8Array {
  const r = new ByteReader(padded);
  const length = r.u32();
  const json = r.take(length);
  if (!padded.subarray(4 + length).every((b) => b === 0)) throw new CryptoError("MALFORMED", "bad padding");
  return json;
}

function encodeContent(content: MessageContent, attachments: readonly AttachmentDescriptor[]): Uint8Array {
  if (content.attachments.length !== attachments.length) {
    throw new CryptoError("INVALID_INPUT", "one name per attachment descriptor");
  }
  const json = {
    v: 1,
    subject: content.subject,
    text: content.text,
    ...(content.html !== undefined && { html: content.html }),
    from: { name: content.from.name, address: content.from.address },
    to: [...content.to],
    cc: [...content.cc],
    attachments: content.attachments.map((a, i) => ({
      id: toBase64Url(attachments[i]?.attachmentId ?? new Uint8Array()),
      name: a.name,
      type: a.type,
    })),
    ...(content.inReplyTo !== undefined && { inReplyTo: toBase64Url(content.inReplyTo) }),
  };
  const checked = contentSchema.safeParse(json);
  if (!checked.success)
    throw new CryptoError("INVALID_INPUT", `message content: ${checked.error.issues[0]?.message ?? "invalid"}`);
  return utf8(JSON.stringify(json));
}

function decodeContent(bytes: Uint8Array, header: EnvelopeHeader): MessageContent {
  let raw: unknown;
  try {
    raw = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new CryptoError("MALFORMED", "message content is not JSON", { cause });
  }
  const parsed = contentSchema.safeParse(raw);
  if (!parsed.success) throw new CryptoError("MALFORMED", "message content does not match v1");
  const c = parsed.data;
  const ids = c.attachments.map((a) => a.id);
  const headerIds = header.attachments.map((a) => toBase64Url(a.attachmentId));
  if (ids.length !== headerIds.length || ids.some((id, i) => id !== headerIds[i])) {
    throw new CryptoError("MALFORMED", "attachment names do not match the header");
  }
  return {
    subject: c.subject,
    text: c.text,
    ...(c.html !== undefined && { html: c.html }),
    from: c.from,
    to: c.to,
    cc: c.cc,
    attachments: c.attachments.map(({ name, type }) => ({ name, type })),
    ...(c.inReplyTo !== undefined && { inReplyTo: fromBase64Url(c.inReplyTo) as Id16 }),
  };
}

/**
 * Encrypts and signs a message body.
 *
 * Layout: `"SGE" 0x01 | u32 headerLength | header | u32 payloadLength | nonce(24) ciphertext |
 * Ed25519 signature(64)`. The payload is XChaCha20-Poly1305 under a key derived from
 * `messageKey`, with the header hash as associated data.
 * @throws CryptoError `INVALID_INPUT` for bad ids, times, descriptors or content;
 *   `TOO_LARGE` when the padded content exceeds {@link MAX_PAYLOAD_BYTES}.
 */
export async function sealEnvelope(
  input: SealEnvelopeInput,
  messageKey: MessageKey,
  sender: Identity,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  checkLength(messageKey, 32, "message key");
  checkLength(input.messageId, 16, "message id");
  checkLength(input.threadId, 16, "thread id");
  if (input.content.inReplyTo !== undefined) checkLength(input.content.inReplyTo, 16, "in-reply-to id");
  if (input.attachments.length > MAX_ATTACHMENTS) throw new CryptoError("TOO_LARGE", "too many attachments");
  for (const d of input.attachments) checkAttachmentDescriptor(d, "INVALID_INPUT");
  if (!Number.isSafeInteger(input.createdAt) || input.createdAt < 0 || !(input.expiresAt > input.createdAt)) {
    throw new CryptoError("INVALID_INPUT", "expiry must come after creation");
  }
  const header: EnvelopeHeader = {
    messageId: input.messageId,
    threadId: input.threadId,
    senderSignPublicKey: sender.signPublicKey,
    createdAt: input.createdAt,
    expiresAt: input.expiresAt,
    keyCommitment: keyCommitment(messageKey, input.messageId),
    attachments: input.attachments,
  };
  const headerBytes = encodeHeader(header);
  const headerHash = labelledHash(LABELS.headerHash, [PREFIX, headerBytes]);
  const plaintext = pad(encodeContent(input.content, input.attachments));
  const nonce = sodium.randombytes_buf(NONCE);
  const bodyKey = deriveKey(messageKey, LABELS.bodyKey, input.messageId);
  const payload = concatBytes(
    nonce,
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, headerHash, null, nonce, bodyKey),
  );
  sodium.memzero(plaintext);
  sodium.memzero(bodyKey);
  const signature = sodium.crypto_sign_detached(signatureInput(headerHash, payload), sender.signSecretKey);
  return concatBytes(PREFIX, u32(headerBytes.length), headerBytes, u32(payload.length), payload, signature);
}

/**
 * Reads an envelope's structure without any key: for servers (to check what a client uploads)
 * and as the first step of {@link openEnvelope}. Does not check the signature.
 * @throws CryptoError `MALFORMED` / `UNSUPPORTED_VERSION` / `TOO_LARGE` for anything but a v1 envelope.
 */
export async function parseEnvelope(bytes: Uint8Array): Promise<ParsedEnvelope> {
  await loadSodium();
  const r = new ByteReader(bytes);
  r.magic(MAGIC, VERSION, "envelope");
  const headerLength = r.u32();
  if (headerLength > HEADER_FIXED + MAX_ATTACHMENTS * HEADER_PER_ATTACHMENT)
    throw new CryptoError("MALFORMED", "header too long");
  const headerBytes = r.take(headerLength);
  const header = parseHeader(headerBytes);
  const payloadLength = r.u32();
  if (payloadLength > NONCE + MAX_PAYLOAD_BYTES + TAG) throw new CryptoError("TOO_LARGE", "payload too long");
  if (payloadLength < NONCE + PAD_TO + TAG || (payloadLength - NONCE - TAG) % PAD_TO !== 0) {
    throw new CryptoError("MALFORMED", "payload length is not a padded size");
  }
  const payload = r.take(payloadLength);
  const signature = r.take(64);
  r.end();
  const headerHash = labelledHash(LABELS.headerHash, [PREFIX, headerBytes]);
  return { header, headerHash, payload, signature };
}

/**
 * Checks that `envelope` is signed by `senderSignPublicKey` (which the caller takes from the key
 * directory or its pins, never from the envelope).
 * @throws CryptoError `DECRYPT_FAILED` when the sender key differs or the signature is invalid.
 */
export async function verifyEnvelope(envelope: ParsedEnvelope, senderSignPublicKey: SignPublicKey): Promise<void> {
  const sodium = await loadSodium();
  if (!equalBytes(envelope.header.senderSignPublicKey, senderSignPublicKey)) throw decryptFailed();
  const message = signatureInput(envelope.headerHash, envelope.payload);
  if (!sodium.crypto_sign_verify_detached(envelope.signature, message, senderSignPublicKey)) throw decryptFailed();
}

/**
 * Parses, verifies and decrypts an envelope.
 * @param senderSignPublicKey the sender's signing key from the directory (or a pin).
 * @throws CryptoError `DECRYPT_FAILED` for a wrong sender, bad signature, a key that does not
 *   match the key commitment, or any change to header or payload; `MALFORMED` /
 *   `UNSUPPORTED_VERSION` for bytes that are not a v1 envelope or content that does not match it.
 */
export async function openEnvelope(
  bytes: Uint8Array,
  messageKey: MessageKey,
  senderSignPublicKey: SignPublicKey,
): Promise<OpenedEnvelope> {
  const sodium = await loadSodium();
  checkLength(messageKey, 32, "message key");
  const envelope = await parseEnvelope(bytes);
  await verifyEnvelope(envelope, senderSignPublicKey);
  const { header } = envelope;
  if (!equalBytes(keyCommitment(messageKey, header.messageId), header.keyCommitment)) throw decryptFailed();
  const bodyKey = deriveKey(messageKey, LABELS.bodyKey, header.messageId);
  let plaintext: Uint8Array;
  try {
    plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      envelope.payload.subarray(NONCE),
      envelope.headerHash,
      envelope.payload.subarray(0, NONCE),
      bodyKey,
    );
  } catch {
    throw decryptFailed();
  } finally {
    sodium.memzero(bodyKey);
  }
  return { header, content: decodeContent(unpad(plaintext), header) };
}
