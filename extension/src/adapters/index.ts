import { gmail } from "./gmail.ts";
import { outlook } from "./outlook.ts";
import { roundcube } from "./roundcube.ts";
import type { WebmailAdapter } from "./types.ts";
import type { Sender } from "../wire.ts";

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
  return located(win.location, win.origin);
}

/**
 * The host a runtime message came from (in the background script): its tab's page, or for such a
 * pop-out the origin it inherited (the sender's); "" when there is none.
 */
export function senderHost(sender: Sender): string {
  const url = sender.tab?.url ?? sender.url ?? "";
  return URL.canParse(url) ? located(new URL(url), sender.origin).hostname : "";
}

/** An address, or for an about: page the origin it inherited (none for an opaque one). */
function located(
  own: { readonly protocol: string; readonly hostname: string },
  origin: string | undefined,
): { protocol: string; hostname: string } {
  const { protocol, hostname } = own;
  if (protocol !== "about:") return { protocol, hostname };
  if (origin === undefined || !URL.canParse(origin)) return { protocol, hostname: "" };
  const inherited = new URL(origin);
  return { protocol: inherited.protocol, hostname: inherited.hostname };
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
