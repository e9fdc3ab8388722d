// What every extension page needs, read once: the settings (policy over local choices), the
// language they resolve to, the storage areas as key-value stores, and URLs of the other pages.
import { browser } from "wxt/browser";
import type { Lang } from "../content/messages.ts";
import { chromeArea, type KeyValue } from "../secure/session-store.ts";
import { loadSettings, type Settings } from "../secure/settings.ts";
import { resolveLang } from "./i18n.ts";

export interface PageContext {
  readonly settings: Settings;
  readonly lang: Lang;
  readonly session: KeyValue;
  readonly local: KeyValue;
  readonly url: (page: "/account.html" | "/compose.html" | "/inbox.html" | "/options.html") => string;
}

export async function pageContext(): Promise<PageContext> {
  const settings = await loadSettings({
    managed: { get: () => browser.storage.managed.get() },
    local: browser.storage.local,
  });
  return {
    settings,
    lang: resolveLang(settings.language, navigator.language),
    session: chromeArea(browser.storage.session),
    local: chromeArea(browser.storage.local),
    url: (page) => browser.runtime.getURL(page),
  };
}
