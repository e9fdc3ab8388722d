import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { hashToken, newId } from "../src/modules/auth/tokens.ts";
import { startSmtpSink, type SmtpSink } from "./support/mail.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "sigill-cli-"));
// The built command line (dist/cli.js, built by the global setup), as `npm run admin` runs it.
const node = process.execPath;
const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const env = {
  ...process.env,
  SIGILL_DATA_DIR: dir,
  SIGILL_CONFIG: join(dir, "sigill.env"),
  PUBLIC_URL: "https://sigill.test",
  DATABASE_URL: "",
};

// The relay the CLI mails through (a real SMTP server on a local port): which addresses got what.
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
});

afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the admin CLI (a real process on a real SQLite file)", () => {
  it("when create-admin runs, then it prints a one-time link whose token only exists hashed, and logs the invitation", async () => {
    const { stdout } = await run(
      node,
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

  it("when the only administrator lost their passkey, then reset-link prints a handover link, logs it as the operator's via the CLI, and mails the person; with two other administrators it refuses", async () => {
    const db = await openDatabase(`file:${join(dir, "sigill.db")}`);
    const admin = await db.prisma.account.create({
      data: { id: newId(), email: "ensam@skola.example", displayName: "Ensam Admin", role: "admin" },
    });
    const smtpEnv = {
      ...env,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Sigill <no-reply@skola.example>",
    };
    const { stdout } = await run(
      node,
      [cli, "reset-link", "--email", "Ensam@Skola.Example", "--reason", "no-mailbox-access"],
      { env: smtpEnv },
    );
    const token = /https:\/\/sigill\.test\/enrol#([A-Za-z0-9_-]{43})/.exec(stdout)?.[1] ?? "";
    expect(token).not.toBe("");
    expect(stdout).toContain("The person has been mailed that a reset link was made.");
    const enrolment = await db.prisma.enrolment.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(enrolment).toMatchObject({ accountId: admin.id, purpose: "reset-cli", createdById: null, usedAt: null });
    expect(enrolment.expiresAt.getTime() - enrolment.createdAt.getTime()).toBe(8 * 3600_000);
    const logged = await db.prisma.auditEvent.findFirstOrThrow({ where: { type: "account.reset_link" } });
    expect(logged).toMatchObject({ actorId: null, subjectId: admin.id });
    expect(JSON.parse(logged.details)).toEqual({
      delivery: "handover",
      via: "cli",
      reason: "no-mailbox-access",
      expiresAt: enrolment.expiresAt.toISOString(),
    });
    // The person hears of it at their own address; the link itself is not in the mail.
    expect(smtp.received.map((m) => m.to)).toEqual([["ensam@skola.example"]]);
    expect(smtp.received[0]?.raw).not.toContain(token);

    // Two other administrators who could approve a handover (a month old, with a passkey): use the portal.
    for (const who of ["a", "b"]) {
      const other = await db.prisma.account.create({
        data: {
          id: newId(),
          email: `${who}@skola.example`,
          displayName: who,
          role: "admin",
          createdAt: new Date(Date.now() - 30 * 24 * 3600_000),
        },
      });
      await db.prisma.passkey.create({
        data: {
          id: newId(),
          accountId: other.id,
          publicKey: new Uint8Array(65),
          counter: 0n,
          transports: "[]",
          deviceType: "singleDevice",
          backedUp: false,
          name: "Passkey",
        },
      });
    }
    const refused = await run(
      node,
      [cli, "reset-link", "--email", "ensam@skola.example", "--reason", "no-mailbox-access"],
      { env: smtpEnv },
    ).then(
      () => null,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/2 administrators who can approve a handover: use the portal/);
    expect(refused?.stdout).not.toMatch(/enrol#/);
    expect(await db.prisma.auditEvent.count({ where: { type: "account.reset_link" } })).toBe(1);
    await db.close();
  });

  it("when create-admin names an address that has an account, then it refuses and points to reset-link", async () => {
    const failure = await run(node, [cli, "create-admin", "--email", "ensam@skola.example", "--name", "X"], {
      env,
    }).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/use reset-link/);
  });

  it.each([
    [["create-admin", "--email", "not-an-address", "--name", "X"], 2, /needs --email/],
    [["create-admin", "--email", "a@b.se"], 2, /needs --email/],
    [["unknown"], 2, /usage: admin <command>/],
    [["reset-link", "--email", "a@b.se"], 2, /reset-link needs --email/],
    [["reset-link", "--email", "a@b.se", "--reason", "because"], 2, /reset-link needs --email/],
  ])("when the CLI gets %j, then it exits %i and says how to use it", async (args, code, message) => {
    const failure = await run(node, [cli, ...args], { env }).then(
      () => null,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    expect(failure?.code).toBe(code);
    expect(`${failure?.stdout ?? ""}${failure?.stderr ?? ""}`).toMatch(message);
  });
});
