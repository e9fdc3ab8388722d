// Summarises a V8 heap snapshot (.heapsnapshot): the heap's self sizes by kind of thing (compiled
// code, strings, arrays, closures, objects by constructor, V8's own structures) and the largest
// constructors, so a memory figure can be explained part by part. Used by the load bench when
// SIGILL_BENCH_HEAP is set; also runnable on its own:
//   node --import tsx bench/heap-summary.ts <file.heapsnapshot>
import { readFileSync } from "node:fs";

export interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export function summariseHeap(snapshot: Snapshot, top = 15): string {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const byKind = new Map<string, number>();
  const byName = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt] ?? 0] ?? "?";
    const name = snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? "?";
    const size = snapshot.nodes[i + sizeAt] ?? 0;
    total += size;
    byKind.set(type, (byKind.get(type) ?? 0) + size);
    if (type === "object" || type === "native") byName.set(name, (byName.get(name) ?? 0) + size);
  }
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1).padStart(6)} MiB`;
  const lines = [`heap ${mib(total)} in the snapshot; by kind:`];
  for (const [kind, size] of [...byKind].sort((a, b) => b[1] - a[1]))
    lines.push(`  ${mib(size)}  ${((size / total) * 100).toFixed(1).padStart(5)} %  ${kind}`);
  lines.push("largest objects by constructor (self size):");
  for (const [name, size] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${mib(size)}  ${name.slice(0, 80)}`);
  return lines.join("\n");
}

if (process.argv[1]?.endsWith("heap-summary.ts") === true && process.argv[2] !== undefined) {
  console.log(summariseHeap(JSON.parse(readFileSync(process.argv[2], "utf8")) as Snapshot));
}
