import { CryptoError } from "./errors.ts";
import { RECOVERY_ARGON2 } from "./vault.ts";
import { loadSodium } from "./sodium.ts";

const MIN = 4;
const MAX = 64;

function normalise(code: string): string {
  // What a person types: surrounding spaces and Unicode forms must not make a right code wrong.
  return code.normalize("NFC").trim();
}

/**
 * Hashes an access code for storage (Argon2id, libsodium's `crypto_pwhash_str` with the
 * INTERACTIVE cost: a self-describing `$argon2id$...` string with its own random salt).
 * @throws CryptoError `INVALID_INPUT` for a code shorter than 4 or longer than 64 characters.
 */
export async function hashAccessCode(code: string): Promise<string> {
  const sodium = await loadSodium();
  const text = normalise(code);
  if (text.length < MIN || text.length > MAX)
    throw new CryptoError("INVALID_INPUT", "an access code has 4-64 characters");
  return sodium.crypto_pwhash_str(text, RECOVERY_ARGON2.opsLimit, RECOVERY_ARGON2.memLimit);
}

/**
 * Checks a typed access code against a stored hash in constant time.
 * @returns false for a wrong code or a hash that is not a libsodium Argon2id string.
 */
export async function verifyAccessCode(hash: string, code: string): Promise<boolean> {
  const sodium = await loadSodium();
  if (!hash.startsWith("$argon2id$")) return false;
  try {
    return sodium.crypto_pwhash_str_verify(hash, normalise(code));
  } catch {
    return false;
  }
}
