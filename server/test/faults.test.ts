// Faults (issue 9) with the REAL server process (support/server-process.ts):
//
// 1. kill -9 at random moments during a mixed write load (plain messages, attachments in pieces that
//    resume across crashes, reads, logins), restarted each time, on SQLite and on PostgreSQL. After
//    every restart: the access-log chain verifies, no message is visible half-written, every write
//    the client saw acknowledged is still there; at the end the retention job leaves no orphaned chunk.
//    Rounds per database: SIGILL_FAULT_ROUNDS (default 10, so 20 kills over the two databases);
//    the kill moments come from SIGILL_FAULT_SEED (printed, to replay a failure).
// 2. PostgreSQL stopped and restarted under load (a private throwaway cluster, never the shared one):
//    requests during the outage answer 503 DATABASE_UNAVAILABLE promptly, and the same server process
//    recovers on its own. SIGILL_PG_RESTARTS rounds (default 3, fast and immediate stops in turn),
//    SIGILL_PG_RESTART_WRITERS concurrent senders (default 3), SIGILL_FAULT_CPU_HOGS busy processes
//    (default 0) for contention; scripts/harvest-db-errors.ts does the same at the driver, for hours.
// 3. Disk full under SQLite: the data directory is a small tmpfs (real ENOSPC from the kernel; needs
//    root for mount, skipped with the reason otherwise). A piece that does not fit answers
//    507 STORAGE_FULL; after the file system is grown the database passes integrity_check, the
//    access log verifies and the interrupted upload resumes to a message that decrypts.
import { decryptAttachment, parseEnvelope } from "@sigill/crypto";
import { createClient } from "@libsql/client";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import type { Deps } from "../src/deps.ts";
import { createLogger } from "../src/http/logger.ts";
import { verifyAuditChain } from "../src/modules/audit/log.ts";
import { ABANDONED_UPLOAD_MS, runRetention } from "../src/modules/messages/retention.ts";
import { Client, type Answer } from "./support/client.ts";
import { freshDatabase, ORIGIN, PROVIDERS, type Provider } from "./support/harness.ts";
import { postMessage, readAs, type Person, type Sent } from "./support/people.ts";
import { createPgCluster, pgBin, type PgCluster } from "./support/pg-cluster.ts";
import { enrolPerson, freePort, invitePerson, ServerProcess, type ProcessPerson } from "./support/server-process.ts";

const ROUNDS = Number(process.env.SIGILL_FAULT_ROUNDS ?? "10");
/** PostgreSQL restarts under load (issue 20: one restart on an idle machine hid a 500). */
const RESTARTS = Number(process.env.SIGILL_PG_RESTARTS ?? "3");
const WRITERS = Number(process.env.SIGILL_PG_RESTART_WRITERS ?? "3");
const CPU_HOGS = Number(process.env.SIGILL_FAULT_CPU_HOGS ?? "0");
const SEED = Number(process.env.SIGILL_FAULT_SEED ?? String(Math.floor(Math.random() * 2 ** 31)));
const PIECE = 32 * 1024;

const dir = mkdtempSync(join(tmpdir(), "sigill-faults-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** mulberry32: a small seeded generator, so a failing run can be replayed with SIGILL_FAULT_SEED. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 7) & 255);
const attachmentPath = (sent: Sent) => `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}`;

/** fetch's own failure (connection refused or reset): the server is gone, not a wrong answer. */
const isConnectionError = (error: unknown) => error instanceof TypeError;

interface Upload {
  sent: Sent;
  original: Uint8Array;
  /** Pieces the server acknowledged with 200. */
  acked: number;
  /** The commit was acknowledged. */
  committed: boolean;
  /** Never resumed: left for the retention job. */
  abandoned: boolean;
}

/** What the client saw acknowledged, and anything the server answered that it should not have. */
interface Ledger {
  plain: string[];
  uploads: Upload[];
  sessions: Client[];
  surprises: string[];
  /** Every acknowledged request, to kill while the load is really running. */
  acks: number;
}

async function download(client: Client, sent: Sent): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(`${client.base}${attachmentPath(sent)}`, { headers: { cookie: client.cookie ?? "" } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function inboxIds(reader: Person): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await reader.client.call(
      "GET",
      `/api/messages?box=inbox&limit=100${cursor === null ? "" : `&cursor=${cursor}`}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    for (const m of page.body.messages as { id: string }[]) ids.add(m.id);
    cursor = page.body.nextCursor as string | null;
  } while (cursor !== null);
  return ids;
}

/** Sends (or resumes) one attachment upload to the end, recording every acknowledgement. */
async function uploadOne(ledger: Ledger, sender: Person, reader: Person, round: number): Promise<void> {
  let upload = ledger.uploads.find((u) => !u.committed && !u.abandoned);
  if (upload === undefined) {
    const original = bytesOf(200_000 + round * 1_000, round);
    const sent = await postMessage(
      sender,
      {
        subject: `Bilaga ${String(round)}`,
        text: "Se bilagan.",
        to: [reader],
        attachment: { name: "bilaga.pdf", bytes: original },
      },
      PIECE,
    );
    upload = { sent, original, acked: 0, committed: false, abandoned: false };
    ledger.uploads.push(upload);
  }
  const { sent } = upload;
  // Where to resume is the server's answer: the client cannot know whether its last piece landed.
  const status = await sender.client.call("GET", `${attachmentPath(sent)}/status`);
  if (status.status !== 200) throw new Error(`status answered ${String(status.status)}`);
  const next = status.body.nextIndex as number;
  if (next < upload.acked || next > upload.acked + 1)
    throw new Error(`resume point ${String(next)} after ${String(upload.acked)} acknowledged pieces`);
  for (let i = next; i < sent.pieces.length; i++) {
    const put = await sender.client.call("PUT", `${attachmentPath(sent)}/pieces/${String(i)}`, undefined, {
      raw: sent.pieces[i] ?? new Uint8Array(0),
      headers: { "content-type": "application/octet-stream" },
    });
    if (put.status !== 200) throw new Error(`piece ${String(i)} answered ${String(put.status)}`);
    upload.acked = i + 1;
    ledger.acks++;
  }
  const commit = await sender.client.call("POST", `/api/messages/${sent.id}/commit`, {});
  if (commit.status !== 200) throw new Error(`commit answered ${String(commit.status)}`);
  upload.committed = true;
  ledger.acks++;
}

/** A passkey login from scratch; the session it gives must survive a crash once acknowledged. */
async function loginOnce(ledger: Ledger, person: ProcessPerson): Promise<void> {
  const client = new Client(person.client.base);
  const start = await client.call("POST", "/api/auth/options", {});
  if (start.status !== 200) throw new Error(`login options answered ${String(start.status)}`);
  const done = await client.call("POST", "/api/auth/verify", {
    challengeId: start.body.challengeId,
    response: person.auth.authenticate(start.body.options),
    sessionKind: "portal",
  });
  if (done.status !== 200) throw new Error(`login answered ${String(done.status)}`);
  client.adopt(done.body.session as { csrfToken?: string });
  ledger.sessions.push(client);
  ledger.acks++;
  if (ledger.sessions.length > 6) ledger.sessions.shift();
}

/** Reads as a recipient does: the inbox, then one message in it. */
async function readSome(reader: Person, random: () => number): Promise<void> {
  const inbox = await reader.client.call("GET", "/api/messages?box=inbox&limit=20");
  if (inbox.status !== 200) throw new Error(`inbox answered ${String(inbox.status)}`);
  const listed = inbox.body.messages as { id: string }[];
  const pick = listed[Math.floor(random() * listed.length)];
  if (pick === undefined) return;
  const got = await reader.client.call("GET", `/api/messages/${pick.id}`);
  if (got.status !== 200) throw new Error(`a listed message answered ${String(got.status)}`);
}

/** Runs the mixed load until the server dies under it; each worker stops at its first lost connection. */
async function mixedLoad(
  ledger: Ledger,
  sender: ProcessPerson,
  reader: ProcessPerson,
  round: number,
  random: () => number,
): Promise<void> {
  const worker = async (what: string, op: () => Promise<void>) => {
    for (;;) {
      try {
        await op();
      } catch (error) {
        if (!isConnectionError(error)) ledger.surprises.push(`${what}: ${(error as Error).message.slice(0, 300)}`);
        return;
      }
    }
  };
  await Promise.all([
    worker("plain message", async () => {
      const sent = await postMessage(sender, { subject: `Kort ${String(round)}`, text: "Hej!", to: [reader] });
      ledger.plain.push(sent.id);
      ledger.acks++;
    }),
    worker("upload", () => uploadOne(ledger, sender, reader, round)),
    worker("read", () => readSome(reader, random)),
    worker("login", () => loginOnce(ledger, reader)),
  ]);
}

/** The invariants after a restart. */
async function checkAfterRestart(ledger: Ledger, sender: Person, reader: Person): Promise<void> {
  expect(ledger.surprises).toEqual([]);
  const chain = await sender.client.call("GET", "/api/admin/audit/verify");
  expect(chain.body).toMatchObject({ ok: true, firstBadSeq: null });

  const visible = await inboxIds(reader);
  // Every acknowledged plain message and commit is still there.
  for (const id of ledger.plain) expect(visible.has(id), `acknowledged message ${id}`).toBe(true);
  for (const u of ledger.uploads.filter((x) => x.committed))
    expect(visible.has(u.sent.id), `acknowledged commit ${u.sent.id}`).toBe(true);

  const uploads = new Map(ledger.uploads.map((u) => [u.sent.id, u]));
  for (const id of visible) {
    const upload = uploads.get(id);
    if (upload === undefined) {
      // A plain message whose 201 was lost in the crash: it is whole (one transaction) and readable.
      expect((await reader.client.call("GET", `/api/messages/${id}`)).status).toBe(200);
      continue;
    }
    // A visible message with an attachment has every piece: the download is the whole ciphertext.
    const got = await download(reader.client, upload.sent);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(Buffer.concat(upload.sent.pieces)), `attachment of ${id} is whole`).toBe(true);
  }
  for (const upload of ledger.uploads.filter((u) => !visible.has(u.sent.id))) {
    // Not committed: invisible to the reader, and no acknowledged piece lost.
    expect(upload.committed).toBe(false);
    expect((await reader.client.call("GET", `/api/messages/${upload.sent.id}`)).status).toBe(404);
    expect((await download(reader.client, upload.sent)).status).toBe(404);
    const status = await sender.client.call("GET", `${attachmentPath(upload.sent)}/status`);
    expect(status.status).toBe(200);
    expect(status.body.nextIndex as number).toBeGreaterThanOrEqual(upload.acked);
  }
  // Every acknowledged login's session still works.
  for (const session of ledger.sessions) expect((await session.call("GET", "/api/session")).status).toBe(200);
}

/** Opens the message and attachment with the reader's keys: the end-to-end proof. */
async function expectDecrypts(reader: Person, sender: Person, upload: Upload): Promise<void> {
  const { key, envelope, messageId } = await readAs(reader, upload.sent.id, sender.account.email);
  const descriptor = (await parseEnvelope(envelope)).header.attachments[0];
  if (descriptor === undefined) throw new Error("no attachment descriptor");
  const ciphertext = (await download(reader.client, upload.sent)).bytes;
  const parts: Uint8Array[] = [];
  for await (const p of decryptAttachment([ciphertext], { messageKey: key, messageId, descriptor })) parts.push(p);
  expect(Buffer.concat(parts).equals(Buffer.from(upload.original))).toBe(true);
}

/** Retention with the clock past the abandoned-upload window, on the server's own database. */
async function retentionDeps(provider: Provider, dbUrl: string, dataDir: string) {
  const database = await openDatabase(dbUrl);
  const deps: Deps = {
    db: database.prisma,
    reads: database.reads,
    pieces: database.pieces,
    config: loadConfig({ SIGILL_DATA_DIR: dataDir, DATABASE_URL: provider === "pg" ? dbUrl : "", PUBLIC_URL: ORIGIN }),
    logger: createLogger("silent"),
    now: () => new Date(Date.now() + ABANDONED_UPLOAD_MS + 3_600_000),
  };
  return { deps, close: () => database.close() };
}

describe.each(PROVIDERS)("kill -9 under mixed write load (a real process on %s)", (provider) => {
  let server: ServerProcess;
  let dbUrl = "";
  let drop: () => Promise<void> = () => Promise.resolve();
  let sender: ProcessPerson;
  let reader: ProcessPerson;
  const dataDir = join(dir, `kill-${provider}`);

  beforeAll(async () => {
    if (provider === "pg") ({ url: dbUrl, drop } = await freshDatabase("pg"));
    else dbUrl = `file:${join(dataDir, "sigill.db")}`;
    server = new ServerProcess({ provider, dataDir, dbUrl, port: await freePort() });
    const link = await server.createAdmin("rektor@skola.example", "Rektor Rut");
    await server.start();
    sender = await enrolPerson(server.base, link);
    reader = await invitePerson(sender, "larare@skola.example", "Lärare Lisa");
  }, 120_000);

  afterAll(async () => {
    await server.kill();
    await drop();
  });

  it(
    `when the server is SIGKILLed at random moments in ${String(ROUNDS)} rounds of mixed load, then after each restart the log verifies, nothing is half-visible and every acknowledged write is there; retention then leaves no orphaned chunk`,
    { timeout: 60_000 + ROUNDS * 15_000 },
    async () => {
      const seed = SEED + (provider === "pg" ? 1 : 0);
      console.log(`[faults] ${provider}: ${String(ROUNDS)} rounds, SIGILL_FAULT_SEED=${String(SEED)}`);
      const random = seeded(seed);
      const ledger: Ledger = { plain: [], uploads: [], sessions: [], surprises: [], acks: 0 };

      // An upload cut off and never resumed: the retention job must clear it at the end.
      const lost = bytesOf(100_000, 99);
      const abandoned = await postMessage(
        sender,
        { subject: "Övergiven", text: "x", to: [reader], attachment: { name: "x.pdf", bytes: lost } },
        PIECE,
      );
      for (let i = 0; i < 2; i++)
        await sender.client.call("PUT", `${attachmentPath(abandoned)}/pieces/${String(i)}`, undefined, {
          raw: abandoned.pieces[i] ?? new Uint8Array(0),
          headers: { "content-type": "application/octet-stream" },
        });
      ledger.uploads.push({ sent: abandoned, original: lost, acked: 2, committed: false, abandoned: true });

      let startMs = 0;
      let checkMs = 0;
      const began = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        const load = mixedLoad(ledger, sender, reader, round, random);
        // Kill at a random moment once the load is really flowing (the first requests after a start are slow).
        const acks = ledger.acks;
        await until(() => Promise.resolve(ledger.acks > acks), 20_000);
        await sleep(Math.floor(random() * 800));
        await server.kill();
        await load;
        const restart = Date.now();
        await server.start();
        startMs += Date.now() - restart;
        const check = Date.now();
        await checkAfterRestart(ledger, sender, reader);
        checkMs += Date.now() - check;
      }
      // The upload the last kill interrupted resumes to the end (as the extension would), so at least one commit exists.
      await uploadOne(ledger, sender, reader, ROUNDS);
      const committed = ledger.uploads.filter((u) => u.committed);
      console.log(
        `[faults] ${provider}: ${String(ledger.plain.length)} plain messages, ${String(committed.length)} of ${String(ledger.uploads.length)} uploads committed, ${String(ledger.sessions.length)} recent logins checked; ${String(ROUNDS)} rounds in ${String(Date.now() - began)} ms (restarts ${String(startMs)} ms, checks ${String(checkMs)} ms)`,
      );
      expect(ledger.plain.length).toBeGreaterThan(0);
      expect(committed.length).toBeGreaterThan(0);
      for (const upload of committed.slice(0, 2)) await expectDecrypts(reader, sender, upload);

      // Cleanup: retention past the 24-hour window on the server's own database (process stopped).
      await server.kill();
      const { deps, close } = await retentionDeps(provider, dbUrl, dataDir);
      try {
        const pending = await deps.db.message.count({ where: { status: "uploading" } });
        const report = await runRetention(deps, provider);
        expect(report.abandoned).toBe(pending);
        expect(report.abandoned).toBeGreaterThanOrEqual(1);
        expect(await deps.db.message.count({ where: { status: "uploading" } })).toBe(0);
        // Every remaining chunk belongs to a committed message, and each such message has all its pieces.
        const holders = await deps.db.chunk.groupBy({ by: ["messageId"], _count: { _all: true } });
        for (const h of holders) {
          const message = await deps.db.message.findUnique({ where: { id: h.messageId } });
          expect(message?.status, `chunks of ${h.messageId}`).toBe("committed");
          const upload = ledger.uploads.find((u) => u.sent.id === h.messageId);
          if (upload !== undefined) expect(h._count._all).toBe(upload.sent.pieces.length);
        }
        expect(await verifyAuditChain(deps)).toMatchObject({ ok: true, firstBadSeq: null });
      } finally {
        await close();
      }
      await server.start();
    },
  );
});

/** A promise that must settle in `ms`: a request still open after that is a hang. */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${String(ms)} ms (a hang)`));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`not recovered within ${String(ms)} ms`);
    await sleep(200);
  }
}

const bin = pgBin();
if (bin === undefined)
  console.log("[faults] no PostgreSQL server binaries in /usr/lib/postgresql: the restart test is skipped");

describe.skipIf(bin === undefined)("PostgreSQL stopped and restarted under load (a private throwaway cluster)", () => {
  let cluster: PgCluster;
  let server: ServerProcess;
  let sender: ProcessPerson;
  let reader: ProcessPerson;

  beforeAll(async () => {
    cluster = createPgCluster(bin ?? "", await freePort());
    server = new ServerProcess({
      provider: "pg",
      dataDir: join(dir, "pg-restart"),
      dbUrl: cluster.url,
      port: await freePort(),
    });
    const link = await server.createAdmin("rektor@skola.example", "Rektor Rut");
    await server.start();
    sender = await enrolPerson(server.base, link);
    reader = await invitePerson(sender, "larare@skola.example", "Lärare Lisa");
  }, 120_000);

  afterAll(async () => {
    await server.kill();
    cluster.destroy();
  });

  it(
    "when PostgreSQL is down, then reads, logins and admin requests answer 503 DATABASE_UNAVAILABLE promptly, and the same process serves again once it is back",
    { timeout: 60_000 },
    async () => {
      const pid = server.child?.pid;
      cluster.stop("fast");
      const requests = [
        () => reader.client.call("GET", "/api/messages?box=inbox"),
        () => reader.client.call("GET", "/api/session"),
        () => new Client(server.base).call("POST", "/api/auth/options", {}),
        () => sender.client.call("GET", "/api/admin/audit/verify"),
      ];
      for (const request of requests) {
        const started = Date.now();
        const answer = await withDeadline(request(), 10_000);
        expect(answer.status, JSON.stringify(answer.body)).toBe(503);
        expect(answer.body.error.code).toBe("DATABASE_UNAVAILABLE");
        expect(answer.headers.get("retry-after")).toBe("5");
        expect(Date.now() - started).toBeLessThan(7_000);
      }
      cluster.start();
      await until(async () => (await reader.client.call("GET", "/api/messages?box=inbox")).status === 200, 20_000);
      expect(server.child?.pid).toBe(pid);
      expect(server.child?.exitCode).toBeNull();
      expect((await sender.client.call("GET", "/api/admin/audit/verify")).body).toMatchObject({ ok: true });
    },
  );

  it(
    `when PostgreSQL restarts in the middle of mixed load (${String(RESTARTS)} times), then every answer is a success or 503 DATABASE_UNAVAILABLE (none hangs or is a 500), acknowledged messages are kept and the log verifies`,
    { timeout: 30_000 + RESTARTS * 45_000 },
    async () => {
      const pid = server.child?.pid;
      const plain: string[] = [];
      const surprises: string[] = [];
      let unavailable = 0;
      let stop = false;
      /** Counts a 503 with the code; anything else that is not a success is a surprise. */
      const judge = (what: string, status: number, body: unknown) => {
        const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
        if (status === 503 && code === "DATABASE_UNAVAILABLE") unavailable++;
        else if (status >= 300) surprises.push(`${what}: ${String(status)} ${String(code)}`);
      };
      const worker = async (what: string, op: () => Promise<void>) => {
        while (!stop) {
          try {
            await withDeadline(op(), 15_000);
          } catch (error) {
            const message = (error as Error).message;
            if (message.includes("DATABASE_UNAVAILABLE"))
              unavailable++; // postMessage's expect saw the 503 body
            else surprises.push(`${what}: ${message.slice(0, 200)}`);
          }
          await sleep(20);
        }
      };
      const writer = () =>
        worker("plain message", async () => {
          const sent = await postMessage(sender, { subject: "Under omstart", text: "Hej!", to: [reader] });
          plain.push(sent.id);
        });
      // CPU contention (SIGILL_FAULT_CPU_HOGS busy processes): the 500 of issue 20 came from a busy machine.
      const hogs = Array.from({ length: CPU_HOGS }, () =>
        spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }),
      );
      const load = Promise.all([
        ...Array.from({ length: WRITERS }, writer),
        worker("read", async () => {
          const r = await reader.client.call("GET", "/api/messages?box=inbox&limit=5");
          judge("read", r.status, r.body);
        }),
        worker("login options", async () => {
          const r = await new Client(server.base).call("POST", "/api/auth/options", {});
          judge("login options", r.status, r.body);
        }),
      ]);
      try {
        for (let round = 0; round < RESTARTS; round++) {
          await sleep(1_000 + Math.random() * 1_000);
          // A planned restart (fast: clients are told) and a crash (immediate) take turns.
          cluster.stop(round % 2 === 0 ? "fast" : "immediate");
          await sleep(500 + Math.random() * 1_500);
          cluster.start();
          await until(async () => (await reader.client.call("GET", "/api/messages?box=inbox")).status === 200, 20_000);
          const before = plain.length;
          await until(() => Promise.resolve(plain.length > before), 15_000);
        }
      } finally {
        stop = true;
        await load;
        for (const hog of hogs) hog.kill("SIGKILL");
      }

      expect(surprises).toEqual([]);
      expect(unavailable).toBeGreaterThan(0);
      expect(server.child?.pid).toBe(pid);
      const visible = await inboxIds(reader);
      for (const id of plain) expect(visible.has(id), `acknowledged message ${id}`).toBe(true);
      expect((await sender.client.call("GET", "/api/admin/audit/verify")).body).toMatchObject({
        ok: true,
        firstBadSeq: null,
      });
    },
  );
});

/** A tmpfs mount needs root (CAP_SYS_ADMIN); probe once instead of assuming. */
function canMountTmpfs(): boolean {
  const probe = mkdtempSync(join(tmpdir(), "sigill-mount-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const mountable = canMountTmpfs();
if (!mountable) console.log("[faults] cannot mount a tmpfs (not root?): the disk-full test is skipped");

describe.skipIf(!mountable)("disk full for attachment storage (SQLite on a 6 MiB tmpfs)", () => {
  const mountDir = join(dir, "small-disk");
  const dbUrl = `file:${join(mountDir, "sigill.db")}`;
  let server: ServerProcess;
  let sender: ProcessPerson;
  let reader: ProcessPerson;

  beforeAll(async () => {
    mkdirSync(mountDir, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=6m", "tmpfs", mountDir]);
    server = new ServerProcess({ provider: "sqlite", dataDir: mountDir, dbUrl, port: await freePort() });
    const link = await server.createAdmin("rektor@skola.example", "Rektor Rut");
    await server.start();
    sender = await enrolPerson(server.base, link);
    reader = await invitePerson(sender, "larare@skola.example", "Lärare Lisa");
  }, 120_000);

  afterAll(async () => {
    await server.kill();
    try {
      execFileSync("umount", [mountDir], { stdio: "ignore" });
    } catch {
      execFileSync("umount", ["-l", mountDir], { stdio: "ignore" });
    }
  });

  it(
    "when the disk fills during an upload, then the piece answers 507 STORAGE_FULL and is not stored; once space returns the database is intact, the log verifies and the upload resumes to a message that decrypts",
    { timeout: 90_000 },
    async () => {
      const original = bytesOf(9_000_000, 5);
      const sent = await postMessage(
        sender,
        { subject: "Stor bilaga", text: "Bifogat.", to: [reader], attachment: { name: "stor.pdf", bytes: original } },
        1024 * 1024,
      );
      let refusedAt = -1;
      let refusal: Answer | undefined;
      for (let i = 0; i < sent.pieces.length && refusal === undefined; i++) {
        const put = await sender.client.call("PUT", `${attachmentPath(sent)}/pieces/${String(i)}`, undefined, {
          raw: sent.pieces[i] ?? new Uint8Array(0),
          headers: { "content-type": "application/octet-stream" },
        });
        if (put.status !== 200) {
          refusedAt = i;
          refusal = put;
        }
      }
      expect(refusal?.status, JSON.stringify(refusal?.body)).toBe(507);
      expect(refusal?.body.error.code).toBe("STORAGE_FULL");
      expect(refusedAt).toBeGreaterThan(0);
      // The process lives on; the message stays invisible; the refused piece was not stored.
      expect(server.child?.exitCode).toBeNull();
      expect((await reader.client.call("GET", `/api/messages/${sent.id}`)).status).toBe(404);

      // Space returns: the same file system grows, as when an operator frees or adds space.
      execFileSync("mount", ["-o", "remount,size=64m", mountDir]);
      const status = await sender.client.call("GET", `${attachmentPath(sent)}/status`);
      expect(status.status).toBe(200);
      expect(status.body.nextIndex).toBe(refusedAt);
      for (let i = refusedAt; i < sent.pieces.length; i++) {
        const put = await sender.client.call("PUT", `${attachmentPath(sent)}/pieces/${String(i)}`, undefined, {
          raw: sent.pieces[i] ?? new Uint8Array(0),
          headers: { "content-type": "application/octet-stream" },
        });
        expect(put.status, JSON.stringify(put.body)).toBe(200);
      }
      expect((await sender.client.call("POST", `/api/messages/${sent.id}/commit`, {})).status).toBe(200);
      await expectDecrypts(reader, sender, {
        sent,
        original,
        acked: sent.pieces.length,
        committed: true,
        abandoned: false,
      });
      expect((await sender.client.call("GET", "/api/admin/audit/verify")).body).toMatchObject({
        ok: true,
        firstBadSeq: null,
      });
      // SQLite's own check of every page and index, on a second connection while the server runs.
      const raw = createClient({ url: dbUrl });
      try {
        const check = await raw.execute("PRAGMA integrity_check");
        expect(check.rows.map((r) => r[0])).toEqual(["ok"]);
      } finally {
        raw.close();
      }
    },
  );
});
