import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { InboxPage } from "../../pages/inbox.tsx";
import "../../pages/styles.css";
import { LOCK_IDLE_MS } from "../../secure/policy.ts";
import { chromeArea } from "../../secure/session-store.ts";

const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <InboxPage
      deps={{
        session: chromeArea(browser.storage.session),
        now: () => Date.now(),
        idleMs: LOCK_IDLE_MS,
        accountUrl: browser.runtime.getURL("/account.html"),
      }}
    />,
  );
}
