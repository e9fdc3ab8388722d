import {
  ByteReader,
  concatBytes,
  equalBytes,
  u16,
  u32,
  utf8,
  type BoxPublicKey,
  type BoxSecretKey,
  type SignPublicKey,
} from "./bytes.ts";
import { CryptoError, decryptFailed } from "./errors.ts";
import { identityFromSeeds, type Identity } from "./identity.ts";
import { deriveKey, domainInput, LABELS, labelledHash } from "./kdf.ts";
import { parseRecoveryCode } from "./recovery-code.ts";
import { loadSodium } from "./sodium.ts";

/**
 * The PRF input every Sigill passkey is evaluated with (`extensions.prf.eval.first`). A constant,
 * so a discoverable-credential login can ask for it before it knows who is logging in.
 */
export async function prfSalt(): Promise<Uint8Array> {
  await loadSodium();
  return labelledHash(LABELS.prfSalt, []);
}

/** How a vault entry is unlocked. */
export type VaultMethod = "prf" | "recovery" | "archive";

/** Argon2id cost for recovery-code entries: libsodium's INTERACTIVE (2 passes, 64 MiB). */
export const RECOVERY_ARGON2 = { opsLimit: 2, memLimit: 64 * 1024 * 1024 } as const;
const ARGON2_BOUNDS = { minOps: 1, maxOps: 10, minMem: 8 * 1024 * 1024, maxMem: 256 * 1024 * 1024 };

/** What is needed to create a vault entry. */
export type VaultLock =
  | { method: "prf"; credentialId: Uint8Array; prfOutput: Uint8Array }
  | { method: "recovery"; recoveryCode: string }
  | { method: "archive"; archivePublicKey: BoxPublicKey };

/** What is needed to open a vault entry. */
export type VaultKey =
  | { method: "prf"; prfOutput: Uint8Array }
  | { method: "recovery"; recoveryCode: string }
  | { method: "archive"; archivePublicKey: BoxPublicKey; archiveSecretKey: BoxSecretKey };

/** The public part of a vault entry, readable without any secret. */
export interface VaultEntryInfo {
  readonly method: VaultMethod;
  readonly signPublicKey: SignPublicKey;
  /** For `prf`: the WebAuthn credential id whose PRF output unlocks it. */
  readonly credentialId?: Uint8Array;
  /** For `archive`: the organisation archive public key it is sealed to. */
  readonly archivePublicKey?: BoxPublicKey;
}

const MAGIC = utf8("SGV");
const VERSION = 1;
const METHOD_CODES: Record<VaultMethod, number> = { prf: 1, recovery: 2, archive: 3 };
const PAYLOAD_VERSION = 1;
const MAX_CREDENTIAL_ID = 1023;

interface ParsedEntry extends VaultEntryInfo {
  readonly header: Uint8Array;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly salt?: Uint8Array;
  readonly opsLimit?: number;
  readonly memLimit?: number;
  readonly sealedKek?: Uint8Array;
}

function parseEntry(bytes: Uint8Array): ParsedEntry {
  const r = new ByteReader(bytes);
  r.magic(MAGIC, VERSION, "vault entry");
  const code = r.u8();
  const method = (Object.keys(METHOD_CODES) as VaultMethod[]).find((m) => METHOD_CODES[m] === code);
  if (method === undefined) throw new CryptoError("MALFORMED", "unknown vault method");
  const signPublicKey = r.take(32) as SignPublicKey;
  let extra: Partial<ParsedEntry>;
  if (method === "prf") {
    const length = r.u16();
    if (length === 0 || length > MAX_CREDENTIAL_ID) throw new CryptoError("MALFORMED", "bad credential id length");
    extra = { credentialId: r.take(length) };
  } else if (method === "recovery") {
    const salt = r.take(16);
    const opsLimit = r.u32();
    const memLimit = r.u32();
    const b = ARGON2_BOUNDS;
    if (opsLimit < b.minOps || opsLimit > b.maxOps || memLimit < b.minMem || memLimit > b.maxMem) {
      throw new CryptoError("MALFORMED", "Argon2id parameters out of bounds");
    }
    extra = { salt, opsLimit, memLimit };
  } else {
    extra = { archivePublicKey: r.take(32) as BoxPublicKey, sealedKek: r.take(32 + 48) };
  }
  const header = bytes.slice(0, r.consumed);
  const nonce = r.take(24);
  const ciphertext = r.take(1 + 32 + 32 + 16);
  r.end();
  return { method, signPublicKey, header, nonce, ciphertext, ...extra };
}

/**
 * Reads the public part of a vault entry (which method, which credential or archive key).
 * @throws CryptoError `MALFORMED` / `UNSUPPORTED_VERSION` if it is not a v1 vault entry.
 */
export async function inspectVaultEntry(entry: Uint8Array): Promise<VaultEntryInfo> {
  await loadSodium();
  const { method, signPublicKey, credentialId, archivePublicKey } = parseEntry(entry);
  return {
    method,
    signPublicKey,
    ...(credentialId && { credentialId }),
    ...(archivePublicKey && { archivePublicKey }),
  };
}

async function recoveryKek(code: string, salt: Uint8Array, opsLimit: number, memLimit: number, signPk: Uint8Array) {
  const sodium = await loadSodium();
  const entropy = await parseRecoveryCode(code);
  const stretched = sodium.crypto_pwhash(32, entropy, salt, opsLimit, memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  return deriveKey(stretched, LABELS.vaultRecovery, signPk);
}

function checkPrfOutput(prfOutput: Uint8Array): void {
  if (prfOutput.length !== 32) throw new CryptoError("INVALID_INPUT", "a PRF output is 32 bytes");
}

/**
 * Wraps the secret keys of `identity` into a vault entry that `lock` can open again.
 * The entry may be stored by the server: it reveals only the method and public keys.
 * @throws CryptoError `INVALID_INPUT` for a PRF output that is not 32 bytes, an empty or overlong
 *   credential id, or an archive key that is not 32 bytes; `INVALID_RECOVERY_CODE` for a bad code.
 */
export async function wrapIdentity(identity: Identity, lock: VaultLock): Promise<Uint8Array> {
  const sodium = await loadSodium();
  let params: Uint8Array;
  let kek: Uint8Array;
  if (lock.method === "prf") {
    checkPrfOutput(lock.prfOutput);
    const id = lock.credentialId;
    if (id.length === 0 || id.length > MAX_CREDENTIAL_ID) throw new CryptoError("INVALID_INPUT", "bad credential id");
    params = concatBytes(u16(id.length), id);
    kek = deriveKey(lock.prfOutput, LABELS.vaultPrf, id, identity.signPublicKey);
  } else if (lock.method === "recovery") {
    const salt = sodium.randombytes_buf(16);
    const { opsLimit, memLimit } = RECOVERY_ARGON2;
    params = concatBytes(salt, u32(opsLimit), u32(memLimit));
    kek = await recoveryKek(lock.recoveryCode, salt, opsLimit, memLimit, identity.signPublicKey);
  } else {
    if (lock.archivePublicKey.length !== 32) throw new CryptoError("INVALID_INPUT", "an archive key is 32 bytes");
    const seed = sodium.randombytes_buf(32);
    params = concatBytes(lock.archivePublicKey, sodium.crypto_box_seal(seed, lock.archivePublicKey));
    kek = deriveKey(seed, LABELS.vaultArchive, identity.signPublicKey);
  }
  const header = concatBytes(MAGIC, Uint8Array.of(VERSION, METHOD_CODES[lock.method]), identity.signPublicKey, params);
  const signSeed = identity.signSecretKey.subarray(0, 32);
  const payload = concatBytes(Uint8Array.of(PAYLOAD_VERSION), identity.boxSecretKey, signSeed);
  const nonce = sodium.randombytes_buf(24);
  const aad = domainInput(LABELS.vaultAad, [header]);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(payload, aad, null, nonce, kek);
  sodium.memzero(kek);
  sodium.memzero(payload);
  return concatBytes(header, nonce, ciphertext);
}

/**
 * Opens a vault entry and rebuilds the identity it holds.
 * @throws CryptoError `DECRYPT_FAILED` for a wrong PRF output, recovery code or archive key, or any
 *   tampering; `INVALID_INPUT` when `key.method` is not the entry's method; `INVALID_RECOVERY_CODE`
 *   for a mistyped code; `MALFORMED` / `UNSUPPORTED_VERSION` for bytes that are not a v1 entry.
 */
export async function unwrapIdentity(entry: Uint8Array, key: VaultKey): Promise<Identity> {
  const sodium = await loadSodium();
  const parsed = parseEntry(entry);
  if (parsed.method !== key.method) {
    throw new CryptoError("INVALID_INPUT", `this vault entry opens with ${parsed.method}, not ${key.method}`);
  }
  let kek: Uint8Array;
  if (key.method === "prf") {
    checkPrfOutput(key.prfOutput);
    kek = deriveKey(key.prfOutput, LABELS.vaultPrf, parsed.credentialId ?? new Uint8Array(), parsed.signPublicKey);
  } else if (key.method === "recovery") {
    const { salt, opsLimit, memLimit } = parsed;
    if (salt === undefined || opsLimit === undefined || memLimit === undefined) throw decryptFailed();
    kek = await recoveryKek(key.recoveryCode, salt, opsLimit, memLimit, parsed.signPublicKey);
  } else {
    if (parsed.archivePublicKey === undefined || parsed.sealedKek === undefined) throw decryptFailed();
    if (!equalBytes(parsed.archivePublicKey, key.archivePublicKey)) throw decryptFailed();
    let seed: Uint8Array;
    try {
      seed = sodium.crypto_box_seal_open(parsed.sealedKek, key.archivePublicKey, key.archiveSecretKey);
    } catch {
      throw decryptFailed();
    }
    kek = deriveKey(seed, LABELS.vaultArchive, parsed.signPublicKey);
  }
  let payload: Uint8Array;
  try {
    const aad = domainInput(LABELS.vaultAad, [parsed.header]);
    payload = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, parsed.ciphertext, aad, parsed.nonce, kek);
  } catch {
    throw decryptFailed();
  } finally {
    sodium.memzero(kek);
  }
  if (payload[0] !== PAYLOAD_VERSION) throw new CryptoError("UNSUPPORTED_VERSION", "vault payload version");
  const identity = await identityFromSeeds(payload.subarray(1, 33), payload.subarray(33, 65));
  sodium.memzero(payload);
  // The AAD binds the header's signing key; a payload whose keys do not match it is forged.
  if (!equalBytes(identity.signPublicKey, parsed.signPublicKey)) throw decryptFailed();
  return identity;
}
