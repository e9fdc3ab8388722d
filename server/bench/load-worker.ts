// The load generator, run as its own process (node --import tsx bench/load-worker.ts '<job json>'),
// so the server's event loop and memory are measured alone. Prints one JSON line with the result.
//   http:     autocannon against one route (bodies cycled from a file when given)
//   upload:   one attachment's pieces PUT in order (1 MiB each), then commit
//   download: the attachment streamed and counted
//   login:    passkey logins (options, a real ES256 assertion, verify) by N concurrent loops
//   paced:    GETs started at an even rate (open loop), cycling through the urls
import autocannon from "autocannon";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { SoftAuthenticator } from "../test/support/soft-authenticator.ts";

type Job =
  | {
      kind: "http";
      url: string;
      method: "GET" | "POST";
      headers: Record<string, string>;
      connections: number;
      seconds?: number;
      amount?: number;
      bodiesFile?: string;
    }
  | { kind: "upload"; base: string; token: string; messageId: string; attachmentId: string; bytes: number }
  | { kind: "download"; base: string; token: string; messageId: string; attachmentId: string }
  | { kind: "login"; base: string; origin: string; enrolTokens: string[]; seconds: number }
  | { kind: "paced"; urls: string[]; headers: Record<string, string>; rate: number; seconds: number };

const job = JSON.parse(process.argv[2] ?? "{}") as Job;
const PIECE = 1024 * 1024;

async function http(j: Extract<Job, { kind: "http" }>) {
  const bodies = j.bodiesFile === undefined ? undefined : (JSON.parse(readFileSync(j.bodiesFile, "utf8")) as string[]);
  let next = 0;
  const result = await autocannon({
    url: j.url,
    method: j.method,
    headers: j.headers,
    connections: j.connections,
    ...(j.amount !== undefined ? { amount: j.amount } : { duration: j.seconds ?? 10 }),
    ...(bodies !== undefined && {
      requests: [
        {
          setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] ?? "" }),
        },
      ],
    }),
  });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p99: result.latency.p99,
    p50: result.latency.p50,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds: result.duration,
  };
}

async function upload(j: Extract<Job, { kind: "upload" }>) {
  const piece = new Uint8Array(PIECE);
  for (let i = 0; i < piece.length; i++) piece[i] = (i * 31 + 7) & 0xff;
  const started = performance.now();
  const count = Math.ceil(j.bytes / PIECE);
  for (let index = 0; index < count; index++) {
    const size = Math.min(PIECE, j.bytes - index * PIECE);
    const res = await fetch(
      `${j.base}/api/messages/${j.messageId}/attachments/${j.attachmentId}/pieces/${String(index)}`,
      {
        method: "PUT",
        headers: { authorization: `Bearer ${j.token}`, "content-type": "application/octet-stream" },
        body: size === PIECE ? piece : piece.subarray(0, size),
      },
    );
    if (!res.ok) throw new Error(`piece ${String(index)}: HTTP ${String(res.status)} ${await res.text()}`);
    await res.arrayBuffer();
  }
  const res = await fetch(`${j.base}/api/messages/${j.messageId}/commit`, {
    method: "POST",
    headers: { authorization: `Bearer ${j.token}`, "content-type": "application/json" },
    body: "{}",
  });
  if (!res.ok) throw new Error(`commit: HTTP ${String(res.status)} ${await res.text()}`);
  return { bytes: j.bytes, seconds: (performance.now() - started) / 1000 };
}

async function download(j: Extract<Job, { kind: "download" }>) {
  const started = performance.now();
  const res = await fetch(`${j.base}/api/messages/${j.messageId}/attachments/${j.attachmentId}`, {
    headers: { authorization: `Bearer ${j.token}` },
  });
  if (!res.ok || res.body === null) throw new Error(`download: HTTP ${String(res.status)}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Uint8Array).length;
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

async function post(base: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: HTTP ${String(res.status)} ${JSON.stringify(json)}`);
  return json;
}

/** Failed requests, counted by reason (the first few distinct reasons only, so a storm stays small). */
function failures() {
  const reasons = new Map<string, number>();
  let count = 0;
  return {
    add(why: unknown) {
      count++;
      const text = why instanceof Error ? why.message.slice(0, 200) : String(why);
      if (reasons.has(text) || reasons.size < 10) reasons.set(text, (reasons.get(text) ?? 0) + 1);
    },
    get count() {
      return count;
    },
    reasons: () => Object.fromEntries(reasons),
  };
}

/**
 * Passkey logins by one loop per enrolment token, each with its own passkey (as separate people
 * log in): one passkey used by concurrent loops would sign counters that reach the server out of
 * order, which it rightly refuses as a possible clone.
 */
async function login(j: Extract<Job, { kind: "login" }>) {
  const people = await Promise.all(
    j.enrolTokens.map(async (token) => {
      const auth = new SoftAuthenticator({ origin: j.origin });
      const start = await post(j.base, "/api/enrol/options", { token });
      await post(j.base, "/api/enrol/verify", {
        token,
        challengeId: start.challengeId,
        response: auth.register(start.options as never),
        sessionKind: "extension",
      });
      return auth;
    }),
  );
  const until = performance.now() + j.seconds * 1000;
  let ok = 0;
  const failed = failures();
  const latencies: number[] = [];
  const loop = async (auth: SoftAuthenticator) => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const o = await post(j.base, "/api/auth/options", {});
        await post(j.base, "/api/auth/verify", {
          challengeId: o.challengeId,
          response: auth.authenticate(o.options as never),
          sessionKind: "extension",
        });
        ok++;
        latencies.push(performance.now() - t0);
      } catch (e) {
        failed.add(e);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(people.map(loop));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: ok / seconds,
    errors: failed.count,
    reasons: failed.reasons(),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

/**
 * Requests started at an even pace, one every 1/rate seconds whatever the answers take (open
 * loop). autocannon's rate option sends each second's quota as fast as it can and then waits,
 * which loads the server in bursts.
 */
async function paced(j: Extract<Job, { kind: "paced" }>) {
  const gap = 1000 / j.rate;
  const t0 = performance.now();
  const until = t0 + j.seconds * 1000;
  let started = 0;
  let ok = 0;
  const failed = failures();
  const inFlight = new Set<Promise<void>>();
  // Latency from when each request was due, not from when it went out: a server that falls behind
  // is charged for the wait too (no coordinated omission).
  const latencies: number[] = [];
  // node:http with a keep-alive agent rather than fetch: fetch costs this process 1–2 ms of CPU
  // per request at these rates (measured from /proc during the PostgreSQL soak), CPU the server
  // and the database then do not get on a 2-core machine; the agent reuses a free connection and
  // opens another only while all are busy, as fetch does.
  const agent = new Agent({ keepAlive: true });
  const get = (url: string) =>
    new Promise<{ ok: boolean; status: number; body: string }>((resolve, reject) => {
      request(url, { agent, headers: j.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      })
        .on("error", reject)
        .end();
    });
  const one = (url: string, due: number) => {
    const p: Promise<void> = get(url)
      .then((res) => {
        const body = res.body;
        const at = performance.now();
        latencies.push(at - due);
        if (res.ok) ok++;
        else {
          // The error code and when (seconds into the run), to tell a stall from a steady fault.
          const code = /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? "";
          failed.add(`HTTP ${String(res.status)} ${code} at ${String(Math.floor((at - t0) / 5_000) * 5)} s`);
        }
      })
      .catch((e: unknown) => {
        failed.add(e);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  while (performance.now() < until) {
    const due = Math.floor((performance.now() - t0) / gap);
    for (; started < due; started++) one(j.urls[started % j.urls.length] ?? "", t0 + (started + 1) * gap);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: ok / j.seconds, errors: failed.count, reasons: failed.reasons(), p50: at(0.5), p99: at(0.99) };
}

const run = { http, upload, download, login, paced } as const;
run[job.kind](job as never).then(
  (r: unknown) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
