// Summarises a V8 CPU profile (.cpuprofile, as written by `node --cpu-prof`): self time per
// package (node_modules/<name>, our src/, node: internals, GC, idle) and the hottest functions.
// Used by the load bench when SIGILL_BENCH_PROFILE is set; also runnable on its own:
//   node --import tsx bench/profile-summary.ts <file.cpuprofile>
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, our own source, Node's internals, or V8's own work. */
export function ownerOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1] !== undefined) return pkg[1];
  if (url.startsWith("node:")) return "node: internals";
  const own = /\/(server|crypto|client)\/src\//.exec(url);
  if (own?.[1] !== undefined) return `@sigill/${own[1]} (ours)`;
  return url.replace(/^.*\//, "");
}

export function summarise(profile: Profile, top = 15): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)");
  const busy = total - idle.reduce((a, [, us]) => a + us, 0);
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === "(idle)") continue;
    const owner = ownerOf(frame.url, frame.functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const fn = `${frame.functionName || "(anonymous)"} [${owner}:${String(frame.lineNumber + 1)}]`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `  ${pct(us)}  ${name}`);
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s; self time of the busy part by owner:`,
    ...rows(owners),
    "hottest functions (self time):",
    ...rows(functions),
  ].join("\n");
}

if (process.argv[1]?.endsWith("profile-summary.ts") === true) {
  const file = process.argv[2];
  if (file === undefined) throw new Error("usage: profile-summary.ts <file.cpuprofile>");
  console.log(summarise(JSON.parse(readFileSync(file, "utf8")) as Profile));
}
