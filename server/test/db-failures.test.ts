// The shapes of database failures as they really arrive (recorded from Prisma 7 with the pg and
// libsql adapters, see faults.test.ts for the end-to-end runs), mapped to 503/507 with a code.
import { describe, expect, it } from "vitest";
import { databaseFailure } from "../src/db/failures.ts";

const adapter = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid `prisma.account.count()` invocation"), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { modelName: "Account", driverAdapterError: Object.assign(new Error("x"), { cause }) },
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
    ["a plain bug", new TypeError("x is undefined")],
    ["not an error", "boom"],
  ])("when %s, then it is not a database failure (the handler answers 500 or its own code)", (_, error) => {
    expect(databaseFailure(error)).toBeUndefined();
  });
});
