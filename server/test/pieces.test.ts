// The attachment upload's write on the driver itself (src/db/pieces.ts, issue 21) on both
// databases, against what the route relies on: a piece is stored with its attachment's count in one
// transaction or not at all, the count moves only from the number the caller read (so of two
// uploads of the same piece exactly one is stored), the bytes are stored exactly (also a view into a
// larger buffer, as a request body may be), and a failure of the database is a 503 through
// src/db/failures.ts like any other query. The route itself (order, retries, sizes) is tested
// through HTTP in messages.test.ts, and under a PostgreSQL restart and a full disk in faults.test.ts.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/database.ts";
import { databaseFailure } from "../src/db/failures.ts";
import { pgPieces, sqlitePieces } from "../src/db/pieces.ts";
import { freshDatabase, PROVIDERS } from "./support/harness.ts";
import { rejectionOf, withSqliteLocked } from "./support/sqlite-lock.ts";

describe.each(PROVIDERS)("the upload's piece write on %s", (provider) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await freshDatabase(provider));
    db = await openDatabase(url);
    await db.prisma.organisation.upsert({ where: { id: "org" }, create: { id: "org", name: "Skolan" }, update: {} });
    await db.prisma.account.create({
      data: { id: "sender", email: "sender@skola.example", displayName: "Avsändare", role: "staff" },
    });
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  /** A message being uploaded with one attachment of `size` ciphertext bytes. */
  const attachment = async (id: string, size: number) => {
    const now = new Date();
    await db.prisma.message.create({
      data: {
        id,
        threadId: id,
        senderId: "sender",
        status: "uploading",
        createdAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
        attachments: { create: { id: "a", ciphertextSize: BigInt(size) } },
      },
    });
    return { messageId: id, attachmentId: "a" };
  };
  const state = async (messageId: string) => {
    const row = await db.prisma.attachment.findUnique({
      where: { messageId_id: { messageId, id: "a" } },
    });
    const chunks = await db.prisma.chunk.findMany({ where: { messageId }, orderBy: { index: "asc" } });
    return {
      pieces: row?.pieces,
      receivedBytes: row?.receivedBytes,
      chunks: chunks.map((c) => ({ index: c.index, bytes: Buffer.from(c.bytes) })),
    };
  };

  it("when pieces are stored in order, then each is there byte for byte with the count and size moved on, also from a view into a larger buffer", async () => {
    const at = await attachment("in-order", 5000);
    const first = randomBytes(3000);
    const body = randomBytes(2100);
    const second = body.subarray(50, 2050); // a view: byteOffset 50
    expect(await db.pieces.store({ ...at, index: 0, bytes: first, received: 3000n })).toBe(true);
    expect(await db.pieces.store({ ...at, index: 1, bytes: second, received: 5000n })).toBe(true);
    const after = await state("in-order");
    expect(after.pieces).toBe(2);
    expect(after.receivedBytes).toBe(5000n);
    expect(after.chunks.map((c) => c.index)).toEqual([0, 1]);
    expect(after.chunks[0]?.bytes.equals(first)).toBe(true);
    expect(after.chunks[1]?.bytes.equals(Buffer.from(second))).toBe(true);
  });

  it("when the attachment no longer holds the number of pieces read (another upload won, or it is gone), then nothing is stored", async () => {
    const at = await attachment("stale", 10);
    expect(await db.pieces.store({ ...at, index: 0, bytes: Uint8Array.of(1), received: 1n })).toBe(true);
    // A second upload of piece 0, decided on the count read before the first was stored.
    expect(await db.pieces.store({ ...at, index: 0, bytes: Uint8Array.of(2), received: 1n })).toBe(false);
    // A piece for an attachment that does not exist.
    expect(
      await db.pieces.store({
        messageId: "stale",
        attachmentId: "other",
        index: 0,
        bytes: Uint8Array.of(3),
        received: 1n,
      }),
    ).toBe(false);
    const after = await state("stale");
    expect(after.pieces).toBe(1);
    expect(after.receivedBytes).toBe(1n);
    expect(after.chunks).toEqual([{ index: 0, bytes: Buffer.of(1) }]);
    expect(await db.prisma.chunk.count({ where: { attachmentId: "other" } })).toBe(0);
  });

  it("when eight uploads of the same piece arrive at once, then exactly one is stored", async () => {
    const at = await attachment("race", 1000);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.pieces.store({ ...at, index: 0, bytes: new Uint8Array(100).fill(i), received: 100n }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const after = await state("race");
    expect(after.pieces).toBe(1);
    expect(after.receivedBytes).toBe(100n);
    expect(after.chunks).toHaveLength(1);
    expect(after.chunks[0]?.bytes.equals(Buffer.alloc(100, results.indexOf(true)))).toBe(true);
  });

  it("when the piece's row cannot be written after the count has moved, then the whole write is undone", async () => {
    const at = await attachment("undone", 10);
    // A stray row where piece 0 goes: the insert fails on the primary key after the update ran.
    await db.prisma.chunk.create({ data: { ...at, index: 0, bytes: Uint8Array.of(9) } });
    await expect(db.pieces.store({ ...at, index: 0, bytes: Uint8Array.of(1), received: 1n })).rejects.toThrow();
    const after = await state("undone");
    expect(after.pieces).toBe(0);
    expect(after.receivedBytes).toBe(0n);
    expect(after.chunks).toEqual([{ index: 0, bytes: Buffer.of(9) }]);
    // And the connection is usable afterwards (no transaction left open on it).
    await db.prisma.chunk.deleteMany({ where: { messageId: "undone" } });
    expect(await db.pieces.store({ ...at, index: 0, bytes: Uint8Array.of(1), received: 1n })).toBe(true);
  });
});

describe("the upload's piece write when the database is not there", () => {
  it("when another process holds the SQLite file exclusively past the busy timeout, then the write fails as 503 DATABASE_UNAVAILABLE", async () => {
    const tables = [
      'CREATE TABLE "attachment" ("messageId" TEXT, "id" TEXT, "pieces" INTEGER, "receivedBytes" BIGINT)',
      'CREATE TABLE "chunk" ("messageId" TEXT, "attachmentId" TEXT, "index" INTEGER, "bytes" BLOB)',
    ];
    await withSqliteLocked(tables, async (file) => {
      // Preparing the statements may itself meet the lock: that is the same failure.
      const opened = await sqlitePieces(file, 200).then(
        (pieces) => ({ pieces, failure: undefined }),
        (failure: unknown) => ({ pieces: undefined, failure }),
      );
      const pieces = opened.pieces;
      const failure =
        pieces === undefined
          ? opened.failure
          : await rejectionOf(
              pieces
                .store({ messageId: "m", attachmentId: "a", index: 0, bytes: Uint8Array.of(1), received: 1n })
                .finally(() => pieces.close()),
            );
      expect(failure).toBeInstanceOf(Error);
      expect(databaseFailure(failure)?.code).toBe("DATABASE_UNAVAILABLE");
    });
  });

  it("when PostgreSQL cannot be reached, then the write fails as 503 DATABASE_UNAVAILABLE", async () => {
    const pool = new pg.Pool({
      connectionString: "postgresql://postgres@127.0.0.1:1/none",
      connectionTimeoutMillis: 500,
    });
    try {
      const failure = await rejectionOf(
        pgPieces(pool).store({ messageId: "m", attachmentId: "a", index: 0, bytes: Uint8Array.of(1), received: 1n }),
      );
      expect(failure).toBeInstanceOf(Error);
      expect(databaseFailure(failure)?.code).toBe("DATABASE_UNAVAILABLE");
    } finally {
      await pool.end();
    }
  });
});
