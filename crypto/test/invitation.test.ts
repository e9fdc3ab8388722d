// Bound invitations (stanza kind 3): one first-time recipient's copy of the message key, locked with
// the link secret, the address, the server's release key and, optionally, the access code. Every
// one of them is needed; the code verifier needs the code and the link secret; failures are typed.
import sodium from "libsodium-wrappers-sumo";
import { beforeAll, describe, expect, it } from "vitest";
import {
  accessCodeVerifier,
  checkVerifier,
  digestVerifier,
  generateId,
  generateMessageKey,
  generateReleaseKey,
  invitationCodeParams,
  normaliseAccessCode,
  normaliseAddress,
  openInvitation,
  sealInvitation,
  stanzaKind,
  type InvitationSecrets,
  type LinkSecret,
} from "../src/index.ts";
import { concat, cryptoError, flipBit, hex } from "./helpers.ts";

beforeAll(async () => {
  await sodium.ready;
});

async function secrets(over: Partial<InvitationSecrets> = {}): Promise<InvitationSecrets> {
  return {
    messageId: await generateId(),
    linkSecret: sodium.randombytes_buf(32) as LinkSecret,
    address: "vardnadshavare@example.org",
    releaseKey: await generateReleaseKey(),
    ...over,
  };
}

const CODE = "4711-2626-0815";

describe("bound invitations", () => {
  it("when sealed without a code, then the same secrets open it, and its kind and parameters read without a key", async () => {
    const key = await generateMessageKey();
    const s = await secrets();
    const sealed = await sealInvitation(key, s);
    expect(sealed.verifierDigest).toBeNull();
    expect(sealed.stanza.length).toBe(5 + 97);
    expect(await stanzaKind(sealed.stanza)).toBe("bound-invitation");
    expect(await invitationCodeParams(sealed.stanza)).toBeNull();
    expect(hex(await openInvitation(sealed.stanza, s))).toBe(hex(key));
  });

  it("when sealed with a code, then it opens only with the code, typed however a person types it", async () => {
    const key = await generateMessageKey();
    const s = await secrets({ accessCode: CODE });
    const sealed = await sealInvitation(key, s);
    const params = await invitationCodeParams(sealed.stanza);
    expect(params?.opsLimit).toBe(3);
    expect(params?.memLimit).toBe(64 * 1024 * 1024);
    for (const typed of [CODE, " 4711 2626 0815 ", "471126260815", "４７１１－２６２６－０８１５"])
      expect(hex(await openInvitation(sealed.stanza, { ...s, accessCode: typed }))).toBe(hex(key));
    await cryptoError(() => openInvitation(sealed.stanza, { ...s, accessCode: "4711-2626-0816" }), "DECRYPT_FAILED");
    const without = { ...s };
    delete without.accessCode;
    await cryptoError(() => openInvitation(sealed.stanza, without), "INVALID_INPUT");
  });

  it.each([
    ["another link secret", { linkSecret: new Uint8Array(32).fill(1) as LinkSecret }],
    ["another address (a co-recipient's)", { address: "kollega@example.org" }],
    ["another release key (the server's share of another invitation)", { releaseKey: new Uint8Array(32).fill(2) }],
    ["another message", { messageId: new Uint8Array(16).fill(3) }],
  ] as const)("when opened with %s, then it is DECRYPT_FAILED", async (_what, change) => {
    const key = await generateMessageKey();
    const s = await secrets();
    const { stanza } = await sealInvitation(key, s);
    await cryptoError(() => openInvitation(stanza, { ...s, ...change } as InvitationSecrets), "DECRYPT_FAILED");
  });

  it("when any bit of the stanza flips, then it does not open (or is not a v1 bound invitation)", async () => {
    const key = await generateMessageKey();
    const s = await secrets();
    const { stanza } = await sealInvitation(key, s);
    for (let bit = 0; bit < stanza.length * 8; bit++) {
      const error = await cryptoError(() => openInvitation(flipBit(stanza, bit), s));
      expect(["DECRYPT_FAILED", "MALFORMED", "UNSUPPORTED_VERSION", "INVALID_INPUT"]).toContain(error.code);
    }
    // With a code, flips in the salt, the nonce and the ciphertext (each costs an Argon2id run).
    const locked = await sealInvitation(key, { ...s, accessCode: CODE });
    for (const bit of [6 * 8 + 3, 30 * 8, (locked.stanza.length - 1) * 8 + 5]) {
      await cryptoError(
        () => openInvitation(flipBit(locked.stanza, bit), { ...s, accessCode: CODE }),
        "DECRYPT_FAILED",
      );
    }
  });

  it("when the code verifier is made, then it needs the code and the link secret, and the server's digest checks only the right one", async () => {
    const key = await generateMessageKey();
    const s = await secrets({ accessCode: CODE });
    const sealed = await sealInvitation(key, s);
    const params = await invitationCodeParams(sealed.stanza);
    if (params === null || sealed.verifierDigest === null) throw new Error("no code parameters");
    const right = await accessCodeVerifier(params, { ...s, accessCode: " 471126260815" });
    expect(hex(digestVerifier(right))).toBe(hex(sealed.verifierDigest));
    expect(await checkVerifier(sealed.verifierDigest, right)).toBe(true);
    const wrongCode = await accessCodeVerifier(params, { ...s, accessCode: "4711-2626-0816" });
    expect(await checkVerifier(sealed.verifierDigest, wrongCode)).toBe(false);
    // The server has the digest and the parameters but not the link secret: its guesses miss.
    const noLink = await accessCodeVerifier(params, {
      ...s,
      linkSecret: new Uint8Array(32) as LinkSecret,
      accessCode: CODE,
    });
    expect(await checkVerifier(sealed.verifierDigest, noLink)).toBe(false);
    expect(await checkVerifier(sealed.verifierDigest, new Uint8Array(31))).toBe(false);
  });

  it("when a hostile server changes the code parameters to force huge work, then the stanza is MALFORMED", async () => {
    const key = await generateMessageKey();
    const s = await secrets({ accessCode: CODE });
    const { stanza } = await sealInvitation(key, s);
    const huge = stanza.slice();
    new DataView(huge.buffer).setUint32(5 + 1 + 16 + 4, 1024 * 1024 * 1024);
    await cryptoError(() => invitationCodeParams(huge), "MALFORMED");
    await cryptoError(() => openInvitation(huge, s), "MALFORMED");
    // A code-less stanza with code parameters set, and unknown flags, are refused too.
    const { stanza: plain } = await sealInvitation(key, await secrets());
    const flagged = plain.slice();
    flagged[5] = 2;
    await cryptoError(() => invitationCodeParams(flagged), "MALFORMED");
    const salted = plain.slice();
    salted[6] = 1;
    await cryptoError(() => invitationCodeParams(salted), "MALFORMED");
  });

  it.each([
    ["Anna.Berg@Skola.SE", "anna.berg@skola.se"],
    ["  a.b+tag@GoogleMail.com ", "ab@gmail.com"],
    ["x@y.se", "x@y.se"],
  ])("when the address %j is normalised, then it is %j, and only that form may seal", async (raw, normal) => {
    expect(normaliseAddress(raw)).toBe(normal);
    if (raw !== normal) {
      await cryptoError(
        async () => sealInvitation(await generateMessageKey(), await secrets({ address: raw })),
        "INVALID_INPUT",
      );
    }
  });

  it.each(["1234567", "", "   -  ", "x".repeat(65)])(
    "when the code %j is too short or long, then it is INVALID_INPUT",
    async (code) => {
      expect(() => normaliseAccessCode(code)).toThrow();
      await cryptoError(
        async () => sealInvitation(await generateMessageKey(), await secrets({ accessCode: code })),
        "INVALID_INPUT",
      );
    },
  );
});

describe("bound invitations, as docs/protocol.md writes them", () => {
  const te = new TextEncoder();
  const be = (n: number, v: number) => {
    const out = new Uint8Array(n);
    new DataView(out.buffer).setUint32(n - 4, v);
    return out;
  };
  const lp = (x: Uint8Array) => concat([Uint8Array.of(x.length >> 8, x.length & 255), x]);
  const domain = (label: string, ...parts: Uint8Array[]) => concat([lp(te.encode(label)), ...parts.map(lp)]);
  const derive = (key: Uint8Array, label: string, ...parts: Uint8Array[]) =>
    sodium.crypto_generichash(32, domain(label, ...parts), key);

  it("when a code-locked stanza is built from the document on raw libsodium, then the package opens it and its verifier digest matches", async () => {
    const messageKey = sodium.randombytes_buf(32);
    const s = await secrets({ accessCode: CODE });
    const salt = sodium.randombytes_buf(16);
    const header = concat([te.encode("SGS"), Uint8Array.of(1, 3, 1), salt, be(4, 3), be(4, 64 * 1024 * 1024)]);
    const stretched = sodium.crypto_pwhash(
      32,
      te.encode("471126260815"),
      salt,
      3,
      64 * 1024 * 1024,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    const address = te.encode(s.address);
    const key = derive(s.linkSecret, "sigill/v1/invitation/key", s.messageId, address, s.releaseKey, stretched);
    const aad = domain("sigill/v1/invitation/aad", header, s.messageId, address);
    const nonce = sodium.randombytes_buf(24);
    const stanza = concat([
      header,
      nonce,
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(messageKey, aad, null, nonce, key),
    ]);
    expect(hex(await openInvitation(stanza, s))).toBe(hex(messageKey));
    const verifier = derive(stretched, "sigill/v1/invitation/code-verifier", s.linkSecret, s.messageId, address);
    const digest = sodium.crypto_generichash(32, domain("sigill/v1/invitation/verifier-digest", verifier), null);
    const params = await invitationCodeParams(stanza);
    if (params === null) throw new Error("no parameters");
    expect(hex(digestVerifier(await accessCodeVerifier(params, { ...s, accessCode: CODE })))).toBe(hex(digest));
  });
});
