// Which Sigill server the extension may talk to: the one IT set by policy (managed `serverUrl`),
// if any, and only over https (plain http only for development on this machine). The account page
// checks enrolment links and logins with it before anything is fetched or saved, and
// `loadSession` treats a stored session for a server it refuses as logged out.
import { SigillError } from "@sigill/client";
import type { Settings } from "./settings.ts";

/** Plain http is allowed only to these hosts (development against a local server). */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** The server IT set by enterprise policy, or null when the person may choose. */
export function managedServer(settings: Pick<Settings, "serverUrl" | "lockedByPolicy">): string | null {
  return settings.lockedByPolicy.includes("serverUrl") ? settings.serverUrl : null;
}

/**
 * The origin of `server` (any URL on it: an enrolment link, a typed address) when the extension
 * may use it given `managed`, the server IT set by policy (null: none). Only the origins are
 * compared, so a path or trailing slash in either does not matter; a different scheme, host or
 * port does.
 * @throws SigillError `PROTOCOL` when `server` is not a URL, `INSECURE_SERVER` when it is not
 *   https (http is allowed on localhost and 127.0.0.1 only), `SERVER_NOT_ALLOWED` when IT set
 *   another server (the message is that server's origin, to show the person).
 */
export function allowedServer(server: string, managed: string | null): string {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch (cause) {
    throw new SigillError("PROTOCOL", "this is not a server address", { cause });
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)))
    throw new SigillError("INSECURE_SERVER", "the server must be reached over https");
  if (managed !== null) {
    const expected = URL.canParse(managed) ? new URL(managed).origin : "";
    if (url.origin !== expected) throw new SigillError("SERVER_NOT_ALLOWED", expected);
  }
  return url.origin;
}

/** Whether `server` passes `allowedServer` (for a stored session: no reason is shown). */
export function isAllowedServer(server: string, managed: string | null): boolean {
  try {
    allowedServer(server, managed);
    return true;
  } catch {
    return false;
  }
}
