import { createRoot } from "react-dom/client";
import { countActivity, pageContext } from "../../pages/context.ts";
import { INBOX_TEXT, showLang } from "../../pages/i18n.ts";
import { InboxPage } from "../../pages/inbox.tsx";
import { managedServer } from "../../secure/allowed-server.ts";
import "../../pages/styles.css";
import { storagePins } from "@sigill/client";

const ctx = await pageContext();
countActivity(ctx);
showLang(document, ctx.lang, INBOX_TEXT[ctx.lang].title);
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <InboxPage
      deps={{
        lang: ctx.lang,
        session: ctx.session,
        now: () => Date.now(),
        idleMs: ctx.settings.lockIdleMs,
        managedServer: managedServer(ctx.settings),
        onSessionChange: ctx.onSessionChange,
        accountUrl: ctx.url("/account.html"),
        pins: storagePins(ctx.trusted),
      }}
    />,
  );
}
