import { browser } from "wxt/browser";
import { defineContentScript } from "wxt/utils/define-content-script";
import { startGuard } from "../content/guard.ts";
import { nameOnlyScan } from "../content/attachment-state.ts";
import {
  SCAN_MAX_BYTES,
  attachmentScanSchema,
  bytesToBase64,
  deliverSchema,
  readAttachmentSchema,
  siteAnswerSchema,
} from "../protocol.ts";

/** Longest the page waits for a scan before treating the file as not scannable. */
const SCAN_WAIT_MS = 60_000;

// Runs on the webmail pages the extension may read. Detection runs here, locally: no text is
// sent anywhere; a diverted draft (and, when asked, its files) goes only to the extension's own
// secure-compose page.
export default defineContentScript({
  matches: ["http://localhost/*", "http://127.0.0.1/*", "https://*/*"],
  allFrames: false,
  main() {
    startGuard(window, {
      divert: (draft) => {
        void browser.runtime.sendMessage({ type: "sigill:divert", draft });
      },
      sitePolicy: async () => {
        const answer: unknown = await browser.runtime.sendMessage({
          type: "sigill:site-check",
          host: location.hostname,
        });
        // A malformed answer: no generic adapter, unscannable files count, all detection stays on.
        const parsed = siteAnswerSchema.safeParse(answer);
        return parsed.success ? parsed.data : { generic: false, unscannableSensitive: true };
      },
      scanAttachment: async (file) => {
        if (file.size > SCAN_MAX_BYTES) return nameOnlyScan(file.name, "too-large");
        const bytes = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
        const answer: unknown = await Promise.race([
          browser.runtime.sendMessage({ type: "sigill:scan-attachment", name: file.name, bytes }),
          new Promise((resolve) => setTimeout(resolve, SCAN_WAIT_MS, null)),
        ]);
        const parsed = attachmentScanSchema.safeParse(answer);
        return parsed.success ? parsed.data : nameOnlyScan(file.name, answer === null ? "timeout" : "unsupported");
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
          const m = deliverSchema.safeParse(message);
          if (!m.success) return undefined;
          void handler({ subject: m.data.subject, text: m.data.text }).then(sendResponse);
          return true; // the answer comes asynchronously
        });
      },
      onReadAttachment: (handler) => {
        browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (r: unknown) => void) => {
          const m = readAttachmentSchema.safeParse(message);
          if (!m.success) return undefined;
          void handler(m.data).then(
            (bytes) => {
              sendResponse({ bytes: bytes === null ? null : bytesToBase64(bytes) });
            },
            () => {
              sendResponse({ bytes: null });
            },
          );
          return true;
        });
      },
    });
  },
});
