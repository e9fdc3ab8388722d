import { encodeBase64Url } from "@sigill/crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Url } from "../src/wire.ts";

describe("the server's base64url", () => {
  it("when bytes of any length are encoded, then the text is what the crypto package writes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
        expect(base64Url(bytes)).toBe(await encodeBase64Url(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("when the bytes are a view into a larger buffer, then only the view is encoded", async () => {
    const whole = new Uint8Array(64).map((_, i) => i);
    const view = whole.subarray(5, 22);
    expect(base64Url(view)).toBe(await encodeBase64Url(view.slice()));
    expect(base64Url(view)).toBe("BQYHCAkKCwwNDg8QERITFBU");
  });

  it("when the bytes are absent, then null stays null", () => {
    expect(base64Url(null)).toBeNull();
  });
});
