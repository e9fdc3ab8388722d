// Defaults until the options page and enterprise policy (chrome.storage.managed) set them.
/** Unlocked keys are dropped after this long without use. */
export const LOCK_IDLE_MS = 15 * 60_000;
/** Shown in notification mails; the organisation's own name comes with the policy. */
export const ORGANISATION_NAME = "Sigill";
