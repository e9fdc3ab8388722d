// Another process holding a SQLite file exclusively (what a stuck writer or a backup tool does), for
// the tests of what the server answers when it cannot get at its file.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const serverDir = new URL("../..", import.meta.url).pathname;

/**
 * Creates a WAL file with the `tables` (CREATE TABLE statements), has a child process hold it
 * exclusively for `holdMs`, and runs `use` with the file's path once the lock is held; the file
 * is removed afterwards.
 */
export async function withSqliteLocked(
  tables: readonly string[],
  use: (file: string) => Promise<void>,
  holdMs = 3000,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sigill-locked-"));
  const file = join(dir, "locked.db");
  const script = `
    import Database from "libsql";
    const db = new Database(${JSON.stringify(file)});
    db.exec("PRAGMA journal_mode = WAL");
    for (const table of ${JSON.stringify(tables)}) db.exec(table);
    db.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held (x INTEGER);");
    console.log("locked");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${String(holdMs)});`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: serverDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        if (d.toString().includes("locked")) resolve();
      });
      child.once("exit", (code) => {
        reject(new Error(`the lock holder exited (${String(code)}) before locking`));
      });
    });
    await use(file);
  } finally {
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `promise` rejected with, or undefined when it resolved. */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}
