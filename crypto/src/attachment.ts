import { checkLength, concatBytes, equalBytes, type Id16, type MessageKey } from "./bytes.ts";
import { checkAttachmentDescriptor, type AttachmentDescriptor } from "./envelope.ts";
import { CryptoError, decryptFailed } from "./errors.ts";
import { deriveKey, LABELS } from "./kdf.ts";
import { createSegmentHasher } from "./segment-hash.ts";
import { loadSodium, type Sodium } from "./sodium.ts";

/** Plaintext bytes per chunk unless the caller chooses otherwise. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
const HEADER_BYTES = 24; // crypto_secretstream_xchacha20poly1305_HEADERBYTES
const ABYTES = 17; // crypto_secretstream_xchacha20poly1305_ABYTES

/** Anything that yields bytes: an async or sync iterable, or a web `ReadableStream`. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>;

/** The ciphertext as it is produced, and the descriptor to sign once it is complete. */
export interface AttachmentEncryption extends AsyncIterable<Uint8Array> {
  /**
   * The signed facts about the finished ciphertext.
   * @throws CryptoError `INVALID_INPUT` if called before the iteration has finished.
   */
  descriptor(): AttachmentDescriptor;
}

export interface AttachmentKeyInput {
  readonly messageKey: MessageKey;
  readonly messageId: Id16;
  readonly attachmentId: Id16;
}

/**
 * Number of secretstream chunks for `size` plaintext bytes. Every chunk but the last is full;
 * the last (tagged FINAL) holds `size % chunkSize` bytes, so it is empty when the size is a
 * multiple of the chunk size (and for an empty file).
 */
export function attachmentChunkCount(size: number, chunkSize: number): number {
  return Math.floor(size / chunkSize) + 1;
}

/** Exact ciphertext length: the 24-byte stream header plus 17 bytes per chunk. */
export function attachmentCiphertextSize(size: number, chunkSize: number): number {
  return HEADER_BYTES + size + attachmentChunkCount(size, chunkSize) * ABYTES;
}

async function* iterate(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  }
}

/**
 * Regroups a byte source into pieces of exactly `sizes()` bytes (the last may be shorter when
 * the source ends). Holds at most one piece in memory; whole pieces inside a large input are
 * passed on without copying.
 */
export async function* regroup(source: ByteSource, nextSize: () => number): AsyncGenerator<Uint8Array> {
  let want = nextSize();
  let buffer: Uint8Array | undefined; // allocated only when a piece straddles two inputs
  let filled = 0;
  for await (const input of iterate(source)) {
    if (!(input instanceof Uint8Array)) throw new CryptoError("INVALID_INPUT", "a byte source must yield Uint8Arrays");
    let offset = 0;
    while (offset < input.length) {
      if (filled === 0 && input.length - offset >= want) {
        yield input.subarray(offset, offset + want);
        offset += want;
        want = nextSize();
        continue;
      }
      buffer ??= new Uint8Array(want);
      const n = Math.min(want - filled, input.length - offset);
      buffer.set(input.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === want) {
        yield buffer;
        buffer = undefined;
        filled = 0;
        want = nextSize();
      }
    }
  }
  if (buffer !== undefined && filled > 0) yield buffer.subarray(0, filled);
}

function attachmentState(sodium: Sodium, input: AttachmentKeyInput) {
  checkLength(input.messageKey, 32, "message key");
  checkLength(input.messageId, 16, "message id");
  checkLength(input.attachmentId, 16, "attachment id");
  return {
    key: deriveKey(input.messageKey, LABELS.attachmentKey, input.messageId, input.attachmentId),
    // Every chunk is bound to its message and attachment; order and the end are bound by secretstream.
    aad: concatBytes(input.messageId, input.attachmentId),
  };
}

/**
 * Encrypts an attachment as a stream: first the 24-byte secretstream header, then one
 * ciphertext piece per chunk (`chunkSize` + 17 bytes; the last one shorter and tagged FINAL).
 * Memory stays at a couple of chunks whatever the size. After iteration, {@link
 * AttachmentEncryption.descriptor} gives the size and ciphertext hash to sign in the envelope.
 * The iterable can be consumed once.
 */
export function encryptAttachment(
  source: ByteSource,
  input: AttachmentKeyInput & { readonly chunkSize?: number },
): AttachmentEncryption {
  const chunkSize = input.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let result: AttachmentDescriptor | undefined;
  let started = false;
  async function* run(): AsyncGenerator<Uint8Array> {
    const sodium = await loadSodium();
    checkAttachmentDescriptor(
      { attachmentId: input.attachmentId, size: 0, chunkSize, ciphertextHash: new Uint8Array(32) },
      "INVALID_INPUT",
    );
    const { key, aad } = attachmentState(sodium, input);
    const hasher = createSegmentHasher(LABELS.attachmentHash);
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    sodium.memzero(key);
    await hasher.add(header);
    yield header;
    const push = async (chunk: Uint8Array, final: boolean) => {
      const tag = final
        ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      const piece = sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, aad, tag);
      await hasher.add(piece);
      return piece;
    };
    let size = 0;
    let finished = false;
    for await (const chunk of regroup(source, () => chunkSize)) {
      size += chunk.length;
      // regroup yields a short piece only when the source has ended: that one is the last.
      finished = chunk.length < chunkSize;
      yield await push(chunk, finished);
    }
    if (!finished) yield await push(new Uint8Array(0), true);
    result = { attachmentId: input.attachmentId, size, chunkSize, ciphertextHash: await hasher.digest() };
  }
  return {
    [Symbol.asyncIterator]() {
      if (started) throw new CryptoError("INVALID_INPUT", "an attachment encryption can be read once");
      started = true;
      return run();
    },
    descriptor() {
      if (result === undefined)
        throw new CryptoError("INVALID_INPUT", "the attachment has not been fully encrypted yet");
      return result;
    },
  };
}

/**
 * Decrypts an attachment stream against its signed descriptor, yielding plaintext chunk by chunk.
 * Each chunk is authenticated before it is yielded; the whole-stream hash and the size are
 * checked at the end, so a consumer must discard what it wrote if iteration throws.
 * @throws CryptoError `DECRYPT_FAILED` for any flipped bit, truncation, missing FINAL chunk,
 *   reordered or swapped chunks, extra data, wrong key or a hash that differs from the descriptor;
 *   `MALFORMED` for a descriptor outside v1's limits.
 */
export async function* decryptAttachment(
  source: ByteSource,
  input: Omit<AttachmentKeyInput, "attachmentId"> & { readonly descriptor: AttachmentDescriptor },
): AsyncGenerator<Uint8Array> {
  const sodium = await loadSodium();
  const { descriptor } = input;
  checkAttachmentDescriptor(descriptor, "MALFORMED");
  const { key, aad } = attachmentState(sodium, { ...input, attachmentId: descriptor.attachmentId });
  const hasher = createSegmentHasher(LABELS.attachmentHash);
  const total = attachmentChunkCount(descriptor.size, descriptor.chunkSize);
  const lastSize = descriptor.size % descriptor.chunkSize;
  // Piece -1 is the stream header, 0..total-1 the chunks; anything after them is one byte too many.
  const sizeOf = (i: number) => {
    if (i < 0) return HEADER_BYTES;
    if (i >= total) return 1;
    return (i === total - 1 ? lastSize : descriptor.chunkSize) + ABYTES;
  };
  let requested = -1;
  let index = -1;
  let state: ReturnType<Sodium["crypto_secretstream_xchacha20poly1305_init_pull"]> | undefined;
  try {
    for await (const piece of regroup(source, () => sizeOf(requested++))) {
      if (index >= total || piece.length !== sizeOf(index)) throw decryptFailed();
      await hasher.add(piece);
      if (index < 0) {
        state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(piece, key);
      } else if (state !== undefined) {
        const out = sodium.crypto_secretstream_xchacha20poly1305_pull(state, piece, aad);
        const final = index === total - 1;
        const expectedTag = final
          ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
          : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        if (out === false || out.tag !== expectedTag) throw decryptFailed();
        if (final && !equalBytes(await hasher.digest(), descriptor.ciphertextHash)) throw decryptFailed();
        yield out.message;
      }
      index++;
    }
    if (index !== total) throw decryptFailed();
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    // libsodium throws plain errors for impossible inputs; they are authentication failures too.
    throw decryptFailed();
  } finally {
    sodium.memzero(key);
  }
}

/** Wraps an async iterable of bytes as a web `ReadableStream` (pull-based, so back-pressure holds). */
export function toReadableStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
