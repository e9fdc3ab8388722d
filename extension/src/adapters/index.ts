import { gmail } from "./gmail.ts";
import { outlook } from "./outlook.ts";
import { roundcube } from "./roundcube.ts";
import type { WebmailAdapter } from "./types.ts";

export type { ComposeWindow, WebmailAdapter } from "./types.ts";
export { generic } from "./generic.ts";
export { isSendName, sendControlOf } from "./accessible.ts";
export { parseAddresses } from "./types.ts";

/**
 * Hosts Sigill knows as webmail without any policy: Gmail and Outlook on the web (Microsoft 365
 * and Outlook.com). On these, and on any page an adapter recognises or the organisation's policy
 * lists (`webmailDomains`: its own Roundcube or Exchange/OWA hosts), a compose window no adapter
 * recognises is still guarded by the generic guard.
 */
export const KNOWN_WEBMAIL_HOSTS = [
  "mail.google.com",
  "outlook.office.com",
  "outlook.office365.com",
  "outlook.live.com",
  "outlook.cloud.microsoft",
] as const;

export function isKnownWebmailHost(host: string): boolean {
  return (KNOWN_WEBMAIL_HOSTS as readonly string[]).includes(host.toLowerCase().replace(/\.$/u, ""));
}

/**
 * Where a window's page is from: its own address, or, for a window its opener wrote into
 * (`about:blank`, as webmails make pop-outs: a compose window written by the mail page), the
 * origin it inherited from that opener. An opaque origin gives no host.
 */
export function pageLocation(win: Pick<Window, "location" | "origin">): { protocol: string; hostname: string } {
  const { protocol, hostname } = win.location;
  if (protocol !== "about:") return { protocol, hostname };
  try {
    const inherited = new URL(win.origin);
    return { protocol: inherited.protocol, hostname: inherited.hostname };
  } catch {
    return { protocol, hostname: "" };
  }
}

/**
 * Whether the content script guards the page at `url` without asking policy first: a known webmail
 * host, or a development page (http is injected only on localhost and 127.0.0.1). Anywhere else it
 * runs only where the organisation's policy lists the host (`webmailDomains`).
 */
export function wakesWithoutPolicy(url: { readonly protocol: string; readonly hostname: string }): boolean {
  return url.protocol === "http:" || isKnownWebmailHost(url.hostname);
}

/**
 * Webmail adapters, each recognising its own host or a marker of its compose markup. The generic
 * guard (`generic.ts`) is not among them: it takes whatever editors they leave, on webmail pages.
 */
export const ADAPTERS: readonly WebmailAdapter[] = [roundcube, gmail, outlook];

export function pickAdapter(doc: Document): WebmailAdapter | null {
  return ADAPTERS.find((a) => a.matches(doc)) ?? null;
}
