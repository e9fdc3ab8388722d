// The scanning worker (src/attachments/worker.ts) as a Node worker thread, started by
// node-scan-worker.mjs: the same job (src/attachments/job.ts) on the same messages, so tests can
// run hostile files through scanInWorker with the extension's time limit and a capped heap.
import { parentPort } from "node:worker_threads";
import { scanJob } from "../src/attachments/job.ts";
import type { ScanJob } from "../src/attachments/run.ts";

parentPort?.on("message", (job: ScanJob) => {
  void scanJob(job).then((scan) => {
    parentPort?.postMessage(scan);
  });
});
