// Writes test/vectors/v1.json: frozen protocol-v1 objects that every future version of this
// package must still read. Run once per format change (`pnpm --filter @sigill/crypto vectors`);
// never regenerate to make a failing test pass: a failure means v1 compatibility broke.
import { writeFileSync } from "node:fs";
import { toBase64Url, type BoxPublicKey, type Id16, type LinkSecret, type MessageKey } from "../src/bytes.ts";
import { encryptAttachment } from "../src/attachment.ts";
import { sealEnvelope, type MessageContent } from "../src/envelope.ts";
import { encodePublicBundle, fingerprint, identityFromSeeds } from "../src/identity.ts";
import { formatRecoveryCode } from "../src/recovery-code.ts";
import { loadSodium } from "../src/sodium.ts";
import { sealInvitationStanza, sealKeyStanza } from "../src/stanza.ts";
import { prfSalt, wrapIdentity } from "../src/vault.ts";

const sodium = await loadSodium();
const b64 = toBase64Url;
/** Fixed, visibly synthetic secrets: bytes 0..31 offset by a tag. */
const fixed = (tag: number, length = 32) => Uint8Array.from({ length }, (_, i) => (i + tag) & 255);
const pattern = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 255);

const alice = await identityFromSeeds(fixed(1), fixed(2));
const bob = await identityFromSeeds(fixed(3), fixed(4));
const identities = await Promise.all(
  [
    ["alice", alice, fixed(1), fixed(2)],
    ["bob", bob, fixed(3), fixed(4)],
  ].map(async ([name, id, boxSecret, signSeed]) => {
    const identity = id as typeof alice;
    return {
      name,
      boxSecret: b64(boxSecret as Uint8Array),
      signSeed: b64(signSeed as Uint8Array),
      boxPublicKey: b64(identity.boxPublicKey),
      signPublicKey: b64(identity.signPublicKey),
      fingerprint: await fingerprint(identity),
    };
  }),
);

const bundleMeta = {
  accountId: "acct-alice-0001",
  address: "anna.larsson@skola.example",
  createdAt: 1_790_000_000_000,
};
const recoveryEntropy = fixed(9, 16);
const recoveryCode = await formatRecoveryCode(recoveryEntropy);
const credentialId = fixed(20, 48);
const prfOutput = fixed(40);
const archive = sodium.crypto_box_seed_keypair(fixed(60));

const messageId = fixed(80, 16) as Id16;
const threadId = fixed(96, 16) as Id16;
const messageKey = fixed(112) as MessageKey;
const linkSecret = fixed(144);
const attachmentSpecs = [
  { size: 2500, chunkSize: 1024, name: "utvecklingsplan.pdf", type: "application/pdf" },
  { size: 2048, chunkSize: 1024, name: "exakt-två-chunkar.bin", type: "application/octet-stream" },
  { size: 0, chunkSize: 1024, name: "tom.txt", type: "text/plain" },
];
const attachments = [];
const descriptors = [];
for (const [i, spec] of attachmentSpecs.entries()) {
  const attachmentId = fixed(160 + i * 16, 16) as Id16;
  const enc = encryptAttachment([pattern(spec.size)], {
    messageKey,
    messageId,
    attachmentId,
    chunkSize: spec.chunkSize,
  });
  const pieces: Uint8Array[] = [];
  for await (const p of enc) pieces.push(p);
  descriptors.push(enc.descriptor());
  attachments.push({
    attachmentId: b64(attachmentId),
    size: spec.size,
    chunkSize: spec.chunkSize,
    plaintext: "pattern: byte i = (i * 31 + 7) & 255",
    ciphertext: b64(Uint8Array.from(pieces.flatMap((p) => [...p]))),
  });
}
const content: MessageContent = {
  subject: "Möte om elevens stöd",
  text: "Hej! Här kommer underlaget inför mötet. (Syntetiska testdata: 19121212-1212.)\n",
  html: "<p>Hej! Här kommer underlaget inför mötet.</p>",
  from: { name: "Anna Larsson", address: bundleMeta.address },
  to: ["vardnadshavare@example.org"],
  cc: [],
  attachments: attachmentSpecs.map(({ name, type }) => ({ name, type })),
};
const envelope = await sealEnvelope(
  {
    messageId,
    threadId,
    createdAt: 1_790_000_100_000,
    expiresAt: 1_792_592_100_000,
    content,
    attachments: descriptors,
  },
  messageKey,
  alice,
);

const vectors = {
  description:
    "Frozen Sigill protocol v1 objects. All secrets are synthetic test values. Tests must open every one of them, forever.",
  identities,
  bundle: { ...bundleMeta, bytes: b64(await encodePublicBundle(alice, bundleMeta)) },
  recoveryCode: { entropy: b64(recoveryEntropy), text: recoveryCode },
  prfSalt: b64(await prfSalt()),
  vault: {
    prf: {
      credentialId: b64(credentialId),
      prfOutput: b64(prfOutput),
      entry: b64(await wrapIdentity(alice, { method: "prf", credentialId, prfOutput })),
    },
    recovery: { code: recoveryCode, entry: b64(await wrapIdentity(alice, { method: "recovery", recoveryCode })) },
    archive: {
      publicKey: b64(archive.publicKey),
      secretKey: b64(archive.privateKey),
      entry: b64(await wrapIdentity(alice, { method: "archive", archivePublicKey: archive.publicKey as BoxPublicKey })),
    },
  },
  message: {
    messageId: b64(messageId),
    threadId: b64(threadId),
    messageKey: b64(messageKey),
    envelope: b64(envelope),
    content: { ...content, attachments: content.attachments },
    stanzas: {
      alice: b64(await sealKeyStanza(messageKey, messageId, alice.boxPublicKey)),
      bob: b64(await sealKeyStanza(messageKey, messageId, bob.boxPublicKey)),
    },
    invitation: {
      linkSecret: b64(linkSecret),
      stanza: b64(await sealInvitationStanza(messageKey, messageId, linkSecret as LinkSecret)),
    },
    attachments,
  },
};
writeFileSync(new URL("../test/vectors/v1.json", import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
console.log("wrote test/vectors/v1.json");
