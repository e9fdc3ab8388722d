// Issue 21: the first run works verbatim. A fresh clone of this repository (its committed HEAD:
// what CI checks out; uncommitted changes are not in it) is started with the README's command in a
// shell that has only PATH and HOME (and the port, as someone would pick one), the command the
// server prints for the first administrator is run exactly as printed from another shell that has
// no Sigill setting at all, and the link it prints is opened in real Chromium, where the
// administrator enrols a passkey (CDP virtual authenticator) and reaches the admin console.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchPlainBrowser, person } from "../webmail/harness.ts";

const repo = new URL("../../../", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "sigill-first-run-"));
const clone = join(work, "sigill");

/** A new person's shell: no Sigill, database or proxy settings from the test run. */
function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? work,
    ...(process.env.CI === undefined ? {} : { CI: process.env.CI }),
    // The machine's Chromium and PostgreSQL are not what this journey is about; nothing else leaks.
    ...extra,
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, "close");
  return port;
}

let server: ChildProcess | undefined;
let output = "";

beforeAll(() => {
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", repo, clone], { stdio: "inherit" });
});

afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    const exited = once(server, "exit");
    process.kill(-server.pid, "SIGTERM"); // npm, the launcher, pnpm and the server: one process group
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe("the first run of a fresh clone, word for word", () => {
  it(
    "when `npm start` runs in a fresh clone, then the command it prints creates an administrator whose link opens the running server and enrols a passkey",
    { timeout: 900_000 },
    async () => {
      const port = await freePort();
      // README: "npm start" (here with the port someone chose; everything else is defaults).
      const started = spawn("npm", ["start"], {
        cwd: clone,
        env: shellEnv({ PORT: String(port) }),
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      server = started;
      started.stderr.on("data", (d: Buffer) => {
        output += d.toString("utf8");
      });
      const command = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no create-admin command within 12 min:\n${output}`));
        }, 720_000);
        started.stdout.on("data", (d: Buffer) => {
          output += d.toString("utf8");
          const printed = /enrolment link\): (.+)\n/.exec(output)?.[1];
          if (printed !== undefined && output.includes("server listening")) {
            clearTimeout(timer);
            resolve(printed.trim());
          }
        });
        started.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`npm start exited (${String(code)}):\n${output}`));
        });
      });
      expect(output).toContain(`server listening on http://127.0.0.1:${String(port)}`);
      // The first start recorded what it runs with, for the command line in the other shell.
      expect(readFileSync(join(clone, "server", "sigill.env"), "utf8")).toContain(
        `PUBLIC_URL=http://localhost:${String(port)}`,
      );
      expect(command).toBe('npm run admin -- create-admin --email you@school.example --name "Your Name"');
      expect(existsSync(join(clone, "extension", ".output", "chrome-mv3", "manifest.json"))).toBe(true);

      // Another shell, with no PORT: the command exactly as printed.
      const printed = execFileSync("sh", ["-c", command], { cwd: clone, env: shellEnv(), encoding: "utf8" });
      const link = new RegExp(`http://localhost:${String(port)}/enrol#[A-Za-z0-9_-]{43}`).exec(printed)?.[0];
      expect(link, printed).toBeDefined();

      const browser = await launchPlainBrowser();
      try {
        const { page } = await person(browser);
        await page.goto(link ?? "");
        await page.getByRole("button", { name: "Skapa passkey och aktivera" }).click();
        const shown = page.locator("#recovery-code-shown");
        await expect.poll(async () => shown.textContent(), { timeout: 30_000 }).toMatch(/\S{20,}/);
        await page.getByLabel("Jag har sparat koden").check();
        await page.getByRole("button", { name: "Fortsätt" }).click();
        await expect.poll(async () => page.locator("#enrolled").count(), { timeout: 20_000 }).toBe(1);
        await page.goto(`http://localhost:${String(port)}/admin/users`);
        await expect
          .poll(async () => page.getByText("you@school.example").count(), { timeout: 20_000 })
          .toBeGreaterThan(0);
      } finally {
        await browser.close();
      }
    },
  );
});
