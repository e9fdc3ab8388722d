// The server under load (issue 9), on SQLite and PostgreSQL. The server is the real process
// (dist/main.js, as `npm start` runs it) with nothing else in it but a small probe (bench/probe.ts,
// compiled to plain JavaScript first so the server process loads no TypeScript compiler)
// for its own RSS, event-loop lag and CPU profile; the load comes from separate processes
// (bench/load-worker.ts, autocannon). This process only sets up and counts.
// Figures go to server/bench-results.json (the root `npm run bench` merges and prints them).
//   server.<db>.idle_rss_mb / idle_heap_*_mb               the process at rest after first use (no load yet)
//   server.<db>.fetch_rps / fetch_p99_ms / fetch_errors   a reader GETs one message, 64 connections
//   server.<db>.vs_express_baseline_ratio                  fetch rps / a bare Express 5 JSON route
//   server.<db>.stack_no_db_rps                            GET /api/health: our middleware, no query
//   server.<db>.fetch_sender_rps / fetch_sender_p99_ms     the sender GETs it (with read receipts)
//   server.<db>.inbox_rps / inbox_p99_ms                   GET the inbox list, 64 connections
//   server.<db>.open_loop_p50_ms / open_loop_p99_ms        fetches and inbox pages started at an even
//                                                          278/s (ten times a 5,000-staff busiest hour)
//   server.<db>.create_rps / create_p99_ms                 POST messages with 10 readers
//   server.<db>.upload_mbps / download_mbps / peak_rss_mb  a 1 GiB attachment; the server's RSS
//   server.<db>.upload_peak_rss_mb / download_peak_rss_mb  the peak during each of the two transfers
//   server.<db>.login_rps / login_p99_ms                   passkey logins (real ES256 assertions),
//                                                          8 people at once, each with their own passkey
//   server.<db>.soak_rss_change_pct / soak_lag_change_pct  moderate mixed load for SIGILL_SOAK_SECONDS
//                                                          (fetch and inbox, evenly paced at a quarter of the rates above)
// Durations: SIGILL_BENCH_SECONDS (default 30), SIGILL_SOAK_SECONDS (default 600), the attachment
// SIGILL_BENCH_UPLOAD_MIB (default 1024). Short values are for trying the bench out only.
// SIGILL_BENCH_PROFILE=<dir>: CPU profiles of the server during the reader fetch, the open loop,
// the upload and the soak's long window are written there and summarised (self time by package
// and function). SIGILL_BENCH_NODE_ARGS="<flags>": extra Node/V8 flags for the server (memory flags).
import {
  encodeBase64Url,
  generateId,
  generateMessageKey,
  sealEnvelope,
  sealKeyStanza,
  type AttachmentDescriptor,
} from "@sigill/crypto";
import { buildSync } from "esbuild";
import express from "express";
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase, ORIGIN, PROVIDERS, type Provider } from "../test/support/harness.ts";
import { send, type Person } from "../test/support/people.ts";
import { enrolPerson, freePort, inviteLink, invitePerson, ServerProcess } from "../test/support/server-process.ts";
import { summariseHeap, type Snapshot } from "./heap-summary.ts";
import { summarise, type Profile } from "./profile-summary.ts";

const SECONDS = Number(process.env.SIGILL_BENCH_SECONDS ?? 30);
const SOAK_SECONDS = Number(process.env.SIGILL_SOAK_SECONDS ?? 600);
const UPLOAD_MIB = Number(process.env.SIGILL_BENCH_UPLOAD_MIB ?? 1024);
const CONNECTIONS = 64;
/**
 * The open-loop rate: ten times the busiest hour of a municipality with 5,000 staff who each open
 * 100 secure messages a day (500,000 reads), a fifth of them in the busiest hour: 28 a second.
 */
const OPEN_LOOP_RATE = Math.round((10 * (5_000 * 100 * 0.2)) / 3_600);
const serverDir = new URL("..", import.meta.url).pathname;
const results: { name: string; value: number; unit: string; goal?: string }[] = [];
const record = (name: string, value: number, unit: string, goal?: string) => {
  const rounded = Math.round(value * 100) / 100;
  results.push({ name, value: rounded, unit, ...(goal !== undefined && { goal }) });
  console.log(
    `${name.padEnd(44)} ${String(rounded).padStart(12)} ${unit}${goal === undefined ? "" : `  (goal ${goal})`}`,
  );
};

async function worker<T>(job: Record<string, unknown>): Promise<T> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "bench/load-worker.ts", JSON.stringify(job)],
    { cwd: serverDir, maxBuffer: 16 * 1024 * 1024, timeout: (SOAK_SECONDS + 600) * 1000 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as T;
}

interface HttpResult {
  rps: number;
  total: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const bearer = (p: Person) => ({ authorization: `Bearer ${p.client.bearer ?? ""}` });

/** The server process's resident set now, in bytes (Linux /proc). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, "utf8"))?.[1];
  if (kb === undefined) throw new Error("no VmRSS in /proc");
  return Number(kb) * 1024;
}

/** Samples the server process's RSS every 50 ms while `work` runs; the peak in MiB. */
async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 50);
  try {
    const result = await work();
    return { result, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** Talks to bench/probe.ts inside the server process: a command, SIGUSR2, then its numbered answer. */
class Probe {
  private seq = 0;
  private readonly server: ServerProcess;
  private readonly file: string;
  constructor(server: ServerProcess, file: string) {
    this.server = server;
    this.file = file;
  }
  async ask(name: "figures" | "profile-start" | "profile-stop" | "heap-snapshot", out?: string) {
    const pid = this.server.child?.pid;
    if (pid === undefined) throw new Error("the server is not running");
    writeFileSync(`${this.file}.cmd`, JSON.stringify({ name, out }));
    const want = ++this.seq;
    process.kill(pid, "SIGUSR2");
    for (let i = 0; i < 600; i++) {
      await sleep(50);
      try {
        const answer = JSON.parse(readFileSync(this.file, "utf8")) as {
          seq: number;
          rss?: number;
          heapUsed?: number;
          heapTotal?: number;
          external?: number;
          lagP99Ms?: number;
          error?: string;
        };
        if (answer.seq === want) {
          if (answer.error !== undefined) throw new Error(answer.error);
          return answer;
        }
      } catch (e) {
        if (e instanceof Error && !(e instanceof SyntaxError) && !("code" in e)) throw e;
      }
    }
    throw new Error(`the probe did not answer ${name}`);
  }
}

/** A message body (envelope and 11 stanzas) from `sender` to `readers`, ready to POST. */
async function messageBody(sender: Person, readers: Person[], attachments: AttachmentDescriptor[] = []) {
  const messageKey = await generateMessageKey();
  const messageId = await generateId();
  const now = Date.now();
  const envelope = await sealEnvelope(
    {
      messageId,
      threadId: messageId,
      createdAt: now,
      expiresAt: now + 7 * 86_400_000,
      attachments,
      content: {
        subject: "Bench",
        text: "Ett meddelande för lasttestet.",
        from: { name: "Bench", address: sender.account.email },
        to: readers.map((r) => r.account.email),
        cc: [],
        attachments: attachments.map(() => ({ name: "stor.bin", type: "application/octet-stream" })),
      },
    },
    messageKey,
    sender.identity,
  );
  const stanzas = await Promise.all(
    [sender, ...readers].map(async (r) => ({
      accountId: r.account.id,
      stanza: await encodeBase64Url(await sealKeyStanza(messageKey, messageId, r.identity.boxPublicKey)),
    })),
  );
  return JSON.stringify({ envelope: await encodeBase64Url(envelope), stanzas, invitations: [] });
}

afterAll(() => {
  writeFileSync(new URL("../bench-results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
});

// SIGILL_BENCH_DB=sqlite|pg measures one database only (for profiling; `npm run bench` runs both).
const only = process.env.SIGILL_BENCH_DB;
describe.each(PROVIDERS.filter((p) => only === undefined || only === "" || p === only))(
  "the server under load on %s",
  (provider: Provider) => {
    it("measures fetch, inbox, create, a 1 GiB attachment, logins and a soak", { timeout: 0 }, async () => {
      const db = provider;
      const { url, drop } = await freshDatabase(provider);
      const work = mkdtempSync(join(tmpdir(), "sigill-bench-"));
      const probeFile = join(work, "probe.json");
      const probeModule = join(work, "probe.mjs");
      buildSync({
        entryPoints: [join(serverDir, "bench/probe.ts")],
        outfile: probeModule,
        format: "esm",
        platform: "node",
        logLevel: "warning",
      });
      const server = new ServerProcess({
        provider,
        dataDir: provider === "sqlite" ? dirname(url.slice("file:".length)) : work,
        dbUrl: url,
        port: await freePort(),
        // SIGILL_BENCH_NODE_ARGS: extra V8/Node flags for the server (space-separated), to try memory flags.
        nodeArgs: [
          "--expose-gc",
          ...(process.env.SIGILL_BENCH_NODE_ARGS ?? "").split(" ").filter((a) => a !== ""),
          "--import",
          probeModule,
        ],
      });
      Object.assign(server.env, {
        // SIGILL_BENCH_LOG=parts|timeline: the server's warnings (a database failure names its kind
        // and route) are counted and printed, and the soak's long window is diagnosed (see below).
        LOG_LEVEL: process.env.SIGILL_BENCH_LOG === undefined ? "silent" : "warn",
        SIGILL_BENCH_PROBE_FILE: probeFile,
      });
      await server.start();
      const probe = new Probe(server, probeFile);
      const base = server.base;
      try {
        const admin = await enrolPerson(base, await server.createAdmin("bench.admin@skola.example", "Bench Admin"));
        const staff = await invitePerson(admin, "bench.staff@skola.example", "Bench Staff", "extension");
        const readers: Person[] = [];
        for (let i = 0; i < 10; i++)
          readers.push(await invitePerson(admin, `bench.reader${String(i)}@skola.example`, "Läsare", "extension"));
        const reader = readers[0];
        if (reader === undefined) throw new Error("no reader");
        const sent = await send(staff, { subject: "Bench", text: "x".repeat(2000), to: readers.slice(0, 3) });
        for (let i = 0; i < 20; i++) await send(staff, { subject: `Inkorg ${String(i)}`, text: "y", to: [reader] });

        // Idle after first use (people enrolled, messages sent; no load yet): what the process holds
        // when nobody is busy. SIGILL_BENCH_HEAP=<dir> also writes a heap snapshot then and summarises it.
        await sleep(2_000);
        const idle = await probe.ask("figures");
        record(`server.${db}.idle_rss_mb`, (idle.rss ?? 0) / 1024 / 1024, "MiB", "< 120");
        record(`server.${db}.idle_heap_used_mb`, (idle.heapUsed ?? 0) / 1024 / 1024, "MiB");
        record(`server.${db}.idle_heap_total_mb`, (idle.heapTotal ?? 0) / 1024 / 1024, "MiB");
        record(`server.${db}.idle_external_mb`, (idle.external ?? 0) / 1024 / 1024, "MiB");
        const heapDir = process.env.SIGILL_BENCH_HEAP;
        if (heapDir !== undefined && heapDir !== "") {
          mkdirSync(heapDir, { recursive: true });
          const out = resolve(heapDir, `server-${db}-idle.heapsnapshot`);
          await probe.ask("heap-snapshot", out);
          console.log(
            `Heap of the idle server (${out}):\n${summariseHeap(JSON.parse(readFileSync(out, "utf8")) as Snapshot)}`,
          );
        }

        // A bare Express 5 JSON route, measured the same way: the ceiling on this machine.
        const bare = express();
        bare.get("/json", (_req, res) => {
          res.json({ ok: true });
        });
        const bareServer = bare.listen(0, "127.0.0.1");
        await new Promise((r) => bareServer.once("listening", r));
        const baseline = await worker<HttpResult>({
          kind: "http",
          url: `http://127.0.0.1:${String((bareServer.address() as AddressInfo).port)}/json`,
          method: "GET",
          headers: {},
          connections: CONNECTIONS,
          seconds: SECONDS,
        });
        bareServer.close();

        // Our whole middleware stack (request id, log line, helmet, CORS, routing, zod) on a route
        // that touches no database: what is left of the ceiling before any query runs.
        const health = await worker<HttpResult>({
          kind: "http",
          url: `${base}/api/health`,
          method: "GET",
          headers: {},
          connections: CONNECTIONS,
          seconds: SECONDS,
        });

        // SIGILL_BENCH_PROFILE=<dir>: a CPU profile of the server while `work` runs, written there and summarised.
        const profileDir = process.env.SIGILL_BENCH_PROFILE;
        const profiled = async <T>(phase: string, file: string, work: () => Promise<T>): Promise<T> => {
          if (profileDir === undefined || profileDir === "") return work();
          await probe.ask("profile-start");
          const result = await work();
          mkdirSync(profileDir, { recursive: true });
          const out = resolve(profileDir, `server-${db}-${file}.cpuprofile`);
          await probe.ask("profile-stop", out);
          console.log(
            `CPU profile of the server during ${phase} (${out}):\n${summarise(JSON.parse(readFileSync(out, "utf8")) as Profile)}`,
          );
          return result;
        };
        const fetchOne = await profiled("the fetch", "fetch", () =>
          worker<HttpResult>({
            kind: "http",
            url: `${base}/api/messages/${sent.id}`,
            method: "GET",
            headers: bearer(reader),
            connections: CONNECTIONS,
            seconds: SECONDS,
          }),
        );
        record(`server.${db}.fetch_rps`, fetchOne.rps, "req/s");
        record(`server.${db}.fetch_p99_ms`, fetchOne.p99, "ms", "< 50");
        record(`server.${db}.fetch_errors`, fetchOne.errors + fetchOne.non2xx, "count", "0");
        record(`server.${db}.express_baseline_rps`, baseline.rps, "req/s");
        record(`server.${db}.stack_no_db_rps`, health.rps, "req/s");
        record(`server.${db}.vs_express_baseline_ratio`, fetchOne.rps / baseline.rps, "ratio", ">= 0.3");

        // The sender's view of the same message also carries the read receipts.
        const fetchSender = await worker<HttpResult>({
          kind: "http",
          url: `${base}/api/messages/${sent.id}`,
          method: "GET",
          headers: bearer(staff),
          connections: CONNECTIONS,
          seconds: SECONDS,
        });
        record(`server.${db}.fetch_sender_rps`, fetchSender.rps, "req/s");
        record(`server.${db}.fetch_sender_p99_ms`, fetchSender.p99, "ms", "< 50");
        record(`server.${db}.fetch_sender_errors`, fetchSender.errors + fetchSender.non2xx, "count", "0");

        const inbox = await worker<HttpResult>({
          kind: "http",
          url: `${base}/api/messages?box=inbox&limit=50`,
          method: "GET",
          headers: bearer(reader),
          connections: CONNECTIONS,
          seconds: SECONDS,
        });
        record(`server.${db}.inbox_rps`, inbox.rps, "req/s");
        record(`server.${db}.inbox_p99_ms`, inbox.p99, "ms", "< 50");

        // Open loop at ten times a large municipality's busiest hour: requests started at an even
        // pace whatever the server's answers (latency counted from when each was due), reader
        // fetches and inbox pages in turn, each with its session lookup.
        const openLoop = await profiled("the open loop", "open-loop", () =>
          worker<{ rps: number; errors: number; p50: number; p99: number }>({
            kind: "paced",
            urls: [`${base}/api/messages/${sent.id}`, `${base}/api/messages?box=inbox&limit=50`],
            headers: bearer(reader),
            rate: OPEN_LOOP_RATE,
            seconds: SECONDS,
          }),
        );
        record(`server.${db}.open_loop_rate`, OPEN_LOOP_RATE, "req/s");
        record(`server.${db}.open_loop_p50_ms`, openLoop.p50, "ms");
        record(`server.${db}.open_loop_p99_ms`, openLoop.p99, "ms", "< 25");
        record(`server.${db}.open_loop_errors`, openLoop.errors, "count", "0");
        record(`server.${db}.inbox_errors`, inbox.errors + inbox.non2xx, "count", "0");

        // Creation with 10 readers: every body is a fresh, correctly signed message.
        const count = Math.max(200, Math.min(3000, SECONDS * 100));
        const bodies: string[] = [];
        for (let i = 0; i < count; i++) bodies.push(await messageBody(staff, readers));
        const bodiesFile = join(work, "bodies.json");
        writeFileSync(bodiesFile, JSON.stringify(bodies));
        const create = await worker<HttpResult>({
          kind: "http",
          url: `${base}/api/messages`,
          method: "POST",
          headers: { ...bearer(staff), "content-type": "application/json" },
          connections: 16,
          amount: count,
          bodiesFile,
        });
        record(`server.${db}.create_rps`, create.rps, "req/s");
        record(`server.${db}.create_p99_ms`, create.p99, "ms");
        record(`server.${db}.create_errors`, create.errors + create.non2xx, "count", "0");

        // One big attachment: uploaded in 1 MiB pieces, then streamed back; the server's RSS is watched.
        const size = UPLOAD_MIB * 1024 * 1024;
        const descriptor: AttachmentDescriptor = {
          attachmentId: await generateId(),
          size,
          chunkSize: 65_536,
          ciphertextHash: new Uint8Array(32),
        };
        const created = await staff.client.call(
          "POST",
          "/api/messages",
          JSON.parse(await messageBody(staff, [reader], [descriptor])),
        );
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const answer = created.body as { id: string; uploads: { attachmentId: string; ciphertextSize: number }[] };
        const up = answer.uploads[0];
        if (up === undefined) throw new Error("the server expects no upload");
        const job = { base, token: staff.client.bearer, messageId: answer.id, attachmentId: up.attachmentId };
        const pid = server.child?.pid ?? 0;
        const before = await probe.ask("figures");
        const rssBefore = (before.rss ?? 0) / 1024 / 1024;
        record(`server.${db}.rss_before_attachment_mb`, rssBefore, "MiB");
        record(`server.${db}.heap_used_before_attachment_mb`, (before.heapUsed ?? 0) / 1024 / 1024, "MiB");
        record(`server.${db}.heap_total_before_attachment_mb`, (before.heapTotal ?? 0) / 1024 / 1024, "MiB");
        const upload = await profiled("the upload", "upload", () =>
          peakRss(pid, () =>
            worker<{ bytes: number; seconds: number }>({ kind: "upload", ...job, bytes: up.ciphertextSize }),
          ),
        );
        const download = await peakRss(pid, () =>
          worker<{ bytes: number; seconds: number }>({ kind: "download", ...job }),
        );
        expect(download.result.bytes).toBe(up.ciphertextSize);
        record(`server.${db}.upload_mbps`, upload.result.bytes / 1e6 / upload.result.seconds, "MB/s");
        record(`server.${db}.download_mbps`, download.result.bytes / 1e6 / download.result.seconds, "MB/s");
        record(`server.${db}.attachment_mib`, UPLOAD_MIB, "MiB");
        record(`server.${db}.peak_rss_mb`, Math.max(upload.peakMb, download.peakMb), "MiB", "< 200");
        record(`server.${db}.attachment_rss_growth_mb`, Math.max(upload.peakMb, download.peakMb) - rssBefore, "MiB");
        // Which transfer the peak came from (the two are measured one after the other).
        record(`server.${db}.upload_peak_rss_mb`, upload.peakMb, "MiB");
        record(`server.${db}.download_peak_rss_mb`, download.peakMb, "MiB");

        // Passkey logins: options, a real signed assertion, verification and a new session each.
        // Eight people log in over and over, each with their own passkey.
        const enrolTokens: string[] = [];
        for (let i = 0; i < 8; i++) {
          const link = await inviteLink(admin, `bench.login${String(i)}@skola.example`, "L");
          enrolTokens.push(link.split("#")[1] ?? "");
        }
        const login = await worker<{ rps: number; errors: number; reasons: Record<string, number>; p99: number }>({
          kind: "login",
          base,
          origin: ORIGIN,
          enrolTokens,
          seconds: SECONDS,
        });
        if (login.errors > 0) console.log(`login failures: ${JSON.stringify(login.reasons)}`);
        record(`server.${db}.login_rps`, login.rps, "logins/s");
        record(`server.${db}.login_p99_ms`, login.p99, "ms");
        record(`server.${db}.login_errors`, login.errors, "count", "0");

        // The soak: moderate mixed load — fetches and inbox pages in turn, started at an even pace
        // of a quarter of what this server managed above (a closed loop would keep it saturated,
        // and its lag would measure the queue, not the server); its memory (after a full GC),
        // event-loop lag and errors in the last window against the first.
        const soakRate = Math.max(20, Math.round((fetchOne.rps + inbox.rps) / 8));
        record(`server.${db}.soak_rps`, soakRate, "req/s");
        let soakErrors = 0;
        const window = async (seconds: number) => {
          await probe.ask("figures");
          const paced = await worker<{ rps: number; errors: number; reasons: Record<string, number> }>({
            kind: "paced",
            urls: [`${base}/api/messages/${sent.id}`, `${base}/api/messages?box=inbox`],
            headers: bearer(reader),
            rate: soakRate,
            seconds,
          });
          soakErrors += paced.errors;
          if (paced.errors > 0) console.log(`soak failures: ${JSON.stringify(paced.reasons)}`);
          const figures = await probe.ask("figures");
          return { rss: figures.rss ?? 0, lagP99: figures.lagP99Ms ?? 0 };
        };
        const slice = Math.max(5, Math.round(SOAK_SECONDS * 0.1));
        const first = await window(slice);
        if (SOAK_SECONDS > 2 * slice) {
          if (process.env.SIGILL_BENCH_LOG === undefined)
            await profiled("the soak's long window", "soak", () => window(SOAK_SECONDS - 2 * slice));
          else if (process.env.SIGILL_BENCH_LOG === "timeline") {
            // Diagnosing: one long window as usual, with the server's open descriptors (sockets to
            // clients and to the database) and resident memory read from /proc every second.
            const pid = server.child?.pid ?? 0;
            const samples: string[] = [];
            const started = Date.now();
            const sampler = setInterval(() => {
              try {
                const fds = readdirSync(`/proc/${String(pid)}/fd`).length;
                const rss = rssOf(pid) / 1048576;
                samples.push(
                  `${String(Math.round((Date.now() - started) / 1000))}s fds ${String(fds)} rss ${rss.toFixed(0)}`,
                );
              } catch {
                samples.push("gone");
              }
            }, 1000);
            try {
              await window(SOAK_SECONDS - 2 * slice);
            } finally {
              clearInterval(sampler);
            }
            console.log(`soak timeline: ${samples.join(" | ")}`);
          } else {
            // Diagnosing: the long window in 10-second parts, each with the server's own lag and memory.
            for (let left = SOAK_SECONDS - 2 * slice, part = 1; left > 0; left -= 10, part++) {
              const before = soakErrors;
              const w = await window(Math.min(10, left));
              console.log(
                `soak part ${String(part)}: errors ${String(soakErrors - before)}, lag p99 ${w.lagP99.toFixed(1)} ms, rss ${(w.rss / 1048576).toFixed(0)} MiB`,
              );
            }
          }
        }
        const last = await window(slice);
        if (process.env.SIGILL_BENCH_LOG !== undefined) {
          // What the server said about its failures during the whole run: kind and route, counted.
          const failures = new Map<string, number>();
          for (const line of server.output.split("\n")) {
            if (!line.includes('"database failure"')) continue;
            const entry = JSON.parse(line) as { reason?: string; route?: string };
            const key = `${entry.reason ?? "?"} on ${entry.route ?? "?"}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
          console.log(`server's database failures: ${JSON.stringify(Object.fromEntries(failures))}`);
        }
        record(`server.${db}.soak_seconds`, SOAK_SECONDS, "s");
        record(`server.${db}.soak_errors`, soakErrors, "count", "0");
        record(`server.${db}.soak_rss_start_mb`, first.rss / 1024 / 1024, "MiB");
        record(`server.${db}.soak_rss_change_pct`, ((last.rss - first.rss) / first.rss) * 100, "%", "within ±10");
        record(`server.${db}.soak_lag_p99_start_ms`, first.lagP99, "ms");
        record(`server.${db}.soak_lag_p99_end_ms`, last.lagP99, "ms");
        record(
          `server.${db}.soak_lag_change_pct`,
          ((last.lagP99 - first.lagP99) / first.lagP99) * 100,
          "%",
          "within ±10",
        );
      } finally {
        await server.stop();
        await drop();
      }
    });
  },
);
