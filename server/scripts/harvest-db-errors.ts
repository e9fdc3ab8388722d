// Harvests the shapes of the errors Prisma (with the pg adapter, configured as the server
// configures it) throws while PostgreSQL restarts under load, and says which ones
// src/db/failures.ts does not map to 503 (issue 20, item 6). Uses a private throwaway cluster
// (initdb + pg_ctl on a free port, as test/support/pg-cluster.ts does), never the shared one.
//
//   pnpm --filter @sigill/server exec tsx scripts/harvest-db-errors.ts [rounds] [out.json]
//
// Exits 1 when a shape is not mapped to 503 DATABASE_UNAVAILABLE.
//
// Each round runs a mixed load (interactive and batch transactions, model and raw queries) with
// CPU hogs on every core, then stops PostgreSQL (fast or immediate), terminates its backends, or
// restarts it, at a random moment. Every distinct shape is written to out.json with one example
// (messages with ports and numbers kept, as they came), merged into the file if it exists:
//   tsx scripts/harvest-db-errors.ts 80 test/fixtures/db-errors.json
// adds what a run finds to the fixtures test/db-failures.test.ts checks, one by one.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import * as prettier from "prettier";
import { openDatabase } from "../src/db/database.ts";
import { databaseFailure } from "../src/db/failures.ts";
import { Prisma } from "../src/generated/pg/client.ts";
import { pgBin } from "../test/support/pg-cluster.ts";
import { freePort } from "../test/support/server-process.ts";

const run = promisify(execFile);
const pgVersion = (createRequire(import.meta.url)("pg/package.json") as { version: string }).version;
const rounds = Number(process.argv[2] ?? "30");
const out = process.argv[3] ?? join(tmpdir(), "sigill-db-error-shapes.json");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const bin = pgBin();
if (bin === undefined) throw new Error("no PostgreSQL server binaries in /usr/lib/postgresql");
const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), "sigill-harvest-"));
const asPostgres = process.getuid?.() === 0;
if (asPostgres) chownSync(dir, Number((await run("id", ["-u", "postgres"])).stdout), 0);
const tool = (cmd: string, args: string[]) =>
  asPostgres ? run("runuser", ["-u", "postgres", "--", `${bin}/${cmd}`, ...args]) : run(`${bin}/${cmd}`, args);
const options = `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
const start = () => tool("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", options, "start"]);
const stop = (mode: "fast" | "immediate") => tool("pg_ctl", ["-D", `${dir}/data`, "-m", mode, "-w", "stop"]);
await tool("initdb", ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
await start();
const url = `postgresql://postgres@127.0.0.1:${String(port)}/postgres`;

/** The fields that tell one failure from another, level by level down the cause chain. */
interface Level {
  ctor: string;
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  errno?: unknown;
  message: string;
}

function levels(error: unknown): Level[] {
  const found: Level[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const e = current as Record<string, unknown> & { meta?: { driverAdapterError?: unknown } };
    found.push({
      ctor: (e.constructor as { name?: string } | undefined)?.name ?? "?",
      name: e.name,
      code: e.code,
      kind: e.kind,
      originalCode: e.originalCode,
      errno: e.errno,
      message: typeof e.message === "string" ? e.message : "",
    });
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return found;
}

/** A JSON copy of the error: own fields, name and message, and the chain below it. */
function snapshot(value: unknown, depth = 0): unknown {
  if (depth > 8 || typeof value !== "object" || value === null)
    return typeof value === "bigint" ? String(value) : value;
  if (Array.isArray(value)) return value.map((v) => snapshot(v, depth + 1));
  const copy: Record<string, unknown> = {};
  if (value instanceof Error) {
    copy.__class = value.constructor.name;
    copy.name = value.name;
    copy.message = value.message;
  }
  for (const [k, v] of Object.entries(value))
    if (k !== "stack" && k !== "clientVersion") copy[k] = snapshot(v, depth + 1);
  if (value instanceof Error && value.cause !== undefined && !("cause" in copy))
    copy.cause = snapshot(value.cause, depth + 1);
  return copy;
}

/** Identifies a shape: classes, names, codes and kinds down the chain, messages without numbers. */
const signature = (ls: Level[]) =>
  ls
    .map((l) =>
      [l.ctor, l.name, l.code, l.kind, l.originalCode, l.message.split("\n")[0]?.replace(/\d+/g, "#").slice(0, 90)]
        .map((x) => String(x))
        .join("|"),
    )
    .join(" <- ");

const shapes = new Map<string, { count: number; mapped: string; op: string; example: unknown }>();
let ok = 0;
function record(op: string, error: unknown) {
  const sig = signature(levels(error));
  const known = shapes.get(sig);
  if (known !== undefined) {
    known.count++;
    return;
  }
  const mapped = databaseFailure(error)?.code ?? "UNMAPPED (500)";
  shapes.set(sig, { count: 1, mapped, op, example: snapshot(error) });
  console.log(`[new shape] ${op} -> ${mapped}\n    ${sig}`);
}

// An 'error' event nobody listens to would end a server process: recorded as its own shape.
process.on("uncaughtException", (error) => {
  record(`uncaught (${(error.stack ?? "").split("\n").slice(1, 4).join(" / ")})`, error);
});

const database = await openDatabase(url);
const db = database.prisma;
let seq = 0;
const key = () => `harvest-${String(process.pid)}-${String(++seq)}`;
const ops: Record<string, () => Promise<unknown>> = {
  "interactive transaction": () =>
    db.$transaction(async (tx) => {
      const k = key();
      await tx.rateLimit.create({ data: { key: k, windowStart: new Date(), count: 1 } });
      await tx.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.02)`;
      await tx.rateLimit.update({ where: { key: k }, data: { count: { increment: 1 } } });
      return tx.rateLimit.count();
    }),
  "batch transaction": () =>
    db.$transaction([
      db.rateLimit.create({ data: { key: key(), windowStart: new Date(), count: 1 } }),
      db.rateLimit.count(),
    ]),
  "model read": () => db.rateLimit.findMany({ take: 5, orderBy: { key: "desc" } }),
  "model write": () =>
    db.rateLimit.upsert({
      where: { key: "harvest-shared" },
      create: { key: "harvest-shared", windowStart: new Date(), count: 1 },
      update: { count: { increment: 1 } },
    }),
  "raw query": () => db.$queryRaw`SELECT count(*) AS n FROM "rate_limit"`,
  "slow raw query": () => db.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.2)`,
};

const hogs: ChildProcess[] = [];
for (let i = 0; i < cpus().length; i++) hogs.push(spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
// Even if this script dies, the busy processes go with it.
process.on("exit", () => {
  for (const h of hogs) h.kill("SIGKILL");
});

let running = true;
const worker = async (name: string, op: () => Promise<unknown>) => {
  while (running) {
    try {
      await op();
      ok++;
    } catch (error) {
      record(name, error);
      await sleep(5);
    }
  }
};
const load = Object.entries(ops).flatMap(([name, op]) => Array.from({ length: 6 }, () => worker(name, op)));

async function terminateBackends() {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'",
  );
  await admin.end();
}

try {
  for (let round = 1; round <= rounds; round++) {
    await sleep(300 + Math.random() * 1200);
    const how = ["fast", "immediate", "terminate", "restart"][round % 4] ?? "fast";
    if (how === "terminate") await terminateBackends();
    else if (how === "restart")
      await tool("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/log`, "-m", "fast", "-w", "-o", options, "restart"]);
    else {
      await stop(how as "fast" | "immediate");
      await sleep(Math.random() * 2000);
      await start();
    }
    console.log(
      `round ${String(round)}/${String(rounds)} (${how}): ${String(shapes.size)} shapes, ${String(ok)} successes`,
    );
  }
  await sleep(2000);
} finally {
  running = false;
  await Promise.all(load);
  for (const h of hogs) h.kill("SIGKILL");
  await database.close();
  await stop("immediate").catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
/** Messages as they came, less this checkout's path (Prisma quotes the calling line). */
const root = new URL("../../", import.meta.url).pathname;
const list = [...shapes.entries()].map(([sig, s]) => ({
  signature: sig,
  op: s.op,
  count: s.count,
  mapped: s.mapped,
  error: JSON.parse(JSON.stringify(s.example).replaceAll(root, "")) as unknown,
}));
// An existing file is merged into: its shapes stay (with their first example), counts add up.
interface Harvest {
  runs: string[];
  shapes: typeof list;
}
const previous: Harvest = existsSync(out)
  ? (JSON.parse(readFileSync(out, "utf8")) as Harvest)
  : { runs: [], shapes: [] };
for (const shape of list) {
  const known = previous.shapes.find((p) => p.signature === shape.signature);
  if (known === undefined) previous.shapes.push(shape);
  else known.count += shape.count;
}
const versions = (await run(`${bin}/postgres`, ["--version"])).stdout.trim();
previous.runs.push(
  `${new Date().toISOString().slice(0, 10)}: ${String(rounds)} rounds, ${String(cpus().length)} CPU hogs, ${versions}, Prisma ${Prisma.prismaVersion.client}, pg ${pgVersion}, Node ${process.version}`,
);
// Formatted as the repository formats JSON, so a fixture file stays as Prettier wants it.
const format = (await prettier.resolveConfig(out)) ?? {};
writeFileSync(out, await prettier.format(JSON.stringify(previous), { ...format, filepath: out }));
const unmapped = list.filter((s) => s.mapped.startsWith("UNMAPPED"));
console.log(`${String(list.length)} shapes (${String(unmapped.length)} unmapped) merged into ${out}`);
if (unmapped.length > 0) process.exitCode = 1;
