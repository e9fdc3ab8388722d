// Rate limits under attack (issue 20, item 5), on SQLite and PostgreSQL: simultaneous first hits
// of a counter, enrolment floods spread over many client IPs, and X-Forwarded-For entries a client
// wrote itself in front of the proxy's. The plain limits are in http.test.ts and attacks.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db/database.ts";
import { AppError } from "../src/http/app-error.ts";
import { hit } from "../src/http/rate-limit.ts";
import { ENROL_PER_ADDRESS, ENROL_PER_MESSAGE } from "../src/modules/messages/invitations.ts";
import { Client } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { person, send } from "./support/people.ts";

/** Moves the server's clock to one second into a fresh window of `seconds` (fixed windows). */
function freshWindow(h: Harness, seconds = 60): void {
  const ms = seconds * 1000;
  h.advance(ms - (h.deps.now().getTime() % ms) + 1000);
}

/** A documentation address (RFC 5737) per n, for "many clients". */
const ipOf = (n: number) => `198.51.${String(100 + Math.floor(n / 250))}.${String((n % 250) + 1)}`;

const statusesOf = (answers: { status: number }[]) => {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
};

describe.each(PROVIDERS)("rate limits under attack on %s", (provider) => {
  const IP_LIMIT = 10;
  let h: Harness;
  beforeAll(async () => {
    // One proxy in front (the test's own requests come from 127.0.0.1, the proxy's address).
    h = await startServer(provider, { RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT), TRUST_PROXY: "1" });
  });
  afterAll(() => h.close());

  /** A first-time recipient's request for a mailed code, from the client at `ipOf(n)`. */
  const askMailboxCode = (messageId: string, address: string, n: number) =>
    new Client(h.base).call(
      "POST",
      `/api/invitations/${messageId}/mailbox-code`,
      { address },
      { headers: { "x-forwarded-for": ipOf(n) } },
    );

  const loginFrom = (xff: string) =>
    new Client(h.base).call("POST", "/api/auth/options", {}, { headers: { "x-forwarded-for": xff } });

  it("when 40 first hits of one counter arrive at once, then exactly the limit passes and no hit resets or loses the count", async () => {
    freshWindow(h);
    const answers = await Promise.all(Array.from({ length: 40 }, () => loginFrom("203.0.113.40")));
    expect(statusesOf(answers)).toEqual({ 200: IP_LIMIT, 429: 40 - IP_LIMIT });
    // The counter kept every hit: the next one is refused too.
    expect((await loginFrom("203.0.113.40")).status).toBe(429);
  });

  it("when 40 first hits interleave statement by statement (a slow or busy database), then exactly the limit passes", async () => {
    // Each statement first yields to the event loop, as a busy disk or a network round trip does,
    // so the hits' statements interleave on SQLite too (libsql otherwise finishes each one at once).
    const slow = h.deps.db.$extends({
      query: {
        $allOperations: async ({ args, query }) => {
          await new Promise((resolve) => setImmediate(resolve));
          const result: unknown = await query(args);
          return result;
        },
      },
    }) as unknown as Db;
    const deps = { ...h.deps, db: slow };
    const rule = { scope: "race", limit: 15, windowSeconds: 3600 };
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => hit(deps, rule, provider)));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(results.length - refused.length).toBe(15);
    for (const e of refused) expect(e instanceof AppError && e.code).toBe("RATE_LIMITED");
  });

  it("when a client puts its own addresses in X-Forwarded-For, then only the one the trusted proxy appended counts", async () => {
    freshWindow(h);
    const statuses: number[] = [];
    for (let i = 0; i < IP_LIMIT + 3; i++)
      statuses.push((await loginFrom(`${ipOf(i)}, 10.9.9.${String(i)}, 203.0.113.7`)).status);
    expect(statuses).toEqual([...Array<number>(IP_LIMIT).fill(200), 429, 429, 429]);
    // Another client behind the same proxy is not affected.
    expect((await loginFrom("203.0.113.8")).status).toBe(200);
  });

  it("when one invited address is tried from many IPs, then the per-address limit stops it", async () => {
    freshWindow(h, 3600);
    const anna = await person(h, `anna-${provider}@skola.example`);
    const address = `target-${provider}@example.org`;
    const sent = await send(anna, { subject: "Hej", text: "x", to: [], invite: [{ address }] });
    const statuses: number[] = [];
    for (let i = 0; i < ENROL_PER_ADDRESS.limit + 2; i++) {
      const r = await new Client(h.base).call(
        "POST",
        `/api/invitations/${sent.id}/enrol/options`,
        { address, mailboxCode: "12345678" },
        { headers: { "x-forwarded-for": ipOf(i) } },
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, ENROL_PER_ADDRESS.limit).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(ENROL_PER_ADDRESS.limit)).toEqual([429, 429]);
  });

  it("when a class letter's 30 guardians each ask for a mailed code, then all get one, and a link holder asking for made-up addresses uses up none of theirs", async () => {
    // Before: 10 codes per message an hour, whatever the address: the eleventh guardian got 429,
    // and anyone with the link could block the message with ten made-up addresses, unlogged.
    freshWindow(h, 3600);
    const cecilia = await person(h, `cecilia-${provider}@skola.example`);
    const guardians = Array.from({ length: 30 }, (_, i) => `vh${String(i)}-${provider}@example.org`);
    const sent = await send(cecilia, {
      subject: "Klassbrev",
      text: "x",
      to: [],
      invite: guardians.map((address) => ({ address })),
    });
    const ask = (address: string, n: number) => askMailboxCode(sent.id, address, 3000 + n);
    const codesFor = () =>
      h.notifications.filter((n) => n.kind === "mailbox-code" && "messageId" in n && n.messageId === sent.id).length;
    const noise = [];
    for (let i = 0; i < 40; i++) noise.push(await ask(`made-up${String(i)}-${provider}@example.org`, i));
    expect(statusesOf(noise)).toEqual({ 202: 40 });
    expect(codesFor()).toBe(0);
    const answers = [];
    for (const [i, address] of guardians.entries()) answers.push(await ask(address, 100 + i));
    expect(statusesOf(answers)).toEqual({ 202: 30 });
    await expect.poll(codesFor).toBe(30);
    expect(
      await h.deps.db.auditEvent.count({ where: { type: "invitation.mailbox_code_limited", subjectId: sent.id } }),
    ).toBe(0);
  });

  it("when an invited address or a message's invitees ask for too many codes, then they are refused and the access log says so once each", async () => {
    freshWindow(h, 3600);
    const david = await person(h, `david-${provider}@skola.example`);
    const invitees = [0, 1, 2].map((i) => `inv${String(i)}-${provider}@example.org`);
    const sent = await send(david, {
      subject: "Hej",
      text: "x",
      to: [],
      invite: invitees.map((address) => ({ address })),
    });
    const ask = (address: string, n: number) => askMailboxCode(sent.id, address, 4000 + n);
    const limited = async () =>
      (
        await h.deps.db.auditEvent.findMany({
          where: { type: "invitation.mailbox_code_limited", subjectId: sent.id },
          orderBy: { seq: "asc" },
        })
      ).map((e) => JSON.parse(e.details) as unknown);
    // One address: five an hour, the sixth refused and logged.
    const first = [];
    for (let i = 0; i < 6; i++) first.push((await ask(invitees[0] ?? "", i)).status);
    expect(first).toEqual([202, 202, 202, 202, 202, 429]);
    expect(await limited()).toEqual([{ per: "address", limit: 5 }]);
    // The message: three codes per invitee and five more (14 here). The first five above counted
    // (the sixth was refused by the address's limit first), so nine more pass.
    const rest = [];
    for (let i = 0; i < 10; i++) rest.push((await ask(invitees[1 + (i % 2)] ?? "", 10 + i)).status);
    expect(rest).toEqual([...Array<number>(9).fill(202), 429]);
    expect(await limited()).toEqual([
      { per: "address", limit: 5 },
      { per: "message", limit: 14 },
    ]);
  });

  it("when someone names a guardian's address with made-up message ids, then the guardian still gets a code for the real one", async () => {
    // Before: the per-address limit counted every request, so five requests with any 22-character
    // id (no link needed) stopped a guardian's codes for every message for the hour, unlogged.
    freshWindow(h, 3600);
    const erik = await person(h, `erik-${provider}@skola.example`);
    const guardian = `guardian-${provider}@example.org`;
    const sent = await send(erik, { subject: "Hej", text: "x", to: [], invite: [{ address: guardian }] });
    const made = (i: number) => `${"A".repeat(21)}${"ABCDEFGHIJ"[i] ?? "Z"}`;
    const noise = [];
    for (let i = 0; i < 8; i++) noise.push(await askMailboxCode(made(i % 2), guardian, 5000 + i));
    // Each made-up id answers like any message (202) until its own five are used.
    expect(noise.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202, 202, 202]);
    const real = await askMailboxCode(sent.id, guardian, 5100);
    expect(real.status).toBe(202);
    await expect
      .poll(() => h.notifications.filter((n) => n.kind === "mailbox-code" && n.to === guardian).length)
      .toBe(1);
  });

  it("when one invitation is tried with many addresses from many IPs, then the per-message limit stops it", async () => {
    freshWindow(h, 3600);
    const bertil = await person(h, `bertil-${provider}@skola.example`);
    const sent = await send(bertil, {
      subject: "Hej",
      text: "x",
      to: [],
      invite: [{ address: `real-${provider}@example.org` }],
    });
    const answers = [];
    for (let i = 0; i < ENROL_PER_MESSAGE.limit + 2; i++) {
      answers.push(
        await new Client(h.base).call(
          "POST",
          `/api/invitations/${sent.id}/enrol/options`,
          { address: `guess${String(i)}-${provider}@example.org`, mailboxCode: "12345678" },
          { headers: { "x-forwarded-for": ipOf(1000 + i) } },
        ),
      );
    }
    expect(statusesOf(answers.slice(0, ENROL_PER_MESSAGE.limit))).toEqual({ 404: ENROL_PER_MESSAGE.limit });
    expect(answers.slice(ENROL_PER_MESSAGE.limit).map((a) => a.status)).toEqual([429, 429]);
    // The real invitee is stopped as well until the hour passes (it is the message that is attacked).
    const real = await new Client(h.base).call(
      "POST",
      `/api/invitations/${sent.id}/enrol/options`,
      { address: `real-${provider}@example.org`, mailboxCode: "12345678" },
      { headers: { "x-forwarded-for": ipOf(2000) } },
    );
    expect(real.status).toBe(429);
    freshWindow(h, 3600);
    const later = await new Client(h.base).call(
      "POST",
      `/api/invitations/${sent.id}/enrol/options`,
      { address: `real-${provider}@example.org`, mailboxCode: "12345678" },
      { headers: { "x-forwarded-for": ipOf(2001) } },
    );
    expect([later.status, (later.body as { error: { code: string } }).error.code]).toEqual([403, "MAILBOX_CODE_WRONG"]);
  });
});

describe.each(PROVIDERS)("TRUST_PROXY as a list of proxy addresses on %s", (provider) => {
  const IP_LIMIT = 3;
  let trusted: Harness;
  let untrusted: Harness;
  beforeAll(async () => {
    trusted = await startServer(provider, { RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT), TRUST_PROXY: "loopback" });
    untrusted = await startServer(provider, {
      RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT),
      TRUST_PROXY: "10.20.30.40, 192.0.2.0/24",
    });
  });
  afterAll(async () => {
    await trusted.close();
    await untrusted.close();
  });

  const loginFrom = (h: Harness, xff: string) =>
    new Client(h.base).call("POST", "/api/auth/options", {}, { headers: { "x-forwarded-for": xff } });

  it("when the listed proxy forwards, then spoofed entries left of the client's address are ignored", async () => {
    freshWindow(trusted);
    const statuses: number[] = [];
    for (let i = 0; i < IP_LIMIT + 2; i++) statuses.push((await loginFrom(trusted, `${ipOf(i)}, 203.0.113.9`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await loginFrom(trusted, "203.0.113.10")).status).toBe(200);
  });

  it("when the request does not come from a listed proxy, then X-Forwarded-For is ignored altogether", async () => {
    freshWindow(untrusted);
    const statuses: number[] = [];
    for (let i = 0; i < IP_LIMIT + 2; i++) statuses.push((await loginFrom(untrusted, ipOf(i))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
