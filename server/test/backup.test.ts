// Backup and restore as docs/operations.md describes them, with the REAL server process:
// make a message with an attachment, back up while the server runs, wipe the database, restore,
// start the server on the restored data, and read (decrypt) the message and attachment with the
// recipient's keys. A message sent after the backup must be gone: the restore really replaced the data.
//
// SQLite: `VACUUM INTO` through the libsql client (always), and the sqlite3 shell's `.backup`
// when the sqlite3 program is installed. PostgreSQL: pg_dump -Fc / pg_restore when the client
// tools are installed (skipped with the reason otherwise).
import { decryptAttachment, parseEnvelope } from "@sigill/crypto";
import { createClient } from "@libsql/client";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freshDatabase } from "./support/harness.ts";
import { postMessage, readAs, send, type Person, type Sent } from "./support/people.ts";
import { enrolPerson, freePort, invitePerson, ServerProcess } from "./support/server-process.ts";

const dir = mkdtempSync(join(tmpdir(), "sigill-backup-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A program on PATH, or undefined. */
function which(program: string): string | undefined {
  try {
    return execFileSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const ORIGINAL = Uint8Array.from({ length: 180_000 }, (_, i) => (i * 17 + 3) & 255);

/** A first message with an attachment (the one to survive) from a fresh admin to a staff member. */
async function populate(server: ServerProcess): Promise<{ sender: Person; reader: Person; sent: Sent }> {
  const link = await server.createAdmin("rektor@skola.example", "Rektor Rut");
  await server.start();
  const sender = await enrolPerson(server.base, link);
  const reader = await invitePerson(sender, "larare@skola.example", "Lärare Lisa");
  const sent = await send(sender, {
    subject: "Före säkerhetskopian",
    text: "Bifogat finns utredningen.",
    to: [reader],
    attachment: { name: "utredning.pdf", bytes: ORIGINAL },
  });
  return { sender, reader, sent };
}

/** The reader opens the message and its attachment with their own keys, on the restored server. */
async function expectReadable(sender: Person, reader: Person, sent: Sent): Promise<void> {
  const { opened, key, envelope, messageId } = await readAs(reader, sent.id, sender.account.email);
  expect(opened.content.subject).toBe("Före säkerhetskopian");
  expect(opened.content.text).toBe("Bifogat finns utredningen.");
  const res = await fetch(`${reader.client.base}/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}`, {
    headers: { cookie: reader.client.cookie ?? "" },
  });
  expect(res.status).toBe(200);
  const descriptor = (await parseEnvelope(envelope)).header.attachments[0];
  if (descriptor === undefined) throw new Error("no attachment descriptor");
  const parts: Uint8Array[] = [];
  for await (const p of decryptAttachment([new Uint8Array(await res.arrayBuffer())], {
    messageKey: key,
    messageId,
    descriptor,
  }))
    parts.push(p);
  expect(Buffer.concat(parts).equals(Buffer.from(ORIGINAL))).toBe(true);
  const chain = await sender.client.call("GET", "/api/admin/audit/verify");
  expect(chain.body).toMatchObject({ ok: true, firstBadSeq: null });
}

/**
 * The step docs/operations.md gives after a restore: the access log is now older than the
 * checkpoints the server wrote at its shutdown, which verification reports until the operator
 * records the restore.
 */
async function recordRestore(server: ServerProcess): Promise<void> {
  const behind = await server.admin("audit-verify");
  expect(behind.code).toBe(1);
  expect(JSON.parse(behind.stdout)).toMatchObject({ ok: false, firstBadSeq: null, anchor: { state: "behind" } });
  const recorded = await server.admin("audit-restored");
  expect(recorded.code, recorded.stdout).toBe(0);
  expect(recorded.stdout).toMatch(/^Restore recorded at entry \d+; [1-9]\d* checkpoint\(s\) beyond it set aside\./);
}

/** Sent after the backup: must not exist once the backup is restored. */
async function sendLater(sender: Person, reader: Person): Promise<string> {
  return (await postMessage(sender, { subject: "Efter säkerhetskopian", text: "Ny.", to: [reader] })).id;
}

describe("backup and restore on SQLite (online, while the server runs)", () => {
  const sqlite3 = which("sqlite3");
  if (sqlite3 === undefined) console.log("[backup] no sqlite3 program: only VACUUM INTO is tested");

  it(
    "when the file is copied with VACUUM INTO (and sqlite3 .backup) while the server runs, wiped and restored, then the recipient decrypts the message and attachment, and later writes are gone",
    { timeout: 120_000 },
    async () => {
      const dataDir = join(dir, "sqlite-data");
      const file = join(dataDir, "sigill.db");
      const server = new ServerProcess({ provider: "sqlite", dataDir, dbUrl: `file:${file}`, port: await freePort() });
      try {
        const { sender, reader, sent } = await populate(server);

        // Online backups: the server keeps running and writing (WAL) meanwhile.
        const backups: string[] = [join(dir, "vacuum-into.db")];
        const raw = createClient({ url: `file:${file}` });
        try {
          await raw.execute({ sql: "VACUUM INTO ?", args: [backups[0] ?? ""] });
        } finally {
          raw.close();
        }
        if (sqlite3 !== undefined) {
          backups.push(join(dir, "dot-backup.db"));
          execFileSync(sqlite3, [file, `.backup '${backups[1] ?? ""}'`]);
        }
        const later = await sendLater(sender, reader);

        for (const backup of backups) {
          // Wipe: the server is stopped (its shutdown checkpoints the access log, later writes
          // included) and the database file (with its -wal and -shm) removed.
          await server.stop();
          rmSync(dataDir, { recursive: true, force: true });
          expect(existsSync(file)).toBe(false);
          // Restore: the backup file becomes the database file again, and the operator records it.
          mkdirSync(dataDir, { recursive: true });
          copyFileSync(backup, file);
          await recordRestore(server);
          await server.start();
          await expectReadable(sender, reader, sent);
          expect((await reader.client.call("GET", `/api/messages/${later}`)).status).toBe(404);
        }
      } finally {
        await server.kill();
      }
    },
  );
});

const pgDump = which("pg_dump");
const pgRestore = which("pg_restore");
if (pgDump === undefined || pgRestore === undefined)
  console.log("[backup] pg_dump/pg_restore not installed (Debian: postgresql-client): the PostgreSQL case is skipped");

describe.skipIf(pgDump === undefined || pgRestore === undefined)("backup and restore on PostgreSQL (pg_dump)", () => {
  it(
    "when the database is dumped with pg_dump -Fc while the server runs, dropped and restored with pg_restore, then the recipient decrypts the message and attachment, and later writes are gone",
    { timeout: 120_000 },
    async () => {
      const { url, drop } = await freshDatabase("pg");
      const name = new URL(url).pathname.slice(1);
      const server = new ServerProcess({
        provider: "pg",
        dataDir: join(dir, "pg-unused"),
        dbUrl: url,
        port: await freePort(),
      });
      try {
        const { sender, reader, sent } = await populate(server);
        const dump = join(dir, "sigill.dump");
        execFileSync(pgDump ?? "", ["--format=custom", "--no-owner", `--file=${dump}`, `--dbname=${url}`]);
        const later = await sendLater(sender, reader);

        // Wipe: the server is stopped (its shutdown checkpoints the access log) and the database
        // dropped; restore into a new, empty one of the same name.
        await server.stop();
        const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
        await admin.connect();
        try {
          await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        execFileSync(pgRestore ?? "", ["--no-owner", "--exit-on-error", `--dbname=${url}`, dump]);
        await recordRestore(server);

        await server.start();
        await expectReadable(sender, reader, sent);
        expect((await reader.client.call("GET", `/api/messages/${later}`)).status).toBe(404);
      } finally {
        await server.kill();
        await drop();
      }
    },
  );
});
