import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

// The same suite runs twice: in Node and in Debian's Chromium (headless, through playwright-core;
// Playwright's own browser downloads are not used). SIGILL_CHROMIUM overrides the binary.
const chromium = process.env.SIGILL_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "node", include: ["test/**/*.test.ts"], environment: "node" } },
      {
        extends: true,
        test: {
          name: "chromium",
          include: ["test/**/*.test.ts"],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: chromium,
                args: [
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--no-first-run",
                ],
              },
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
  },
});
