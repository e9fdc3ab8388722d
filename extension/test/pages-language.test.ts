// The extension pages' language in real Chromium against a real server process: Swedish in a
// Swedish browser by default, English everywhere once chosen on the options page (the account
// page's enrolment, an error message, the inbox and the popup), and "follow the browser" in an
// English browser.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension } from "./chromium.ts";
import { addPasskeyAuthenticator, extensionUrl, startServer, type TestServer } from "./pages-setup.ts";

let server: TestServer;
let context: BrowserContext;
let page: Page;
const profile = mkdtempSync(join(tmpdir(), "sigill-language-profile-"));

beforeAll(async () => {
  server = await startServer();
  context = await launchWithExtension(profile, { locale: "sv-SE", autoLanguage: true });
  page = await context.newPage();
  await addPasskeyAuthenticator(context, page);
}, 90_000);

afterAll(async () => {
  await context.close();
  server.stop();
  rmSync(profile, { recursive: true, force: true });
});

/** Opens an extension page and waits until it has rendered a heading in its language. */
async function open(on: Page, path: `/${string}`): Promise<{ lang: string; title: string }> {
  await on.goto(extensionUrl(path));
  await on.locator("h1").waitFor();
  return on.evaluate(() => ({ lang: document.documentElement.lang, title: document.title }));
}

/** Picks a language on the options page and saves it. */
async function chooseLanguage(on: Page, label: string, value: "auto" | "sv" | "en"): Promise<void> {
  await open(on, "/options.html");
  await on.getByLabel(label).selectOption(value);
  await on.locator("button[type=submit]").click();
  await on.locator("#saved-status").waitFor();
}

describe("the extension pages' language", () => {
  it(
    "when the language is left at its default in a Swedish browser, then the options, account, inbox and popup pages are Swedish",
    { timeout: 30_000 },
    async () => {
      expect(await open(page, "/options.html")).toEqual({ lang: "sv", title: "Sigill – inställningar" });
      expect(await page.getByLabel("Språk").inputValue()).toBe("auto");
      expect(await page.locator("#language option:checked").textContent()).toBe("Som webbläsaren");

      expect(await open(page, "/account.html")).toEqual({ lang: "sv", title: "Sigill – konto" });
      expect(await page.getByRole("heading", { name: "Aktivera ditt konto" }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Logga in med passkey" }).count()).toBe(1);

      expect(await open(page, "/inbox.html")).toEqual({ lang: "sv", title: "Sigill – säkra meddelanden" });
      expect(await page.getByRole("alert").textContent()).toBe(
        "Logga in och lås upp dina nycklar först: öppna kontosidan.",
      );

      expect(await open(page, "/popup.html")).toEqual({ lang: "sv", title: "Sigill" });
      await expect
        .poll(async () => page.getByRole("button").allTextContents())
        .toEqual(["Lås upp", "Nytt säkert meddelande", "Inkorg", "Konto och inloggning"]);
      expect(await page.locator("#popup-state").textContent()).toBe("Inte inloggad.");
    },
  );

  it(
    "when English is chosen on the options page, then the options, account, inbox and popup pages are English, errors included",
    { timeout: 60_000 },
    async () => {
      await chooseLanguage(page, "Språk", "en");
      // The options page itself switches as soon as the choice is saved.
      expect(await page.locator("#saved-status").textContent()).toBe("Saved.");
      expect(await page.locator("h1").textContent()).toBe("Sigill settings");
      expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual([
        "en",
        "Sigill – settings",
      ]);

      expect(await open(page, "/account.html")).toEqual({ lang: "en", title: "Sigill – account" });
      // A server that does not answer: the error is explained in English.
      await page.getByLabel("Sigill server address").fill("http://127.0.0.1:9");
      await page.getByRole("button", { name: "Log in with passkey" }).click();
      await expect
        .poll(async () => page.getByRole("alert").textContent(), { timeout: 10_000 })
        .toBe("The Sigill server could not be reached. Nothing has been sent. Check the network and try again.");

      // Enrolment in English, end to end against the server.
      const link = await server.createAdmin("rektor@skola.example", "Rektor Rut");
      await page.getByLabel("The link from your administrator").fill(link);
      await page.getByRole("button", { name: "Create a passkey and activate" }).click();
      await expect
        .poll(async () => page.getByRole("heading", { name: "Your recovery code" }).count(), { timeout: 20_000 })
        .toBe(1);
      await page.getByLabel("I have saved the code somewhere safe").check();
      await page.getByRole("button", { name: "Done" }).click();
      await expect.poll(async () => page.locator("#unlocked").textContent()).toBe("Your keys are unlocked.");
      expect(await page.getByRole("heading", { name: "Logged in" }).count()).toBe(1);
      expect(await page.getByRole("link").allTextContents()).toEqual(["New secure message", "Secure messages"]);

      await page.getByRole("link", { name: "Secure messages" }).click();
      await page.getByRole("button", { name: "Inbox" }).waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual([
        "en",
        "Sigill – secure messages",
      ]);
      expect(await page.getByRole("navigation", { name: "Folders" }).count()).toBe(1);
      await expect.poll(async () => page.locator("main > p").last().textContent()).toBe("No messages.");
      await page.getByRole("button", { name: "Sent" }).click();
      expect(await page.locator("main > p").last().textContent()).toBe("No messages.");

      expect(await open(page, "/popup.html")).toEqual({ lang: "en", title: "Sigill" });
      await expect
        .poll(async () => page.getByRole("button").allTextContents())
        .toEqual(["New secure message", "Inbox", "Account and login"]);
      expect(await page.locator("#popup-state").textContent()).toMatch(/^Logged in as .+\. Unlocked\.$/);
      expect(await page.locator("#diversions-h").textContent()).toBe("Recent diversions");
      const [account] = await Promise.all([
        context.waitForEvent("page"),
        page.getByRole("button", { name: "Account and login" }).click(),
      ]);
      await expect.poll(async () => account.locator("h2").first().textContent(), { timeout: 10_000 }).toBe("Logged in");
      await account.close();
    },
  );

  it(
    "when the language is set back to follow the browser, then a Swedish browser gets Swedish again",
    { timeout: 30_000 },
    async () => {
      await chooseLanguage(page, "Language", "auto");
      expect(await page.locator("h1").textContent()).toBe("Inställningar för Sigill");
      expect(await open(page, "/account.html")).toEqual({ lang: "sv", title: "Sigill – konto" });
      expect(await page.locator("#unlocked").textContent()).toBe("Nycklarna är upplåsta.");
    },
  );

  it(
    "when the browser asks for English, then the pages follow it by default, and Swedish chosen on the options page wins",
    { timeout: 60_000 },
    async () => {
      const englishProfile = mkdtempSync(join(tmpdir(), "sigill-language-en-profile-"));
      const english = await launchWithExtension(englishProfile, { locale: "en-GB", autoLanguage: true });
      try {
        const tab = await english.newPage();
        expect(await open(tab, "/account.html")).toEqual({ lang: "en", title: "Sigill – account" });
        expect(await tab.getByRole("heading", { name: "Activate your account" }).count()).toBe(1);
        expect(await open(tab, "/popup.html")).toEqual({ lang: "en", title: "Sigill" });

        await chooseLanguage(tab, "Language", "sv");
        expect(await tab.locator("#saved-status").textContent()).toBe("Sparat.");
        expect(await open(tab, "/account.html")).toEqual({ lang: "sv", title: "Sigill – konto" });
        expect(await open(tab, "/inbox.html")).toEqual({ lang: "sv", title: "Sigill – säkra meddelanden" });
        expect(await open(tab, "/popup.html")).toEqual({ lang: "sv", title: "Sigill" });
        await expect.poll(async () => tab.getByRole("button", { name: "Nytt säkert meddelande" }).count()).toBe(1);
      } finally {
        await english.close();
        rmSync(englishProfile, { recursive: true, force: true });
      }
    },
  );
});
