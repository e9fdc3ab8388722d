// The offscreen document: receives attachments from the background script and scans each in a
// fresh worker (off every page's main thread), ending it if the scan runs past the time limit.
// Nothing leaves the extension; the bytes are dropped with the worker.
import { browser } from "wxt/browser";
import { scanInWorker } from "../../attachments/run.ts";
import { REQUESTS } from "../../protocol.ts";
import { base64ToBytes, listen } from "../../wire.ts";

browser.runtime.onMessage.addListener(
  listen(REQUESTS, {
    "sigill:scan-run": (request) =>
      scanInWorker(
        request.name,
        base64ToBytes(request.bytes),
        () => new Worker(new URL("../../attachments/worker.ts", import.meta.url), { type: "module" }),
        undefined,
        request.detection,
      ),
  }),
);
