import { concatBytes } from "./bytes.ts";
import { CryptoError } from "./errors.ts";
import { LABELS, labelledHash } from "./kdf.ts";
import { loadSodium } from "./sodium.ts";

// Crockford's base32: no I, L, O or U, so what is read aloud or copied by hand survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ENTROPY_BYTES = 16;
const CHECK_BYTES = 4;
const TEXT_LENGTH = 32; // (16 + 4) bytes * 8 / 5

function checksum(entropy: Uint8Array): Uint8Array {
  return labelledHash(LABELS.recoveryCheck, [entropy], 16).subarray(0, CHECK_BYTES);
}

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function decodeBase32(text: string): Uint8Array {
  const out = new Uint8Array((text.length * 5) / 8);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    value = (value << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return out;
}

/** Formats 16 bytes of entropy as `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX` (with a 32-bit check). */
export async function formatRecoveryCode(entropy: Uint8Array): Promise<string> {
  await loadSodium();
  if (entropy.length !== ENTROPY_BYTES) throw new CryptoError("INVALID_INPUT", "recovery entropy must be 16 bytes");
  const text = encodeBase32(concatBytes(entropy, checksum(entropy)));
  return text.match(/.{4}/g)?.join("-") ?? text;
}

/** A new random 128-bit recovery code, formatted for people. Show it once; never store it. */
export async function generateRecoveryCode(): Promise<string> {
  const sodium = await loadSodium();
  return formatRecoveryCode(sodium.randombytes_buf(ENTROPY_BYTES));
}

/**
 * Reads a recovery code as a person typed it: case, spaces and dashes do not matter, and the
 * look-alikes O, I and L are read as 0, 1 and 1.
 * @returns the 16 bytes of entropy.
 * @throws CryptoError `INVALID_RECOVERY_CODE` for a wrong length, an unknown character or a
 *   failed checksum (a typo), before any expensive key derivation runs.
 */
export async function parseRecoveryCode(text: string): Promise<Uint8Array> {
  await loadSodium();
  const cleaned = text
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (cleaned.length !== TEXT_LENGTH || !/^[0-9A-HJKMNP-TV-Z]*$/.test(cleaned)) {
    throw new CryptoError("INVALID_RECOVERY_CODE", `a recovery code has ${String(TEXT_LENGTH)} letters and digits`);
  }
  const bytes = decodeBase32(cleaned);
  const entropy = bytes.slice(0, ENTROPY_BYTES);
  const check = checksum(entropy);
  if (!check.every((b, i) => b === bytes[ENTROPY_BYTES + i])) {
    throw new CryptoError("INVALID_RECOVERY_CODE", "the recovery code has a typo");
  }
  return entropy;
}
