// The idle lock in real Chromium with the built extension, against a real server process: the
// keys lock one minute (the shortest idle time the settings allow, set on the options page) after
// the person's last action, although webmail page loads and page scripts keep the background
// looking the session up right up to the limit; the background's alarm then removes them from
// storage with no page reading the session; the open inbox, the popup and the account page show
// them locked with the login kept, and the passkey unlocks them again.
//
// What is fast-forwarded, and what is not:
// - The person's last action is dated 40 s back: the page they enrol on runs with its clock 40 s
//   behind, so what it records as their action is 40 s old. The test waits 20 s, not a minute.
// - The alarm's next firing is brought forward to just past the limit, from an extension page,
//   under the background's own alarm name (an unpacked extension may schedule alarms sooner than
//   the 30 s packed ones are held to). That it repeats every minute is checked, not waited for.
// Real: the idle time, the look-ups and the background's answers, the background's check when the
// alarm fires, storage, the pages' reaction, the server and the passkey.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, servePages } from "./chromium.ts";
import {
  addPasskeyAuthenticator,
  enrolInExtension,
  extensionUrl,
  startServer,
  type TestServer,
} from "./pages-setup.ts";

/** How far behind the enrolling page's clock runs. */
const SHIFT_MS = 40_000;
const IDLE_MS = 60_000;

let server: TestServer;
let context: BrowserContext;
/** An extension page for looking things up: it never gets the person's input. */
let tools: Page;
let webmail: { server: http.Server; base: string };
const profile = mkdtempSync(join(tmpdir(), "sigill-idle-profile-"));

beforeAll(async () => {
  server = await startServer();
  const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
  webmail = await servePages({ "/compose": fixture });
  context = await launchWithExtension(profile, { locale: "sv-SE" });
}, 90_000);

afterAll(async () => {
  await context.close();
  webmail.server.close();
  server.stop();
  rmSync(profile, { recursive: true, force: true });
});

/** The extension APIs an extension page has, as far as this test uses them. */
interface Chrome {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { session: { get(key: null): Promise<Record<string, unknown>> } };
  alarms: {
    get(name: string): Promise<{ periodInMinutes?: number } | undefined>;
    create(name: string, info: { when: number; periodInMinutes: number }): Promise<void>;
  };
}

/**
 * Session storage as it is, read raw from an extension page (never through the session store, so
 * the reading itself cannot lock anything). The item names are the session store's.
 */
async function stored(page: Page): Promise<{ login: boolean; keys: boolean; active: unknown }> {
  return page.evaluate(async () => {
    const all = await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(null);
    return { login: "session" in all, keys: "session-keys" in all, active: all["session-active"] };
  });
}

async function popupState(page: Page): Promise<string> {
  await page.goto(extensionUrl("/popup.html"));
  await page.locator("#popup-state").waitFor();
  return (await page.locator("#popup-state").textContent()) ?? "";
}

describe("the idle lock in the browser", () => {
  it(
    "when background look-ups go on up to the limit, then they do not extend it, and the alarm drops the keys with the login kept",
    { timeout: 120_000 },
    async () => {
      tools = await context.newPage();
      await tools.goto(extensionUrl("/options.html"));
      await tools.getByLabel("Lås nycklarna efter (minuter utan användning)").fill("1");
      await tools.getByRole("button", { name: "Spara" }).click();
      await tools.locator("#saved-status").waitFor();

      const person = await context.newPage();
      await addPasskeyAuthenticator(context, person);
      const behind = await person.addInitScript((shift: number) => {
        const real = Date.now.bind(Date);
        Date.now = () => real() - shift;
      }, SHIFT_MS);
      await enrolInExtension(person, await server.createAdmin("rektor@skola.example", "Rektor Rut"));
      // The inbox stays open, untouched: it must show the lock when it comes.
      await person.goto(extensionUrl("/inbox.html"));
      await person.getByRole("button", { name: "Skickat" }).waitFor();

      await tools.goto(extensionUrl("/popup.html"));
      const { active } = await stored(tools);
      expect(typeof active).toBe("number");
      const lastAction = active as number;
      // The person's last action is dated back by the shifted clock (enrolment took seconds).
      expect(Date.now() - lastAction).toBeGreaterThan(SHIFT_MS);
      expect(Date.now() - lastAction).toBeLessThan(SHIFT_MS + 15_000);
      const limit = lastAction + IDLE_MS;

      // Look-ups up to 4 s before the limit: the webmail page's own site check on every load, and
      // site and override checks sent from a page, as the webmail's content script sends them.
      const mail = await context.newPage();
      let answers = 0;
      while (Date.now() < limit - 4_000) {
        await mail.goto(`${webmail.base}/compose`);
        for (const message of [{ type: "sigill:site-check", host: "127.0.0.1" }, { type: "sigill:override-allowed" }]) {
          const answer = await tools.evaluate(
            (m) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(m),
            message,
          );
          if (typeof answer === "object" && answer !== null) answers++;
        }
        await tools.waitForTimeout(500);
      }
      await mail.close();
      expect(answers).toBeGreaterThan(10);
      // None of them counted as the person's action; the keys are still there before the limit.
      expect(await stored(tools)).toEqual({ login: true, keys: true, active: lastAction });
      expect(Date.now()).toBeLessThan(limit);
      expect(await popupState(tools)).toBe("Inloggad som rektor@skola.example. Upplåst.");

      // The background made its alarm (every minute); its next firing is brought forward to just
      // past the limit. From here on nothing reads the session until the keys are gone.
      const alarm = await tools.evaluate(() =>
        (globalThis as unknown as { chrome: Chrome }).chrome.alarms.get("sigill-idle-lock"),
      );
      expect(alarm?.periodInMinutes).toBe(1);
      await tools.evaluate(
        (when) =>
          (globalThis as unknown as { chrome: Chrome }).chrome.alarms.create("sigill-idle-lock", {
            when,
            periodInMinutes: 1,
          }),
        limit + 1_000,
      );
      await expect.poll(async () => (await stored(tools)).keys, { timeout: 20_000, interval: 250 }).toBe(false);
      expect(Date.now()).toBeGreaterThan(limit);
      expect(await stored(tools)).toEqual({ login: true, keys: false, active: lastAction });

      // The open inbox turned to "unlock first" by itself; the popup says locked, logged in.
      await expect
        .poll(async () => person.getByRole("alert").textContent(), { timeout: 10_000 })
        .toBe("Logga in och lås upp dina nycklar först: öppna kontosidan.");
      expect(await person.getByRole("button", { name: "Skickat" }).count()).toBe(0);
      expect(await popupState(tools)).toBe("Inloggad som rektor@skola.example. Nycklarna är låsta.");

      // The login survived: the server still answers its bearer token, the account page shows it
      // locked, and the passkey unlocks the keys again.
      const token = await tools.evaluate(async () => {
        const all = await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(null);
        return (all.session as { token: string }).token;
      });
      const keysMe = await fetch(`http://localhost:${String(server.port)}/api/keys/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(keysMe.status).toBe(200);
      await behind.dispose(); // from here the person acts now
      await person.goto(extensionUrl("/account.html"));
      await person.locator("#keys-locked").waitFor();
      expect(await person.locator("#who").textContent()).toContain("rektor@skola.example");
      await person.getByRole("button", { name: "Lås upp med passkey" }).click();
      await person.locator("#unlocked").waitFor({ timeout: 20_000 });
      expect((await stored(tools)).keys).toBe(true);
    },
  );

  it(
    "when secure compose is merely opened or a script fakes a key, then nothing counts; when the person types, then it does",
    { timeout: 30_000 },
    async () => {
      const writer = await context.newPage();
      await writer.goto(extensionUrl("/compose.html"));
      await writer.getByLabel("Meddelande").waitFor();
      const before = (await stored(tools)).active as number;
      await writer.evaluate(() => {
        document.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
        document.body.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
      });
      await writer.waitForTimeout(500);
      expect((await stored(tools)).active).toBe(before);

      await writer.getByLabel("Meddelande").pressSequentially("Hej", { delay: 20 });
      await expect.poll(async () => (await stored(tools)).active, { timeout: 5_000 }).not.toBe(before);
      expect(Math.abs(((await stored(tools)).active as number) - Date.now())).toBeLessThan(5_000);
      await writer.close();
    },
  );
});
