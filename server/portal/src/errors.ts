import { PortalError } from "./api.ts";
import type { PortalText } from "./i18n.ts";

/** What a person reads when something failed: by the error's code, never its details. */
export function describe(t: PortalText, error: unknown): string {
  return error instanceof PortalError ? (t.errors[error.code] ?? t.unknownError) : t.unknownError;
}
