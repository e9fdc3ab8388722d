import { browser } from "wxt/browser";
import { defineContentScript } from "wxt/utils/define-content-script";
import { startGuard } from "../content/guard.ts";
import { nameOnlyScan } from "../content/attachment-state.ts";
import { SCAN_MAX_BYTES, ask, bytesToBase64, listen } from "../protocol.ts";

/** Longest the page waits for a scan before treating the file as not scannable. */
const SCAN_WAIT_MS = 60_000;

const toBackground = (message: unknown) => browser.runtime.sendMessage(message);

// Runs on the webmail pages the extension may read. Detection runs here, locally: no text is
// sent anywhere; a diverted draft (and, when asked, its files) goes only to the extension's own
// secure-compose page. It starts at document_start so that its capture-phase listeners are
// registered before any of the page's own: a blocked send reaches none of the webmail's handlers.
export default defineContentScript({
  matches: ["http://localhost/*", "http://127.0.0.1/*", "https://*/*"],
  runAt: "document_start",
  allFrames: false,
  main() {
    startGuard(window, {
      divert: (draft) => {
        void ask(toBackground, { type: "sigill:divert", draft }).catch(() => undefined);
      },
      // A missing or malformed answer: no generic guard beyond known webmail, unscannable files
      // count, all detection stays on.
      sitePolicy: () =>
        ask(toBackground, { type: "sigill:site-check", host: location.hostname }).catch(() => ({
          generic: false,
          unscannableSensitive: true,
        })),
      scanAttachment: async (file) => {
        if (file.size > SCAN_MAX_BYTES) return nameOnlyScan(file.name, "too-large");
        const bytes = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
        const timeout = new Promise<null>((resolve) => setTimeout(resolve, SCAN_WAIT_MS, null));
        const scan = ask(toBackground, { type: "sigill:scan-attachment", name: file.name, bytes }).catch(
          () => undefined,
        );
        const answer = await Promise.race([scan, timeout]);
        return answer ?? nameOnlyScan(file.name, answer === null ? "timeout" : "unsupported");
      },
      // A missing or malformed answer: neither way of sending as ordinary e-mail.
      plainSendAllowed: async () => {
        const answer = await ask(toBackground, { type: "sigill:override-allowed" }).catch(() => null);
        return { override: answer?.allowed ?? false, notAboutPerson: answer?.notAboutPerson ?? false };
      },
      recordOverride: async (kinds, reason, note) =>
        (await ask(toBackground, { type: "sigill:override", kinds, reason, note }).catch(() => ({ ok: false }))).ok,
      recordNotAboutPerson: async (kinds) =>
        (await ask(toBackground, { type: "sigill:not-about-person", kinds }).catch(() => ({ ok: false }))).ok,
      reportUnrecognised: (kinds) => {
        void ask(toBackground, { type: "sigill:unrecognised", kinds }).catch(() => undefined);
      },
      onDeliver: (handler) => {
        browser.runtime.onMessage.addListener(
          listen({ "sigill:deliver": ({ subject, text }) => handler({ subject, text }) }),
        );
      },
      onReadAttachment: (handler) => {
        browser.runtime.onMessage.addListener(
          listen({
            "sigill:read-attachment": async (request) => {
              const bytes = await handler(request).catch(() => null);
              return { bytes: bytes === null ? null : bytesToBase64(bytes) };
            },
          }),
        );
      },
    });
  },
});
