import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { ComposePage } from "../../pages/compose.tsx";
import "../../pages/styles.css";
import { storagePins } from "../../secure/pins.ts";
import { LOCK_IDLE_MS, ORGANISATION_NAME } from "../../secure/policy.ts";
import { chromeArea } from "../../secure/session-store.ts";

const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <ComposePage
      deps={{
        session: chromeArea(browser.storage.session),
        pins: storagePins(chromeArea(browser.storage.local)),
        now: () => Date.now(),
        idleMs: LOCK_IDLE_MS,
        accountUrl: browser.runtime.getURL("/account.html"),
        organisation: ORGANISATION_NAME,
      }}
    />,
  );
}
