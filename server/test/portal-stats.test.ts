// The admin charts (issue 7) in the built portal, in real Chromium against the real server on
// SQLite: real logins, a failed login, diversions reported over the API and a real secure message
// and reply; the page draws three charts whose tables carry the same figures, passes axe-core
// with no serious or critical violations in Swedish and English, and keeps to the strict CSP.
// Screenshots go to test-output/portal/.
import { decodeBase64Url, prfSalt } from "@sigill/crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrolment } from "../src/modules/accounts/enrolments.ts";
import { isoWeek, localDay, weekStart } from "../src/modules/stats/calendar.ts";
import { createUser, finishLogin, login, loginOptions } from "./support/client.ts";
import { startServer, type Harness } from "./support/harness.ts";
import { publishKeys, send, type Person } from "./support/people.ts";
import { addVirtualAuthenticator, freePort, launch, seriousViolations } from "./support/browser.ts";
import { SoftAuthenticator } from "./support/soft-authenticator.ts";

const shots = new URL("../test-output/portal/", import.meta.url).pathname;
let h: Harness;
let browser: Browser;
let page: Page;
let base = "";
const consoleErrors: string[] = [];

/** A passkey for this server's origin (the harness's own default is another origin). */
const authenticator = () =>
  new SoftAuthenticator({ origin: base, prfSecret: crypto.getRandomValues(new Uint8Array(32)) });

/** Someone with an account and published keys, enrolled over HTTP. */
async function personHere(email: string): Promise<Person> {
  const auth = authenticator();
  const { client, account, response } = await createUser(h, auth, { email });
  const identity = await publishKeys(
    client,
    account,
    response.id,
    await decodeBase64Url(auth.prf(response.id, await prfSalt())),
  );
  return { client, account, identity };
}

/** The rows of a chart's table: header cell, then the figures. */
async function tableRows(chartId: string): Promise<string[][]> {
  return page.evaluate<string[][]>(
    `[...document.querySelectorAll("#${chartId} table tr")].map((tr) => [...tr.children].map((c) => c.textContent.trim()))`,
  );
}

/** Opens each chart's table the way a person does: a click on its summary. */
async function openTables(): Promise<void> {
  for (const id of ["chart-messages", "chart-diversions", "chart-logins"]) {
    if ((await page.locator(`#${id} details`).getAttribute("open")) === null)
      await page.locator(`#${id} summary`).click();
  }
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  h = await startServer("sqlite", { PUBLIC_URL: `http://localhost:${String(port)}` }, port);
  base = `http://localhost:${String(port)}`;
  browser = await launch();
  const context = await browser.newContext({ locale: "sv-SE", viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  await addVirtualAuthenticator(cdp);
}, 60_000);

afterAll(async () => {
  await browser.close();
  await h.close();
});

describe("the admin charts in Chromium", () => {
  it("when there are real messages, diversions and logins, then the three charts show them and their tables hold the same figures", async () => {
    const { link } = await createEnrolment(h.deps, {
      email: "rektor@skola.example",
      displayName: "Rektor Rut",
      role: "admin",
    });
    await page.goto(link);
    await page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
    await page.getByLabel("Jag har sparat koden").check({ timeout: 15_000 });
    await page.getByRole("button", { name: "Fortsätt" }).click();
    await expect.poll(async () => page.locator("#enrolled").count(), { timeout: 15_000 }).toBe(1);

    // Real data, through the API as the extension and the portal send it.
    const teacherAuth = authenticator();
    const teacher = await createUser(h, teacherAuth, { email: "larare@skola.example", kind: "extension" });
    await login(h, teacherAuth, "extension");
    await login(h, teacherAuth, "extension");
    const failing = await loginOptions(h);
    const refused = await finishLogin(
      failing.client,
      failing.challengeId,
      teacherAuth.authenticate(failing.options, { origin: "https://evil.example" }),
      "extension",
    );
    expect(refused.status).toBe(400);
    for (const kinds of [["se-personnummer", "health"], ["health"]]) {
      const reported = await teacher.client.call("POST", "/api/events/diversion", { kinds });
      expect(reported.status).toBe(201);
    }
    const anna = await personHere("anna@skola.example");
    const bo = await personHere("bo@skola.example");
    const first = await send(anna, { subject: "Utvecklingssamtal", text: "Hej Bo", to: [bo] });
    await send(bo, { subject: "Sv: Utvecklingssamtal", text: "Tack", to: [anna], threadId: first.id });

    // From the start page's admin menu.
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Statistik i diagram" }).click();
    await expect.poll(async () => page.locator("h1").textContent()).toBe("Statistik");
    await expect
      .poll(async () => page.locator("#stats-status").textContent(), { timeout: 10_000 })
      .toBe(
        "Veckorna: nya säkra meddelanden 1, svar 1, avledda mejl 2. Dagarna: inloggningar 2, misslyckade inloggningar 1.",
      );
    expect(await page.locator("figure.chart").count()).toBe(3);
    expect(await page.locator("figure.chart canvas[role=img]").count()).toBe(3);
    // Chart.js (loaded on demand, from this origin) drew something on each canvas: not blank.
    const inked = `[...document.querySelectorAll("figure.chart canvas")].map((c) => { const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })`;
    await expect
      .poll(async () => (await page.evaluate<number[]>(inked)).every((n) => n > 1000), { timeout: 10_000 })
      .toBe(true);
    const loaded = await page.evaluate<string[]>(
      'performance.getEntriesByType("resource").map((e) => e.name).filter((u) => new URL(u).origin !== location.origin)',
    );
    expect(loaded).toEqual([]);
    expect(await page.locator("#chart-messages canvas").getAttribute("aria-label")).toBe(
      "Diagram: Säkra meddelanden per vecka. Samma siffror finns i tabellen under diagrammet.",
    );
    await shot("stats");

    // The tables: this week's row and today's row carry exactly what was created.
    await openTables();
    const today = localDay(h.deps.now());
    const week = `v. ${String(Number(isoWeek(today).slice(6)))}/${isoWeek(today).slice(0, 4)} (från ${weekStart(today)})`;
    const messages = await tableRows("chart-messages");
    expect(messages[0]).toEqual(["Vecka", "Nya meddelanden", "Svar"]);
    expect(messages).toHaveLength(13);
    expect(messages.at(-1)).toEqual([week, "1", "1"]);
    expect(messages.slice(1, -1).every((r) => r[1] === "0" && r[2] === "0")).toBe(true);
    const diversions = await tableRows("chart-diversions");
    expect(diversions[0]).toEqual(["Vecka", "personnummer", "hälsa"]);
    expect(diversions.at(-1)).toEqual([week, "1", "2"]);
    const logins = await tableRows("chart-logins");
    expect(logins[0]).toEqual(["Dag", "Inloggningar", "Misslyckade inloggningar"]);
    expect(logins).toHaveLength(31);
    expect(logins.at(-1)).toEqual([today, "2", "1"]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot("stats-tables");

    // A shorter period redraws from the server.
    await page.getByLabel("Dagar").selectOption("7");
    await expect.poll(async () => (await tableRows("chart-logins")).length).toBe(8);
    expect(consoleErrors).toEqual([]);
  });

  it("when English is chosen, then the charts and tables are in English and still pass axe-core; the access log links here", async () => {
    await page.getByRole("button", { name: "In English" }).click();
    await expect.poll(async () => page.locator("h1").textContent()).toBe("Statistics");
    expect(await page.locator("#chart-diversions figcaption").textContent()).toBe(
      "Diverted e-mails per week, by kind of data",
    );
    await openTables();
    expect((await tableRows("chart-logins"))[0]).toEqual(["Day", "Logins", "Failed logins"]);
    expect((await tableRows("chart-diversions"))[0]).toEqual(["Week", "Swedish personal identity numbers", "health"]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot("stats-en");
    await page.getByRole("button", { name: "På svenska" }).click();

    await page.goto(`${base}/admin/log`);
    await page.getByRole("link", { name: "Statistik i diagram" }).click();
    await expect.poll(async () => page.locator("#stats-status").textContent()).toContain("avledda mejl 2");
    // The diversions are in the log too, by kind, with their Swedish label.
    await page.goto(`${base}/admin/log`);
    await expect
      .poll(async () => page.locator("#log").textContent(), { timeout: 10_000 })
      .toContain("Varnat utkast skickat som säkert meddelande");
    expect(consoleErrors).toEqual([]);
  });

  it("when someone who is not logged in opens the page, then it asks them to log in and shows no figures", async () => {
    const bare = await browser.newContext({ locale: "sv-SE" });
    const other = await bare.newPage();
    await other.goto(`${base}/admin/stats`);
    await expect.poll(async () => other.locator("main").textContent()).toContain("Logga in");
    expect(await other.locator("figure.chart").count()).toBe(0);
    await bare.close();
  });
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
