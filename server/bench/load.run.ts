// The server under load (issue 9), on SQLite and PostgreSQL. The server runs here, with nothing
// else on its event loop; the load comes from separate processes (bench/load-worker.ts, autocannon).
// Figures go to server/bench-results.json (the root `npm run bench` merges and prints them).
//   server.<db>.fetch_rps / fetch_p99_ms / fetch_errors   GET one message, 64 connections
//   server.<db>.inbox_rps / inbox_p99_ms                   GET the inbox list, 64 connections
//   server.<db>.vs_express_baseline_ratio                  fetch rps / a bare Express 5 JSON route
//   server.<db>.create_rps / create_p99_ms                 POST messages with 10 readers
//   server.<db>.upload_mbps / download_mbps / peak_rss_mb  a 1 GiB attachment (streamed, not held)
//   server.<db>.login_rps                                  passkey logins (real ES256 assertions)
//   server.<db>.soak_rss_change_pct / soak_lag_change_pct  moderate mixed load for SIGILL_SOAK_SECONDS
// Durations: SIGILL_BENCH_SECONDS (default 30), SIGILL_SOAK_SECONDS (default 600), the attachment
// SIGILL_BENCH_UPLOAD_MIB (default 1024). Short values are for trying the bench out only.
import {
  encodeBase64Url,
  generateId,
  generateMessageKey,
  sealEnvelope,
  sealKeyStanza,
  type AttachmentDescriptor,
} from "@sigill/crypto";
import express from "express";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createEnrolment } from "../src/modules/accounts/enrolments.ts";
import { PROVIDERS, startServer, type Harness, type Provider } from "../test/support/harness.ts";
import { person, send, type Person } from "../test/support/people.ts";

const SECONDS = Number(process.env.SIGILL_BENCH_SECONDS ?? 30);
const SOAK_SECONDS = Number(process.env.SIGILL_SOAK_SECONDS ?? 600);
const UPLOAD_MIB = Number(process.env.SIGILL_BENCH_UPLOAD_MIB ?? 1024);
const CONNECTIONS = 64;
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

/** Samples the process's RSS while `work` runs; the peak in MiB. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await work();
    return { result, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
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

describe.each(PROVIDERS)("the server under load on %s", (provider: Provider) => {
  it("measures fetch, inbox, create, a 1 GiB attachment, logins and a soak", { timeout: 0 }, async () => {
    const h: Harness = await startServer(provider, { LOG_LEVEL: "silent" });
    const db = provider;
    try {
      const staff = await person(h, "bench.staff@skola.example", "staff", "extension");
      const readers: Person[] = [];
      for (let i = 0; i < 10; i++)
        readers.push(await person(h, `bench.reader${String(i)}@skola.example`, "staff", "extension"));
      const reader = readers[0];
      if (reader === undefined) throw new Error("no reader");
      const sent = await send(staff, { subject: "Bench", text: "x".repeat(2000), to: readers.slice(0, 3) });
      for (let i = 0; i < 20; i++) await send(staff, { subject: `Inkorg ${String(i)}`, text: "y", to: [reader] });

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

      const fetchOne = await worker<HttpResult>({
        kind: "http",
        url: `${h.base}/api/messages/${sent.id}`,
        method: "GET",
        headers: bearer(staff),
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      record(`server.${db}.fetch_rps`, fetchOne.rps, "req/s");
      record(`server.${db}.fetch_p99_ms`, fetchOne.p99, "ms", "< 25");
      record(`server.${db}.fetch_errors`, fetchOne.errors + fetchOne.non2xx, "count", "0");
      record(`server.${db}.express_baseline_rps`, baseline.rps, "req/s");
      record(
        `server.${db}.vs_express_baseline_ratio`,
        fetchOne.rps / baseline.rps,
        "ratio",
        db === "sqlite" ? ">= 0.5" : undefined,
      );

      const inbox = await worker<HttpResult>({
        kind: "http",
        url: `${h.base}/api/messages?box=inbox&limit=50`,
        method: "GET",
        headers: bearer(reader),
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      record(`server.${db}.inbox_rps`, inbox.rps, "req/s");
      record(`server.${db}.inbox_p99_ms`, inbox.p99, "ms", "< 25");
      record(`server.${db}.inbox_errors`, inbox.errors + inbox.non2xx, "count", "0");

      // Creation with 10 readers: every body is a fresh, correctly signed message.
      const count = Math.max(200, Math.min(3000, SECONDS * 100));
      const bodies: string[] = [];
      for (let i = 0; i < count; i++) bodies.push(await messageBody(staff, readers));
      const bodiesFile = join(mkdtempSync(join(tmpdir(), "sigill-bench-")), "bodies.json");
      writeFileSync(bodiesFile, JSON.stringify(bodies));
      const create = await worker<HttpResult>({
        kind: "http",
        url: `${h.base}/api/messages`,
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
      const job = { base: h.base, token: staff.client.bearer, messageId: answer.id, attachmentId: up.attachmentId };
      global.gc?.();
      const rssBefore = process.memoryUsage().rss / 1024 / 1024;
      const upload = await peakRss(() =>
        worker<{ bytes: number; seconds: number }>({ kind: "upload", ...job, bytes: up.ciphertextSize }),
      );
      const download = await peakRss(() => worker<{ bytes: number; seconds: number }>({ kind: "download", ...job }));
      expect(download.result.bytes).toBe(up.ciphertextSize);
      record(`server.${db}.upload_mbps`, upload.result.bytes / 1e6 / upload.result.seconds, "MB/s");
      record(`server.${db}.download_mbps`, download.result.bytes / 1e6 / download.result.seconds, "MB/s");
      record(`server.${db}.attachment_mib`, UPLOAD_MIB, "MiB");
      // The server runs in this process next to the harness, so the peak includes the test runner;
      // the growth during the transfer is what streaming (not buffering) keeps small.
      record(`server.${db}.peak_rss_mb`, Math.max(upload.peakMb, download.peakMb), "MiB", "< 200 (server alone)");
      record(`server.${db}.attachment_rss_growth_mb`, Math.max(upload.peakMb, download.peakMb) - rssBefore, "MiB");

      // Passkey logins: options, a real signed assertion, verification and a new session each.
      const { link } = await createEnrolment(h.deps, {
        email: "bench.login@skola.example",
        displayName: "L",
        role: "staff",
      });
      const login = await worker<{ rps: number; errors: number; p99: number }>({
        kind: "login",
        base: h.base,
        origin: new URL(h.config.publicUrl).origin,
        enrolToken: link.split("#")[1],
        concurrency: 8,
        seconds: SECONDS,
      });
      record(`server.${db}.login_rps`, login.rps, "logins/s");
      record(`server.${db}.login_errors`, login.errors, "count", "0");

      // The soak: moderate mixed load; memory and event-loop lag at the end against the start.
      const lag = monitorEventLoopDelay({ resolution: 10 });
      const window = async (seconds: number) => {
        lag.reset();
        lag.enable();
        global.gc?.();
        const rssBefore = process.memoryUsage().rss;
        await Promise.all([
          worker({
            kind: "http",
            url: `${h.base}/api/messages/${sent.id}`,
            method: "GET",
            headers: bearer(staff),
            connections: 4,
            seconds,
          }),
          worker({
            kind: "http",
            url: `${h.base}/api/messages?box=inbox`,
            method: "GET",
            headers: bearer(reader),
            connections: 4,
            seconds,
          }),
        ]);
        lag.disable();
        global.gc?.();
        return { rss: Math.max(rssBefore, process.memoryUsage().rss), lagP99: lag.percentile(99) / 1e6 };
      };
      const slice = Math.max(5, Math.round(SOAK_SECONDS * 0.1));
      const first = await window(slice);
      if (SOAK_SECONDS > 2 * slice) await window(SOAK_SECONDS - 2 * slice);
      const last = await window(slice);
      record(`server.${db}.soak_seconds`, SOAK_SECONDS, "s");
      record(`server.${db}.soak_rss_change_pct`, ((last.rss - first.rss) / first.rss) * 100, "%", "within ±10");
      record(`server.${db}.soak_lag_p99_start_ms`, first.lagP99, "ms");
      record(`server.${db}.soak_lag_p99_end_ms`, last.lagP99, "ms");
    } finally {
      await h.close();
    }
  });
});
