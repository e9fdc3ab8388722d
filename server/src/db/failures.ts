// Recognises failures of the database itself (unreachable, restarting, out of space), so the API
// answers 503/507 with a code instead of a generic 500. Classification reads codes and kinds (and
// a few fixed node-postgres messages); nothing of the driver's error reaches the client or the log.
// test/fixtures/db-errors.json holds every shape a PostgreSQL restart under load produced
// (scripts/harvest-db-errors.ts); test/db-failures.test.ts checks each.
import { AppError } from "../http/app-error.ts";

/** Prisma's codes for "cannot reach / lost / timed out waiting for the database". */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Driver-adapter error kinds for the same. */
const ADAPTER_UNAVAILABLE = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/**
 * node-postgres's own errors, plain `Error`s with no code: the connection ended or timed out, or
 * a query went to a client whose connection had already failed (a transaction's next statement
 * after a restart; it reaches Prisma's caller unwrapped, issue 20).
 */
const NODE_POSTGRES_UNAVAILABLE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;
const P2028_NO_CONNECTION = "Unable to start a transaction in the given time";
/** Socket errors of node-postgres when the server goes away. */
const SOCKET_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);

interface Fields {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  extendedCode?: unknown;
  rawCode?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
  cause?: unknown;
}

type Verdict = readonly ["unavailable" | "full", string] | undefined;

/** Whether `f` is a database failure, and which of the known shapes it has (a fixed name, never the driver's text). */
function classify(f: Fields): Verdict {
  const code = typeof f.code === "string" ? f.code : undefined;
  const original = typeof f.originalCode === "string" ? f.originalCode : undefined;
  // SQLITE_FULL (13): through Prisma as an adapter error, or libsql's own error at a transaction's COMMIT.
  if (f.kind === "sqlite" && (f.extendedCode === 13 || original === "13")) return ["full", "sqlite-full"];
  if (code === "SQLITE_FULL" || f.rawCode === 13) return ["full", "sqlite-full"];
  // SQLITE_BUSY (5): another connection kept the file locked past the busy timeout.
  if (f.kind === "sqlite" && (f.extendedCode === 5 || original === "5")) return ["unavailable", "sqlite-busy"];
  if (code === "SQLITE_BUSY" || f.rawCode === 5) return ["unavailable", "sqlite-busy"];
  // PostgreSQL SQLSTATE: 53100 disk_full; 08 connection exceptions; 57P01-57P03 shutdown/cannot connect now; 53300 too many connections.
  const state = f.kind === "postgres" ? original : code;
  if (state === "53100") return ["full", "pg-53100"];
  if (state !== undefined && (/^08/.test(state) || /^57P0[1-3]$/.test(state) || state === "53300"))
    return ["unavailable", `pg-${state}`];
  if (code !== undefined && (PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code)))
    return ["unavailable", code];
  // P2028 is any interactive-transaction failure; only this one is the database's: no connection
  // came within the transaction's wait (the pool was still trying to reach a restarting server).
  if (code === "P2028" && typeof f.message === "string" && f.message.includes(P2028_NO_CONNECTION))
    return ["unavailable", "P2028-no-connection"];
  if (typeof f.kind === "string" && ADAPTER_UNAVAILABLE.has(f.kind)) return ["unavailable", f.kind];
  const pgMessage = typeof f.message === "string" ? NODE_POSTGRES_UNAVAILABLE.exec(f.message)?.[1] : undefined;
  if (pgMessage !== undefined) return ["unavailable", pgMessage];
  return undefined;
}

/** An AppError (503 DATABASE_UNAVAILABLE or 507 STORAGE_FULL) for a database failure, else undefined. */
export function databaseFailure(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const f = current as Fields;
    const found =
      classify(f) ??
      (f.meta?.driverAdapterError?.cause === undefined
        ? undefined
        : classify(f.meta.driverAdapterError.cause as Fields));
    if (found?.[0] === "full")
      return new AppError("STORAGE_FULL", "The server's storage is full. Nothing was saved; try again later.", {
        cause: error,
        reason: found[1],
      });
    if (found?.[0] === "unavailable")
      return new AppError("DATABASE_UNAVAILABLE", "The database is not reachable right now. Try again shortly.", {
        cause: error,
        reason: found[1],
      });
    current = f.meta?.driverAdapterError ?? f.cause;
  }
  return undefined;
}
