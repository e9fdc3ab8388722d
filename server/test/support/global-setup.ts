// Runs once per `vitest run`: makes sure PostgreSQL answers on 127.0.0.1:5432 (starting the local
// cluster if it is stopped), creates a migrated template database for this run, and drops every
// database of the run afterwards. Each test file clones the template (CREATE DATABASE ... TEMPLATE).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database.ts";

export const PG_ADMIN_URL = process.env.SIGILL_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function ensurePostgres(): Promise<void> {
  if (await reachable()) return;
  const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
  const version = versions.sort().at(-1);
  if (version !== undefined) {
    console.log(`[sigill] PostgreSQL is not answering; starting cluster ${version}/main`);
    try {
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "inherit" });
    } catch {
      // reported below
    }
    for (let i = 0; i < 30 && !(await reachable()); i++) await new Promise((r) => setTimeout(r, 200));
  }
  if (!(await reachable())) {
    throw new Error(
      `PostgreSQL is not running on 127.0.0.1:5432 and could not be started (${version === undefined ? "no cluster in /etc/postgresql" : `pg_ctlcluster ${version} main start failed`}). ` +
        "Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set SIGILL_TEST_PG_URL to a server where this user may CREATE DATABASE.",
    );
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensurePostgres();
  const run = `sigill_test_${String(process.pid)}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${run}_template`);
  await admin.end();
  const templateUrl = new URL(PG_ADMIN_URL);
  templateUrl.pathname = `/${run}_template`;
  const db = await openDatabase(templateUrl.toString());
  await db.close();
  project.provide("pgRun", run);
  return async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${run}%`,
    ]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await c.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgRun: string;
  }
}
