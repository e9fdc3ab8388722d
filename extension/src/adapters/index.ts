import { generic } from "./generic.ts";
import { gmail } from "./gmail.ts";
import { outlook } from "./outlook.ts";
import { roundcube } from "./roundcube.ts";
import type { WebmailAdapter } from "./types.ts";

export type { ComposeWindow, WebmailAdapter } from "./types.ts";
export { parseAddresses } from "./types.ts";

/**
 * Specific adapters first (each matches its own host or a marker of its compose markup), the
 * generic one last: it matches any page with an editor.
 */
export const ADAPTERS: readonly WebmailAdapter[] = [roundcube, gmail, outlook, generic];

export function pickAdapter(doc: Document): WebmailAdapter | null {
  return ADAPTERS.find((a) => a.matches(doc)) ?? null;
}
