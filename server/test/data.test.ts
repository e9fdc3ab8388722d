// The data layer: committed migrations produce exactly what schema.prisma describes, for both
// providers, the two schemas stay in step, and the runner keeps Prisma's migration table.
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/database.ts";
import { migrationsDir } from "../src/db/migrate.ts";
// @ts-expect-error -- a plain .mjs developer tool without types
import { pgSchemaFrom } from "../scripts/prisma-tool.mjs";
import { freshDatabase, PROVIDERS, type Provider } from "./support/harness.ts";

const require = createRequire(import.meta.url);
const schemaFile = (p: Provider) => new URL(`../prisma/${p}/schema.prisma`, import.meta.url);

interface Dmmf {
  datamodel: {
    models: { name: string; dbName: string | null; fields: { name: string; kind: string; dbName?: string | null }[] }[];
  };
}

function expectedTables(provider: Provider): Record<string, string[]> {
  const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(input: string): string };
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (m: string) => {
      throw new Error(m);
    },
  };
  const dmmf = JSON.parse(
    wasm.get_dmmf(JSON.stringify({ prismaSchema: readFileSync(schemaFile(provider), "utf8") })),
  ) as Dmmf;
  return Object.fromEntries(
    dmmf.datamodel.models
      .map(
        (m) =>
          [
            m.dbName ?? m.name,
            m.fields
              .filter((f) => f.kind !== "object")
              .map((f) => f.dbName ?? f.name)
              .sort(),
          ] as const,
      )
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

async function actualTables(db: Database): Promise<Record<string, string[]>> {
  const rows =
    db.provider === "pg"
      ? await db.prisma.$queryRawUnsafe<{ t: string; c: string }[]>(
          `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
        )
      : await db.prisma.$queryRawUnsafe<{ t: string; c: string }[]>(
          `SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_prisma_migrations'`,
        );
  const out: Record<string, string[]> = {};
  for (const { t, c } of rows) (out[t] ??= []).push(c);
  return Object.fromEntries(
    Object.entries(out)
      .map(([t, cs]) => [t, cs.sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe.each(PROVIDERS)("migrations on %s", (provider) => {
  let db: Database;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await freshDatabase(provider));
    db = await openDatabase(url);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it("when a fresh database is migrated, then its tables and columns are exactly schema.prisma's", async () => {
    expect(await actualTables(db)).toEqual(expectedTables(provider));
  });

  it("when migrated, then _prisma_migrations lists every migration with Prisma's sha256 checksum", async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: unknown }[]>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const dir = migrationsDir(provider);
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const r of rows) {
      const sql = readFileSync(`${dir}/${r.migration_name}/migration.sql`, "utf8");
      expect(r.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(r.finished_at).not.toBeNull();
    }
  });

  it("when the server starts again on a migrated database, then nothing is applied twice and data stays", async () => {
    await db.prisma.organisation.upsert({ where: { id: "org" }, create: { id: "org", name: "Skolan" }, update: {} });
    const again = await openDatabase(url);
    const count = await again.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
      `SELECT COUNT(*) AS n FROM "_prisma_migrations"`,
    );
    expect(Number(count[0]?.n)).toBe(
      readdirSync(migrationsDir(provider), { withFileTypes: true }).filter((d) => d.isDirectory()).length,
    );
    expect((await again.prisma.organisation.findUnique({ where: { id: "org" } }))?.name).toBe("Skolan");
    await again.close();
  });
});

describe("the two schemas", () => {
  it("when the PostgreSQL schema is derived from the SQLite one, then it is exactly the committed file", () => {
    const sqlite = readFileSync(schemaFile("sqlite"), "utf8");
    expect(readFileSync(schemaFile("pg"), "utf8")).toBe(pgSchemaFrom(sqlite) as string);
  });

  it("when both are read by Prisma, then they describe the same tables and columns", () => {
    expect(expectedTables("pg")).toEqual(expectedTables("sqlite"));
  });

  it("when migrations are listed, then both providers have the same number, with the same names after the timestamp", () => {
    const list = (p: Provider) =>
      readdirSync(migrationsDir(p), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name.replace(/^\d+_/, ""))
        .sort();
    expect(list("pg")).toEqual(list("sqlite"));
  });
});
