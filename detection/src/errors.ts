/**
 * Every failure the detection engine reports.
 *
 * - `INVALID_POLICY`: an org policy that does not match the schema (unknown key, wrong type, bad value).
 * - `UNSAFE_PATTERN`: a custom pattern outside the safe subset (see `safe-pattern.ts`), or too long.
 * - `INVALID_INPUT`: the caller passed something unusable (not a string, bad CLI line).
 *
 * Messages name the offending field, never the text being scanned.
 */
export type DetectionErrorCode = "INVALID_POLICY" | "UNSAFE_PATTERN" | "INVALID_INPUT";

/** The one error type of the detection engine. */
export class DetectionError extends Error {
  readonly code: DetectionErrorCode;

  constructor(code: DetectionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DetectionError";
    this.code = code;
  }
}

/** True when `error` is a {@link DetectionError}, optionally with the given code. */
export function isDetectionError(error: unknown, code?: DetectionErrorCode): error is DetectionError {
  return error instanceof DetectionError && (code === undefined || error.code === code);
}
