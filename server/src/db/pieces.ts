// The attachment upload's one write (issue 21): a piece of ciphertext stored and its attachment's
// count moved on, in one transaction, on the driver itself instead of through Prisma's client. In
// the felt bench a 10 MB send is ten of these one after the other, and Prisma's handling of a 1 MiB
// byte value was half of each: on SQLite 27–30 ms a piece through Prisma against 12–14 ms here (the
// rest is the file's own write and sync), on PostgreSQL 42 ms (it returned the stored bytes) against
// 18–21 ms. It stays inside the data layer, as the read path does (src/db/reads.ts):
// - the statements are fixed text with every value bound, never SQL built from input;
// - a driver failure is the driver's own error, which src/db/failures.ts maps to 503/507 exactly as
//   under Prisma (test/pieces.test.ts checks a locked SQLite file and an unreachable PostgreSQL);
// - the count moves only from the number of pieces the caller read, so of two uploads of the same
//   piece at once exactly one is stored (the other gets false, and the route answers 409).
// On SQLite this is a connection of its own beside Prisma's (WAL: one writer at a time, each sees
// the others' commits), as the admin CLI's writes from another process already are. That holds
// while every statement on Prisma's connection finishes, which all of the server's do; one that
// stays in progress (EXPLAIN QUERY PLAN through Prisma, in a test) keeps that connection's old
// snapshot, and the next piece is then refused with 409 as out of order: nothing half-stored.
import type Libsql from "libsql";
import type pg from "pg";
import { bufferOf } from "../wire.ts";

/** One piece to store: it becomes piece `index`, and the attachment then holds `received` bytes. */
export interface PieceWrite {
  readonly messageId: string;
  readonly attachmentId: string;
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly received: bigint;
}

export interface Pieces {
  /**
   * Stores piece `index` if the attachment still holds exactly `index` pieces (all or nothing).
   * @returns false when it does not (another upload of this piece won, or the attachment is gone).
   */
  store(write: PieceWrite): Promise<boolean>;
  close(): Promise<void>;
}

const MOVE =
  'UPDATE "attachment" SET "pieces" = $1, "receivedBytes" = $2 WHERE "messageId" = $3 AND "id" = $4 AND "pieces" = $5';
const INSERT = 'INSERT INTO "chunk" ("messageId", "attachmentId", "index", "bytes") VALUES ($1, $2, $3, $4)';
const moveValues = (w: PieceWrite) => [w.index + 1, w.received, w.messageId, w.attachmentId, w.index] as const;
// Both drivers bind a Buffer as a BLOB/bytea.
const insertValues = (w: PieceWrite) => [w.messageId, w.attachmentId, w.index, bufferOf(w.bytes)] as const;

/** The write path on the SQLite file at `file` (already created and migrated). */
export async function sqlitePieces(file: string, busyTimeoutMs: number): Promise<Pieces> {
  const { default: Database } = await import("libsql");
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.exec("PRAGMA foreign_keys = ON");
  const positional = (text: string) => text.replace(/\$\d+/g, "?");
  const move: Libsql.Statement = db.prepare(positional(MOVE));
  const insert: Libsql.Statement = db.prepare(positional(INSERT));
  // Synchronous, as every statement on this file already is (the driver has no thread of its own):
  // BEGIN IMMEDIATE takes the write lock first, so the update cannot fail half-way for a lock.
  const store = (w: PieceWrite): boolean => {
    db.exec("BEGIN IMMEDIATE");
    try {
      if (move.run(...moveValues(w)).changes !== 1) {
        db.exec("ROLLBACK");
        return false;
      }
      insert.run(...insertValues(w));
      db.exec("COMMIT");
      return true;
    } catch (error) {
      // A failed COMMIT (a full disk) can leave the transaction open; the first error is the one
      // that counts, not a ROLLBACK's.
      if (db.inTransaction) {
        try {
          db.exec("ROLLBACK");
        } catch {
          // the connection is closed or the file is gone: the original error says why
        }
      }
      throw error;
    }
  };
  return {
    store: (w) => {
      try {
        return Promise.resolve(store(w));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error("SQLite write failed"));
      }
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

/** The write path on the PostgreSQL pool Prisma writes through (its connections, its bounds). */
export function pgPieces(pool: pg.Pool): Pieces {
  return {
    store: async (w) => {
      const client = await pool.connect();
      let healthy = true;
      try {
        await client.query("BEGIN");
        const moved = await client.query(
          MOVE,
          [...moveValues(w)].map((v) => (typeof v === "bigint" ? String(v) : v)),
        );
        if (moved.rowCount !== 1) {
          await client.query("ROLLBACK");
          return false;
        }
        await client.query(INSERT, [...insertValues(w)]);
        await client.query("COMMIT");
        return true;
      } catch (error) {
        // The connection goes back only if it can still roll back; otherwise it is discarded.
        healthy = await client.query("ROLLBACK").then(
          () => true,
          () => false,
        );
        throw error;
      } finally {
        client.release(!healthy);
      }
    },
    // The pool belongs to Prisma's adapter, which ends it.
    close: () => Promise.resolve(),
  };
}
