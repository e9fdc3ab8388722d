// The hot reads' prepared-statement path (src/db/reads.ts, issue 21) on both databases, against
// what it promises: it cannot write, it sees every committed write at once, its values mean what
// Prisma's do (dates in UTC whatever the process's time zone, bytes, counts), statements are kept
// prepared without mixing up their values, and a failure of the database is a 503/507 through
// src/db/failures.ts like any other query. The routes on it (session, message fetch, inbox) are
// tested through HTTP in auth/messages/attacks; PostgreSQL stopped under them in faults.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openDatabase, type Database } from "../src/db/database.ts";
import { databaseFailure } from "../src/db/failures.ts";
import { countColumn, dateColumn, bytesColumn, sql } from "../src/db/raw.ts";
import { sqliteReads } from "../src/db/reads.ts";
import { freshDatabase, PROVIDERS } from "./support/harness.ts";
import { rejectionOf, withSqliteLocked } from "./support/sqlite-lock.ts";

describe.each(PROVIDERS)("the hot-read path on %s", (provider) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await freshDatabase(provider));
    db = await openDatabase(url);
    await db.prisma.organisation.upsert({ where: { id: "org" }, create: { id: "org", name: "Skolan" }, update: {} });
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  const account = (id: string, createdAt = new Date()) =>
    db.prisma.account.create({
      data: { id, email: `${id}@skola.example`, displayName: `Namn ${id}`, role: "staff", createdAt },
    });

  it("when a statement would write, then it is refused and nothing changes", async () => {
    await account("acc-write");
    const writes = [
      sql`DELETE FROM "account" WHERE "id" = ${"acc-write"}`,
      sql`UPDATE "account" SET "displayName" = ${"x"} WHERE "id" = ${"acc-write"}`,
      sql`INSERT INTO "organisation" ("id", "name") VALUES (${"org2"}, ${"Annan"})`,
    ];
    for (const statement of writes) await expect(db.reads.rows(z.unknown(), statement)).rejects.toThrow();
    expect((await db.prisma.account.findUnique({ where: { id: "acc-write" } }))?.displayName).toBe("Namn acc-write");
    expect(await db.prisma.organisation.count()).toBe(1);
  });

  it("when Prisma has just committed a write, then the next read sees it", async () => {
    for (let i = 0; i < 20; i++) {
      await account(`acc-seen-${String(i)}`);
      const rows = await db.reads.rows(
        z.object({ id: z.string() }),
        sql`SELECT "id" FROM "account" WHERE "id" = ${`acc-seen-${String(i)}`}`,
      );
      expect(rows).toEqual([{ id: `acc-seen-${String(i)}` }]);
    }
  });

  it("when dates, bytes and counts are read, then they are what Prisma wrote, in any time zone of the process", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles"; // Node applies a changed TZ at once
    try {
      const at = new Date("2026-03-29T01:30:00.123Z"); // a daylight-saving change in Sweden
      await account("acc-dates", at);
      const bundle = new Uint8Array([0, 1, 2, 254, 255]);
      await db.prisma.keyBundle.create({
        data: {
          id: "kb-1",
          accountId: "acc-dates",
          bundle,
          signPublicKey: bundle,
          boxPublicKey: bundle,
          fingerprint: "f",
          createdAt: at,
        },
      });
      const [row] = await db.reads.rows(
        z.object({ createdAt: dateColumn, bundle: bytesColumn, n: countColumn }),
        sql`SELECT a."createdAt", k."bundle", (SELECT COUNT(*) FROM "key_bundle" x WHERE x."accountId" = a."id") AS "n"
            FROM "account" a JOIN "key_bundle" k ON k."accountId" = a."id" WHERE a."id" = ${"acc-dates"}`,
      );
      expect(row?.createdAt.toISOString()).toBe(at.toISOString());
      expect([...(row?.bundle ?? [])]).toEqual([...bundle]);
      expect(row?.n).toBe(1);
      // A date bound as a value compares as Prisma's own queries do.
      const later = await db.reads.rows(
        z.object({ id: z.string() }),
        sql`SELECT "id" FROM "account" WHERE "id" = ${"acc-dates"} AND "createdAt" >= ${at}`,
      );
      expect(later).toHaveLength(1);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("when the same statement runs with other values many times and interleaved, then each answer is its own", async () => {
    for (let i = 0; i < 5; i++) await account(`acc-mix-${String(i)}`);
    const byId = (id: string) =>
      db.reads.rows(
        z.object({ id: z.string(), displayName: z.string() }),
        sql`SELECT "id", "displayName" FROM "account" WHERE "id" = ${id}`,
      );
    const ids = Array.from({ length: 200 }, (_, i) => `acc-mix-${String(i % 6)}`); // acc-mix-5 does not exist
    const oneOf = (id: string) =>
      db.reads.one(
        z.object({ id: z.string(), displayName: z.string() }),
        sql`SELECT "id", "displayName" FROM "account" WHERE "id" = ${id}`,
      );
    const [answers, single] = await Promise.all([Promise.all(ids.map(byId)), Promise.all(ids.map(oneOf))]);
    answers.forEach((rows, i) => {
      const id = ids[i] ?? "";
      expect(rows).toEqual(id === "acc-mix-5" ? [] : [{ id, displayName: `Namn ${id}` }]);
      expect(single[i]).toEqual(id === "acc-mix-5" ? undefined : { id, displayName: `Namn ${id}` });
    });
  });

  it("when a row does not match the caller's schema, then the read fails instead of passing it on", async () => {
    await expect(
      db.reads.rows(z.object({ id: z.number() }), sql`SELECT "id" FROM "account" WHERE "id" = ${"acc-write"}`),
    ).rejects.toThrow(z.ZodError);
  });
});

describe("the hot-read path when the SQLite file is locked", () => {
  it("when another process holds the file exclusively past the busy timeout, then the read fails as 503 DATABASE_UNAVAILABLE", async () => {
    await withSqliteLocked(["CREATE TABLE account (id TEXT)"], async (file) => {
      // Opened after the lock is taken (an exclusive lock on a WAL file needs no other connection).
      const reads = await sqliteReads(file, 200);
      const failure = await rejectionOf(
        reads.rows(z.unknown(), sql`SELECT COUNT(*) FROM "account"`).finally(() => reads.close()),
      );
      expect(failure).toBeInstanceOf(Error);
      expect(databaseFailure(failure)?.code).toBe("DATABASE_UNAVAILABLE");
    });
  });
});
