// Runs one attachment scan in a worker with a time limit. A scan that overruns (a hostile or
// huge file) is stopped by terminating the worker, and the file is reported "timeout".
import { nameOnlyScan } from "./name-only.ts";
import { DEFAULT_LIMITS, type AttachmentScan } from "./types.ts";

/** The subset of a Worker used here (a browser Worker, or a test double with the same contract). */
export interface ScanWorker {
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
}

export function scanInWorker(
  name: string,
  bytes: Uint8Array,
  makeWorker: () => ScanWorker,
  timeoutMs: number = DEFAULT_LIMITS.timeoutMs,
): Promise<AttachmentScan> {
  return new Promise((resolve) => {
    const worker = makeWorker();
    const done = (scan: AttachmentScan) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(scan);
    };
    const timer = setTimeout(() => {
      done(nameOnlyScan(name, "timeout"));
    }, timeoutMs);
    worker.onmessage = (event) => {
      // Only a scan ends the job (a library's own worker chatter, if any, is not one).
      const data = event.data as { status?: unknown } | null;
      if (data?.status === "scanned" || data?.status === "unscannable") done(data as AttachmentScan);
    };
    worker.onerror = () => {
      done(nameOnlyScan(name, "corrupt"));
    };
    const copy = bytes.slice();
    worker.postMessage({ name, bytes: copy }, [copy.buffer]);
  });
}
