// What the server process does with an error nothing else caught. Node's default prints the error
// whole (message and stack) to stderr and stops; a message can carry what a request held (an
// address, a name), so the log gets only the error's name and code, never its text.
import { errorShape, type Logger } from "./http/logger.ts";

/** The parts of `process` this needs: its events and its exit. */
export interface ProcessPort {
  on(event: "unhandledRejection" | "uncaughtException", listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

/**
 * A promise rejected with no one to handle it is logged (name and code only) and the server goes
 * on: a request's own errors reach the error handler (Express 5 awaits handlers), and the work that
 * runs detached is built not to reject (notifications, the retention job, checkpoints), so such a
 * rejection is a bug to find in the log, not a reason to drop every request in flight. An exception
 * nothing caught leaves the process in an unknown state: logged the same way, then the process
 * stops with 1 for its supervisor to start it again.
 */
export function handleProcessErrors(proc: ProcessPort, logger: Logger): void {
  proc.on("unhandledRejection", (reason) => {
    logger.error({ event: "unhandled_rejection", ...errorShape(reason) }, "a promise failed with no handler");
  });
  proc.on("uncaughtException", (error) => {
    logger.fatal({ event: "uncaught_exception", ...errorShape(error) }, "an uncaught exception: stopping");
    proc.exit(1);
  });
}
