import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Structured logs. Call sites log only ids, codes, routes and timings; the redaction list is a
 * second line of defence for anything that slips through (bodies, headers, tokens, keys).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "sigill-server" },
      redact: {
        paths: [
          "body",
          "req.body",
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "headers.cookie",
          "token",
          "*.token",
          "email",
          "*.email",
          "bundle",
          "entry",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

/** An error's name and, when it has one, its code: what may be logged of it. */
export function errorShape(error: unknown): { name: string; code?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  return { name: error.name.slice(0, 64), ...(typeof code === "string" && { code: code.slice(0, 64) }) };
}
