// A compose window the mail page writes into a pop-out it opened as about:blank, as Outlook on the
// web does for "open in new window" (Briskine's Outlook plugin, Briskine/briskine@98b08dbe
// src/content/plugins/outlook.js, recognises OWA "in dynamically created frames, eg. the
// open-email-in-new-window popup", and its manifest sets match_about_blank). No capture of such a
// pop-out's opener exists: the opener page here is OUR OWN; what it writes into the pop-out is the
// popped-out compose built from captured markup (fixtures/outlook/new-outlook-popout.html, see
// SOURCES.md) with our stand-in for Outlook's send handling (fixtures/webmail-standin.js).
// Served on 127.0.0.1: the pop-out inherits the opener's origin, so the guard wakes as it does on
// the opener (development pages need no policy). Before matchAboutBlank and the inherited origin, no
// content script ran in the pop-out and a personnummer went out on Send.
import { readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { bannerStates, useExtensionBrowser } from "./chromium.ts";
import { webmailPages } from "./webmail-pages.ts";

const PNR = "19121212-1212"; // Skatteverket's published test number
const popout = webmailPages("en").find((p) => p.name === "Outlook on the web, popped-out compose (en)");
if (popout === undefined) throw new Error("no popped-out compose page");

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
const js = (value: unknown) => JSON.stringify(value).replace(/<\//g, "<\\/");

// Two openers, each a button that opens an empty window: one writes the whole page into it
// (document.write, scripts and all), the other builds it with DOM calls as a single-page app
// rendering into a pop-out does (the compose markup into its body, then the stand-in's script).
const opener = (write: string) => `<!DOCTYPE html><html lang="en"><body>
<button id="pop" type="button">New message in a new window</button>
<script>
  document.getElementById("pop").addEventListener("click", function () {
    var w = window.open("", "compose", "width=900,height=700");
    ${write}
  });
</script>
</body></html>`;
const BY_WRITE = opener(`w.document.open(); w.document.write(${js(popout.html)}); w.document.close();`);
const rawPopout = fixture("outlook/new-outlook-popout.html");
const BY_DOM = opener(`
    var html = ${js(rawPopout)};
    w.document.body.innerHTML = html.slice(html.indexOf("<body>") + 6, html.lastIndexOf("</body>"));
    w.__standinConfig = ${js(popout.standin)};
    var script = w.document.createElement("script");
    script.textContent = ${js(fixture("webmail-standin.js"))};
    w.document.body.appendChild(script);`);

const env = useExtensionBrowser({ "/write": BY_WRITE, "/dom": BY_DOM });

async function openPopout(path: string): Promise<{ opener: Page; win: Page; cdp: CDPSession }> {
  const opener = await env.context.newPage();
  await opener.goto(`${env.base}${path}`);
  const [win] = await Promise.all([env.context.waitForEvent("page"), opener.locator("#pop").click()]);
  await win.waitForSelector(popout?.body ?? "");
  expect(win.url()).toBe("about:blank");
  const cdp = await env.context.newCDPSession(win);
  await expect.poll(async () => (await bannerStates(cdp)).length, { timeout: 10_000 }).toBe(1);
  return { opener, win, cdp };
}

const sent = (win: Page) => win.evaluate(() => (window as { __sent?: number }).__sent ?? 0);

describe.each(["/write", "/dom"])("the built extension in a pop-out the mail page fills (about:blank, %s)", (path) => {
  it(
    "when a personnummer is typed in the pop-out, then its banner names it and Send is stopped",
    { timeout: 30_000 },
    async () => {
      const { opener, win, cdp } = await openPopout(path);
      await win.locator(popout.body).click({ position: { x: 8, y: 8 } });
      await win.keyboard.type(` Elevens personnummer är ${PNR}.`, { delay: 2 });
      await expect
        .poll(async () => (await bannerStates(cdp))[0]?.text ?? "", { timeout: 5000 })
        .toContain("Personnummer");
      await win.locator(popout.send).click();
      await expect.poll(async () => (await bannerStates(cdp))[0]?.dialogOpen).toBe(true);
      expect(await sent(win)).toBe(0);
      await win.keyboard.press("Escape");
      await win.keyboard.press("Control+Enter");
      expect(await sent(win)).toBe(0);
      await win.close();
      await opener.close();
    },
  );

  it("when the pop-out's draft is clean, then Send sends it once", { timeout: 30_000 }, async () => {
    const { opener, win, cdp } = await openPopout(path);
    await win.locator(popout.body).click({ position: { x: 8, y: 8 } });
    await win.keyboard.type(" Hej! Ta med matsäck på fredag.", { delay: 2 });
    await win.locator(popout.send).click();
    await expect.poll(async () => sent(win)).toBe(1);
    expect((await bannerStates(cdp))[0]?.hidden).toBe(true);
    await win.close();
    await opener.close();
  });
});
