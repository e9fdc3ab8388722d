// A bound on the API requests one process works on at once. Beyond it a request is refused at
// once with 503 SERVER_BUSY and Retry-After, instead of joining a queue (for a pooled database
// connection, for the event loop) that it would leave only by timing out after seconds, holding
// its socket and buffers meanwhile: under an overload the process keeps its memory and answers
// what it admits at its normal speed, and a client learns at once to come back (issue 21).
import type { RequestHandler, Response } from "express";
import { AppError } from "./app-error.ts";

/** At most `max` requests in flight; a refused one calls `onRefused` (for one log line per burst). */
export function inFlightLimit(max: number, onRefused: (current: number) => void): RequestHandler {
  let current = 0;
  return (_req, res, next) => {
    if (current >= max) {
      onRefused(current);
      res.setHeader("Retry-After", "1");
      next(new AppError("SERVER_BUSY", "The server is busy right now. Try again in a moment."));
      return;
    }
    current++;
    // 'close' comes once per response: after 'finish', or alone when the client goes away first.
    res.once("close", () => {
      current--;
    });
    next();
  };
}

/**
 * At most `max` requests at once per account (`accountOf`, after the session check): for transfers,
 * which hold their place as long as the client takes, so that one account's slow downloads cannot
 * fill the process's bound for everyone. Past it 429 RATE_LIMITED with Retry-After.
 */
export function perAccountLimit(max: number, accountOf: (res: Response) => string): RequestHandler {
  const current = new Map<string, number>();
  return (_req, res, next) => {
    const account = accountOf(res);
    const now = current.get(account) ?? 0;
    if (now >= max) {
      next(
        new AppError("RATE_LIMITED", "Too many downloads or uploads at once. Try again in a moment.", {
          details: { retryAfter: 1 },
        }),
      );
      return;
    }
    current.set(account, now + 1);
    res.once("close", () => {
      const left = (current.get(account) ?? 1) - 1;
      if (left <= 0) current.delete(account);
      else current.set(account, left);
    });
    next();
  };
}
