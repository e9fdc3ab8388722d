import { CryptoError } from "./errors.ts";
import { createLabelledHasher, type Label } from "./kdf.ts";

/** The ciphertext is hashed in segments of this many bytes (the last one may be shorter). */
export const SEGMENT_BYTES = 1024 * 1024;
/** How many segment digests may be in flight at once (bounds the copies WebCrypto holds). */
const WINDOW = 4;

interface DigestApi {
  digest(algorithm: "SHA-256", data: Uint8Array): Promise<ArrayBuffer>;
}

/** A running segment-list hash over a byte stream (see docs/protocol.md, "Attachments"). */
export interface SegmentHasher {
  /** Adds the next bytes; waits only when too many digests are still in flight. */
  add(bytes: Uint8Array): Promise<void>;
  /** `BLAKE2b-256(lp(label) || SHA-256(segment0) || SHA-256(segment1) || ...)`. */
  digest(): Promise<Uint8Array>;
}

/**
 * Hashes a stream as a list of 1 MiB segments. SHA-256 runs in the platform's WebCrypto (native
 * code, off the JavaScript thread in Node and browsers), so hashing overlaps with libsodium's
 * WebAssembly encryption instead of adding a second pass on the same thread; BLAKE2b then binds
 * the ordered digests to the label. Segments are a fixed size so the result does not depend on
 * how the stream was cut into chunks.
 * @throws CryptoError `INVALID_INPUT` where WebCrypto is missing (an insecure browser context).
 */
export function createSegmentHasher(label: Label): SegmentHasher {
  // Typed structurally so consumers without the DOM library (the server) can compile this file.
  const subtle = (globalThis as { crypto?: { subtle?: DigestApi } }).crypto?.subtle;
  if (subtle === undefined) throw new CryptoError("INVALID_INPUT", "WebCrypto is required (a secure context)");
  const hasher = createLabelledHasher(label);
  const pending: Promise<ArrayBuffer>[] = [];
  let segment = new Uint8Array(SEGMENT_BYTES);
  let filled = 0;
  const settleOldest = async () => {
    const oldest = pending.shift();
    if (oldest !== undefined) hasher.update(new Uint8Array(await oldest));
  };
  const flush = () => {
    pending.push(subtle.digest("SHA-256", segment.subarray(0, filled)));
    segment = new Uint8Array(SEGMENT_BYTES);
    filled = 0;
  };
  return {
    async add(bytes) {
      let offset = 0;
      while (offset < bytes.length) {
        const n = Math.min(SEGMENT_BYTES - filled, bytes.length - offset);
        segment.set(bytes.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === SEGMENT_BYTES) flush();
      }
      while (pending.length > WINDOW) await settleOldest();
    },
    async digest() {
      if (filled > 0) flush();
      while (pending.length > 0) await settleOldest();
      return hasher.digest();
    },
  };
}
