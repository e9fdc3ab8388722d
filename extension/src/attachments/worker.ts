// The scanning worker: one attachment in, its scan out. Runs in the offscreen document's worker.
import { scanAttachment } from "./index.ts";

interface Job {
  readonly name: string;
  readonly bytes: Uint8Array;
}

self.onmessage = (event: MessageEvent<Job>) => {
  void scanAttachment(event.data.name, event.data.bytes).then((scan) => {
    self.postMessage(scan);
  });
};
