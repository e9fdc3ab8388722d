import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { InboxPage } from "../../pages/inbox.tsx";
import "../../pages/styles.css";
import { loadSettings } from "../../secure/settings.ts";
import { storagePins } from "../../secure/pins.ts";
import { chromeArea } from "../../secure/session-store.ts";

const settings = await loadSettings({
  managed: { get: () => browser.storage.managed.get() },
  local: browser.storage.local,
});
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <InboxPage
      deps={{
        session: chromeArea(browser.storage.session),
        now: () => Date.now(),
        idleMs: settings.lockIdleMs,
        accountUrl: browser.runtime.getURL("/account.html"),
        pins: storagePins(chromeArea(browser.storage.local)),
      }}
    />,
  );
}
