import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { hashToken } from "../src/modules/auth/tokens.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "sigill-cli-"));
const tsx = new URL("../node_modules/.bin/tsx", import.meta.url).pathname;
const cli = new URL("../src/cli.ts", import.meta.url).pathname;
const env = { ...process.env, SIGILL_DATA_DIR: dir, PUBLIC_URL: "https://sigill.test", DATABASE_URL: "" };

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the admin CLI (a real process on a real SQLite file)", () => {
  it("when create-admin runs, then it prints a one-time link whose token only exists hashed, and logs the invitation", async () => {
    const { stdout } = await run(
      tsx,
      [cli, "create-admin", "--email", "Rektor@Skola.Example", "--name", "Rektor Rut"],
      { env },
    );
    const link = /https:\/\/sigill\.test\/enrol#([A-Za-z0-9_-]{43})/.exec(stdout);
    expect(link).not.toBeNull();
    const db = await openDatabase(`file:${join(dir, "sigill.db")}`);
    const enrolment = await db.prisma.enrolment.findFirstOrThrow({ where: { email: "rektor@skola.example" } });
    expect(enrolment.role).toBe("admin");
    expect(enrolment.tokenHash).toBe(hashToken(link?.[1] ?? ""));
    const events = await db.prisma.auditEvent.findMany();
    expect(events.map((e) => [e.type, JSON.parse(e.details) as unknown])).toEqual([
      ["account.invited", { role: "admin", via: "cli" }],
    ]);
    await db.close();
  });

  it.each([
    [["create-admin", "--email", "not-an-address", "--name", "X"], 2, /needs --email/],
    [["create-admin", "--email", "a@b.se"], 2, /needs --email/],
    [["unknown"], 2, /usage: admin create-admin/],
  ])("when the CLI gets %j, then it exits %i and says how to use it", async (args, code, message) => {
    const failure = await run(tsx, [cli, ...args], { env }).then(
      () => null,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    expect(failure?.code).toBe(code);
    expect(`${failure?.stdout ?? ""}${failure?.stderr ?? ""}`).toMatch(message);
  });
});
