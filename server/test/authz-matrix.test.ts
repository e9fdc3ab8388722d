// The authorisation matrix: every route of the OpenAPI document, called as each of seven kinds of
// caller, must answer the status committed in `authz-matrix.ts`. A route the document lists and
// the table does not (or the reverse) fails, so a new route cannot ship without a decision.
// SIGILL_MATRIX_RECORD=1 prints the observed table instead of asserting (to review, never to copy blindly).
import { decodeBase64Url, prfSalt } from "@sigill/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTHZ_MATRIX, ROLES, type Role } from "./authz-matrix.ts";
import { Client, createUser, login } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { enrolInvited, publishKeys, reissueBody, send, type Person, type Sent } from "./support/people.ts";
import type { SoftAuthenticator } from "./support/soft-authenticator.ts";

const RECORD = process.env.SIGILL_MATRIX_RECORD === "1";
const MISSING_ID = "AAAAAAAAAAAAAAAAAAAAAA";

interface Caller {
  client: Client;
  /** For a fresh session (the logout routes end the one they are called with). */
  relogin?: () => Promise<Client>;
  passkeyId: string;
}

interface Fixture {
  callers: Record<Role, Caller>;
  /** Sent by staff to recipient, with an attachment. */
  message: Sent;
  /** Sent by staff to another first-time recipient (who enrolled through its invitation). */
  invited: Sent;
  invitedAddress: string;
  /** A valid reissue of that invitation (a new bound invitation sealed by staff's client). */
  reissue: Record<string, string>;
  /** Sent by staff to recipient, recalled by the matrix. */
  toRecall: Sent;
  /** An account the admin routes act on. */
  victim: { id: string; passkeyId: string };
  /** Handover requests another administrator made (for two other accounts). */
  handover: { toApprove: string; toDecline: string };
}

interface Call {
  path: string;
  body?: unknown;
  raw?: Uint8Array;
  headers?: Record<string, string>;
  fresh?: boolean;
}

type Build = (f: Fixture, role: Role) => Call;

/** A valid-enough request per route: real ids from the fixture, bodies that pass parsing where cheap. */
const REQUESTS: Record<string, Build> = {
  "GET /api/health": () => ({ path: "/api/health" }),
  "GET /api/openapi.json": () => ({ path: "/api/openapi.json" }),
  "POST /api/enrol/options": () => ({ path: "/api/enrol/options", body: { token: "A".repeat(43) } }),
  "POST /api/enrol/verify": () => ({ path: "/api/enrol/verify", body: {} }),
  "POST /api/auth/options": () => ({ path: "/api/auth/options", body: {} }),
  "POST /api/auth/verify": () => ({ path: "/api/auth/verify", body: {} }),
  "GET /api/session": () => ({ path: "/api/session" }),
  "POST /api/auth/logout": () => ({ path: "/api/auth/logout", body: {}, fresh: true }),
  "POST /api/auth/logout-all": () => ({ path: "/api/auth/logout-all", body: {}, fresh: true }),
  "GET /api/passkeys": () => ({ path: "/api/passkeys" }),
  "POST /api/passkeys/options": () => ({ path: "/api/passkeys/options", body: {} }),
  "POST /api/passkeys/verify": () => ({ path: "/api/passkeys/verify", body: {} }),
  "PATCH /api/passkeys/{id}": (f, r) => ({ path: `/api/passkeys/${f.callers[r].passkeyId}`, body: { name: "Matris" } }),
  // The caller's own, only passkey: refused as the last one, so nothing is removed.
  "DELETE /api/passkeys/{id}": (f, r) => ({ path: `/api/passkeys/${f.callers[r].passkeyId}` }),
  "PUT /api/keys": () => ({ path: "/api/keys", body: {} }),
  "POST /api/keys/vault": () => ({ path: "/api/keys/vault", body: {} }),
  "GET /api/keys/me": () => ({ path: "/api/keys/me" }),
  "POST /api/directory/lookup": () => ({ path: "/api/directory/lookup", body: { email: "staff@skola.example" } }),
  "POST /api/admin/invitations": (_f, r) => ({
    path: "/api/admin/invitations",
    body: { email: `invited-${r}@skola.example`, displayName: "Ny Lärare", role: "staff" },
  }),
  "GET /api/admin/accounts": () => ({ path: "/api/admin/accounts" }),
  "POST /api/admin/accounts/{id}/disable": (f) => ({ path: `/api/admin/accounts/${f.victim.id}/disable`, body: {} }),
  "POST /api/admin/accounts/{id}/enable": (f) => ({ path: `/api/admin/accounts/${f.victim.id}/enable`, body: {} }),
  "POST /api/admin/accounts/{id}/reset": (f) => ({ path: `/api/admin/accounts/${f.victim.id}/reset`, body: {} }),
  "POST /api/admin/accounts/{id}/reset-requests": (f) => ({
    path: `/api/admin/accounts/${f.victim.id}/reset-requests`,
    body: { reason: "no-mailbox-access" },
  }),
  "GET /api/admin/reset-requests": () => ({ path: "/api/admin/reset-requests" }),
  "POST /api/admin/reset-requests/{id}/approve": (f) => ({
    path: `/api/admin/reset-requests/${f.handover.toApprove}/approve`,
    body: {},
  }),
  "POST /api/admin/reset-requests/{id}/decline": (f) => ({
    path: `/api/admin/reset-requests/${f.handover.toDecline}/decline`,
    body: {},
  }),
  "GET /api/admin/organisation": () => ({ path: "/api/admin/organisation" }),
  "PATCH /api/admin/organisation": () => ({ path: "/api/admin/organisation", body: { maxRetentionDays: 30 } }),
  "GET /api/admin/accounts/{id}/passkeys": (f) => ({ path: `/api/admin/accounts/${f.victim.id}/passkeys` }),
  "DELETE /api/admin/accounts/{id}/passkeys/{passkeyId}": (f) => ({
    path: `/api/admin/accounts/${f.victim.id}/passkeys/${f.victim.passkeyId}`,
  }),
  "GET /api/admin/audit.csv": () => ({ path: "/api/admin/audit.csv" }),
  "GET /api/admin/audit": () => ({ path: "/api/admin/audit" }),
  "GET /api/admin/audit/verify": () => ({ path: "/api/admin/audit/verify" }),
  "POST /api/messages": () => ({ path: "/api/messages", body: {} }),
  "PUT /api/messages/{id}/attachments/{attachmentId}/pieces/{index}": (f) => ({
    path: `/api/messages/${f.message.id}/attachments/${String(f.message.attachmentId)}/pieces/0`,
    raw: f.message.pieces[0] ?? new Uint8Array(1),
    headers: { "content-type": "application/octet-stream" },
  }),
  "GET /api/messages/{id}/attachments/{attachmentId}/status": (f) => ({
    path: `/api/messages/${f.message.id}/attachments/${String(f.message.attachmentId)}/status`,
  }),
  "POST /api/messages/{id}/commit": (f) => ({ path: `/api/messages/${f.message.id}/commit`, body: {} }),
  "GET /api/messages": () => ({ path: "/api/messages?box=inbox" }),
  "GET /api/threads/{threadId}": (f) => ({ path: `/api/threads/${f.message.id}` }),
  "GET /api/messages/{id}": (f) => ({ path: `/api/messages/${f.message.id}` }),
  "GET /api/messages/{id}/attachments/{attachmentId}": (f) => ({
    path: `/api/messages/${f.message.id}/attachments/${String(f.message.attachmentId)}`,
  }),
  // A well-formed stanza that seals nothing: parsing passes, so what answers is the visibility check.
  "POST /api/messages/{id}/stanzas": (f) => ({
    path: `/api/messages/${f.invited.id}/stanzas`,
    body: { stanza: "A".repeat(100) },
  }),
  "POST /api/messages/{id}/recall": (f) => ({ path: `/api/messages/${f.toRecall.id}/recall`, body: {} }),
  "POST /api/messages/{id}/invitations/reissue": (f) => ({
    path: `/api/messages/${f.invited.id}/invitations/reissue`,
    body: f.reissue,
  }),
  "GET /api/invitations/{messageId}": (f) => ({ path: `/api/invitations/${f.invited.id}` }),
  // An address the message was not sent to: the same 202 whoever asks, and no mail goes out.
  "POST /api/invitations/{messageId}/mailbox-code": (f, r) => ({
    path: `/api/invitations/${f.invited.id}/mailbox-code`,
    body: { address: `nobody-${r}@example.org` },
  }),
  "POST /api/invitations/{messageId}/code": (f) => ({
    path: `/api/invitations/${f.invited.id}/code`,
    body: { address: f.invitedAddress },
  }),
  "POST /api/invitations/{messageId}/enrol/options": (f, r) => ({
    path: `/api/invitations/${f.invited.id}/enrol/options`,
    body: { address: `nobody-${r}@example.org`, mailboxCode: "12345678" },
  }),
  "POST /api/invitations/{messageId}/open": (f) => ({ path: `/api/invitations/${f.invited.id}/open`, body: {} }),
  "GET /api/policy": () => ({ path: "/api/policy" }),
  "POST /api/events/plain-override": () => ({ path: "/api/events/plain-override", body: {} }),
  "POST /api/events/not-about-person": () => ({ path: "/api/events/not-about-person", body: {} }),
  "POST /api/events/diversion": () => ({ path: "/api/events/diversion", body: { kinds: ["se-personnummer"] } }),
  "POST /api/events/unrecognised-compose": () => ({
    path: "/api/events/unrecognised-compose",
    body: { host: "outlook.office.com", kinds: ["se-personnummer"] },
  }),
  "POST /api/events/unchecked-attachment": () => ({
    path: "/api/events/unchecked-attachment",
    body: { host: "outlook.office.com", reasons: ["encrypted"], files: 1 },
  }),
  "GET /api/admin/stats": () => ({ path: "/api/admin/stats" }),
};

/** An account with published keys whose authenticator we keep (for fresh logins). */
async function account(h: Harness, email: string, role: "staff" | "admin" | "recipient") {
  const auth = h.authenticator();
  const { client, account: acc, response } = await createUser(h, auth, { email, role });
  const identity = await publishKeys(
    client,
    acc,
    response.id,
    await decodeBase64Url(auth.prf(response.id, await prfSalt())),
  );
  return { auth, person: { client, account: acc, identity } satisfies Person, passkeyId: response.id };
}

function caller(h: Harness, a: { auth: SoftAuthenticator; person: Person; passkeyId: string }): Caller {
  return { client: a.person.client, passkeyId: a.passkeyId, relogin: () => login(h, a.auth) };
}

async function makeFixture(h: Harness): Promise<Fixture> {
  const admin = await account(h, "admin@skola.example", "admin");
  const staff = await account(h, "staff@skola.example", "staff");
  const recipient = await account(h, "guardian@example.org", "recipient");
  const message = await send(staff.person, {
    subject: "Matris",
    text: "Till vårdnadshavaren",
    to: [recipient.person],
    attachment: { name: "a.pdf", bytes: new Uint8Array(1000).fill(7) },
  });
  const toRecall = await send(staff.person, { subject: "Återkallas", text: "x", to: [recipient.person] });
  const invitedAddress = "other-guardian@example.org";
  const invited = await send(staff.person, {
    subject: "Annan",
    text: "y",
    to: [],
    invite: [{ address: invitedAddress }],
  });
  // The recipient of another message: a first-time recipient enrolled through that message's invitation.
  const other = await enrolInvited(h, invited.id, invitedAddress);
  const otherAuth = other.auth;
  const reissue = await reissueBody(invited, invitedAddress);
  const disabled = await createUser(h, h.authenticator(), { email: "disabled@skola.example" });
  // Straight in the database, the session left alive: the status check itself must refuse it.
  await h.deps.db.account.update({ where: { id: disabled.account.id }, data: { status: "disabled" } });
  const expired = await createUser(h, h.authenticator(), { email: "expired@skola.example" });
  const idle = h.config.sessions.portal.idleMs;
  await h.deps.db.session.updateMany({
    where: { accountId: expired.account.id },
    data: { lastSeenAt: new Date(h.deps.now().getTime() - idle - 60_000) },
  });
  const victim = await createUser(h, h.authenticator(), { email: "victim@skola.example" });
  // Handovers need administrators of some standing (resets.ts, ADMIN_MIN_AGE_MS): both are a month old.
  const second = await account(h, "admin2@skola.example", "admin");
  await h.deps.db.account.updateMany({
    where: { id: { in: [admin.person.account.id, second.person.account.id] } },
    data: { createdAt: new Date(h.deps.now().getTime() - 30 * 24 * 3600_000) },
  });
  const requestFor = async (email: string) => {
    const target = await createUser(h, h.authenticator(), { email });
    const r = await second.person.client.call("POST", `/api/admin/accounts/${target.account.id}/reset-requests`, {
      reason: "no-mailbox-access",
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const handover = {
    toApprove: await requestFor("handover-approve@skola.example"),
    toDecline: await requestFor("handover-decline@skola.example"),
  };
  return {
    callers: {
      anonymous: { client: new Client(h.base), passkeyId: staff.passkeyId },
      otherRecipient: { client: other.client, passkeyId: other.credentialId, relogin: () => login(h, otherAuth) },
      recipient: caller(h, recipient),
      staff: caller(h, staff),
      admin: caller(h, admin),
      disabled: { client: disabled.client, passkeyId: disabled.response.id },
      expired: { client: expired.client, passkeyId: expired.response.id },
    },
    message,
    invited,
    invitedAddress,
    reissue,
    toRecall,
    victim: { id: victim.account.id, passkeyId: victim.response.id },
    handover,
  };
}

describe.each(PROVIDERS)("authorisation matrix on %s", (provider) => {
  let h: Harness;
  let routes: string[];
  beforeAll(async () => {
    h = await startServer(provider);
    const doc = (await new Client(h.base).call("GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
  });
  afterAll(() => h.close());

  it("when the OpenAPI document lists the routes, then the table has exactly those rows, each with a request", () => {
    expect([...routes].sort()).toEqual(Object.keys(AUTHZ_MATRIX).sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(Object.keys(AUTHZ_MATRIX).sort());
  });

  it("when every route is called as each kind of caller, then each answers the status in the table", async () => {
    const f = await makeFixture(h);
    // Opening the invitation comes first (adopting needs an opened invitation); log out everywhere
    // ends the callers' own sessions too, so it runs last.
    const rank = (r: string) =>
      r === "POST /api/invitations/{messageId}/open" ? -1 : r === "POST /api/auth/logout-all" ? 1 : 0;
    const order = [...routes].sort((a, b) => rank(a) - rank(b));
    const observed: Record<string, number[]> = {};
    const wrong: string[] = [];
    for (const route of order) {
      const build = REQUESTS[route];
      if (build === undefined) continue; // reported by the test above
      const method = route.split(" ")[0] ?? "GET";
      observed[route] = [];
      for (const [i, role] of ROLES.entries()) {
        const c = f.callers[role];
        const call = build(f, role);
        const client = call.fresh === true && c.relogin !== undefined ? await c.relogin() : c.client;
        const r = await client.call(method, call.path.replace(/\{[^}]+\}/g, MISSING_ID), call.body, {
          ...(call.raw !== undefined && { raw: call.raw }),
          ...(call.headers !== undefined && { headers: call.headers }),
        });
        observed[route].push(r.status);
        expect(r.status, `${route} as ${role}`).toBeLessThan(500);
        if (r.status >= 400) expect(typeof r.body?.error?.code, `${route} as ${role}: error shape`).toBe("string");
        const expected = AUTHZ_MATRIX[route]?.[i];
        if (!RECORD && r.status !== expected)
          wrong.push(
            `${route} as ${role}: ${String(r.status)} ${JSON.stringify(r.body?.error ?? "")}, table says ${String(expected)}`,
          );
      }
    }
    if (RECORD) {
      console.log(
        Object.entries(observed)
          .map(([route, s]) => `  "${route}": [${s.join(", ")}],`)
          .join("\n"),
      );
      return;
    }
    expect(wrong).toEqual([]);
  });
});
