// Crash safety of attachment uploads with a REAL server process (src/main.ts) that is killed with
// SIGKILL in the middle of an upload and started again on the same data directory.
//
// On both databases: for SQLite the embedded file (WAL, per-piece transactions) must survive a killed
// process; for PostgreSQL a killed client must leave no half-committed piece behind.
// The process helpers are in support/server-process.ts; faults.test.ts adds kill -9 under mixed load.
import { decryptAttachment, parseEnvelope } from "@sigill/crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import type { Deps } from "../src/deps.ts";
import { createLogger } from "../src/http/logger.ts";
import { verifyAuditChain } from "../src/modules/audit/log.ts";
import { ABANDONED_UPLOAD_MS, runRetention } from "../src/modules/messages/retention.ts";
import type { Client } from "./support/client.ts";
import { freshDatabase, ORIGIN, PROVIDERS } from "./support/harness.ts";
import { postMessage, readAs, uploadPieces, type Person, type Sent } from "./support/people.ts";
import { enrolPerson, freePort, invitePerson, ServerProcess } from "./support/server-process.ts";

const PIECE = 256 * 1024;

const dir = mkdtempSync(join(tmpdir(), "sigill-crash-"));

/**
 * A piece upload over a raw HTTP connection, so the test controls how much of the body has been
 * sent when the server dies. `answer` is the status code, or the connection error.
 */
function startPut(client: Client, path: string, bytes: Uint8Array, part: "all" | "half") {
  const request = http.request(`${client.base}${path}`, {
    method: "PUT",
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(bytes.length),
      ...(client.cookie !== undefined && { cookie: client.cookie }),
      ...(client.csrf !== undefined && { "x-csrf-token": client.csrf }),
    },
  });
  const answer = new Promise<number | Error>((resolve) => {
    request.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    request.on("error", resolve);
  });
  const sent =
    part === "all"
      ? new Promise<void>((resolve) => {
          request.end(Buffer.from(bytes), resolve);
        })
      : new Promise<void>((resolve) => {
          request.write(Buffer.from(bytes.subarray(0, bytes.length >> 1)), () => {
            resolve();
          });
        });
  return { sent, answer };
}

const piecePath = (sent: Sent, index: number) =>
  `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}/pieces/${String(index)}`;
const statusPath = (sent: Sent) => `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}/status`;
const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the recipient can see of a message: nothing while it is uploading. */
async function expectInvisible(reader: Person, sent: Sent): Promise<void> {
  const inbox = await reader.client.call("GET", "/api/messages?box=inbox");
  expect(inbox.status).toBe(200);
  expect(inbox.body.messages.map((m: { id: string }) => m.id)).not.toContain(sent.id);
  expect((await reader.client.call("GET", `/api/messages/${sent.id}`)).status).toBe(404);
  const download = await reader.client.call("GET", `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}`);
  expect(download.status).toBe(404);
}

/** The upload's status as the sender sees it, checked against the piece sizes: never a torn piece. */
async function storedPieces(sender: Person, sent: Sent): Promise<number> {
  const status = await sender.client.call("GET", statusPath(sent));
  expect(status.status, JSON.stringify(status.body)).toBe(200);
  const next = status.body.nextIndex as number;
  const bytes = sent.pieces.slice(0, next).reduce((sum, p) => sum + p.length, 0);
  expect(status.body).toEqual({
    receivedBytes: bytes,
    ciphertextSize: sent.pieces.reduce((sum, p) => sum + p.length, 0),
    nextIndex: next,
    complete: next === sent.pieces.length,
  });
  return next;
}

describe.each(PROVIDERS)("attachment uploads when the server process is killed (a real process on %s)", (which) => {
  let server: ServerProcess;
  let dbUrl = "";
  let sender: Person;
  let reader: Person;
  let drop: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    if (which === "pg") ({ url: dbUrl, drop } = await freshDatabase("pg"));
    else dbUrl = `file:${join(dir, "sqlite", "sigill.db")}`;
    server = new ServerProcess({ provider: which, dataDir: join(dir, which), dbUrl, port: await freePort() });
    const adminLink = await server.createAdmin("rektor@skola.example", "Rektor Rut");
    await server.start();
    sender = await enrolPerson(server.base, adminLink);
    reader = await invitePerson(sender, "larare@skola.example", "Lärare Lisa");
  }, 120_000);

  afterAll(async () => {
    await server.kill();
    await drop();
  });

  it(
    "when the server is killed mid-piece twice, then after each restart the recipient sees nothing, no piece is torn, and the upload resumes to a message that decrypts byte for byte",
    { timeout: 120_000 },
    async () => {
      const original = bytesOf(3_000_000, 7);
      const sent = await postMessage(
        sender,
        {
          subject: "Utredning",
          text: "Bifogat.",
          to: [reader],
          attachment: { name: "utredning.pdf", bytes: original },
        },
        PIECE,
      );
      expect(sent.status).toBe("uploading");
      expect(sent.pieces.length).toBeGreaterThanOrEqual(10);

      // Crash 1: pieces 0-2 are in; piece 3 is half sent when the process dies. It must not exist.
      await uploadPieces(sender, sent, 0, 3);
      const first = startPut(sender.client, piecePath(sent, 3), sent.pieces[3] ?? new Uint8Array(0), "half");
      await first.sent;
      await sleep(100);
      await server.kill();
      expect(await first.answer).toBeInstanceOf(Error);

      await server.start();
      await expectInvisible(reader, sent);
      expect(await storedPieces(sender, sent)).toBe(3);
      expect((await sender.client.call("GET", `/api/messages/${sent.id}`)).body.status).toBe("uploading");
      const early = await sender.client.call("POST", `/api/messages/${sent.id}/commit`, {});
      expect(early.body.error.code).toBe("UPLOAD_INCOMPLETE");

      // Crash 2: resume at 3, go on to 7; piece 7 is fully sent and the process dies while the server
      // handles it. Either the piece is all there (k + 1) or not at all (k); if it was acknowledged, it stays.
      await uploadPieces(sender, sent, 3, 7);
      const second = startPut(sender.client, piecePath(sent, 7), sent.pieces[7] ?? new Uint8Array(0), "all");
      await second.sent;
      await sleep(5);
      await server.kill();
      const answered = await second.answer;

      await server.start();
      await expectInvisible(reader, sent);
      const next = await storedPieces(sender, sent);
      expect([7, 8]).toContain(next);
      if (answered === 200) expect(next).toBe(8);

      // The client does not know whether piece 7 landed: sending it again is safe either way.
      await uploadPieces(sender, sent, 7, 8);
      expect(await storedPieces(sender, sent)).toBe(8);
      await uploadPieces(sender, sent, 8);
      expect(await storedPieces(sender, sent)).toBe(sent.pieces.length);
      const commit = await sender.client.call("POST", `/api/messages/${sent.id}/commit`, {});
      expect(commit.status, JSON.stringify(commit.body)).toBe(200);

      // Now, and only now, the recipient sees it; the attachment decrypts to exactly the original bytes.
      const inbox = await reader.client.call("GET", "/api/messages?box=inbox");
      expect(inbox.body.messages.map((m: { id: string }) => m.id)).toEqual([sent.id]);
      const { opened, key, envelope, messageId } = await readAs(reader, sent.id, sender.account.email);
      expect(opened.content.subject).toBe("Utredning");
      const res = await fetch(
        `${reader.client.base}/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}`,
        {
          headers: { cookie: reader.client.cookie ?? "" },
        },
      );
      expect(res.status).toBe(200);
      const ciphertext = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(ciphertext).equals(Buffer.concat(sent.pieces))).toBe(true);
      const descriptor = (await parseEnvelope(envelope)).header.attachments[0];
      if (descriptor === undefined) throw new Error("no attachment descriptor");
      const parts: Uint8Array[] = [];
      for await (const p of decryptAttachment([ciphertext], { messageKey: key, messageId, descriptor })) parts.push(p);
      expect(Buffer.concat(parts).equals(Buffer.from(original))).toBe(true);

      // The access log survived both kills intact.
      const chain = await sender.client.call("GET", "/api/admin/audit/verify");
      expect(chain.body).toMatchObject({ ok: true, firstBadSeq: null });
    },
  );

  it(
    "when an upload is cut by a kill and never resumed, then it stays invisible and the retention job removes it and its chunks after 24 hours and logs the purge",
    { timeout: 120_000 },
    async () => {
      const sent = await postMessage(
        sender,
        {
          subject: "Övergiven",
          text: "Kommer aldrig fram.",
          to: [reader],
          attachment: { name: "x.pdf", bytes: bytesOf(1_000_000, 3) },
        },
        PIECE,
      );
      await uploadPieces(sender, sent, 0, 2);
      const cut = startPut(sender.client, piecePath(sent, 2), sent.pieces[2] ?? new Uint8Array(0), "half");
      await cut.sent;
      await sleep(100);
      await server.kill();
      expect(await cut.answer).toBeInstanceOf(Error);

      await server.start();
      await expectInvisible(reader, sent);
      expect(await storedPieces(sender, sent)).toBe(2);
      // Stop the server (hard again) so only this process touches the file from here on.
      await server.kill();

      const database = await openDatabase(dbUrl);
      try {
        const db = database.prisma;
        const deps: Deps = {
          db,
          reads: database.reads,
          pieces: database.pieces,
          config: loadConfig({
            SIGILL_DATA_DIR: join(dir, which),
            DATABASE_URL: which === "pg" ? dbUrl : "",
            PUBLIC_URL: ORIGIN,
          }),
          logger: createLogger("silent"),
          now: () => new Date(Date.now() + ABANDONED_UPLOAD_MS + 3_600_000),
        };
        expect(await db.chunk.count({ where: { messageId: sent.id } })).toBe(2);
        const committed = await db.message.findFirstOrThrow({ where: { status: "committed" } });
        const committedChunks = await db.chunk.count({ where: { messageId: committed.id } });
        expect(committedChunks).toBeGreaterThan(0);

        const report = await runRetention(deps, which);
        expect(report).toEqual({ expired: 0, abandoned: 1, chunksDeleted: 2 });
        expect(await db.message.findUnique({ where: { id: sent.id } })).toBeNull();
        expect(await db.chunk.count({ where: { messageId: sent.id } })).toBe(0);
        expect(await db.attachment.count({ where: { messageId: sent.id } })).toBe(0);
        expect(await db.messageRecipient.count({ where: { messageId: sent.id } })).toBe(0);
        const purged = await db.auditEvent.findMany({ where: { type: "message.purged", subjectId: sent.id } });
        expect(purged.map((e) => JSON.parse(e.details) as unknown)).toEqual([
          { reason: "upload abandoned", chunksDeleted: 2 },
        ]);
        // The committed message from the first case is untouched, and the access log still verifies.
        expect(await db.chunk.count({ where: { messageId: committed.id } })).toBe(committedChunks);
        expect(await verifyAuditChain(deps)).toMatchObject({ ok: true, firstBadSeq: null });
      } finally {
        await database.close();
      }
    },
  );
});
