// Why flagged mail goes out as ordinary e-mail (the plain-mail override): fixed reasons first, a
// short note only for "other". The note is kept for ever in the access log, so the server refuses
// one that holds personal data (REASON_SENSITIVE) and the extension checks it before sending.
// Dependency-free: the extension's dialog and the server's route read the same list.
export const OVERRIDE_REASONS = [
  "recipient-cannot-open",
  "requested-by-person",
  "false-alarm",
  "urgent",
  "other",
] as const;
export type OverrideReason = (typeof OVERRIDE_REASONS)[number];
/** The note's longest length, in characters; required (at least OVERRIDE_NOTE_MIN) for "other". */
export const OVERRIDE_NOTE_MAX = 140;
export const OVERRIDE_NOTE_MIN = 3;
