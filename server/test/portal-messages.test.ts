// Recipients and staff reading in the built web portal, in real Chromium against the real server
// (SQLite): a teacher sends with @sigill/client (the extension's own send code, run here in Node);
// the guardian opens the link in a fresh browser profile, gives the address, types the code the
// server mailed there (proof of the mailbox, read from the server's outgoing mail) and creates a
// passkey (CDP virtual authenticator with PRF), saves the recovery code, enters the access code, reads the
// message with the signature checked, downloads the attachment (byte for byte) and replies; the
// teacher decrypts the reply. Then: returning login, unlocking after a reload, a second device
// without PRF unlocked by the recovery code, a message without a code, the error pages, and a
// teacher enrolled in the portal reading there. Every page passes axe-core; screenshots are saved.
import { readFileSync } from "node:fs";
import {
  Api,
  downloadAttachment,
  listMessages,
  memoryPins,
  readMessage,
  recallMessage,
  sendSecure,
  type SecureDraft,
  type StaffSession,
} from "@sigill/client";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEnrolment } from "../src/modules/accounts/enrolments.ts";
import { device, freePort, launch, seriousViolations, shooter, type Device } from "./support/browser.ts";
import { startServer, type Harness } from "./support/harness.ts";
import { person } from "./support/people.ts";

const shot = shooter(new URL("../test-output/portal/", import.meta.url).pathname);

let h: Harness;
let browser: Browser;
let base = "";
let teacher: StaffSession;
let guardian: Device;
let recoveryCode = "";
const pdf = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${String(port)}`;
  h = await startServer("sqlite", { PUBLIC_URL: base, ORG_NAME: "Solskolan" }, port);
  browser = await launch();
  const p = await person(h, "larare@skola.example", "staff", "extension");
  await h.deps.db.account.update({ where: { id: p.account.id }, data: { displayName: "Lärare Lisa" } });
  teacher = {
    api: new Api({ server: base, ...(p.client.bearer !== undefined && { token: p.client.bearer }) }),
    account: { ...p.account, displayName: "Lärare Lisa" },
    identity: p.identity,
  };
}, 60_000);

// A failing test leaves a screenshot of every page still open, to see where it stopped.
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== "fail") return;
  for (const [i, c] of browser.contexts().entries())
    for (const [j, p] of c.pages().entries())
      await shot(p, `FAILED-${ctx.task.name.slice(5, 40)}-${String(i)}-${String(j)}`);
});

afterAll(async () => {
  await browser.close();
  await h.close();
});

async function send(
  to: string,
  extra: Partial<SecureDraft> = {},
): Promise<{ id: string; link: string; code: string | null }> {
  const sent = await sendSecure(
    teacher,
    {
      subject: "Elevhälsomöte",
      text: "Hej!\nHär är intyget inför mötet på torsdag.",
      to: [to],
      cc: [],
      attachments: [],
      expiresInDays: 7,
      accessCode: false,
      ...extra,
    },
    { pins: memoryPins() },
  );
  return { id: sent.messageId, link: sent.link ?? "", code: sent.invitations[0]?.accessCode ?? null };
}

/** The code the server mailed to `address` last (what the person reads in their mail). */
function mailedCode(address: string): string {
  const mail = h.notifications.filter((n) => n.kind === "mailbox-code" && n.to === address).at(-1);
  return mail?.kind === "mailbox-code" ? mail.code : "";
}

/** Gives the address and proves it with the mailed code, creating the passkey. */
async function proveMailbox(d: Device, address: string, onProofPage?: () => Promise<void>): Promise<void> {
  await d.page.getByLabel("Din e-postadress").fill(address);
  await d.page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
  await expect.poll(async () => d.page.locator("#proof-help").textContent()).toContain(address);
  await onProofPage?.();
  await expect.poll(() => mailedCode(address)).toMatch(/^\d{8}$/);
  await d.page.getByLabel("Kod från mejlet (åtta siffror)").fill(mailedCode(address));
  await d.page.getByRole("button", { name: "Skapa passkey" }).click();
}

async function downloaded(d: Device, name: string): Promise<Uint8Array> {
  const [download] = await Promise.all([
    d.page.waitForEvent("download"),
    d.page.getByRole("button", { name: new RegExp(`^Ladda ned ${name}`) }).click(),
  ]);
  return new Uint8Array(readFileSync(await download.path()));
}

describe("recipients in the web portal", { timeout: 90_000 }, () => {
  it("when a guardian opens a link with an access code for the first time, then they enrol, save the code, read, download and reply", async () => {
    const msg = await send("vardnadshavare@example.org", {
      accessCode: true,
      attachments: [{ name: "intyg.pdf", type: "application/pdf", source: pdf }],
    });
    expect(msg.code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    guardian = await device(browser);
    const page = guardian.page;
    const auditBefore = await h.deps.db.auditEvent.count();
    await page.goto(msg.link);
    await expect
      .poll(async () => page.locator("#sent-by").textContent())
      .toBe("Lärare Lisa (Solskolan) har skickat ett meddelande till dig genom Sigill.");
    // Loading the link consumes nothing and logs nothing.
    expect(await h.deps.db.auditEvent.count()).toBe(auditBefore);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-link");

    // A wrong address: the page answers as for any address (no mail goes there), and a code for it is refused.
    await page.getByLabel("Din e-postadress").fill("nagon.annan@example.org");
    await page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
    await expect.poll(async () => page.locator("#proof-help").textContent()).toContain("nagon.annan@example.org");
    expect(mailedCode("nagon.annan@example.org")).toBe("");
    await page.getByLabel("Kod från mejlet (åtta siffror)").fill("12345678");
    await page.getByRole("button", { name: "Skapa passkey" }).click();
    await expect.poll(async () => page.locator("#error").textContent()).toContain("skickades inte till den adressen");
    await page.reload();

    // The right address: the code the server mailed there proves the mailbox; the passkey is made.
    await page.getByLabel("Din e-postadress").fill("Vardnadshavare@example.org");
    await page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
    await expect
      .poll(async () => page.locator("#passkey-for").textContent())
      .toBe("Passkeyn gäller vardnadshavare@example.org.");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-mailbox-code");
    await expect.poll(() => mailedCode("vardnadshavare@example.org")).toMatch(/^\d{8}$/);
    // A wrong mailbox code is refused, and nothing is enrolled.
    await page.getByLabel("Kod från mejlet (åtta siffror)").fill("00000000");
    await page.getByRole("button", { name: "Skapa passkey" }).click();
    await expect.poll(async () => page.locator("#error").textContent()).toContain("Koden stämmer inte");
    await page.getByLabel("Kod från mejlet (åtta siffror)").fill(mailedCode("vardnadshavare@example.org"));
    await page.getByRole("button", { name: "Skapa passkey" }).click();

    // The recovery code: shown once, to confirm before going on.
    const shown = page.locator("#recovery-code-shown");
    await expect.poll(async () => shown.textContent(), { timeout: 15_000 }).toMatch(/\S{20,}/);
    recoveryCode = (await shown.textContent()) ?? "";
    const go = page.getByRole("button", { name: "Fortsätt till meddelandet" });
    expect(await go.isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-recovery-code");
    await page.getByLabel("Jag har sparat koden").check();
    await go.click();

    // The access code: a wrong one counts, the right one opens.
    await page.getByLabel("Kod från avsändaren (tolv siffror)").fill("0000-0000-0000");
    await page.getByRole("button", { name: "Öppna meddelandet" }).click();
    await expect.poll(async () => page.locator("#error").textContent()).toContain("Koden stämmer inte");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-access-code");
    await page.getByLabel("Kod från avsändaren (tolv siffror)").fill(msg.code ?? "");
    await page.getByRole("button", { name: "Öppna meddelandet" }).click();

    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${base}/inbox/${msg.id}`);
    const article = page.locator(`article[data-message-id="${msg.id}"]`);
    await expect.poll(async () => article.locator("h2").textContent()).toBe("Elevhälsomöte");
    expect(await article.locator(".sender").textContent()).toContain(
      "Från Lärare Lisa <larare@skola.example> (Solskolan). Avsändaren är kontrollerad med sin digitala signatur.",
    );
    expect(await article.locator(".body").textContent()).toBe("Hej!\nHär är intyget inför mötet på torsdag.");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-message");

    // The attachment, decrypted in the browser, is the teacher's file byte for byte.
    expect(Buffer.from(await downloaded(guardian, "intyg.pdf")).equals(Buffer.from(pdf))).toBe(true);
    await expect
      .poll(async () => article.locator(".download-status").textContent())
      .toBe("intyg.pdf är nedladdad och kontrollerad.");

    // A reply with a file: encrypted in the browser, readable by the teacher.
    await page.getByLabel("Ditt svar").fill("Tack, vi kommer båda två.");
    await page.getByLabel("Bifoga filer").setInputFiles({
      name: "fullmakt.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Fullmakt för mormor."),
    });
    await page.getByRole("button", { name: "Skicka svar" }).click();
    await expect
      .poll(async () => page.locator("#status").textContent(), { timeout: 15_000 })
      .toBe("Ditt svar är skickat.");
    await expect.poll(async () => page.locator("article.message").count()).toBe(2);
    await shot(page, "recipient-replied");
    const inbox = await listMessages(teacher, "inbox");
    expect(inbox).toHaveLength(1);
    const reply = await readMessage(teacher, inbox[0]?.id ?? "");
    expect(reply.verified).toBe(true);
    expect(reply.threadId).toBe(msg.id);
    expect(reply.content).toMatchObject({
      subject: "Sv: Elevhälsomöte",
      text: "Tack, vi kommer båda två.",
      from: { address: "vardnadshavare@example.org" },
      to: ["larare@skola.example"],
    });
    expect(new TextDecoder().decode(await downloadAttachment(teacher, reply, reply.attachments[0]?.id ?? ""))).toBe(
      "Fullmakt för mormor.",
    );
    // The teacher sees that the guardian read the message.
    const mine = await readMessage(teacher, msg.id);
    expect(mine.receipts?.accounts.find((r) => r.displayName !== "Lärare Lisa")?.openedAt).not.toBeNull();
    const types = (await h.deps.db.auditEvent.findMany({ select: { type: true } })).map((e) => e.type);
    for (const t of ["invitation.code_failed", "invitation.opened", "invitation.adopted", "message.opened"])
      expect(types).toContain(t);
    expect(guardian.consoleErrors).toEqual([]);
  });

  it("when the guardian comes back, then the inbox lists both messages after a passkey login, and a reload asks to unlock", async () => {
    const page = guardian.page;
    await page.goto(`${base}/`);
    await page.getByRole("button", { name: "Logga ut", exact: true }).click();
    await expect.poll(async () => page.locator("#status").textContent()).toBe("Du är utloggad.");
    // A second message: the guardian has keys now, so it is sealed straight to them.
    const second = await send("vardnadshavare@example.org", { subject: "Schema vecka 49" });
    expect(second.link).toBe("");

    await page.goto(`${base}/inbox`);
    await page.getByRole("button", { name: "Logga in med passkey" }).click();
    const received = page.locator("#box-inbox tbody tr");
    await expect.poll(async () => received.count(), { timeout: 15_000 }).toBe(2);
    expect(await received.first().textContent()).toContain("Oläst");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-inbox");
    await received.first().getByRole("link").click();
    await expect
      .poll(async () => page.locator(`article[data-message-id="${second.id}"] h2`).textContent())
      .toBe("Schema vecka 49");

    // A reload keeps the session (cookie) but not the keys (page memory): unlock with the passkey.
    await page.reload();
    await page.getByRole("button", { name: "Lås upp med passkey" }).click();
    await expect
      .poll(async () => page.locator(`article[data-message-id="${second.id}"] h2`).textContent(), { timeout: 15_000 })
      .toBe("Schema vecka 49");
  });

  it("when the guardian logs in on a device whose passkey has no PRF, then the recovery code unlocks, and that passkey unlocks from then on", async () => {
    const page = guardian.page;
    // Only a PRF-less authenticator on this device from now on, with a passkey added from here.
    await guardian.removeAuthenticator(guardian.authenticatorId);
    await guardian.addAuthenticator({ prf: false });
    await page.goto(`${base}/passkeys`);
    await page.locator("#new-name").fill("Läsplatta");
    await page.getByRole("button", { name: "Skapa passkey" }).click();
    // No PRF from this passkey: it logs in, but cannot unlock by itself (yet).
    await expect
      .poll(async () => page.locator("#keys-status").textContent(), { timeout: 15_000 })
      .toBe("Läsplatta är tillagd.");

    await page.goto(`${base}/`);
    await page.getByRole("button", { name: "Logga ut", exact: true }).click();
    await page.goto(`${base}/inbox`);
    await page.getByRole("button", { name: "Logga in med passkey" }).click();
    // The passkey logged in but cannot unlock: the page says so and asks for the recovery code.
    await expect
      .poll(async () => page.locator("#no-prf").textContent(), { timeout: 15_000 })
      .toContain("Använd din återställningskod");
    expect(await page.getByRole("button", { name: "Lås upp med passkey" }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-unlock");
    await page.getByLabel("Återställningskod").fill("fel-kod");
    await page.getByRole("button", { name: "Lås upp med koden" }).click();
    await expect.poll(async () => page.locator("#error").textContent()).not.toBe("");
    await page.getByLabel("Återställningskod").fill(recoveryCode);
    await page.getByRole("button", { name: "Lås upp med koden" }).click();
    await expect.poll(async () => page.locator("#box-inbox tbody tr").count(), { timeout: 15_000 }).toBe(2);
    // Unlocking with the code gave this passkey its own vault entry: next time it unlocks alone.
    const account = await h.deps.db.account.findUniqueOrThrow({ where: { email: "vardnadshavare@example.org" } });
    expect(await h.deps.db.vaultEntry.count({ where: { accountId: account.id, method: "prf" } })).toBe(1);
  });

  it("when a message is sent without an access code, then the first visit goes from address to message", async () => {
    const msg = await send("mormor@example.org", { subject: "Utflykt" });
    const d = await device(browser);
    await d.page.goto(msg.link);
    await proveMailbox(d, "mormor@example.org");
    await d.page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    await d.page.getByRole("button", { name: "Fortsätt till meddelandet" }).click();
    await expect
      .poll(async () => d.page.locator(`article[data-message-id="${msg.id}"] h2`).textContent(), { timeout: 15_000 })
      .toBe("Utflykt");
    expect(d.consoleErrors).toEqual([]);
    await d.close();
  });

  it("when the sender set an access code, then the guardian still proves the mailbox (the page offers no way to enrol with the sender's code), and gives the code when opening", async () => {
    const msg = await send("morbror@example.org", { subject: "Med kod", accessCode: true });
    const d = await device(browser);
    await d.page.goto(msg.link);
    await proveMailbox(d, "morbror@example.org", async () => {
      // The sender made the access code: it is no proof of the mailbox, and the page does not offer it as one.
      expect(await d.page.getByRole("button", { name: "Använd koden från avsändaren" }).count()).toBe(0);
      expect(await d.page.getByLabel("Kod från avsändaren (tolv siffror)").count()).toBe(0);
    });
    await d.page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    await d.page.getByRole("button", { name: "Fortsätt till meddelandet" }).click();
    await d.page.getByLabel("Kod från avsändaren (tolv siffror)").fill(msg.code ?? "", { timeout: 15_000 });
    await d.page.getByRole("button", { name: "Öppna meddelandet" }).click();
    await expect
      .poll(async () => d.page.locator(`article[data-message-id="${msg.id}"] h2`).textContent(), { timeout: 20_000 })
      .toBe("Med kod");
    const started = await h.deps.db.auditEvent.findFirstOrThrow({
      where: { type: "invitation.enrolment_started", subjectId: msg.id },
    });
    expect(JSON.parse(started.details)).toEqual({ proof: "mailbox" });
    expect(d.consoleErrors).toEqual([]);
    await d.close();
  });

  it("when a link is cut off, unknown, withdrawn, expired or locked, or the address already has an account, then the page says so", async () => {
    const d = await device(browser);
    const page = d.page;
    const problem = page.locator("#problem");
    const title = page.locator("#problem-title");

    const recalled = await send("farfar@example.org");
    await page.goto(recalled.link.split("#")[0] ?? "");
    await expect.poll(async () => title.textContent()).toBe("Länken är ofullständig");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-bad-link");

    await page.goto(`${base}/m/AAAAAAAAAAAAAAAAAAAAAA#${"A".repeat(43)}`);
    await expect.poll(async () => title.textContent()).toBe("Meddelandet finns inte");

    await recallMessage(teacher, recalled.id);
    await page.goto(recalled.link);
    await expect.poll(async () => title.textContent()).toBe("Meddelandet har dragits tillbaka");
    expect(await problem.textContent()).toContain("Kontakta avsändaren");

    const expired = await send("farmor@example.org");
    await h.deps.db.message.update({ where: { id: expired.id }, data: { status: "expired", envelope: null } });
    await page.goto(expired.link);
    await expect.poll(async () => title.textContent()).toBe("Meddelandet har gått ut");
    await shot(page, "recipient-expired");

    // The address already has an account: log in instead.
    const again = await send("ny.mottagare@example.org");
    const other = await send("vardnadshavare@example.org"); // sealed to the guardian's key: no link
    expect(other.link).toBe("");
    await page.goto(again.link);
    await page.getByLabel("Din e-postadress").fill("vardnadshavare@example.org");
    await page.getByRole("button", { name: "Skicka kod till min e-post" }).click();
    await page.getByLabel("Kod från mejlet (åtta siffror)").fill("12345678");
    await page.getByRole("button", { name: "Skapa passkey" }).click();
    await expect
      .poll(async () => page.locator("#error").textContent())
      .toBe("Meddelandet skickades inte till den adressen, eller finns inte. Kontrollera adressen.");

    // Five wrong codes lock the invitation.
    const coded = await send("moster@example.org", { accessCode: true });
    await page.goto(coded.link);
    await proveMailbox(d, "moster@example.org");
    await page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    await page.getByRole("button", { name: "Fortsätt till meddelandet" }).click();
    for (let i = 0; i < 4; i++) {
      await page.getByLabel("Kod från avsändaren (tolv siffror)").fill(`1111-0000-000${String(i)}`);
      await page.getByRole("button", { name: "Öppna meddelandet" }).click();
      await expect.poll(async () => page.locator("#error").textContent()).toContain("Koden stämmer inte");
      await page.locator("#error").evaluate("e => { e.textContent = '' }");
    }
    await page.getByLabel("Kod från avsändaren (tolv siffror)").fill("1111-0000-0009");
    await page.getByRole("button", { name: "Öppna meddelandet" }).click();
    await expect.poll(async () => title.textContent()).toBe("Meddelandet är låst");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "recipient-locked");
    expect(d.consoleErrors).toEqual([]);
    await d.close();
  });
});

describe("staff in the web portal", { timeout: 90_000 }, () => {
  it("when a teacher enrols in the portal, then keys are made in the browser, and a message to them reads there", async () => {
    const { link } = await createEnrolment(h.deps, {
      email: "kurator@skola.example",
      displayName: "Kurator Kim",
      role: "staff",
    });
    const d = await device(browser);
    await d.page.goto(link);
    await d.page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
    await d.page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    kuratorCode = (await d.page.locator("#recovery-code-shown").textContent()) ?? "";
    await d.page.getByRole("button", { name: "Fortsätt" }).click();
    await expect.poll(async () => d.page.locator("#enrolled").count(), { timeout: 15_000 }).toBe(1);
    const sent = await send("kurator@skola.example", { subject: "Till kurator", cc: [] });
    expect(sent.link).toBe("");
    await d.page.getByRole("link", { name: "Till mina säkra meddelanden" }).click();
    await d.page.locator("#box-inbox tbody tr").first().getByRole("link").click({ timeout: 15_000 });
    await expect
      .poll(async () => d.page.locator(`article[data-message-id="${sent.id}"] h2`).textContent())
      .toBe("Till kurator");
    expect(await seriousViolations(d.page)).toEqual([]);
    await shot(d.page, "staff-message");
    await d.close();
  });

  it("when the teacher's account is reset, then a new passkey and the recovery code open the old messages, and without the code new keys start over", async () => {
    const email = "kurator@skola.example";
    const account = await h.deps.db.account.findUniqueOrThrow({ where: { email } });
    const enrolAgain = async () => {
      const { link } = await createEnrolment(h.deps, {
        email,
        displayName: "Kurator Kim",
        role: "staff",
        accountId: account.id,
      });
      const d = await device(browser);
      await d.page.goto(link);
      await d.page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
      // The account has keys: no new recovery code, the old keys are kept.
      await expect.poll(async () => d.page.locator("#enrolled").count(), { timeout: 15_000 }).toBe(1);
      expect(await d.page.locator("#recovery-code-shown").count()).toBe(0);
      await d.page.getByRole("link", { name: "Till mina säkra meddelanden" }).click();
      return d;
    };

    const d = await enrolAgain();
    await d.page.getByLabel("Återställningskod").fill(kuratorCode);
    await d.page.getByRole("button", { name: "Lås upp med koden" }).click();
    await d.page.locator("#box-inbox tbody tr").first().getByRole("link").click({ timeout: 15_000 });
    await expect.poll(async () => d.page.locator("article h2").first().textContent()).toBe("Till kurator");
    expect(await h.deps.db.keyBundle.count({ where: { accountId: account.id } })).toBe(1);
    await d.close();

    // Reset again, and this time the code is lost too: new keys, a new code, a changed key for senders.
    const lost = await enrolAgain();
    await lost.page.getByText("Har du tappat bort återställningskoden?").click();
    await lost.page.getByRole("button", { name: "Skapa nya nycklar" }).click();
    await lost.page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    expect(await lost.page.locator("#recovery-code-shown").textContent()).not.toBe(kuratorCode);
    await lost.page.getByRole("button", { name: "Fortsätt" }).click();
    await expect.poll(async () => lost.page.locator("#box-inbox tbody tr").count(), { timeout: 15_000 }).toBe(1);
    expect(await h.deps.db.keyBundle.count({ where: { accountId: account.id } })).toBe(2);
    await lost.close();
  });
});

let kuratorCode = "";
