import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["journeys/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One journey file at a time: each drives browsers and servers of its own (the first-run journey
    // builds the whole product), and two at once on two cores made timing-sensitive steps flaky.
    fileParallelism: false,
  },
});
