import fc from "fast-check";
import { describe, it } from "vitest";
import {
  decodeBase64Url,
  decryptAttachment,
  generateId,
  generateIdentity,
  generateMessageKey,
  inspectVaultEntry,
  invitationCodeParams,
  openInvitation,
  openEnvelope,
  openInvitationStanza,
  openKeyStanza,
  parseEnvelope,
  parseId,
  parseLinkSecret,
  parsePublicBundle,
  parseRecoveryCode,
  parseStanza,
  stanzaKind,
  unwrapIdentity,
  type AttachmentDescriptor,
  type LinkSecret,
  type ReleaseKey,
} from "../src/index.ts";
import { collect, cryptoError } from "./helpers.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Random bytes, and random bytes behind each real magic+version, so parsers are reached deeply. */
const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc
    .tuple(
      fc.constantFrom("SGE", "SGB", "SGV", "SGS"),
      fc.integer({ min: 0, max: 3 }),
      fc.uint8Array({ maxLength: 600 }),
    )
    .map(([magic, version, tail]) => new Uint8Array([...utf8(magic), version, ...tail])),
);

describe("garbage input of random length", () => {
  it("when any parser or opener gets garbage, then it throws a CryptoError and nothing else", async () => {
    const bob = await generateIdentity();
    const messageId = await generateId();
    const messageKey = await generateMessageKey();
    const linkSecret = crypto.getRandomValues(new Uint8Array(32)) as LinkSecret;
    const descriptor: AttachmentDescriptor = {
      attachmentId: messageId,
      size: 3000,
      chunkSize: 1024,
      ciphertextHash: new Uint8Array(32),
    };
    const openers: ((bytes: Uint8Array) => Promise<unknown>)[] = [
      (b) => parseEnvelope(b),
      (b) => openEnvelope(b, messageKey, bob.signPublicKey),
      (b) => parsePublicBundle(b),
      (b) => inspectVaultEntry(b),
      (b) => unwrapIdentity(b, { method: "prf", prfOutput: new Uint8Array(32) }),
      (b) => stanzaKind(b),
      (b) => parseStanza(b),
      (b) => openKeyStanza(b, messageId, bob),
      (b) => openInvitationStanza(b, messageId, linkSecret),
      (b) => invitationCodeParams(b),
      (b) =>
        openInvitation(b, {
          messageId,
          linkSecret,
          address: "a@b.se",
          releaseKey: linkSecret as unknown as ReleaseKey,
        }),
      (b) => collect(decryptAttachment([b], { messageKey, messageId, descriptor })),
    ];
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        for (const open of openers) await cryptoError(async () => open(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("when text parsers get random strings, then they throw a CryptoError and nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 60 }), async (text) => {
        await cryptoError(async () => parseRecoveryCode(text));
        await cryptoError(async () => parseId(`${text}!`));
        await cryptoError(async () => parseLinkSecret(`${text}=`));
        await cryptoError(async () => decodeBase64Url(`${text}+`));
      }),
      { numRuns: 500 },
    );
  });

  it.each(["AB", "AAA=", "A", "AAB", "_-x"])(
    "when base64url text %s is not canonical unpadded base64url, then it is MALFORMED",
    async (text) => {
      await cryptoError(async () => decodeBase64Url(text), "MALFORMED");
    },
  );
});
