// Why someone needs a reset link handed over rather than mailed (issue 18): fixed reasons first, a
// short note after. Dependency-free, so the web portal's form lists the same reasons from here.
export const RESET_REASONS = ["no-mailbox-access", "mailbox-needs-lost-device", "mailbox-closed", "other"] as const;
export type ResetReason = (typeof RESET_REASONS)[number];
/** The note's longest length, in characters; required (at least NOTE_MIN_OTHER) for "other". */
export const NOTE_MAX = 140;
export const NOTE_MIN_OTHER = 3;
