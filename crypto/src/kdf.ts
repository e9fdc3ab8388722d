// Every domain-separation label of protocol v1, and the two ways they are used.
// docs/protocol.md lists the same table; a test checks that the two agree.
import { concatBytes, lengthPrefixed, utf8 } from "./bytes.ts";
import { readySodium } from "./sodium.ts";

export const LABELS = {
  bundleSignature: "sigill/v1/bundle-signature",
  fingerprint: "sigill/v1/fingerprint",
  prfSalt: "sigill/v1/webauthn/prf-salt",
  vaultPrf: "sigill/v1/vault/prf",
  vaultRecovery: "sigill/v1/vault/recovery",
  vaultArchive: "sigill/v1/vault/archive",
  vaultAad: "sigill/v1/vault/aad",
  recoveryCheck: "sigill/v1/recovery-code/check",
  headerHash: "sigill/v1/envelope/header-hash",
  payloadHash: "sigill/v1/envelope/payload-hash",
  envelopeSignature: "sigill/v1/envelope/signature",
  keyCommitment: "sigill/v1/message/key-commitment",
  bodyKey: "sigill/v1/message/body-key",
  attachmentKey: "sigill/v1/attachment/key",
  attachmentHash: "sigill/v1/attachment/ciphertext-hash",
  inviteKey: "sigill/v1/stanza/invite-key",
  inviteAad: "sigill/v1/stanza/invite-aad",
  invitationKey: "sigill/v1/invitation/key",
  invitationAad: "sigill/v1/invitation/aad",
  invitationVerifier: "sigill/v1/invitation/code-verifier",
  invitationVerifierDigest: "sigill/v1/invitation/verifier-digest",
} as const;

export type Label = (typeof LABELS)[keyof typeof LABELS];

/** `label` and every part, each u16-length-prefixed, concatenated: unambiguous by construction. */
export function domainInput(label: Label, parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(lengthPrefixed(utf8(label)), ...parts.map(lengthPrefixed));
}

/** Keyed BLAKE2b-256: `BLAKE2b(key = key, msg = domainInput(label, parts))`. */
export function deriveKey(key: Uint8Array, label: Label, ...parts: Uint8Array[]): Uint8Array {
  return readySodium().crypto_generichash(32, domainInput(label, parts), key);
}

/** Unkeyed BLAKE2b with a label; `length` 32 unless stated. */
export function labelledHash(label: Label, parts: readonly Uint8Array[], length = 32): Uint8Array {
  return readySodium().crypto_generichash(length, domainInput(label, parts), null);
}

/** Incremental BLAKE2b-256 over `u16 len(label) || label || data...` for data of any size. */
export interface LabelledHasher {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

export function createLabelledHasher(label: Label): LabelledHasher {
  const sodium = readySodium();
  const state = sodium.crypto_generichash_init(null, 32);
  sodium.crypto_generichash_update(state, lengthPrefixed(utf8(label)));
  return {
    update: (data) => {
      sodium.crypto_generichash_update(state, data);
    },
    digest: () => sodium.crypto_generichash_final(state, 32),
  };
}
