// A scan of an attachment's name alone: what every "could not be scanned" result carries, since a
// name can be sensitive even when the content cannot be read. One small module (detection only),
// so the content script and the worker runner can use it without the format readers.
import { detect } from "@sigill/detection";
import type { AttachmentScan, ScanLocation, ScanOptions, UnscannableReason } from "./types.ts";

export const NAME_LOCATION: ScanLocation = { part: "name" };

/** The name on one line (a name cannot hold a paragraph break), same length so offsets hold. */
export const oneLine = (name: string): string => name.replace(/[\r\n]/g, " ");

export function nameOnlyScan(name: string, reason: UnscannableReason, options: ScanOptions = {}): AttachmentScan {
  const result = detect(oneLine(name), {
    ...(options.policy && { policy: options.policy }),
    ...(options.clock && { clock: options.clock }),
  });
  return { status: "unscannable", name, reason, result, locations: result.findings.map(() => NAME_LOCATION) };
}
