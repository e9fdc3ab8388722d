// Builds the extension once per test run, before any browser test loads it (the browser tests
// running in parallel must not build into the same folder at the same time).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup(): void {
  const root = new URL("..", import.meta.url).pathname;
  execFileSync(join(root, "node_modules", ".bin", "wxt"), ["build"], { cwd: root, stdio: "ignore" });
}
