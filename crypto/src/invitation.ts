// Bound invitations (stanza kind 3): how a first-time recipient's copy of the message key is
// locked. Three things are needed to open one, held by three different parties:
// - the link secret, in the notification link's fragment (the recipients' mailboxes);
// - the release key, random per invitation, kept by the server and handed out only to the account
//   that proved control of the invited mailbox (or knew the access code) and enrolled a passkey;
// - when the sender set one, the access code, given out of band and stretched with Argon2id.
// The key is also bound to the message id and the invited address, so one recipient's invitation
// opens with nothing of another's. The server keeps only a digest of a verifier derived from the
// code AND the link secret, so it can check a typed code without being able to test codes itself.
import {
  ByteReader,
  checkLength,
  concatBytes,
  equalBytes,
  u32,
  utf8,
  type Branded,
  type Id16,
  type LinkSecret,
  type MessageKey,
} from "./bytes.ts";
import { CryptoError, decryptFailed } from "./errors.ts";
import { deriveKey, domainInput, labelledHash, LABELS } from "./kdf.ts";
import { loadSodium } from "./sodium.ts";

/** The server's share of an invitation (32 random bytes), released after proof of the mailbox. */
export type ReleaseKey = Branded<"ReleaseKey">;
/** What a recipient's client shows the server to prove it knows the access code (32 bytes). */
export type CodeVerifier = Branded<"CodeVerifier">;

const MAGIC = utf8("SGS");
const VERSION = 1;
const BOUND_INVITATION = 3;

/**
 * Argon2id cost for access codes: ops 3, 64 MiB (about 0.15 s in WebAssembly here). With the
 * 12-digit codes Sigill makes, testing every code offline (someone who has both the link and a
 * copy of the database) costs about 10^12 × 0.15 s, some 4,700 CPU-years.
 */
export const ACCESS_CODE_ARGON2 = { opsLimit: 3, memLimit: 64 * 1024 * 1024 } as const;
const BOUNDS = { minOps: 1, maxOps: 10, minMem: 8 * 1024 * 1024, maxMem: 256 * 1024 * 1024 } as const;

/** Argon2id parameters of a code-locked invitation (readable without any secret). */
export interface AccessCodeParams {
  readonly salt: Uint8Array;
  readonly opsLimit: number;
  readonly memLimit: number;
}

/** What opens (and seals) a bound invitation. */
export interface InvitationSecrets {
  readonly messageId: Id16;
  readonly linkSecret: LinkSecret;
  /** The invited address, in the form {@link normaliseAddress} gives (the server's form). */
  readonly address: string;
  readonly releaseKey: ReleaseKey;
  /** The access code, when the sender set one. */
  readonly accessCode?: string;
}

const GMAIL_STYLE = new Set(["gmail.com", "googlemail.com"]);

/**
 * The one form an e-mail address is stored, looked up and bound by, on every side: Unicode NFC,
 * trimmed, lower case, and for Gmail-style domains without dots and '+tag' in the local part,
 * googlemail.com folded into gmail.com (their mail servers ignore both).
 */
export function normaliseAddress(address: string): string {
  const lower = address.normalize("NFC").trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  if (GMAIL_STYLE.has(domain)) {
    local = local.split("+")[0]?.replace(/\./g, "") ?? local;
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

/**
 * An access code as a person types it, in the form it is stretched: Unicode NFKC (full-width
 * digits become ASCII), spaces and dashes removed, upper case.
 * @throws CryptoError `INVALID_INPUT` for fewer than 8 or more than 64 characters left.
 */
export function normaliseAccessCode(code: string): string {
  const text = code
    .normalize("NFKC")
    .replace(/[\s\u2010-\u2015\u2212-]/gu, "")
    .toUpperCase();
  if (text.length < 8 || text.length > 64) throw new CryptoError("INVALID_INPUT", "an access code has 8-64 characters");
  return text;
}

/** A fresh link secret (32 random bytes, for the link's fragment). */
export async function generateLinkSecret(): Promise<LinkSecret> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(32) as LinkSecret;
}

/** A fresh release key (the server's share of one invitation). */
export async function generateReleaseKey(): Promise<ReleaseKey> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(32) as ReleaseKey;
}

interface Header {
  readonly bytes: Uint8Array;
  readonly code: AccessCodeParams | null;
}

function encodeHeader(code: AccessCodeParams | null): Uint8Array {
  return concatBytes(
    MAGIC,
    Uint8Array.of(VERSION, BOUND_INVITATION, code === null ? 0 : 1),
    code?.salt ?? new Uint8Array(16),
    u32(code?.opsLimit ?? 0),
    u32(code?.memLimit ?? 0),
  );
}

function readHeader(r: ByteReader): Header {
  r.magic(MAGIC, VERSION, "key stanza");
  if (r.u8() !== BOUND_INVITATION) throw new CryptoError("MALFORMED", "not a bound invitation stanza");
  const flags = r.u8();
  const salt = r.take(16);
  const opsLimit = r.u32();
  const memLimit = r.u32();
  if (flags === 0) {
    if (opsLimit !== 0 || memLimit !== 0 || salt.some((b) => b !== 0))
      throw new CryptoError("MALFORMED", "an invitation without a code has no code parameters");
    return { bytes: encodeHeader(null), code: null };
  }
  if (flags !== 1) throw new CryptoError("MALFORMED", "unknown invitation flags");
  // A hostile server must not make a client allocate without bound.
  if (opsLimit < BOUNDS.minOps || opsLimit > BOUNDS.maxOps || memLimit < BOUNDS.minMem || memLimit > BOUNDS.maxMem)
    throw new CryptoError("MALFORMED", "access-code parameters out of bounds");
  const code = { salt, opsLimit, memLimit };
  return { bytes: encodeHeader(code), code };
}

/** Argon2id of the normalised code: the code's contribution to the key and to the verifier. */
async function stretchCode(code: string, params: AccessCodeParams): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_pwhash(
    32,
    utf8(normaliseAccessCode(code)),
    params.salt,
    params.opsLimit,
    params.memLimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
}

function checkSecrets(s: InvitationSecrets): void {
  checkLength(s.messageId, 16, "message id");
  checkLength(s.linkSecret, 32, "link secret");
  checkLength(s.releaseKey, 32, "release key");
  if (s.address !== normaliseAddress(s.address) || s.address.length < 3 || s.address.length > 254)
    throw new CryptoError("INVALID_INPUT", "the address must be given in its normal form");
}

function keyAndAad(s: InvitationSecrets, header: Uint8Array, stretched: Uint8Array | null) {
  const address = utf8(s.address);
  return {
    key: deriveKey(
      s.linkSecret,
      LABELS.invitationKey,
      s.messageId,
      address,
      s.releaseKey,
      stretched ?? new Uint8Array(0),
    ),
    aad: domainInput(LABELS.invitationAad, [header, s.messageId, address]),
  };
}

function verifierFrom(stretched: Uint8Array, s: Pick<InvitationSecrets, "linkSecret" | "messageId" | "address">) {
  return deriveKey(stretched, LABELS.invitationVerifier, s.linkSecret, s.messageId, utf8(s.address)) as CodeVerifier;
}

/** A sealed bound invitation, with what the server stores beside it. */
export interface SealedInvitation {
  /** `"SGS" 0x01 0x03 | flags | salt(16) | u32 ops | u32 mem | nonce(24) | ciphertext(48)`. */
  readonly stanza: Uint8Array;
  /** The digest the server keeps to check a typed code (null without a code). */
  readonly verifierDigest: Uint8Array | null;
}

/**
 * Locks `messageKey` for one first-time recipient with the link secret, that recipient's address,
 * the server's release key and (optionally) the access code.
 * @throws CryptoError `INVALID_INPUT` for wrong lengths, an address not in normal form, or a code
 *   of fewer than 8 characters.
 */
export async function sealInvitation(messageKey: MessageKey, s: InvitationSecrets): Promise<SealedInvitation> {
  const sodium = await loadSodium();
  checkLength(messageKey, 32, "message key");
  checkSecrets(s);
  const code = s.accessCode === undefined ? null : { salt: sodium.randombytes_buf(16), ...ACCESS_CODE_ARGON2 };
  const stretched = code === null ? null : await stretchCode(s.accessCode ?? "", code);
  const header = encodeHeader(code);
  const { key, aad } = keyAndAad(s, header, stretched);
  const nonce = sodium.randombytes_buf(24);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(messageKey, aad, null, nonce, key);
  return {
    stanza: concatBytes(header, nonce, ciphertext),
    verifierDigest: stretched === null ? null : digestVerifier(verifierFrom(stretched, s)),
  };
}

/**
 * The access-code parameters of a bound invitation stanza, or null when it has no code; checks
 * the whole layout (so a server can refuse a malformed stanza before storing it).
 * @throws CryptoError `MALFORMED` / `UNSUPPORTED_VERSION` for anything but a v1 bound invitation.
 */
export async function invitationCodeParams(stanza: Uint8Array): Promise<AccessCodeParams | null> {
  await loadSodium();
  const r = new ByteReader(stanza);
  const header = readHeader(r);
  r.take(24 + 48);
  r.end();
  return header.code;
}

/**
 * What the recipient's client shows the server for the code the person typed: derived from the
 * code (stretched with the invitation's parameters) and the link secret, so the server, which has
 * neither, cannot turn what it stores back into codes to try.
 * @throws CryptoError `INVALID_INPUT` for a code of fewer than 8 characters, bad parameters or lengths.
 */
export async function accessCodeVerifier(
  params: AccessCodeParams,
  s: Pick<InvitationSecrets, "linkSecret" | "messageId" | "address"> & { readonly accessCode: string },
): Promise<CodeVerifier> {
  checkLength(s.linkSecret, 32, "link secret");
  checkLength(s.messageId, 16, "message id");
  checkLength(params.salt, 16, "salt");
  if (
    params.opsLimit < BOUNDS.minOps ||
    params.opsLimit > BOUNDS.maxOps ||
    params.memLimit < BOUNDS.minMem ||
    params.memLimit > BOUNDS.maxMem
  )
    throw new CryptoError("INVALID_INPUT", "access-code parameters out of bounds");
  return verifierFrom(await stretchCode(s.accessCode, params), s);
}

/** The digest of a verifier the server stores and compares (the verifier has 256 bits: no stretching needed). */
export function digestVerifier(verifier: Uint8Array): Uint8Array {
  checkLength(verifier, 32, "verifier");
  return labelledHash(LABELS.invitationVerifierDigest, [verifier]);
}

/** Whether `verifier` matches a stored digest, in constant time. */
export async function checkVerifier(digest: Uint8Array, verifier: Uint8Array): Promise<boolean> {
  await loadSodium();
  return verifier.length === 32 && digest.length === 32 && equalBytes(digestVerifier(verifier), digest);
}

/**
 * Opens a bound invitation.
 * @throws CryptoError `DECRYPT_FAILED` for any wrong secret (link, address, release key or code),
 *   another message, or any change; `INVALID_INPUT` when the stanza needs a code and none was
 *   given, or for wrong lengths; `MALFORMED` / `UNSUPPORTED_VERSION` for anything but a v1
 *   bound invitation stanza.
 */
export async function openInvitation(stanza: Uint8Array, s: InvitationSecrets): Promise<MessageKey> {
  const sodium = await loadSodium();
  checkSecrets(s);
  const r = new ByteReader(stanza);
  const header = readHeader(r);
  const nonce = r.take(24);
  const ciphertext = r.take(48);
  r.end();
  if (header.code !== null && s.accessCode === undefined)
    throw new CryptoError("INVALID_INPUT", "this invitation needs its access code");
  const stretched = header.code === null ? null : await stretchCode(s.accessCode ?? "", header.code);
  const { key, aad } = keyAndAad(s, header.bytes, stretched);
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, aad, nonce, key) as MessageKey;
  } catch {
    throw decryptFailed();
  }
}
