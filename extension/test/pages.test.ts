// The extension's own pages in real Chromium against a real server process (SQLite): a staff member
// enrols from the administrator's link with a passkey (CDP virtual authenticator with PRF) on the
// account page, confirms the recovery code, sends a secure message with an attachment to a
// first-time recipient from the compose page, logs out, and logs in again (PRF unlock).
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { bannerState, clickInBanner, callInBanner, evaluateInBanner, launchWithExtension } from "./chromium.ts";
import { addPasskeyAuthenticator, startServer, type TestServer } from "./pages-setup.ts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@sigill/server/testing";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";

let server: TestServer;
let port = 0;
let dataDir = "";
let context: BrowserContext;

// A failing test keeps a screenshot of every page still open (and its address), to see where it
// stopped: test-output/pages/.
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== "fail") return;
  const folder = new URL("../test-output/pages/", import.meta.url).pathname;
  mkdirSync(folder, { recursive: true });
  for (const [i, p] of context.pages().entries()) {
    const name = `FAILED-${ctx.task.name.slice(5, 45).replace(/[^A-Za-z0-9åäöÅÄÖ -]/g, "")}-${String(i)}`;
    await p.screenshot({ path: join(folder, `${name}.png`), fullPage: true }).catch(() => undefined);
    writeFileSync(join(folder, `${name}.url.txt`), `${p.url()}\n`);
  }
});
let page: Page;
const profile = mkdtempSync(join(tmpdir(), "sigill-pages-profile-"));

beforeAll(async () => {
  server = await startServer();
  ({ port, dataDir } = server);
  // A Swedish browser: the pages follow the browser's language unless set otherwise.
  context = await launchWithExtension(profile, { locale: "sv-SE" });
  page = await context.newPage();
  await addPasskeyAuthenticator(context, page);
}, 90_000);

const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
let webmail: http.Server | undefined;

afterAll(async () => {
  webmail?.close();
  await context.close();
  server.stop();
  rmSync(profile, { recursive: true, force: true });
});

describe("the extension's pages with a real passkey prompt and a real server", () => {
  it(
    "when staff enrol, send securely, log out and log in again, then every step works from the extension pages",
    { timeout: 90_000 },
    async () => {
      const link = await server.createAdmin("rektor@skola.example", "Rektor Rut");
      expect(link).not.toBe("");

      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/account.html`);
      await page.getByLabel("Länken från din administratör").fill(link);
      await page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
      const code = page.locator("#recovery-code");
      await expect.poll(async () => code.textContent(), { timeout: 20_000 }).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
      const done = page.getByRole("button", { name: "Klar" });
      expect(await done.isDisabled()).toBe(true);
      await page.getByLabel("Jag har sparat koden på ett säkert ställe").check();
      await done.click();
      await expect.poll(async () => page.locator("#who").textContent()).toContain("rektor@skola.example");
      expect(await page.locator("#unlocked").count()).toBe(1);

      await page.getByRole("link", { name: "Nytt säkert meddelande" }).click();
      await page.getByLabel("Till").fill("vardnadshavare@example.org");
      await page.getByLabel("Ämne").fill("Utredning om eleven");
      await page.getByLabel("Meddelande").fill("Hej! Bifogat finns utredningen.");
      await page
        .getByLabel("Bilagor")
        .setInputFiles({ name: "utredning.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(300_000, 7) });
      await page.getByRole("button", { name: "Skicka säkert" }).click();
      await expect.poll(async () => page.locator("#sent-status").count(), { timeout: 30_000 }).toBe(1);
      expect(await page.locator(".access-code").textContent()).toMatch(/^\d{4}-\d{4}-\d{4}$/);
      const notification = (await page.locator(".notification").textContent()) ?? "";
      expect(notification).toMatch(
        new RegExp(`http://localhost:${String(port)}/m/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}`),
      );
      for (const secret of ["Utredning om eleven", "Bifogat finns", "utredning.pdf"])
        expect(notification).not.toContain(secret);

      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/account.html`);
      await page.getByRole("button", { name: "Logga ut" }).click();
      await page.getByLabel("Sigill-serverns adress").fill(`http://localhost:${String(port)}`);
      await page.getByRole("button", { name: "Logga in med passkey" }).click();
      await expect.poll(async () => page.locator("#unlocked").count(), { timeout: 20_000 }).toBe(1);
    },
  );

  it(
    "when a Roundcube draft with a personnummer is diverted, then it goes out encrypted and the webmail sends only the notification",
    { timeout: 90_000 },
    async () => {
      webmail = http.createServer((req, res) => {
        res.setHeader("content-type", "text/html; charset=utf-8");
        // /attached: the same compose page with a file already in the webmail draft (e.g. forwarded).
        res.end(
          req.url === "/attached"
            ? fixture.replace(
                '<ul id="attachment-list" class="attachmentslist"></ul>',
                '<ul id="attachment-list" class="attachmentslist"><li id="rcmfile9"><a href="#load" class="filename"><span class="attachment-name">vidarebefordrat.pdf</span> <span class="attachment-size">(40 KB)</span></a><a href="#delete" class="delete" title="Ta bort" onclick="var li = this.parentNode; setTimeout(function () { li.remove(); }, 150); return false;"></a></li></ul>',
              )
            : fixture,
        );
      });
      await new Promise<void>((resolve) => webmail?.listen(0, "127.0.0.1", resolve));
      // The organisation's own paragraph for notification mails (set by an admin in the portal).
      const setup = await openDatabase(`file:${join(dataDir, "sigill.db")}`);
      await setup.prisma.organisation.update({
        where: { id: "org" },
        data: { notificationText: "Frågor? Ring expeditionen på 031-123 45 67." },
      });
      await setup.close();
      const mailPage = await context.newPage();
      await mailPage.goto(`http://127.0.0.1:${String((webmail.address() as AddressInfo).port)}/compose`);
      const cdp = await context.newCDPSession(mailPage);
      await mailPage.locator("#compose-subject").fill("Om Olles utredning");
      // A hidden copy to the school counsellor: shown (and editable) in secure compose too, not sent to unseen.
      await mailPage.locator("#_bcc").evaluate((el) => {
        (el as HTMLTextAreaElement).value = "kurator@skola.example";
      });
      await mailPage
        .locator("#composebody")
        .pressSequentially("Hej! Olle (19121212-1212) har fått en remiss till BUP.", { delay: 2 });
      await expect.poll(async () => clickInBanner(cdp, "divert"), { timeout: 10_000 }).toBe(true);

      const compose = await context.waitForEvent("page", { timeout: 10_000 });
      await compose.waitForLoadState();
      expect(compose.url()).toMatch(new RegExp(`^chrome-extension://${DEV_EXTENSION_ID}/compose\\.html\\?draft=`));
      await expect
        .poll(async () => compose.getByLabel("Ämne").inputValue(), { timeout: 10_000 })
        .toBe("Om Olles utredning");
      expect(await compose.getByLabel("Till").inputValue()).toBe("anna.berg@example.org, bertil@example.org");
      expect(await compose.getByLabel("Kopia", { exact: true }).inputValue()).toBe("rektor@skola.example");
      expect(await compose.getByLabel("Hemlig kopia").inputValue()).toBe("kurator@skola.example");
      expect(await compose.getByLabel("Meddelande").inputValue()).toContain("19121212-1212");
      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => compose.locator("#delivery-status").textContent(), { timeout: 30_000 })
        .toContain("skickades från din e-post");

      // What the webmail itself sent: the notification only.
      const sent = await mailPage.evaluate(() => {
        const w = window as { __sent?: number; __sentSubject?: string; __sentBody?: string };
        return { count: w.__sent ?? 0, subject: w.__sentSubject ?? "", body: w.__sentBody ?? "" };
      });
      expect(sent.count).toBe(1);
      expect(sent.subject).toBe("Säkert meddelande från Sigill");
      expect(sent.body).toContain("\n\nFrågor? Ring expeditionen på 031-123 45 67.");
      expect(sent.body).toMatch(new RegExp(`http://localhost:${String(port)}/m/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}`));
      // The link's random secret may spell anything; check the words around it.
      const words = `${sent.subject} ${sent.body}`.replace(/https?:\/\/\S+/g, "<link>");
      for (const secret of ["19121212-1212", "Olle", "BUP", "utredning"]) expect(words).not.toContain(secret);
      expect(await mailPage.locator("#composebody").inputValue()).toBe(sent.body);

      // The diversion reached the server's access log for the admin charts: kinds only.
      const db = await openDatabase(`file:${join(dataDir, "sigill.db")}`);
      await expect
        .poll(async () => db.prisma.auditEvent.count({ where: { type: "policy.diversion" } }), { timeout: 10_000 })
        .toBe(1);
      const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { type: "policy.diversion" } });
      expect(JSON.parse(event.details)).toEqual({ kinds: expect.stringContaining("se-personnummer") as unknown });
      for (const secret of ["1212", "Olle", "BUP", "example.org", "127.0.0.1:"])
        expect(event.details).not.toContain(secret);
      await db.close();
    },
  );

  it(
    "when policy allows the override, then fixed reasons come first, a note with a personnummer is refused, and a fixed reason lets the mail go as written with only kinds and reason logged",
    { timeout: 60_000 },
    async () => {
      const db = await openDatabase(`file:${join(dataDir, "sigill.db")}`);
      await db.prisma.organisation.update({ where: { id: "org" }, data: { allowPlainOverride: true } });
      const mailPage = await context.newPage();
      await mailPage.goto(`http://127.0.0.1:${String((webmail?.address() as AddressInfo).port)}/compose`);
      const cdp = await context.newCDPSession(mailPage);
      await mailPage.locator("#composebody").pressSequentially("Olles personnummer är 19121212-1212.", { delay: 2 });
      await mailPage.locator("button.send").click();
      expect(await mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(0);
      await expect.poll(async () => clickInBanner(cdp, "override-open"), { timeout: 10_000 }).toBe(true);
      // Fixed reasons first, "other" last, and the first has the focus.
      const reasons = await evaluateInBanner(
        cdp,
        ".override",
        "function () { const f = this.getRootNode().activeElement; return JSON.stringify({ ids: [...this.querySelectorAll('input[type=radio]')].map((r) => r.id), focused: f && f.id, labels: [...this.querySelectorAll('label')].map((l) => l.textContent.trim()) }); }",
      );
      expect(JSON.parse(reasons ?? "{}")).toMatchObject({
        ids: [
          "sigill-reason-recipient-cannot-open",
          "sigill-reason-requested-by-person",
          "sigill-reason-false-alarm",
          "sigill-reason-urgent",
          "sigill-reason-other",
        ],
        focused: "sigill-reason-recipient-cannot-open",
      });
      // The attack: the personnummer written into the note, which the access log would keep for
      // ever. The dialog refuses it; nothing is recorded or sent.
      expect(await callInBanner(cdp, "#sigill-reason-other", "function () { this.click(); }")).toBe(true);
      expect(
        await callInBanner(
          cdp,
          "#sigill-note",
          "function () { this.value = 'Olle 19121212-1212, mamma vill ha mejl'; this.dispatchEvent(new Event('input')); }",
        ),
      ).toBe(true);
      expect(await clickInBanner(cdp, "override-confirm")).toBe(true);
      await expect
        .poll(async () => (await bannerState(cdp)).text, { timeout: 5000 })
        .toContain("Anteckningen innehåller personuppgifter");
      expect((await bannerState(cdp)).dialogOpen).toBe(true);
      await mailPage.waitForTimeout(500);
      expect(await mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(0);
      expect(await db.prisma.auditEvent.count({ where: { type: "policy.plain_override" } })).toBe(0);
      // A fixed reason goes.
      expect(await callInBanner(cdp, "#sigill-reason-recipient-cannot-open", "function () { this.click(); }")).toBe(
        true,
      );
      expect(await clickInBanner(cdp, "override-confirm")).toBe(true);
      await expect
        .poll(async () => mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0), { timeout: 10_000 })
        .toBe(1);
      expect(await mailPage.evaluate(() => (window as { __sentBody?: string }).__sentBody ?? "")).toContain(
        "19121212-1212",
      );
      const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { type: "policy.plain_override" } });
      expect(JSON.parse(event.details)).toEqual({ kinds: "se-personnummer", reason: "recipient-cannot-open" });
      expect(event.details).not.toContain("1212");
      await db.close();
    },
  );

  it(
    "when the inbox page is opened, then sent messages decrypt with receipts, and a recall shows as withdrawn",
    { timeout: 60_000 },
    async () => {
      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/inbox.html`);
      await page.getByRole("button", { name: "Skickat" }).click();
      const first = page.locator("button.message").first();
      await expect
        .poll(async () => page.locator("button.message").count(), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(2);
      await first.click();
      await expect
        .poll(async () => page.locator("#open-subject").textContent(), { timeout: 10_000 })
        .toMatch(/Om Olles utredning|Utredning om eleven/);
      expect(await page.locator("article").textContent()).toContain("avsändaren är verifierad");
      expect(await page.locator(".receipts").textContent()).toContain("inte öppnat");
      await page.getByRole("button", { name: "Återkalla" }).click();
      await expect
        .poll(async () => page.locator("#open-status").textContent(), { timeout: 10_000 })
        .toContain("Återkallat");
    },
  );

  it(
    "when a file was picked in the webmail draft, then it travels encrypted in the secure message, policy forces the access code for a personnummer, and the webmail sends the notification without the file",
    { timeout: 90_000 },
    async () => {
      const db = await openDatabase(`file:${join(dataDir, "sigill.db")}`);
      await db.prisma.organisation.update({ where: { id: "org" }, data: { accessCodeKinds: "se-personnummer" } });
      const mailPage = await context.newPage();
      await mailPage.goto(`http://127.0.0.1:${String((webmail?.address() as AddressInfo).port)}/compose`);
      const cdp = await context.newCDPSession(mailPage);
      const certificate = Buffer.from(Array.from({ length: 1_500_000 }, (_, i) => (i * 31 + 7) % 251));
      await mailPage
        .locator("#uploadformInput")
        .setInputFiles({ name: "lakarintyg.pdf", mimeType: "application/pdf", buffer: certificate });
      await expect.poll(async () => mailPage.locator("#attachment-list li").count()).toBe(1);
      await mailPage.locator("#compose-subject").fill("Läkarintyg");
      await mailPage.locator("#composebody").pressSequentially("Intyg för 19121212-1212 bifogat.", { delay: 2 });
      await expect.poll(async () => clickInBanner(cdp, "divert"), { timeout: 10_000 }).toBe(true);
      const compose = await context.waitForEvent("page", { timeout: 10_000 });
      await compose.waitForLoadState();
      await expect.poll(async () => compose.getByLabel("Ämne").inputValue(), { timeout: 10_000 }).toBe("Läkarintyg");
      const files = compose.locator("li.file");
      await expect.poll(async () => files.textContent(), { timeout: 20_000 }).toContain("lakarintyg.pdf");
      expect(await compose.locator("#unreadable").count()).toBe(0);
      // It came whole, as a Blob the webmail tab shared, not as base64 pieces (the download below
      // checks it byte for byte).
      expect(
        await compose.evaluate(
          () => (performance.getEntriesByName("sigill:carried")[0] as PerformanceMark | undefined)?.detail as unknown,
        ),
      ).toEqual({ whole: 1 });
      // Secure compose scans the file too (it is not a real PDF, so it cannot be read).
      await expect.poll(async () => files.textContent(), { timeout: 20_000 }).toContain("kunde inte granskas");
      // Policy: a personnummer makes the code mandatory; the person cannot untick it.
      await expect.poll(async () => compose.locator("#code").isDisabled(), { timeout: 10_000 }).toBe(true);
      expect(await compose.locator("#code").isChecked()).toBe(true);
      expect(await compose.locator("#code-forced").textContent()).toContain("personnummer");

      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => compose.locator("#delivery-status").textContent(), { timeout: 30_000 })
        .toContain("skickades från din e-post");
      expect(await compose.locator(".access-code").first().textContent()).toMatch(/^\d{4}-\d{4}-\d{4}$/);
      // No ciphertext is left in the spool on disk (the origin-private file system) after the upload:
      // this 1.5 MB file's waited in memory (up to 32 MiB do); the 64 MiB test below goes through the disk.
      const spooled = await compose.evaluate(async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("sigill-spool");
        const names: string[] = [];
        for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
        return names.length;
      });
      expect(spooled).toBe(0);
      // The webmail removed the file from the draft and sent only the notification.
      expect(await mailPage.locator("#attachment-list li").count()).toBe(0);
      expect(await mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(1);
      const body = await mailPage.locator("#composebody").inputValue();
      expect(body).not.toContain("19121212-1212");
      expect(body).toContain("/m/");
      // The server holds the file as ciphertext, whole: one attachment a little larger than the file.
      const stored = await db.prisma.attachment.findMany({
        where: { ciphertextSize: { gt: BigInt(certificate.length) } },
      });
      expect(stored).toHaveLength(1);
      expect(stored[0]?.receivedBytes).toBe(stored[0]?.ciphertextSize);
      expect(Number(stored[0]?.ciphertextSize)).toBeLessThan(certificate.length + 4096);
      await db.prisma.organisation.update({ where: { id: "org" }, data: { accessCodeKinds: "protected-identity" } });
      await db.close();
      await mailPage.close();
    },
  );

  it(
    "when the webmail draft holds a file the extension could not read, then secure compose says so before sending, and the file leaves the draft before the notification goes",
    { timeout: 60_000 },
    async () => {
      const mailPage = await context.newPage();
      await mailPage.goto(`http://127.0.0.1:${String((webmail?.address() as AddressInfo).port)}/attached`);
      const cdp = await context.newCDPSession(mailPage);
      await mailPage.locator("#compose-subject").fill("Läkarintyg");
      await mailPage.locator("#composebody").pressSequentially("Intyg för 19121212-1212 bifogat.", { delay: 2 });
      await expect.poll(async () => clickInBanner(cdp, "divert"), { timeout: 10_000 }).toBe(true);
      const compose = await context.waitForEvent("page", { timeout: 10_000 });
      await compose.waitForLoadState();
      await expect
        .poll(async () => compose.locator("#unreadable").textContent(), { timeout: 10_000 })
        .toContain("vidarebefordrat.pdf");
      // Send unlocked: the code is not forced by default for a personnummer.
      expect(await compose.locator("#code").isDisabled()).toBe(false);
      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => compose.locator("#delivery-status").textContent(), { timeout: 30_000 })
        .toContain("skickades från din e-post");
      expect(await mailPage.locator("#attachment-list li").count()).toBe(0);
      expect(await mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(1);
      await mailPage.close();
    },
  );

  it(
    "when the webmail draft holds a file the extension never read and the text is harmless, then Send is stopped and the banner says the file could not be checked (review D1)",
    { timeout: 60_000 },
    async () => {
      const mailPage = await context.newPage();
      await mailPage.goto(`http://127.0.0.1:${String((webmail?.address() as AddressInfo).port)}/attached`);
      const cdp = await context.newCDPSession(mailPage);
      await mailPage.locator("#compose-subject").fill("Vidarebefordrat");
      await mailPage.locator("#composebody").pressSequentially("Hej! Se bifogad fil.", { delay: 2 });
      await expect
        .poll(async () => (await bannerState(cdp)).text, { timeout: 10_000 })
        .toContain("Bilagan vidarebefordrat.pdf kunde inte granskas");
      expect((await bannerState(cdp)).text).toContain("den fanns redan i utkastet");
      await mailPage.locator("button.send").click();
      await expect.poll(async () => (await bannerState(cdp)).dialogOpen, { timeout: 5000 }).toBe(true);
      expect(await mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(0);
      await mailPage.close();
    },
  );

  it(
    "when the popup opens, then it shows who is logged in, that the keys are unlocked, and the recent diversions with kinds and site only",
    { timeout: 30_000 },
    async () => {
      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/popup.html`);
      await expect
        .poll(async () => page.locator("#popup-state").textContent(), { timeout: 10_000 })
        .toBe("Inloggad som rektor@skola.example. Upplåst.");
      const items = await page.locator("#diversions li").allTextContents();
      expect(items.length).toBeGreaterThanOrEqual(3);
      for (const item of items) expect(item).toMatch(/^\d{2}:\d{2}: .*personnummer.* \(127\.0\.0\.1\)$/);
      // Never the recipients, the subject or the text.
      for (const secret of ["Olle", "anna.berg", "Läkarintyg", "19121212"])
        expect(items.join(" ")).not.toContain(secret);
      expect(await page.getByRole("button", { name: "Inkorg" }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Lås upp" }).count()).toBe(0);
    },
  );

  it(
    "when settings are saved on the options page, then they persist and nothing is locked without enterprise policy",
    { timeout: 30_000 },
    async () => {
      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
      await page.getByLabel("Sigill-serverns adress").fill("https://sigill.kommun.example");
      await page.getByLabel("Organisationens namn (i aviseringsmejl)").fill("Exempelskolan");
      expect(await page.getByLabel("Aviseringsmejl även på engelska").isChecked()).toBe(false);
      await page.getByLabel("Aviseringsmejl även på engelska").check();
      await page.getByRole("button", { name: "Spara" }).click();
      await expect.poll(async () => page.locator("#saved-status").count()).toBe(1);
      await page.reload();
      await expect
        .poll(async () => page.getByLabel("Sigill-serverns adress").inputValue())
        .toBe("https://sigill.kommun.example");
      expect(await page.getByLabel("Organisationens namn (i aviseringsmejl)").inputValue()).toBe("Exempelskolan");
      expect(await page.getByLabel("Aviseringsmejl även på engelska").isChecked()).toBe(true);
      expect(await page.locator(".locked").count()).toBe(0);
    },
  );

  it(
    "when an attachment is downloaded from the inbox, then it is decrypted in the extension byte for byte; a reply goes out securely",
    { timeout: 60_000 },
    async () => {
      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/inbox.html`);
      await page.getByRole("button", { name: "Skickat" }).click();
      // The file carried over from the webmail draft arrives byte for byte.
      // Subjects are encrypted, so the list cannot be searched: two sent messages carry a file
      // (the first test's utredning.pdf, 300 000 bytes of 7, and the certificate carried over
      // from the webmail draft); the newest comes first.
      const withFiles = page.locator("button.message", { hasText: "bilaga" });
      await expect.poll(async () => withFiles.count(), { timeout: 10_000 }).toBe(2);
      await withFiles.nth(0).click();
      const carried = page.getByRole("button", { name: "Ladda ner lakarintyg.pdf" });
      await expect.poll(async () => carried.count(), { timeout: 10_000 }).toBe(1);
      const [certificate] = await Promise.all([page.waitForEvent("download"), carried.click()]);
      const expected = Buffer.from(Array.from({ length: 1_500_000 }, (_, i) => (i * 31 + 7) % 251));
      expect(readFileSync(await certificate.path()).equals(expected)).toBe(true);
      await withFiles.nth(1).click();
      const button = page.getByRole("button", { name: "Ladda ner utredning.pdf" });
      await expect.poll(async () => button.count(), { timeout: 10_000 }).toBe(1);
      const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
      const path = await download.path();
      const bytes = readFileSync(path);
      expect(bytes.length).toBe(300_000);
      expect(bytes.every((b) => b === 7)).toBe(true);
      expect(download.suggestedFilename()).toBe("utredning.pdf");
      await page.getByLabel("Svara säkert").fill("Tack, mottaget.");
      await page.getByRole("button", { name: "Skicka svar" }).click();
      await expect.poll(async () => page.locator("#replied").count(), { timeout: 20_000 }).toBe(1);
    },
  );
  it(
    "when a large attachment is downloaded, then it is decrypted chunk by chunk into the file the person picks, byte for byte",
    { timeout: 180_000 },
    async () => {
      // 64 MiB and a little: at the size where the inbox streams to disk instead of memory.
      const size = 64 * 1024 * 1024 + 123;
      const big = Buffer.alloc(size);
      for (let i = 0; i < size; i++) big[i] = (i * 13 + 5) & 255;
      const file = join(profile, "stor.bin");
      writeFileSync(file, big);
      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/compose.html`);
      await page.getByLabel("Till").fill("vardnadshavare@example.org");
      await page.getByLabel("Ämne").fill("Stor fil");
      await page.getByLabel("Meddelande").fill("Se bifogad fil.");
      await page.getByLabel("Bilagor", { exact: true }).setInputFiles(file);
      await page.getByRole("button", { name: "Skicka säkert" }).click();
      await expect.poll(async () => page.locator("#sent-status").count(), { timeout: 120_000 }).toBe(1);
      // Its ciphertext (over the 32 MiB kept in memory) waited on disk and is gone after the upload.
      const left = await page.evaluate(async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("sigill-spool");
        let n = 0;
        for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) if (name !== "") n++;
        return n;
      });
      expect(left).toBe(0);

      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/inbox.html`);
      await page.getByRole("button", { name: "Skickat" }).click();
      await page.locator("button.message", { hasText: "bilaga" }).first().click();
      const button = page.getByRole("button", { name: "Ladda ner stor.bin" });
      await expect.poll(async () => button.count(), { timeout: 10_000 }).toBe(1);
      // The save dialog cannot be clicked in a headless browser: the file the person "picks" is
      // one in the origin-private file system, which has the same writable-file interface.
      await page.evaluate(() => {
        (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async (o: {
          suggestedName: string;
        }) => (await navigator.storage.getDirectory()).getFileHandle(`picked-${o.suggestedName}`, { create: true });
      });
      await button.click();
      const picked = () =>
        page.evaluate(async () => {
          const handle = await (await navigator.storage.getDirectory()).getFileHandle("picked-stor.bin");
          const f = await handle.getFile();
          const digest = await crypto.subtle.digest("SHA-256", await f.arrayBuffer());
          return {
            size: f.size,
            sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""),
          };
        });
      await expect.poll(async () => (await picked().catch(() => ({ size: 0 }))).size, { timeout: 120_000 }).toBe(size);
      expect((await picked()).sha256).toBe(createHash("sha256").update(big).digest("hex"));
    },
  );
});
