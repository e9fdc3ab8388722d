// The server's real logger writing into memory: every line as written, for "nothing secret in the
// logs" checks and for the events a test expects.
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/http/logger.ts";

export function captureLogs(level = "info"): {
  readonly logger: Logger;
  /** Every line written so far (JSON text, one object each). */
  readonly lines: string[];
  readonly text: () => string;
  readonly events: () => Record<string, unknown>[];
} {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return {
    logger: createLogger(level, sink),
    lines,
    text: () => lines.join(""),
    events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
