// What every extension page needs, read once: the settings (policy over local choices), the
// language they resolve to, the storage areas as key-value stores, URLs of the other pages, and
// the idle lock's two ends in a page: the person's input counts as activity, and a change to the
// login or the keys (the lock, another page) reaches the page.
import { browser } from "wxt/browser";
import type { Lang } from "../content/messages.ts";
import { changesSession, chromeArea, localArea, touchSession, type KeyValue } from "../secure/session-store.ts";
import { lazyArea, openTrustedArea } from "../secure/sealed-store.ts";
import { loadSettings, type Settings } from "../secure/settings.ts";
import { watchActivity } from "./activity.ts";
import { resolveLang } from "./i18n.ts";

export interface PageContext {
  readonly settings: Settings;
  readonly lang: Lang;
  readonly session: KeyValue;
  readonly local: KeyValue;
  /** storage.local sealed by the extension: the key pins and the policy copy (see secure/sealed-store.ts). */
  readonly trusted: KeyValue;
  readonly url: (page: "/account.html" | "/compose.html" | "/inbox.html" | "/options.html") => string;
  /** Calls `listener` whenever the login or the keys change in session storage; returns the unsubscribe. */
  readonly onSessionChange: (listener: () => void) => () => void;
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
    trusted: lazyArea(() => openTrustedArea(localArea())),
    url: (page) => browser.runtime.getURL(page),
    onSessionChange: (listener) => {
      const onChanged = (changes: Record<string, unknown>, area: string) => {
        if (area === "session" && changesSession(Object.keys(changes))) listener();
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => {
        browser.storage.onChanged.removeListener(onChanged);
      };
    },
  };
}

/** Counts the person's own input on this page as activity for the idle lock (once per page). */
export function countActivity(ctx: PageContext): void {
  watchActivity(
    document,
    () => {
      void touchSession(ctx.session, Date.now(), ctx.settings.lockIdleMs).catch(() => undefined);
    },
    { now: () => Date.now() },
  );
}
