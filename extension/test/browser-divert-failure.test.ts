// Review D5: when "Skicka som säkert meddelande" cannot open secure compose, or the guard cannot
// read the draft it is about to let go, the person is told in the banner (an alert a screen reader
// announces: what happened, that nothing was sent, what to do) and Send stays blocked. Before,
// the dialog closed and nothing happened, and a draft the guard failed to read went out unchecked.
// The built extension in Chromium on the Roundcube fixture; each failure is a real one: the
// background script cannot keep the draft (its session storage is full), the extension is
// reloaded under the open page (its content script is cut off: "Extension context invalidated"),
// and reading the textarea throws inside the content script's own world (as Firefox's "can't
// access dead object" does), injected there through the DevTools protocol.
import { readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";
import { bannerAlerts, bannerState, callInBanner, useExtensionBrowser } from "./chromium.ts";

const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
const PNR = "19121212-1212"; // Skatteverket's published test number
// Long enough that the draft cannot fit in what is left of a filled session storage.
const SENSITIVE = `Hej! Elevens personnummer är ${PNR}.\n${"Vi har pratat om läget i klassen. ".repeat(40)}`;

const env = useExtensionBrowser({ "/compose": fixture });

const sent = (page: Page) => page.evaluate(() => (window as { __sent?: number }).__sent ?? 0);
const composePages = () => env.context.pages().filter((p) => p.url().includes(`${DEV_EXTENSION_ID}/compose.html`));

/** The Roundcube compose page with `body` typed in, once the guard has read it. */
async function openCompose(body: string, flagged: boolean): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await env.context.newPage();
  await page.goto(`${env.base}/compose`);
  const cdp = await env.context.newCDPSession(page);
  await expect.poll(async () => page.locator("sigill-banner").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.locator("#compose-subject").fill("Om eleven");
  await page.locator("#composebody").fill(body);
  await page.locator("#composebody").press("End");
  if (flagged)
    await expect.poll(async () => (await bannerState(cdp)).text, { timeout: 5000 }).toContain("Personnummer");
  return { page, cdp };
}

/** Runs an expression in the content script's own (isolated) world of the page, through DevTools. */
async function contentScriptWorld(cdp: CDPSession): Promise<(expression: string) => Promise<unknown>> {
  const worlds: { id: number; origin: string }[] = [];
  cdp.on("Runtime.executionContextCreated", (event: { context: { id: number; origin: string } }) => {
    worlds.push(event.context);
  });
  await cdp.send("Runtime.enable");
  const world = worlds.find((w) => w.origin === `chrome-extension://${DEV_EXTENSION_ID}`);
  if (world === undefined) throw new Error("the content script's world was not found");
  return (expression) => cdp.send("Runtime.evaluate", { contextId: world.id, expression, returnByValue: true });
}

/** Send is pressed: nothing reaches the webmail, and the "not sent" dialog opens. */
async function sendIsBlocked(page: Page, cdp: CDPSession): Promise<void> {
  await page.locator("button.send").click();
  await expect.poll(async () => (await bannerState(cdp)).dialogOpen).toBe(true);
  expect(await sent(page)).toBe(0);
}

/** The person chooses the secure message in the dialog (it has the focus when the dialog opens). */
async function divertFromDialog(page: Page, cdp: CDPSession): Promise<void> {
  await sendIsBlocked(page, cdp);
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await bannerState(cdp)).dialogOpen).toBe(false);
}

/** "Skicka säkert med Sigill" in the banner opens secure compose; the alert is gone and nothing was sent. */
async function secureComposeOpens(page: Page, cdp: CDPSession): Promise<void> {
  const [compose] = await Promise.all([
    env.context.waitForEvent("page", { timeout: 10_000 }),
    callInBanner(cdp, ".secure-compose", "function () { this.click(); }"),
  ]);
  expect(compose.url()).toContain(`${DEV_EXTENSION_ID}/compose.html?draft=`);
  expect(await bannerAlerts(cdp)).toEqual([]);
  expect(await sent(page)).toBe(0);
  await compose.close();
}

describe("when a secure message cannot be started, the person is told and nothing is sent", () => {
  it(
    "when the background script cannot keep the draft, then the banner alerts that the extension did not answer, Send stays blocked, and a second try once it can opens secure compose",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose(SENSITIVE, true);
      // Another extension page fills storage.session (10 MB) to a few bytes, so the background's
      // storage.session.set(draft) fails as it would with drafts that were never taken.
      const extensionPage = await env.context.newPage();
      await extensionPage.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
      const left = await extensionPage.evaluate<number>(`(async () => {
        const area = chrome.storage.session;
        for (const margin of [16, 64, 256]) {
          const free = area.QUOTA_BYTES - (await area.getBytesInUse(null));
          // The quota may count a little differently: then leave more room.
          const full = await area.set({ filler: "x".repeat(free - "filler".length - 2 - margin) }).then(() => true, () => false);
          if (full) break;
        }
        return area.QUOTA_BYTES - (await area.getBytesInUse(null));
      })()`);
      const makeRoom = () => extensionPage.evaluate(`chrome.storage.session.remove("filler")`);
      try {
        expect(left).toBeLessThan(SENSITIVE.length);
        await divertFromDialog(page, cdp);
        await expect
          .poll(async () => bannerAlerts(cdp), { timeout: 10_000 })
          .toEqual([
            "Sigill kunde inte skapa det säkra meddelandet: tillägget svarade inte som det skulle. Inget har skickats. Försök igen. Går det inte, spara utkastet, ladda om sidan och försök igen.",
          ]);
        expect(composePages()).toEqual([]);
        await sendIsBlocked(page, cdp);
        await page.keyboard.press("Escape");

        // Room again: "Skicka säkert med Sigill" now opens secure compose, and the alert goes.
        await makeRoom();
        await secureComposeOpens(page, cdp);
      } finally {
        await makeRoom();
        await extensionPage.close();
        await page.close();
      }
    },
  );

  it(
    "when the background answers only after the wait, then the banner says the secure message has not opened yet, and the alert goes once it opens",
    { timeout: 90_000 },
    async () => {
      const { page, cdp } = await openCompose(SENSITIVE, true);
      // The background's tabs.create now takes 22 s (the content script waits 20 s for its answer).
      const worker = env.context.serviceWorkers()[0] ?? (await env.context.waitForEvent("serviceworker"));
      await worker.evaluate(`(() => {
        globalThis.__sigillTestCreate = chrome.tabs.create.bind(chrome.tabs);
        chrome.tabs.create = (options) =>
          new Promise((resolve) => setTimeout(resolve, 22000)).then(() => globalThis.__sigillTestCreate(options));
      })()`);
      try {
        await divertFromDialog(page, cdp);
        await expect
          .poll(async () => bannerAlerts(cdp), { timeout: 25_000 })
          .toEqual([
            "Det säkra meddelandet har inte öppnats än: tillägget har inte svarat. Inget har skickats. Öppnas det om en stund kan du skicka därifrån; annars spara utkastet, ladda om sidan och försök igen.",
          ]);
        expect(await sent(page)).toBe(0);
        const compose = await env.context.waitForEvent("page", { timeout: 15_000 });
        expect(compose.url()).toContain(`${DEV_EXTENSION_ID}/compose.html?draft=`);
        await expect.poll(async () => bannerAlerts(cdp), { timeout: 10_000 }).toEqual([]);
        expect(await sent(page)).toBe(0);
        await compose.close();
      } finally {
        await worker.evaluate(`void (chrome.tabs.create = globalThis.__sigillTestCreate)`);
        await page.close();
      }
    },
  );

  it(
    "when drafts no compose page took fill session storage and are older than ten minutes, then the next divert removes them and opens secure compose; a fresh one stays",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose(SENSITIVE, true);
      // As drafts whose compose tab was closed before it loaded would: one stored eleven minutes
      // ago fills session storage, one stored a minute ago is small (its tab may still be loading).
      const extensionPage = await env.context.newPage();
      await extensionPage.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
      const uuid = "0b6d5a3e-3f2c-4c1e-9a7b-2d4f6e8a1c3b";
      const old = `draft:${String(Date.now() - 11 * 60_000)}-${uuid}`;
      const fresh = `draft:${String(Date.now() - 60_000)}-${uuid}`;
      await extensionPage.evaluate(`(async () => {
        const area = chrome.storage.session;
        await area.set({ ${JSON.stringify(fresh)}: { body: "x" } });
        for (const margin of [16, 64, 256]) {
          const free = area.QUOTA_BYTES - (await area.getBytesInUse(null));
          const full = await area.set({ ${JSON.stringify(old)}: "x".repeat(free - ${String(old.length)} - 2 - margin) }).then(() => true, () => false);
          if (full) break;
        }
      })()`);
      const keys = () =>
        extensionPage.evaluate<string[]>(`chrome.storage.session.get(null).then((all) => Object.keys(all))`);
      try {
        expect(await keys()).toContain(old);
        const [compose] = await Promise.all([
          env.context.waitForEvent("page", { timeout: 10_000 }),
          divertFromDialog(page, cdp),
        ]);
        expect(compose.url()).toContain(`${DEV_EXTENSION_ID}/compose.html?draft=`);
        expect(await bannerAlerts(cdp)).toEqual([]);
        const left = await keys();
        expect(left).not.toContain(old);
        expect(left).toContain(fresh);
        expect(await sent(page)).toBe(0);
        await compose.close();
      } finally {
        await extensionPage.evaluate(
          `chrome.storage.session.remove([${JSON.stringify(old)}, ${JSON.stringify(fresh)}])`,
        );
        await extensionPage.close();
        await page.close();
      }
    },
  );

  it(
    "when the draft cannot be read at Send, then Send and Ctrl+Enter are stopped (fail closed) and the banner alerts it; once it can be read again, a clean draft goes",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose("Vi ses på utflykten på fredag.", false);
      // The content script's own (isolated) world: reading a textarea's value there now throws.
      const inContentScript = await contentScriptWorld(cdp);
      await inContentScript(`(() => {
        const value = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value");
        globalThis.__sigillTestValue = value;
        Object.defineProperty(HTMLTextAreaElement.prototype, "value", {
          ...value,
          get() { throw new TypeError("can't access dead object"); },
        });
      })()`);

      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await expect
        .poll(async () => bannerAlerts(cdp), { timeout: 5000 })
        .toEqual([
          "Sigill kunde inte läsa utkastet, så det stoppades. Inget har skickats. Spara utkastet, ladda om sidan och försök igen.",
        ]);
      expect((await bannerState(cdp)).dialogOpen).toBe(false);
      await page.locator("#composebody").press("Control+Enter");
      expect(await sent(page)).toBe(0);
      // "Skicka som säkert meddelande" cannot read it either: told so, nothing opened.
      await callInBanner(cdp, ".secure-compose", "function () { this.click(); }");
      await expect.poll(async () => (await bannerAlerts(cdp)).length).toBe(1);
      expect(composePages()).toEqual([]);

      await inContentScript(
        `void Object.defineProperty(HTMLTextAreaElement.prototype, "value", globalThis.__sigillTestValue)`,
      );
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(1);
      expect(await bannerAlerts(cdp)).toEqual([]);
      await page.close();
    },
  );

  it(
    "when telling which compose window a press or key would send throws, then Send and Ctrl+Enter are stopped (fail closed) and the banner alerts it",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose("Vi ses på utflykten på fredag.", false);
      // In the content script's own world, Element.closest now throws (as a dead object does in
      // Firefox): the adapter cannot tell whether the press is on its Send control.
      const inContentScript = await contentScriptWorld(cdp);
      await inContentScript(`(() => {
        globalThis.__sigillTestClosest = Element.prototype.closest;
        Element.prototype.closest = function () { throw new TypeError("can't access dead object"); };
      })()`);

      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await expect
        .poll(async () => bannerAlerts(cdp), { timeout: 5000 })
        .toEqual([
          "Sigill kunde inte läsa utkastet, så det stoppades. Inget har skickats. Spara utkastet, ladda om sidan och försök igen.",
        ]);
      await page.locator("#composebody").press("Control+Enter");
      expect(await sent(page)).toBe(0);

      await inContentScript(`void (Element.prototype.closest = globalThis.__sigillTestClosest)`);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(1);
      await page.close();
    },
  );

  it(
    'when the "not sent" dialog has the focus, then Ctrl+Enter there does not reach a webmail that listens for it on the whole page',
    { timeout: 30_000 },
    async () => {
      const { page, cdp } = await openCompose(SENSITIVE, true);
      // The dialog opens with the focus on its first button; the fixture's Ctrl+Enter handler is on
      // the document and sends whatever has the focus.
      await sendIsBlocked(page, cdp);
      await page.keyboard.press("Control+Enter");
      expect(await sent(page)).toBe(0);
      await page.close();
    },
  );

  it(
    "when the draft has more recipients than a secure message can take, then the banner says so and what to do, nothing is sent, and with 200 in all secure compose opens",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose(SENSITIVE, true);
      // A mail to every guardian of a year group, in To (and the fixture's rektor in Cc): more than a
      // secure message's 200 in all.
      const guardians = (n: number) =>
        Array.from({ length: n }, (_, i) => `vardnadshavare${String(i + 1)}@example.se`).join(", ");
      await page.locator("#_to").evaluate((to: HTMLTextAreaElement, list) => {
        to.value = list;
      }, guardians(201));
      await divertFromDialog(page, cdp);
      await expect
        .poll(async () => bannerAlerts(cdp), { timeout: 10_000 })
        .toEqual([
          "Sigill kunde inte skapa det säkra meddelandet: det kan ha högst 200 mottagare i Till, Kopia och Hemlig kopia tillsammans, och utkastet har fler. Inget har skickats. Dela upp mottagarna på flera säkra meddelanden.",
        ]);
      expect(composePages()).toEqual([]);
      await sendIsBlocked(page, cdp);
      await page.keyboard.press("Escape");

      // 199 in To and the fixture's one in Cc: 200 in all.
      await page.locator("#_to").evaluate((to: HTMLTextAreaElement, list) => {
        to.value = list;
      }, guardians(199));
      await secureComposeOpens(page, cdp);
      await page.close();
    },
  );

  // Last: it reloads the extension, which cuts off every content script already in a page.
  it(
    "when the extension is reloaded under the open page, then Send stays blocked, and choosing a secure message or attaching a file alerts that the page must be reloaded",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose(SENSITIVE, true);
      const extensionPage = await env.context.newPage();
      await extensionPage.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
      // The extension's own pages close as it reloads: then the page's content script is cut off.
      await Promise.all([
        extensionPage.waitForEvent("close", { timeout: 15_000 }),
        extensionPage.evaluate(`chrome.runtime.reload()`).catch(() => undefined),
      ]);

      await divertFromDialog(page, cdp);
      await expect
        .poll(async () => bannerAlerts(cdp), { timeout: 10_000 })
        .toEqual([
          "Sigill kunde inte skapa det säkra meddelandet: tillägget har uppdaterats eller startats om sedan sidan öppnades. Inget har skickats. Spara utkastet, ladda om sidan och försök igen.",
        ]);
      expect(composePages()).toEqual([]);
      await sendIsBlocked(page, cdp);
      await page.keyboard.press("Escape");
      await page.locator("#composebody").press("Control+Enter");
      expect(await sent(page)).toBe(0);
      // The alert stays until the person dismisses it.
      expect(await bannerAlerts(cdp)).toHaveLength(1);
      await callInBanner(cdp, ".problem-dismiss", "function () { this.click(); }");
      expect(await bannerAlerts(cdp)).toEqual([]);

      // A file attached now cannot be checked either: it counts as unchecked, and the person is
      // told why and that reloading the page helps (not only "could not be checked").
      await page.locator("#uploadformInput").setInputFiles({
        name: "schema.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("Schema för veckan: måndag idrott, tisdag slöjd."),
      });
      await expect
        .poll(async () => bannerAlerts(cdp), { timeout: 10_000 })
        .toEqual([
          "Sigill kunde inte granska bilagan: tillägget har uppdaterats eller startats om sedan sidan öppnades, så bilagan räknas som ogranskad. Spara utkastet och ladda om sidan.",
        ]);
      await page.locator("#composebody").press("Control+Enter");
      expect(await sent(page)).toBe(0);
      await page.close();
    },
  );
});
