// Runs one attachment scan in a worker with a time limit. A scan that overruns (a hostile or
// huge file) is stopped by terminating the worker, and the file is reported "timeout".
import { policyFromOrg, type OrgDetectionSettings } from "@sigill/detection";
import { nameOnlyScan } from "./name-only.ts";
import { DEFAULT_LIMITS, type AttachmentScan } from "./types.ts";

/** The subset of a Worker used here (a browser Worker, or a test double with the same contract). */
export interface ScanWorker {
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
}

/** One job for the worker: the file, and the organisation's detection settings when known. */
export interface ScanJob {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly detection?: OrgDetectionSettings;
}

export function scanInWorker(
  name: string,
  bytes: Uint8Array,
  makeWorker: () => ScanWorker,
  timeoutMs: number = DEFAULT_LIMITS.timeoutMs,
  detection?: OrgDetectionSettings,
): Promise<AttachmentScan> {
  const nameOptions = detection === undefined ? {} : { policy: policyFromOrg(detection) };
  return new Promise((resolve) => {
    const worker = makeWorker();
    const done = (scan: AttachmentScan) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(scan);
    };
    const timer = setTimeout(() => {
      done(nameOnlyScan(name, "timeout", nameOptions));
    }, timeoutMs);
    worker.onmessage = (event) => {
      // Only a scan ends the job (a library's own worker chatter, if any, is not one).
      const data = event.data as { status?: unknown } | null;
      if (data?.status === "scanned" || data?.status === "unscannable") done(data as AttachmentScan);
    };
    worker.onerror = () => {
      done(nameOnlyScan(name, "corrupt", nameOptions));
    };
    const copy = bytes.slice();
    const job: ScanJob = { name, bytes: copy, ...(detection !== undefined && { detection }) };
    worker.postMessage(job, [copy.buffer]);
  });
}
