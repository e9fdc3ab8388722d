import { SigillError } from "@sigill/client";
import { CryptoError } from "@sigill/crypto";
import { PortalError } from "./api.ts";
import type { MailText } from "./i18n-mail.ts";
import type { PortalText } from "./i18n.ts";

/** The code of an error from the portal's calls, the client logic or the crypto, if it has one. */
export function codeOf(error: unknown): string | undefined {
  if (error instanceof PortalError) return error.code;
  if (error instanceof SigillError) return error.serverCode ?? error.code;
  if (error instanceof CryptoError) return error.code;
  return undefined;
}

/** What a person reads when something failed: by the error's code, never its details. */
export function describe(t: PortalText, error: unknown, m?: MailText): string {
  const code = codeOf(error);
  if (code === undefined) return t.unknownError;
  return m?.errors[code] ?? t.errors[code] ?? t.unknownError;
}
