// Debian's Chromium with the built extension loaded unpacked (playwright-core; no browser download).
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const extensionDir = join(new URL("..", import.meta.url).pathname, ".output", "chrome-mv3");

/** The flags keep Chromium off the (closed) network and out of first-run screens. */
export function launchWithExtension(profile: string, options: { locale?: string } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.SIGILL_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    ...(options.locale !== undefined && { locale: options.locale }),
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
