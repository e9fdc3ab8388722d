// The server IT sets by policy (managed `serverUrl`) is enforced on the real account page, in
// Chromium with the built extension, against two real server processes: the organisation's (A)
// and another one (B, standing in for a phishing mail's server).
//
// Chromium reads real managed storage only from machine-wide policy files
// (/etc/chromium/policies/managed/, root and shared by everyone on the machine), so this test
// cannot set it. Instead an init script replaces what `storage.managed.get()` answers in the
// extension's pages with the value the test keeps in the pages' localStorage; everything after
// that read (settings, the page, session storage, the servers, the passkey) is the real thing.
// The background script, a service worker the init script does not reach, reads the session
// through the same `loadSession`, tabled in `session-server.test.ts`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension } from "./chromium.ts";
import {
  addPasskeyAuthenticator,
  enrolInExtension,
  extensionUrl,
  startServer,
  type TestServer,
} from "./pages-setup.ts";

let a: TestServer;
let b: TestServer;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let authenticatorId = "";
const profile = mkdtempSync(join(tmpdir(), "sigill-managed-profile-"));

const MANAGED_KEY = "sigill-test-managed";

/** Runs in every page before its scripts: in extension pages, managed storage answers the test's value. */
function fakeManaged(key: string): void {
  if (location.protocol !== "chrome-extension:") return;
  const raw = localStorage.getItem(key);
  if (raw === null) return;
  const value = JSON.parse(raw) as Record<string, unknown>;
  const spaces = [(globalThis as { chrome?: unknown }).chrome, (globalThis as { browser?: unknown }).browser];
  for (const space of spaces) {
    const area = (space as { storage?: { managed?: object } } | undefined)?.storage?.managed;
    if (area !== undefined)
      Object.defineProperty(area, "get", { value: () => Promise.resolve(value), configurable: true });
  }
}

async function setManaged(value: Record<string, unknown> | null): Promise<void> {
  await page.goto(extensionUrl("/options.html"));
  await page.evaluate(
    ([key, json]) => {
      if (json === null) localStorage.removeItem(key);
      else localStorage.setItem(key, json);
    },
    [MANAGED_KEY, value === null ? null : JSON.stringify(value)] as const,
  );
}

/** What the extension keeps in session storage under the login, and the last server it remembers. */
async function stored(): Promise<{ login: unknown; lastServer: unknown }> {
  return page.evaluate(`(async () => ({
    login: (await chrome.storage.session.get("session")).session ?? null,
    lastServer: (await chrome.storage.local.get("server")).server ?? null,
  }))()`);
}

async function passkeyCount(): Promise<number> {
  return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials.length;
}

beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
  context = await launchWithExtension(profile, { locale: "sv-SE" });
  await context.addInitScript(fakeManaged, MANAGED_KEY);
  page = await context.newPage();
  ({ cdp, authenticatorId } = await addPasskeyAuthenticator(context, page));
}, 120_000);

afterAll(async () => {
  await context.close();
  a.stop();
  b.stop();
  rmSync(profile, { recursive: true, force: true });
});

describe("the server IT sets by policy, on the account page", () => {
  it(
    "when a session was made with another server and IT then sets the server, then the pages treat it as logged out",
    { timeout: 90_000 },
    async () => {
      await setManaged(null);
      await enrolInExtension(page, await b.createAdmin("larare@skola.example", "Lärare Lo"));
      expect((await stored()).login).not.toBeNull();

      await setManaged({ serverUrl: `http://localhost:${String(a.port)}` });
      await page.goto(extensionUrl("/account.html"));
      await page.getByRole("button", { name: "Skapa passkey och aktivera" }).waitFor();
      expect(await page.locator("#who").count()).toBe(0);
      await expect.poll(async () => (await stored()).login).toBeNull();
    },
  );

  it(
    "when IT sets the server, then the server field shows it read-only, and an enrolment link for another server is refused before any passkey is made",
    { timeout: 90_000 },
    async () => {
      // With a path and a trailing slash: the origin is what counts.
      await setManaged({ serverUrl: `http://localhost:${String(a.port)}/sigill/` });
      const before = await stored();
      const passkeys = await passkeyCount();

      await page.goto(extensionUrl("/account.html"));
      const field = page.getByLabel("Sigill-serverns adress");
      await expect.poll(async () => field.inputValue()).toBe(`http://localhost:${String(a.port)}/sigill/`);
      expect(await field.getAttribute("readonly")).not.toBeNull();

      await page.getByLabel("Länken från din administratör").fill(await b.createAdmin("x@skola.example", "X"));
      await page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor({ timeout: 20_000 });
      expect(await alert.textContent()).toContain(`http://localhost:${String(a.port)}`);
      expect(await alert.textContent()).toContain("annan server");
      expect(await page.locator("#recovery-code").count()).toBe(0);
      expect(await stored()).toEqual(before);
      expect(await passkeyCount()).toBe(passkeys);

      // The organisation's own link still enrols (http is fine on localhost).
      await enrolInExtension(page, await a.createAdmin("rektor@skola.example", "Rektor Rut"));
      expect(await stored()).toMatchObject({ lastServer: `http://localhost:${String(a.port)}` });
    },
  );

  it(
    "when no server is set by policy, then an enrolment link over plain http to anything but localhost is refused",
    { timeout: 60_000 },
    async () => {
      await setManaged(null);
      await page.goto(extensionUrl("/account.html"));
      await page.getByRole("button", { name: "Logga ut" }).click();
      await expect.poll(async () => (await stored()).login).toBeNull();
      const before = await stored();
      await page.getByLabel("Länken från din administratör").fill(`http://sigill.example/enrol#${"A".repeat(43)}`);
      await page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor({ timeout: 20_000 });
      expect(await alert.textContent()).toContain("https");
      expect(await stored()).toEqual(before);
    },
  );
});
