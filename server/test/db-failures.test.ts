// The shapes of database failures as they really arrive (recorded from Prisma 7 with the pg and
// libsql adapters, see faults.test.ts for the end-to-end runs), mapped to 503/507 with a code.
// fixtures/db-errors.json: every shape scripts/harvest-db-errors.ts recorded while restarting a
// private PostgreSQL under load (issue 20), rebuilt here with the driver's own error classes.
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { databaseFailure } from "../src/db/failures.ts";
import { Prisma } from "../src/generated/pg/client.ts";

interface Recorded {
  signature: string;
  op: string;
  mapped: string;
  error: Snapshot;
}
type Snapshot = { __class?: string; name?: string; message?: string } & Record<string, unknown>;
const harvest = JSON.parse(readFileSync(new URL("fixtures/db-errors.json", import.meta.url), "utf8")) as {
  runs: string[];
  shapes: Recorded[];
};

/** The recorded error as an object of the class it had, with the fields it had. */
function revive(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const { __class, name, message = "", ...fields } = value as Snapshot;
  const rest = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, revive(v)]));
  switch (__class) {
    case undefined:
      return rest;
    case "PrismaClientKnownRequestError":
      return new Prisma.PrismaClientKnownRequestError(message, {
        code: String(rest.code),
        clientVersion: Prisma.prismaVersion.client,
        ...(rest.meta !== undefined && { meta: rest.meta as Record<string, unknown> }),
      });
    case "DriverAdapterError":
      return new DriverAdapterError(rest.cause as never);
    case "DatabaseError":
      return Object.assign(new pg.DatabaseError(message, Number(rest.length), "error"), rest);
    default:
      return Object.assign(new Error(message), { name }, rest);
  }
}

const adapter = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid `prisma.account.count()` invocation"), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { modelName: "Account", driverAdapterError: Object.assign(new Error("x"), { cause }) },
  });

describe("database failures recorded while PostgreSQL restarted under load", () => {
  it("when the fixtures are read, then they hold the shapes that once escaped as 500", () => {
    expect(harvest.runs.length).toBeGreaterThan(0);
    expect(harvest.shapes.some((s) => s.mapped.startsWith("UNMAPPED"))).toBe(true);
  });

  it.each(harvest.shapes.map((s) => [s.signature, s] as const))(
    "when %s, then 503 DATABASE_UNAVAILABLE",
    (_, shape) => {
      const error = revive(shape.error);
      expect(error).toBeInstanceOf(Error);
      const mapped = databaseFailure(error);
      expect(mapped?.status, shape.op).toBe(503);
      expect(mapped?.code).toBe("DATABASE_UNAVAILABLE");
      expect(mapped?.message).not.toMatch(/127\.0\.0\.1|prisma|ECONN|terminat/i);
    },
  );
});

describe("database failures", () => {
  it.each([
    ["PostgreSQL stopped: the pool's next connect is refused", adapter("P1001", { kind: "DatabaseNotReachable" })],
    [
      "PostgreSQL stopped: an idle pooled connection was terminated",
      adapter("P2039", { kind: "postgres", originalCode: "57P01" }),
    ],
    ["PostgreSQL starting up", adapter("P2039", { kind: "postgres", originalCode: "57P03" })],
    ["the connection was closed", adapter("P1017", { kind: "ConnectionClosed" })],
    [
      "node-postgres itself (migrations)",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    ],
    ["the pool's connect timeout", new Error("timeout exceeded when trying to connect")],
  ])("when %s, then 503 DATABASE_UNAVAILABLE", (_, error) => {
    const mapped = databaseFailure(error);
    expect(mapped?.status).toBe(503);
    expect(mapped?.code).toBe("DATABASE_UNAVAILABLE");
    expect(mapped?.message).not.toMatch(/127\.0\.0\.1|prisma|ECONN/);
  });

  it.each([
    [adapter("P1001", { kind: "DatabaseNotReachable" }), "P1001"],
    [adapter("P2039", { kind: "postgres", originalCode: "57P01" }), "pg-57P01"],
    [
      new Error("timeout exceeded when trying to connect to 127.0.0.1 as anna"),
      "timeout exceeded when trying to connect",
    ],
    [adapter("P2039", { kind: "postgres", originalCode: "53100" }), "pg-53100"],
  ])(
    "when a database failure is mapped, then the log learns its kind by a fixed name, never the driver's text (%#)",
    (error, reason) => {
      // The reason goes to the server's log only (error-handler.ts), not to the client's body.
      expect(databaseFailure(error)?.reason).toBe(reason);
    },
  );

  it.each([
    [
      "SQLite full in a raw query (Prisma P2010)",
      adapter("P2010", { kind: "sqlite", extendedCode: 13, originalCode: "13" }),
    ],
    [
      "SQLite full at a transaction's COMMIT (libsql's own error)",
      Object.assign(new Error("SQLITE_FULL: database or disk is full"), {
        name: "LibsqlError",
        code: "SQLITE_FULL",
        rawCode: 13,
      }),
    ],
    ["PostgreSQL out of disk", adapter("P2039", { kind: "postgres", originalCode: "53100" })],
  ])("when %s, then 507 STORAGE_FULL", (_, error) => {
    const mapped = databaseFailure(error);
    expect(mapped?.status).toBe(507);
    expect(mapped?.code).toBe("STORAGE_FULL");
  });

  it.each([
    ["a unique constraint", adapter("P2002", { kind: "UniqueConstraintViolation" })],
    [
      "an interactive transaction used after it ended (a bug, not the database)",
      Object.assign(new Error("Transaction API error: Transaction not found."), { code: "P2028" }),
    ],
    ["a plain bug", new TypeError("x is undefined")],
    ["not an error", "boom"],
  ])("when %s, then it is not a database failure (the handler answers 500 or its own code)", (_, error) => {
    expect(databaseFailure(error)).toBeUndefined();
  });
});
