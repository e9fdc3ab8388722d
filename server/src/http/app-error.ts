/** Every error code the API answers with; the HTTP status goes with it. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  CHALLENGE_INVALID: 400,
  WEBAUTHN_FAILED: 400,
  KEYS_INVALID: 400,
  ENVELOPE_INVALID: 400,
  STANZA_INVALID: 400,
  EXPIRY_INVALID: 400,
  ACCESS_CODE_REQUIRED: 400,
  /** Issue 20: the note given with an override holds personal data, which the access log keeps for ever. */
  REASON_SENSITIVE: 400,
  ACCESS_CODE_WRONG: 403,
  /** A wrong, expired or used mailbox code (issue 18). */
  MAILBOX_CODE_WRONG: 403,
  INVITATION_LOCKED: 403,
  /**
   * A staff or admin account (made by an admin, not through the link's mailbox code) asked for an
   * invitation sent to its address before it existed: the sender sends it again to the account.
   */
  INVITATION_NOT_PROVEN: 403,
  ACCOUNT_EXISTS: 409,
  UPLOAD_OUT_OF_ORDER: 409,
  UPLOAD_INCOMPLETE: 409,
  RANGE_NOT_SATISFIABLE: 416,
  UNAUTHENTICATED: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  /** Issue 18: a handover reset needs a second administrator (not the requester, not a new account). */
  SECOND_ADMIN_REQUIRED: 403,
  ENROLMENT_INVALID: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LAST_PASSKEY: 409,
  RESET_REQUEST_EXPIRED: 409,
  PAYLOAD_TOO_LARGE: 413,
  ATTACHMENT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  /** More requests in flight than the process takes on at once (MAX_REQUESTS_IN_FLIGHT). */
  SERVER_BUSY: 503,
  /** A reset link could not be mailed (no SMTP, or the relay refused): nothing usable was made. */
  MAIL_UNAVAILABLE: 503,
  STORAGE_FULL: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The one error type of the server. `message` is shown to the client, so it must never contain
 * request content, tokens, keys or personal data; `cause` is kept for the server's own log.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  /** For the server's log only, never the client: which known shape a failure had (a fixed name). */
  readonly reason: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown>; reason?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options?.details;
    this.reason = options?.reason;
  }
}
