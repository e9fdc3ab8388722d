// Admin charts (issue 7): diversions reported by the extension, and the stats the charts draw,
// from the real access log on SQLite and PostgreSQL, with Stockholm's days and ISO weeks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../src/deps.ts";
import { appendAudit, type AuditInput } from "../src/modules/audit/log.ts";
import { addDays, isoWeek, localDay, weekStart } from "../src/modules/stats/calendar.ts";
import { Client, createUser, login } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { person, send } from "./support/people.ts";

/** Appends a real log entry (hash chain and all) as if it happened at `at`. */
function recordAt(deps: Deps, at: string, input: AuditInput) {
  return appendAudit({ ...deps, now: () => new Date(at) }, input);
}

describe("Stockholm days and ISO weeks", () => {
  it("when an instant is near local midnight, then its day is Stockholm's, summer and winter", () => {
    expect(localDay(new Date("2026-03-29T21:59:59Z"))).toBe("2026-03-29"); // 23:59:59 CEST
    expect(localDay(new Date("2026-03-29T22:00:00Z"))).toBe("2026-03-30"); // 00:00 CEST
    expect(localDay(new Date("2026-03-22T22:59:59Z"))).toBe("2026-03-22"); // 23:59:59 CET
    expect(localDay(new Date("2026-03-22T23:00:00Z"))).toBe("2026-03-23"); // 00:00 CET
    expect(localDay(new Date("2026-10-25T22:59:59Z"))).toBe("2026-10-25"); // after summer time ended
    expect(localDay(new Date("2026-10-25T23:00:00Z"))).toBe("2026-10-26");
  });

  it("when weeks cross a year, then they are ISO weeks starting on Monday", () => {
    for (const [day, week, start] of [
      ["2026-11-23", "2026-W48", "2026-11-23"],
      ["2026-11-29", "2026-W48", "2026-11-23"],
      ["2026-12-31", "2026-W53", "2026-12-28"],
      ["2027-01-03", "2026-W53", "2026-12-28"],
      ["2027-01-04", "2027-W01", "2027-01-04"],
      ["2024-12-30", "2025-W01", "2024-12-30"],
      ["2021-01-03", "2020-W53", "2020-12-28"],
    ] as const) {
      expect([isoWeek(day), weekStart(day)], day).toEqual([week, start]);
    }
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe.each(PROVIDERS)("diversions and admin stats on %s", (provider) => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof createUser>>;
  let staff: Awaited<ReturnType<typeof createUser>>;
  let adminAuth: ReturnType<Harness["authenticator"]>;
  beforeAll(async () => {
    h = await startServer(provider);
    adminAuth = h.authenticator();
    admin = await createUser(h, adminAuth, { email: "admin.stats@skola.example", role: "admin" });
    staff = await createUser(h, h.authenticator(), { email: "larare.stats@skola.example", kind: "extension" });
  });
  afterAll(() => h.close());

  it("when staff report a diversion, then the log holds only its kinds; bad bodies are 400 and non-staff are refused", async () => {
    const ok = await staff.client.call("POST", "/api/events/diversion", {
      kinds: ["se-personnummer", "health", "health"],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toEqual({ ok: true });
    const event = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "policy.diversion" } });
    expect(event.actorId).toBe(staff.account.id);
    expect(event.subjectId).toBe(staff.account.id);
    expect(JSON.parse(event.details)).toEqual({ kinds: "health,se-personnummer" });

    for (const bad of [
      {},
      { kinds: [] },
      { kinds: ["text"] },
      { kinds: "health" },
      { kinds: ["health"], text: "19121212-1212" },
      { kinds: ["health"], site: "https://mail.example.org/compose" },
      { kinds: ["health"], to: ["anna@example.org"] },
    ]) {
      const answer = await staff.client.call("POST", "/api/events/diversion", bad);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(answer.body.error.code).toBe("BAD_REQUEST");
    }
    const recipient = await createUser(h, h.authenticator(), { email: "vh.stats@example.org", role: "recipient" });
    expect((await recipient.client.call("POST", "/api/events/diversion", { kinds: ["health"] })).status).toBe(403);
    expect((await new Client(h.base).call("POST", "/api/events/diversion", { kinds: ["health"] })).status).toBe(401);
    expect(await h.deps.db.auditEvent.count({ where: { type: "policy.diversion" } })).toBe(1);
  });

  it("when staff report an unrecognised webmail compose, then the log holds the host and kinds only; anything else is 400", async () => {
    const ok = await staff.client.call("POST", "/api/events/unrecognised-compose", {
      host: "Outlook.Office.com",
      kinds: ["se-personnummer", "health"],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const event = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "extension.unrecognised_compose" } });
    expect(event.actorId).toBe(staff.account.id);
    expect(JSON.parse(event.details)).toEqual({ host: "outlook.office.com", kinds: "health,se-personnummer" });
    for (const bad of [
      { kinds: ["health"] },
      { host: "outlook.office.com", kinds: [] },
      { host: "https://outlook.office.com/mail/", kinds: ["health"] },
      { host: "outlook.office.com:443", kinds: ["health"] },
      { host: "*.office.com", kinds: ["health"] },
      { host: "outlook.office.com", kinds: ["health"], text: "19121212-1212" },
      { host: "outlook.office.com", kinds: ["19121212-1212"] },
      { host: "a".repeat(254), kinds: ["health"] },
    ]) {
      const answer = await staff.client.call("POST", "/api/events/unrecognised-compose", bad);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(answer.body.error.code).toBe("BAD_REQUEST");
    }
    const body = { host: "outlook.office.com", kinds: ["health"] };
    const recipient = await createUser(h, h.authenticator(), { email: "vh.unrec@example.org", role: "recipient" });
    expect((await recipient.client.call("POST", "/api/events/unrecognised-compose", body)).status).toBe(403);
    expect((await new Client(h.base).call("POST", "/api/events/unrecognised-compose", body)).status).toBe(401);
    expect(await h.deps.db.auditEvent.count({ where: { type: "extension.unrecognised_compose" } })).toBe(1);
    // The admin finds it in the access log by its type.
    const log = await admin.client.call("GET", "/api/admin/audit?type=extension.unrecognised_compose");
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body)).toContain("outlook.office.com");
  });

  it("when staff report attachments sent unchecked, then the log holds the host, the count and the reasons only; anything else is 400", async () => {
    const ok = await staff.client.call("POST", "/api/events/unchecked-attachment", {
      host: "Mail.Google.com",
      reasons: ["not-captured", "encrypted", "encrypted"],
      files: 3,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const event = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "extension.unchecked_attachment" } });
    expect(event.actorId).toBe(staff.account.id);
    expect(JSON.parse(event.details)).toEqual({ host: "mail.google.com", reasons: "encrypted,not-captured", files: 3 });
    const good = { host: "mail.google.com", reasons: ["encrypted"], files: 1 };
    for (const bad of [
      { reasons: ["encrypted"], files: 1 },
      { ...good, reasons: [] },
      { ...good, reasons: ["lakarintyg.pdf"] },
      { ...good, reasons: ["encrypted"], files: 0 },
      { ...good, files: 101 },
      { ...good, files: 1.5 },
      { ...good, files: "1" },
      { ...good, host: "https://mail.google.com/" },
      { ...good, name: "lakarintyg 19121212-1212.pdf" },
    ]) {
      const answer = await staff.client.call("POST", "/api/events/unchecked-attachment", bad);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(answer.body.error.code).toBe("BAD_REQUEST");
    }
    const recipient = await createUser(h, h.authenticator(), { email: "vh.unchecked@example.org", role: "recipient" });
    expect((await recipient.client.call("POST", "/api/events/unchecked-attachment", good)).status).toBe(403);
    expect((await new Client(h.base).call("POST", "/api/events/unchecked-attachment", good)).status).toBe(401);
    expect(await h.deps.db.auditEvent.count({ where: { type: "extension.unchecked_attachment" } })).toBe(1);
    const log = await admin.client.call("GET", "/api/admin/audit?type=extension.unchecked_attachment");
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body)).toContain("not-captured");
  });

  it("when events sit on both sides of Stockholm's midnight and week boundaries, then each lands in its local day and ISO week", async () => {
    const d = h.deps;
    // Summer time began on Sunday 29 March 2026: Stockholm is UTC+2 from then, UTC+1 before.
    await recordAt(d, "2026-03-22T23:30:00Z", { type: "auth.login_failed", details: { reason: "X" } }); // Mon 23 Mar 00:30
    await recordAt(d, "2026-03-22T22:30:00Z", { type: "auth.login" }); // Sun 22 Mar 23:30: before the range
    await recordAt(d, "2026-03-24T08:00:00Z", { type: "policy.diversion", details: { kinds: "health" } });
    await recordAt(d, "2026-03-29T21:59:59Z", { type: "auth.login" }); // Sun 29 Mar 23:59:59
    await recordAt(d, "2026-03-29T21:59:59Z", { type: "message.created", details: { reply: false } });
    await recordAt(d, "2026-03-29T22:00:00Z", { type: "auth.login" }); // Mon 30 Mar 00:00
    await recordAt(d, "2026-03-29T22:00:00Z", { type: "message.created", details: { reply: false } });
    await recordAt(d, "2026-03-30T10:00:00Z", { type: "message.created", details: { reply: true } });
    await recordAt(d, "2026-03-30T12:00:00Z", {
      type: "policy.diversion",
      details: { kinds: "health,se-personnummer,no-longer-a-kind" },
    });
    await recordAt(d, "2026-03-30T12:00:00Z", { type: "message.opened" }); // not counted
    // After `until` (Tuesday 31 March) but in its week: weeks are whole, days stop at `until`.
    await recordAt(d, "2026-04-01T00:00:00Z", { type: "message.created", details: { reply: false } });
    await recordAt(d, "2026-04-01T00:00:00Z", { type: "auth.login" });
    await recordAt(d, "2026-04-06T00:00:00Z", { type: "message.created", details: { reply: false } }); // next week

    const stats = await admin.client.call("GET", "/api/admin/stats?weeks=2&days=9&until=2026-03-31");
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(stats.body.timeZone).toBe("Europe/Stockholm");
    expect(stats.body.until).toBe("2026-03-31");
    expect(stats.body.kinds).toEqual(["se-personnummer", "health"]);
    expect(stats.body.weeks).toEqual([
      {
        week: "2026-W13",
        start: "2026-03-23",
        messages: 1,
        replies: 0,
        diversions: 1,
        byKind: { "se-personnummer": 0, health: 1 },
      },
      {
        week: "2026-W14",
        start: "2026-03-30",
        messages: 2,
        replies: 1,
        diversions: 1,
        byKind: { "se-personnummer": 1, health: 1 },
      },
    ]);
    const days = Object.fromEntries(
      (stats.body.days as { day: string; logins: number; failedLogins: number }[]).map((x) => [
        x.day,
        [x.logins, x.failedLogins],
      ]),
    );
    expect(days).toEqual({
      "2026-03-23": [0, 1],
      "2026-03-24": [0, 0],
      "2026-03-25": [0, 0],
      "2026-03-26": [0, 0],
      "2026-03-27": [0, 0],
      "2026-03-28": [0, 0],
      "2026-03-29": [1, 0],
      "2026-03-30": [1, 0],
      "2026-03-31": [0, 0],
    });
  });

  it("when the range holds nothing, then every week and day is there with zeros", async () => {
    const stats = await admin.client.call("GET", "/api/admin/stats?until=2001-06-30");
    expect(stats.status).toBe(200);
    expect(stats.body.weeks).toHaveLength(12);
    expect(stats.body.days).toHaveLength(30);
    expect(stats.body.kinds).toEqual([]);
    expect(stats.body.weeks.at(-1)).toEqual({
      week: "2001-W26",
      start: "2001-06-25",
      messages: 0,
      replies: 0,
      diversions: 0,
      byKind: {},
    });
    expect(stats.body.days[0].day).toBe("2001-06-01");
    expect(
      stats.body.days.every((x: { logins: number; failedLogins: number }) => x.logins + x.failedLogins === 0),
    ).toBe(true);
  });

  it("when no range is given, then it is the last 12 weeks and 30 days up to today, with today's real messages, replies, diversions and logins", async () => {
    const before = (await admin.client.call("GET", "/api/admin/stats")).body;
    const anna = await person(h, "anna.stats@skola.example");
    const bo = await person(h, "bo.stats@skola.example");
    const first = await send(anna, { subject: "Utvecklingssamtal", text: "Hej", to: [bo] });
    await send(bo, { subject: "Sv: Utvecklingssamtal", text: "Tack", to: [anna], threadId: first.id });
    await staff.client.call("POST", "/api/events/diversion", { kinds: ["offence"] });
    await login(h, adminAuth);

    const after = await admin.client.call("GET", "/api/admin/stats");
    expect(after.status).toBe(200);
    const today = localDay(h.deps.now());
    expect(after.body.until).toBe(today);
    expect(after.body.weeks).toHaveLength(12);
    expect(after.body.days).toHaveLength(30);
    expect(after.body.days.at(-1).day).toBe(today);
    expect(after.body.weeks.at(-1).start).toBe(weekStart(today));
    const [was, now] = [before.weeks.at(-1), after.body.weeks.at(-1)];
    expect(now.messages - was.messages).toBe(1);
    expect(now.replies - was.replies).toBe(1);
    expect(now.diversions - was.diversions).toBe(1);
    expect(now.byKind.offence).toBe(1);
    // Enrolments are not logins; the administrator's second login is.
    expect(after.body.days.at(-1).logins - before.days.at(-1).logins).toBe(1);
  });

  it("when the query is out of bounds, then it is 400 with a code; staff and strangers are refused", async () => {
    for (const q of [
      "weeks=0",
      "weeks=105",
      "days=0",
      "days=367",
      "days=abc",
      "weeks=1.5",
      "until=2026-13-01",
      "until=1999-12-31",
      "until=2026-03-31T00:00:00Z",
      "extra=1",
    ]) {
      const answer = await admin.client.call("GET", `/api/admin/stats?${q}`);
      expect(answer.status, q).toBe(400);
      expect(answer.body.error.code).toBe("BAD_REQUEST");
    }
    expect((await admin.client.call("GET", "/api/admin/stats?weeks=104&days=366")).status).toBe(200);
    expect((await staff.client.call("GET", "/api/admin/stats")).status).toBe(403);
    expect((await new Client(h.base).call("GET", "/api/admin/stats")).status).toBe(401);
  });
});
