// Hand-written SQL for the hottest reads (session lookup, message fetch, inbox), where Prisma's
// model queries cost one round trip per relation plus its query interpreter (see docs/performance.md).
// The SQL is portable between SQLite and PostgreSQL (quoted camelCase columns, `?`/`$n` filled in
// by Prisma's tagged template), and every row is parsed with a schema: the database is a boundary too.
import { z } from "zod";
import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "./database.ts";

/** The tagged template for a statement: values become bound parameters, never SQL text. */
export const sql = Prisma.sql;
/** An empty fragment, for a condition that is not there. */
export const empty = Prisma.empty;

/**
 * A row count written into the statement's text instead of bound as a parameter (checked: a whole
 * number from 1 to 10,000). PostgreSQL plans `LIMIT $n` for an unknown count (a tenth of the
 * table), so a prepared statement with it never takes its generic plan and is planned again on
 * every execution, which for an inbox page cost as much as running it (0.5 ms each).
 */
export function rowCount(n: number): Prisma.Sql {
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000) throw new RangeError("a row count must be 1 to 10,000");
  return Prisma.raw(String(n));
}
/** A statement built with {@link sql}. */
export type Sql = Prisma.Sql;

/**
 * A DateTime column: a Date from Prisma and from PostgreSQL's read path, the ISO text Prisma
 * stored from SQLite's (src/db/reads.ts).
 */
export const dateColumn = z.union([z.date(), z.string()]).transform((v, ctx) => {
  const date = new Date(v);
  if (Number.isNaN(date.getTime())) {
    ctx.issues.push({ code: "custom", message: "not a date", input: v });
    return z.NEVER;
  }
  return date;
});
export const nullableDate = dateColumn.nullable();
/** A Bytes column (Prisma gives a Uint8Array, Buffer on Node). */
export const bytesColumn = z.instanceof(Uint8Array);
/** A BigInt column, or a COUNT(*), as a number (both databases' drivers differ in which they give). */
export const countColumn = z.union([z.bigint(), z.number()]).transform(Number);

/** Runs a statement made with {@link sql} on `db` and parses every row with `row`. */
export async function selectRows<T extends z.ZodType>(db: Db, row: T, statement: Prisma.Sql): Promise<z.infer<T>[]> {
  const result: unknown = await db.$queryRaw(statement);
  return z.array(row).parse(result);
}
