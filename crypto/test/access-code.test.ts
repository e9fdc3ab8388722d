import { describe, expect, it } from "vitest";
import { hashAccessCode, verifyAccessCode } from "../src/index.ts";
import { cryptoError } from "./helpers.ts";

describe("access codes", () => {
  it("when a code is hashed, then only that code verifies, however it is spaced", async () => {
    const hash = await hashAccessCode("4711-2626");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=2,p=1\$/);
    expect(await verifyAccessCode(hash, "4711-2626")).toBe(true);
    expect(await verifyAccessCode(hash, "  4711-2626 ")).toBe(true);
    expect(await verifyAccessCode(hash, "4711-2627")).toBe(false);
    expect(await verifyAccessCode(hash, "")).toBe(false);
  });

  it("when the same code is hashed twice, then the hashes differ (random salt)", async () => {
    expect(await hashAccessCode("123456")).not.toBe(await hashAccessCode("123456"));
  });

  it("when the code is too short or too long, then it is INVALID_INPUT", async () => {
    await cryptoError(async () => hashAccessCode("123"), "INVALID_INPUT");
    await cryptoError(async () => hashAccessCode("x".repeat(65)), "INVALID_INPUT");
  });

  it("when the stored hash is not an Argon2id string, then nothing verifies", async () => {
    expect(await verifyAccessCode("plain", "plain")).toBe(false);
    expect(await verifyAccessCode("$argon2id$garbage", "x")).toBe(false);
  });
});
