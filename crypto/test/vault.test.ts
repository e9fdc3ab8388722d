import { describe, expect, it } from "vitest";
import {
  generateIdentity,
  generateRecoveryCode,
  inspectVaultEntry,
  parseRecoveryCode,
  prfSalt,
  unwrapIdentity,
  wrapIdentity,
  type BoxPublicKey,
  type BoxSecretKey,
} from "../src/index.ts";
import { loadSodium } from "../src/sodium.ts";
import { cryptoError, flipBit, hex } from "./helpers.ts";

const prfOutput = () => crypto.getRandomValues(new Uint8Array(32));

describe("key vault", () => {
  it("when wrapped under a PRF output, then the same output unwraps it and another does not", async () => {
    const id = await generateIdentity();
    const credentialId = crypto.getRandomValues(new Uint8Array(64));
    const out = prfOutput();
    const entry = await wrapIdentity(id, { method: "prf", credentialId, prfOutput: out });
    expect(hex((await unwrapIdentity(entry, { method: "prf", prfOutput: out })).boxSecretKey)).toBe(
      hex(id.boxSecretKey),
    );
    await cryptoError(async () => unwrapIdentity(entry, { method: "prf", prfOutput: prfOutput() }), "DECRYPT_FAILED");
    const info = await inspectVaultEntry(entry);
    expect(info.method).toBe("prf");
    expect(hex(info.credentialId ?? new Uint8Array())).toBe(hex(credentialId));
    expect(hex(info.signPublicKey)).toBe(hex(id.signPublicKey));
  });

  it("when wrapped under a recovery code, then the code opens it however it is typed", async () => {
    const id = await generateIdentity();
    const code = await generateRecoveryCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    const entry = await wrapIdentity(id, { method: "recovery", recoveryCode: code });
    const typed = ` ${code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l")} `;
    expect(hex((await unwrapIdentity(entry, { method: "recovery", recoveryCode: typed })).signSecretKey)).toBe(
      hex(id.signSecretKey),
    );
    await cryptoError(
      async () => unwrapIdentity(entry, { method: "recovery", recoveryCode: await generateRecoveryCode() }),
      "DECRYPT_FAILED",
    );
  });

  it("when wrapped to an organisation archive key, then only that key pair opens it", async () => {
    const sodium = await loadSodium();
    const id = await generateIdentity();
    const archive = sodium.crypto_box_keypair();
    const other = sodium.crypto_box_keypair();
    const entry = await wrapIdentity(id, { method: "archive", archivePublicKey: archive.publicKey as BoxPublicKey });
    const opened = await unwrapIdentity(entry, {
      method: "archive",
      archivePublicKey: archive.publicKey as BoxPublicKey,
      archiveSecretKey: archive.privateKey as BoxSecretKey,
    });
    expect(hex(opened.boxSecretKey)).toBe(hex(id.boxSecretKey));
    expect(hex((await inspectVaultEntry(entry)).archivePublicKey ?? new Uint8Array())).toBe(hex(archive.publicKey));
    await cryptoError(
      () =>
        unwrapIdentity(entry, {
          method: "archive",
          archivePublicKey: archive.publicKey as BoxPublicKey,
          archiveSecretKey: other.privateKey as BoxSecretKey,
        }),
      "DECRYPT_FAILED",
    );
  });

  it("when any bit of a PRF vault entry flips, then unwrapping fails with a CryptoError", async () => {
    const id = await generateIdentity();
    const out = prfOutput();
    const entry = await wrapIdentity(id, { method: "prf", credentialId: new Uint8Array([1, 2, 3]), prfOutput: out });
    for (let bit = 0; bit < entry.length * 8; bit++) {
      await cryptoError(async () => unwrapIdentity(flipBit(entry, bit), { method: "prf", prfOutput: out }));
    }
  });

  it("when the unlock method does not match the entry, then it is INVALID_INPUT", async () => {
    const entry = await wrapIdentity(await generateIdentity(), {
      method: "prf",
      credentialId: new Uint8Array([1]),
      prfOutput: prfOutput(),
    });
    await cryptoError(async () => unwrapIdentity(entry, { method: "recovery", recoveryCode: "x" }), "INVALID_INPUT");
  });

  it.each([
    ["a short PRF output", { method: "prf", credentialId: new Uint8Array([1]), prfOutput: new Uint8Array(31) }],
    ["an empty credential id", { method: "prf", credentialId: new Uint8Array(0), prfOutput: new Uint8Array(32) }],
    ["a long credential id", { method: "prf", credentialId: new Uint8Array(1024), prfOutput: new Uint8Array(32) }],
    ["a short archive key", { method: "archive", archivePublicKey: new Uint8Array(31) }],
  ] as const)("when wrapping with %s, then it is INVALID_INPUT", async (_name, lock) => {
    const id = await generateIdentity();
    await cryptoError(async () => wrapIdentity(id, lock as never), "INVALID_INPUT");
  });

  it("when the server serves a recovery entry with a huge Argon2id memory cost, then it is MALFORMED before any work", async () => {
    const code = await generateRecoveryCode();
    const entry = await wrapIdentity(await generateIdentity(), { method: "recovery", recoveryCode: code });
    const tampered = entry.slice();
    // memLimit is the u32 at 4 + 1 + 32 + 16 + 4 (magic+version, method, sign key, salt, opsLimit)
    new DataView(tampered.buffer).setUint32(4 + 1 + 32 + 16 + 4, 0xffffffff);
    await cryptoError(async () => unwrapIdentity(tampered, { method: "recovery", recoveryCode: code }), "MALFORMED");
  });

  it("when the PRF salt is asked for, then it is a fixed 32-byte value", async () => {
    const salt = await prfSalt();
    expect(salt).toHaveLength(32);
    expect(hex(await prfSalt())).toBe(hex(salt));
  });
});

describe("recovery codes", () => {
  it.each([
    ["too short", "ABCD-EFGH"],
    ["a letter outside the alphabet", "UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU"],
    ["empty", ""],
  ])("when the code is %s, then it is INVALID_RECOVERY_CODE", async (_name, text) => {
    await cryptoError(async () => parseRecoveryCode(text), "INVALID_RECOVERY_CODE");
  });

  it("when one character of a real code is changed, then the checksum catches it", async () => {
    const code = await generateRecoveryCode();
    for (let i = 0; i < code.length; i++) {
      if (code[i] === "-") continue;
      const swapped = code.slice(0, i) + (code[i] === "7" ? "8" : "7") + code.slice(i + 1);
      await cryptoError(async () => parseRecoveryCode(swapped), "INVALID_RECOVERY_CODE");
    }
  });

  it("when many codes are generated, then they are distinct and 16 bytes of entropy each", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = await generateRecoveryCode();
      expect(await parseRecoveryCode(code)).toHaveLength(16);
      codes.add(code);
    }
    expect(codes.size).toBe(200);
  });
});
