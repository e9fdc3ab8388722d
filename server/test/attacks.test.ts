// Attacks the other tests do not already make (see auth.test.ts for the refusals of replayed and
// expired challenges, wrong origin and RP ID, UV off and cloned counters; http.test.ts for the
// per-IP and per-passkey login limits; messages.test.ts for the five-wrong-codes lock and the
// identical 404 bodies). Here: each passkey abuse is also *logged*, a challenge from another
// ceremony is refused, failed logins count against the limits, invitation ids and access codes
// cannot be enumerated, and "no such message" and "not yours" do the same database work and take
// the same time.
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient as SqliteClient } from "../src/generated/sqlite/client.ts";
import type { Reads } from "../src/db/reads.ts";
import { Client, createUser, finishLogin, login, loginOptions } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { enrolInvited, openInvited, person, send } from "./support/people.ts";

const MISSING = "AAAAAAAAAAAAAAAAAAAAAA";

/** Moves the server's clock to one second into a fresh rate-limit minute (fixed windows). */
function freshMinute(h: Harness): void {
  h.advance(60_000 - (h.deps.now().getTime() % 60_000) + 1000);
}

function randomId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
}

describe.each(PROVIDERS)("passkey abuse is refused and logged on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when an assertion is replayed, signed for another ceremony, from a wrong origin or without UV, then each is refused with a code, starts no session and is logged", async () => {
    const auth = h.authenticator();
    const { account } = await createUser(h, auth, { email: "abused@skola.example" });
    const attempts: { name: string; code: string; status: number; cookie: string | undefined }[] = [];
    const record = (name: string, client: Client, r: { status: number; body: { error?: { code: string } } }) => {
      attempts.push({ name, code: r.body.error?.code ?? "none", status: r.status, cookie: client.cookie });
    };

    // 1. A good assertion, replayed: with its own (now used) challenge, and under a fresh challenge.
    const first = await loginOptions(h);
    const good = auth.authenticate(first.options);
    expect((await finishLogin(first.client, first.challengeId, good)).status).toBe(200);
    const replay = new Client(h.base);
    record("replayed, same challenge", replay, await finishLogin(replay, first.challengeId, good));
    const fresh = await loginOptions(h);
    record("replayed, new challenge", fresh.client, await finishLogin(fresh.client, fresh.challengeId, good));

    // 2. Signed over another visitor's challenge, submitted under one's own.
    const victim = await loginOptions(h);
    const mine = await loginOptions(h);
    const stolen = auth.authenticate(mine.options, { challenge: victim.options.challenge });
    record("another session's challenge", mine.client, await finishLogin(mine.client, mine.challengeId, stolen));

    // 3. A registration challenge (adding a passkey in a logged-in session) used to log in.
    const session = await login(h, auth);
    const reg = await session.call("POST", "/api/passkeys/options", {});
    expect(reg.status).toBe(200);
    const login2 = await loginOptions(h);
    const cross = new Client(h.base);
    record(
      "registration challenge for a login",
      cross,
      await finishLogin(cross, String(reg.body.challengeId), auth.authenticate(login2.options)),
    );

    // 4. Wrong origin; 5. user verification missing.
    const o = await loginOptions(h);
    record(
      "wrong origin",
      o.client,
      await finishLogin(
        o.client,
        o.challengeId,
        auth.authenticate(o.options, { origin: "https://sigill.test.evil.example" }),
      ),
    );
    const uv = await loginOptions(h);
    record(
      "no user verification",
      uv.client,
      await finishLogin(uv.client, uv.challengeId, auth.authenticate(uv.options, { userVerified: false })),
    );

    expect(attempts.map(({ name, status, code, cookie }) => [name, status, code, cookie])).toEqual([
      ["replayed, same challenge", 400, "CHALLENGE_INVALID", undefined],
      ["replayed, new challenge", 400, "WEBAUTHN_FAILED", undefined],
      ["another session's challenge", 400, "WEBAUTHN_FAILED", undefined],
      ["registration challenge for a login", 400, "CHALLENGE_INVALID", undefined],
      ["wrong origin", 400, "WEBAUTHN_FAILED", undefined],
      ["no user verification", 400, "WEBAUTHN_FAILED", undefined],
    ]);
    // Every refusal is in the access log against the account, with the reason, and nothing else.
    const failed = await h.deps.db.auditEvent.findMany({
      where: { type: "auth.login_failed" },
      orderBy: { seq: "asc" },
    });
    expect(failed.map((e) => [e.subjectId, JSON.parse(e.details) as unknown])).toEqual(
      attempts.map((a) => [account.id, { reason: a.code, knownPasskey: true }]),
    );
    for (const e of failed) expect(e.ip).toBeTruthy();
    // Two successful logins, no more.
    expect(await h.deps.db.auditEvent.count({ where: { type: "auth.login" } })).toBe(2);
  });
});

describe("brute force: logins, invitation ids and access codes are limited", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer("sqlite", { RATE_LIMIT_IP_PER_MINUTE: "10", RATE_LIMIT_ACCOUNT_PER_MINUTE: "3" });
  });
  afterAll(() => h.close());

  it("when a passkey's logins keep failing, then the failures count: after three, even a good assertion waits", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: "guessed@skola.example" });
    freshMinute(h);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { client, challengeId, options } = await loginOptions(h);
      statuses.push(
        (await finishLogin(client, challengeId, auth.authenticate(options, { userVerified: false }))).status,
      );
    }
    const { client, challengeId, options } = await loginOptions(h);
    const limited = await finishLogin(client, challengeId, auth.authenticate(options));
    statuses.push(limited.status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    freshMinute(h);
    await login(h, auth);
  });

  it("when someone walks invitation ids or addresses, then after the per-IP limit every answer is 429, real ids included", async () => {
    const anna = await person(h, "anna@skola.example");
    const sent = await send(anna, { subject: "Kod", text: "x", to: [], invite: [{ address: "g@example.org" }] });
    freshMinute(h);
    const c = new Client(h.base);
    for (let i = 0; i < 10; i++) expect((await c.call("GET", `/api/invitations/${randomId()}`)).status).toBe(404);
    const about = await c.call("GET", `/api/invitations/${sent.id}`);
    expect([about.status, about.body.error.code]).toEqual([429, "RATE_LIMITED"]);
    for (let i = 0; i < 10; i++) {
      const r = await c.call("POST", `/api/invitations/${sent.id}/enrol/options`, {
        address: `guess${String(i)}@example.org`,
        mailboxCode: "12345678",
      });
      expect(r.status).toBe(404);
    }
    const enrol = await c.call("POST", `/api/invitations/${sent.id}/enrol/options`, {
      address: "g@example.org",
      mailboxCode: "12345678",
    });
    expect([enrol.status, enrol.body.error.code]).toEqual([429, "RATE_LIMITED"]);
    freshMinute(h);
    expect((await c.call("GET", `/api/invitations/${sent.id}`)).status).toBe(200);
  });

  it("when access codes are guessed, then the fifth wrong one locks the invitation for good and the IP limit stops the rest", async () => {
    const anna = await person(h, "bertil@skola.example");
    const address = "locked@example.org";
    const sent = await send(anna, {
      subject: "Kod",
      text: "x",
      to: [],
      invite: [{ address, accessCode: "2468-1357-0000" }],
    });
    const guardian = await enrolInvited(h, sent.id, address);
    freshMinute(h);
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await openInvited(h, guardian, sent, i === 7 ? "2468-1357-0000" : `0000-0000-000${String(i)}`);
      codes.push(String(r.body.error?.code));
    }
    expect(codes).toEqual([
      ...Array<string>(4).fill("ACCESS_CODE_WRONG"),
      ...Array<string>(6).fill("INVITATION_LOCKED"), // the right code (8th) too
    ]);
    const limited = await openInvited(h, guardian, sent, "2468-1357-0000");
    expect(limited.status).toBe(429);
    // A new minute and a new session do not unlock it: only the sender's reissue does.
    freshMinute(h);
    const again = await openInvited(h, guardian, sent, "2468-1357-0000");
    expect(again.body.error.code).toBe("INVITATION_LOCKED");
  });
});

describe.each(PROVIDERS)("a page that floods the access log through the extension's reports on %s", (provider) => {
  // Any staff session can post the extension's reports, so a hostile script on a webmail page (or a
  // staff member's own script) could bury the admin's log in invented entries. Each account gets
  // RATE_LIMIT_REPORTS_PER_HOUR of each kind an hour; the first one over is itself logged, once.
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider, { RATE_LIMIT_REPORTS_PER_HOUR: "3" });
  });
  afterAll(() => h.close());

  const unchecked = { host: "mail.google.com", reasons: ["encrypted"], files: 1 };
  const count = (type: string) => h.deps.db.auditEvent.count({ where: { type } });

  it("when one account posts more reports of one kind in an hour than allowed, then the rest get 429, the log holds the allowed ones and one notice, and a new hour resets it", async () => {
    const staff = await createUser(h, h.authenticator(), { email: "flood@skola.example", kind: "extension" });
    h.advance(3_600_000 - (h.deps.now().getTime() % 3_600_000) + 1000);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await staff.client.call("POST", "/api/events/unchecked-attachment", unchecked)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    const last = await staff.client.call("POST", "/api/events/unchecked-attachment", unchecked);
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe("RATE_LIMITED");
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await count("extension.unchecked_attachment")).toBe(3);
    const notices = await h.deps.db.auditEvent.findMany({ where: { type: "extension.reports_limited" } });
    expect(notices.map((n) => [n.actorId, JSON.parse(n.details) as unknown])).toEqual([
      [staff.account.id, { report: "extension.unchecked_attachment", limit: 3 }],
    ]);

    // Other kinds and other accounts have their own counters: a flood of one kind does not hide the others.
    expect(
      (
        await staff.client.call("POST", "/api/events/unrecognised-compose", {
          host: "outlook.office.com",
          kinds: ["health"],
        })
      ).status,
    ).toBe(201);
    // Diversions are not limited (only the extension's own compose page reports them, after a secure send).
    for (let i = 0; i < 5; i++)
      expect((await staff.client.call("POST", "/api/events/diversion", { kinds: ["health"] })).status).toBe(201);
    const other = await createUser(h, h.authenticator(), { email: "other@skola.example", kind: "extension" });
    expect((await other.client.call("POST", "/api/events/unchecked-attachment", unchecked)).status).toBe(201);

    // The next hour starts a new count (and a new notice only if it is passed again).
    h.advance(3_600_000);
    expect((await staff.client.call("POST", "/api/events/unchecked-attachment", unchecked)).status).toBe(201);
    expect(await count("extension.unchecked_attachment")).toBe(5);
    expect(await count("policy.diversion")).toBe(5);
    expect(await count("extension.reports_limited")).toBe(1);
  });

  it("when the reports of one kind are sent all at once past the limit, then exactly the limit is logged and one notice", async () => {
    const staff = await createUser(h, h.authenticator(), { email: "burst@skola.example", kind: "extension" });
    h.advance(3_600_000 - (h.deps.now().getTime() % 3_600_000) + 1000);
    const before = await count("extension.unrecognised_compose");
    const noticesBefore = await count("extension.reports_limited");
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        staff.client.call("POST", "/api/events/unrecognised-compose", {
          host: "outlook.office.com",
          kinds: ["health"],
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
    expect((await count("extension.unrecognised_compose")) - before).toBe(3);
    expect((await count("extension.reports_limited")) - noticesBefore).toBe(1);
  });
});

describe("'no such message' and 'not yours' cannot be told apart by timing", () => {
  let h: Harness;
  let sqlLog: string[];
  let restore: () => Promise<void>;
  beforeAll(async () => {
    h = await startServer("sqlite");
    // A second Prisma client on the same file, logging its SQL, stands in for the app's own for
    // these tests (the app reads `deps.db` on every request), so the statements can be compared.
    const logged = new SqliteClient({
      adapter: new PrismaLibSql({ url: `file:${h.config.dataDir}/sigill.db` }),
      log: [{ emit: "event", level: "query" }],
    });
    sqlLog = [];
    logged.$on("query", (e) => {
      sqlLog.push(e.query);
    });
    // The hot reads (session, message, lists) go through deps.reads: each statement it runs is
    // logged into the same list, in order.
    const deps = h.deps as { db: unknown; reads: Reads };
    const original = { db: deps.db, reads: deps.reads };
    deps.db = logged;
    deps.reads = {
      rows: (row, statement) => {
        sqlLog.push(statement.sql);
        return original.reads.rows(row, statement);
      },
      one: (row, statement) => {
        sqlLog.push(statement.sql);
        return original.reads.one(row, statement);
      },
      close: () => Promise.resolve(),
    };
    restore = async () => {
      Object.assign(deps, original);
      await logged.$disconnect();
    };
  });
  afterAll(async () => {
    await restore();
    await h.close();
  });

  it("when a stranger asks for someone else's message or a missing one, then the same SQL runs and the medians match", async () => {
    const anna = await person(h, "anna@skola.example");
    const bertil = await person(h, "bertil@skola.example");
    const stranger = await person(h, "cecilia@skola.example");
    const sent = await send(anna, {
      subject: "Hemligt",
      text: "Bara för Bertil",
      to: [bertil],
      invite: [{ address: "guardian@example.org" }],
      attachment: { name: "a.pdf", bytes: new Uint8Array(500) },
    });
    const direct = await send(anna, { subject: "Direkt", text: "x", to: [bertil] });
    const statements = async (client: Client, path: string, method = "GET") => {
      await client.call(method, path, method === "GET" ? undefined : {}); // warm (session touch, caches)
      sqlLog.length = 0;
      const r = await client.call(method, path, method === "GET" ? undefined : {});
      return { status: r.status, body: r.body as unknown, sql: [...sqlLog] };
    };
    const pairs: [string, string, string?][] = [
      [`/api/messages/${sent.id}`, `/api/messages/${MISSING}`],
      [`/api/threads/${sent.id}`, `/api/threads/${MISSING}`],
      [
        `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}`,
        `/api/messages/${MISSING}/attachments/${MISSING}`,
      ],
      [
        `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}/status`,
        `/api/messages/${MISSING}/attachments/${MISSING}/status`,
      ],
      [`/api/messages/${sent.id}/recall`, `/api/messages/${MISSING}/recall`, "POST"],
      [`/api/messages/${sent.id}/commit`, `/api/messages/${MISSING}/commit`, "POST"],
      [`/api/invitations/${sent.id}/open`, `/api/invitations/${MISSING}/open`, "POST"],
    ];
    for (const [theirs, missing, method] of pairs) {
      const a = await statements(stranger.client, theirs, method);
      const b = await statements(stranger.client, missing, method);
      expect(a.status, theirs).toBe(404);
      expect(a.body, theirs).toEqual(b.body);
      expect(a.sql, theirs).toEqual(b.sql);
    }
    // The message link's public page: a direct message (no invitation) is refused like a missing one.
    const anon = new Client(h.base);
    const d = await statements(anon, `/api/invitations/${direct.id}`);
    const m = await statements(anon, `/api/invitations/${MISSING}`);
    expect([d.status, d.body, d.sql]).toEqual([404, m.body, m.sql]);

    // And by the clock, for a message with a large envelope (reading it only for existing messages
    // was a measurable difference): alternating samples, compared by the median of paired
    // differences, which drifting load on a shared machine moves equally for both. A real
    // difference shows in every batch; a load spike rarely in two, so a second batch may confirm.
    const big = await send(anna, { subject: "Stor", text: "x".repeat(1_000_000), to: [bertil] });
    const time = async (path: string) => {
      const t = performance.now();
      await stranger.client.call("GET", path);
      return performance.now() - t;
    };
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    const batch = async () => {
      const diffs: number[] = [];
      const all: number[] = [];
      for (let i = 0; i < 100; i++) {
        const swap = i % 2 === 0;
        const first = await time(swap ? `/api/messages/${big.id}` : `/api/messages/${MISSING}`);
        const second = await time(swap ? `/api/messages/${MISSING}` : `/api/messages/${big.id}`);
        diffs.push(swap ? first - second : second - first);
        all.push(first, second);
      }
      return { diff: Math.abs(median(diffs)), tolerance: Math.max(0.75, 0.2 * median(all)), typical: median(all) };
    };
    let result = await batch();
    if (result.diff >= result.tolerance) result = await batch();
    expect(result.diff, `median paired difference (typical answer ${result.typical.toFixed(2)} ms)`).toBeLessThan(
      result.tolerance,
    );
  });
});
