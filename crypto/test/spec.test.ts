// An independent implementation of docs/protocol.md, written from the document on raw libsodium.
// If the package and this file disagree, either the code or the document is wrong.
import sodium from "libsodium-wrappers-sumo";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decryptAttachment,
  encryptAttachment,
  fingerprint,
  generateId,
  generateIdentity,
  generateRecoveryCode,
  openEnvelope,
  openInvitationStanza,
  openKeyStanza,
  parsePublicBundle,
  parseRecoveryCode,
  prfSalt,
  sealEnvelope,
  unwrapIdentity,
  type Id16,
  type LinkSecret,
  type MessageKey,
  type SignPublicKey,
} from "../src/index.ts";
import { collect, concat, cryptoError, hex, pattern } from "./helpers.ts";

beforeAll(async () => {
  await sodium.ready;
});

const te = new TextEncoder();
const td = new TextDecoder();
const cat = (...parts: Uint8Array[]) => concat(parts);
const be = (bytes: number, value: number) => {
  const out = new Uint8Array(bytes);
  let v = BigInt(value);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  return out;
};
const lp = (x: Uint8Array) => cat(be(2, x.length), x);
const domain = (label: string, ...parts: Uint8Array[]) => cat(lp(te.encode(label)), ...parts.map(lp));
const derive = (key: Uint8Array, label: string, ...parts: Uint8Array[]) =>
  sodium.crypto_generichash(32, domain(label, ...parts), key);
const hash = (label: string, ...parts: Uint8Array[]) => sodium.crypto_generichash(32, domain(label, ...parts), null);
const streamhash = (label: string, data: Uint8Array) =>
  sodium.crypto_generichash(32, cat(lp(te.encode(label)), data), null);
const segmenthash = async (label: string, data: Uint8Array) => {
  const digests: Uint8Array[] = [];
  for (let i = 0; i < Math.max(1, data.length); i += 1024 * 1024) {
    digests.push(new Uint8Array(await crypto.subtle.digest("SHA-256", data.slice(i, i + 1024 * 1024))));
  }
  return sodium.crypto_generichash(32, cat(lp(te.encode(label)), ...digests), null);
};
const magic = (m: string, ...rest: number[]) => cat(te.encode(m), Uint8Array.of(1, ...rest));

interface SpecAttachment {
  id: Uint8Array;
  size: number;
  chunkSize: number;
  hash: Uint8Array;
}

function specEnvelope(opts: {
  signSk: Uint8Array;
  signPk: Uint8Array;
  messageKey: Uint8Array;
  commitKey?: Uint8Array;
  messageId: Uint8Array;
  json: object;
  attachments?: SpecAttachment[];
}): Uint8Array {
  const { messageId } = opts;
  const atts = opts.attachments ?? [];
  const header = cat(
    messageId,
    messageId,
    opts.signPk,
    be(8, 1_000),
    be(8, 9_000),
    derive(opts.commitKey ?? opts.messageKey, "sigill/v1/message/key-commitment", messageId),
    be(2, atts.length),
    ...atts.flatMap((a) => [a.id, be(8, a.size), be(4, a.chunkSize), a.hash]),
  );
  const headerHash = hash("sigill/v1/envelope/header-hash", magic("SGE"), header);
  const json = te.encode(JSON.stringify(opts.json));
  const padded = new Uint8Array(Math.ceil((4 + json.length) / 1024) * 1024);
  padded.set(cat(be(4, json.length), json));
  const nonce = sodium.randombytes_buf(24);
  const bodyKey = derive(opts.messageKey, "sigill/v1/message/body-key", messageId);
  const payload = cat(
    nonce,
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, headerHash, null, nonce, bodyKey),
  );
  const payloadHash = streamhash("sigill/v1/envelope/payload-hash", payload);
  const signature = sodium.crypto_sign_detached(
    domain("sigill/v1/envelope/signature", headerHash, payloadHash),
    opts.signSk,
  );
  return cat(magic("SGE"), be(4, header.length), header, be(4, payload.length), payload, signature);
}

const b64 = (b: Uint8Array) => sodium.to_base64(b, sodium.base64_variants.URLSAFE_NO_PADDING);

describe("docs/protocol.md, implemented independently", () => {
  it("when an envelope is built from the document, then the package opens it to the same content", async () => {
    const sign = sodium.crypto_sign_keypair();
    const messageKey = sodium.randombytes_buf(32);
    const messageId = sodium.randombytes_buf(16);
    const json = {
      v: 1,
      subject: "Ämne",
      text: "Brödtext",
      from: { name: "A", address: "a@skola.se" },
      to: ["b@x.se"],
      cc: [],
      attachments: [],
    };
    const envelope = specEnvelope({ signSk: sign.privateKey, signPk: sign.publicKey, messageKey, messageId, json });
    const opened = await openEnvelope(envelope, messageKey as MessageKey, sign.publicKey as SignPublicKey);
    expect(opened.content).toEqual({
      subject: "Ämne",
      text: "Brödtext",
      from: json.from,
      to: json.to,
      cc: [],
      attachments: [],
    });
  });

  it("when a malicious sender signs a header whose key commitment is for another key, then opening is refused", async () => {
    const sign = sodium.crypto_sign_keypair();
    const messageKey = sodium.randombytes_buf(32);
    const messageId = sodium.randombytes_buf(16);
    const json = {
      v: 1,
      subject: "",
      text: "",
      from: { name: "", address: "a@b.se" },
      to: [],
      cc: [],
      attachments: [],
    };
    const envelope = specEnvelope({
      signSk: sign.privateKey,
      signPk: sign.publicKey,
      messageKey,
      commitKey: sodium.randombytes_buf(32),
      messageId,
      json,
    });
    await cryptoError(
      async () => openEnvelope(envelope, messageKey as MessageKey, sign.publicKey as SignPublicKey),
      "DECRYPT_FAILED",
    );
  });

  it("when the package seals an envelope, then the document's reading of it verifies and decrypts", async () => {
    const alice = await generateIdentity();
    const messageKey = sodium.randombytes_buf(32) as MessageKey;
    const messageId = await generateId();
    const content = {
      subject: "S",
      text: "T",
      from: { name: "A", address: "a@b.se" },
      to: [],
      cc: [],
      attachments: [],
    };
    const env = await sealEnvelope(
      { messageId, threadId: messageId, createdAt: 5, expiresAt: 6, content, attachments: [] },
      messageKey,
      alice,
    );
    expect(td.decode(env.subarray(0, 3))).toBe("SGE");
    expect(env[3]).toBe(1);
    const view = new DataView(env.buffer, env.byteOffset);
    const headerLength = view.getUint32(4);
    expect(headerLength).toBe(114);
    const header = env.subarray(8, 8 + headerLength);
    expect(hex(header.subarray(0, 16))).toBe(hex(messageId));
    expect(hex(header.subarray(32, 64))).toBe(hex(alice.signPublicKey));
    expect(hex(header.subarray(80, 112))).toBe(hex(derive(messageKey, "sigill/v1/message/key-commitment", messageId)));
    const payloadLength = view.getUint32(8 + headerLength);
    const payload = env.subarray(12 + headerLength, 12 + headerLength + payloadLength);
    const signature = env.subarray(12 + headerLength + payloadLength);
    expect(signature).toHaveLength(64);
    const headerHash = hash("sigill/v1/envelope/header-hash", magic("SGE"), header);
    const signed = domain(
      "sigill/v1/envelope/signature",
      headerHash,
      streamhash("sigill/v1/envelope/payload-hash", payload),
    );
    expect(sodium.crypto_sign_verify_detached(signature, signed, alice.signPublicKey)).toBe(true);
    const bodyKey = derive(messageKey, "sigill/v1/message/body-key", messageId);
    const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      payload.subarray(24),
      headerHash,
      payload.subarray(0, 24),
      bodyKey,
    );
    expect(padded.length % 1024).toBe(0);
    const length = new DataView(padded.buffer, padded.byteOffset).getUint32(0);
    expect(JSON.parse(td.decode(padded.subarray(4, 4 + length)))).toEqual({ v: 1, ...content });
  });

  it("when an attachment is encrypted from the document, then the package decrypts it, and the reverse", async () => {
    const messageKey = sodium.randombytes_buf(32);
    const messageId = sodium.randombytes_buf(16);
    const attachmentId = sodium.randombytes_buf(16);
    const plain = pattern(2048 + 10);
    const key = derive(messageKey, "sigill/v1/attachment/key", messageId, attachmentId);
    const aad = cat(messageId, attachmentId);
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    const TAG = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    const ciphertext = cat(
      header,
      sodium.crypto_secretstream_xchacha20poly1305_push(state, plain.subarray(0, 1024), aad, TAG),
      sodium.crypto_secretstream_xchacha20poly1305_push(state, plain.subarray(1024, 2048), aad, TAG),
      sodium.crypto_secretstream_xchacha20poly1305_push(state, plain.subarray(2048), aad, FINAL),
    );
    expect(ciphertext.length).toBe(24 + plain.length + 17 * 3);
    const descriptor = {
      attachmentId: attachmentId as Id16,
      size: plain.length,
      chunkSize: 1024,
      ciphertextHash: await segmenthash("sigill/v1/attachment/ciphertext-hash", ciphertext),
    };
    const out = await collect(
      decryptAttachment([ciphertext], {
        messageKey: messageKey as MessageKey,
        messageId: messageId as Id16,
        descriptor,
      }),
    );
    expect(hex(concat(out))).toBe(hex(plain));

    const enc = encryptAttachment([plain], {
      messageKey: messageKey as MessageKey,
      messageId: messageId as Id16,
      attachmentId: attachmentId as Id16,
      chunkSize: 1024,
    });
    const theirs = concat(await collect(enc));
    expect(hex(enc.descriptor().ciphertextHash)).toBe(
      hex(await segmenthash("sigill/v1/attachment/ciphertext-hash", theirs)),
    );
    const pull = sodium.crypto_secretstream_xchacha20poly1305_init_pull(theirs.subarray(0, 24), key);
    const frames = [theirs.subarray(24, 24 + 1041), theirs.subarray(24 + 1041, 24 + 2082), theirs.subarray(24 + 2082)];
    const tags = frames.map((f) => {
      const r = sodium.crypto_secretstream_xchacha20poly1305_pull(pull, f, aad);
      if (r === false) throw new Error("pull failed");
      return r.tag;
    });
    expect(tags).toEqual([TAG, TAG, FINAL]);
  });

  it("when an attachment spans several 1 MiB segments, then its hash is the document's segment list hash", async () => {
    const ids = { messageKey: sodium.randombytes_buf(32) as MessageKey, messageId: sodium.randombytes_buf(16) as Id16 };
    const enc = encryptAttachment([pattern(2.5 * 1024 * 1024 + 100)], {
      ...ids,
      attachmentId: sodium.randombytes_buf(16) as Id16,
    });
    const ciphertext = concat(await collect(enc));
    expect(ciphertext.length).toBeGreaterThan(2 * 1024 * 1024);
    const expected = await segmenthash("sigill/v1/attachment/ciphertext-hash", ciphertext);
    expect(hex(enc.descriptor().ciphertextHash)).toBe(hex(expected));
    expect(hex(expected)).not.toBe(hex(streamhash("sigill/v1/attachment/ciphertext-hash", ciphertext)));
  });

  it("when stanzas are built from the document, then the package opens them", async () => {
    const bob = await generateIdentity();
    const messageKey = sodium.randombytes_buf(32);
    const messageId = sodium.randombytes_buf(16) as Id16;
    const recipient = cat(
      magic("SGS", 1),
      bob.boxPublicKey,
      sodium.crypto_box_seal(cat(messageId, messageKey), bob.boxPublicKey),
    );
    expect(hex((await openKeyStanza(recipient, messageId, bob)) ?? new Uint8Array())).toBe(hex(messageKey));

    const linkSecret = sodium.randombytes_buf(32);
    const nonce = sodium.randombytes_buf(24);
    const inviteKey = derive(linkSecret, "sigill/v1/stanza/invite-key", messageId);
    const aad = domain("sigill/v1/stanza/invite-aad", magic("SGS", 2), messageId);
    const invitation = cat(
      magic("SGS", 2),
      nonce,
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(messageKey, aad, null, nonce, inviteKey),
    );
    expect(hex(await openInvitationStanza(invitation, messageId, linkSecret as LinkSecret))).toBe(hex(messageKey));
  });

  it("when vault entries are built from the document, then the package unwraps them", async () => {
    const boxSk = sodium.randombytes_buf(32);
    const seed = sodium.randombytes_buf(32);
    const signPk = sodium.crypto_sign_seed_keypair(seed).publicKey;
    const payload = cat(Uint8Array.of(1), boxSk, seed);
    const seal = (method: number, params: Uint8Array, kek: Uint8Array) => {
      const head = cat(magic("SGV", method), signPk, params);
      const nonce = sodium.randombytes_buf(24);
      return cat(
        head,
        nonce,
        sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
          payload,
          domain("sigill/v1/vault/aad", head),
          null,
          nonce,
          kek,
        ),
      );
    };
    const credentialId = sodium.randombytes_buf(20);
    const prfOutput = sodium.randombytes_buf(32);
    const prfEntry = seal(1, lp(credentialId), derive(prfOutput, "sigill/v1/vault/prf", credentialId, signPk));
    expect(hex((await unwrapIdentity(prfEntry, { method: "prf", prfOutput })).boxSecretKey)).toBe(hex(boxSk));

    const code = await generateRecoveryCode();
    const salt = sodium.randombytes_buf(16);
    const stretched = sodium.crypto_pwhash(
      32,
      await parseRecoveryCode(code),
      salt,
      2,
      64 * 1024 * 1024,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    const recoveryEntry = seal(
      2,
      cat(salt, be(4, 2), be(4, 64 * 1024 * 1024)),
      derive(stretched, "sigill/v1/vault/recovery", signPk),
    );
    expect(hex((await unwrapIdentity(recoveryEntry, { method: "recovery", recoveryCode: code })).boxSecretKey)).toBe(
      hex(boxSk),
    );

    expect(hex(await prfSalt())).toBe(hex(hash("sigill/v1/webauthn/prf-salt")));
  });

  it("when a bundle and fingerprint are computed from the document, then the package agrees", async () => {
    const sign = sodium.crypto_sign_keypair();
    const box = sodium.crypto_box_keypair();
    const body = cat(
      magic("SGB"),
      lp(te.encode("acct-1")),
      lp(te.encode("a@b.se")),
      box.publicKey,
      sign.publicKey,
      be(8, 42),
    );
    const bundle = cat(body, sodium.crypto_sign_detached(domain("sigill/v1/bundle-signature", body), sign.privateKey));
    expect((await parsePublicBundle(bundle)).address).toBe("a@b.se");

    const d = sodium.crypto_generichash(40, domain("sigill/v1/fingerprint", sign.publicKey, box.publicKey), null);
    const groups = [0, 5, 10, 15, 20, 25, 30, 35].map((i) =>
      String(Number(BigInt(`0x${hex(d.subarray(i, i + 5))}`) % 100000n)).padStart(5, "0"),
    );
    expect(
      await fingerprint({ signPublicKey: sign.publicKey as SignPublicKey, boxPublicKey: box.publicKey as never }),
    ).toBe(groups.join(" "));
  });

  it("when a recovery code is read per the document, then its checksum is the labelled BLAKE2b", async () => {
    const code = await generateRecoveryCode();
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = "";
    for (const c of code.replace(/-/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
    const bytes = Uint8Array.from(bits.match(/.{8}/g) ?? [], (b) => parseInt(b, 2));
    const check = sodium
      .crypto_generichash(16, domain("sigill/v1/recovery-code/check", bytes.subarray(0, 16)), null)
      .subarray(0, 4);
    expect(hex(bytes.subarray(16))).toBe(hex(check));
    expect(b64(await parseRecoveryCode(code))).toBe(b64(bytes.subarray(0, 16)));
  });
});
