// Several instances (issue 9): two real server processes on one PostgreSQL behind a small
// round-robin proxy. A session made on one works on the other; rate limits and invitation
// lockouts count across both; killing one instance under load loses no acknowledged message.
// (The retention job's once-only claim is tested in messages.test.ts with two racing connections.)
// PostgreSQL only: SQLite is the single embedded process.
import {
  adoptInvitation,
  Api,
  enrol,
  enrolFromLink,
  parseMessageLink,
  memoryPins,
  readMessage,
  requestMailboxCode,
  sendSecure,
  SigillError,
  type PasskeyPort,
  type StaffSession,
} from "@sigill/client";
import { decodeBase64Url } from "@sigill/crypto";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/database.ts";
import type { Deps } from "../src/deps.ts";
import { createLogger } from "../src/http/logger.ts";
import { createEnrolment, ensureOrganisation } from "../src/modules/accounts/enrolments.ts";
import { verifyAuditChain } from "../src/modules/audit/log.ts";
import { EXTENSION_ORIGIN, freshDatabase, ORIGIN } from "./support/harness.ts";
import { startSmtpSink, type SmtpSink } from "./support/mail.ts";
import { freePort, ServerProcess } from "./support/server-process.ts";
import { SoftAuthenticator } from "./support/soft-authenticator.ts";

const IP_LIMIT = 15;

interface Instance {
  readonly port: number;
  readonly process: ServerProcess;
}

/** One instance: the real server process on the shared PostgreSQL, behind the proxy. */
async function startInstance(databaseUrl: string, smtpUrl: string): Promise<Instance> {
  const port = await freePort();
  const server = new ServerProcess({ provider: "pg", dataDir: "./unused", dbUrl: databaseUrl, port });
  Object.assign(server.env, {
    EXTENSION_ORIGINS: EXTENSION_ORIGIN,
    SMTP_URL: smtpUrl,
    TRUST_PROXY: "1",
    LOG_LEVEL: "silent",
    RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT),
    RATE_LIMIT_ACCOUNT_PER_MINUTE: "1000",
  });
  await server.start();
  return { port, process: server };
}

/**
 * Round-robin over the instances. A refused connection (the instance is down) never reached it,
 * so the request goes to the next one; a connection cut mid-request answers 502.
 */
function startProxy(instances: Instance[]) {
  let next = 0;
  const served = instances.map(() => 0);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number) => {
        const i = next++ % instances.length;
        const target = instances[i];
        if (target === undefined) return;
        const out = http.request(
          { host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            served[i] = (served[i] ?? 0) + 1;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on("error", (error: NodeJS.ErrnoException) => {
          if (error.code === "ECONNREFUSED" && tries < instances.length) attempt(tries + 1);
          else if (!res.headersSent) res.writeHead(502).end();
          else res.destroy();
        });
        out.end(body);
      };
      attempt(1);
    });
  });
  return { server, served };
}

function passkeys(auth: SoftAuthenticator): PasskeyPort {
  return {
    register: async (options, salt) => {
      const response = auth.register(options as never, { origin: EXTENSION_ORIGIN });
      return { response: response as never, prfOutput: await decodeBase64Url(auth.prf(response.id, salt)) };
    },
    authenticate: async (options, salt) => {
      const response = auth.authenticate(options as never, { origin: EXTENSION_ORIGIN });
      return { response: response as never, prfOutput: await decodeBase64Url(auth.prf(response.id, salt)) };
    },
  };
}

let database: Database;
let deps: Deps;
let drop: () => Promise<void>;
const instances: Instance[] = [];
let proxy: ReturnType<typeof startProxy>;
let base = "";
let smtp: SmtpSink;

async function staff(email: string): Promise<StaffSession> {
  const { link } = await createEnrolment(deps, { email, displayName: email.split("@")[0] ?? "x", role: "staff" });
  const auth = new SoftAuthenticator({
    origin: EXTENSION_ORIGIN,
    rpId: new URL(ORIGIN).hostname,
    prfSecret: crypto.getRandomValues(new Uint8Array(32)),
  });
  return (await enrolFromLink(link.replace(ORIGIN, base), passkeys(auth))).session;
}

beforeAll(async () => {
  const fresh = await freshDatabase("pg");
  drop = fresh.drop;
  database = await openDatabase(fresh.url);
  const config = loadConfig({
    DATABASE_URL: fresh.url,
    PUBLIC_URL: ORIGIN,
    LOG_LEVEL: "silent",
    // The instances keep their own checkpoints; this process checks the chain and the log key.
    AUDIT_CHECKPOINT_FILE: join(mkdtempSync(join(tmpdir(), "sigill-audit-")), "checkpoints.jsonl"),
  });
  deps = {
    db: database.prisma,
    reads: database.reads,
    pieces: database.pieces,
    config,
    logger: createLogger("silent"),
    now: () => new Date(),
    notify: () => Promise.resolve("sent" as const),
  };
  await ensureOrganisation(deps);
  smtp = await startSmtpSink();
  for (let i = 0; i < 2; i++) instances.push(await startInstance(fresh.url, smtp.url));
  proxy = startProxy(instances);
  proxy.server.listen(0, "127.0.0.1");
  await once(proxy.server, "listening");
  base = `http://127.0.0.1:${String((proxy.server.address() as AddressInfo).port)}`;
}, 90_000);

afterAll(async () => {
  await smtp.close();
  proxy.server.close();
  for (const i of instances) await i.process.kill();
  await database.close();
  await drop();
});

describe("two instances on one PostgreSQL behind a round-robin proxy", { timeout: 90_000 }, () => {
  it("when someone logs in through one instance, then the session works on both", async () => {
    const anna = await staff("anna@skola.example");
    const before = [...proxy.served];
    for (let i = 0; i < 10; i++) {
      const me = await anna.api.call(z.object({ account: z.object({ email: z.string() }) }), "GET", "/api/session");
      expect(me.account.email).toBe("anna@skola.example");
    }
    // Both instances answered some of them.
    expect(proxy.served.map((n, i) => n - (before[i] ?? 0)).every((n) => n >= 4)).toBe(true);
  });

  it("when one address tries too often, then the limit counts across both instances", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < IP_LIMIT + 3; i++) {
      const res = await fetch(`${base}/api/auth/options`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.77.0.1" },
        body: "{}",
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    // Counted per instance, each would allow IP_LIMIT: together twice as many would pass.
    expect(statuses.filter((s) => s === 200).length).toBe(IP_LIMIT);
    expect(statuses.slice(IP_LIMIT)).toEqual([429, 429, 429]);
  });

  it("when wrong access codes alternate between the instances, then the fifth locks the invitation", async () => {
    const bertil = await staff("bertil@skola.example");
    const sent = await sendSecure(
      bertil,
      {
        subject: "Kod",
        text: "x",
        to: ["guardian@example.org"],
        cc: [],
        attachments: [],
        expiresInDays: 7,
        accessCode: true,
      },
      { pins: memoryPins() },
    );
    // The guardian proves the address with the code an instance mails there (a real SMTP server
    // stands in for the mailbox) and enrols; then wrong access codes go to one instance and the
    // other in turn.
    const link = parseMessageLink((sent.link ?? "").replace(ORIGIN, base));
    const api = new Api({ server: base });
    const auth = new SoftAuthenticator({
      origin: EXTENSION_ORIGIN,
      rpId: new URL(ORIGIN).hostname,
      prfSecret: crypto.getRandomValues(new Uint8Array(32)),
    });
    await requestMailboxCode(api, link.messageId, "guardian@example.org");
    const mailboxCode = await smtp.mailboxCode("guardian@example.org");
    const guardian = (
      await enrol(
        base,
        { invitation: { messageId: link.messageId, address: "guardian@example.org", mailboxCode } },
        passkeys(auth),
      )
    ).session;
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const error = await adoptInvitation(guardian, link, `0000-0000-000${String(i)}`).catch(
        (e: unknown) => e as { serverCode?: string },
      );
      codes.push((error as { serverCode?: string }).serverCode ?? "");
    }
    expect(codes).toEqual([
      "ACCESS_CODE_WRONG",
      "ACCESS_CODE_WRONG",
      "ACCESS_CODE_WRONG",
      "ACCESS_CODE_WRONG",
      "INVITATION_LOCKED",
    ]);
  });

  it("when one instance is killed under load, then every acknowledged message is still there and the log verifies", async () => {
    const carl = await staff("carl@skola.example");
    const dora = await staff("dora@skola.example");
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let stop = false;
    const load = async () => {
      while (!stop) {
        try {
          const sent = await sendSecure(
            carl,
            {
              subject: "Last",
              text: `nr ${String(acknowledged.length)}`,
              to: ["dora@skola.example"],
              cc: [],
              attachments: [],
              expiresInDays: 7,
              accessCode: false,
            },
            { pins: memoryPins() },
          );
          acknowledged.push(sent.messageId);
        } catch (error) {
          failures.push(error instanceof SigillError ? error.code : String(error));
        }
      }
    };
    const loops = [load(), load(), load()];
    await new Promise((r) => setTimeout(r, 1500));
    const victim = instances[1];
    if (victim === undefined) throw new Error("no second instance");
    await victim.process.kill();
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await Promise.all(loops);
    expect(acknowledged.length).toBeGreaterThan(5);
    // Every message the sender was told about reads back, decrypted and verified, for the reader.
    for (const id of acknowledged) {
      const m = await readMessage(dora, id);
      expect(m.verified).toBe(true);
    }
    // Nothing half-made is visible: every message row of Carl's is committed.
    const rows = await database.prisma.message.findMany({ where: { sender: { email: "carl@skola.example" } } });
    expect(rows.filter((r) => r.status !== "committed").length).toBe(0);
    expect((await verifyAuditChain(deps)).ok).toBe(true);
    // Sends cut off when the instance died fail as clear errors (never acknowledged, never wrong).
    expect(
      failures.every((c) => c === "NETWORK" || c === "SERVER"),
      failures.join(","),
    ).toBe(true);
  });
});
