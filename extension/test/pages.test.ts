// The extension's own pages in real Chromium against a real server process (SQLite): a staff member
// enrols from the administrator's link with a passkey (CDP virtual authenticator with PRF) on the
// account page, confirms the recovery code, sends a secure message with an attachment to a
// first-time recipient from the compose page, logs out, and logs in again (PRF unlock).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { launchWithExtension } from "./chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/src/db/database.ts";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";

const serverDir = new URL("../../server/", import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), "sigill-pages-"));
let port = 0;
let serverProcess: ChildProcess | undefined;
let context: BrowserContext;
let page: Page;
const profile = mkdtempSync(join(tmpdir(), "sigill-pages-profile-"));

const env = () => ({
  ...process.env,
  SIGILL_DATA_DIR: dataDir,
  DATABASE_URL: "",
  HOST: "127.0.0.1",
  PORT: String(port),
  PUBLIC_URL: `http://localhost:${String(port)}`,
  EXTENSION_ORIGINS: `chrome-extension://${DEV_EXTENSION_ID}`,
  LOG_LEVEL: "silent",
});

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const p = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, "close");
  return p;
}

beforeAll(async () => {
  port = await freePort();
  serverProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    serverProcess?.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("server listening")) resolve();
    });
    serverProcess?.once("exit", () => {
      reject(new Error("the server exited"));
    });
  });
  context = await launchWithExtension(profile);
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      ctap2Version: "ctap2_1",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      hasPrf: true,
    },
  });
}, 90_000);

interface DomNode {
  nodeType: number;
  nodeName: string;
  backendNodeId: number;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function findNode(node: DomNode, test: (n: DomNode) => boolean): DomNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const hit = findNode(child, test);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function attribute(node: DomNode, name: string): string | undefined {
  const a = node.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

/** Runs `fn` on the element `#id` or `.class` inside the banner's closed shadow root (through DevTools). */
async function callInBanner(cdp: CDPSession, selector: string, fn: string): Promise<boolean> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
  const host = findNode(root, (n) => n.nodeName === "SIGILL-BANNER");
  const wanted = selector.slice(1);
  const node =
    host &&
    findNode(host, (n) =>
      selector.startsWith("#")
        ? attribute(n, "id") === wanted
        : (attribute(n, "class") ?? "").split(" ").includes(wanted),
    );
  if (node === undefined) return false;
  const { object } = (await cdp.send("DOM.resolveNode", { backendNodeId: node.backendNodeId })) as {
    object: { objectId: string };
  };
  await cdp.send("Runtime.callFunctionOn", { objectId: object.objectId, functionDeclaration: fn });
  return true;
}

/** Clicks a button inside the banner's closed shadow root (reachable only through DevTools). */
async function clickInBanner(cdp: CDPSession, className: string): Promise<boolean> {
  return callInBanner(cdp, `.${className}`, "function () { this.click(); }");
}

const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
let webmail: http.Server | undefined;

afterAll(async () => {
  webmail?.close();
  await context.close();
  serverProcess?.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe("the extension's pages with a real passkey prompt and a real server", () => {
  it(
    "when staff enrol, send securely, log out and log in again, then every step works from the extension pages",
    { timeout: 90_000 },
    async () => {
      const { stdout } = await promisify(execFile)(
        join(serverDir, "node_modules", ".bin", "tsx"),
        ["src/cli.ts", "create-admin", "--email", "rektor@skola.example", "--name", "Rektor Rut"],
        { cwd: serverDir, env: env() },
      );
      const link = /http:\/\/localhost:\d+\/enrol#[A-Za-z0-9_-]{43}/.exec(stdout)?.[0] ?? "";
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
      expect(await page.locator(".access-code").textContent()).toMatch(/^\d{4}-\d{4}$/);
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
        // /attached: the same compose page with a file already uploaded to the webmail draft.
        res.end(
          req.url === "/attached"
            ? fixture.replace("</form>", '<ul id="attachment-list"><li id="rcmfile1">lakarintyg.pdf</li></ul></form>')
            : fixture,
        );
      });
      await new Promise<void>((resolve) => webmail?.listen(0, "127.0.0.1", resolve));
      const mailPage = await context.newPage();
      await mailPage.goto(`http://127.0.0.1:${String((webmail.address() as AddressInfo).port)}/compose`);
      const cdp = await context.newCDPSession(mailPage);
      await mailPage.locator("#compose-subject").fill("Om Olles utredning");
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
      expect(await compose.getByLabel("Kopia").inputValue()).toBe("rektor@skola.example");
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
      expect(sent.body).toMatch(new RegExp(`http://localhost:${String(port)}/m/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}`));
      // The link's random secret may spell anything; check the words around it.
      const words = `${sent.subject} ${sent.body}`.replace(/https?:\/\/\S+/g, "<link>");
      for (const secret of ["19121212-1212", "Olle", "BUP", "utredning"]) expect(words).not.toContain(secret);
      expect(await mailPage.locator("#composebody").inputValue()).toBe(sent.body);
    },
  );

  it(
    "when policy allows the override and a reason is given, then the mail goes as written and the server logs only kinds and reason",
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
      await expect
        .poll(async () =>
          callInBanner(
            cdp,
            "#sigill-reason",
            "function () { this.value = 'Mottagaren saknar säker e-post'; this.dispatchEvent(new Event('input')); }",
          ),
        )
        .toBe(true);
      expect(await clickInBanner(cdp, "override-confirm")).toBe(true);
      await expect
        .poll(async () => mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0), { timeout: 10_000 })
        .toBe(1);
      expect(await mailPage.evaluate(() => (window as { __sentBody?: string }).__sentBody ?? "")).toContain(
        "19121212-1212",
      );
      const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { type: "policy.plain_override" } });
      expect(JSON.parse(event.details)).toEqual({ kinds: "se-personnummer", reason: "Mottagaren saknar säker e-post" });
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
    "when the webmail draft has an attached file, then after the secure send the webmail does not send (the file would go unencrypted) and says why",
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
      await expect.poll(async () => compose.getByLabel("Ämne").inputValue(), { timeout: 10_000 }).toBe("Läkarintyg");
      await compose.getByRole("button", { name: "Skicka säkert" }).click();
      await expect
        .poll(async () => compose.locator("#delivery-status").textContent(), { timeout: 30_000 })
        .toContain("bilagor");
      expect(await mailPage.evaluate(() => (window as { __sent?: number }).__sent ?? 0)).toBe(0);
      const body = await mailPage.locator("#composebody").inputValue();
      expect(body).not.toContain("19121212-1212");
      expect(body).toContain("/m/");
    },
  );

  it(
    "when settings are saved on the options page, then they persist and nothing is locked without enterprise policy",
    { timeout: 30_000 },
    async () => {
      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
      await page.getByLabel("Sigill-serverns adress").fill("https://sigill.kommun.example");
      await page.getByLabel("Organisationens namn (i aviseringsmejl)").fill("Exempelskolan");
      await page.getByRole("button", { name: "Spara" }).click();
      await expect.poll(async () => page.locator("#saved-status").count()).toBe(1);
      await page.reload();
      await expect
        .poll(async () => page.getByLabel("Sigill-serverns adress").inputValue())
        .toBe("https://sigill.kommun.example");
      expect(await page.getByLabel("Organisationens namn (i aviseringsmejl)").inputValue()).toBe("Exempelskolan");
      expect(await page.locator(".locked").count()).toBe(0);
    },
  );

  it(
    "when an attachment is downloaded from the inbox, then it is decrypted in the extension byte for byte; a reply goes out securely",
    { timeout: 60_000 },
    async () => {
      await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/inbox.html`);
      await page.getByRole("button", { name: "Skickat" }).click();
      // Only the first test's message carries an attachment (utredning.pdf, 300 000 bytes of 7).
      await page.locator("button.message", { hasText: "bilaga" }).first().click();
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
});
