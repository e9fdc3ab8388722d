import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePublicBundle, fingerprint, generateIdentity, parsePublicBundle } from "../src/index.ts";
import { cryptoError, flipBit } from "./helpers.ts";

describe("identity keys and public bundles", () => {
  it("when a bundle is encoded, then it parses back to the same keys and fields", async () => {
    const id = await generateIdentity();
    const meta = { accountId: "Xy_9-Qk3vB2mNpT4sLw8aZ", address: "lärare@skola.example", createdAt: 1_700_000_000_000 };
    const bundle = await parsePublicBundle(await encodePublicBundle(id, meta));
    expect(bundle).toMatchObject(meta);
    expect(bundle.boxPublicKey).toEqual(id.boxPublicKey);
    expect(bundle.signPublicKey).toEqual(id.signPublicKey);
  });

  it("when any bit of a bundle flips, then parsing fails with a CryptoError", async () => {
    const bytes = await encodePublicBundle(await generateIdentity(), {
      accountId: "a",
      address: "a@b.se",
      createdAt: 5,
    });
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      await cryptoError(async () => parsePublicBundle(flipBit(bytes, bit)));
    }
  });

  it("when the signature byte is changed, then it is DECRYPT_FAILED (the one authentication code)", async () => {
    const bytes = await encodePublicBundle(await generateIdentity(), {
      accountId: "a",
      address: "a@b.se",
      createdAt: 5,
    });
    await cryptoError(async () => parsePublicBundle(flipBit(bytes, bytes.length * 8 - 1)), "DECRYPT_FAILED");
  });

  it.each([
    ["empty address", { accountId: "a", address: "", createdAt: 1 }],
    ["upper-case address", { accountId: "a", address: "Anna@Skola.se", createdAt: 1 }],
    ["padded address", { accountId: "a", address: " a@b.se", createdAt: 1 }],
    ["negative time", { accountId: "a", address: "a@b.se", createdAt: -1 }],
    ["overlong account id", { accountId: "x".repeat(65), address: "a@b.se", createdAt: 1 }],
    ["account id with a space", { accountId: "a b", address: "a@b.se", createdAt: 1 }],
  ])("when the bundle has a %s, then encoding is refused with INVALID_INPUT", async (_name, meta) => {
    const id = await generateIdentity();
    await cryptoError(async () => encodePublicBundle(id, meta), "INVALID_INPUT");
  });

  it("when a fingerprint is made, then it is 8 groups of 5 digits and differs between identities", async () => {
    const [a, b] = [await generateIdentity(), await generateIdentity()];
    const fa = await fingerprint(a);
    expect(fa).toMatch(/^\d{5}( \d{5}){7}$/);
    expect(fa).toBe(await fingerprint(a));
    expect(fa).not.toBe(await fingerprint(b));
    await cryptoError(
      async () => fingerprint({ ...a, signPublicKey: b.boxPublicKey.subarray(0, 31) as never }),
      "INVALID_INPUT",
    );
  });

  it("property: every encoded bundle round-trips", async () => {
    const id = await generateIdentity();
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.emailAddress().map((e) => e.toLowerCase()),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        async (accountId, address, createdAt) => {
          const parsed = await parsePublicBundle(await encodePublicBundle(id, { accountId, address, createdAt }));
          expect(parsed).toMatchObject({ accountId, address, createdAt });
        },
      ),
      { numRuns: 50 },
    );
  });
});
