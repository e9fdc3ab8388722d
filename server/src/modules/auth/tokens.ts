import { createHash, randomBytes } from "node:crypto";

/** A fresh 256-bit random token, base64url. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A fresh 128-bit random id, base64url (22 characters). */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The CSRF token of a portal session, derived from the session token: unpredictable to other
 * sites, recomputable by the server, and never stored.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash("sha256").update("sigill/csrf\0").update(sessionToken).digest("base64url");
}
