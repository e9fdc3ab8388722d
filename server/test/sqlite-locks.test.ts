// The embedded SQLite file shared with another process (the admin CLI, a backup, a second
// connection): a write that finds the file locked waits for the lock (busy timeout, on every
// connection the driver opens — it opens a new one after each transaction) instead of failing at
// once, and a lock held longer than that is a 503 with a code, never a 500.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type Harness } from "./support/harness.ts";
import { person, send } from "./support/people.ts";

/**
 * Another process takes the write lock on the file and keeps it for `ms` (another process, as in
 * real life: the server's driver waits for a lock synchronously, so a holder inside the test's own
 * process could never let go). Resolves once the lock is held; the returned promise ends with it.
 */
async function holdWriteLock(file: string, ms: number): Promise<() => Promise<void>> {
  const script = `
    import { createClient } from "@libsql/client";
    const db = createClient({ url: ${JSON.stringify(`file:${file}`)} });
    const tx = await db.transaction("write");
    await tx.execute("UPDATE organisation SET name = name");
    console.log("locked");
    setTimeout(async () => { await tx.commit(); db.close(); }, ${String(ms)});`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: serverDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("locked")) resolve();
    });
    child.once("exit", (code) => {
      reject(new Error(`the lock holder exited (${String(code)}) before locking`));
    });
  });
  return async () => {
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  };
}

const serverDir = new URL("..", import.meta.url).pathname;

describe("the SQLite file locked by another connection", () => {
  let h: Harness;
  let file: string;
  beforeAll(async () => {
    h = await startServer("sqlite");
    file = `${h.config.dataDir}/sigill.db`;
  });
  afterAll(() => h.close());

  it("when another connection holds the write lock for a moment, then a send waits for it and succeeds, also after earlier transactions", async () => {
    const anna = await person(h, "anna@skola.example");
    const bertil = await person(h, "bertil@skola.example");
    // Earlier sends ran transactions: the driver has replaced its connection since.
    await send(anna, { subject: "Före", text: "x", to: [bertil] });
    for (let round = 0; round < 3; round++) {
      const release = await holdWriteLock(file, 400);
      const started = performance.now();
      const sent = await send(anna, { subject: `Under låset ${String(round)}`, text: "x", to: [bertil] });
      expect(sent.status).toBe("committed");
      expect(performance.now() - started).toBeGreaterThan(300);
      await release();
    }
    // The connection in use now (opened after those transactions) still enforces foreign keys.
    expect(await h.deps.db.$queryRawUnsafe("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
  });

  it("when the lock is held past the busy timeout, then the answer is 503 DATABASE_UNAVAILABLE, and the next one works", async () => {
    const cecilia = await person(h, "cecilia@skola.example");
    const release = await holdWriteLock(file, 6_500);
    const refused = await cecilia.client.call("POST", "/api/events/diversion", { kinds: ["health"] });
    const body = refused.body as { error?: { code?: string } };
    await release();
    expect([refused.status, body.error?.code]).toEqual([503, "DATABASE_UNAVAILABLE"]);
    expect(h.logs.join("\n")).not.toContain("unhandled error");
    const again = await cecilia.client.call("POST", "/api/events/diversion", { kinds: ["health"] });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  }, 20_000);
});
