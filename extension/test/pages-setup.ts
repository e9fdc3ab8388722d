// Shared by the browser tests of the extension's pages: a real Sigill server process (SQLite in a
// temporary folder), administrator links from its CLI, and a CDP virtual authenticator with PRF.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";

const serverDir = new URL("../../server/", import.meta.url).pathname;

/** An extension page's address in the browser. */
export function extensionUrl(path: `/${string}`): string {
  return `chrome-extension://${DEV_EXTENSION_ID}${path}`;
}

export interface TestServer {
  readonly port: number;
  /** Where the server keeps its SQLite database (`sigill.db`). */
  readonly dataDir: string;
  /** Creates an administrator with the CLI and returns the enrolment link it prints. */
  createAdmin(email: string, name: string): Promise<string>;
  /** Kills the server and removes its data. */
  stop(): void;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const p = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, "close");
  return p;
}

/** Starts the server on a free port, allowing the development build of the extension as origin. */
export async function startServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "sigill-pages-"));
  const port = await freePort();
  const env = {
    ...process.env,
    SIGILL_DATA_DIR: dataDir,
    DATABASE_URL: "",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${String(port)}`,
    EXTENSION_ORIGINS: `chrome-extension://${DEV_EXTENSION_ID}`,
    LOG_LEVEL: "silent",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("server listening")) resolve();
    });
    child.once("exit", () => {
      reject(new Error("the server exited"));
    });
  });
  return {
    port,
    dataDir,
    createAdmin: async (email, name) => {
      const { stdout } = await promisify(execFile)(
        join(serverDir, "node_modules", ".bin", "tsx"),
        ["src/cli.ts", "create-admin", "--email", email, "--name", name],
        { cwd: serverDir, env },
      );
      return /http:\/\/localhost:\d+\/enrol#[A-Za-z0-9_-]{43}/.exec(stdout)?.[0] ?? "";
    },
    stop: () => {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A platform authenticator with PRF that says yes by itself, for passkey prompts on `page`; its
 * CDP session and id, for tests that look at the credentials it holds.
 */
export async function addPasskeyAuthenticator(
  context: BrowserContext,
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
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
  return { cdp, authenticatorId };
}

/**
 * Enrols a staff member in the extension from the administrator link the CLI prints: the account
 * page, a passkey (the virtual authenticator on `page`), the recovery code confirmed. Leaves
 * `page` on the account page, logged in and unlocked.
 */
export async function enrolInExtension(page: Page, link: string): Promise<void> {
  await page.goto(extensionUrl("/account.html"));
  await page.getByLabel("Länken från din administratör").fill(link);
  await page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
  const code = page.locator("#recovery-code");
  for (
    let i = 0;
    i < 200 && !/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/.test((await code.textContent().catch(() => "")) ?? "");
    i++
  )
    await page.waitForTimeout(100);
  await page.getByLabel("Jag har sparat koden på ett säkert ställe").check();
  await page.getByRole("button", { name: "Klar" }).click();
  await page.locator("#unlocked").waitFor({ timeout: 20_000 });
}
