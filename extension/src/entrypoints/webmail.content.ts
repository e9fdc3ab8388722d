import { browser } from "wxt/browser";
import { defineContentScript } from "wxt/utils/define-content-script";
import { startGuard } from "../content/guard.ts";

// Runs on the webmail pages the extension may read. Detection runs here, locally: no text is
// sent anywhere; a diverted draft goes only to the extension's own secure-compose page.
export default defineContentScript({
  matches: ["http://localhost/*", "http://127.0.0.1/*", "https://*/*"],
  allFrames: false,
  main() {
    startGuard(window, {
      divert: (draft) => {
        void browser.runtime.sendMessage({ type: "sigill:divert", draft });
      },
      overrideAllowed: async () => {
        const answer: unknown = await browser.runtime.sendMessage({ type: "sigill:override-allowed" });
        return (answer as { allowed?: unknown } | undefined)?.allowed === true;
      },
      recordOverride: async (kinds, reason) => {
        const answer: unknown = await browser.runtime.sendMessage({ type: "sigill:override", kinds, reason });
        return (answer as { ok?: unknown } | undefined)?.ok === true;
      },
      onDeliver: (handler) => {
        browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (r: unknown) => void) => {
          const m = message as { type?: unknown; subject?: unknown; text?: unknown };
          if (m.type !== "sigill:deliver" || typeof m.subject !== "string" || typeof m.text !== "string")
            return undefined;
          void handler({ subject: m.subject, text: m.text }).then(sendResponse);
          return true; // the answer comes asynchronously
        });
      },
    });
  },
});
