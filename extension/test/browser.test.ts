// The built extension in real Chromium (Debian's, through playwright-core) on a saved Roundcube
// compose page: typing a personnummer shows the banner, and every way of sending is stopped while
// the draft is sensitive; a clean draft goes through. The banner lives in a closed shadow root,
// which page scripts cannot read; the test reads it through the DevTools protocol.
import { readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";
import { bannerState, useExtensionBrowser } from "./chromium.ts";
import { describe, expect, it } from "vitest";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";

const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
const PNR = "19121212-1212"; // Skatteverket's published test number

async function openCompose(): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await env.context.newPage();
  await page.goto(`${env.base}/compose`);
  const cdp = await env.context.newCDPSession(page);
  await expect
    .poll(async () => (await bannerState(cdp)).text !== "" || (await page.locator("sigill-banner").count()) > 0, {
      timeout: 10_000,
    })
    .toBe(true);
  return { page, cdp };
}

const env = useExtensionBrowser({ "/compose": fixture });

describe("the built extension in Chromium on a Roundcube compose page", () => {
  it("when the extension is loaded unpacked, then its ID is the fixed development ID", async () => {
    const page = await env.context.newPage();
    await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/manifest.json`);
    expect(await page.textContent("body")).toContain('"name":"Sigill"');
    await page.close();
  });

  it("when a personnummer is typed, then the banner names it; Send and Ctrl+Enter are stopped and a dialog explains", async () => {
    const { page, cdp } = await openCompose();
    expect((await bannerState(cdp)).hidden).toBe(true);
    await page.locator("#composebody").pressSequentially(`Hej! Elevens personnummer är ${PNR}.`, { delay: 5 });
    await expect.poll(async () => (await bannerState(cdp)).text, { timeout: 5000 }).toContain("Personnummer");
    const state = await bannerState(cdp);
    expect(state.hidden).toBe(false);
    expect(state.text).toMatch(/Känsliga personuppgifter \(1\)/);

    await page.locator("button.send").click();
    expect(await page.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(0);
    await expect.poll(async () => (await bannerState(cdp)).dialogOpen).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(async () => (await bannerState(cdp)).dialogOpen).toBe(false);

    await page.locator("#composebody").press("Control+Enter");
    expect(await page.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(0);
    // The page's scripts cannot see the banner's content: the shadow root is closed.
    expect(await page.evaluate(() => document.querySelector("sigill-banner")?.shadowRoot ?? null)).toBeNull();
    await page.close();
  });

  it("when the draft has no sensitive data, then Send goes through untouched", async () => {
    const { page } = await openCompose();
    await page.locator("#compose-subject").fill("Utflykt på fredag");
    await page
      .locator("#composebody")
      .pressSequentially("Hej! Vi åker till skogen på fredag, ta med matsäck.", { delay: 2 });
    await page.locator("button.send").click();
    expect(await page.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(1);
    await page.close();
  });

  it("when the personnummer is removed again, then the banner goes away and Send works", async () => {
    const { page, cdp } = await openCompose();
    await page.locator("#composebody").fill(`Personnummer ${PNR}`);
    await page.locator("#composebody").press("End");
    await expect.poll(async () => (await bannerState(cdp)).hidden, { timeout: 5000 }).toBe(false);
    await page.locator("#composebody").fill("Inget känsligt här.");
    await page.locator("#composebody").press("End");
    await expect.poll(async () => (await bannerState(cdp)).hidden, { timeout: 5000 }).toBe(true);
    await page.locator("button.send").click();
    expect(await page.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(1);
    await page.close();
  });
});
