// The whole product the way people use it, with parts nobody on the team wrote: Debian's Roundcube
// with a real IMAP/SMTP server on 127.0.0.1 (test/rig/webmail.sh), Debian's Chromium with the built
// extension, the real server as its own process on SQLite and on PostgreSQL, and passkeys through
// CDP virtual authenticators with PRF. Journeys 1-5 are one story, step by step; journey 6 is the
// failures. Screenshots go to test/test-output/journeys/<provider>/; a failed step also keeps the
// server log and what the Roundcube logs gained during the run. See test/README.md.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bannerState, clickInBanner } from "./banner.ts";
import {
  addPasskeyAuthenticator,
  addRecipient,
  buildIfMissing,
  extensionUrl,
  keepLogs,
  launchPlainBrowser,
  launchStaffBrowser,
  linkIn,
  loginRoundcube,
  mailboxCodes,
  makePdf,
  openCompose,
  outputDir,
  person,
  readInbox,
  rigMissing,
  startSigill,
  webmailLogMarks,
  type Mail,
  type Provider,
  type SigillServer,
} from "./harness.ts";

const missing = await rigMissing();
if (missing !== null) console.warn(`webmail journeys skipped: ${missing}`);

const STAFF = "personal@skola.test";
const GUARDIAN = "vardnadshavare@skola.test";
const COLLEAGUE = "kollega@skola.test";
const PNR = "19121212-1212";
/** What must never reach the webmail's own mail once a draft is diverted. */
const SECRETS = [PNR, "Olle", "BUP", "remiss", "utredning", "Utredning"];

/** The notification mails the staff member sent from Roundcube with a link to this run's server, in `user`'s INBOX. */
async function notifications(user: string, base: string): Promise<Mail[]> {
  return (await readInbox(user)).filter((m) => m.parsed.from?.address === STAFF && linkIn(m, base) !== undefined);
}

/** RFC 4180, as the server writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r") continue;
    else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The access log's Swedish names for the event types each journey step must leave. */
const EVENT_NAMES: Record<string, string> = {
  "enrol.completed": "Konto aktiverat",
  "account.invited": "Konto inbjudet",
  "keys.published": "Nycklar publicerade",
  "policy.diversion": "Varnat utkast skickat som säkert meddelande",
  "message.created": "Meddelande skapat",
  "message.committed": "Meddelande skickat",
  "invitation.created": "Inbjudan skapad",
  "invitation.opened": "Inbjudan öppnad",
  "invitation.enrolment_started": "Mottagare började aktivera konto",
  "invitation.adopted": "Meddelande överfört till konto",
  "message.opened": "Meddelande öppnat",
  "message.attachment_downloaded": "Bilaga hämtad",
};

(missing === null ? describe : describe.skip).each<Provider>(["sqlite", "pg"])("webmail journeys on %s", (provider) => {
  let server: SigillServer;
  let out = "";
  let marks = new Map<string, number>();
  let staff: BrowserContext;
  let plain: Browser;
  let profile = "";
  /** The staff member's extension pages (account, inbox, compose). */
  let ext: Page;
  /** The staff member's Roundcube tab, with the extension's content script in it. */
  let mail: Page;
  let mailCdp: CDPSession;
  let admin: { context: BrowserContext; page: Page };
  let guardian: { context: BrowserContext; page: Page };
  let shotNo = 0;
  // One run's mark in subjects, so mail from earlier runs in the rig's mailboxes never counts.
  const tag = `${provider}-${String(Date.now()).slice(-6)}`;
  const subject = `Om Olles utredning ${tag}`;
  const pdf = makePdf("Utredning av elevens behov");
  let link = "";
  let accessCode = "";

  const shot = async (page: Page, name: string) => {
    shotNo += 1;
    await page.screenshot({ path: join(out, `${String(shotNo).padStart(2, "0")}-${name}.png`), fullPage: true });
  };

  // What beforeAll started, undone in reverse order by afterAll (also when beforeAll failed halfway).
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    await buildIfMissing();
    out = outputDir(provider);
    marks = webmailLogMarks();
    server = await startSigill(provider);
    cleanups.push(() => server.destroy());
    profile = mkdtempSync(join(tmpdir(), "sigill-journeys-staff-"));
    cleanups.push(() => {
      rmSync(profile, { recursive: true, force: true });
      return Promise.resolve();
    });
    staff = await launchStaffBrowser(profile);
    cleanups.push(() => staff.close());
    plain = await launchPlainBrowser();
    cleanups.push(() => plain.close());
    ext = await staff.newPage();
    await addPasskeyAuthenticator(staff, ext);
  }, 120_000);

  // A failed step keeps a screenshot of every open page, the server log and the Roundcube logs.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    const pages = [...staff.pages(), ...plain.contexts().flatMap((c) => c.pages())];
    for (const [i, p] of pages.entries())
      await p
        .screenshot({ path: join(out, `FAILED-${ctx.task.name.slice(0, 30)}-${String(i)}.png`), fullPage: true })
        .catch(() => undefined);
    keepLogs(out, server.logFile, marks);
  });

  afterAll(async () => {
    for (const undo of cleanups.reverse()) await undo();
  });

  describe("journeys 1-5: bootstrap, divert, read, reply, admin", { timeout: 120_000 }, () => {
    it("1. when the CLI creates an admin who enrols in the portal and invites staff, then the staff member enrols from the extension and saves the recovery code", async () => {
      const adminLink = await server.createAdmin("rektor@skola.test", "Rektor Rut");
      admin = await person(plain);
      const a = admin.page;
      await a.goto(adminLink);
      await a.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
      const shown = a.locator("#recovery-code-shown");
      await expect.poll(async () => shown.textContent(), { timeout: 20_000 }).toMatch(/\S{20,}/);
      await shot(a, "admin-recovery-code");
      await a.getByLabel("Jag har sparat koden").check();
      await a.getByRole("button", { name: "Fortsätt" }).click();
      await expect.poll(async () => a.locator("#enrolled").count(), { timeout: 15_000 }).toBe(1);

      await a.goto(`${server.base}/admin/users`);
      await a.getByLabel("E-postadress").fill(STAFF);
      await a.getByLabel("Namn").fill("Lärare Lisa");
      await a.getByRole("button", { name: "Skapa inbjudningslänk" }).click();
      const invite = a.locator("#one-time-link");
      await expect.poll(async () => invite.textContent(), { timeout: 10_000 }).toMatch(/\/enrol#[A-Za-z0-9_-]{43}$/);
      await shot(a, "admin-invites-staff");
      const staffLink = (await invite.textContent()) ?? "";

      await ext.goto(extensionUrl("/account.html"));
      await ext.getByLabel("Länken från din administratör").fill(staffLink);
      await ext.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
      const code = ext.locator("#recovery-code");
      await expect.poll(async () => code.textContent(), { timeout: 20_000 }).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
      const done = ext.getByRole("button", { name: "Klar" });
      expect(await done.isDisabled()).toBe(true);
      await shot(ext, "staff-recovery-code");
      await ext.getByLabel("Jag har sparat koden på ett säkert ställe").check();
      await done.click();
      await expect.poll(async () => ext.locator("#who").textContent()).toContain(STAFF);
      expect(await ext.locator("#unlocked").count()).toBe(1);
      await shot(ext, "staff-enrolled");
    });

    it("2. when the staff member writes a personnummer and a PDF in Roundcube to a first-time recipient, then the banner warns, Send and Ctrl+Enter are stopped, and the diverted mail leaves only a notification", async () => {
      mail = await staff.newPage();
      mail.on("dialog", (d) => void d.accept());
      mailCdp = await staff.newCDPSession(mail);
      await loginRoundcube(mail, "personal");
      await openCompose(mail);
      await addRecipient(mail, GUARDIAN);
      await mail.fill("#compose-subject", subject);
      // The plain editor first.
      await mail.locator("#composebody").pressSequentially(`Hej! Olle (${PNR}) har fått en remiss till BUP.`, {
        delay: 2,
      });
      await expect
        .poll(async () => bannerState(mailCdp), { timeout: 10_000 })
        .toMatchObject({ shown: true, text: expect.stringContaining("personnummer") as unknown });
      await shot(mail, "roundcube-banner-plain");

      await mail.setInputFiles("#uploadformInput", {
        name: "utredning.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from(pdf),
      });
      await mail.waitForSelector("#attachment-list li:not(.uploading) a.delete");
      await mail.waitForFunction("window.rcmail.busy === false");

      // The Send button: stopped, with the "not sent" dialog.
      await mail.locator("button.send").first().click();
      await expect.poll(async () => (await bannerState(mailCdp)).dialogOpen, { timeout: 10_000 }).toBe(true);
      expect((await bannerState(mailCdp)).dialogText).toContain("Mejlet skickades inte");
      await shot(mail, "roundcube-send-stopped");
      await mail.keyboard.press("Escape");
      await expect.poll(async () => (await bannerState(mailCdp)).dialogOpen).toBe(false);
      // Ctrl+Enter in the body: stopped too (Roundcube has no such shortcut, Gmail and Outlook do).
      await mail.locator("#composebody").focus();
      await mail.keyboard.press("Control+Enter");
      await expect.poll(async () => (await bannerState(mailCdp)).dialogOpen, { timeout: 10_000 }).toBe(true);
      await shot(mail, "roundcube-ctrl-enter-stopped");
      await mail.keyboard.press("Escape");
      await expect.poll(async () => (await bannerState(mailCdp)).dialogOpen).toBe(false);

      // Then the HTML editor (Roundcube converts the plain text after a confirm()).
      await mail.click("#composebodycontainer .editor-toolbar a.mce-i-html");
      await mail.waitForFunction("window.tinymce?.get('composebody')?.initialized === true");
      await mail.waitForFunction("window.rcmail.busy === false");
      const editor = mail.frameLocator("iframe#composebody_ifr").locator("body");
      await editor.click();
      await mail.keyboard.press("Control+End");
      await mail.keyboard.type(" Bifogat finns utredningen.", { delay: 2 });
      await expect
        .poll(async () => bannerState(mailCdp), { timeout: 10_000 })
        .toMatchObject({ shown: true, text: expect.stringContaining("personnummer") as unknown });
      await shot(mail, "roundcube-banner-html");
      // Send from the HTML editor: stopped.
      await mail.locator("button.send").first().click();
      await expect.poll(async () => (await bannerState(mailCdp)).dialogOpen, { timeout: 10_000 }).toBe(true);
      await shot(mail, "roundcube-send-stopped-html");
      await mail.keyboard.press("Escape");
      await expect.poll(async () => (await bannerState(mailCdp)).dialogOpen).toBe(false);
      // Ctrl+Enter in the HTML editor's frame: stopped too.
      await editor.press("Control+Enter");
      await expect.poll(async () => (await bannerState(mailCdp)).dialogOpen, { timeout: 10_000 }).toBe(true);
      await shot(mail, "roundcube-ctrl-enter-stopped-html");
      await mail.keyboard.press("Escape");
      // Nothing went out in plaintext.
      expect((await readInbox(GUARDIAN)).filter((m) => (m.parsed.subject ?? "").includes(tag))).toEqual([]);
      expect(await notifications(GUARDIAN, server.base)).toEqual([]);

      // Divert: secure compose opens with the draft, the file carried over.
      const [compose] = await Promise.all([
        staff.waitForEvent("page", { timeout: 15_000 }),
        expect.poll(async () => clickInBanner(mailCdp, "divert"), { timeout: 10_000 }).toBe(true),
      ]);
      await compose.waitForLoadState();
      await expect.poll(async () => compose.getByLabel("Ämne").inputValue(), { timeout: 10_000 }).toBe(subject);
      expect(await compose.getByLabel("Till").inputValue()).toContain(GUARDIAN);
      expect(await compose.getByLabel("Meddelande").inputValue()).toContain(PNR);
      expect(await compose.getByLabel("Meddelande").inputValue()).toContain("Bifogat finns utredningen.");
      await expect
        .poll(async () => compose.locator("li.file").textContent(), { timeout: 20_000 })
        .toContain("utredning.pdf");
      if (!(await compose.locator("#code").isChecked())) await compose.locator("#code").check();
      await shot(compose, "secure-compose");
      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => compose.locator("#delivery-status").textContent(), { timeout: 30_000 })
        .toContain("skickades från din e-post");
      accessCode = (await compose.locator(".access-code").first().textContent()) ?? "";
      expect(accessCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
      await shot(compose, "secure-sent");

      // What Roundcube really sent, read from the recipient's mailbox: the notification only.
      await expect.poll(async () => (await notifications(GUARDIAN, server.base)).length, { timeout: 30_000 }).toBe(1);
      const [notice] = await notifications(GUARDIAN, server.base);
      if (notice === undefined) throw new Error("no notification");
      link = linkIn(notice, server.base) ?? "";
      expect(link).toMatch(/\/m\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
      expect(notice.parsed.from?.address).toBe(STAFF);
      expect(notice.parsed.attachments).toEqual([]);
      expect(notice.raw).not.toMatch(/application\/pdf|utredning\.pdf|Content-Disposition: attachment/i);
      const words = `${notice.parsed.subject ?? ""}\n${notice.parsed.text ?? ""}\n${notice.parsed.html ?? ""}`.replace(
        /https?:\/\/[^\s"<]+/g,
        "<link>",
      );
      for (const secret of [...SECRETS, tag]) expect(words).not.toContain(secret);
      expect(notice.raw.replace(/https?:\/\/[^\s"<]+/g, "<link>")).not.toContain(PNR);
      await compose.close();
    });

    it("3. when the recipient opens the link in a fresh browser, enters the code and enrols a passkey, then they read the message, download the PDF byte for byte and reply", async () => {
      guardian = await person(plain);
      const g = guardian.page;
      await g.goto(link);
      await g.getByLabel("Din e-postadress").fill(GUARDIAN);
      await shot(g, "recipient-link");
      // Proof of the mailbox: the server mails a code to the address, through the real mail system.
      const codesBefore = (await mailboxCodes(GUARDIAN)).length;
      await g.getByRole("button", { name: "Skicka kod till min e-post" }).click();
      await expect.poll(async () => (await mailboxCodes(GUARDIAN)).length, { timeout: 30_000 }).toBe(codesBefore + 1);
      const mailed = (await mailboxCodes(GUARDIAN)).at(-1) ?? "";
      expect(mailed).toMatch(/^\d{8}$/);
      await g.getByLabel("Kod från mejlet (åtta siffror)").fill(mailed);
      await shot(g, "recipient-mailbox-code");
      await g.getByRole("button", { name: "Skapa passkey" }).click();
      const shown = g.locator("#recovery-code-shown");
      await expect.poll(async () => shown.textContent(), { timeout: 20_000 }).toMatch(/\S{20,}/);
      await shot(g, "recipient-recovery-code");
      await g.getByLabel("Jag har sparat koden").check();
      await g.getByRole("button", { name: "Fortsätt till meddelandet" }).click();
      await g.getByLabel("Kod från avsändaren (tolv siffror)").fill(accessCode);
      await shot(g, "recipient-access-code");
      await g.getByRole("button", { name: "Öppna meddelandet" }).click();

      const id = /\/m\/([A-Za-z0-9_-]{22})#/.exec(link)?.[1] ?? "";
      await expect.poll(() => g.url(), { timeout: 20_000 }).toBe(`${server.base}/inbox/${id}`);
      const article = g.locator(`article[data-message-id="${id}"]`);
      await expect.poll(async () => article.locator("h2").textContent(), { timeout: 15_000 }).toBe(subject);
      expect(await article.locator(".sender").textContent()).toContain(
        "Avsändaren är kontrollerad med sin digitala signatur.",
      );
      const body = (await article.locator(".body").textContent()) ?? "";
      expect(body).toContain(PNR);
      expect(body).toContain("Bifogat finns utredningen.");
      await shot(g, "recipient-message");

      const [download] = await Promise.all([
        g.waitForEvent("download"),
        g.getByRole("button", { name: /^Ladda ned utredning\.pdf/ }).click(),
      ]);
      expect(readFileSync(await download.path()).equals(Buffer.from(pdf))).toBe(true);

      await g.getByLabel("Ditt svar").fill("Tack, vi kommer på mötet.");
      await g.getByRole("button", { name: "Skicka svar" }).click();
      await expect
        .poll(async () => g.locator("#status").textContent(), { timeout: 15_000 })
        .toBe("Ditt svar är skickat.");
      await shot(g, "recipient-replied");
    });

    it("4. when the staff member opens the extension inbox, then the reply is there and the sent message shows it was read", async () => {
      await ext.goto(extensionUrl("/inbox.html"));
      const received = ext.locator("button.message");
      await expect.poll(async () => received.count(), { timeout: 15_000 }).toBe(1);
      expect(await received.first().textContent()).toContain("olä");
      await received.first().click();
      await expect
        .poll(async () => ext.locator("#open-subject").textContent(), { timeout: 15_000 })
        .toBe(`Sv: ${subject}`);
      expect(await ext.locator("article .body").textContent()).toBe("Tack, vi kommer på mötet.");
      await shot(ext, "staff-inbox-reply");

      await ext.getByRole("button", { name: "Skickat" }).click();
      await ext.locator("button.message").first().click();
      await expect.poll(async () => ext.locator("#open-subject").textContent(), { timeout: 15_000 }).toBe(subject);
      await expect.poll(async () => ext.locator(".receipts").textContent(), { timeout: 10_000 }).toMatch(/öppnat \d/);
      expect(await ext.locator(".receipts").textContent()).not.toContain("inte öppnat");
      await shot(ext, "staff-read-receipt");
    });

    it("5. when the admin opens the access log, then every step above is there, the chain verifies, and the CSV export matches the table", async () => {
      const a = admin.page;
      await a.goto(`${server.base}/admin/log`);
      await expect
        .poll(async () => a.locator("#chain").textContent(), { timeout: 15_000 })
        .toMatch(/^Loggkedjan är obruten/);
      const rows = a.locator("#log tbody tr");
      await expect.poll(async () => rows.count(), { timeout: 15_000 }).toBeGreaterThan(10);
      await shot(a, "admin-access-log");
      const table = await rows.evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
      );
      const shownTypes = new Set(table.map((r) => r[2]));
      expect([...shownTypes]).toEqual(expect.arrayContaining(Object.values(EVENT_NAMES)));

      const href = (await a.locator("#csv").getAttribute("href")) ?? "";
      const csv = parseCsv(
        await a.evaluate(async (h) => {
          const r = await fetch(h);
          return r.text();
        }, href),
      );
      expect(csv[0]).toEqual([
        "seq",
        "at",
        "type",
        "actor_id",
        "subject_id",
        "ip",
        "user_agent",
        "details",
        "prev_hash",
        "hash",
        // Issue 20: which log key signed the entry, and its signature (an auditor with the key checks it).
        "key_id",
        "mac",
      ]);
      const entries = csv.slice(1);
      // The table shows the newest 50; the CSV holds every entry, oldest first.
      const newest = [...entries].reverse().slice(0, 50);
      expect(newest.map((e) => e[0])).toEqual(table.map((r) => r[0]));
      expect(newest.map((e) => (e[1] ?? "").replace("T", " ").slice(0, 19))).toEqual(table.map((r) => r[1]));
      for (const [i, e] of newest.entries()) {
        const name = EVENT_NAMES[e[2] ?? ""];
        if (name !== undefined) expect(table[i]?.[2]).toBe(name);
      }
      expect(entries.map((e) => e[2])).toEqual(expect.arrayContaining(Object.keys(EVENT_NAMES)));
      // Chained: each entry's prev_hash is the one before it's hash.
      for (let i = 1; i < entries.length; i++) expect(entries[i]?.[8]).toBe(entries[i - 1]?.[9]);
      // The log holds no content: no personnummer, subject or reply text anywhere.
      const all = entries.flat().join("\n");
      for (const secret of [PNR, "Olle", subject, "Tack, vi kommer"]) expect(all).not.toContain(secret);
    });
  });

  describe("journey 6: failures", { timeout: 120_000 }, () => {
    it("when a mail has no sensitive data, then it goes out normally with no banner and no dialog", async () => {
      await openCompose(mail);
      await addRecipient(mail, COLLEAGUE);
      const fika = `Fika ${tag}`;
      await mail.fill("#compose-subject", fika);
      await mail.locator("#composebody").pressSequentially("Hej! Fika i personalrummet klockan tre.", { delay: 2 });
      // Give the scanner time to have spoken.
      await mail.waitForTimeout(1000);
      expect((await bannerState(mailCdp)).shown).toBe(false);
      await shot(mail, "roundcube-plain-mail");
      await mail.locator("button.send").first().click();
      await expect
        .poll(async () => (await readInbox(COLLEAGUE)).filter((m) => m.parsed.subject === fika).length, {
          timeout: 30_000,
        })
        .toBe(1);
      const sent = (await readInbox(COLLEAGUE)).find((m) => m.parsed.subject === fika);
      expect(sent?.parsed.text).toContain("Fika i personalrummet klockan tre.");
      expect((await bannerState(mailCdp)).dialogOpen).toBe(false);
    });

    it("when the server is down during secure send, then nothing goes out in plaintext, the page says so, and a retry works", async () => {
      await openCompose(mail);
      await addRecipient(mail, GUARDIAN);
      await mail.fill("#compose-subject", `Schema ${tag}`);
      await mail.locator("#composebody").pressSequentially(`Olle (${PNR}) har nytt schema.`, { delay: 2 });
      await expect.poll(async () => (await bannerState(mailCdp)).shown, { timeout: 10_000 }).toBe(true);
      const [compose] = await Promise.all([
        staff.waitForEvent("page", { timeout: 15_000 }),
        expect.poll(async () => clickInBanner(mailCdp, "divert"), { timeout: 10_000 }).toBe(true),
      ]);
      await expect.poll(async () => compose.getByLabel("Ämne").inputValue(), { timeout: 10_000 }).toBe(`Schema ${tag}`);
      const before = (await notifications(GUARDIAN, server.base)).length;

      await server.stop();
      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => compose.getByRole("alert").textContent(), { timeout: 30_000 })
        .toContain("Sigill-servern gick inte att nå. Inget har skickats.");
      await shot(compose, "server-down");
      // The webmail draft still holds the text and was not sent.
      expect(await mail.locator("#composebody").inputValue()).toContain(PNR);
      await mail.waitForTimeout(1000);
      expect((await readInbox(GUARDIAN)).filter((m) => (m.parsed.subject ?? "").includes(`Schema ${tag}`))).toEqual([]);
      expect((await notifications(GUARDIAN, server.base)).length).toBe(before);

      await server.start();
      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => compose.locator("#delivery-status").textContent(), { timeout: 30_000 })
        .toContain("skickades från din e-post");
      await shot(compose, "server-back-retry-sent");
      await expect
        .poll(async () => (await notifications(GUARDIAN, server.base)).length, { timeout: 30_000 })
        .toBe(before + 1);
      const latest = (await notifications(GUARDIAN, server.base)).at(-1);
      // The guardian has an account now: the notification points into their inbox.
      expect(latest === undefined ? "" : linkIn(latest, server.base)).toMatch(/\/inbox\/[A-Za-z0-9_-]{22}$/);
      expect(latest?.raw).not.toContain(PNR);
      await compose.close();
    });

    /** Sends from the extension's own compose page to a first-time address; returns the link (and code). */
    const sendFromExtension = async (to: string, withCode: boolean) => {
      const compose = await staff.newPage();
      await compose.goto(extensionUrl("/compose.html"));
      await compose.getByLabel("Till").fill(to);
      await compose.getByLabel("Ämne").fill(`Elevärende ${tag}`);
      await compose.getByLabel("Meddelande").fill("Hej! Välkommen på möte.");
      if (withCode) await compose.locator("#code").check();
      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect.poll(async () => compose.locator("#sent-status").count(), { timeout: 30_000 }).toBe(1);
      const notice = (await compose.locator(".notification").first().textContent()) ?? "";
      const code = withCode ? ((await compose.locator(".access-code").first().textContent()) ?? "") : "";
      await compose.close();
      const url = new RegExp(`${server.base}/m/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}`).exec(notice)?.[0] ?? "";
      expect(url).not.toBe("");
      return { link: url, id: /\/m\/([A-Za-z0-9_-]{22})#/.exec(url)?.[1] ?? "", code };
    };

    /** A recipient in a fresh profile: link, address, the code the server mails there (a rig mailbox), passkey, recovery code. */
    const enrolRecipient = async (url: string, address: string) => {
      const r = await person(plain);
      await r.page.goto(url);
      await r.page.getByLabel("Din e-postadress").fill(address);
      const before = (await mailboxCodes(address)).length;
      await r.page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
      await expect.poll(async () => (await mailboxCodes(address)).length, { timeout: 30_000 }).toBe(before + 1);
      await r.page.getByLabel("Kod från mejlet (åtta siffror)").fill((await mailboxCodes(address)).at(-1) ?? "");
      await r.page.getByRole("button", { name: "Skapa passkey" }).click();
      await r.page.getByLabel("Jag har sparat koden").check({ timeout: 20_000 });
      await r.page.getByRole("button", { name: "Fortsätt till meddelandet" }).click();
      return r;
    };

    it("when a wrong access code is entered five times, then the message is locked", async () => {
      // The colleague has no Sigill account: a first-time recipient with a mailbox on the rig.
      const sent = await sendFromExtension(COLLEAGUE, true);
      const r = await enrolRecipient(sent.link, COLLEAGUE);
      const p = r.page;
      for (let i = 0; i < 4; i++) {
        await p.getByLabel("Kod från avsändaren (tolv siffror)").fill(`1111-0000-000${String(i)}`);
        await p.getByRole("button", { name: "Öppna meddelandet" }).click();
        await expect
          .poll(async () => p.locator("#error").textContent(), { timeout: 10_000 })
          .toContain("Koden stämmer inte");
        await p.locator("#error").evaluate("e => { e.textContent = '' }");
      }
      await p.getByLabel("Kod från avsändaren (tolv siffror)").fill("1111-0000-0009");
      await p.getByRole("button", { name: "Öppna meddelandet" }).click();
      await expect
        .poll(async () => p.locator("#problem-title").textContent(), { timeout: 10_000 })
        .toBe("Meddelandet är låst");
      await shot(p, "recipient-locked");
      // Locked means locked: the right code no longer opens it.
      await p.goto(sent.link);
      expect(await p.locator(`article[data-message-id="${sent.id}"]`).count()).toBe(0);
      await r.context.close();
    });

    it("when the sender recalls a message, then its link says it was withdrawn", async () => {
      const sent = await sendFromExtension("farfar@example.org", false);
      await ext.goto(extensionUrl("/inbox.html"));
      await ext.getByRole("button", { name: "Skickat" }).click();
      await ext.locator("button.message").first().click();
      await expect
        .poll(async () => ext.locator("#open-subject").textContent(), { timeout: 15_000 })
        .toBe(`Elevärende ${tag}`);
      await ext.getByRole("button", { name: "Återkalla" }).click();
      await expect
        .poll(async () => ext.locator("#open-status").textContent(), { timeout: 10_000 })
        .toContain("Återkallat");
      const r = await person(plain);
      await r.page.goto(sent.link);
      await expect
        .poll(async () => r.page.locator("#problem-title").textContent(), { timeout: 10_000 })
        .toBe("Meddelandet har dragits tillbaka");
      await shot(r.page, "recipient-recalled");
      await r.context.close();
    });

    it("when a message's time is up and the retention job has run, then its link says it has expired", async () => {
      const sent = await sendFromExtension("farmor@example.org", false);
      // Time passing is the one thing a journey cannot wait for: move the expiry into the past,
      // then restart the server, whose retention job runs at start.
      const db = await server.db();
      await db.prisma.message.update({ where: { id: sent.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
      await db.close();
      await server.stop();
      await server.start();
      const r = await person(plain);
      await r.page.goto(sent.link);
      await expect
        .poll(async () => r.page.locator("#problem-title").textContent(), { timeout: 10_000 })
        .toBe("Meddelandet har gått ut");
      await shot(r.page, "recipient-expired");
      await r.context.close();
    });

    it("when the link is forwarded to someone it was not sent to, then they cannot open the message", async () => {
      const r = await person(plain);
      // The very mail Roundcube delivered in journey 2, opened by a colleague.
      await r.page.goto(link);
      await r.page.getByLabel("Din e-postadress").fill(COLLEAGUE);
      const codesBefore = (await mailboxCodes(COLLEAGUE)).length;
      await r.page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
      // The page answers as for anyone, but no code is mailed: the message was not sent there.
      await r.page.waitForTimeout(2000);
      expect((await mailboxCodes(COLLEAGUE)).length).toBe(codesBefore);
      await r.page.getByLabel("Kod från mejlet (åtta siffror)").fill("12345678");
      await r.page.getByRole("button", { name: "Skapa passkey" }).click();
      await expect
        .poll(async () => r.page.locator("#error").textContent(), { timeout: 10_000 })
        .toContain("skickades inte till den adressen");
      expect(await r.page.locator("article").count()).toBe(0);
      // And asking for the guardian's address does not help: the code goes to the guardian's mailbox.
      await r.page.reload();
      await r.page.getByLabel("Din e-postadress").fill(GUARDIAN);
      await r.page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
      await r.page.getByLabel("Kod från mejlet (åtta siffror)").fill("00000000");
      await r.page.getByRole("button", { name: "Skapa passkey" }).click();
      await expect.poll(async () => r.page.locator("#error").textContent(), { timeout: 10_000 }).not.toBe("");
      expect(await r.page.locator("article").count()).toBe(0);
      await shot(r.page, "uninvited-refused");
      await r.context.close();
    });
  });
});
