// The offscreen document: receives attachments from the background script and scans each in a
// fresh worker (off every page's main thread), ending it if the scan runs past the time limit.
// Nothing leaves the extension; the bytes are dropped with the worker.
import { browser } from "wxt/browser";
import { scanInWorker } from "../../attachments/run.ts";
import { base64ToBytes, scanRunSchema } from "../../protocol.ts";

browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: unknown) => void) => {
  const parsed = scanRunSchema.safeParse(message);
  if (!parsed.success) return undefined;
  void scanInWorker(
    parsed.data.name,
    base64ToBytes(parsed.data.bytes),
    () => new Worker(new URL("../../attachments/worker.ts", import.meta.url), { type: "module" }),
    undefined,
    parsed.data.detection,
  ).then(sendResponse);
  return true;
});
