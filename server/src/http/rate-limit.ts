import type { Request, RequestHandler } from "express";
import { createHash } from "node:crypto";
import { z } from "zod";
import { selectRows, sql } from "../db/raw.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "./app-error.ts";
import { errorShape } from "./logger.ts";

export interface RateLimitRule {
  /** Names the counter, e.g. "login:ip". */
  readonly scope: string;
  readonly limit: number;
  readonly windowSeconds: number;
  /** What is counted: the client IP by default. Return undefined to skip. */
  readonly key?: (req: Request) => string | undefined;
}

const countRow = z.object({ count: z.union([z.bigint(), z.number()]).transform(Number) });

/**
 * Counts one event for `rule` and `subject` in the shared database (so every instance sees the
 * same counters) with a fixed window; throws 429 with Retry-After when the limit is passed.
 * Keys are hashed: no IP address or account id is stored in the clear.
 *
 * One statement counts and reads: an upsert that starts the window's count at 1 or adds 1 to it,
 * returning the new count. Simultaneous first hits cannot reset each other (issue 20): the
 * database serialises them on the key, and each sees its own increment.
 */
export async function hit(
  deps: Deps,
  rule: RateLimitRule,
  subject: string,
  /** Runs once per window, for the first attempt over the limit (to log that the limit was reached). */
  onFirstOver?: () => Promise<unknown>,
): Promise<void> {
  const key = createHash("sha256").update(`${rule.scope}\0${subject}`).digest("hex");
  const now = deps.now();
  const windowStart = new Date(Math.floor(now.getTime() / (rule.windowSeconds * 1000)) * rule.windowSeconds * 1000);
  const [row] = await selectRows(
    deps.db,
    countRow,
    sql`INSERT INTO "rate_limit" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "rate_limit"."windowStart" = excluded."windowStart" THEN "rate_limit"."count" + 1 ELSE 1 END,
          "windowStart" = excluded."windowStart"
        RETURNING "count"`,
  );
  const count = row?.count ?? 1;
  if (count > rule.limit) {
    // The refusal stands even if the notice cannot be written (its failure is logged by name only).
    if (count === rule.limit + 1 && onFirstOver !== undefined)
      await onFirstOver().catch((error: unknown) => {
        deps.logger.error(
          { event: "rate_limit_notice_failed", scope: rule.scope, ...errorShape(error) },
          "could not record that a limit was reached",
        );
      });
    const retryAfter = Math.max(
      1,
      Math.ceil((windowStart.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000),
    );
    throw new AppError("RATE_LIMITED", "too many attempts; try again later", { details: { retryAfter } });
  }
}

export function rateLimit(deps: Deps, rule: RateLimitRule): RequestHandler {
  return async (req, _res, next) => {
    const subject = rule.key === undefined ? (req.ip ?? "unknown") : rule.key(req);
    if (subject !== undefined) await hit(deps, rule, subject);
    next();
  };
}
