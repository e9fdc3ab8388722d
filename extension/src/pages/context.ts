// What every extension page needs, read once: the settings (policy over local choices), the
// storage areas as key-value stores, and URLs of the other pages.
import { browser } from "wxt/browser";
import { chromeArea, type KeyValue } from "../secure/session-store.ts";
import { loadSettings, type Settings } from "../secure/settings.ts";

export interface PageContext {
  readonly settings: Settings;
  readonly session: KeyValue;
  readonly local: KeyValue;
  readonly url: (page: "/account.html" | "/compose.html" | "/inbox.html" | "/options.html") => string;
}

export async function pageContext(): Promise<PageContext> {
  return {
    settings: await loadSettings({
      managed: { get: () => browser.storage.managed.get() },
      local: browser.storage.local,
    }),
    session: chromeArea(browser.storage.session),
    local: chromeArea(browser.storage.local),
    url: (page) => browser.runtime.getURL(page),
  };
}
