import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, verifyAuditChain } from "../src/modules/audit/log.ts";
import { createUser, login } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";

describe.each(PROVIDERS)("the access log on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when people enrol, log in, publish keys and an admin acts, then each step is logged in order and the chain verifies", async () => {
    const adminAuth = h.authenticator();
    const admin = await createUser(h, adminAuth, { email: "admin.audit@skola.example", role: "admin" });
    const staffAuth = h.authenticator();
    const staff = await createUser(h, staffAuth, { email: "staff.audit@skola.example" });
    const again = await login(h, staffAuth, "extension");
    await again.call("POST", "/api/auth/logout", {});
    await admin.client.call("POST", `/api/admin/accounts/${staff.account.id}/disable`, {});

    const log = await admin.client.call("GET", `/api/admin/audit?subject=${staff.account.id}`);
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e: { type: string }) => e.type).reverse()).toEqual([
      "enrol.completed",
      "auth.login",
      "auth.logout",
      "account.disabled",
    ]);
    const disabled = log.body.entries[0];
    expect(disabled.actorId).toBe(admin.account.id);
    expect(disabled.details).toEqual({ sessionsEnded: 1 });
    const verify = await admin.client.call("GET", "/api/admin/audit/verify");
    expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
    expect(verify.body.entries).toBe(5); // two enrolments, a login, a logout, a disable
    const all = JSON.stringify((await admin.client.call("GET", "/api/admin/audit?limit=500")).body);
    expect(all).not.toContain("audit@skola.example");
  });

  it("when the log is filtered and paged, then the filters hold and pages do not overlap", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.pages@skola.example", role: "admin" });
    const logins = await admin.client.call("GET", "/api/admin/audit?type=auth.login");
    expect(logins.body.entries.every((e: { type: string }) => e.type === "auth.login")).toBe(true);
    const first = await admin.client.call("GET", "/api/admin/audit?limit=2");
    const second = await admin.client.call("GET", `/api/admin/audit?limit=2&before=${String(first.body.nextBefore)}`);
    expect(second.body.entries[0].seq).toBeLessThan(first.body.entries[1].seq);
    const future = await admin.client.call("GET", "/api/admin/audit?from=2999-01-01T00:00:00Z");
    expect(future.body.entries).toEqual([]);
    expect((await admin.client.call("GET", "/api/admin/audit?type=made.up")).status).toBe(400);
  });

  it("when staff (not an admin) ask for the log, then it is forbidden", async () => {
    const staff = await createUser(h, h.authenticator(), { email: "nosy@skola.example" });
    expect((await staff.client.call("GET", "/api/admin/audit")).status).toBe(403);
    expect((await staff.client.call("GET", "/api/admin/audit/verify")).status).toBe(403);
  });

  it("when many events are appended at once, then the chain stays linear and verifies", async () => {
    const before = await verifyAuditChain(h.deps);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => appendAudit(h.deps, { type: "auth.login", details: { n: i } })),
    );
    const after = await verifyAuditChain(h.deps);
    expect(after.ok).toBe(true);
    expect(after.entries).toBe(before.entries + 25);
    const seqs = (await h.deps.db.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map(
      (r) => r.seq,
    );
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });
});

describe.each(PROVIDERS)("access log export and policy on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when a login fails, then it is logged with the IP and user agent, and the CSV export carries it", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.csv@skola.example", role: "admin" });
    const staffAuth = h.authenticator();
    const staff = await createUser(h, staffAuth, { email: "staff.csv@skola.example" });
    const { loginOptions, finishLogin } = await import("./support/client.ts");
    const { client, challengeId, options } = await loginOptions(h);
    await finishLogin(client, challengeId, staffAuth.authenticate(options, { origin: "https://evil.example" }));
    const failed = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "auth.login_failed" } });
    expect(failed.subjectId).toBe(staff.account.id);
    expect(failed.ip).toMatch(/127\.0\.0\.1/);
    expect(failed.userAgent).toEqual(expect.any(String));
    expect(JSON.parse(failed.details)).toEqual({ reason: "WEBAUTHN_FAILED", knownPasskey: true });

    const res = await fetch(`${h.base}/api/admin/audit.csv?type=auth.login_failed`, {
      headers: { cookie: admin.client.cookie ?? "" },
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("seq,at,type,actor_id,subject_id,ip,user_agent,details,prev_hash,hash,key_id,mac");
    expect(lines).toHaveLength(2);
    // An id is random base64url: one that starts with "-" is a formula to a spreadsheet, so the
    // export neutralises it with a leading apostrophe (the cell then reads as text).
    const cell = /^[-+=@]/.test(staff.account.id) ? `'${staff.account.id}` : staff.account.id;
    expect(lines[1]).toContain(`auth.login_failed,,${cell},`);
    expect(lines[1]).toContain(failed.hash);
    const all = await fetch(`${h.base}/api/admin/audit.csv`, { headers: { cookie: admin.client.cookie ?? "" } });
    const rows = (await all.text()).trim().split("\r\n").length - 1;
    expect(rows).toBe((await verifyAuditChain(h.deps)).entries);
  });

  it("when a field starts like a spreadsheet formula, then the CSV neutralises it", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.formula@skola.example", role: "admin" });
    await appendAudit(h.deps, { type: "auth.login", userAgent: '=HYPERLINK("http://evil")' });
    const text = await (
      await fetch(`${h.base}/api/admin/audit.csv`, { headers: { cookie: admin.client.cookie ?? "" } })
    ).text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("when an admin changes the policy, then it applies, is logged, and staff cannot change it", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.policy@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.policy@skola.example" });
    expect((await admin.client.call("GET", "/api/admin/organisation")).body).toMatchObject({
      maxRetentionDays: 30,
      requireAccessCode: false,
      maxAttachmentBytes: 2 ** 31,
    });
    const r = await admin.client.call("PATCH", "/api/admin/organisation", {
      maxRetentionDays: 10,
      requireAccessCode: true,
    });
    expect(r.body).toMatchObject({ maxRetentionDays: 10, requireAccessCode: true });
    const logged = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "policy.changed" } });
    // The default expiry (14 days) may not exceed the new maximum, so it follows it down.
    expect(JSON.parse(logged.details)).toEqual({
      maxRetentionDays: 10,
      requireAccessCode: true,
      defaultExpiryDays: 10,
    });
    expect((await staff.client.call("PATCH", "/api/admin/organisation", { maxRetentionDays: 99 })).status).toBe(403);
    expect((await admin.client.call("PATCH", "/api/admin/organisation", { maxRetentionDays: 0 })).status).toBe(400);
  });

  it("when an admin sets access-code kinds, webmail domains, unscannable attachments and the default expiry, then staff get them and bad values are refused", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.kinds@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.kinds@skola.example" });
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({
      accessCodeKinds: ["protected-identity"],
      webmailDomains: [],
      unscannableSensitive: true,
    });
    const r = await admin.client.call("PATCH", "/api/admin/organisation", {
      accessCodeKinds: ["se-personnummer", "protected-identity", "se-personnummer"],
      webmailDomains: ["Webmail.Skola.example", "*.kommun.example"],
      defaultExpiryDays: 7,
      maxRetentionDays: 30,
      unscannableSensitive: false,
    });
    expect(r.status).toBe(200);
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({
      unscannableSensitive: false,
      defaultExpiryDays: 7,
      accessCodeKinds: ["protected-identity", "se-personnummer"],
      webmailDomains: ["*.kommun.example", "webmail.skola.example"],
    });
    const logged = await h.deps.db.auditEvent.findMany({ where: { type: "policy.changed" } });
    expect(logged.map((e) => JSON.parse(e.details) as unknown)).toContainEqual({
      accessCodeKinds: "protected-identity,se-personnummer",
      webmailDomains: "*.kommun.example,webmail.skola.example",
      defaultExpiryDays: 7,
      maxRetentionDays: 30,
      unscannableSensitive: false,
    });
    for (const bad of [
      { accessCodeKinds: ["text"] },
      { webmailDomains: ["https://webmail.skola.example/"] },
      { webmailDomains: ["skola example"] },
      { defaultExpiryDays: 0 },
      { defaultExpiryDays: 400 },
      { maxRetentionDays: 5, defaultExpiryDays: 6 },
      { unscannableSensitive: "no" },
    ]) {
      const refused = await admin.client.call("PATCH", "/api/admin/organisation", bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect((refused.body as { error?: { code?: string } }).error?.code).toBe("BAD_REQUEST");
    }
    // A refused change changes nothing.
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({
      defaultExpiryDays: 7,
      maxRetentionDays: 30,
    });
  });
});

describe.each(PROVIDERS)("the plain-mail override on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when policy forbids it, then the override is refused; when allowed, it is logged with the kinds and reason only", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.override@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.override@skola.example" });
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({
      allowPlainOverride: false,
      maxRetentionDays: 30,
    });
    const refused = await staff.client.call("POST", "/api/events/plain-override", {
      kinds: ["health"],
      reason: "requested-by-person",
    });
    expect(refused.status).toBe(403);
    await admin.client.call("PATCH", "/api/admin/organisation", { allowPlainOverride: true });
    const ok = await staff.client.call("POST", "/api/events/plain-override", {
      kinds: ["se-personnummer", "health", "health"],
      reason: "requested-by-person",
    });
    expect(ok.status).toBe(201);
    const other = await staff.client.call("POST", "/api/events/plain-override", {
      kinds: ["health"],
      reason: "other",
      note: "  Mottagaren saknar säker e-post ",
    });
    expect(other.status).toBe(201);
    const events = await h.deps.db.auditEvent.findMany({
      where: { type: "policy.plain_override" },
      orderBy: { seq: "asc" },
    });
    expect(events[0]?.actorId).toBe(staff.account.id);
    expect(events.map((e) => JSON.parse(e.details) as unknown)).toEqual([
      { kinds: "health,se-personnummer", reason: "requested-by-person" },
      { kinds: "health", reason: "other", note: "Mottagaren saknar säker e-post" },
    ]);
    for (const bad of [
      { kinds: [], reason: "urgent" },
      { kinds: ["text"], reason: "urgent" },
      { kinds: ["health"], reason: "" },
      // The old free-text reason: only the fixed reasons are accepted now.
      { kinds: ["health"], reason: "Vårdnadshavaren vill ha vanlig e-post" },
      { kinds: ["health"], reason: "other" },
      { kinds: ["health"], reason: "other", note: "ok" },
      { kinds: ["health"], reason: "other", note: "x".repeat(141) },
      { kinds: ["health"], reason: "urgent", text: "19121212-1212" },
    ]) {
      expect((await staff.client.call("POST", "/api/events/plain-override", bad)).status).toBe(400);
    }
    expect(await h.deps.db.auditEvent.count({ where: { type: "policy.plain_override" } })).toBe(2);
  });

  // Issue 20: the access log cannot be edited or deleted, so a note with personal data in it would
  // stay for ever. The extension checks before sending, but a client can skip it: the server refuses.
  it("when a client posts a note holding a personnummer, a health fact about a pupil, an address or a phone number, then the server refuses it and logs nothing", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.note@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.note@skola.example" });
    await admin.client.call("PATCH", "/api/admin/organisation", { allowPlainOverride: true });
    const before = await h.deps.db.auditEvent.count({ where: { type: "policy.plain_override" } });
    for (const note of [
      "Olle 19121212-1212 behöver det i dag",
      "Elevens personnummer 121212-1212",
      "Eleven har diabetes och mamma vill ha mejl",
      "BUP-remiss för Kalle",
      "Skicka till anna.svensson@example.org",
      "Mamma ringde från 070-123 45 67",
    ]) {
      for (const reason of ["other", "urgent"]) {
        const r = await staff.client.call("POST", "/api/events/plain-override", { kinds: ["health"], reason, note });
        expect(r.status).toBe(400);
        expect((r.body as { error: { code: string } }).error.code).toBe("REASON_SENSITIVE");
        // The refusal never quotes the note back.
        expect(JSON.stringify(r.body)).not.toMatch(/1212|diabetes|Kalle|anna|070/);
      }
    }
    expect(await h.deps.db.auditEvent.count({ where: { type: "policy.plain_override" } })).toBe(before);
  });
});

describe.each(PROVIDERS)("tampering with the access log on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
    for (let i = 0; i < 10; i++)
      await appendAudit(h.deps, { type: "auth.login", actorId: `actor${String(i)}`, details: { i } });
  });
  afterAll(() => h.close());

  it("when an entry's details are edited in the database, then verification points at that entry", async () => {
    expect((await verifyAuditChain(h.deps)).ok).toBe(true);
    await h.deps.db.auditEvent.update({ where: { seq: 4 }, data: { details: '{"i":99}' } });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, firstBadSeq: 4, entries: 3 });
  });

  it("when an entry is edited and its hash recomputed, then its signature under the log key fails there", async () => {
    const { auditHash } = await import("../src/modules/audit/log.ts");
    const row = await h.deps.db.auditEvent.findUniqueOrThrow({ where: { seq: 4 } });
    await h.deps.db.auditEvent.update({ where: { seq: 4 }, data: { hash: auditHash(row) } });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it("when an entry is deleted, then verification stops at the gap", async () => {
    await h.deps.db.auditEvent.delete({ where: { seq: 2 } });
    expect(await verifyAuditChain(h.deps)).toMatchObject({ ok: false, firstBadSeq: 2, entries: 1 });
  });
});
