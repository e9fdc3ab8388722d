// The built web portal in real Chromium (Debian's, through playwright-core) against the real
// server on SQLite: an administrator's one-time link from the CLI's enrolment code opens the
// enrol page, a passkey is created (CDP virtual authenticator), the page shows who is logged in,
// logout and passkey login work, the language switches, every page passes an axe-core scan with no
// serious or critical violations, and the strict CSP holds (no inline scripts, nothing external).
// Screenshots of each page go to test-output/portal/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrolment } from "../src/modules/accounts/enrolments.ts";
import { writeCheckpoint } from "../src/modules/audit/checkpoints.ts";
import { appendAudit } from "../src/modules/audit/log.ts";
import { startServer, type Harness } from "./support/harness.ts";
import { mailedResetLink, SUBJECT, subjectsTo, tokenOf } from "./support/mail.ts";
import { addVirtualAuthenticator, device, freePort, launch, seriousViolations } from "./support/browser.ts";

const shots = new URL("../test-output/portal/", import.meta.url).pathname;

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base = "";
let cdp: CDPSession;
let firstAuthenticator = "";
const consoleErrors: string[] = [];
/** Every script the page fetched, by path (which chunks a page needs). */
const scripts: string[] = [];
const libsodiumLoaded = () => scripts.some((path) => /\/assets\/libsodium[^/]*\.js$/.test(path));

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  h = await startServer("sqlite", { PUBLIC_URL: `http://localhost:${String(port)}` }, port);
  base = `http://localhost:${String(port)}`;
  browser = await launch();
  context = await browser.newContext({ locale: "sv-SE" });
  page = await context.newPage();
  // Errors in the console (a CSP refusal, a script error); an HTTP error status the page
  // handles (401 from /api/session when logged out, 404 for a used link) is logged by Chromium
  // as "Failed to load resource" and is expected.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text());
  });
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  firstAuthenticator = await addAuthenticator();
}, 60_000);

/** A CDP virtual authenticator (platform, resident keys, user verification, PRF) for `page`. */
function addAuthenticator(): Promise<string> {
  return addVirtualAuthenticator(cdp);
}

afterAll(async () => {
  await browser.close();
  await h.close();
});

describe("the web portal in Chromium", () => {
  it("when the start page loads, then it is the built portal under a strict CSP, in Swedish, with no accessibility blockers", async () => {
    const res = await page.goto(`${base}/`);
    const csp = res?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await page.locator("script:not([src])").count()).toBe(0);
    // Every script and stylesheet comes from this server.
    const external = await page.evaluate(
      '[...document.querySelectorAll("script[src], link[href]")].map((e) => e.src || e.href).filter((u) => new URL(u).origin !== location.origin)',
    );
    expect(external).toEqual([]);
    await expect.poll(async () => page.getByRole("button", { name: "Logga in med passkey" }).count()).toBe(1);
    expect(await page.evaluate("document.documentElement.lang")).toBe("sv");
    expect(await page.getByRole("main").count()).toBe(1);
    expect(await page.getByRole("banner").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    // libsodium (about half of the portal's JavaScript) is a chunk of its own, fetched only by a
    // page that does cryptography: not by the start page.
    expect(scripts.length).toBeGreaterThan(0);
    expect(libsodiumLoaded()).toBe(false);
    await shot("start");
  });

  it("when an administrator opens the enrolment link, then a passkey is created and they are logged in", async () => {
    const { link } = await createEnrolment(h.deps, {
      email: "rektor@skola.example",
      displayName: "Rektor Rut",
      role: "admin",
    });
    expect(link.startsWith(`${base}/enrol#`)).toBe(true);
    await page.goto(link);
    await expect.poll(async () => page.locator("#enrol-for").textContent()).toBe("Kontot gäller rektor@skola.example.");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("enrol");
    await page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
    // Keys are made in the browser: the recovery code is shown once, and must be confirmed.
    await expect
      .poll(async () => page.locator("#recovery-code-shown").textContent(), { timeout: 15_000 })
      .toMatch(/\S{20,}/);
    expect(await page.getByRole("button", { name: "Fortsätt" }).isDisabled()).toBe(true);
    // Making keys needs libsodium: its chunk came when it was needed.
    expect(libsodiumLoaded()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot("enrol-recovery-code");
    await page.getByLabel("Jag har sparat koden").check();
    await page.getByRole("button", { name: "Fortsätt" }).click();
    await expect.poll(async () => page.locator("#enrolled").count(), { timeout: 15_000 }).toBe(1);
    const keys = await h.deps.db.keyBundle.count({ where: { account: { email: "rektor@skola.example" } } });
    expect(keys).toBe(1);
    expect(await page.locator("#who").textContent()).toBe("Inloggad som rektor@skola.example (administratör).");
    const passkeys = await h.deps.db.passkey.count({ where: { account: { email: "rektor@skola.example" } } });
    expect(passkeys).toBe(1);
    // The session is an HttpOnly cookie the page's scripts cannot read.
    expect(await page.evaluate("document.cookie")).toBe("");
    // The link is used up.
    await page.goto(`${base}/`);
    await page.goto(link);
    await expect
      .poll(async () => page.locator("#error").textContent())
      .toBe("Länken gäller inte längre (den är använd eller för gammal). Be om en ny länk.");
  });

  it("when the administrator logs out and in again with the passkey, then the start page follows", async () => {
    await page.goto(`${base}/`);
    await expect.poll(async () => page.locator("#who").textContent()).toContain("rektor@skola.example");
    await page.getByRole("button", { name: "Logga ut", exact: true }).click();
    await expect.poll(async () => page.locator("#status").textContent()).toBe("Du är utloggad.");
    await page.getByRole("button", { name: "Logga in med passkey" }).click();
    await expect
      .poll(async () => page.locator("#who").textContent(), { timeout: 15_000 })
      .toContain("rektor@skola.example");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("logged-in");
    const events = await h.deps.db.auditEvent.findMany({ where: { type: { in: ["auth.login", "auth.logout"] } } });
    expect(events.map((e) => e.type).sort()).toEqual(["auth.login", "auth.logout"]);
  });

  it("when English is chosen, then the page and its language change, and the choice stays", async () => {
    await page.getByRole("button", { name: "In English" }).click();
    await expect.poll(async () => page.evaluate("document.documentElement.lang")).toBe("en");
    expect(await page.locator("#who").textContent()).toBe("Logged in as rektor@skola.example (administrator).");
    await page.reload();
    await expect.poll(async () => page.getByRole("button", { name: "Log out", exact: true }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "På svenska" }).click();
    await expect.poll(async () => page.evaluate("document.documentElement.lang")).toBe("sv");
  });

  it("when the administrator opens the access log, then entries show with people, filters narrow them, CSV matches, and the chain verifies", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Åtkomstloggen" }).click();
    await expect.poll(async () => page.locator("#chain").textContent()).toMatch(/^Loggkedjan är obruten \(\d+ poster/);
    expect(await page.locator("#anchor").textContent()).toBe(
      "Ingen kontrollpunkt ännu: loggen har ännu inte förankrats utanför databasen.",
    );
    const rows = page.locator("#log tbody tr");
    await expect.poll(async () => rows.count()).toBeGreaterThanOrEqual(3);
    const all = await rows.allTextContents();
    expect(all.some((r) => r.includes("Inloggning") && r.includes("rektor@skola.example"))).toBe(true);
    expect(all.some((r) => r.includes("Konto aktiverat"))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot("access-log");

    // Filter by event type: only the logout is left.
    await page.getByLabel("Händelse").selectOption("auth.logout");
    await page.getByRole("button", { name: "Filtrera" }).click();
    await expect.poll(async () => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Utloggning");
    // The CSV export has the same selection (the session cookie goes with the request).
    const href = (await page.locator("#csv").getAttribute("href")) ?? "";
    expect(href).toBe("/api/admin/audit.csv?type=auth.logout");
    const csv = await page.request.get(`${base}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2); // header and the one entry
    expect(lines[1]).toContain("auth.logout");

    // Paging: 60 more entries make two pages of 50 for all events; "Äldre" shows the rest.
    for (let i = 0; i < 60; i++) await appendAudit(h.deps, { type: "auth.login_failed", ip: "10.0.0.1" });
    await page.getByLabel("Händelse").selectOption("");
    await page.getByRole("button", { name: "Filtrera" }).click();
    await expect.poll(async () => rows.count()).toBe(50);
    const newestSeq = Number(await rows.first().locator("td").first().textContent());
    await page.getByRole("button", { name: "Äldre" }).click();
    await expect.poll(async () => rows.count()).toBe(newestSeq - 50);
    expect(Number(await rows.first().locator("td").first().textContent())).toBe(newestSeq - 50);
    await page.getByRole("button", { name: "Nyare" }).click();
    await expect.poll(async () => Number(await rows.first().locator("td").first().textContent())).toBe(newestSeq);

    // A date range that ends before today holds nothing.
    await page.getByLabel("Till och med").fill("2020-01-01");
    await page.getByRole("button", { name: "Filtrera" }).click();
    await expect.poll(async () => rows.count()).toBe(0);

    // A checkpoint outside the database: the page shows it and that the database agrees.
    const checkpoint = await writeCheckpoint(h.deps);
    if (checkpoint === null) throw new Error("no checkpoint written");
    await page.reload();
    await expect
      .poll(async () => page.locator("#anchor").textContent())
      .toBe(
        `Senaste kontrollpunkt: post ${String(checkpoint.seq)}, ${checkpoint.at.replace("T", " ").slice(0, 16)} (UTC). Databasen stämmer med kontrollpunkterna.`,
      );
    expect(await seriousViolations(page)).toEqual([]);

    // Someone edits an entry in the database: the page says the chain is broken, and where, and
    // that the database no longer agrees with the checkpoint.
    const victim = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "auth.logout" } });
    await h.deps.db.auditEvent.update({ where: { seq: victim.seq }, data: { ip: "10.9.9.9" } });
    await page.reload();
    await expect
      .poll(async () => page.locator("#chain").textContent())
      .toBe(
        `Loggkedjan är bruten: post ${String(victim.seq)} stämmer inte. Loggen kan ha ändrats; kontakta IT-säkerhet.`,
      );
    expect(await page.locator("#anchor").textContent()).toMatch(/^Databasen stämmer inte med kontrollpunkterna/);
    expect(await page.locator("#anchor").getAttribute("class")).toBe("error");
    await shot("access-log-tampered");
  });

  it("when the administrator invites a teacher who enrols, then the users page lists them, and disable, enable and reset work", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Användare" }).click();
    await page.getByLabel("E-postadress").fill("larare@skola.example");
    await page.getByLabel("Namn").fill("Lärare Lisa");
    await page.getByRole("button", { name: "Skapa inbjudningslänk" }).click();
    const link = page.locator("#one-time-link");
    await expect.poll(async () => link.textContent()).toMatch(new RegExp(`^${base}/enrol#`));
    expect(await seriousViolations(page)).toEqual([]);
    await shot("users");

    // The teacher enrols in a browser of their own (another passkey).
    const teacher = await device(browser, { prf: false });
    const tab = teacher.page;
    await tab.goto((await link.textContent()) ?? "");
    await tab.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
    await tab.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    await tab.getByRole("button", { name: "Fortsätt" }).click();
    await expect
      .poll(async () => tab.locator("#who").textContent(), { timeout: 15_000 })
      .toBe("Inloggad som larare@skola.example (personal).");
    await teacher.close();

    await page.reload();
    const row = page.locator("#accounts tbody tr", { hasText: "larare@skola.example" });
    await expect
      .poll(async () => row.locator("td").allTextContents())
      .toEqual([
        "larare@skola.example",
        "Lärare Lisa",
        "personal",
        "aktiv",
        "1",
        expect.stringContaining("Stäng av larare@skola.example") as unknown as string,
      ]);
    await page.getByRole("button", { name: "Stäng av larare@skola.example" }).click();
    await expect.poll(async () => row.locator("td").nth(3).textContent()).toBe("avstängd");
    expect(await h.deps.db.account.findUniqueOrThrow({ where: { email: "larare@skola.example" } })).toMatchObject({
      status: "disabled",
    });
    await page.getByRole("button", { name: "Aktivera larare@skola.example" }).click();
    await expect.poll(async () => row.locator("td").nth(3).textContent()).toBe("aktiv");
    // Reset asks first, with the warning about old messages; the link goes to the teacher's mailbox only.
    await page.getByRole("button", { name: "Återställ larare@skola.example" }).click();
    expect(await row.getByRole("group").textContent()).toContain("återställningskod");
    await page.getByRole("button", { name: "Skicka återställningslänk till personens e-post" }).click();
    await expect
      .poll(async () => page.locator("#users-status").textContent())
      .toMatch(
        /^En återställningslänk har skickats till larare@skola\.example\. Den gäller till och med .+\. Länken visas inte här/,
      );
    const mailed = tokenOf(mailedResetLink(h, "larare@skola.example"));
    expect(await page.content()).not.toContain(mailed);
    expect(await seriousViolations(page)).toEqual([]);
    // An administrator cannot switch themselves off here.
    const mine = page.locator("#accounts tbody tr", { hasText: "rektor@skola.example" });
    expect(await mine.getByRole("button", { name: /Stäng av/ }).count()).toBe(0);
    const types = (await h.deps.db.auditEvent.findMany({ select: { type: true } })).map((e) => e.type);
    for (const t of ["account.invited", "account.disabled", "account.enabled", "account.reset_link"])
      expect(types).toContain(t);
  });

  it("when the teacher cannot get mail, then one administrator asks for a handover and cannot approve it, and a second administrator approves and alone sees the link, which resets the teacher", async () => {
    // A second administrator, in a browser of their own.
    const { link: itLink } = await createEnrolment(h.deps, {
      email: "it@skola.example",
      displayName: "IT Ivar",
      role: "admin",
    });
    const it2 = await device(browser);
    await it2.page.goto(itLink);
    await it2.page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
    await it2.page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    await it2.page.getByRole("button", { name: "Fortsätt" }).click();
    await expect.poll(async () => it2.page.locator("#who").textContent(), { timeout: 15_000 }).toContain("it@skola");
    // Both have been administrators for a month: a newer one may not take part in a handover.
    await h.deps.db.account.updateMany({
      where: { email: { in: ["rektor@skola.example", "it@skola.example"] } },
      data: { createdAt: new Date(Date.now() - 30 * 24 * 3600_000) },
    });

    // The principal asks, with a reason; "other" needs a note.
    await page.goto(`${base}/admin/users`);
    await page.getByRole("button", { name: "Återställ larare@skola.example" }).click();
    await page.getByRole("button", { name: "Personen kommer inte åt sin e-post: begär överlämning" }).click();
    await expect
      .poll(async () => page.evaluate("document.activeElement?.textContent"))
      .toBe("Begär en överlämningslänk för larare@skola.example");
    await page.getByLabel("Annat (beskriv kort)").check();
    await page.getByRole("button", { name: "Skicka begäran" }).click();
    await expect
      .poll(async () => page.locator("#handover-form-error").textContent())
      .toBe("Skriv en kort förklaring (minst 3 tecken) när skälet är ”Annat”.");
    expect(await page.evaluate("document.activeElement?.id")).toBe("handover-note");
    expect(await page.getByLabel("Kort förklaring (högst 140 tecken)").getAttribute("aria-invalid")).toBe("true");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("users-handover-request");
    await page.getByLabel("Inloggningen till e-posten kräver enheten som försvann").check();
    await page.getByLabel("Kort förklaring (högst 140 tecken)").fill("Mobilen stulen på tåget");
    await page.getByRole("button", { name: "Skicka begäran" }).click();
    await expect
      .poll(async () => page.locator("#users-status").textContent())
      .toMatch(/^Begäran för larare@skola\.example är skickad\. En annan administratör måste godkänna den senast /);
    const mine = page.locator("#handover-requests tbody tr", { hasText: "larare@skola.example" });
    await expect.poll(async () => mine.locator("td").nth(1).textContent()).toBe("rektor@skola.example");
    expect(await mine.textContent()).toContain("Din begäran: en annan administratör måste godkänna den.");
    expect(await mine.getByRole("button", { name: /Godkänn/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The same list in English.
    await page.getByRole("button", { name: "In English" }).click();
    await expect.poll(async () => page.locator("#pending-h").textContent()).toBe("Handovers waiting for approval");
    expect(await mine.textContent()).toContain("Your request: another administrator must approve it.");
    expect(await mine.textContent()).toContain("Signing in to their e-mail needs the device that was lost");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "På svenska" }).click();

    // The second administrator approves and is shown the link, once.
    await it2.page.goto(`${base}/admin/users`);
    await it2.page.getByRole("button", { name: "Godkänn överlämning för larare@skola.example" }).click();
    expect(
      await it2.page.getByRole("group", { name: "Godkänn överlämning för larare@skola.example?" }).textContent(),
    ).toContain("kontrollerat legitimation");
    await it2.page.getByRole("button", { name: "Ja, godkänn och visa länken" }).click();
    const handed = it2.page.locator("#handover-link");
    await expect.poll(async () => handed.textContent()).toMatch(new RegExp(`^${base}/enrol#[A-Za-z0-9_-]{43}$`));
    expect(await it2.page.locator("#handover-link-h").textContent()).toBe("Överlämningslänk för larare@skola.example");
    expect(await seriousViolations(it2.page)).toEqual([]);
    await it2.page.screenshot({ path: join(shots, "users-handover-approved.png"), fullPage: true });
    const link = (await handed.textContent()) ?? "";
    await it2.close();
    // The principal never sees it; the teacher's mailbox never gets it, only word that one was made.
    await page.reload();
    await expect
      .poll(async () => page.locator("#handover-requests caption").textContent())
      .toBe("Väntande begäranden (0)");
    expect(await page.content()).not.toContain(tokenOf(link));
    expect(h.mails.some((m) => m.text.includes(tokenOf(link)))).toBe(false);
    expect(subjectsTo(h, "larare@skola.example").at(-1)).toBe(SUBJECT.resetHandover);

    // The teacher, in front of the second administrator, opens it: a new passkey, the old keys kept.
    const teacher = await device(browser, { prf: false });
    await teacher.page.goto(link);
    await teacher.page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
    await expect.poll(async () => teacher.page.locator("#enrolled").count(), { timeout: 15_000 }).toBe(1);
    await teacher.close();
    expect(subjectsTo(h, "larare@skola.example").at(-1)).toBe(SUBJECT.resetCompleted);
    const [rektor, it] = await Promise.all(
      ["rektor@skola.example", "it@skola.example"].map((email) =>
        h.deps.db.account.findUniqueOrThrow({ where: { email } }),
      ),
    );
    const teacherId = (await h.deps.db.account.findUniqueOrThrow({ where: { email: "larare@skola.example" } })).id;
    const trail = await h.deps.db.auditEvent.findMany({
      where: {
        subjectId: teacherId,
        type: { in: ["account.reset_requested", "account.reset_approved", "enrol.completed"] },
      },
      orderBy: { seq: "asc" },
    });
    expect(trail.slice(-3).map((e) => [e.type, e.actorId])).toEqual([
      ["account.reset_requested", rektor?.id],
      ["account.reset_approved", it?.id],
      ["enrol.completed", teacherId],
    ]);
    expect(JSON.parse(trail.at(-1)?.details ?? "{}")).toMatchObject({
      reset: true,
      initiatedBy: rektor?.id,
      approvedBy: it?.id,
      via: "handover",
    });
  });

  it("when the administrator changes the policy, then the server applies and logs it, and a bad value is refused with nothing changed", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Regler" }).click();
    await expect
      .poll(async () => page.getByLabel("Längsta tid ett meddelande kan läsas (dagar)").inputValue())
      .toBe("30");
    expect(await page.getByLabel("Förvald tid (dagar)").inputValue()).toBe("14");
    expect(await page.getByLabel("skyddad identitet").isChecked()).toBe(true);
    expect(await page.getByLabel("personnummer", { exact: true }).isChecked()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await shot("policy");

    await page.getByLabel("Förvald tid (dagar)").fill("7");
    await page.getByLabel("personnummer", { exact: true }).check();
    await page.getByLabel(/räknas som känsliga/).uncheck();
    expect(await page.getByLabel(/inte handlar om en enskild person/).isChecked()).toBe(false);
    await page.getByLabel(/inte handlar om en enskild person/).check();
    await page.getByLabel(/Webbmejl där tillägget/).fill("Webmail.Skola.example\n*.kommun.example");
    await page.getByRole("button", { name: "Spara reglerna" }).click();
    await expect.poll(async () => page.locator("#policy-status").textContent()).toBe("Reglerna är sparade.");
    const org = await h.deps.db.organisation.findUniqueOrThrow({ where: { id: "org" } });
    expect(org).toMatchObject({
      defaultExpiryDays: 7,
      accessCodeKinds: "protected-identity,se-personnummer",
      unscannableSensitive: false,
      allowNotAboutPerson: true,
      allowPlainOverride: false,
      webmailDomains: "*.kommun.example,webmail.skola.example",
    });
    expect(await page.getByLabel(/Webbmejl där tillägget/).inputValue()).toBe(
      "*.kommun.example\nwebmail.skola.example",
    );
    const changed = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "policy.changed" } });
    expect(changed.actorId).not.toBeNull();

    // A default longer than the maximum: the server refuses, the page says so, nothing changes.
    await page.getByLabel("Förvald tid (dagar)").fill("40");
    await page.getByRole("button", { name: "Spara reglerna" }).click();
    await expect
      .poll(async () => page.locator("#policy-error").textContent())
      .toBe("Något värde är inte giltigt. Kontrollera fälten och försök igen.");
    expect((await h.deps.db.organisation.findUniqueOrThrow({ where: { id: "org" } })).defaultExpiryDays).toBe(7);
  });

  it("when the administrator manages passkeys, then the last one cannot go, another device can be added and renamed, and the old one removed", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Mina passkeys" }).click();
    const rows = page.locator("#passkeys tbody tr");
    await expect.poll(async () => rows.count()).toBe(1);
    const first = (await rows.first().locator("input").inputValue()).trim();
    await page.getByRole("button", { name: `Ta bort ${first}` }).click();
    await expect
      .poll(async () => page.locator("#keys-error").textContent())
      .toBe("Det här är din enda passkey och kan inte tas bort. Lägg först till en annan enhet.");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("passkeys");

    // Another device: a second authenticator (the first one is unplugged to make the point).
    await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: firstAuthenticator });
    await addAuthenticator();
    await page.getByLabel("Namn", { exact: true }).fill("Telefon");
    await page.getByRole("button", { name: "Skapa passkey" }).click();
    await expect
      .poll(async () => page.locator("#keys-status").textContent(), { timeout: 15_000 })
      .toBe("Telefon är tillagd.");
    await expect.poll(async () => rows.count()).toBe(2);
    await page.getByLabel("Nytt namn för Telefon").fill("Jobbtelefon");
    await page.getByRole("button", { name: "Byt namn på Telefon" }).click();
    await expect.poll(async () => page.locator("#keys-status").textContent()).toBe("Namnet är ändrat.");
    await page.getByRole("button", { name: `Ta bort ${first}` }).click();
    await expect
      .poll(async () => page.locator("#keys-status").textContent())
      .toBe(`${first} är borttagen. Du är utloggad på alla andra enheter.`);
    await expect.poll(async () => rows.count()).toBe(1);
    expect(await rows.first().locator("input").inputValue()).toBe("Jobbtelefon");
    // The new device logs in.
    await page.goto(`${base}/`);
    await page.getByRole("button", { name: "Logga ut", exact: true }).click();
    await page.getByRole("button", { name: "Logga in med passkey" }).click();
    await expect
      .poll(async () => page.locator("#who").textContent(), { timeout: 15_000 })
      .toContain("rektor@skola.example");
  });

  // ---- Issue 7: detection settings, name and notification text; revoking an account's passkey ----

  it("when the administrator sets the name, notification text, detection kinds and extra keywords, then bad text is refused in the page, and good values are saved and logged", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Regler" }).click();
    const name = page.getByLabel("Organisationens namn (visas i aviseringsmejl)");
    await expect.poll(async () => name.inputValue()).toBe("Sigill");
    expect(await page.locator("#p-detect-health").isChecked()).toBe(true);
    // Always-on kinds have no switch at all.
    expect(await page.locator("#p-detect-se-personnummer").count()).toBe(0);
    expect(await page.locator("#p-detect-protected-identity").count()).toBe(0);

    await name.fill("Björkskolan i Mölndal");
    const notice = page.getByLabel("Egen text i aviseringsmejlet");
    await notice.fill("Frågor? Läs mer på www.bjorkskolan.example");
    const words = page.getByLabel("Egna ord som alltid ska flaggas (ett per rad)");
    await words.fill("Resursenheten Björken\nett, två");
    await page.getByRole("button", { name: "Spara reglerna" }).click();
    await expect
      .poll(async () => page.locator("#p-notice-error").textContent())
      .toBe("Texten får inte innehålla länkar, webbadresser (som skola.se) eller e-postadresser.");
    expect(await page.locator("#p-keywords-error").textContent()).toContain("Ordet ”ett, två” går inte att använda");
    expect(await page.locator("#policy-error").textContent()).toBe("Rätta de markerade fälten och spara igen.");
    expect(await notice.getAttribute("aria-invalid")).toBe("true");
    // Focus goes to the first field to correct, so a keyboard user lands on it.
    expect(await page.evaluate("document.activeElement.id")).toBe("p-notice");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("policy-errors");
    expect((await h.deps.db.organisation.findUniqueOrThrow({ where: { id: "org" } })).name).toBe("Sigill");

    await notice.fill("Frågor? Ring expeditionen på 031-123 45 67.");
    expect(await page.locator("#p-notice-count").textContent()).toBe("43 av 500 tecken");
    await words.fill("Resursenheten Björken\növerklag*\n\nresursenheten björken");
    // Keyboard only: tab to the health switch and untick it with the space bar.
    await page.locator("#p-detect-care").focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Space");
    expect(await page.locator("#p-detect-health").isChecked()).toBe(false);
    await page.locator("#p-detect-results").uncheck();
    await page.getByRole("button", { name: "Spara reglerna" }).click();
    await expect.poll(async () => page.locator("#policy-status").textContent()).toBe("Reglerna är sparade.");
    expect(await page.locator("#policy-error").textContent()).toBe("");
    const org = await h.deps.db.organisation.findUniqueOrThrow({ where: { id: "org" } });
    expect(org).toMatchObject({
      name: "Björkskolan i Mölndal",
      notificationText: "Frågor? Ring expeditionen på 031-123 45 67.",
      disabledKinds: "health,results",
      extraKeywords: "resursenheten björken,överklag*",
    });
    expect(await words.inputValue()).toBe("resursenheten björken\növerklag*");
    const logged = await h.deps.db.auditEvent.findFirstOrThrow({
      where: { type: "policy.changed" },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(logged.details)).toMatchObject({
      name: "Björkskolan i Mölndal",
      notificationText: 43,
      disabledKinds: "health,results",
      extraKeywords: 2,
    });
    expect(await seriousViolations(page)).toEqual([]);
    await shot("policy-detection");

    // The same checks in English.
    await page.getByRole("button", { name: "In English" }).click();
    await page.getByLabel("Your own text in the notification e-mail").fill("Mail kansliet@skola.example");
    await page.getByRole("button", { name: "Save the policy" }).click();
    await expect
      .poll(async () => page.locator("#p-notice-error").textContent())
      .toBe("The text must not contain links, web addresses (such as skola.se) or e-mail addresses.");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "På svenska" }).click();
  });

  it("when the administrator revokes a passkey of an account, then it goes, the account's sessions end, and the last one goes only after a warning", async () => {
    const now = new Date();
    const account = await h.deps.db.account.create({
      data: { id: "vikarie-account-1", email: "vikarie@skola.example", displayName: "Vikarie Vera", role: "staff" },
    });
    const key = (id: string, name: string, lastUsedAt: Date | null) => ({
      id,
      accountId: account.id,
      publicKey: new Uint8Array(77),
      counter: 0n,
      transports: "[]",
      deviceType: "singleDevice",
      backedUp: false,
      name,
      lastUsedAt,
    });
    await h.deps.db.passkey.createMany({
      data: [key("bGFwdG9wLXBhc3NrZXk", "Laptop", now), key("dGVsZWZvbi1wYXNza2V5", "Telefon", null)],
    });
    await h.deps.db.session.create({
      data: {
        id: "vikarie-session-1",
        tokenHash: "0".repeat(63) + "v",
        kind: "extension",
        accountId: account.id,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + 3_600_000),
      },
    });

    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Användare" }).click();
    const show = page.getByRole("button", { name: "Passkeys för vikarie@skola.example" });
    await show.click();
    expect(await show.getAttribute("aria-expanded")).toBe("true");
    const rows = page.locator("#account-passkeys-table tbody tr");
    await expect.poll(async () => rows.count()).toBe(2);
    expect(await rows.nth(0).locator("td").allTextContents()).toEqual([
      "Laptop",
      now.toISOString().slice(0, 10),
      now.toISOString().slice(0, 10),
      "Återkalla Laptop",
    ]);
    expect((await rows.nth(1).locator("td").allTextContents()).slice(0, 3)).toEqual([
      "Telefon",
      now.toISOString().slice(0, 10),
      "aldrig",
    ]);
    expect(await page.evaluate("document.activeElement.id")).toBe("account-passkeys-h");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("users-passkeys");

    await page.getByRole("button", { name: "Återkalla Telefon" }).focus();
    await page.keyboard.press("Enter");
    expect(await page.getByRole("group", { name: "Återkalla Telefon?" }).textContent()).toContain(
      "alla kontots inloggningar avslutas",
    );
    await page.getByRole("button", { name: "Ja, återkalla" }).click();
    await expect
      .poll(async () => page.locator("#account-passkeys-status").textContent())
      .toBe("Telefon är återkallad och kontots inloggningar är avslutade.");
    await expect.poll(async () => rows.count()).toBe(1);
    expect(await h.deps.db.passkey.count({ where: { accountId: account.id } })).toBe(1);
    expect(
      (await h.deps.db.session.findUniqueOrThrow({ where: { id: "vikarie-session-1" } })).revokedAt,
    ).not.toBeNull();
    const event = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "passkey.revoked" } });
    expect(event.subjectId).toBe(account.id);

    // The last one: allowed, after saying the person then needs a reset link.
    await page.getByRole("button", { name: "Återkalla Laptop" }).click();
    expect(await page.getByRole("group", { name: "Återkalla Laptop?" }).textContent()).toContain(
      "kontots sista passkey",
    );
    // Keyboard: the confirmation takes the focus, so Enter confirms.
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Ja, återkalla");
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => page.locator("#account-passkeys-status").textContent())
      .toContain("Kontot har ingen passkey kvar");
    await expect.poll(async () => rows.count()).toBe(0);
    const row = page.locator("#accounts tbody tr", { hasText: "vikarie@skola.example" });
    await expect.poll(async () => row.locator("td").nth(4).textContent()).toBe("0");
    await page.getByRole("button", { name: "Stäng", exact: true }).click();
    expect(await page.locator("#account-passkeys").count()).toBe(0);
  });

  it("when an address is unknown, then the portal says so, and an unknown API path stays a JSON 404", async () => {
    await page.goto(`${base}/ingenting-har`);
    await expect.poll(async () => page.getByRole("heading", { level: 1 }).textContent()).toBe("Sidan finns inte");
    expect(await seriousViolations(page)).toEqual([]);
    const api = await fetch(`${base}/api/ingenting`, { headers: { accept: "text/html" } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect(consoleErrors).toEqual([]);
  });
});
