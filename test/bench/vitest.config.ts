// `pnpm --filter @sigill/journeys bench`: what a person feels (bench/felt.run.ts), with the
// webmail rig up (the root `npm run bench` starts it). Not part of `npm test`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["bench/felt.run.ts"],
    environment: "node",
    testTimeout: 0,
    hookTimeout: 120_000,
  },
});
