import {
  checkLength,
  ByteReader,
  concatBytes,
  fromUtf8,
  lengthPrefixed,
  u64,
  utf8,
  type BoxPublicKey,
  type BoxSecretKey,
  type SignPublicKey,
  type SignSecretKey,
} from "./bytes.ts";
import { CryptoError, decryptFailed } from "./errors.ts";
import { domainInput, LABELS, labelledHash } from "./kdf.ts";
import { loadSodium } from "./sodium.ts";

/** A person's key pairs. The secret halves never leave the device except inside a vault entry. */
export interface Identity {
  readonly boxPublicKey: BoxPublicKey;
  readonly boxSecretKey: BoxSecretKey;
  readonly signPublicKey: SignPublicKey;
  readonly signSecretKey: SignSecretKey;
}

/** What the server's key directory publishes for an account, self-signed by its Ed25519 key. */
export interface PublicBundle {
  readonly accountId: string;
  /** The e-mail address, as normalised by the caller (trimmed, lower case). */
  readonly address: string;
  readonly boxPublicKey: BoxPublicKey;
  readonly signPublicKey: SignPublicKey;
  /** Milliseconds since the Unix epoch. */
  readonly createdAt: number;
}

const BUNDLE_MAGIC = utf8("SGB");
const VERSION = 1;
const MAX_ADDRESS = 254;

/** Generates fresh X25519 and Ed25519 key pairs from libsodium's CSPRNG. */
export async function generateIdentity(): Promise<Identity> {
  const sodium = await loadSodium();
  return identityFromSeeds(sodium.randombytes_buf(32), sodium.randombytes_buf(32));
}

/** Rebuilds an identity from its two 32-byte secrets (X25519 secret key, Ed25519 seed). */
export async function identityFromSeeds(boxSecret: Uint8Array, signSeed: Uint8Array): Promise<Identity> {
  const sodium = await loadSodium();
  checkLength(boxSecret, 32, "X25519 secret key");
  checkLength(signSeed, 32, "Ed25519 seed");
  const sign = sodium.crypto_sign_seed_keypair(signSeed);
  return {
    boxPublicKey: sodium.crypto_scalarmult_base(boxSecret) as BoxPublicKey,
    boxSecretKey: boxSecret.slice() as BoxSecretKey,
    signPublicKey: sign.publicKey as SignPublicKey,
    signSecretKey: sign.privateKey as SignSecretKey,
  };
}

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checkAccountId(value: string, code: "INVALID_INPUT" | "MALFORMED"): void {
  if (!ACCOUNT_ID.test(value)) throw new CryptoError(code, "account id must be 1-64 characters of A-Z a-z 0-9 _ -");
}

function checkAddress(value: string, code: "INVALID_INPUT" | "MALFORMED"): void {
  const bytes = utf8(value).length;
  if (bytes === 0 || bytes > MAX_ADDRESS || value !== value.trim() || value !== value.toLowerCase()) {
    throw new CryptoError(code, `address must be 1-${String(MAX_ADDRESS)} bytes, trimmed and lower case`);
  }
}

function bundleBody(bundle: PublicBundle): Uint8Array {
  return concatBytes(
    BUNDLE_MAGIC,
    Uint8Array.of(VERSION),
    lengthPrefixed(utf8(bundle.accountId)),
    lengthPrefixed(utf8(bundle.address)),
    bundle.boxPublicKey,
    bundle.signPublicKey,
    u64(bundle.createdAt),
  );
}

/**
 * Encodes and self-signs the public bundle of `identity` for `accountId` and `address`.
 * @throws CryptoError `INVALID_INPUT` if the account id is not 1-64 characters of `A-Za-z0-9_-`,
 *   or the address is empty, too long, or not normalised (surrounding spaces, upper case).
 */
export async function encodePublicBundle(
  identity: Identity,
  meta: { accountId: string; address: string; createdAt: number },
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  checkAccountId(meta.accountId, "INVALID_INPUT");
  checkAddress(meta.address, "INVALID_INPUT");
  const body = bundleBody({ ...meta, boxPublicKey: identity.boxPublicKey, signPublicKey: identity.signPublicKey });
  const signature = sodium.crypto_sign_detached(domainInput(LABELS.bundleSignature, [body]), identity.signSecretKey);
  return concatBytes(body, signature);
}

/**
 * Parses a public bundle and checks its self-signature.
 * @throws CryptoError `MALFORMED` / `UNSUPPORTED_VERSION` for bytes that are not a v1 bundle,
 *   `DECRYPT_FAILED` when the signature does not verify.
 */
export async function parsePublicBundle(bytes: Uint8Array): Promise<PublicBundle> {
  const sodium = await loadSodium();
  const reader = new ByteReader(bytes);
  reader.magic(BUNDLE_MAGIC, VERSION, "public bundle");
  const accountId = fromUtf8(reader.take(reader.u16()));
  const address = fromUtf8(reader.take(reader.u16()));
  checkAccountId(accountId, "MALFORMED");
  checkAddress(address, "MALFORMED");
  const boxPublicKey = reader.take(32) as BoxPublicKey;
  const signPublicKey = reader.take(32) as SignPublicKey;
  const createdAt = reader.u64();
  const bodyLength = reader.consumed;
  const signature = reader.take(64);
  reader.end();
  const message = domainInput(LABELS.bundleSignature, [bytes.subarray(0, bodyLength)]);
  if (!sodium.crypto_sign_verify_detached(signature, message, signPublicKey)) throw decryptFailed();
  return { accountId, address, boxPublicKey, signPublicKey, createdAt };
}

/**
 * A fingerprint two people can read to each other: 8 groups of 5 digits (about 133 bits),
 * from BLAKE2b-320 over the signing and encryption public keys.
 */
export async function fingerprint(keys: { signPublicKey: SignPublicKey; boxPublicKey: BoxPublicKey }): Promise<string> {
  await loadSodium();
  checkLength(keys.signPublicKey, 32, "signing public key");
  checkLength(keys.boxPublicKey, 32, "encryption public key");
  const digest = labelledHash(LABELS.fingerprint, [keys.signPublicKey, keys.boxPublicKey], 40);
  const groups: string[] = [];
  for (let i = 0; i < 40; i += 5) {
    let value = 0;
    for (let j = 0; j < 5; j++) value = value * 256 + (digest[i + j] ?? 0);
    groups.push(String(value % 100000).padStart(5, "0"));
  }
  return groups.join(" ");
}
