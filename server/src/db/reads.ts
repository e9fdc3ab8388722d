// The hot reads' own path (issue 21): the session lookup, the message fetch and the inbox pages run
// as prepared statements on the driver itself instead of through Prisma's client, which costs
// 120–190 µs of CPU per query on a small machine against a few µs for a prepared statement
// (docs/performance.md). It stays inside the data layer:
// - the statements are the same portable `sql` templates (src/db/raw.ts), values always bound;
// - every row is parsed with the caller's schema (the database is a boundary too);
// - a driver failure is the driver's own error, which src/db/failures.ts maps to 503/507 exactly as
//   it does under Prisma (test/reads.test.ts checks both databases);
// - the connections cannot write: SQLite's is opened with `query_only`, PostgreSQL's pool with
//   `default_transaction_read_only`, so a statement sent here by mistake fails instead of writing.
// SQLite: one synchronous libsql connection on the same file (WAL: it sees every committed write,
// and a read never waits for the writer); each statement is prepared once and kept by its text.
// PostgreSQL: a small pool of its own with named prepared statements (parsed once per connection).
import type Libsql from "libsql";
import type pg from "pg";
import { z } from "zod";
import type { Sql } from "./raw.ts";

export interface Reads {
  /** Runs a read-only `statement` and parses every row with `row`. */
  rows<T extends z.ZodType>(row: T, statement: Sql): Promise<z.infer<T>[]>;
  /** The first row only (a lookup by a unique key), parsed with `row`; undefined when there is none. */
  one<T extends z.ZodType>(row: T, statement: Sql): Promise<z.infer<T> | undefined>;
  close(): Promise<void>;
}

/** libsql gives a BLOB as an ArrayBuffer; the schemas (and Prisma) speak Uint8Array. */
function withBytes(record: Record<string, unknown>): Record<string, unknown> {
  for (const key in record) {
    const value = record[key];
    if (value instanceof ArrayBuffer) record[key] = new Uint8Array(value);
  }
  return record;
}

/** At most this many distinct statements are kept prepared (the hot reads have a handful). */
const MAX_PREPARED = 64;

/** A bound value as the drivers want it: dates as UTC ISO text, as Prisma writes them. */
function bind(value: unknown, sqlite: boolean): unknown {
  if (value instanceof Date) return sqlite ? value.toISOString().replace("Z", "+00:00") : value.toISOString();
  if (typeof value === "boolean" && sqlite) return value ? 1 : 0;
  return value;
}

/** The read path on the SQLite file at `file` (already created and migrated). */
export async function sqliteReads(file: string, busyTimeoutMs: number): Promise<Reads> {
  const { default: Database } = await import("libsql");
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.exec("PRAGMA query_only = ON");
  const prepared = new Map<string, Libsql.Statement>();
  const statementFor = (text: string) => {
    let statement = prepared.get(text);
    if (statement === undefined) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      statement = db.prepare(text);
      prepared.set(text, statement);
    }
    return statement;
  };
  // Synchronous on purpose: a prepared statement on a local file takes microseconds, less than
  // handing it to another thread would. Failures become rejections, as from any query.
  const run = <R>(statement: Sql, read: (prepared: Libsql.Statement, values: unknown[]) => R): Promise<R> => {
    try {
      return Promise.resolve(
        read(
          statementFor(statement.sql),
          statement.values.map((v) => bind(v, true)),
        ),
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error("SQLite read failed"));
    }
  };
  return {
    rows: <T extends z.ZodType>(row: T, statement: Sql) =>
      run(statement, (prepared, values) =>
        (prepared.all(values) as Record<string, unknown>[]).map((r) => row.parse(withBytes(r))),
      ),
    one: <T extends z.ZodType>(row: T, statement: Sql) =>
      // Not libsql's get(): it leaves the statement unfinished, so the next get() on it continued
      // the old cursor (and kept its read snapshot open); test/reads.test.ts caught that.
      run(statement, (prepared, values) => {
        const found = (prepared.all(values) as Record<string, unknown>[])[0];
        return found === undefined ? undefined : row.parse(withBytes(found));
      }),
    close: () => {
      prepared.clear();
      db.close();
      return Promise.resolve();
    },
  };
}

// PostgreSQL's type ids whose default parsing would be wrong here: Prisma keeps DateTime in
// `timestamp(3)` columns holding UTC (node-postgres would read them as local time), and COUNT(*)
// is a bigint (node-postgres gives text).
const TIMESTAMP = 1114;
const INT8 = 20;
const pgTypes = (types: typeof pg.types) => {
  const standard = types.getTypeParser as (id: number, format?: "text" | "binary") => unknown;
  return {
    getTypeParser: ((id: number, format?: "text" | "binary") => {
      if (id === TIMESTAMP) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
      if (id === INT8) return (text: string) => BigInt(text);
      return standard(id, format);
    }) as typeof pg.types.getTypeParser,
  };
};

/** The read path on the PostgreSQL database at `url` (already migrated). */
export async function pgReads(url: string): Promise<Reads> {
  const { default: pgDriver } = await import("pg");
  const pool = new pgDriver.Pool({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    max: 10, // as many as the pool Prisma writes through (node-postgres's default)
    // No sort where an index gives the order: after 2,000 messages had arrived in 20 seconds, old
    // statistics made the planner read a whole inbox and sort it (25–45 ms a page in the
    // PostgreSQL soak, against 0.5 along the index). A statement that needs a sort still gets one,
    // but its cost is then far past JIT's threshold, and compiling took 300 ms of each run of a
    // 1-row statement: no JIT on these small statements.
    options: "-c default_transaction_read_only=on -c enable_sort=off -c jit=off",
  });
  // As in database.ts: a connection dropped while idle emits 'error' on its client and on the pool;
  // unheard, that would end the process. The next query on it fails and maps to 503.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => {
    client.on("error", () => undefined);
  });
  const names = new Map<string, string>();
  const types = pgTypes(pgDriver.types);
  const rows = async <T extends z.ZodType>(row: T, statement: Sql) => {
    // A statement past the cap runs unnamed (parsed each time) rather than evicting a name a
    // connection may already hold prepared under other text.
    let name = names.get(statement.text);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `sigill_read_${String(names.size + 1)}`;
      names.set(statement.text, name);
    }
    const result = await pool.query({
      ...(name !== undefined && { name }),
      text: statement.text,
      values: statement.values.map((v) => bind(v, false)),
      types,
    });
    return (result.rows as unknown[]).map((r) => row.parse(r));
  };
  return {
    rows,
    one: async (row, statement) => (await rows(row, statement))[0],
    close: () => pool.end(),
  };
}
