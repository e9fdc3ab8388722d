import { createRoot } from "react-dom/client";
import { AccountPage } from "../../pages/account.tsx";
import { pageContext } from "../../pages/context.ts";
import "../../pages/styles.css";
import { browserPasskeys } from "../../secure/browser-passkeys.ts";

const ctx = await pageContext();
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <AccountPage
      deps={{
        session: ctx.session,
        local: ctx.local,
        passkeys: browserPasskeys,
        now: () => Date.now(),
        idleMs: ctx.settings.lockIdleMs,
        composeUrl: ctx.url("/compose.html"),
        defaultServer: ctx.settings.serverUrl,
      }}
    />,
  );
}
