// Runs once per `vitest run`: finds a PostgreSQL (the system one on 127.0.0.1:5432, started if it
// is stopped, else a private throwaway cluster), creates a migrated template database for this run, and drops every
// database of the run afterwards. Each test file clones the template (CREATE DATABASE ... TEMPLATE).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database.ts";

const SYSTEM_URL = process.env.SIGILL_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function waitFor(url: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (await reachable(url)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function newestVersion(): string | undefined {
  return existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .sort((a, b) => Number(a) - Number(b))
        .at(-1)
    : undefined;
}

/** The system cluster on 127.0.0.1:5432, started if it is installed but stopped. */
async function systemServer(): Promise<string | undefined> {
  if (await reachable(SYSTEM_URL)) return SYSTEM_URL;
  if (process.env.SIGILL_TEST_PG_URL !== undefined) return undefined;
  const clusters = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql").sort() : [];
  const version = clusters.at(-1);
  if (version === undefined || !existsSync(`/etc/postgresql/${version}/main`)) return undefined;
  console.log(`[sigill] PostgreSQL is not answering on 127.0.0.1:5432; starting cluster ${version}/main`);
  try {
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "inherit" });
  } catch {
    return undefined;
  }
  return (await waitFor(SYSTEM_URL)) ? SYSTEM_URL : undefined;
}

/**
 * A private throwaway cluster (trust auth, fsync off) for machines where the system cluster is
 * missing, stopped for good, or does not accept passwordless TCP logins.
 */
async function privateServer(): Promise<{ url: string; stop: () => void } | undefined> {
  const version = newestVersion();
  if (version === undefined) return undefined;
  const bin = `/usr/lib/postgresql/${version}/bin`;
  const dir = mkdtempSync(join(tmpdir(), "sigill-pg-"));
  const port = 25432 + (process.pid % 1000);
  const asPostgres = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asPostgres
      ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "ignore" })
      : execFileSync(cmd, args, { stdio: "ignore" });
  if (asPostgres) execFileSync("chown", ["postgres:postgres", dir]);
  console.log(`[sigill] starting a private PostgreSQL ${version} on 127.0.0.1:${String(port)} for the tests`);
  run(`${bin}/initdb`, ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
  run(`${bin}/pg_ctl`, [
    "-D",
    `${dir}/data`,
    "-l",
    `${dir}/log`,
    "-w",
    "-o",
    `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
  const url = `postgresql://postgres@127.0.0.1:${String(port)}/postgres`;
  const stop = () => {
    try {
      run(`${bin}/pg_ctl`, ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  if (!(await waitFor(url))) {
    stop();
    return undefined;
  }
  return { url, stop };
}

/** Builds the web portal once per run, so the portal tests drive the real build. */
function buildPortal(): void {
  const root = new URL("../../", import.meta.url).pathname;
  execFileSync(
    join(root, "node_modules", ".bin", "vite"),
    ["build", "--config", "portal/vite.config.ts", "--logLevel", "warn"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildPortal();
  // The server as `npm start` runs it (dist/, for the tests that start a real process).
  execFileSync(process.execPath, [new URL("../../scripts/build.mjs", import.meta.url).pathname], { stdio: "inherit" });
  // SIGILL_TEST_PG=private forces the throwaway cluster (to test that path, or to keep the system one clean).
  let adminUrl = process.env.SIGILL_TEST_PG === "private" ? undefined : await systemServer();
  let stopPrivate: (() => void) | undefined;
  if (adminUrl === undefined) {
    const own = await privateServer();
    adminUrl = own?.url;
    stopPrivate = own?.stop;
  }
  if (adminUrl === undefined) {
    throw new Error(
      "PostgreSQL is needed for the tests and none could be reached or started: nothing answers on 127.0.0.1:5432, " +
        "no stopped cluster could be started, and no PostgreSQL binaries were found in /usr/lib/postgresql to run a private one. " +
        "Install Debian's postgresql package (npm test does this as root) or set SIGILL_TEST_PG_URL to a server where you may CREATE DATABASE.",
    );
  }
  const run = `sigill_test_${String(process.pid)}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${run}_template`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${run}_template`;
  const db = await openDatabase(templateUrl.toString());
  await db.close();
  project.provide("pgRun", run);
  project.provide("pgAdminUrl", adminUrl);
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${run}%`,
    ]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await c.end();
    stopPrivate?.();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgRun: string;
    pgAdminUrl: string;
  }
}
