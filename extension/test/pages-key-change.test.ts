// A colleague's key that changed (an administrator's reset, a new device) stops a secure send, and
// secure compose offers the way forward once the sender has compared the new fingerprint with the
// colleague: a button that trusts the key shown. Before, the send stayed stopped for ever in that
// browser. The built extension in Chromium with a real passkey prompt against a real server; the
// colleague enrols and later publishes new keys through @sigill/client in Node, as their own
// extension would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enrolFromLink, replaceKeys, type PasskeyPort } from "@sigill/client";
import { decodeBase64Url } from "@sigill/crypto";
import { SoftAuthenticator } from "@sigill/server/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension } from "./chromium.ts";
import {
  addPasskeyAuthenticator,
  enrolInExtension,
  extensionUrl,
  startServer,
  type TestServer,
} from "./pages-setup.ts";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";

const EXTENSION_ORIGIN = `chrome-extension://${DEV_EXTENSION_ID}`;
const profile = mkdtempSync(join(tmpdir(), "sigill-key-change-"));
let server: TestServer;
let context: BrowserContext;
let page: Page;

/** The colleague's passkey prompt, played in Node by a software authenticator with PRF. */
function colleaguePort(): PasskeyPort {
  const auth = new SoftAuthenticator({
    origin: EXTENSION_ORIGIN,
    rpId: "localhost",
    prfSecret: crypto.getRandomValues(new Uint8Array(32)),
  });
  const prf = async (id: string, salt: Uint8Array) => decodeBase64Url(auth.prf(id, salt));
  return {
    register: async (options, salt) => {
      const response = auth.register(options as never, { origin: EXTENSION_ORIGIN });
      return { response: response as never, prfOutput: await prf(response.id, salt) };
    },
    authenticate: async (options, salt) => {
      const response = auth.authenticate(options as never, { origin: EXTENSION_ORIGIN });
      return { response: response as never, prfOutput: await prf(response.id, salt) };
    },
  };
}

beforeAll(async () => {
  server = await startServer();
  context = await launchWithExtension(profile, { locale: "sv-SE" });
  page = await context.newPage();
  await addPasskeyAuthenticator(context, page);
}, 120_000);

afterAll(async () => {
  await context.close();
  server.stop();
  rmSync(profile, { recursive: true, force: true });
});

async function composeTo(address: string, subject: string): Promise<void> {
  await page.goto(extensionUrl("/compose.html"));
  await page.getByLabel("Till").fill(address);
  await page.getByLabel("Ämne").fill(subject);
  await page.getByLabel("Meddelande").fill("Hej! Se bifogat.");
}

describe("a colleague's changed key in secure compose", () => {
  it(
    "when the key changed, then compose says so and Send stops; after the sender accepts the key they compared, the message goes to the new key",
    { timeout: 120_000 },
    async () => {
      await enrolInExtension(page, await server.createAdmin("rektor@skola.example", "Rektor Rut"));
      const colleague = await enrolFromLink(
        await server.createAdmin("kollega@skola.example", "Kollega Kim"),
        colleaguePort(),
      );

      // First message: the colleague's key is pinned.
      await composeTo("kollega@skola.example", "Första");
      const keys = page.locator("#recipient-keys li");
      await expect
        .poll(async () => keys.first().textContent(), { timeout: 15_000 })
        .toContain("första gången du skriver till den här nyckeln");
      await page.getByRole("button", { name: "Skicka säkert" }).click();
      await expect.poll(async () => page.locator("#sent-status").count(), { timeout: 30_000 }).toBe(1);

      // The colleague publishes new keys (a new device after a reset).
      await replaceKeys(colleague.session);

      await composeTo("kollega@skola.example", "Andra");
      await expect.poll(async () => keys.first().textContent(), { timeout: 15_000 }).toContain("nyckeln har bytts");
      await page.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => page.locator("form [role=alert]").allTextContents(), { timeout: 15_000 })
        .toContainEqual(expect.stringContaining("Mottagarens nyckel har ändrats"));
      expect(await page.locator("#sent-status").count()).toBe(0);

      await page
        .getByRole("button", {
          name: "Jag har jämfört det nya fingeravtrycket med kollega@skola.example: använd den nya nyckeln",
        })
        .click();
      await expect
        .poll(async () => keys.first().textContent(), { timeout: 15_000 })
        .toContain("samma nyckel som förut");
      await page.getByRole("button", { name: "Skicka säkert" }).click();
      await expect.poll(async () => page.locator("#sent-status").count(), { timeout: 30_000 }).toBe(1);
    },
  );
});
