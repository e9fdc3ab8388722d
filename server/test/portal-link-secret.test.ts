// Issue 20: the secret in a message link (/m/<id>#<secret>) must not stay in the address bar, and so
// in the browser's history (synced across devices). In real Chromium against the real server
// (SQLite): the link page reads the secret once, removes it from the address with
// history.replaceState, and still uses it (the recipient proves the mailbox and the message opens);
// the back/forward list holds no entry with the secret, and a reload does not bring it back (the
// page keeps it for this tab in sessionStorage, so a reload still works).
// The enrolment link (/enrol#<token>) is treated the same way.
import { Api, memoryPins, sendSecure, type StaffSession } from "@sigill/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrolment } from "../src/modules/accounts/enrolments.ts";
import { device, freePort, launch, type Device } from "./support/browser.ts";
import { startServer, type Harness } from "./support/harness.ts";
import { person } from "./support/people.ts";

let h: Harness;
let browser: Browser;
let base = "";
let teacher: StaffSession;

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${String(port)}`;
  h = await startServer("sqlite", { PUBLIC_URL: base, ORG_NAME: "Solskolan" }, port);
  browser = await launch();
  const p = await person(h, "larare@skola.example", "staff", "extension");
  teacher = {
    api: new Api({ server: base, ...(p.client.bearer !== undefined && { token: p.client.bearer }) }),
    account: { ...p.account, displayName: "Lärare Lisa" },
    identity: p.identity,
  };
}, 60_000);

afterAll(async () => {
  await browser.close();
  await h.close();
});

/** Every URL in the page's back/forward list, and the address now. */
async function addresses(d: Device): Promise<string[]> {
  const { entries } = (await d.cdp.send("Page.getNavigationHistory")) as { entries: { url: string }[] };
  return [d.page.url(), await d.page.evaluate<string>("location.href"), ...entries.map((e) => e.url)];
}

function mailedCode(address: string): string {
  const mail = h.notifications.filter((n) => n.kind === "mailbox-code" && n.to === address).at(-1);
  return mail?.kind === "mailbox-code" ? mail.code : "";
}

describe("link secrets in the address bar", { timeout: 90_000 }, () => {
  it("when a recipient opens a message link, then the secret leaves the address and the history at once, and the message still opens", async () => {
    const sent = await sendSecure(
      teacher,
      {
        subject: "Utflykt",
        text: "Hej!",
        to: ["mormor@example.org"],
        cc: [],
        attachments: [],
        expiresInDays: 7,
        accessCode: false,
      },
      { pins: memoryPins() },
    );
    const link = sent.link ?? "";
    const secret = link.split("#")[1] ?? "";
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const d = await device(browser);
    await d.page.goto(link);
    await d.page.locator("#sent-by").waitFor();
    for (const url of await addresses(d)) {
      expect(url).not.toContain(secret);
      expect(url).not.toContain("#");
    }
    expect(await d.page.evaluate<string>("location.pathname")).toBe(`/m/${sent.messageId}`);

    // The secret is still at work from the page's memory: the mailbox is proved and the message opens.
    await d.page.getByLabel("Din e-postadress").fill("mormor@example.org");
    await d.page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
    await expect.poll(() => mailedCode("mormor@example.org")).toMatch(/^\d{8}$/);
    await d.page.getByLabel("Kod från mejlet (åtta siffror)").fill(mailedCode("mormor@example.org"));
    await d.page.getByRole("button", { name: "Skapa passkey" }).click();
    await d.page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    await d.page.getByRole("button", { name: "Fortsätt till meddelandet" }).click();
    await expect
      .poll(async () => d.page.locator(`article[data-message-id="${sent.messageId}"] h2`).textContent(), {
        timeout: 15_000,
      })
      .toBe("Utflykt");
    for (const url of await addresses(d)) expect(url).not.toContain(secret);

    // Coming back to the link page from this tab's history (the address without the secret), and
    // reloading it, never brings the secret back into the address.
    await d.page.goto(`${base}/m/${sent.messageId}`);
    await d.page.reload();
    for (const url of await addresses(d)) expect(url).not.toContain(secret);
    // The page does still know it after a reload (this tab only): the link is whole, not cut off.
    expect(await d.page.evaluate<string>("location.pathname")).toBe(`/m/${sent.messageId}`);
    await d.page.locator("#sent-by").waitFor();
    expect(await d.page.locator("#problem").count()).toBe(0);
    await d.close();
  });

  it("when an enrolment link is opened, then its token leaves the address at once and enrolment can still begin", async () => {
    const { link } = await createEnrolment(h.deps, {
      email: "ny@skola.example",
      displayName: "Ny Lärare",
      role: "staff",
    });
    const token = link.split("#")[1] ?? "";
    expect(token).not.toBe("");
    const d = await device(browser);
    await d.page.goto(link);
    await expect.poll(() => d.page.evaluate<string>("location.href")).toBe(`${base}/enrol`);
    for (const url of await addresses(d)) expect(url).not.toContain(token);
    // The page still holds the token: the passkey is made and the account enrolled.
    await d.page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
    await d.page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    for (const url of await addresses(d)) expect(url).not.toContain(token);
    await d.close();
  });
});
