// Issue 7 ("Admins"): detection kinds switched off, extra keywords, organisation name and
// notification text in the policy; an admin revoking one of an account's passkeys.
import { Api, memoryArea, POLICY_FRESH_MS, POLICY_WAIT_MS, recentPolicy } from "@sigill/client";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looksLikeLink } from "../src/modules/policy/kinds.ts";
import { createUser, login, loginOptions, finishLogin } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";

const codeOf = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

describe("link-like text (organisation name, notification text)", () => {
  it.each([
    ["https://skola.example/x", true],
    ["HTTP://x", true],
    ["besök www.skolan", true],
    ["skriv till kansliet@skola.example", true],
    ["mer på skolverket.se idag", true],
    ["mer på mölndal.se", true],
    ["<b>fet</b>", true],
    ["t.ex. ring expeditionen kl.13, bl.a. om schema o.s.v.", false],
    ["Frågor? Ring 031-123 45 67 fr.o.m. måndag.", false],
    ["Björkskolans förskola", false],
  ])("when the text is %j, then looksLikeLink is %s", (text, expected) => {
    expect(looksLikeLink(text)).toBe(expected);
  });
});

describe.each(PROVIDERS)("detection settings, name and notification text on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  const lastPolicyChange = async () => {
    const e = await h.deps.db.auditEvent.findFirstOrThrow({
      where: { type: "policy.changed" },
      orderBy: { seq: "desc" },
    });
    return { ...e, details: JSON.parse(e.details) as Record<string, unknown> };
  };

  it("when nothing is set, then the new fields have empty defaults for admin and staff", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.defaults@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.defaults@skola.example" });
    expect((await admin.client.call("GET", "/api/admin/organisation")).body).toMatchObject({
      disabledKinds: [],
      extraKeywords: [],
      notificationText: "",
    });
    expect((await staff.client.call("GET", "/api/policy")).body).toMatchObject({
      disabledKinds: [],
      extraKeywords: [],
      notificationText: "",
    });
  });

  it("when an admin switches kinds off, then staff get them, the change is logged, and always-on kinds are refused", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.kinds7@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.kinds7@skola.example" });
    const r = await admin.client.call("PATCH", "/api/admin/organisation", {
      disabledKinds: ["results", "iban", "results"],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.disabledKinds).toEqual(["iban", "results"]);
    expect((await staff.client.call("GET", "/api/policy")).body.disabledKinds).toEqual(["iban", "results"]);
    const logged = await lastPolicyChange();
    expect(logged.details).toEqual({ disabledKinds: "iban,results" });
    expect(logged.actorId).toBe(admin.account.id);
    // Every kind but the always-on ones at once is the boundary; then back to none.
    const all = [
      "no-fodselsnummer",
      "dk-cpr",
      "fi-henkilotunnus",
      "iban",
      "payment-card",
      "health",
      "care",
      "social",
      "offence",
      "support",
      "results",
      "special-category",
    ];
    expect((await admin.client.call("PATCH", "/api/admin/organisation", { disabledKinds: all })).status).toBe(200);
    expect(
      (await admin.client.call("PATCH", "/api/admin/organisation", { disabledKinds: [] })).body.disabledKinds,
    ).toEqual([]);
    for (const bad of [
      { disabledKinds: ["se-personnummer"] },
      { disabledKinds: ["se-samordningsnummer"] },
      { disabledKinds: ["protected-identity"] },
      { disabledKinds: ["org-keyword"] },
      { disabledKinds: ["unscannable-attachment"] },
      { disabledKinds: ["made-up"] },
      { disabledKinds: "health" },
    ]) {
      const refused = await admin.client.call("PATCH", "/api/admin/organisation", bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(codeOf(refused.body)).toBe("BAD_REQUEST");
    }
    expect((await staff.client.call("PATCH", "/api/admin/organisation", { disabledKinds: ["health"] })).status).toBe(
      403,
    );
    expect((await staff.client.call("GET", "/api/policy")).body.disabledKinds).toEqual([]);
  });

  it("when an admin adds extra keywords, then they are normalised, bounded, logged by count only, and bad ones are refused", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.words@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.words@skola.example" });
    const r = await admin.client.call("PATCH", "/api/admin/organisation", {
      extraKeywords: [
        "  Resursenheten   Björken ",
        "ÖVERKLAGANDE*",
        "resursenheten björken",
        "Ad",
        "o’brien",
        "stöd–team",
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const expected = ["ad", "o'brien", "resursenheten björken", "stöd-team", "överklagande*"];
    expect(r.body.extraKeywords).toEqual(expected);
    expect((await staff.client.call("GET", "/api/policy")).body.extraKeywords).toEqual(expected);
    const logged = await lastPolicyChange();
    expect(logged.details).toEqual({ extraKeywords: 5 });
    expect(JSON.stringify(logged)).not.toContain("björken");

    const longest = "a".repeat(60);
    const hundred = Array.from({ length: 100 }, (_, i) => `ord${String(i)}`);
    expect((await admin.client.call("PATCH", "/api/admin/organisation", { extraKeywords: [longest] })).status).toBe(
      200,
    );
    expect((await admin.client.call("PATCH", "/api/admin/organisation", { extraKeywords: hundred })).status).toBe(200);
    for (const bad of [
      ["a".repeat(61)],
      ["x"],
      ["  "],
      ["ett, två"],
      ["*allt"],
      ["ord*x"],
      ["sjuk?"],
      ["emoji 🙂"],
      ["mitt-"],
      [...hundred, "ord100"],
      "inte en lista",
    ]) {
      const refused = await admin.client.call("PATCH", "/api/admin/organisation", { extraKeywords: bad });
      expect(refused.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(codeOf(refused.body)).toBe("BAD_REQUEST");
    }
    expect((await staff.client.call("GET", "/api/policy")).body.extraKeywords).toHaveLength(100);
  });

  it("when an admin renames the organisation, then staff see the new name, it is logged, and bad names are refused", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.name@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.name@skola.example" });
    const r = await admin.client.call("PATCH", "/api/admin/organisation", { name: "  Björkskolan   i Mölndal " });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe("Björkskolan i Mölndal");
    expect((await staff.client.call("GET", "/api/policy")).body.organisation).toBe("Björkskolan i Mölndal");
    expect((await lastPolicyChange()).details).toEqual({ name: "Björkskolan i Mölndal" });
    expect((await admin.client.call("PATCH", "/api/admin/organisation", { name: "x".repeat(100) })).status).toBe(200);
    expect((await admin.client.call("PATCH", "/api/admin/organisation", { name: "AB" })).status).toBe(200);
    for (const name of ["x".repeat(101), "A", "   ", "Skolan\u0000", "Skolan (skolan.se)", "https://evil.example", 7]) {
      const refused = await admin.client.call("PATCH", "/api/admin/organisation", { name });
      expect(refused.status, String(name)).toBe(400);
      expect(codeOf(refused.body)).toBe("BAD_REQUEST");
    }
    expect((await staff.client.call("GET", "/api/policy")).body.organisation).toBe("AB");
  });

  it("when an admin sets a notification text, then it is normalised, logged by length only, and links or overlong text are refused", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.notice@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.notice@skola.example" });
    const text = "Frågor? Ring expeditionen på 031-123 45 67.\r\n\r\n\r\n  Vi svarar   vardagar 8–16. ";
    const r = await admin.client.call("PATCH", "/api/admin/organisation", { notificationText: text });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const stored = "Frågor? Ring expeditionen på 031-123 45 67.\n\nVi svarar vardagar 8–16.";
    expect(r.body.notificationText).toBe(stored);
    expect((await staff.client.call("GET", "/api/policy")).body.notificationText).toBe(stored);
    const logged = await lastPolicyChange();
    expect(logged.details).toEqual({ notificationText: stored.length });
    expect(logged.details).not.toHaveProperty("notificationTextValue");
    expect(
      (await admin.client.call("PATCH", "/api/admin/organisation", { notificationText: "å".repeat(500) })).status,
    ).toBe(200);
    for (const bad of [
      "å".repeat(501),
      "Läs mer på https://skola.example",
      "Läs mer på www.skola.example",
      "Läs mer på skola.se",
      "Mejla kansliet@skola.example",
      "<a href=x>klicka</a>",
      "rad\nrad\nrad\nrad\nrad\nrad\nrad",
      "tecken\u0007",
      42,
    ]) {
      const refused = await admin.client.call("PATCH", "/api/admin/organisation", { notificationText: bad });
      expect(refused.status, String(bad).slice(0, 40)).toBe(400);
      expect(codeOf(refused.body)).toBe("BAD_REQUEST");
    }
    expect(
      (await admin.client.call("PATCH", "/api/admin/organisation", { notificationText: "" })).body.notificationText,
    ).toBe("");
  });

  it("when the extension's pages load within five minutes, then the server is asked once; after that an admin's change arrives", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.fresh@skola.example", role: "admin" });
    const staff = await createUser(h, h.authenticator(), { email: "staff.fresh@skola.example", kind: "extension" });
    const token = staff.client.bearer ?? "";
    const api = new Api({ server: h.base, token });
    const local = memoryArea();
    const asked = () =>
      h.logs.filter((l) => l.includes('"route":"/api/policy"') && l.includes('"msg":"request"')).length;
    const before = asked();
    const t0 = 1_800_000_000_000;
    expect((await recentPolicy(api, local, t0))?.disabledKinds).toEqual([]);
    expect(asked() - before).toBe(1);
    const changed = await admin.client.call("PATCH", "/api/admin/organisation", { disabledKinds: ["health"] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    // Within the window every page load uses the stored copy: no request, the old settings.
    for (const at of [t0 + 1, t0 + 60_000, t0 + POLICY_FRESH_MS - 1])
      expect((await recentPolicy(api, local, at))?.disabledKinds).toEqual([]);
    expect(asked() - before).toBe(1);
    // Then the server is asked again and the change arrives, and the window starts over.
    expect((await recentPolicy(api, local, t0 + POLICY_FRESH_MS))?.disabledKinds).toEqual(["health"]);
    expect(await recentPolicy(api, local, t0 + POLICY_FRESH_MS + 1)).toMatchObject({ disabledKinds: ["health"] });
    expect(asked() - before).toBe(2);
    // A clock set back is not "fresh for ever": it asks again.
    await recentPolicy(api, local, t0 - 1);
    expect(asked() - before).toBe(3);
    // The server out of reach (the network fails): the stored copy; nothing stored: null (the
    // caller's safe defaults). Another server out of reach: this server's copy does not count for it.
    const unreachable = new Api({ server: h.base, token, fetch: () => Promise.reject(new TypeError("fetch failed")) });
    expect((await recentPolicy(unreachable, local, t0 + 10 * POLICY_FRESH_MS))?.disabledKinds).toEqual(["health"]);
    expect(await recentPolicy(unreachable, memoryArea(), t0)).toBeNull();
    expect(
      await recentPolicy(new Api({ server: "http://127.0.0.1:9", token }), local, t0 + 10 * POLICY_FRESH_MS),
    ).toBeNull();
    // A server that takes the connection and never answers: the stored copy after POLICY_WAIT_MS,
    // not after the browser's own timeout (the webmail page is unguarded until the answer comes).
    const hungHere = new Api({ server: h.base, token, fetch: () => new Promise<Response>(() => undefined) });
    let started = Date.now();
    expect((await recentPolicy(hungHere, local, t0 + 20 * POLICY_FRESH_MS))?.disabledKinds).toEqual(["health"]);
    expect(Date.now() - started).toBeLessThan(POLICY_WAIT_MS + 1500);
    // The same over a real socket, on another server (so no copy counts): null, as quickly.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const hung = new Api({ server: `http://127.0.0.1:${String((silent.address() as AddressInfo).port)}`, token });
      started = Date.now();
      expect(await recentPolicy(hung, local, t0 + 20 * POLICY_FRESH_MS)).toBeNull();
      expect(Date.now() - started).toBeLessThan(POLICY_WAIT_MS + 1500);
      expect(await recentPolicy(hung, memoryArea(), t0, POLICY_FRESH_MS, 100)).toBeNull();
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    await admin.client.call("PATCH", "/api/admin/organisation", { disabledKinds: [] });
  });
});

describe.each(PROVIDERS)("an admin revoking a passkey on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when an admin revokes one of two passkeys, then it no longer logs in, the account's sessions end, its PRF vault entry goes, and it is logged", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.revoke@skola.example", role: "admin" });
    const laptop = h.authenticator();
    const staff = await createUser(h, laptop, { email: "staff.revoke@skola.example" });
    const phone = h.authenticator();
    const start = await staff.client.call("POST", "/api/passkeys/options", {});
    const added = await staff.client.call("POST", "/api/passkeys/verify", {
      challengeId: start.body.challengeId,
      response: phone.register(start.body.options),
      name: "Telefon",
    });
    expect(added.status).toBe(201);
    const phoneId = added.body.id as string;
    await h.deps.db.vaultEntry.create({
      data: {
        id: "vault-phone-1",
        accountId: staff.account.id,
        method: "prf",
        credentialId: phoneId,
        entry: new Uint8Array([1]),
      },
    });
    const extension = await login(h, phone, "extension");

    const list = await admin.client.call("GET", `/api/admin/accounts/${staff.account.id}/passkeys`);
    expect(list.status).toBe(200);
    expect(list.body.passkeys.map((p: { name: string }) => p.name)).toEqual(["Passkey", "Telefon"]);
    expect(list.body.passkeys[1]).toMatchObject({
      id: phoneId,
      lastUsedAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(Object.keys(list.body.passkeys[0]).sort()).toEqual(
      ["backedUp", "createdAt", "deviceType", "id", "lastUsedAt", "name"].sort(),
    );

    const revoked = await admin.client.call("DELETE", `/api/admin/accounts/${staff.account.id}/passkeys/${phoneId}`);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toEqual({ ok: true, sessionsEnded: 2, remaining: 1 });
    expect((await extension.call("GET", "/api/passkeys")).status).toBe(401);
    expect((await staff.client.call("GET", "/api/passkeys")).status).toBe(401);
    expect(await h.deps.db.vaultEntry.count({ where: { credentialId: phoneId } })).toBe(0);
    const { client, challengeId, options } = await loginOptions(h);
    expect((await finishLogin(client, challengeId, phone.authenticate(options))).status).not.toBe(200);
    await login(h, laptop); // the other passkey still works
    const event = await h.deps.db.auditEvent.findFirstOrThrow({ where: { type: "passkey.revoked" } });
    expect(event.actorId).toBe(admin.account.id);
    expect(event.subjectId).toBe(staff.account.id);
    expect(JSON.parse(event.details)).toEqual({ passkeyId: phoneId, remaining: 1, sessionsEnded: 2 });
  });

  it("when an admin revokes someone's last passkey, then it is allowed and the account needs a reset link; their own last one is refused", async () => {
    const adminAuth = h.authenticator();
    const admin = await createUser(h, adminAuth, { email: "admin.last@skola.example", role: "admin" });
    const lost = h.authenticator();
    const staff = await createUser(h, lost, { email: "staff.last@skola.example" });
    const [only] = (await admin.client.call("GET", `/api/admin/accounts/${staff.account.id}/passkeys`)).body
      .passkeys as {
      id: string;
    }[];
    const r = await admin.client.call("DELETE", `/api/admin/accounts/${staff.account.id}/passkeys/${only?.id ?? ""}`);
    expect(r.body).toMatchObject({ ok: true, remaining: 0 });
    const accounts = await admin.client.call("GET", "/api/admin/accounts?limit=200");
    expect(accounts.body.accounts.find((a: { id: string }) => a.id === staff.account.id)).toMatchObject({
      status: "active",
      passkeys: 0,
    });
    const reset = await admin.client.call("POST", `/api/admin/accounts/${staff.account.id}/reset`, {});
    expect(reset.status).toBe(201);

    const [mine] = (await admin.client.call("GET", `/api/admin/accounts/${admin.account.id}/passkeys`)).body
      .passkeys as {
      id: string;
    }[];
    const self = await admin.client.call(
      "DELETE",
      `/api/admin/accounts/${admin.account.id}/passkeys/${mine?.id ?? ""}`,
    );
    expect(self.status).toBe(409);
    expect(codeOf(self.body)).toBe("LAST_PASSKEY");
    await login(h, adminAuth);
  });

  it("when the passkey or account does not exist, or staff ask, then it is refused with a code", async () => {
    const admin = await createUser(h, h.authenticator(), { email: "admin.none@skola.example", role: "admin" });
    const staffAuth = h.authenticator();
    const staff = await createUser(h, staffAuth, { email: "staff.none@skola.example" });
    const other = await createUser(h, h.authenticator(), { email: "staff.other@skola.example" });
    const [theirs] = (await admin.client.call("GET", `/api/admin/accounts/${other.account.id}/passkeys`)).body
      .passkeys as {
      id: string;
    }[];
    const missing = await admin.client.call("GET", "/api/admin/accounts/AAAAAAAAAAAAAAAAAAAAAA/passkeys");
    expect([missing.status, codeOf(missing.body)]).toEqual([404, "NOT_FOUND"]);
    // Another account's passkey id under this account: not found, nothing removed.
    const crossed = await admin.client.call(
      "DELETE",
      `/api/admin/accounts/${staff.account.id}/passkeys/${theirs?.id ?? ""}`,
    );
    expect([crossed.status, codeOf(crossed.body)]).toEqual([404, "NOT_FOUND"]);
    expect(await h.deps.db.passkey.count({ where: { accountId: other.account.id } })).toBe(1);
    const malformed = await admin.client.call("DELETE", `/api/admin/accounts/${staff.account.id}/passkeys/not*an*id`);
    expect([malformed.status, codeOf(malformed.body)]).toEqual([400, "BAD_REQUEST"]);
    expect((await staff.client.call("GET", `/api/admin/accounts/${other.account.id}/passkeys`)).status).toBe(403);
    expect(
      (await staff.client.call("DELETE", `/api/admin/accounts/${other.account.id}/passkeys/${theirs?.id ?? ""}`))
        .status,
    ).toBe(403);
    await login(h, staffAuth);
  });
});
