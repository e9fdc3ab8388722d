// Opens the database named by the configuration: an embedded SQLite file by default, PostgreSQL
// when DATABASE_URL is a postgres URL. Migrations are applied before the client is returned.
// The drivers and generated clients are imported when a database of their kind is opened, not at
// load: a server on SQLite never loads PostgreSQL's driver and client, nor one on PostgreSQL the
// libsql native addon (less resident memory; docs/performance.md "Memory").
import type { Client as LibsqlClient } from "@libsql/client";
import type pg from "pg";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { applyMigrations, type Provider, type SqlRunner } from "./migrate.ts";
import { pgPieces, sqlitePieces, type Pieces } from "./pieces.ts";
import { pgReads, sqliteReads, type Reads } from "./reads.ts";

/** The two generated clients have the same model API; the SQLite one is the reference type. */
export type Db = SqliteClient;

export interface Database {
  readonly provider: Provider;
  readonly prisma: Db;
  /** The hot reads' prepared-statement path (src/db/reads.ts); everything else goes through `prisma`. */
  readonly reads: Reads;
  /** The attachment upload's write on the driver itself (src/db/pieces.ts). */
  readonly pieces: Pieces;
  close(): Promise<void>;
}

/** Where the data lives: `DATABASE_URL` if it is a postgres URL, else `<dataDir>/sigill.db`. */
export function databaseUrl(options: { databaseUrl?: string | undefined; dataDir: string }): string {
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") return options.databaseUrl;
  return `file:${resolve(options.dataDir, "sigill.db")}`;
}

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "pg";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error("DATABASE_URL must be a postgres:// URL (or unset for the embedded SQLite file)");
}

/** How long a write waits for another connection's lock on the SQLite file before failing (503). */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

// The constant Prisma's schema engine uses for its advisory lock, so the two never migrate at once.
const PG_LOCK = 72707369;

function libsqlRunner(client: LibsqlClient): SqlRunner {
  return {
    query: async (sql, params = []) => {
      const rs = await client.execute({ sql: sql.replace(/\$\d+/g, "?"), args: params as never[] });
      return rs.rows.map((row) => ({ ...row }));
    },
    script: (sql) => client.executeMultiple(sql),
    lock: () => Promise.resolve(),
    unlock: () => Promise.resolve(),
  };
}

function pgRunner(client: pg.Client): SqlRunner {
  return {
    query: async (sql, params = []) => (await client.query(sql, params)).rows as Record<string, unknown>[],
    script: async (sql) => {
      await client.query(sql);
    },
    lock: async () => {
      await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK]);
    },
    unlock: async () => {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK]);
    },
  };
}

/** Opens, migrates and returns the database for `url`. */
export async function openDatabase(url: string): Promise<Database> {
  const provider = providerOf(url);
  if (provider === "pg") {
    const [{ default: pgDriver }, { PrismaPg }, { PrismaClient: PgClient }] = await Promise.all([
      import("pg"),
      import("@prisma/adapter-pg"),
      import("../generated/pg/client.ts"),
    ]);
    const client = new pgDriver.Client({ connectionString: url });
    await client.connect();
    try {
      await applyMigrations("pg", pgRunner(client));
    } finally {
      await client.end();
    }
    // A bounded connect: while PostgreSQL is down or restarting, requests fail fast with 503
    // (src/db/failures.ts) instead of hanging; the pool reconnects on its own when it is back.
    const pool = new pgDriver.Pool({ connectionString: url, connectionTimeoutMillis: 5_000 });
    // A connection PostgreSQL drops while it is handed out with no query running emits 'error'
    // on its client, where neither the pool nor the adapter always listens: unheard, that event
    // ends the process (seen in scripts/harvest-db-errors.ts, issue 20). The failure still reaches
    // the request through its next query ("not queryable", a 503); the pool then discards it.
    pool.on("connect", (client) => {
      client.on("error", () => undefined);
    });
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    const prisma = new PgClient({ adapter }) as unknown as Db;
    const reads = await pgReads(url);
    return {
      provider,
      prisma,
      reads,
      pieces: pgPieces(pool),
      close: async () => {
        await Promise.all([prisma.$disconnect(), reads.close()]);
      },
    };
  }
  const file = url.slice("file:".length);
  mkdirSync(resolve(file, ".."), { recursive: true });
  const [{ createClient }, { PrismaLibSql }, { PrismaClient: SqliteClient }] = await Promise.all([
    import("@libsql/client"),
    import("@prisma/adapter-libsql"),
    import("../generated/sqlite/client.ts"),
  ]);
  const raw = createClient({ url });
  try {
    // WAL lets readers and the single writer work at once; busy_timeout waits instead of failing.
    await raw.execute("PRAGMA journal_mode = WAL");
    await applyMigrations("sqlite", libsqlRunner(raw));
  } finally {
    raw.close();
  }
  // The busy timeout as a driver option, not a PRAGMA: the driver keeps several connections (a
  // transaction borrows one), and an option applies to each of them (a PRAGMA only to one).
  const prisma = new SqliteClient({ adapter: new PrismaLibSql({ url, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // libsql opens every connection with foreign keys on; said here too for the first one.
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  const reads = await sqliteReads(file, SQLITE_BUSY_TIMEOUT_MS);
  const pieces = await sqlitePieces(file, SQLITE_BUSY_TIMEOUT_MS);
  return {
    provider,
    prisma,
    reads,
    pieces,
    close: async () => {
      await Promise.all([prisma.$disconnect(), reads.close(), pieces.close()]);
    },
  };
}
