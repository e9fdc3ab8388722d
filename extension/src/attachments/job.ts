// What the scanning worker does with one job: scan the file with the organisation's detection
// settings (kinds switched off, extra keywords) when they came with it, else with every kind on.
import { policyFromOrg } from "@sigill/detection";
import { scanAttachment } from "./index.ts";
import type { ScanJob } from "./run.ts";
import type { AttachmentScan } from "./types.ts";

export function scanJob(job: ScanJob): Promise<AttachmentScan> {
  return scanAttachment(
    job.name,
    job.bytes,
    job.detection === undefined ? {} : { policy: policyFromOrg(job.detection) },
  );
}
