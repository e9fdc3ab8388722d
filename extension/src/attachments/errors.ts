// The one error type of the attachment readers. It never leaves scanAttachment: every failure
// becomes an "unscannable" result with its reason, and the original error stays as `cause`.
import type { UnscannableReason } from "./types.ts";

export class AttachmentError extends Error {
  override readonly name = "AttachmentError";

  readonly code: UnscannableReason;

  constructor(code: UnscannableReason, options?: { cause?: unknown }) {
    // The message names the reason only: never the file's name or content.
    super(`attachment cannot be scanned: ${code}`, options);
    this.code = code;
  }
}

export function isAttachmentError(error: unknown): error is AttachmentError {
  return error instanceof AttachmentError;
}
