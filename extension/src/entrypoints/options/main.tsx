import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { OptionsPage } from "../../pages/options.tsx";
import "../../pages/styles.css";
import { loadSettings } from "../../secure/settings.ts";

const areas = { managed: { get: () => browser.storage.managed.get() }, local: browser.storage.local };

const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <OptionsPage
      deps={{
        load: () => loadSettings(areas),
        save: async (values) => {
          const current = ((await browser.storage.local.get("settings")).settings ?? {}) as Record<string, unknown>;
          await browser.storage.local.set({ settings: { ...current, ...values } });
        },
      }}
    />,
  );
}
