// Issue 19: "Det här handlar inte om en enskild person". Where the organisation opts in
// (allowNotAboutPerson, off by default), staff may send mail that was flagged only by category
// words after attesting it is not about an individual person; the extension records it with
// POST /api/events/not-about-person, and the access log holds the categories and nothing else.
// Real server, real SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_ABOUT_PERSON_KINDS } from "../src/modules/policy/kinds.ts";
import { Client, createUser } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";

const PATH = "/api/events/not-about-person";

describe.each(PROVIDERS)("mail that is not about an individual person on %s", (provider) => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof createUser>>;
  let staff: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    h = await startServer(provider);
    admin = await createUser(h, h.authenticator(), { email: "admin.nap@skola.example", role: "admin" });
    staff = await createUser(h, h.authenticator(), { email: "larare.nap@skola.example", kind: "extension" });
  });
  afterAll(() => h.close());

  const recorded = () => h.deps.db.auditEvent.count({ where: { type: "policy.not_about_person" } });

  it("when nothing is set, then the setting is off for admin and staff, and staff are refused with FORBIDDEN and nothing logged", async () => {
    expect((await admin.client.call("GET", "/api/admin/organisation")).body).toMatchObject({
      allowNotAboutPerson: false,
      allowPlainOverride: false,
    });
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({ allowNotAboutPerson: false });
    const refused = await staff.client.call("POST", PATH, { kinds: ["health"] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FORBIDDEN");
    expect(await recorded()).toBe(0);
  });

  it("when an admin turns it on, then staff see it, the change is logged, and the plain override stays off", async () => {
    const r = await admin.client.call("PATCH", "/api/admin/organisation", { allowNotAboutPerson: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ allowNotAboutPerson: true, allowPlainOverride: false });
    expect((await admin.client.call("GET", "/api/admin/organisation")).body).toMatchObject({
      allowNotAboutPerson: true,
    });
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({
      allowNotAboutPerson: true,
      allowPlainOverride: false,
    });
    const change = await h.deps.db.auditEvent.findFirstOrThrow({
      where: { type: "policy.changed" },
      orderBy: { seq: "desc" },
    });
    expect(change.actorId).toBe(admin.account.id);
    expect(JSON.parse(change.details)).toEqual({ allowNotAboutPerson: true });
    expect((await admin.client.call("PATCH", "/api/admin/organisation", { allowNotAboutPerson: "yes" })).status).toBe(
      400,
    );
  });

  it("when policy allows it and staff send category kinds, then the log holds exactly the sorted distinct kinds, nothing else", async () => {
    const ok = await staff.client.call("POST", PATH, { kinds: ["support", "health", "support"] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toEqual({ ok: true });
    const event = await h.deps.db.auditEvent.findFirstOrThrow({
      where: { type: "policy.not_about_person" },
      orderBy: { seq: "desc" },
    });
    expect(event.actorId).toBe(staff.account.id);
    expect(event.subjectId).toBe(staff.account.id);
    expect(JSON.parse(event.details)).toEqual({ kinds: "health,support" });
    // Every category a word alone can raise is accepted.
    const all = await staff.client.call("POST", PATH, { kinds: [...NOT_ABOUT_PERSON_KINDS] });
    expect(all.status).toBe(201);
    expect(await recorded()).toBe(2);
    // The entry is part of the chain like any other.
    expect((await admin.client.call("GET", "/api/admin/audit/verify")).body).toMatchObject({ ok: true });
  });

  it.each([
    ["an identity number", { kinds: ["se-personnummer"] }],
    ["a samordningsnummer beside a category", { kinds: ["health", "se-samordningsnummer"] }],
    ["a foreign identity number", { kinds: ["no-fodselsnummer"] }],
    ["an account number", { kinds: ["iban"] }],
    ["a card number", { kinds: ["payment-card"] }],
    ["protected identity", { kinds: ["protected-identity"] }],
    ["the organisation's own keyword", { kinds: ["org-keyword"] }],
    ["an attachment that could not be scanned", { kinds: ["unscannable-attachment"] }],
    ["an unknown kind", { kinds: ["diagnosis"] }],
    ["no kinds", { kinds: [] }],
    ["too many kinds", { kinds: [...NOT_ABOUT_PERSON_KINDS, "health"] }],
    ["kinds as a string", { kinds: "health" }],
    ["no body fields", {}],
    ["the text", { kinds: ["health"], text: "Maja har diabetes" }],
    ["a reason", { kinds: ["health"], reason: "Gäller rutiner" }],
    ["the recipients", { kinds: ["health"], to: ["anna@example.org"] }],
    ["the site", { kinds: ["health"], host: "mail.example.org" }],
  ])("when the body holds %s, then it is refused with 400 and nothing is logged", async (_what, body) => {
    const before = await recorded();
    const answer = await staff.client.call("POST", PATH, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("BAD_REQUEST");
    expect(await recorded()).toBe(before);
  });

  it("when someone other than staff asks, then a recipient gets 403 and no session 401, and nothing is logged", async () => {
    const before = await recorded();
    const recipient = await createUser(h, h.authenticator(), { email: "vh.nap@example.org", role: "recipient" });
    expect((await recipient.client.call("POST", PATH, { kinds: ["health"] })).status).toBe(403);
    expect((await new Client(h.base).call("POST", PATH, { kinds: ["health"] })).status).toBe(401);
    // An administrator is staff too (they write mail like anyone else).
    expect((await admin.client.call("POST", PATH, { kinds: ["care"] })).status).toBe(201);
    expect(await recorded()).toBe(before + 1);
  });

  it("when an admin turns it off again, then staff are refused once more", async () => {
    await admin.client.call("PATCH", "/api/admin/organisation", { allowNotAboutPerson: false });
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({ allowNotAboutPerson: false });
    const before = await recorded();
    expect((await staff.client.call("POST", PATH, { kinds: ["health"] })).status).toBe(403);
    expect(await recorded()).toBe(before);
  });
});
