import type { ErrorRequestHandler } from "express";
import type { Logger } from "./logger.ts";
import { databaseFailure } from "../db/failures.ts";
import { AppError } from "./app-error.ts";

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Maps every failure to `{ error: { code, message } }`; unknown errors become a generic 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let appError: AppError;
    const database = error instanceof AppError ? undefined : databaseFailure(error);
    if (error instanceof AppError) {
      appError = error;
    } else if (database !== undefined) {
      appError = database;
      logger.warn(
        {
          requestId: res.locals.requestId as string,
          code: appError.code,
          reason: appError.reason,
          route: (req.route as { path?: string } | undefined)?.path,
        },
        "database failure",
      );
    } else {
      const parser = error as BodyParserError;
      if (parser.type === "entity.parse.failed")
        appError = new AppError("MALFORMED_JSON", "the body is not valid JSON");
      else if (parser.type === "entity.too.large")
        appError = new AppError("PAYLOAD_TOO_LARGE", "the body is too large");
      else if (parser.type === "encoding.unsupported" || parser.type === "charset.unsupported") {
        appError = new AppError("UNSUPPORTED_MEDIA_TYPE", "send UTF-8 JSON");
      } else if (error instanceof URIError) {
        // The router could not percent-decode a path segment (`%ZZ`): the client's mistake, not ours.
        appError = new AppError("BAD_REQUEST", "the path is not valid percent-encoding");
      } else {
        appError = new AppError("INTERNAL", "Something went wrong.");
        // Name, code and stack frames only: messages of foreign errors may quote data.
        const e = error instanceof Error ? error : new Error("non-error thrown");
        const frames = (e.stack ?? "").split("\n").slice(1, 8).join("\n");
        logger.error(
          {
            requestId: res.locals.requestId as string,
            err: { name: e.name, code: (e as { code?: unknown }).code, frames },
          },
          "unhandled error",
        );
      }
    }
    if (appError.code === "RATE_LIMITED") {
      const retryAfter = appError.details?.retryAfter;
      res.setHeader("Retry-After", String(typeof retryAfter === "number" ? retryAfter : 60));
    }
    // The outage is expected to pass: clients may retry (the extension's uploads resume where they stopped).
    if (appError.code === "DATABASE_UNAVAILABLE") res.setHeader("Retry-After", "5");
    if (appError.status < 500 && appError.status !== 404) {
      logger.info(
        {
          requestId: res.locals.requestId as string,
          code: appError.code,
          route: (req.route as { path?: string } | undefined)?.path,
        },
        "request refused",
      );
    }
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message } });
  };
}
