// Preloaded into the server process by the load bench (`node --import ./bench/probe.ts`), so the
// server's own figures are taken inside it while its code stays untouched. The bench writes a
// command to `<SIGILL_BENCH_PROBE_FILE>.cmd` and sends SIGUSR2; the answer goes to
// SIGILL_BENCH_PROBE_FILE with a sequence number:
//   figures        full GC (the server runs with --expose-gc), then {rss, heapUsed, heapTotal, external, lagP99Ms} for the window
//                  since the last "figures", and a new window starts
//   profile-start  starts V8's CPU profiler (node:inspector, in this process)
//   profile-stop   stops it and writes the profile to the command's `out` path (.cpuprofile)
//   heap-snapshot  full GC, then a V8 heap snapshot to the command's `out` path (.heapsnapshot)
import { readFileSync, writeFileSync } from "node:fs";
import { writeHeapSnapshot } from "node:v8";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.SIGILL_BENCH_PROBE_FILE;
if (file !== undefined && file !== "") {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let seq = 0;
  let session: Session | undefined;
  const answer = (body: Record<string, unknown>) => {
    writeFileSync(file, JSON.stringify({ seq: ++seq, ...body }));
  };
  const commands: Record<string, (cmd: { out?: string }) => Promise<void>> = {
    figures: () => {
      globalThis.gc?.();
      const m = process.memoryUsage();
      answer({
        rss: m.rss,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        external: m.external,
        lagP99Ms: lag.percentile(99) / 1e6,
      });
      lag.reset();
      return Promise.resolve();
    },
    "profile-start": async () => {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      answer({});
    },
    "profile-stop": async (cmd) => {
      if (session === undefined || cmd.out === undefined) throw new Error("no profile running");
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(cmd.out, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
      answer({});
    },
    "heap-snapshot": (cmd) => {
      if (cmd.out === undefined) throw new Error("no path for the snapshot");
      globalThis.gc?.();
      writeHeapSnapshot(cmd.out);
      answer({});
      return Promise.resolve();
    },
  };
  process.on("SIGUSR2", () => {
    const cmd = JSON.parse(readFileSync(`${file}.cmd`, "utf8")) as { name: string; out?: string };
    const run = commands[cmd.name];
    if (run === undefined) answer({ error: `unknown probe command ${cmd.name}` });
    else
      run(cmd).catch((e: unknown) => {
        answer({ error: e instanceof Error ? e.message : String(e) });
      });
  });
}
