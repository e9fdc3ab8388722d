import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { countActivity, pageContext } from "../../pages/context.ts";
import { OPTIONS_TEXT, showLang } from "../../pages/i18n.ts";
import { OptionsPage } from "../../pages/options.tsx";
import "../../pages/styles.css";

void pageContext().then(countActivity);
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <OptionsPage
      deps={{
        load: async () => {
          const ctx = await pageContext();
          return { settings: ctx.settings, lang: ctx.lang };
        },
        save: async (values) => {
          const current = ((await browser.storage.local.get("settings")).settings ?? {}) as Record<string, unknown>;
          await browser.storage.local.set({ settings: { ...current, ...values } });
        },
        showLang: (lang) => {
          showLang(document, lang, OPTIONS_TEXT[lang].title);
        },
      }}
    />,
  );
}
