// `pnpm bench` for the detection engine: cold start of the rules, throughput over a 10 MB mixed
// corpus (with a String.prototype.indexOf pass as the reference), throughput over text without
// repeats, and keystroke re-scan latency on a 20 KB draft. The corpus is built from both evaluation
// sets (the generated regression set and the development half of the independent set, which has
// long threads, HTML tables and full-width digits). Writes detection/bench-results.json
// ({ name, value, unit }[]).
//
// The engine is measured as shipped: src/index.ts bundled by esbuild (the extension's bundler does
// the same) and imported as one module. Under tsx, imported bindings become getters of a CommonJS
// wrapper, which costs every cross-module call and made the engine look slower than it is. Each
// figure is given in wall-clock time and in this process's CPU time (process.cpuUsage): on a shared,
// busy machine the CPU figures are the steadier ones to compare.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BLIND_PARTS } from "../eval/blind.ts";
import { seeded } from "../eval/numbers.ts";
import { keystroke } from "./keystroke.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** The engine bundled by esbuild (a dependency of tsx, which runs this file). */
async function loadBundledEngine(): Promise<typeof import("../src/index.ts")> {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
  const esbuild = fromTsx("esbuild") as {
    buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[] };
  };
  const built = esbuild.buildSync({
    entryPoints: [join(here, "..", "src", "index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
  });
  const dir = mkdtempSync(join(tmpdir(), "sigill-detection-bench-"));
  const file = join(dir, "engine.mjs");
  writeFileSync(file, built.outputFiles[0]?.text ?? "");
  try {
    return (await import(pathToFileURL(file).href)) as typeof import("../src/index.ts");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { createScanner, detect, parsePolicy } = await loadBundledEngine();
const results: { name: string; value: number; unit: string }[] = [];
const rows: string[] = [];
const record = (name: string, value: number, unit: string, goal: string, met: boolean | null) => {
  const rounded = Number(value.toFixed(value < 10 ? 3 : 1));
  results.push({ name, value: rounded, unit });
  const verdict = met === null ? "" : met ? "MET" : "MISSED";
  rows.push(`${name.padEnd(28)} ${String(rounded).padStart(10)} ${unit.padEnd(6)} ${goal.padEnd(12)} ${verdict}`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
/** This process's CPU time in milliseconds (user + system). */
const cpu = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const textsOf = (file: string) =>
  readFileSync(join(here, "..", "eval", file), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { text: string }).text);
const texts = [...textsOf("data.jsonl"), ...textsOf(join("blind", "dev.jsonl"))];
const rng = seeded(7);
const build = (size: number) => {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const t = texts[Math.floor(rng() * texts.length)] ?? "";
    parts.push(t);
    length += t.length + 2;
  }
  return parts.join("\n\n").slice(0, size);
};

// Cold start: compiling the lexicon automaton and tables for a policy never seen before.
{
  const startCpu = cpu();
  const start = performance.now();
  createScanner({ policy: parsePolicy({}) });
  const cold = performance.now() - start;
  const coldCpu = cpu() - startCpu;
  record("detect.cold_start_ms", cold, "ms", "< 20", cold < 20);
  record("detect.cold_start_cpu_ms", coldCpu, "ms", "report", null);
}

// Throughput over 10 MB, against one indexOf pass for an absent character over the same text.
{
  const corpus = build(10_000_000);
  const megabytes = Buffer.byteLength(corpus, "utf8") / 1e6;
  // The first pass over the corpus is reported on its own: it runs while the JIT is still compiling
  // the engine's functions (about twice as slow), and a one-off scan of a large attachment pays it.
  // The goal is the throughput once compiled: the median of the passes after it.
  gc();
  const firstStart = performance.now();
  detect(corpus);
  const first = performance.now() - firstStart;
  detect(corpus);
  const scan: number[] = [];
  const scanCpu: number[] = [];
  const find: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc();
    const c = cpu();
    let t = performance.now();
    const result = detect(corpus);
    scan.push(performance.now() - t);
    scanCpu.push(cpu() - c);
    if (result.findings.length === 0) throw new Error("the corpus should have findings");
    t = performance.now();
    if (corpus.indexOf("\u0001") !== -1) throw new Error("absent character found");
    find.push(performance.now() - t);
  }
  const mbps = megabytes / (median(scan) / 1000);
  const indexOfMbps = megabytes / (Math.max(median(find), 0.001) / 1000);
  record("detect.throughput_mbps", mbps, "MB/s", ">= 50", mbps >= 50);
  record("detect.throughput_cpu_mbps", megabytes / (median(scanCpu) / 1000), "MB/s", "report", null);
  record("detect.throughput_first_mbps", megabytes / (first / 1000), "MB/s", "report", null);
  record("detect.indexof_mbps", indexOfMbps, "MB/s", "reference", null);
  record("detect.vs_indexof_ratio", mbps / indexOfMbps, "ratio", "report", null);
}

// One long paragraph of many kinds of line (an attachment's text without blank lines): names,
// titles, category words, topics, an invitation's wording, kin, quotes, English, a table, identity
// numbers, rules and an attendance line. Every per-paragraph step must stay near linear in it. On 7
// December 2026 the first kind alone (16,000 lines, 1.3 MB) took 73 s, four steps being n²; later
// that day the other kinds found six more (up to 11.6 s for 1.3 MB of one of them).
{
  const lines =
    "Kurator Sara Ek och skolsköterska Maja Lind skrev att Leo i 4B har diabetes och ADHD.\n" +
    "Välkomna på föreläsning om ADHD, eftersom Leo i 4B har frågat om diabetes och ångest.\n" +
    "Om ditt barn har feber ska det stanna hemma, kontakta skolsköterskan om din son har ont.\n" +
    "> Hej Anna, Leo i 4B har fått diagnosen ADHD och går till BUP varje vecka enligt mamma.\n" +
    "Dear parents, if your child has asthma please tell the school nurse; Sam in 5B uses an inhaler.\n" +
    "Leo Berg\t201302272388\t4E\tallergi nötter\tmamma Sara 070-123 45 67\n" +
    "Elev: Maja Lind, pnr 20130227-2388, klass 4E, åtgärdsprogram i matte, kontakt rektor Anna.\n" +
    "Eleven ska få extra anpassningar enligt åtgärdsprogrammet, rutinen för orosanmälan gäller alla.\n" +
    "Närvarande: Per N (kurator), Elin V (socialtjänsten), Anna B (skolsköterska), rektor Mats E.\n";
  const long = lines.repeat(1_700);
  detect(long.slice(0, 20_000));
  gc();
  const t = performance.now();
  detect(long);
  const ms = performance.now() - t;
  record("detect.long_paragraph_ms", ms, "ms", "report (1.4 MB)", null);
}

// Throughput over text without repeats. The 10 MB corpus above repeats each paragraph about 27
// times (about 5,000 distinct paragraphs in 133,000), and detect() scans a repeated paragraph once,
// so its figure is mostly the dedupe and the decisions. Here every text of the evaluation sets
// except the frozen test half, once each (about 6,700 texts, 3 MB): the scan of new text, which
// is what a long attachment or a mailbox export costs.
{
  const files = ["data.jsonl", ...Object.keys(BLIND_PARTS).map((part) => join("blind", `${part}.jsonl`))];
  const unique = files.flatMap((f) => textsOf(f)).join("\n\n");
  const megabytes = Buffer.byteLength(unique, "utf8") / 1e6;
  detect(unique.slice(0, 200_000));
  const scan: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc();
    const t = performance.now();
    detect(unique);
    scan.push(performance.now() - t);
  }
  record("detect.throughput_unique_mbps", megabytes / (median(scan) / 1000), "MB/s", "report", null);
}

// Keystroke latency: one-character edits at random places in a 20 KB draft, p99 over 1,000 edits.
{
  let draft = build(20_000);
  const scanner = createScanner();
  scanner.update(draft);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  gc();
  for (let i = 0; i < 1000; i++) {
    draft = keystroke(draft, rng);
    const c = cpu();
    const t = performance.now();
    scanner.update(draft);
    times.push(performance.now() - t);
    cpuTimes.push(cpu() - c);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const p99 = times[Math.floor(times.length * 0.99)] ?? 0;
  record("detect.keystroke_p50_ms", times[Math.floor(times.length / 2)] ?? 0, "ms", "report", null);
  record("detect.keystroke_p99_ms", p99, "ms", "< 1", p99 < 1);
  record("detect.keystroke_cpu_p50_ms", cpuTimes[Math.floor(cpuTimes.length / 2)] ?? 0, "ms", "report", null);
  record("detect.keystroke_cpu_p99_ms", cpuTimes[Math.floor(cpuTimes.length * 0.99)] ?? 0, "ms", "report", null);
  // For comparison: a full scan of the same draft without the paragraph cache.
  const full: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    detect(draft);
    full.push(performance.now() - t);
  }
  record("detect.full_rescan_20kb_ms", median(full), "ms", "report", null);
}

writeFileSync(join(here, "..", "bench-results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`${"figure".padEnd(28)} ${"value".padStart(10)} ${"unit".padEnd(6)} ${"goal".padEnd(12)}`);
console.log(rows.join("\n"));
console.log("wrote detection/bench-results.json");
