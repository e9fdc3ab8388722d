// An error nothing else caught, as the real logger writes it: its name and code only, never its
// text (a message can hold an address or a personnummer); a stray rejection leaves the server
// serving, an uncaught exception stops it with 1.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { errorShape } from "../src/http/logger.ts";
import { handleProcessErrors } from "../src/process-errors.ts";
import { captureLogs } from "./support/logs.ts";

const SECRET = "could not mail anna.berg@skola.example about 19121212-1212";

function harness() {
  const { logger, lines } = captureLogs();
  const events = new EventEmitter();
  const exits: number[] = [];
  handleProcessErrors(
    {
      on: (event, listener) => events.on(event, listener),
      exit: (code) => {
        exits.push(code);
      },
    },
    logger,
  );
  return { events, exits, lines };
}

describe("errors nothing else caught", () => {
  it("when a promise fails with no handler, then the log holds its name and code, not its message, and the server goes on", () => {
    const { events, exits, lines } = harness();
    events.emit("unhandledRejection", Object.assign(new Error(SECRET), { code: "ECONNREFUSED" }));
    events.emit("unhandledRejection", SECRET);
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ event: "unhandled_rejection", name: "Error", code: "ECONNREFUSED", level: 50 });
    expect(second).toMatchObject({ event: "unhandled_rejection", name: "string" });
    for (const line of lines) for (const part of ["anna", "skola", "1212", "stack"]) expect(line).not.toContain(part);
  });

  it("when an exception is not caught, then it is logged the same way and the process stops with 1", () => {
    const { events, exits, lines } = harness();
    events.emit("uncaughtException", new TypeError(SECRET));
    expect(exits).toEqual([1]);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ event: "uncaught_exception", name: "TypeError", level: 60 });
    expect(lines.join("")).not.toContain("anna");
  });

  it("when errors have odd shapes, then only a name and a short string code come out", () => {
    expect(errorShape(undefined)).toEqual({ name: "undefined" });
    expect(errorShape({ message: SECRET })).toEqual({ name: "object" });
    expect(errorShape(Object.assign(new RangeError(SECRET), { code: 42 }))).toEqual({ name: "RangeError" });
    expect(errorShape(Object.assign(new Error("x"), { code: "E".repeat(100) })).code).toHaveLength(64);
  });
});
