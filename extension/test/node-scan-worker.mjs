// Starts node-scan-worker.ts in a Node worker thread: a worker does not inherit the test
// runner's TypeScript loader, so it registers tsx itself first.
import { register } from "tsx/esm/api";

register();
await import("./node-scan-worker.ts");
