import { generic } from "./generic.ts";
import { roundcube } from "./roundcube.ts";
import type { WebmailAdapter } from "./types.ts";

export type { ComposeWindow, WebmailAdapter } from "./types.ts";
export { parseAddresses } from "./types.ts";

/** Specific adapters first; the generic one last. Gmail and Outlook on the web come next. */
export const ADAPTERS: readonly WebmailAdapter[] = [roundcube, generic];

export function pickAdapter(doc: Document): WebmailAdapter | null {
  return ADAPTERS.find((a) => a.matches(doc)) ?? null;
}
