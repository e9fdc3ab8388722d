// HAND-WRITTEN FIXTURES: these pages were written by us from our own selector tables, so this file
// proves only that the code matches itself (two Gmail windows on one page; no capture of that
// exists). What holds on real captured markup, served on the real host names, is in
// webmails-real.test.ts and webmails-divert.test.ts.
// The built extension in real Chromium (Debian's, through playwright-core) on the hand-written
// Gmail and Outlook on the web compose pages: typing a personnummer into a compose window shows
// that window's banner, and clicking Send or pressing Ctrl+Enter is stopped before the page's own
// send handler runs; a clean draft goes through. Banners are read through their closed shadow
// roots with the DevTools protocol (see chromium.ts).
import { readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type BannerState, bannerStates, useExtensionBrowser } from "./chromium.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const PNR = "19121212-1212"; // Skatteverket's published test number

const env = useExtensionBrowser({
  "/gmail": fixture("gmail-compose.html"),
  "/outlook": fixture("outlook-compose.html"),
});

/** Opens a fixture and waits until the content script has placed `banners` banners. */
async function open(path: string, banners: number): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await env.context.newPage();
  await page.goto(`${env.base}${path}`);
  const cdp = await env.context.newCDPSession(page);
  await expect.poll(async () => (await bannerStates(cdp)).length, { timeout: 10_000 }).toBe(banners);
  return { page, cdp };
}

async function banner(cdp: CDPSession, index: number): Promise<BannerState> {
  const state = (await bannerStates(cdp))[index];
  if (state === undefined) throw new Error(`no banner ${String(index)}`);
  return state;
}

/** After a blocked send: nothing went out, and the banner's dialog explains; Escape closes it. */
async function expectStopped(page: Page, cdp: CDPSession, index: number, sentBefore = 0): Promise<void> {
  expect(await sent(page)).toBe(sentBefore);
  await expect.poll(async () => (await banner(cdp, index)).dialogOpen).toBe(true);
  await page.keyboard.press("Escape");
  await expect.poll(async () => (await banner(cdp, index)).dialogOpen).toBe(false);
}

const sent = (page: Page) => page.evaluate(() => (window as { __sent?: number }).__sent ?? 0);

/**
 * The fixtures' drafts hold a file the extension never had (elevlista.xlsx, attached before it
 * looked): it counts as one that could not be checked (review D1), so a send is stopped until it is
 * removed. Removes it with the webmail's own control. (The banner's line for it goes at the next
 * scan, a keystroke; the send decision reads the attachment list afresh at every send.)
 */
async function removeUncheckedFile(page: Page, cdp: CDPSession, index: number): Promise<void> {
  await expect
    .poll(async () => (await banner(cdp, index)).text, { timeout: 5000 })
    .toContain("Bilagan elevlista.xlsx kunde inte granskas");
  // Gmail's control is an empty element styled by its CSS, which the fixture lacks: clicked in the page.
  await page
    .locator('[aria-label="Remove attachment"]')
    .first()
    .evaluate((control) => {
      (control as HTMLElement).click();
    });
  await expect.poll(async () => page.locator('[aria-label="Remove attachment"]').count(), { timeout: 5000 }).toBe(0);
}
const sentFrom = (page: Page) => page.evaluate(() => (window as { __sentFrom?: string }).__sentFrom ?? "");

describe("the built extension in Chromium on a Gmail page with two compose windows", () => {
  // Banners in document order: the inline reply (in the thread) comes before the pop-out dialog.
  const REPLY = 0;
  const POPOUT = 1;

  it("when a personnummer is typed into the pop-out, then only its banner names it; Send and Ctrl+Enter are stopped", async () => {
    const { page, cdp } = await open("/gmail", 2);
    await page.locator("#new-body").pressSequentially(`Hej! Elevens personnummer är ${PNR}.`, { delay: 5 });
    await expect.poll(async () => (await banner(cdp, POPOUT)).text, { timeout: 5000 }).toContain("Personnummer");
    expect((await banner(cdp, POPOUT)).hidden).toBe(false);
    expect((await banner(cdp, POPOUT)).text).toMatch(/Känsliga personuppgifter \(1\)/);
    expect((await banner(cdp, REPLY)).hidden).toBe(true);

    await page.locator("#new-send").click();
    await expectStopped(page, cdp, POPOUT);
    await page.locator("#new-body").press("Control+Enter");
    await expectStopped(page, cdp, POPOUT);

    // The other window's clean reply is its own draft: it still goes out.
    await page.locator("#reply-body").pressSequentially("Tack, vi kommer!", { delay: 2 });
    await page.locator("#reply-send").click();
    expect(await sent(page)).toBe(1);
    expect(await sentFrom(page)).toBe("reply");
    await page.close();
  });

  it("when a personnummer is typed into the inline reply, then Ctrl+Enter and Skicka there are stopped", async () => {
    const { page, cdp } = await open("/gmail", 2);
    await page.locator("#reply-body").pressSequentially(`Personnummer ${PNR}`, { delay: 5 });
    await expect.poll(async () => (await banner(cdp, REPLY)).hidden, { timeout: 5000 }).toBe(false);
    await page.locator("#reply-body").press("Control+Enter");
    await expectStopped(page, cdp, REPLY);
    await page.locator("#reply-send").click();
    await expectStopped(page, cdp, REPLY);
    await page.close();
  });

  it(
    "when the draft has no sensitive data, then Send goes through untouched (once a file the extension never read is removed)",
    { timeout: 30_000 },
    async () => {
      const { page, cdp } = await open("/gmail", 2);
      await page.locator("#new-subject").fill("Utflykt på fredag");
      await page.locator("#new-body").pressSequentially("Hej! Ta med matsäck på fredag.", { delay: 2 });
      // The pop-out's elevlista.xlsx was never read by the extension: Send is stopped, not waved through.
      await page.locator("#new-send").click();
      await expectStopped(page, cdp, POPOUT);
      await removeUncheckedFile(page, cdp, POPOUT);
      await page.locator("#new-send").click();
      expect(await sent(page)).toBe(1);
      expect(await sentFrom(page)).toBe("popout");
      expect((await banner(cdp, POPOUT)).hidden).toBe(true);
      await page.close();
    },
  );
});

describe("the built extension in Chromium on an Outlook on the web compose page", () => {
  it(
    "when a personnummer is typed, then the banner names it; Send and Ctrl+Enter are stopped",
    { timeout: 30_000 },
    async () => {
      const { page, cdp } = await open("/outlook", 1);
      await removeUncheckedFile(page, cdp, 0);
      await page.locator("#body").pressSequentially(`Hej! Elevens personnummer är ${PNR}.`, { delay: 5 });
      await expect.poll(async () => (await banner(cdp, 0)).text, { timeout: 5000 }).toContain("Personnummer");
      expect((await banner(cdp, 0)).text).toMatch(/Känsliga personuppgifter \(1\)/);

      await page.locator("#send").click();
      await expectStopped(page, cdp, 0);
      await page.locator("#body").press("Control+Enter");
      await expectStopped(page, cdp, 0);
      await page.locator("#subject").press("Control+Enter");
      await expectStopped(page, cdp, 0);
      await page.close();
    },
  );

  it("when the personnummer is in the subject, then Send is stopped too", async () => {
    const { page, cdp } = await open("/outlook", 1);
    await page.locator("#subject").pressSequentially(`Elev ${PNR}`, { delay: 5 });
    await expect.poll(async () => (await banner(cdp, 0)).hidden, { timeout: 5000 }).toBe(false);
    await page.locator("#send").click();
    await expectStopped(page, cdp, 0);
    await page.close();
  });

  it(
    "when the draft has no sensitive data, then Send and Ctrl+Enter go through untouched",
    { timeout: 30_000 },
    async () => {
      const { page, cdp } = await open("/outlook", 1);
      await page.locator("#subject").fill("Utflykt på fredag");
      await page.locator("#body").pressSequentially("Hej! Ta med matsäck på fredag.", { delay: 2 });
      await page.locator("#send").click();
      await expectStopped(page, cdp, 0);
      await removeUncheckedFile(page, cdp, 0);
      await page.locator("#send").click();
      expect(await sent(page)).toBe(1);
      await page.locator("#body").press("Control+Enter");
      expect(await sent(page)).toBe(2);
      await page.close();
    },
  );
});
