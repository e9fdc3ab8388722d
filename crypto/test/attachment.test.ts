import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  attachmentChunkCount,
  attachmentCiphertextSize,
  decryptAttachment,
  DEFAULT_CHUNK_SIZE,
  encryptAttachment,
  generateId,
  generateMessageKey,
  toReadableStream,
  type AttachmentDescriptor,
  type ByteSource,
  type Id16,
  type MessageKey,
} from "../src/index.ts";
import { asAsync, collect, concat, cryptoError, hex, pattern } from "./helpers.ts";

interface Encrypted {
  messageKey: MessageKey;
  messageId: Id16;
  pieces: Uint8Array[];
  descriptor: AttachmentDescriptor;
}

async function encrypt(source: ByteSource, chunkSize?: number): Promise<Encrypted> {
  const messageKey = await generateMessageKey();
  const messageId = await generateId();
  const attachmentId = await generateId();
  const enc = encryptAttachment(source, {
    messageKey,
    messageId,
    attachmentId,
    ...(chunkSize !== undefined && { chunkSize }),
  });
  const pieces = await collect(enc);
  return { messageKey, messageId, pieces, descriptor: enc.descriptor() };
}

function decrypt(e: Encrypted, source: ByteSource = e.pieces, over: Partial<Encrypted> = {}) {
  const { messageKey, messageId, descriptor } = { ...e, ...over };
  return collect(decryptAttachment(source, { messageKey, messageId, descriptor }));
}

const C = DEFAULT_CHUNK_SIZE;

describe("attachment streams", () => {
  it.for([0, 1, 17, C - 1, C, C + 1, 2 * C - 1, 2 * C, 2 * C + 1, 3 * C + 100])(
    "when %i bytes go through at the default chunk size, then sizes are exact and the bytes round-trip",
    async (size) => {
      const plain = pattern(size);
      const e = await encrypt([plain]);
      const ciphertext = concat(e.pieces);
      expect(ciphertext.length).toBe(attachmentCiphertextSize(size, C));
      expect(e.pieces.length).toBe(1 + attachmentChunkCount(size, C));
      expect(e.descriptor.size).toBe(size);
      expect(hex(concat(await decrypt(e)))).toBe(hex(plain));
      // The same ciphertext, delivered in arbitrary network-sized pieces, decrypts the same.
      const odd: Uint8Array[] = [];
      for (let i = 0; i < ciphertext.length; i += 1000) odd.push(ciphertext.subarray(i, i + 1000));
      expect(hex(concat(await decrypt(e, odd)))).toBe(hex(plain));
    },
  );

  it("when the source is a web ReadableStream of odd-sized pieces, then it round-trips to a ReadableStream", async () => {
    const plain = pattern(5000);
    const pieces = () => {
      const out: Uint8Array[] = [];
      for (let i = 0; i < plain.length; i += 333) out.push(plain.subarray(i, i + 333));
      return asAsync(out);
    };
    const e = await encrypt(toReadableStream(pieces()), 1024);
    const out = await collect(decryptAttachment(toReadableStream(asAsync(e.pieces)), { ...e }));
    expect(hex(concat(out))).toBe(hex(plain));
  });

  it("when one bit of the ciphertext flips anywhere, then decryption fails with DECRYPT_FAILED", async () => {
    const e = await encrypt([pattern(3000)], 1024);
    const ciphertext = concat(e.pieces);
    for (let offset = 0; offset < ciphertext.length; offset += 7) {
      const flipped = ciphertext.slice();
      flipped[offset] = (flipped[offset] ?? 0) ^ 1;
      await cryptoError(async () => decrypt(e, [flipped]), "DECRYPT_FAILED");
    }
  });

  it("when the stream is truncated at any point, then it fails with DECRYPT_FAILED", async () => {
    const e = await encrypt([pattern(3000)], 1024);
    const ciphertext = concat(e.pieces);
    for (const cut of [0, 1, 23, 24, 25, 24 + 1041, ciphertext.length - 17, ciphertext.length - 1]) {
      await cryptoError(async () => decrypt(e, [ciphertext.subarray(0, cut)]), "DECRYPT_FAILED");
    }
  });

  it("when the final chunk is missing, then it fails, and no plaintext of it is produced", async () => {
    const e = await encrypt([pattern(2048)], 1024); // header, 2 full chunks, empty FINAL chunk
    expect(e.pieces).toHaveLength(4);
    await cryptoError(async () => decrypt(e, e.pieces.slice(0, 3)), "DECRYPT_FAILED");
  });

  it("when two chunks are swapped or one is repeated, then it fails with DECRYPT_FAILED", async () => {
    const e = await encrypt([pattern(4096)], 1024);
    const [h, a, b, c, d, fin] = e.pieces as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    await cryptoError(async () => decrypt(e, [h, b, a, c, d, fin]), "DECRYPT_FAILED");
    await cryptoError(async () => decrypt(e, [h, a, a, c, d, fin]), "DECRYPT_FAILED");
  });

  it("when bytes follow the final chunk, then it fails with DECRYPT_FAILED", async () => {
    const e = await encrypt([pattern(100)], 1024);
    await cryptoError(async () => decrypt(e, [...e.pieces, new Uint8Array([0])]), "DECRYPT_FAILED");
  });

  it("when a chunk from another attachment of the same message is spliced in, then it fails", async () => {
    const messageKey = await generateMessageKey();
    const messageId = await generateId();
    const run = async () => {
      const enc = encryptAttachment([pattern(3000)], {
        messageKey,
        messageId,
        attachmentId: await generateId(),
        chunkSize: 1024,
      });
      return { pieces: await collect(enc), descriptor: enc.descriptor() };
    };
    const [one, two] = [await run(), await run()];
    const spliced = [...one.pieces];
    spliced[2] = two.pieces[2] as Uint8Array;
    await cryptoError(
      async () => collect(decryptAttachment(spliced, { messageKey, messageId, descriptor: one.descriptor })),
      "DECRYPT_FAILED",
    );
  });

  it("when the message id, key or descriptor is wrong, then it fails with DECRYPT_FAILED", async () => {
    const e = await encrypt([pattern(3000)], 1024);
    await cryptoError(async () => decrypt(e, e.pieces, { messageId: pattern(16, 1) as Id16 }), "DECRYPT_FAILED");
    await cryptoError(async () => decrypt(e, e.pieces, { messageKey: pattern(32, 2) as MessageKey }), "DECRYPT_FAILED");
    await cryptoError(
      async () => decrypt(e, e.pieces, { descriptor: { ...e.descriptor, size: 2999 } }),
      "DECRYPT_FAILED",
    );
    await cryptoError(
      async () => decrypt(e, e.pieces, { descriptor: { ...e.descriptor, ciphertextHash: new Uint8Array(32) } }),
      "DECRYPT_FAILED",
    );
  });

  it("when another key-holder re-encrypts different content under the same ids, then the signed hash refuses it", async () => {
    const e = await encrypt([pattern(3000)], 1024);
    const forged = encryptAttachment([pattern(3000, 99)], {
      messageKey: e.messageKey,
      messageId: e.messageId,
      attachmentId: e.descriptor.attachmentId,
      chunkSize: 1024,
    });
    await cryptoError(async () => decrypt(e, forged), "DECRYPT_FAILED");
  });

  it("when the descriptor is outside v1 limits, then it is MALFORMED; a bad chunk size on encrypt is INVALID_INPUT", async () => {
    const e = await encrypt([pattern(10)], 1024);
    await cryptoError(
      async () => decrypt(e, e.pieces, { descriptor: { ...e.descriptor, chunkSize: 1000 } }),
      "MALFORMED",
    );
    await cryptoError(async () => encrypt([pattern(10)], 512), "INVALID_INPUT");
  });

  it("when the descriptor is read before the stream is done, or the stream twice, then it is INVALID_INPUT", async () => {
    const enc = encryptAttachment([pattern(10)], {
      messageKey: await generateMessageKey(),
      messageId: await generateId(),
      attachmentId: await generateId(),
    });
    expect(() => enc.descriptor()).toThrow(/not been fully encrypted/);
    await collect(enc);
    expect(() => enc[Symbol.asyncIterator]()).toThrow(/read once/);
  });

  it("property: any bytes split anywhere at any chunk size round-trip", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 9000 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 6 }),
        fc.constantFrom(1024, 2048, 4096),
        async (plain, cuts, chunkSize) => {
          const pieces: Uint8Array[] = [];
          let at = 0;
          for (const n of cuts) {
            pieces.push(plain.subarray(at, at + n));
            at += n;
          }
          pieces.push(plain.subarray(at));
          const e = await encrypt(pieces, chunkSize);
          expect(hex(concat(await decrypt(e)))).toBe(hex(plain));
        },
      ),
      { numRuns: 40 },
    );
  });
});
