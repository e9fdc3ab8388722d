// Real Chromium for portal tests: Debian's browser through playwright-core, a person per browser
// context with a CDP virtual authenticator (resident keys, user verification, PRF unless asked
// otherwise), an axe-core scan that reports the violations that block a release, screenshots.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  return port;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SIGILL_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
}

/** axe-core in the page; the violations that block a release (serious and critical). */
export async function seriousViolations(p: Page): Promise<string[]> {
  // Injected through the DevTools protocol, not a <script>: the page's CSP stays as served.
  await p.evaluate(axeSource);
  const found = await p.evaluate<{ id: string; impact: string }[]>(
    "axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))",
  );
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

/** Adds a CDP virtual authenticator (platform, resident keys, user verification, PRF unless asked
 * otherwise) to the page behind `cdp` (WebAuthn.enable first). Chromium allows one per page. */
export async function addVirtualAuthenticator(cdp: CDPSession, options: { prf?: boolean } = {}): Promise<string> {
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      ctap2Version: "ctap2_1",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      hasPrf: options.prf ?? true,
    },
  });
  return authenticatorId;
}

export interface Device {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
  /** Console errors other than HTTP statuses the page handles. */
  readonly consoleErrors: string[];
  /** The authenticator the device started with. */
  readonly authenticatorId: string;
  addAuthenticator(options?: { prf?: boolean }): Promise<string>;
  removeAuthenticator(id: string): Promise<void>;
  close(): Promise<void>;
}

/** One person's browser (a fresh profile) with one page and, by default, a PRF authenticator. */
export async function device(browser: Browser, options: { prf?: boolean; locale?: string } = {}): Promise<Device> {
  const context = await browser.newContext({ locale: options.locale ?? "sv-SE", acceptDownloads: true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const addAuthenticator = (o: { prf?: boolean } = {}) => addVirtualAuthenticator(cdp, o);
  const authenticatorId = await addAuthenticator({ prf: options.prf ?? true });
  return {
    context,
    page,
    cdp,
    consoleErrors,
    authenticatorId,
    addAuthenticator,
    removeAuthenticator: async (authenticatorId) => {
      await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
    },
    close: () => context.close(),
  };
}

/** Full-page screenshots into `folder` (created). */
export function shooter(folder: string): (page: Page, name: string) => Promise<void> {
  mkdirSync(folder, { recursive: true });
  return async (page, name) => {
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  };
}
