import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { AccountPage } from "../../pages/account.tsx";
import "../../pages/styles.css";
import { browserPasskeys } from "../../secure/browser-passkeys.ts";
import { chromeArea } from "../../secure/session-store.ts";
import { loadSettings } from "../../secure/settings.ts";

const settings = await loadSettings({
  managed: { get: () => browser.storage.managed.get() },
  local: browser.storage.local,
});
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <AccountPage
      deps={{
        session: chromeArea(browser.storage.session),
        local: chromeArea(browser.storage.local),
        passkeys: browserPasskeys,
        now: () => Date.now(),
        idleMs: settings.lockIdleMs,
        composeUrl: browser.runtime.getURL("/compose.html"),
        defaultServer: settings.serverUrl,
      }}
    />,
  );
}
