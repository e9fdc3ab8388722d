// The session "last seen" touch (src/modules/auth/touch.ts): one write per session at a time, not
// a stampede of writes on one row when a busy session's minute runs out (the PostgreSQL soak's 503s).
import { describe, expect, it } from "vitest";
import { createToucher } from "../src/modules/auth/touch.ts";

const MINUTE = 60_000;
const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, 0) + ms);

/** A write that counts its calls and finishes when `release` is called (or at once). */
function countingWrite(hold = false) {
  const calls: { id: string; now: number }[] = [];
  let release: () => void = () => undefined;
  const gate = hold ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  return {
    calls,
    release: () => {
      release();
    },
    write: async (id: string, now: Date) => {
      calls.push({ id, now: now.getTime() });
      await gate;
    },
  };
}

describe("touching a session's last-seen time", () => {
  it("when 500 requests of one session arrive together after its minute ran out, then one of them writes", async () => {
    const w = countingWrite(true);
    const toucher = createToucher(w.write, MINUTE);
    const all = Array.from({ length: 500 }, (_, i) => toucher.touch("s1", at(0), at(MINUTE + 1 + i)));
    w.release();
    await Promise.all(all);
    expect(w.calls).toHaveLength(1);
  });

  it.each([
    ["seen within the minute", MINUTE, 0],
    ["seen just over a minute ago", MINUTE + 1, 1],
  ] as const)("when the session was %s, then it is written %i time(s)", async (_name, age, writes) => {
    const w = countingWrite();
    await createToucher(w.write, MINUTE).touch("s1", at(0), at(age));
    expect(w.calls).toHaveLength(writes);
  });

  it("when another minute has passed since this process wrote it, then it is written again", async () => {
    const w = countingWrite();
    const toucher = createToucher(w.write, MINUTE);
    await toucher.touch("s1", at(0), at(MINUTE + 1));
    await toucher.touch("s1", at(0), at(MINUTE + 30_000)); // the read was older than the write: still skipped
    await toucher.touch("s1", at(MINUTE + 1), at(2 * MINUTE + 2));
    expect(w.calls.map((c) => c.now)).toEqual([at(MINUTE + 1).getTime(), at(2 * MINUTE + 2).getTime()]);
  });

  it("when the write fails, then that request fails and the next request tries again", async () => {
    let fail = true;
    const calls: string[] = [];
    const toucher = createToucher(async (id) => {
      calls.push(id);
      if (fail) throw new Error("database unavailable");
      await Promise.resolve();
    }, MINUTE);
    await expect(toucher.touch("s1", at(0), at(MINUTE + 1))).rejects.toThrow("database unavailable");
    fail = false;
    await toucher.touch("s1", at(0), at(MINUTE + 2));
    expect(calls).toEqual(["s1", "s1"]);
  });

  it("when many sessions are touched, then each is written once and old entries are swept", async () => {
    const w = countingWrite();
    const toucher = createToucher(w.write, MINUTE);
    for (let i = 0; i < 12_000; i++) await toucher.touch(`s${String(i)}`, at(0), at(MINUTE + 1 + i * 20));
    // The first sessions, touched more than a minute before the last, were swept and may be written again.
    await toucher.touch("s0", at(0), at(MINUTE + 12_000 * 20));
    await toucher.touch("s11999", at(0), at(MINUTE + 12_000 * 20));
    expect(w.calls).toHaveLength(12_001);
  });
});
