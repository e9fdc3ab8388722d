import type { Request, RequestHandler } from "express";
import { createHash } from "node:crypto";
import type { Deps } from "../deps.ts";
import { AppError } from "./app-error.ts";

export interface RateLimitRule {
  /** Names the counter, e.g. "login:ip". */
  readonly scope: string;
  readonly limit: number;
  readonly windowSeconds: number;
  /** What is counted: the client IP by default. Return undefined to skip. */
  readonly key?: (req: Request) => string | undefined;
}

/**
 * Counts one event for `rule` and `subject` in the shared database (so every instance sees the
 * same counters) with a fixed window; throws 429 with Retry-After when the limit is passed.
 * Keys are hashed: no IP address or account id is stored in the clear.
 */
export async function hit(deps: Deps, rule: RateLimitRule, subject: string): Promise<void> {
  const key = createHash("sha256").update(`${rule.scope}\0${subject}`).digest("hex");
  const now = deps.now();
  const windowStart = new Date(Math.floor(now.getTime() / (rule.windowSeconds * 1000)) * rule.windowSeconds * 1000);
  const bumped = await deps.db.rateLimit.updateMany({ where: { key, windowStart }, data: { count: { increment: 1 } } });
  let count = 1;
  if (bumped.count === 0) {
    await deps.db.rateLimit.upsert({
      where: { key },
      create: { key, windowStart, count: 1 },
      update: { windowStart, count: 1 },
    });
  } else {
    count = (await deps.db.rateLimit.findUnique({ where: { key } }))?.count ?? 1;
  }
  if (count > rule.limit) {
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
