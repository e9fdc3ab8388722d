import type { Lang } from "../content/messages.ts";
import { SigillError } from "@sigill/client";
import { ERROR_TEXT } from "./i18n.ts";

/** What a person should read when something failed; never a stack trace or request content. */
export function describeError(error: unknown, lang: Lang = "sv"): string {
  const t = ERROR_TEXT[lang];
  if (error instanceof SigillError) {
    switch (error.code) {
      case "NETWORK":
        return t.network;
      case "NOT_LOGGED_IN":
        return t.notLoggedIn;
      case "CANCELLED":
        return t.cancelled;
      case "KEY_CHANGED":
        return t.keyChanged(error.message);
      case "KEY_GONE":
        return t.keyGone(error.message);
      case "TOO_MANY_RECIPIENTS":
        return t.tooManyRecipients;
      case "SERVER":
        return t.server(error.message);
      case "INSECURE_SERVER":
        return t.insecureServer;
      case "SERVER_NOT_ALLOWED":
        return error.message === "" ? t.serverPolicyBroken : t.serverNotAllowed(error.message);
      default:
        return t.unknown;
    }
  }
  if (error instanceof Error && error.name === "CryptoError") return t.wrongCode;
  return t.unknown;
}
