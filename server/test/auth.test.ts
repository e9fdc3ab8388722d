import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrolment } from "../src/modules/accounts/enrolments.ts";
import { Client, createUser, enrolWithLink, finishLogin, login, loginOptions } from "./support/client.ts";
import { EXTENSION_ORIGIN, PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { mailedResetLink } from "./support/mail.ts";

describe.each(PROVIDERS)("accounts, passkeys and sessions on %s", (provider) => {
  let h: Harness;
  let n = 0;
  const email = () => `person${String(++n)}@skola.example`;

  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when the first admin enrols from the CLI's link, then the account exists with a passkey and a portal session", async () => {
    const auth = h.authenticator();
    const { client, account } = await createUser(h, auth, { email: "Rektor@Skola.Example", role: "admin" });
    expect(account).toMatchObject({ email: "rektor@skola.example", role: "admin" });
    expect(client.cookie).toMatch(/^__Host-sigill_session=/);
    const me = await client.call("GET", "/api/session");
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(account.id);
    expect(me.body.session.csrfToken).toBe(client.csrf);
    const stored = await h.deps.db.passkey.findMany({ where: { accountId: account.id } });
    expect(stored).toHaveLength(1);
    expect(Number(stored[0]?.counter)).toBe(0);
  });

  it("when an enrolment link is used twice, then the second use is refused; a GET of the API consumes nothing", async () => {
    const { link } = await createEnrolment(h.deps, { email: email(), displayName: "A", role: "staff" });
    const token = link.split("#")[1] ?? "";
    const c = new Client(h.base);
    expect((await c.call("POST", "/api/enrol/options", { token })).status).toBe(200);
    expect((await c.call("POST", "/api/enrol/options", { token })).status).toBe(200);
    await enrolWithLink(h, link, h.authenticator());
    const again = await c.call("POST", "/api/enrol/options", { token });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("ENROLMENT_INVALID");
  });

  it("when an enrolment link has expired, then it is refused", async () => {
    const { link } = await createEnrolment(h.deps, { email: email(), displayName: "A", role: "staff" });
    h.advance(h.config.enrolmentMs + 1000);
    const r = await new Client(h.base).call("POST", "/api/enrol/options", { token: link.split("#")[1] });
    h.advance(-(h.config.enrolmentMs + 1000));
    expect(r.body.error.code).toBe("ENROLMENT_INVALID");
  });

  it("when a user logs in with the passkey, then a session starts and the counter advances", async () => {
    const auth = h.authenticator({ backupEligible: true, backedUp: true });
    const { account } = await createUser(h, auth, { email: email() });
    const client = await login(h, auth);
    expect((await client.call("GET", "/api/session")).body.account.id).toBe(account.id);
    await login(h, auth, "extension");
    const passkey = await h.deps.db.passkey.findFirstOrThrow({ where: { accountId: account.id } });
    expect(Number(passkey.counter)).toBe(2);
    expect(passkey.backedUp).toBe(true);
    expect(passkey.deviceType).toBe("multiDevice");
  });

  it("when the extension logs in, then it gets a bearer token that works without cookies or CSRF", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const client = await login(h, auth, "extension");
    expect(client.cookie).toBeUndefined();
    expect(client.bearer).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await client.call("POST", "/api/passkeys/options", {})).status).toBe(200);
  });

  it("when a login response is replayed, then the used challenge is refused", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const { client, challengeId, options } = await loginOptions(h);
    const response = auth.authenticate(options);
    expect((await finishLogin(client, challengeId, response)).status).toBe(200);
    const replay = await finishLogin(new Client(h.base), challengeId, response);
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe("CHALLENGE_INVALID");
  });

  it("when a challenge is older than five minutes, then it is refused", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const { client, challengeId, options } = await loginOptions(h);
    h.advance(5 * 60_000 + 1000);
    const r = await finishLogin(client, challengeId, auth.authenticate(options));
    h.advance(-(5 * 60_000 + 1000));
    expect(r.body.error.code).toBe("CHALLENGE_INVALID");
  });

  it("when the response comes from another origin or RP ID, then it is refused", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    for (const override of [{ origin: "https://evil.example" }, { rpId: "evil.example" }]) {
      const { client, challengeId, options } = await loginOptions(h);
      const r = await finishLogin(client, challengeId, auth.authenticate(options, override));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("WEBAUTHN_FAILED");
    }
  });

  it("when the response comes from the configured extension origin, then it is accepted", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const { client, challengeId, options } = await loginOptions(h);
    const r = await finishLogin(
      client,
      challengeId,
      auth.authenticate(options, { origin: EXTENSION_ORIGIN }),
      "extension",
    );
    expect(r.status).toBe(200);
  });

  it("when the user was not verified, then the login is refused", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const { client, challengeId, options } = await loginOptions(h);
    const r = await finishLogin(client, challengeId, auth.authenticate(options, { userVerified: false }));
    expect(r.body.error.code).toBe("WEBAUTHN_FAILED");
  });

  it("when a cloned authenticator replays an old counter, then the login is refused and logged", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    await login(h, auth);
    await login(h, auth);
    const { client, challengeId, options } = await loginOptions(h);
    const r = await finishLogin(client, challengeId, auth.authenticate(options, { counter: 1 }));
    expect(r.body.error.code).toBe("WEBAUTHN_FAILED");
    expect(h.logs.some((l) => l.includes("passkey_counter_regressed"))).toBe(true);
  });

  it("when a portal session is idle too long or past its maximum age, then it is refused", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const idle = await login(h, auth);
    h.advance(h.config.sessions.portal.idleMs + 1000);
    expect((await idle.call("GET", "/api/session")).status).toBe(401);
    h.advance(-(h.config.sessions.portal.idleMs + 1000));
    const old = await login(h, auth);
    // Keep it busy so it never idles out, until the absolute limit passes.
    const step = h.config.sessions.portal.idleMs - 60_000;
    let elapsed = 0;
    while (elapsed + step < h.config.sessions.portal.maxMs) {
      h.advance(step);
      elapsed += step;
      expect((await old.call("GET", "/api/session")).status).toBe(200);
    }
    h.advance(h.config.sessions.portal.maxMs - elapsed + 1000);
    const r = await old.call("GET", "/api/session");
    h.advance(-(h.config.sessions.portal.maxMs + 1000));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("when a cookie session sends a change without the CSRF header, or with a wrong one, then it is refused", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const client = await login(h, auth);
    const csrf = client.csrf;
    client.csrf = undefined;
    const missing = await client.call("POST", "/api/auth/logout", {});
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe("CSRF_FAILED");
    const wrong = await client.call("POST", "/api/auth/logout", {}, { headers: { "x-csrf-token": "x".repeat(43) } });
    expect(wrong.body.error.code).toBe("CSRF_FAILED");
    client.csrf = csrf;
    expect((await client.call("POST", "/api/auth/logout", {})).status).toBe(200);
  });

  it("when the user logs out, then that session ends; log out everywhere ends all of them", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: email() });
    const a = await login(h, auth);
    const b = await login(h, auth, "extension");
    const c = await login(h, auth);
    const cookieA = a.cookie;
    expect((await a.call("POST", "/api/auth/logout", {})).status).toBe(200);
    a.cookie = cookieA;
    expect((await a.call("GET", "/api/session")).status).toBe(401);
    expect((await b.call("GET", "/api/session")).status).toBe(200);
    const all = await c.call("POST", "/api/auth/logout-all", {});
    expect(all.body.ended).toBe(3); // the enrolment session, b and c (a had logged out)
    expect((await b.call("GET", "/api/session")).status).toBe(401);
  });

  it("when a user manages passkeys, then they can add, list and rename, and cannot remove the last one", async () => {
    const auth = h.authenticator();
    const { client } = await createUser(h, auth, { email: email() });
    const phone = h.authenticator();
    const start = await client.call("POST", "/api/passkeys/options", {});
    const added = await client.call("POST", "/api/passkeys/verify", {
      challengeId: start.body.challengeId,
      response: phone.register(start.body.options),
      name: "Telefon",
    });
    expect(added.status).toBe(201);
    const list = await client.call("GET", "/api/passkeys");
    expect(list.body.passkeys.map((p: { name: string }) => p.name)).toEqual(["Passkey", "Telefon"]);
    expect((await client.call("PATCH", `/api/passkeys/${String(added.body.id)}`, { name: "Min telefon" })).status).toBe(
      200,
    );
    await login(h, phone);
    const first = list.body.passkeys[0].id as string;
    expect((await client.call("DELETE", `/api/passkeys/${first}`)).status).toBe(200);
    const last = await client.call("DELETE", `/api/passkeys/${String(added.body.id)}`);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe("LAST_PASSKEY");
  });

  it("when a user removes the passkey of a lost device, then that device's sessions end too and it can add no passkey of its own", async () => {
    // The lost laptop is still logged in (the extension's session lasts days); the owner removes its
    // passkey from the phone. Before the fix the laptop's session lived on and could register a
    // passkey of the finder's, publish keys, or read mail.
    const laptop = h.authenticator();
    const address = email();
    const { client: enrolled } = await createUser(h, laptop, { email: address });
    const phone = h.authenticator();
    const start = await enrolled.call("POST", "/api/passkeys/options", {});
    expect(
      (
        await enrolled.call("POST", "/api/passkeys/verify", {
          challengeId: start.body.challengeId,
          response: phone.register(start.body.options),
          name: "Telefon",
        })
      ).status,
    ).toBe(201);
    const lost = await login(h, laptop, "extension");
    const owner = await login(h, phone);
    const passkeys = (await owner.call("GET", "/api/passkeys")).body.passkeys as { id: string; name: string }[];
    const laptopKey = passkeys.find((p) => p.name === "Passkey")?.id ?? "";
    expect((await lost.call("GET", "/api/session")).status).toBe(200);

    expect((await owner.call("DELETE", `/api/passkeys/${laptopKey}`)).status).toBe(200);

    expect((await lost.call("GET", "/api/session")).status).toBe(401);
    expect((await lost.call("POST", "/api/passkeys/options", {})).status).toBe(401);
    expect((await enrolled.call("GET", "/api/session")).status).toBe(401);
    expect((await owner.call("GET", "/api/session")).status).toBe(200);
    const entry = await h.deps.db.auditEvent.findFirst({
      where: { type: "passkey.removed" },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(entry?.details ?? "{}")).toEqual({ passkeyId: laptopKey, sessionsEnded: 2 });
    expect((await owner.call("GET", "/api/passkeys")).body.passkeys.map((p: { name: string }) => p.name)).toEqual([
      "Telefon",
    ]);
  });

  it("when someone touches another account's passkey, then it is not found", async () => {
    const a = await createUser(h, h.authenticator(), { email: email() });
    const b = await createUser(h, h.authenticator(), { email: email() });
    const theirs = (await b.client.call("GET", "/api/passkeys")).body.passkeys[0].id as string;
    expect((await a.client.call("PATCH", `/api/passkeys/${theirs}`, { name: "x" })).status).toBe(404);
    expect((await a.client.call("DELETE", `/api/passkeys/${theirs}`)).status).toBe(404);
  });

  it("when an admin invites, disables and resets, then links work, sessions end and the old passkey stops working", async () => {
    const adminAuth = h.authenticator();
    const admin = await createUser(h, adminAuth, { email: email(), role: "admin" });
    const staffEmail = email();
    const invite = await admin.client.call("POST", "/api/admin/invitations", {
      email: staffEmail,
      displayName: "Lärare",
      role: "staff",
    });
    expect(invite.status).toBe(201);
    expect(invite.body.link).toMatch(/^https:\/\/sigill\.test\/enrol#[A-Za-z0-9_-]{43}$/);
    const staffAuth = h.authenticator();
    const staff = await enrolWithLink(h, invite.body.link as string, staffAuth, "extension");
    expect(staff.account.role).toBe("staff");
    expect(
      (await staff.client.call("POST", "/api/admin/invitations", { email: email(), displayName: "x", role: "staff" }))
        .status,
    ).toBe(403);

    const disabled = await admin.client.call("POST", `/api/admin/accounts/${staff.account.id}/disable`, {});
    expect(disabled.body.sessionsEnded).toBe(1);
    expect((await staff.client.call("GET", "/api/session")).status).toBe(401);
    const { client, challengeId, options } = await loginOptions(h);
    expect((await finishLogin(client, challengeId, staffAuth.authenticate(options))).body.error.code).toBe(
      "ACCOUNT_DISABLED",
    );
    await admin.client.call("POST", `/api/admin/accounts/${staff.account.id}/enable`, {});

    const reset = await admin.client.call("POST", `/api/admin/accounts/${staff.account.id}/reset`, {});
    expect(reset.status).toBe(201);
    expect(reset.body.link).toBeUndefined(); // mailed to the person only (issue 18; resets.test.ts)
    const newAuth = h.authenticator();
    const again = await enrolWithLink(h, mailedResetLink(h, staffEmail), newAuth);
    expect(again.account.id).toBe(staff.account.id);
    const old = await loginOptions(h);
    expect((await finishLogin(old.client, old.challengeId, staffAuth.authenticate(old.options))).body.error.code).toBe(
      "WEBAUTHN_FAILED",
    );
    await login(h, newAuth);

    const page = await admin.client.call("GET", "/api/admin/accounts?limit=2");
    expect(page.body.accounts).toHaveLength(2);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await admin.client.call("GET", `/api/admin/accounts?limit=2&cursor=${String(page.body.nextCursor)}`);
    expect(next.body.accounts[0].id).not.toBe(page.body.accounts[1].id);
  });
});
