// Why an attachment could not be scanned. Dependency-free: the extension's scanner gives one of
// these, its banner explains it, and the server's report of a file sent unchecked
// (`POST /api/events/unchecked-attachment`) accepts only these.
export const UNSCANNABLE_REASONS = [
  "encrypted",
  "image-only",
  "too-large",
  "too-many-pages",
  "corrupt",
  "unsupported",
  "timeout",
  /** In the webmail's draft, but the extension never had its bytes (forwarded, a reopened draft, pasted). */
  "not-captured",
] as const;
export type UnscannableReason = (typeof UNSCANNABLE_REASONS)[number];
