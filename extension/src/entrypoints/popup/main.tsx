import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { z } from "zod";
import { countActivity, pageContext } from "../../pages/context.ts";
import { POPUP_TEXT, showLang } from "../../pages/i18n.ts";
import { PopupPage } from "../../pages/popup.tsx";
import "../../pages/styles.css";
import { DIVERSIONS_KEY, diversionSchema } from "../../protocol.ts";
import { managedServer } from "../../secure/allowed-server.ts";
import { peekSession } from "../../secure/session-store.ts";

const ctx = await pageContext();
countActivity(ctx);
showLang(document, ctx.lang, POPUP_TEXT[ctx.lang].title);
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <PopupPage
      deps={{
        lang: ctx.lang,
        open: (page) => {
          void browser.tabs.create({ url: ctx.url(page) });
        },
        state: async () => {
          const who = await peekSession(ctx.session, Date.now(), ctx.settings.lockIdleMs, managedServer(ctx.settings));
          if (who === null) return { status: "out" };
          return { status: who.unlocked ? "unlocked" : "locked", email: who.email };
        },
        diversions: async () => {
          const parsed = z.array(diversionSchema).safeParse(await ctx.session.get(DIVERSIONS_KEY));
          return parsed.success ? parsed.data : [];
        },
      }}
    />,
  );
}
