/**
 * Every failure the crypto package reports.
 *
 * - `DECRYPT_FAILED`: any authentication failure (wrong key, flipped bit, bad signature, truncated
 *   or reordered stream, commitment or hash mismatch). Deliberately one code with no detail.
 * - `MALFORMED`: the bytes do not follow the v1 format (wrong length, bad field, trailing data).
 * - `UNSUPPORTED_VERSION`: the magic is right but the version byte is not one this code reads.
 * - `INVALID_INPUT`: the caller passed something unusable (wrong key length, bad option value).
 * - `INVALID_RECOVERY_CODE`: a recovery code that is mistyped (bad character or checksum).
 * - `TOO_LARGE`: an input exceeds a v1 limit (payload size, attachment count, chunk count).
 */
export type CryptoErrorCode =
  "DECRYPT_FAILED" | "MALFORMED" | "UNSUPPORTED_VERSION" | "INVALID_INPUT" | "INVALID_RECOVERY_CODE" | "TOO_LARGE";

/** The one error type of `@sigill/crypto`. Messages never contain key material or plaintext. */
export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CryptoError";
    this.code = code;
  }
}

/** The uniform authentication failure. */
export function decryptFailed(): CryptoError {
  return new CryptoError("DECRYPT_FAILED", "decryption failed");
}

/** True when `error` is a {@link CryptoError}, optionally with the given code. */
export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
