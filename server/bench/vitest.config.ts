// `pnpm --filter @sigill/server bench`: the load bench (bench/load.run.ts) with the test harness's
// databases (a migrated PostgreSQL template from the same global setup as the tests).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["bench/load.run.ts"],
    environment: "node",
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 0,
    hookTimeout: 120_000,
    execArgv: ["--expose-gc"],
  },
});
