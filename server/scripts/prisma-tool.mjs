#!/usr/bin/env node
// Developer tool for the data layer, fully offline (no native Prisma engines):
//   node scripts/prisma-tool.mjs sync              write prisma/pg/schema.prisma from prisma/sqlite/schema.prisma
//   node scripts/prisma-tool.mjs generate          generate both Prisma clients into src/generated/
//   node scripts/prisma-tool.mjs migrate <name>    create a migration for both providers (needs local PostgreSQL)
// Migrations are generated with @prisma/schema-engine-wasm driven through driver adapters
// (the same engine `prisma migrate dev` uses), then committed; the server applies them at start-up.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemas = {
  sqlite: path.join(root, "prisma/sqlite/schema.prisma"),
  pg: path.join(root, "prisma/pg/schema.prisma"),
};

export function pgSchemaFrom(sqliteSchema) {
  const out = sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(/^(\s*output\s*=\s*)"..\/..\/src\/generated\/sqlite"/m, '$1"../../src/generated/pg"')
    .replace(
      /^\/\/ Sigill's data model\. This SQLite schema is the source of truth;.*$/m,
      "// GENERATED from prisma/sqlite/schema.prisma by scripts/prisma-tool.mjs sync: do not edit.",
    );
  if (out === sqliteSchema) throw new Error("sqlite schema does not have the expected provider/output lines");
  return out;
}

function sync() {
  fs.writeFileSync(schemas.pg, pgSchemaFrom(fs.readFileSync(schemas.sqlite, "utf8")));
}

function generate() {
  const prisma = path.join(root, "node_modules/.bin/prisma");
  // Any path stops the CLI from trying to download a native schema engine.
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  for (const schema of Object.values(schemas)) {
    execFileSync(prisma, ["generate", "--schema", schema], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  }
}

async function loadEngine(schemaPath, adapterFactory) {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m) => console.error(`schema engine panic: ${m}`) };
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = new URL("schema_engine_bg.wasm", import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {
    "./schema_engine_bg.js": runtime,
  });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  try {
    const engine = await runtime.SchemaEngine.new(
      { datamodels: [[schemaPath, fs.readFileSync(schemaPath, "utf8")]] },
      () => {},
      bound,
    );
    return { engine, bound };
  } catch (e) {
    throw bound.errorRegistry?.lookupError(e)?.error ?? e;
  }
}

function migrationsList(dir) {
  const dirs = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lock = path.join(dir, "migration_lock.toml");
  return {
    baseDir: path.resolve(dir),
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

async function adapterFor(provider, scratch) {
  if (provider === "sqlite") {
    const { PrismaLibSql } = await import("@prisma/adapter-libsql");
    const inner = new PrismaLibSql({ url: `file:${path.join(scratch, "migrate.db")}` });
    return {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: () => inner.connect(),
      connectToShadowDb: async () => {
        const a = await inner.connectToShadowDb();
        const raw = a.executeRaw.bind(a); // the engine sends whole scripts through executeRaw
        a.executeRaw = async (q) => (q.args.length === 0 ? (await a.executeScript(q.sql), 0) : raw(q));
        return a;
      },
    };
  }
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = await import("pg");
  const admin = new pg.default.Client({
    host: "127.0.0.1",
    port: 5432,
    user: process.env.PGUSER ?? "postgres",
    database: "postgres",
  });
  await admin.connect();
  const database = `sigill_migrate_${process.pid}`;
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const inner = new PrismaPg({
    host: "127.0.0.1",
    port: 5432,
    user: process.env.PGUSER ?? "postgres",
    database,
    idleTimeoutMillis: 200,
  });
  const fix = (a) => {
    // adapter-pg 7.10 cannot map PG's internal "char" type (OID 18) used by the engine's catalog queries.
    const io = a.performIO.bind(a);
    a.performIO = async (q) => {
      const r = await io(q);
      for (const f of r.fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
      return r;
    };
    // adapter-pg splits scripts on ';'; send them whole instead.
    a.executeScript = async (script) => {
      try {
        await a.underlyingDriver().query(script);
      } catch (e) {
        a.onError(e);
      }
    };
    return a;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => fix(await inner.connect()),
    connectToShadowDb: async () => fix(await inner.connectToShadowDb()),
    drop: async () => {
      const c = new pg.default.Client({
        host: "127.0.0.1",
        port: 5432,
        user: process.env.PGUSER ?? "postgres",
        database: "postgres",
      });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
    },
  };
}

function migrate(name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: lower case letters, digits and _ only");
  sync();
  // One process per provider: the wasm engine's glue cannot be instantiated twice in one process.
  for (const provider of ["sqlite", "pg"]) {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), "migrate-one", provider, name], {
      stdio: "inherit",
    });
  }
}

async function migrateOne(provider, name) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sigill-migrate-"));
  {
    const dir = path.join(root, "prisma", provider, "migrations");
    const factory = await adapterFor(provider, scratch);
    const { engine } = await loadEngine(schemas[provider], factory);
    const noFilter = { externalTables: [], externalEnums: [] };
    try {
      await engine.applyMigrations({ migrationsList: migrationsList(dir), filters: noFilter });
      await engine.devDiagnostic({ migrationsList: migrationsList(dir), filters: noFilter });
      const files = [{ path: schemas[provider], content: fs.readFileSync(schemas[provider], "utf8") }];
      const created = await engine.createMigration({
        draft: true,
        migrationName: name,
        migrationsList: migrationsList(dir),
        schema: { files },
        filters: noFilter,
      });
      if (!created.migrationScript || /This is an empty migration/.test(created.migrationScript)) {
        console.log(`${provider}: already in sync, no migration created`);
      } else {
        fs.mkdirSync(path.join(dir, created.generatedMigrationName), { recursive: true });
        fs.writeFileSync(path.join(dir, created.generatedMigrationName, "migration.sql"), created.migrationScript);
        fs.writeFileSync(
          path.join(dir, "migration_lock.toml"),
          `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${created.connectorType}"\n`,
        );
        console.log(`${provider}: created ${created.generatedMigrationName}`);
      }
    } finally {
      engine.free();
      await factory.drop?.();
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, arg] = process.argv.slice(2);
  if (command === "sync") sync();
  else if (command === "generate") {
    sync();
    generate();
  } else if (command === "migrate") migrate(arg ?? "");
  else if (command === "migrate-one") await migrateOne(arg ?? "", process.argv[4] ?? "");
  else throw new Error("usage: prisma-tool.mjs sync | generate | migrate <name>");
  process.exit(0); // the wasm engine leaves a timer pending
}
