// Applies the committed migrations at start-up, writing Prisma's own `_prisma_migrations` table
// the way Prisma's schema engine does (same DDL, sha256 checksum, timestamps), so that
// `prisma migrate deploy` can take over on a machine that has the native engine.
import { serverPath } from "../paths.ts";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type Provider = "sqlite" | "pg";

/** The raw SQL access the runner needs; implemented over libsql and node-postgres. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  script(sql: string): Promise<void>;
  /** Serialises concurrent runners (several instances starting at once). */
  lock(): Promise<void>;
  unlock(): Promise<void>;
}

export const migrationsDir = (provider: Provider): string => serverPath("prisma", provider, "migrations");

const DDL: Record<Provider, string> = {
  pg: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
};

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** Applies every pending migration in name order; returns the names it applied. */
export async function applyMigrations(
  provider: Provider,
  db: SqlRunner,
  dir = migrationsDir(provider),
): Promise<string[]> {
  const lockFile = join(dir, "migration_lock.toml");
  const locked = existsSync(lockFile)
    ? /provider\s*=\s*"([^"]+)"/.exec(readFileSync(lockFile, "utf8"))?.[1]
    : undefined;
  const expected = provider === "pg" ? "postgresql" : "sqlite";
  if (locked !== undefined && locked !== expected) {
    throw new MigrationError(`migrations in ${dir} are for ${locked}, not ${expected}`);
  }
  const now = () => new Date().toISOString().replace("Z", "+00:00");
  const applied: string[] = [];
  await db.lock();
  try {
    await db.script(DDL[provider]);
    const rows = await db.query(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const failed = rows.filter((r) => r.finished_at == null && r.rolled_back_at == null);
    if (failed.length > 0) {
      throw new MigrationError(
        `a previous migration failed (${failed.map((r) => String(r.migration_name)).join(", ")}); resolve it first`,
      );
    }
    const done = new Set(rows.filter((r) => r.rolled_back_at == null).map((r) => String(r.migration_name)));
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      const id = randomUUID();
      const checksum = createHash("sha256").update(sql).digest("hex");
      await db.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES ($1, $2, $3, $4, 0)`,
        [id, checksum, name, now()],
      );
      try {
        await db.script(`BEGIN;\n${sql}\nCOMMIT;`);
      } catch (error) {
        await db.script("ROLLBACK").catch(() => undefined);
        const message = error instanceof Error ? error.message : String(error);
        await db.query(`UPDATE "_prisma_migrations" SET "logs" = $1 WHERE "id" = $2`, [message, id]);
        throw new MigrationError(`migration ${name} failed: ${message}`);
      }
      await db.query(`UPDATE "_prisma_migrations" SET "applied_steps_count" = 1, "finished_at" = $1 WHERE "id" = $2`, [
        now(),
        id,
      ]);
      applied.push(name);
    }
  } finally {
    await db.unlock();
  }
  return applied;
}
