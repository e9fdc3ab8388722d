// "Det här handlar inte om en enskild person" (issue 19) in real Chromium with the built extension,
// a real server process (SQLite) and a staff member enrolled with a passkey, on the Roundcube
// fixture: the "not sent" dialog offers it only when the organisation allows it and the warning
// rests on category words alone; one click (here by keyboard, in the dialog's focus order) sends
// the mail once, as written, and the server's access log holds the kinds only; a personnummer never
// gets the button; a draft changed behind the dialog, or an attestation the server refuses, sends
// nothing and the dialog says so. Nothing of ours is mocked: policy is changed in the server's
// database, as the admin portal would.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@sigill/server/testing";
import { bannerState, callInBanner, clickInBanner, launchWithExtension, servePages } from "./chromium.ts";
import { addPasskeyAuthenticator, enrolInExtension, startServer, type TestServer } from "./pages-setup.ts";

let server: TestServer;
let context: BrowserContext;
let webmail: { server: http.Server; base: string };
const profile = mkdtempSync(join(tmpdir(), "sigill-nap-profile-"));

const CATEGORY_ONLY = "Maja har diabetes och tar insulin varje dag.";
const PNR = "19121212-1212";

beforeAll(async () => {
  server = await startServer();
  const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
  webmail = await servePages({ "/compose": fixture });
  context = await launchWithExtension(profile, { locale: "sv-SE" });
  const person = await context.newPage();
  await addPasskeyAuthenticator(context, person);
  await enrolInExtension(person, await server.createAdmin("rektor@skola.example", "Rektor Rut"));
}, 90_000);

afterAll(async () => {
  await context.close();
  webmail.server.close();
  server.stop();
  rmSync(profile, { recursive: true, force: true });
});

/** Changes the organisation's policy in the server's database (what the portal's policy page saves). */
async function setPolicy(data: { allowPlainOverride?: boolean; allowNotAboutPerson?: boolean }): Promise<void> {
  const db = await openDatabase(`file:${join(server.dataDir, "sigill.db")}`);
  await db.prisma.organisation.update({ where: { id: "org" }, data });
  await db.close();
}

/** The access log's entries of `type`, with their details as stored. */
async function logged(type: string): Promise<string[]> {
  const db = await openDatabase(`file:${join(server.dataDir, "sigill.db")}`);
  const rows = await db.prisma.auditEvent.findMany({ where: { type }, orderBy: { seq: "asc" } });
  await db.close();
  return rows.map((r) => r.details);
}

const sent = (page: Page) => page.evaluate(() => (window as { __sent?: number }).__sent ?? 0);
const sentBody = (page: Page) => page.evaluate(() => (window as { __sentBody?: string }).__sentBody ?? "");
/** Whether the dialog holds the "not about an individual person" button (inside the closed shadow root). */
const offered = (cdp: CDPSession) => callInBanner(cdp, ".not-about-person", "function () {}");

/** A fresh compose page with `body` typed in, and Send clicked: the guard must stop it. */
async function stoppedDraft(body: string): Promise<{ mail: Page; cdp: CDPSession }> {
  const mail = await context.newPage();
  await mail.goto(`${webmail.base}/compose`);
  const cdp = await context.newCDPSession(mail);
  await mail.locator("#compose-subject").fill("Rutiner");
  await mail.locator("#composebody").pressSequentially(body, { delay: 2 });
  await expect.poll(async () => (await bannerState(cdp)).hidden, { timeout: 10_000 }).toBe(false);
  await mail.locator("button.send").click();
  expect(await sent(mail)).toBe(0);
  await expect.poll(async () => (await bannerState(cdp)).dialogOpen, { timeout: 10_000 }).toBe(true);
  return { mail, cdp };
}

describe("'this is not about an individual person' in the not-sent dialog", () => {
  it(
    "when policy allows only the plain override, then a warning resting on a health word gets no such button",
    { timeout: 60_000 },
    async () => {
      await setPolicy({ allowPlainOverride: true, allowNotAboutPerson: false });
      const { mail, cdp } = await stoppedDraft(CATEGORY_ONLY);
      // The plain override's button shows that policy has answered.
      await expect
        .poll(async () => callInBanner(cdp, ".override-open", "function () {}"), { timeout: 10_000 })
        .toBe(true);
      expect(await offered(cdp)).toBe(false);
      expect((await bannerState(cdp)).text).not.toContain("handlar inte om en enskild person");
      await mail.close();
    },
  );

  it(
    "when policy allows it and the warning rests on category words only, then one click sends the mail once and the server logs only the kinds",
    { timeout: 60_000 },
    async () => {
      await setPolicy({ allowPlainOverride: true, allowNotAboutPerson: true });
      const { mail, cdp } = await stoppedDraft(CATEGORY_ONLY);
      await expect.poll(async () => offered(cdp), { timeout: 10_000 }).toBe(true);
      const text = (await bannerState(cdp)).text;
      // Which words, and why, in plain Swedish, before the writer attests anything.
      expect(text).toContain("Varningen bygger bara på de här orden:");
      expect(text).toContain("Hälsa: 'diabet' i samma mening som ett namn");
      expect(text).toContain("Hälsa: 'insulin' i samma mening som ett namn");
      expect(text).toContain("Det här handlar inte om en enskild person");
      expect(text).toContain("aldrig mejlets text");

      // Keyboard only: the dialog opens on "Skicka som säkert meddelande"; Tab reaches "Redigera",
      // then this button, and Enter activates it.
      await mail.keyboard.press("Tab");
      await mail.keyboard.press("Tab");
      await mail.keyboard.press("Enter");
      await expect.poll(async () => sent(mail), { timeout: 10_000 }).toBe(1);
      expect(await sentBody(mail)).toBe(CATEGORY_ONLY);
      expect((await bannerState(cdp)).dialogOpen).toBe(false);
      await mail.waitForTimeout(500);
      expect(await sent(mail)).toBe(1);

      const entries = await logged("policy.not_about_person");
      expect(entries).toHaveLength(1);
      expect(JSON.parse(entries[0] ?? "")).toEqual({ kinds: "health" });
      for (const secret of ["diabet", "insulin", "Maja", "Rutiner", "127.0.0.1", "example"])
        expect(entries[0]).not.toContain(secret);
      expect(await logged("policy.plain_override")).toEqual([]);

      // The click let exactly that send through: the same draft is stopped again and offered again.
      await mail.locator("button.send").click();
      expect(await sent(mail)).toBe(1);
      await expect.poll(async () => offered(cdp), { timeout: 10_000 }).toBe(true);
      await mail.keyboard.press("Escape");
      await expect.poll(async () => (await bannerState(cdp)).dialogOpen).toBe(false);

      // A personnummer added afterwards: stopped again, and never offered this button.
      await mail.locator("#composebody").press("End");
      await mail.locator("#composebody").pressSequentially(` Hennes personnummer är ${PNR}.`, { delay: 2 });
      await mail.locator("button.send").click();
      expect(await sent(mail)).toBe(1);
      await expect.poll(async () => (await bannerState(cdp)).dialogOpen, { timeout: 10_000 }).toBe(true);
      await expect
        .poll(async () => callInBanner(cdp, ".override-open", "function () {}"), { timeout: 10_000 })
        .toBe(true);
      expect(await offered(cdp)).toBe(false);
      expect(await logged("policy.not_about_person")).toHaveLength(1);
      await mail.close();
    },
  );

  it(
    "when a draft holds a personnummer and a health word, then the dialog never offers the button",
    { timeout: 60_000 },
    async () => {
      const { mail, cdp } = await stoppedDraft(`Maja (${PNR}) har diabetes.`);
      await expect
        .poll(async () => callInBanner(cdp, ".override-open", "function () {}"), { timeout: 10_000 })
        .toBe(true);
      expect(await offered(cdp)).toBe(false);
      expect(await sent(mail)).toBe(0);
      await mail.close();
    },
  );

  it(
    "when the page changes the draft behind the open dialog, then the click sends nothing, records nothing and says why",
    { timeout: 60_000 },
    async () => {
      const { mail, cdp } = await stoppedDraft(CATEGORY_ONLY);
      await expect.poll(async () => offered(cdp), { timeout: 10_000 }).toBe(true);
      // A page script adds a personnummer without any input event (the guard's scan is not told).
      await mail.evaluate((pnr) => {
        const body = document.getElementById("composebody") as HTMLTextAreaElement;
        body.value += ` Personnummer ${pnr}.`;
      }, PNR);
      expect(await clickInBanner(cdp, "not-about-person")).toBe(true);
      await expect
        .poll(async () => (await bannerState(cdp)).text, { timeout: 10_000 })
        .toContain("Utkastet har ändrats");
      expect(await offered(cdp)).toBe(false);
      expect((await bannerState(cdp)).dialogOpen).toBe(true);
      expect(await sent(mail)).toBe(0);
      expect(await logged("policy.not_about_person")).toHaveLength(1);
      await mail.close();
    },
  );

  it(
    "when the server refuses to record it, then nothing is sent and the dialog says so; once it records, the mail goes",
    { timeout: 60_000 },
    async () => {
      const { mail, cdp } = await stoppedDraft(CATEGORY_ONLY);
      await expect.poll(async () => offered(cdp), { timeout: 10_000 }).toBe(true);
      // The admin switches it off while the dialog is open: the server answers 403.
      await setPolicy({ allowNotAboutPerson: false });
      expect(await clickInBanner(cdp, "not-about-person")).toBe(true);
      await expect
        .poll(async () => (await bannerState(cdp)).text, { timeout: 10_000 })
        .toContain("Det gick inte att registrera, så inget har skickats.");
      expect(await sent(mail)).toBe(0);
      expect(await logged("policy.not_about_person")).toHaveLength(1);
      // Still offered: a second try once the server accepts it sends the mail.
      await setPolicy({ allowNotAboutPerson: true });
      expect(await clickInBanner(cdp, "not-about-person")).toBe(true);
      await expect.poll(async () => sent(mail), { timeout: 10_000 }).toBe(1);
      expect(await logged("policy.not_about_person")).toHaveLength(2);
      await mail.close();
    },
  );
});
