import { createRoot } from "react-dom/client";
import { AccountPage } from "../../pages/account.tsx";
import { countActivity, pageContext } from "../../pages/context.ts";
import { ACCOUNT_TEXT, showLang } from "../../pages/i18n.ts";
import "../../pages/styles.css";
import { managedServer } from "../../secure/allowed-server.ts";
import { browserPasskeys } from "@sigill/client/browser-passkeys";

const ctx = await pageContext();
countActivity(ctx);
showLang(document, ctx.lang, ACCOUNT_TEXT[ctx.lang].title);
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <AccountPage
      deps={{
        lang: ctx.lang,
        session: ctx.session,
        local: ctx.local,
        passkeys: browserPasskeys,
        now: () => Date.now(),
        idleMs: ctx.settings.lockIdleMs,
        onSessionChange: ctx.onSessionChange,
        composeUrl: ctx.url("/compose.html"),
        defaultServer: ctx.settings.serverUrl,
        managedServer: managedServer(ctx.settings),
      }}
    />,
  );
}
