import { createRoot } from "react-dom/client";
import { pageContext } from "../../pages/context.ts";
import { InboxPage } from "../../pages/inbox.tsx";
import "../../pages/styles.css";
import { storagePins } from "../../secure/pins.ts";

const ctx = await pageContext();
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <InboxPage
      deps={{
        session: ctx.session,
        now: () => Date.now(),
        idleMs: ctx.settings.lockIdleMs,
        accountUrl: ctx.url("/account.html"),
        pins: storagePins(ctx.local),
      }}
    />,
  );
}
