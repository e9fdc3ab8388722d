// The scanning worker: one attachment in, its scan out. Runs in the offscreen document's worker.
import { scanJob } from "./job.ts";
import type { ScanJob } from "./run.ts";

self.onmessage = (event: MessageEvent<ScanJob>) => {
  void scanJob(event.data).then((scan) => {
    self.postMessage(scan);
  });
};
