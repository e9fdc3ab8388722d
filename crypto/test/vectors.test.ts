import { describe, expect, it } from "vitest";
import {
  CryptoError,
  accessCodeVerifier,
  checkVerifier,
  decodeBase64Url,
  invitationCodeParams,
  decryptAttachment,
  fingerprint,
  openEnvelope,
  openInvitation,
  openInvitationStanza,
  openKeyStanza,
  parseEnvelope,
  parseId,
  parseLinkSecret,
  parsePublicBundle,
  parseRecoveryCode,
  prfSalt,
  encodeBase64Url as toB64,
  unwrapIdentity,
  type BoxPublicKey,
  type BoxSecretKey,
  type MessageKey,
  type ReleaseKey,
} from "../src/index.ts";
import { identityFromSeeds } from "../src/identity.ts";
import { formatRecoveryCode } from "../src/recovery-code.ts";
import { collect, concat, hex, pattern } from "./helpers.ts";
import failures from "./vectors/v1-failures.json";
import vectors from "./vectors/v1.json";

const d = decodeBase64Url;

async function identity(name: string) {
  const v = vectors.identities.find((i) => i.name === name);
  if (v === undefined) throw new Error(`no vector identity ${name}`);
  return { v, identity: await identityFromSeeds(await d(v.boxSecret), await d(v.signSeed)) };
}

describe("frozen protocol v1 vectors", () => {
  it("when identities are rebuilt from their seeds, then public keys and fingerprints match", async () => {
    for (const name of ["alice", "bob"]) {
      const { v, identity: id } = await identity(name);
      expect(hex(id.boxPublicKey)).toBe(hex(await d(v.boxPublicKey)));
      expect(hex(id.signPublicKey)).toBe(hex(await d(v.signPublicKey)));
      expect(await fingerprint(id)).toBe(v.fingerprint);
    }
  });

  it("when the PRF salt is computed, then it is the frozen constant", async () => {
    expect(await toB64(await prfSalt())).toBe(vectors.prfSalt);
  });

  it("when the frozen bundle is parsed, then its fields and signature check out", async () => {
    const bundle = await parsePublicBundle(await d(vectors.bundle.bytes));
    const { v } = await identity("alice");
    expect(bundle.accountId).toBe(vectors.bundle.accountId);
    expect(bundle.address).toBe(vectors.bundle.address);
    expect(bundle.createdAt).toBe(vectors.bundle.createdAt);
    expect(hex(bundle.signPublicKey)).toBe(hex(await d(v.signPublicKey)));
  });

  it("when the frozen recovery entropy is formatted, then the text is the same, and it parses back", async () => {
    const entropy = await d(vectors.recoveryCode.entropy);
    expect(await formatRecoveryCode(entropy)).toBe(vectors.recoveryCode.text);
    expect(hex(await parseRecoveryCode(vectors.recoveryCode.text))).toBe(hex(entropy));
  });

  it("when each frozen vault entry is opened with its secret, then Alice's keys come out", async () => {
    const { identity: alice } = await identity("alice");
    const { prf, recovery, archive } = vectors.vault;
    const opened = [
      await unwrapIdentity(await d(prf.entry), { method: "prf", prfOutput: await d(prf.prfOutput) }),
      await unwrapIdentity(await d(recovery.entry), { method: "recovery", recoveryCode: recovery.code }),
      await unwrapIdentity(await d(archive.entry), {
        method: "archive",
        archivePublicKey: (await d(archive.publicKey)) as BoxPublicKey,
        archiveSecretKey: (await d(archive.secretKey)) as BoxSecretKey,
      }),
    ];
    for (const id of opened) {
      expect(hex(id.boxSecretKey)).toBe(hex(alice.boxSecretKey));
      expect(hex(id.signSecretKey)).toBe(hex(alice.signSecretKey));
    }
  });

  it("when the frozen envelope is opened through Bob's, Alice's and the invitation stanza, then the content is exact", async () => {
    const m = vectors.message;
    const messageId = await parseId(m.messageId);
    const { identity: alice } = await identity("alice");
    const { identity: bob } = await identity("bob");
    const keys = [
      await openKeyStanza(await d(m.stanzas.bob), messageId, bob),
      await openKeyStanza(await d(m.stanzas.alice), messageId, alice),
      await openInvitationStanza(
        await d(m.invitation.stanza),
        messageId,
        await parseLinkSecret(m.invitation.linkSecret),
      ),
      // The bound invitation (kind 3) with its access code, the same link secret and its release key.
      await openInvitation(await d(m.boundInvitation.stanza), {
        messageId,
        linkSecret: await parseLinkSecret(m.invitation.linkSecret),
        address: m.boundInvitation.address,
        releaseKey: (await d(m.boundInvitation.releaseKey)) as ReleaseKey,
        accessCode: m.boundInvitation.accessCode,
      }),
    ];
    for (const key of keys) {
      expect(key).not.toBeNull();
      expect(hex(key as MessageKey)).toBe(hex(await d(m.messageKey)));
      const opened = await openEnvelope(await d(m.envelope), key as MessageKey, alice.signPublicKey);
      expect(opened.content).toEqual(m.content);
      expect(hex(opened.header.threadId)).toBe(hex(await d(m.threadId)));
    }
  });

  it("when the frozen bound invitation's code verifier is made from the code and link, then it matches the frozen digest", async () => {
    const m = vectors.message;
    const stanza = await d(m.boundInvitation.stanza);
    const params = await invitationCodeParams(stanza);
    if (params === null) throw new Error("the frozen invitation has no code");
    const verifier = await accessCodeVerifier(params, {
      messageId: await parseId(m.messageId),
      linkSecret: await parseLinkSecret(m.invitation.linkSecret),
      address: m.boundInvitation.address,
      accessCode: m.boundInvitation.accessCode,
    });
    expect(await checkVerifier(await d(m.boundInvitation.verifierDigest), verifier)).toBe(true);
  });

  it("when the frozen attachments are decrypted, then the plaintext is the generator pattern", async () => {
    const m = vectors.message;
    const envelope = await parseEnvelope(await d(m.envelope));
    const messageKey = (await d(m.messageKey)) as MessageKey;
    const messageId = await parseId(m.messageId);
    expect(envelope.header.attachments).toHaveLength(m.attachments.length);
    for (const [i, a] of m.attachments.entries()) {
      const descriptor = envelope.header.attachments[i];
      if (descriptor === undefined) throw new Error("missing descriptor");
      expect(descriptor.size).toBe(a.size);
      const plain = concat(
        await collect(decryptAttachment([await d(a.ciphertext)], { messageKey, messageId, descriptor })),
      );
      expect(hex(plain)).toBe(hex(pattern(a.size)));
    }
  });
});

describe("frozen protocol v1 failure vectors (test/vectors/v1-failures.json)", () => {
  type Change = { cut?: number; append?: number; set?: number[]; flip?: number[] };
  const at = (bytes: Uint8Array, offset: number) => (offset < 0 ? bytes.length + offset : offset);
  /** The frozen object's bytes with one change: what a second implementation would apply too. */
  function changed(bytes: Uint8Array, change: Change): Uint8Array {
    if (change.cut !== undefined) return bytes.slice(0, bytes.length - change.cut);
    if (change.append !== undefined) return concat([bytes, new Uint8Array(change.append)]);
    const copy = bytes.slice();
    const [offset = 0, value = 0] = change.set ?? change.flip ?? [];
    const i = at(copy, offset);
    copy[i] = change.set !== undefined ? value : (copy[i] ?? 0) ^ (1 << value);
    return copy;
  }

  /** Each frozen object: its bytes, and how it is opened with the right keys. */
  async function objects(): Promise<Record<string, { bytes: Uint8Array; open: (b: Uint8Array) => Promise<unknown> }>> {
    const m = vectors.message;
    const { prf, recovery, archive } = vectors.vault;
    const messageId = await parseId(m.messageId);
    const messageKey = (await d(m.messageKey)) as MessageKey;
    const linkSecret = await parseLinkSecret(m.invitation.linkSecret);
    const { identity: alice } = await identity("alice");
    const { identity: bob } = await identity("bob");
    const envelope = await parseEnvelope(await d(m.envelope));
    const descriptor = envelope.header.attachments[0];
    if (descriptor === undefined) throw new Error("missing descriptor");
    return {
      bundle: { bytes: await d(vectors.bundle.bytes), open: (b) => parsePublicBundle(b) },
      "vault.prf": {
        bytes: await d(prf.entry),
        open: async (b) => unwrapIdentity(b, { method: "prf", prfOutput: await d(prf.prfOutput) }),
      },
      "vault.recovery": {
        bytes: await d(recovery.entry),
        open: (b) => unwrapIdentity(b, { method: "recovery", recoveryCode: recovery.code }),
      },
      "vault.archive": {
        bytes: await d(archive.entry),
        open: async (b) =>
          unwrapIdentity(b, {
            method: "archive",
            archivePublicKey: (await d(archive.publicKey)) as BoxPublicKey,
            archiveSecretKey: (await d(archive.secretKey)) as BoxSecretKey,
          }),
      },
      envelope: { bytes: await d(m.envelope), open: (b) => openEnvelope(b, messageKey, alice.signPublicKey) },
      "stanza.bob": { bytes: await d(m.stanzas.bob), open: (b) => openKeyStanza(b, messageId, bob) },
      "stanza.invitation": {
        bytes: await d(m.invitation.stanza),
        open: (b) => openInvitationStanza(b, messageId, linkSecret),
      },
      "stanza.bound": {
        bytes: await d(m.boundInvitation.stanza),
        open: async (b) =>
          openInvitation(b, {
            messageId,
            linkSecret,
            address: m.boundInvitation.address,
            releaseKey: (await d(m.boundInvitation.releaseKey)) as ReleaseKey,
            accessCode: m.boundInvitation.accessCode,
          }),
      },
      "attachment.0": {
        bytes: await d(m.attachments[0]?.ciphertext ?? ""),
        open: (b) => collect(decryptAttachment([b], { messageKey, messageId, descriptor })),
      },
    };
  }

  it("when each frozen object is opened unchanged, then it opens: the failures below are the changes' doing", async () => {
    // Not null either: openKeyStanza answers null for a stanza addressed to another key.
    for (const [name, o] of Object.entries(await objects())) expect(await o.open(o.bytes), name).not.toBeNull();
  });

  it("when a frozen object is cut, lengthened, re-versioned or has a bit flipped, then it is refused with the frozen code", async () => {
    const all = await objects();
    expect(failures.cases.length).toBeGreaterThanOrEqual(30);
    for (const c of failures.cases) {
      const o = all[c.object];
      if (o === undefined) throw new Error(`no frozen object ${c.object}`);
      const name = `${c.object} ${JSON.stringify(c.change)}`;
      let caught: unknown;
      try {
        await o.open(changed(o.bytes, c.change));
      } catch (error) {
        caught = error;
      }
      expect(caught, name).toBeInstanceOf(CryptoError);
      expect((caught as CryptoError).code, name).toBe(c.code);
    }
  });
});
