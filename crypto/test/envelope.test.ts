import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createInvitation,
  generateId,
  generateIdentity,
  generateMessageKey,
  MAX_PAYLOAD_BYTES,
  openEnvelope,
  openInvitationStanza,
  openKeyStanza,
  asSignPublicKey,
  parseEnvelope,
  parseStanza,
  sealEnvelope,
  sealKeyStanza,
  stanzaKind,
  verifyEnvelope,
  type AttachmentDescriptor,
  type CryptoErrorCode,
  type Identity,
  type MessageContent,
  type MessageKey,
} from "../src/index.ts";
import { cryptoError, flipBit } from "./helpers.ts";

const content = (over: Partial<MessageContent> = {}): MessageContent => ({
  subject: "Åtgärdsprogram",
  text: "Hej, se bifogat. Personnumret är 19121212-1212 (syntetiskt).",
  from: { name: "Anna Larsson", address: "anna@skola.example" },
  to: ["förälder@example.org"],
  cc: [],
  attachments: [],
  ...over,
});

async function sealed(sender: Identity, over: Partial<MessageContent> = {}, attachments: AttachmentDescriptor[] = []) {
  const messageKey = await generateMessageKey();
  const messageId = await generateId();
  const envelope = await sealEnvelope(
    { messageId, threadId: messageId, createdAt: 1_000, expiresAt: 2_000, content: content(over), attachments },
    messageKey,
    sender,
  );
  return { messageKey, messageId, envelope };
}

describe("envelopes", () => {
  it("when sealed and opened with the right key and sender, then the content is identical", async () => {
    const alice = await generateIdentity();
    const c = content({ html: "<p>Hej</p>", cc: ["rektor@skola.example"] });
    const { messageKey, envelope, messageId } = await sealed(alice, c);
    const opened = await openEnvelope(envelope, messageKey, alice.signPublicKey);
    expect(opened.content).toEqual(c);
    expect(opened.header.messageId).toEqual(messageId);
    expect(opened.header.expiresAt).toBe(2_000);
  });

  it("when the body length changes a little, then the envelope length does not (padding to 1 KiB)", async () => {
    const alice = await generateIdentity();
    const a = await sealed(alice, { text: "kort" });
    const b = await sealed(alice, { text: "lite längre text, men ändå under en kilobyte" });
    expect(a.envelope.length).toBe(b.envelope.length);
  });

  it("when opened with another message key, then it is DECRYPT_FAILED", async () => {
    const alice = await generateIdentity();
    const { envelope } = await sealed(alice);
    await cryptoError(
      async () => openEnvelope(envelope, await generateMessageKey(), alice.signPublicKey),
      "DECRYPT_FAILED",
    );
  });

  it("when checked against another sender's key, then it is DECRYPT_FAILED", async () => {
    const alice = await generateIdentity();
    const mallory = await generateIdentity();
    const { envelope, messageKey } = await sealed(alice);
    await cryptoError(async () => openEnvelope(envelope, messageKey, mallory.signPublicKey), "DECRYPT_FAILED");
    await cryptoError(
      async () => verifyEnvelope(await parseEnvelope(envelope), mallory.signPublicKey),
      "DECRYPT_FAILED",
    );
  });

  it("when someone re-signs Alice's header and payload with their own key, then it fails against Alice's key", async () => {
    const alice = await generateIdentity();
    const mallory = await generateIdentity();
    const { envelope: fromMallory, messageKey } = await sealed(mallory);
    await cryptoError(async () => openEnvelope(fromMallory, messageKey, alice.signPublicKey), "DECRYPT_FAILED");
  });

  it("when any single bit of the envelope flips, then opening fails with a CryptoError and never another error", async () => {
    const alice = await generateIdentity();
    const { envelope, messageKey } = await sealed(alice);
    for (let bit = 0; bit < envelope.length * 8; bit += 3) {
      await cryptoError(async () => openEnvelope(flipBit(envelope, bit), messageKey, alice.signPublicKey));
    }
  });

  it("when a flipped bit is in the payload or signature, then the code is exactly DECRYPT_FAILED", async () => {
    const alice = await generateIdentity();
    const { envelope, messageKey } = await sealed(alice);
    for (const offset of [envelope.length - 1, envelope.length - 64, envelope.length - 200, envelope.length - 1000]) {
      await cryptoError(
        async () => openEnvelope(flipBit(envelope, offset * 8), messageKey, alice.signPublicKey),
        "DECRYPT_FAILED",
      );
    }
  });

  it("when the envelope is truncated or extended, then it is MALFORMED", async () => {
    const alice = await generateIdentity();
    const { envelope, messageKey } = await sealed(alice);
    for (const cut of [0, 1, 4, 8, 100, envelope.length - 1]) {
      await cryptoError(
        async () => openEnvelope(envelope.subarray(0, cut), messageKey, alice.signPublicKey),
        "MALFORMED",
      );
    }
    const longer = new Uint8Array(envelope.length + 1);
    longer.set(envelope);
    await cryptoError(async () => openEnvelope(longer, messageKey, alice.signPublicKey), "MALFORMED");
  });

  it("when the version byte is 2, then it is UNSUPPORTED_VERSION", async () => {
    const alice = await generateIdentity();
    const { envelope, messageKey } = await sealed(alice);
    const v2 = envelope.slice();
    v2[3] = 2;
    await cryptoError(async () => openEnvelope(v2, messageKey, alice.signPublicKey), "UNSUPPORTED_VERSION");
  });

  it.each([
    ["expiry before creation", { createdAt: 5, expiresAt: 5 }],
    ["a short message id", { messageId: new Uint8Array(15) }],
    [
      "a descriptor with an odd chunk size",
      {
        attachments: [
          { attachmentId: new Uint8Array(16), size: 1, chunkSize: 1000, ciphertextHash: new Uint8Array(32) },
        ],
      },
    ],
  ])("when sealing with %s, then it is INVALID_INPUT", async (_name, over) => {
    const alice = await generateIdentity();
    const messageId = await generateId();
    const input = {
      messageId,
      threadId: messageId,
      createdAt: 1,
      expiresAt: 2,
      content: content(),
      attachments: [],
      ...over,
    };
    const withNames = {
      ...input,
      content: content({ attachments: input.attachments.map(() => ({ name: "a", type: "b" })) }),
    };
    await cryptoError(async () => sealEnvelope(withNames as never, await generateMessageKey(), alice), "INVALID_INPUT");
  });

  it("when the text exceeds 8 MiB, then sealing is TOO_LARGE", async () => {
    const alice = await generateIdentity();
    await cryptoError(async () => sealed(alice, { text: "a".repeat(MAX_PAYLOAD_BYTES) }), "TOO_LARGE");
  });

  it("property: any content round-trips", async () => {
    const alice = await generateIdentity();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.string({ unit: "grapheme", maxLength: 2000 }),
        fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        fc.array(fc.emailAddress(), { maxLength: 5 }),
        async (subject, text, html, to) => {
          const c = content({ subject, text, to, ...(html !== undefined && { html }) });
          const { envelope, messageKey } = await sealed(alice, c);
          expect((await openEnvelope(envelope, messageKey, alice.signPublicKey)).content).toEqual(c);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("key stanzas", () => {
  it("when a stanza is sealed to Bob, then Bob gets the key, Carol gets null, and it is bound to its message", async () => {
    const [bob, carol] = [await generateIdentity(), await generateIdentity()];
    const key = await generateMessageKey();
    const messageId = await generateId();
    const stanza = await sealKeyStanza(key, messageId, bob.boxPublicKey);
    expect(await stanzaKind(stanza)).toBe("recipient");
    expect(await openKeyStanza(stanza, messageId, bob)).toEqual(key);
    expect(await openKeyStanza(stanza, messageId, carol)).toBeNull();
    await cryptoError(async () => openKeyStanza(stanza, await generateId(), bob), "DECRYPT_FAILED");
  });

  it("when a server parses a stanza without a key, then it gets the kind and, for an account's, exactly the key it is sealed to", async () => {
    const [bob, carol] = [await generateIdentity(), await generateIdentity()];
    const messageId = await generateId();
    const stanza = await sealKeyStanza(await generateMessageKey(), messageId, bob.boxPublicKey);
    const parsed = await parseStanza(stanza);
    expect(parsed.kind).toBe("recipient");
    expect(parsed.kind === "recipient" && [...parsed.recipient]).toEqual([...bob.boxPublicKey]);
    expect(parsed.kind === "recipient" && [...parsed.recipient]).not.toEqual([...carol.boxPublicKey]);
    // A copy: changing the stanza afterwards does not change what was read.
    stanza.fill(0);
    expect(parsed.kind === "recipient" && [...parsed.recipient]).toEqual([...bob.boxPublicKey]);
    const { stanza: invitation } = await createInvitation(await generateMessageKey(), messageId);
    expect(await parseStanza(invitation)).toEqual({ kind: "invitation" });
  });

  it("when a stanza is cut, lengthened, of another version or kind, then parseStanza refuses it with its code", async () => {
    const bob = await generateIdentity();
    const stanza = await sealKeyStanza(await generateMessageKey(), await generateId(), bob.boxPublicKey);
    const withByte = (at: number, value: number) => {
      const copy = stanza.slice();
      copy[at] = value;
      return copy;
    };
    const table: [string, Uint8Array, CryptoErrorCode][] = [
      ["empty", new Uint8Array(0), "MALFORMED"],
      ["cut by one byte", stanza.slice(0, -1), "MALFORMED"],
      ["the header only", stanza.slice(0, 5), "MALFORMED"],
      ["one byte too many", Uint8Array.of(...stanza, 0), "MALFORMED"],
      ["another magic", withByte(0, 0x58), "MALFORMED"],
      ["version 2", withByte(3, 2), "UNSUPPORTED_VERSION"],
      ["unknown kind 9", withByte(4, 9), "MALFORMED"],
      ["kind 2 with a recipient's body", withByte(4, 2), "MALFORMED"],
    ];
    for (const [what, bytes, code] of table) {
      expect((await cryptoError(async () => parseStanza(bytes))).code, what).toBe(code);
      expect((await cryptoError(async () => stanzaKind(bytes))).code, what).toBe(code);
    }
  });

  it("when bytes from storage become a signing key, then only 32 bytes pass", () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    expect(asSignPublicKey(bytes)).toBe(bytes);
    for (const length of [0, 31, 33, 64]) {
      expect(() => asSignPublicKey(new Uint8Array(length))).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT" }) as Error,
      );
    }
  });

  it("when a stanza names Bob's key but was sealed to someone else, then it is DECRYPT_FAILED", async () => {
    const [bob, carol] = [await generateIdentity(), await generateIdentity()];
    const messageId = await generateId();
    const stanza = await sealKeyStanza(await generateMessageKey(), messageId, carol.boxPublicKey);
    stanza.set(bob.boxPublicKey, 5);
    await cryptoError(async () => openKeyStanza(stanza, messageId, bob), "DECRYPT_FAILED");
  });

  it("when any bit of a recipient stanza flips, then Bob never gets a key silently", async () => {
    const bob = await generateIdentity();
    const key = await generateMessageKey();
    const messageId = await generateId();
    const stanza = await sealKeyStanza(key, messageId, bob.boxPublicKey);
    for (let bit = 0; bit < stanza.length * 8; bit++) {
      const flipped = flipBit(stanza, bit);
      // Inside the recipient key the stanza is simply "not for Bob" (null); anywhere else it is an error.
      if (bit >= 5 * 8 && bit < 37 * 8) expect(await openKeyStanza(flipped, messageId, bob)).toBeNull();
      else await cryptoError(async () => openKeyStanza(flipped, messageId, bob));
    }
  });

  it("when an invitation is opened with its link secret, then the key comes out; a wrong secret or id fails", async () => {
    const key = await generateMessageKey();
    const messageId = await generateId();
    const { linkSecret, stanza } = await createInvitation(key, messageId);
    expect(await stanzaKind(stanza)).toBe("invitation");
    expect(await openInvitationStanza(stanza, messageId, linkSecret)).toEqual(key);
    const other = await createInvitation(key, messageId);
    await cryptoError(async () => openInvitationStanza(stanza, messageId, other.linkSecret), "DECRYPT_FAILED");
    await cryptoError(async () => openInvitationStanza(stanza, await generateId(), linkSecret), "DECRYPT_FAILED");
    for (let bit = 0; bit < stanza.length * 8; bit++) {
      await cryptoError(async () => openInvitationStanza(flipBit(stanza, bit), messageId, linkSecret));
    }
  });

  it("when a recipient stanza is given to the invitation opener (or the reverse), then it is MALFORMED", async () => {
    const bob = await generateIdentity();
    const key = await generateMessageKey();
    const messageId = await generateId();
    const { linkSecret, stanza } = await createInvitation(key, messageId);
    const recipient = await sealKeyStanza(key, messageId, bob.boxPublicKey);
    await cryptoError(async () => openInvitationStanza(recipient, messageId, linkSecret), "MALFORMED");
    await cryptoError(async () => openKeyStanza(stanza, messageId, bob), "MALFORMED");
  });

  it("when a forged stanza delivers a different key for a real envelope, then the key commitment refuses it", async () => {
    const alice = await generateIdentity();
    const { envelope, messageId } = await sealed(alice);
    const bob = await generateIdentity();
    const forgedKey = (await openKeyStanza(
      await sealKeyStanza(await generateMessageKey(), messageId, bob.boxPublicKey),
      messageId,
      bob,
    )) as MessageKey;
    await cryptoError(async () => openEnvelope(envelope, forgedKey, alice.signPublicKey), "DECRYPT_FAILED");
  });
});
