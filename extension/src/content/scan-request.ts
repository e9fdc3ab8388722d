// One file's scan asked of the extension's background (which runs it in a worker), as both the
// webmail tab's guard and the secure-compose page ask it: never waited for for ever, and never
// taken as clean when it did not happen.
import { SCAN_MAX_BYTES, ask, bytesToBase64, type AttachmentScan } from "../wire.ts";
import { bytesToScan, nameOnlyScan } from "./attachment-state.ts";

/**
 * The scan of `file` through `send` (the runtime's message transport). A file over the scan limit
 * is not sent at all; no answer within `waitMs` gives a name-only scan marked "timeout", a failed
 * or malformed answer one marked "unsupported". A name-only scan is "unscannable": it blocks a
 * plain send like any file that could not be read (fail closed).
 */
export async function scanThroughExtension(
  file: File,
  send: (message: unknown) => Promise<unknown>,
  waitMs: number,
): Promise<AttachmentScan> {
  if (file.size > SCAN_MAX_BYTES) return nameOnlyScan(file.name, "too-large");
  const bytes = bytesToBase64(await bytesToScan(file));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, waitMs, null);
  });
  const scan = ask(send, { type: "sigill:scan-attachment", name: file.name, bytes }).catch(() => undefined);
  try {
    const answer = await Promise.race([scan, timeout]);
    return answer ?? nameOnlyScan(file.name, answer === null ? "timeout" : "unsupported");
  } finally {
    clearTimeout(timer);
  }
}
