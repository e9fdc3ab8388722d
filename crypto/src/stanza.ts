import {
  checkLength,
  ByteReader,
  concatBytes,
  equalBytes,
  utf8,
  type Id16,
  type LinkSecret,
  type MessageKey,
} from "./bytes.ts";
import { CryptoError, decryptFailed } from "./errors.ts";
import type { Identity } from "./identity.ts";
import type { BoxPublicKey } from "./bytes.ts";
import { deriveKey, domainInput, LABELS } from "./kdf.ts";
import { loadSodium } from "./sodium.ts";

// A stanza delivers one message key to one reader. Stanzas are not covered by the envelope's
// signature (so they can be appended later); the envelope's key commitment makes a forged
// stanza useless, because only the one committed key opens the message.
const MAGIC = utf8("SGS");
const VERSION = 1;
const RECIPIENT = 1;
const INVITATION = 2;
/** Kind 3, a bound invitation: see invitation.ts. */
const BOUND_INVITATION = 3;
const SEALED_LENGTH = 16 + 32 + 48; // crypto_box_seal(messageId || messageKey)

/**
 * The kind of stanza, readable without a key: an account's (`recipient`), a link-only invitation
 * (`invitation`, kind 2: still opened, no longer accepted for new messages), or a bound invitation
 * (`bound-invitation`, kind 3: link secret, address, release key and access code; invitation.ts).
 */
export type StanzaKind = "recipient" | "invitation" | "bound-invitation";

function prefix(kind: number): Uint8Array {
  return concatBytes(MAGIC, Uint8Array.of(VERSION, kind));
}

function readKind(r: ByteReader): StanzaKind {
  r.magic(MAGIC, VERSION, "key stanza");
  const kind = r.u8();
  if (kind === RECIPIENT) return "recipient";
  if (kind === INVITATION) return "invitation";
  if (kind === BOUND_INVITATION) return "bound-invitation";
  throw new CryptoError("MALFORMED", "unknown stanza kind");
}

const BODY_LENGTH: Record<StanzaKind, number> = {
  recipient: 32 + SEALED_LENGTH,
  invitation: 24 + 32 + 16,
  "bound-invitation": 1 + 16 + 4 + 4 + 24 + 32 + 16,
};

/**
 * A stanza as a server may read it without a key: its kind and, for an account's stanza, the
 * X25519 key it names (which the server compares with the reader's current key).
 */
export type ParsedStanza =
  | { readonly kind: "recipient"; readonly recipient: BoxPublicKey }
  | { readonly kind: "invitation" | "bound-invitation" };

/**
 * Reads a stanza's kind and, for an account's stanza, the key it is sealed to; checks the whole
 * layout, so a server can refuse a malformed stanza before storing it. The byte layout stays here:
 * callers never slice stanza bytes.
 * @throws CryptoError `MALFORMED` / `UNSUPPORTED_VERSION` for anything but a v1 stanza.
 */
export async function parseStanza(stanza: Uint8Array): Promise<ParsedStanza> {
  await loadSodium();
  const r = new ByteReader(stanza);
  const kind = readKind(r);
  const body = r.take(BODY_LENGTH[kind]);
  r.end();
  return kind === "recipient" ? { kind, recipient: body.slice(0, 32) as BoxPublicKey } : { kind };
}

/**
 * Whether a stanza is for an account (`recipient`) or for a link (`invitation`); checks the
 * whole layout, so a server can refuse a malformed stanza before storing it.
 * @throws CryptoError `MALFORMED` / `UNSUPPORTED_VERSION` for anything but a v1 stanza.
 */
export async function stanzaKind(stanza: Uint8Array): Promise<StanzaKind> {
  return (await parseStanza(stanza)).kind;
}

/** A fresh random message key. */
export async function generateMessageKey(): Promise<MessageKey> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(32) as MessageKey;
}

/** A fresh random 16-byte id for a message, thread or attachment (unguessable: 128 bits). */
export async function generateId(): Promise<Id16> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(16) as Id16;
}

/**
 * Seals `messageKey` to one account's X25519 key: `"SGS" 0x01 0x01 | recipient key(32) |
 * crypto_box_seal(messageId || messageKey)(96)`.
 * @throws CryptoError `INVALID_INPUT` for wrong key or id lengths.
 */
export async function sealKeyStanza(
  messageKey: MessageKey,
  messageId: Id16,
  recipient: BoxPublicKey,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  checkLength(messageKey, 32, "message key");
  checkLength(messageId, 16, "message id");
  checkLength(recipient, 32, "recipient key");
  return concatBytes(
    prefix(RECIPIENT),
    recipient,
    sodium.crypto_box_seal(concatBytes(messageId, messageKey), recipient),
  );
}

/**
 * Opens a recipient stanza with `identity`.
 * @returns the message key, or `null` when the stanza is addressed to a different key.
 * @throws CryptoError `DECRYPT_FAILED` when it is addressed to this key but does not open or is
 *   bound to another message; `MALFORMED` / `UNSUPPORTED_VERSION` for anything but a v1
 *   recipient stanza.
 */
export async function openKeyStanza(
  stanza: Uint8Array,
  messageId: Id16,
  identity: Identity,
): Promise<MessageKey | null> {
  const sodium = await loadSodium();
  const r = new ByteReader(stanza);
  if (readKind(r) !== "recipient") throw new CryptoError("MALFORMED", "not a recipient stanza");
  const recipient = r.take(32);
  const sealed = r.take(SEALED_LENGTH);
  r.end();
  if (!equalBytes(recipient, identity.boxPublicKey)) return null;
  let opened: Uint8Array;
  try {
    opened = sodium.crypto_box_seal_open(sealed, identity.boxPublicKey, identity.boxSecretKey);
  } catch {
    throw decryptFailed();
  }
  if (!equalBytes(opened.subarray(0, 16), messageId)) throw decryptFailed();
  return opened.slice(16) as MessageKey;
}

function inviteParts(linkSecret: LinkSecret, messageId: Id16) {
  return {
    key: deriveKey(linkSecret, LABELS.inviteKey, messageId),
    aad: domainInput(LABELS.inviteAad, [prefix(INVITATION), messageId]),
  };
}

/**
 * Wraps `messageKey` under a key derived from `linkSecret`, for a first-time recipient:
 * `"SGS" 0x01 0x02 | nonce(24) | XChaCha20-Poly1305(messageKey)(48)`. The link secret
 * travels only in the URL fragment and never reaches the server.
 */
export async function sealInvitationStanza(
  messageKey: MessageKey,
  messageId: Id16,
  linkSecret: LinkSecret,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  checkLength(messageKey, 32, "message key");
  checkLength(messageId, 16, "message id");
  checkLength(linkSecret, 32, "link secret");
  const { key, aad } = inviteParts(linkSecret, messageId);
  const nonce = sodium.randombytes_buf(24);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(messageKey, aad, null, nonce, key);
  return concatBytes(prefix(INVITATION), nonce, ciphertext);
}

/** A new random link secret and the invitation stanza it opens. */
export async function createInvitation(
  messageKey: MessageKey,
  messageId: Id16,
): Promise<{ linkSecret: LinkSecret; stanza: Uint8Array }> {
  const sodium = await loadSodium();
  const linkSecret = sodium.randombytes_buf(32) as LinkSecret;
  return { linkSecret, stanza: await sealInvitationStanza(messageKey, messageId, linkSecret) };
}

/**
 * Opens an invitation stanza with the link secret from the URL fragment.
 * @throws CryptoError `DECRYPT_FAILED` for a wrong secret, wrong message id or any change;
 *   `MALFORMED` / `UNSUPPORTED_VERSION` for anything but a v1 invitation stanza;
 *   `INVALID_INPUT` for a link secret that is not 32 bytes.
 */
export async function openInvitationStanza(
  stanza: Uint8Array,
  messageId: Id16,
  linkSecret: LinkSecret,
): Promise<MessageKey> {
  const sodium = await loadSodium();
  checkLength(linkSecret, 32, "link secret");
  const r = new ByteReader(stanza);
  if (readKind(r) !== "invitation") throw new CryptoError("MALFORMED", "not an invitation stanza");
  const nonce = r.take(24);
  const ciphertext = r.take(32 + 16);
  r.end();
  const { key, aad } = inviteParts(linkSecret, messageId);
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, aad, nonce, key) as MessageKey;
  } catch {
    throw decryptFailed();
  }
}
