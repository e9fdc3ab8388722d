// Issue 18, "An admin can silently take over any account", from the attacker's side: an
// administrator trying to get a usable reset link for someone else on their own. Mails are what the
// real notifier rendered and handed to its transport (a sink stands in for the SMTP server only).
// Every refused attempt must be in the access log with its actor, and the person must hear of every
// reset, new passkey and key change. Both databases.
import { decodeBase64Url, prfSalt } from "@sigill/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createUser, enrolWithLink, login } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { mailedResetLink, SUBJECT, subjectsTo, tokenOf } from "./support/mail.ts";
import { person, publishKeys } from "./support/people.ts";
import type { SoftAuthenticator } from "./support/soft-authenticator.ts";

const DAY = 24 * 3600_000;
const codeOf = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

describe.each(PROVIDERS)("resets are visible and attributable on %s", (provider) => {
  let h: Harness;
  let n = 0;
  const address = (who: string) => `${who}${String(++n)}@skola.example`;

  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  /** An administrator who has been one for a month (handovers need that; see ADMIN_MIN_AGE_MS). */
  async function seasonedAdmin(who: string): Promise<{ client: Client; id: string; auth: SoftAuthenticator }> {
    const auth = h.authenticator();
    const a = await createUser(h, auth, { email: address(who), role: "admin" });
    await h.deps.db.account.update({
      where: { id: a.account.id },
      data: { createdAt: new Date(h.deps.now().getTime() - 30 * DAY) },
    });
    return { client: a.client, id: a.account.id, auth };
  }

  async function events(type: string, subjectId: string) {
    const rows = await h.deps.db.auditEvent.findMany({ where: { type, subjectId }, orderBy: { seq: "asc" } });
    return rows.map((e) => ({ actorId: e.actorId, details: JSON.parse(e.details) as Record<string, unknown> }));
  }

  it("when an admin resets an account, then the answer holds nothing usable, the link reaches only the person's mailbox, and neither logs nor the access log hold it", async () => {
    const admin = await seasonedAdmin("rektor");
    const victim = await person(h, address("larare"));
    const mailsBefore = h.mails.length;

    const r = await admin.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset`, {});

    expect(r.status).toBe(201);
    expect(Object.keys(r.body as object).sort()).toEqual(["accountId", "expiresAt", "mailedAt"]);
    expect(Date.parse(r.body.expiresAt as string) - h.deps.now().getTime()).toBeGreaterThan(71 * 3600_000);
    const sent = h.mails.slice(mailsBefore);
    expect(sent.map((m) => [m.to, m.subject])).toEqual([[victim.account.email, SUBJECT.resetLink]]);
    const token = tokenOf(mailedResetLink(h, victim.account.email));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(r.body)).not.toContain(token);
    expect(h.logs.join("")).not.toContain(token);
    const audit = await h.deps.db.auditEvent.findMany();
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(await events("account.reset_link", victim.account.id)).toEqual([
      { actorId: admin.id, details: { delivery: "mail", mailed: true, expiresAt: r.body.expiresAt } },
    ]);
    // The old passkeys keep working until the person uses the link: a reset by mail alone changes nothing.
    expect((await victim.client.call("GET", "/api/session")).status).toBe(200);
  });

  it("when the person uses the mailed link and makes new keys, then the log names the admin on the enrolment and the first key publication, and the person is mailed at each change", async () => {
    const admin = await seasonedAdmin("rektor");
    const email = address("kurator");
    const victim = await person(h, email);
    await admin.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset`, {});

    const auth = h.authenticator();
    const again = await enrolWithLink(h, mailedResetLink(h, email), auth);
    expect(again.account.id).toBe(victim.account.id);
    expect((await victim.client.call("GET", "/api/session")).status).toBe(401); // old sessions ended
    const [completed] = await events("enrol.completed", victim.account.id).then((e) => e.slice(-1));
    expect(completed).toEqual({
      actorId: victim.account.id,
      details: expect.objectContaining({ reset: true, initiatedBy: admin.id, via: "mail" }) as unknown,
    });
    expect(subjectsTo(h, email).at(-1)).toBe(SUBJECT.resetCompleted);

    // The recovery code is lost too: new keys. The first publication after the reset names the admin.
    const prf = await decodeBase64Url(auth.prf(again.response.id, await prfSalt()));
    await publishKeys(again.client, again.account, again.response.id, prf);
    await publishKeys(again.client, again.account, again.response.id, prf);
    const published = (await events("keys.published", victim.account.id)).map((e) => e.details);
    expect(published).toHaveLength(3);
    expect(published[0]).not.toHaveProperty("reset");
    expect(published[1]).toMatchObject({ keyChanged: true, reset: true, initiatedBy: admin.id, via: "mail" });
    expect(published[2]).toMatchObject({ keyChanged: true });
    expect(published[2]).not.toHaveProperty("reset");
    expect(subjectsTo(h, email).slice(-2)).toEqual([SUBJECT.keysChanged, SUBJECT.keysChanged]);

    // A passkey added on another device: mailed too.
    const phone = h.authenticator();
    const start = await again.client.call("POST", "/api/passkeys/options", {});
    const added = await again.client.call("POST", "/api/passkeys/verify", {
      challengeId: start.body.challengeId,
      response: phone.register(start.body.options),
      name: "Telefon",
    });
    expect(added.status).toBe(201);
    expect(subjectsTo(h, email).at(-1)).toBe(SUBJECT.passkeyAdded);
    // Nothing in those mails but fixed text: no fingerprint, key or passkey id.
    const fingerprints = (await h.deps.db.keyBundle.findMany({ where: { accountId: victim.account.id } })).map(
      (b) => b.fingerprint,
    );
    for (const m of h.mails.filter((x) => x.to === email)) {
      for (const secret of [...fingerprints, again.response.id, String(added.body.id)])
        expect(`${m.subject}${m.text}${m.html}`).not.toContain(secret);
    }
  });

  it("when an admin tries the invitation route instead, with the person's address in another spelling, then it is refused and no link is made", async () => {
    const admin = await seasonedAdmin("rektor");
    const victim = await person(h, address("larare"));
    const before = await h.deps.db.enrolment.count();
    const r = await admin.client.call("POST", "/api/admin/invitations", {
      email: `  ${victim.account.email.toUpperCase()} `,
      displayName: "Någon annan",
      role: "admin",
    });
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).not.toMatch(/enrol#/);
    expect(await h.deps.db.enrolment.count()).toBe(before);
  });

  it("when the reset mail cannot be sent, then the admin is told so, the link that was made is dead, and the attempt is logged", async () => {
    const admin = await seasonedAdmin("rektor");
    const victim = await person(h, address("larare"));
    h.mailDown(true);
    let r;
    try {
      r = await admin.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset`, {});
    } finally {
      h.mailDown(false);
    }
    expect(r.status).toBe(503);
    expect(codeOf(r.body)).toBe("MAIL_UNAVAILABLE");
    const attempted = h.notifications.filter((x) => x.kind === "reset-link" && x.to === victim.account.email).at(-1);
    const token = tokenOf(attempted !== undefined && "link" in attempted ? attempted.link : "");
    const use = await new Client(h.base).call("POST", "/api/enrol/options", { token });
    expect(codeOf(use.body)).toBe("ENROLMENT_INVALID");
    expect(await events("account.reset_link", victim.account.id)).toEqual([
      { actorId: admin.id, details: { delivery: "mail", mailed: false, outcome: "failed" } },
    ]);
  });

  it("when an admin asks for a handover link, then the answer has no link, approving their own request is refused and logged, and a second admin's approval shows the link to that admin only", async () => {
    const a = await seasonedAdmin("it");
    const b = await seasonedAdmin("rektor");
    const email = address("larare");
    const victim = await person(h, email);

    const asked = await a.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset-requests`, {
      reason: "mailbox-needs-lost-device",
      note: "Telefonen med e-postappen är stulen",
    });
    expect(asked.status).toBe(201);
    expect(JSON.stringify(asked.body)).not.toMatch(/enrol#/);
    expect(asked.body).toMatchObject({ reason: "mailbox-needs-lost-device", requestedBy: { id: a.id } });
    const requestId = asked.body.id as string;
    expect(
      await h.deps.db.enrolment.count({ where: { accountId: victim.account.id, purpose: "reset-handover" } }),
    ).toBe(0);
    // A second request for the same person while one waits: refused.
    const twice = await a.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset-requests`, {
      reason: "no-mailbox-access",
    });
    expect(twice.status).toBe(409);

    const self = await a.client.call("POST", `/api/admin/reset-requests/${requestId}/approve`, {});
    expect(self.status).toBe(403);
    expect(codeOf(self.body)).toBe("SECOND_ADMIN_REQUIRED");
    expect(JSON.stringify(self.body)).not.toMatch(/enrol#/);

    const listed = await b.client.call("GET", "/api/admin/reset-requests");
    expect(listed.body.requests).toContainEqual(
      expect.objectContaining({
        id: requestId,
        account: { id: victim.account.id, email, displayName: "Test Person" },
        note: "Telefonen med e-postappen är stulen",
      }),
    );
    const approved = await b.client.call("POST", `/api/admin/reset-requests/${requestId}/approve`, {});
    expect(approved.status).toBe(201);
    const link = approved.body.link as string;
    expect(link).toMatch(/^https:\/\/sigill\.test\/enrol#[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(approved.body.expiresAt as string) - h.deps.now().getTime()).toBeLessThanOrEqual(8 * 3600_000);
    // The link reached no mailbox and no log; the person was told that one was made.
    expect(h.mails.some((m) => m.text.includes(tokenOf(link)))).toBe(false);
    expect(h.logs.join("")).not.toContain(tokenOf(link));
    expect(subjectsTo(h, email).at(-1)).toBe(SUBJECT.resetHandover);
    const again = await b.client.call("POST", `/api/admin/reset-requests/${requestId}/approve`, {});
    expect(again.status).toBe(409);
    expect((await b.client.call("GET", "/api/admin/reset-requests")).body.requests).not.toContainEqual(
      expect.objectContaining({ id: requestId }),
    );

    await enrolWithLink(h, link, h.authenticator());
    expect(await events("account.reset_requested", victim.account.id)).toEqual([
      { actorId: a.id, details: { requestId, reason: "mailbox-needs-lost-device", noteLength: 35 } },
    ]);
    expect((await events("account.reset_refused", victim.account.id)).map((e) => [e.actorId, e.details])).toEqual([
      [a.id, { step: "approve", requestId, requestedBy: a.id, reason: "own_request" }],
      [b.id, { step: "approve", requestId, requestedBy: a.id, reason: "not_pending" }],
    ]);
    expect(await events("account.reset_approved", victim.account.id)).toEqual([
      {
        actorId: b.id,
        details: { requestId, requestedBy: a.id, delivery: "handover", expiresAt: approved.body.expiresAt },
      },
    ]);
    expect((await events("enrol.completed", victim.account.id)).at(-1)?.details).toMatchObject({
      reset: true,
      initiatedBy: a.id,
      approvedBy: b.id,
      via: "handover",
    });
    expect(subjectsTo(h, email).at(-1)).toBe(SUBJECT.resetCompleted);
    // The note is free text: the access log has its length only.
    expect(JSON.stringify(await h.deps.db.auditEvent.findMany())).not.toContain("stulen");
  });

  it("when an admin invites a second admin address of their own to approve with it, then the new admin can neither approve nor ask, and both attempts are logged", async () => {
    const a = await seasonedAdmin("it");
    const victim = await person(h, address("larare"));
    const asked = await a.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset-requests`, {
      reason: "no-mailbox-access",
    });
    expect(asked.status).toBe(201);
    const invite = await a.client.call("POST", "/api/admin/invitations", {
      email: address("it-privat"),
      displayName: "IT igen",
      role: "admin",
    });
    const puppet = await enrolWithLink(h, invite.body.link as string, h.authenticator());

    const approve = await puppet.client.call("POST", `/api/admin/reset-requests/${String(asked.body.id)}/approve`, {});
    expect(approve.status).toBe(403);
    expect(codeOf(approve.body)).toBe("SECOND_ADMIN_REQUIRED");
    const ask = await puppet.client.call("POST", `/api/admin/accounts/${a.id}/reset-requests`, {
      reason: "no-mailbox-access",
    });
    expect(ask.status).toBe(403);
    expect(
      (await events("account.reset_refused", victim.account.id)).map((e) => [e.actorId, e.details.reason]),
    ).toEqual([[puppet.account.id, "approver_too_new"]]);
    expect((await events("account.reset_refused", a.id)).map((e) => [e.actorId, e.details.reason])).toEqual([
      [puppet.account.id, "requester_too_new"],
    ]);
    expect(
      await h.deps.db.enrolment.count({ where: { accountId: victim.account.id, purpose: "reset-handover" } }),
    ).toBe(0);
  });

  it("when a request waited more than a day, then approving it is refused and logged, and it is no longer listed", async () => {
    const a = await seasonedAdmin("it");
    const b = await seasonedAdmin("rektor");
    const victim = await person(h, address("larare"));
    const asked = await a.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset-requests`, {
      reason: "other",
      note: "Kontot spärrat av IT",
    });
    expect(asked.status).toBe(201);
    h.advance(DAY + 60_000);
    try {
      const fresh = await login(h, b.auth); // the old session idled out meanwhile
      expect((await fresh.call("GET", "/api/admin/reset-requests")).body.requests).not.toContainEqual(
        expect.objectContaining({ id: asked.body.id }),
      );
      const late = await fresh.call("POST", `/api/admin/reset-requests/${String(asked.body.id)}/approve`, {});
      expect(late.status).toBe(409);
      expect(codeOf(late.body)).toBe("RESET_REQUEST_EXPIRED");
      expect(
        (await events("account.reset_refused", victim.account.id)).map((e) => [e.actorId, e.details.reason]),
      ).toEqual([[b.id, "expired"]]);
      // An expired request does not block a new one.
      const again = await (
        await login(h, a.auth)
      ).call("POST", `/api/admin/accounts/${victim.account.id}/reset-requests`, { reason: "no-mailbox-access" });
      expect(again.status).toBe(201);
    } finally {
      h.advance(-(DAY + 60_000));
    }
    expect(
      await h.deps.db.enrolment.count({ where: { accountId: victim.account.id, purpose: "reset-handover" } }),
    ).toBe(0);
  });

  it("when a request is declined or withdrawn, then it cannot be approved afterwards, and each decision is logged", async () => {
    const a = await seasonedAdmin("it");
    const b = await seasonedAdmin("rektor");
    const victim = await person(h, address("larare"));
    const ask = () =>
      a.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset-requests`, { reason: "mailbox-closed" });
    const first = (await ask()).body.id as string;
    expect((await b.client.call("POST", `/api/admin/reset-requests/${first}/decline`, {})).status).toBe(200);
    expect((await b.client.call("POST", `/api/admin/reset-requests/${first}/approve`, {})).status).toBe(409);
    const second = (await ask()).body.id as string;
    expect((await a.client.call("POST", `/api/admin/reset-requests/${second}/decline`, {})).status).toBe(200);
    expect((await a.client.call("POST", `/api/admin/reset-requests/${second}/decline`, {})).status).toBe(409);
    expect((await events("account.reset_declined", victim.account.id)).map((e) => [e.actorId, e.details])).toEqual([
      [b.id, { requestId: first, requestedBy: a.id, withdrawn: false }],
      [a.id, { requestId: second, requestedBy: a.id, withdrawn: true }],
    ]);
  });

  it.each([
    [{ reason: "other" }, "an 'other' reason without a note"],
    [{ reason: "other", note: "x".repeat(141) }, "a note over 140 characters"],
    [{ reason: "no-mailbox-access", note: "rad ett\nrad två" }, "a note with a line break"],
    [{ reason: "because" }, "an unknown reason"],
    [{ reason: "no-mailbox-access", link: "x" }, "an unknown field"],
  ] as [Record<string, string>, string][])(
    "when a handover is asked for with %j (%s), then it is refused with 400",
    async (body) => {
      const a = await seasonedAdmin("it");
      const victim = await createUser(h, h.authenticator(), { email: address("larare") });
      const r = await a.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset-requests`, body);
      expect(r.status).toBe(400);
      expect(codeOf(r.body)).toBe("BAD_REQUEST");
    },
  );

  it("when an account is disabled, then its reset link changes nothing until it is enabled again", async () => {
    const admin = await seasonedAdmin("rektor");
    const email = address("larare");
    const victim = await person(h, email);
    await admin.client.call("POST", `/api/admin/accounts/${victim.account.id}/reset`, {});
    await admin.client.call("POST", `/api/admin/accounts/${victim.account.id}/disable`, {});
    const passkeys = await h.deps.db.passkey.findMany({ where: { accountId: victim.account.id } });

    const link = mailedResetLink(h, email);
    const client = new Client(h.base);
    const start = await client.call("POST", "/api/enrol/options", { token: tokenOf(link) });
    const done = await client.call("POST", "/api/enrol/verify", {
      token: tokenOf(link),
      challengeId: start.body.challengeId,
      response: h.authenticator().register(start.body.options),
      sessionKind: "portal",
    });
    expect(codeOf(done.body)).toBe("ACCOUNT_DISABLED");
    expect(await h.deps.db.passkey.findMany({ where: { accountId: victim.account.id } })).toEqual(passkeys);
    expect(subjectsTo(h, email)).not.toContain(SUBJECT.resetCompleted);

    await admin.client.call("POST", `/api/admin/accounts/${victim.account.id}/enable`, {});
    await enrolWithLink(h, link, h.authenticator());
    expect(subjectsTo(h, email).at(-1)).toBe(SUBJECT.resetCompleted);
  });

  it("when staff or recipients call the reset routes, then they are refused (the full matrix is authz-matrix.ts)", async () => {
    const staff = await person(h, address("larare"));
    const victim = await person(h, address("kollega"));
    for (const [method, path] of [
      ["POST", `/api/admin/accounts/${victim.account.id}/reset`],
      ["POST", `/api/admin/accounts/${victim.account.id}/reset-requests`],
      ["GET", "/api/admin/reset-requests"],
    ] as const) {
      const r = await staff.client.call(method, path, method === "GET" ? undefined : { reason: "no-mailbox-access" });
      expect(r.status, path).toBe(403);
    }
    expect(subjectsTo(h, victim.account.email)).toEqual([]);
  });
});
