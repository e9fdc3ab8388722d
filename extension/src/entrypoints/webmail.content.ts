import { defineContentScript } from "wxt/utils/define-content-script";
import { startGuard } from "../content/guard.ts";

// Runs on the webmail pages the extension may read. Detection runs here, locally: no text is
// sent anywhere. Roundcube on any host for now (schools run it on their own domains); Gmail and
// Outlook on the web get their own adapters next.
export default defineContentScript({
  matches: ["http://localhost/*", "http://127.0.0.1/*", "https://*/*"],
  allFrames: false,
  main() {
    startGuard(window);
  },
});
