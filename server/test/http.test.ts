import { directoryAnswer } from "@sigill/client/wire/directory";
import * as invitationWire from "@sigill/client/wire/invitations";
import * as wire from "@sigill/client/wire/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, createUser, finishLogin, login, loginOptions } from "./support/client.ts";
import { EXTENSION_ORIGIN, PROVIDERS, startServer, type Harness } from "./support/harness.ts";

describe.each(PROVIDERS)("HTTP API quality on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it.each([
    ["broken JSON", "POST", "/api/auth/options", { raw: "{bad" }, 400, "MALFORMED_JSON"],
    ["a JSON array", "POST", "/api/auth/verify", { raw: "[]" }, 400, "BAD_REQUEST"],
    ["a missing field", "POST", "/api/enrol/options", { raw: "{}" }, 400, "BAD_REQUEST"],
    ["a wrong type", "POST", "/api/enrol/options", { raw: '{"token": 42}' }, 400, "BAD_REQUEST"],
    ["an unknown field", "POST", "/api/auth/options", { raw: '{"x": 1}' }, 400, "BAD_REQUEST"],
    [
      "a bad WebAuthn response",
      "POST",
      "/api/auth/verify",
      { raw: '{"challengeId":"AAAAAAAAAAAAAAAAAAAAAA","sessionKind":"portal","response":{"id":"!"}}' },
      400,
      "BAD_REQUEST",
    ],
    [
      "a huge body",
      "POST",
      "/api/auth/options",
      { raw: JSON.stringify({ x: "a".repeat(300_000) }) },
      413,
      "PAYLOAD_TOO_LARGE",
    ],
    [
      "text instead of JSON",
      "POST",
      "/api/enrol/options",
      { raw: "token=x", headers: { "content-type": "text/plain" } },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["an unknown path", "GET", "/api/nothing-here", {}, 404, "NOT_FOUND"],
    // Found by test/fuzz.test.ts: the router's failed percent-decoding used to be a 500.
    ["a broken percent-encoding in the path", "PATCH", "/api/passkeys/%ZZ", { raw: "{}" }, 400, "BAD_REQUEST"],
    ["no session", "GET", "/api/passkeys", {}, 401, "UNAUTHENTICATED"],
    [
      "a malformed bearer token",
      "GET",
      "/api/passkeys",
      { headers: { authorization: "Bearer ;;" } },
      401,
      "UNAUTHENTICATED",
    ],
    [
      "an unknown challenge",
      "POST",
      "/api/auth/verify",
      {
        raw: JSON.stringify({
          challengeId: "AAAAAAAAAAAAAAAAAAAAAA",
          sessionKind: "portal",
          response: {
            id: "AAAA",
            rawId: "AAAA",
            type: "public-key",
            response: { clientDataJSON: "AA", authenticatorData: "AA", signature: "AA" },
            clientExtensionResults: {},
          },
        }),
      },
      400,
      "CHALLENGE_INVALID",
    ],
  ] as const)(
    "when a request has %s, then it gets %i with code %s, never a 500",
    async (_name, method, path, extra, status, code) => {
      const r = await new Client(h.base).call(method, path, undefined, extra);
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).not.toMatch(/aaaa|token=|\{bad/i);
    },
  );

  it("when any response is sent, then it carries a strict CSP and no framework banner", async () => {
    const r = await fetch(`${h.base}/api/health`);
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(r.headers.get("x-powered-by")).toBeNull();
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get("strict-transport-security")).toContain("max-age=31536000"); // PUBLIC_URL is https
  });

  it("when a configured extension asks for CORS, then it is allowed; any other origin is not", async () => {
    const pre = (origin: string) =>
      fetch(`${h.base}/api/auth/options`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    expect((await pre(EXTENSION_ORIGIN)).headers.get("access-control-allow-origin")).toBe(EXTENSION_ORIGIN);
    expect((await pre("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    expect(
      (await pre("chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba")).headers.get("access-control-allow-origin"),
    ).toBeNull();
  });

  it("when the OpenAPI document describes the API's answers, then each answer of the messages, invitation and directory routes is exactly the schema the client parses it with", async () => {
    const doc = (await new Client(h.base).call("GET", "/api/openapi.json")).body as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>
      >;
    };
    const answers: [string, string, string, z.ZodType][] = [
      ["post", "/api/messages", "201", wire.createAnswer],
      ["get", "/api/messages", "200", wire.messageListAnswer],
      ["get", "/api/messages/{id}", "200", wire.messageAnswer],
      ["get", "/api/threads/{threadId}", "200", wire.threadAnswer],
      ["put", "/api/messages/{id}/attachments/{attachmentId}/pieces/{index}", "200", wire.pieceAnswer],
      ["get", "/api/messages/{id}/attachments/{attachmentId}/status", "200", wire.uploadStatusAnswer],
      ["post", "/api/messages/{id}/commit", "200", wire.committedAnswer],
      ["post", "/api/messages/{id}/recall", "200", wire.recalledAnswer],
      ["post", "/api/messages/{id}/stanzas", "201", wire.okAnswer],
      ["post", "/api/messages/{id}/invitations/reissue", "200", wire.okAnswer],
      ["get", "/api/invitations/{messageId}", "200", invitationWire.aboutAnswer],
      ["post", "/api/invitations/{messageId}/mailbox-code", "202", invitationWire.mailboxCodeAnswer],
      ["post", "/api/invitations/{messageId}/code", "200", invitationWire.codeAnswer],
      ["post", "/api/invitations/{messageId}/open", "200", invitationWire.openAnswer],
      ["post", "/api/directory/lookup", "200", directoryAnswer],
    ];
    for (const [method, path, status, schema] of answers) {
      const declared = doc.paths[path]?.[method]?.responses[status]?.content["application/json"]?.schema;
      expect(declared, `${method} ${path}`).toEqual(
        z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io: "input" }),
      );
    }
  });

  it("when the OpenAPI document is fetched, then it is 3.1 and lists every route with its schemas", async () => {
    const doc = (await new Client(h.base).call("GET", "/api/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    const declared = [
      ["post", "/api/enrol/options"],
      ["post", "/api/enrol/verify"],
      ["post", "/api/auth/options"],
      ["post", "/api/auth/verify"],
      ["get", "/api/session"],
      ["post", "/api/auth/logout"],
      ["post", "/api/auth/logout-all"],
      ["get", "/api/passkeys"],
      ["post", "/api/passkeys/options"],
      ["post", "/api/passkeys/verify"],
      ["patch", "/api/passkeys/{id}"],
      ["delete", "/api/passkeys/{id}"],
      ["put", "/api/keys"],
      ["post", "/api/keys/vault"],
      ["get", "/api/keys/me"],
      ["post", "/api/directory/lookup"],
      ["post", "/api/admin/invitations"],
      ["get", "/api/admin/accounts"],
      ["post", "/api/admin/accounts/{id}/disable"],
      ["post", "/api/admin/accounts/{id}/enable"],
      ["post", "/api/admin/accounts/{id}/reset"],
      // Resets with two administrators (issue 18).
      ["post", "/api/admin/accounts/{id}/reset-requests"],
      ["get", "/api/admin/reset-requests"],
      ["post", "/api/admin/reset-requests/{id}/approve"],
      ["post", "/api/admin/reset-requests/{id}/decline"],
      ["get", "/api/admin/accounts/{id}/passkeys"],
      ["delete", "/api/admin/accounts/{id}/passkeys/{passkeyId}"],
      ["get", "/api/health"],
      ["get", "/api/openapi.json"],
      ["get", "/api/admin/audit"],
      ["get", "/api/admin/audit/verify"],
      ["get", "/api/admin/audit.csv"],
      ["get", "/api/admin/organisation"],
      ["patch", "/api/admin/organisation"],
      ["post", "/api/messages"],
      ["get", "/api/messages"],
      ["get", "/api/messages/{id}"],
      ["put", "/api/messages/{id}/attachments/{attachmentId}/pieces/{index}"],
      ["get", "/api/messages/{id}/attachments/{attachmentId}/status"],
      ["get", "/api/messages/{id}/attachments/{attachmentId}"],
      ["post", "/api/messages/{id}/commit"],
      ["post", "/api/messages/{id}/stanzas"],
      ["post", "/api/messages/{id}/recall"],
      ["post", "/api/messages/{id}/invitations/reissue"],
      ["get", "/api/threads/{threadId}"],
      ["get", "/api/invitations/{messageId}"],
      ["post", "/api/invitations/{messageId}/mailbox-code"],
      ["post", "/api/invitations/{messageId}/code"],
      ["post", "/api/invitations/{messageId}/enrol/options"],
      ["post", "/api/invitations/{messageId}/open"],
      ["get", "/api/policy"],
      ["post", "/api/events/plain-override"],
      // Admin charts (issue 7).
      ["post", "/api/events/diversion"],
      // Unrecognised webmail compose windows (issue 17).
      ["post", "/api/events/unrecognised-compose"],
      // Attachments sent unchecked where policy lets them go.
      ["post", "/api/events/unchecked-attachment"],
      // Issue 19: mail that is not about an individual person.
      ["post", "/api/events/not-about-person"],
      ["get", "/api/admin/stats"],
    ];
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(listed.sort()).toEqual(declared.map(([m, p]) => `${m ?? ""} ${p ?? ""}`).sort());
    const verify = doc.paths["/api/enrol/verify"].post;
    expect(verify.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["challengeId", "response", "sessionKind"]),
    );
    // A first-time recipient's enrolment has no token (issue 18): it is bound to the challenge.
    expect(verify.requestBody.content["application/json"].schema.required).not.toContain("token");
    // The address looked up travels in the body, never in the URL (proxies log URLs with their query).
    const lookup = doc.paths["/api/directory/lookup"].post;
    expect(lookup.parameters).toBeUndefined();
    expect(lookup.requestBody.content["application/json"].schema).toMatchObject({
      required: ["email"],
      additionalProperties: false,
    });
    const piece = doc.paths["/api/messages/{id}/attachments/{attachmentId}/pieces/{index}"].put;
    expect(Object.keys(piece.requestBody.content)).toEqual(["application/octet-stream"]);
    expect(Object.keys(doc.paths["/api/admin/audit.csv"].get.responses["200"].content)).toEqual(["text/csv"]);
  });

  // A URL's query string lands in access logs of proxies in front of Sigill (nginx's default format
  // logs the whole request line), so nothing that could hold an address or other personal data may
  // travel there: only paging, ids, kinds and dates.
  it("when the OpenAPI document lists the query parameters, then only the known paging and filter ones remain, and none could hold an address", async () => {
    const doc = (await new Client(h.base).call("GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: JsonSchema }[] }>>;
    };
    interface JsonSchema {
      type?: string;
      enum?: unknown[];
      format?: string;
      pattern?: string;
    }
    const found: Record<string, string[]> = {};
    const schemas: [string, JsonSchema][] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        for (const p of op.parameters ?? [])
          if (p.in === "query") {
            (found[`${method} ${path}`] ??= []).push(p.name);
            schemas.push([`${method} ${path} ?${p.name}`, p.schema]);
          }
    expect(found).toEqual({
      "get /api/admin/accounts": ["cursor", "limit"],
      "get /api/admin/audit": ["actor", "subject", "type", "from", "to", "before", "limit"],
      "get /api/admin/audit.csv": ["actor", "subject", "type", "from", "to", "before"],
      "get /api/admin/stats": ["weeks", "days", "until"],
      "get /api/messages": ["box", "cursor", "limit"],
    });
    const address = "vardnadshavare@example.org";
    for (const [where, schema] of schemas) {
      const holds =
        schema.enum !== undefined
          ? schema.enum.includes(address)
          : schema.type === "integer" || schema.type === "number"
            ? false
            : schema.format === "date" || schema.format === "date-time"
              ? false
              : schema.pattern === undefined || new RegExp(schema.pattern).test(address);
      expect(holds, where).toBe(false);
    }
  });

  it("when people enrol, log in and publish keys, then no token, address, credential id or cookie reaches the log", async () => {
    const auth = h.authenticator();
    const { client, account, response } = await createUser(h, auth, { email: "hemlig.person@skola.example" });
    const again = await login(h, auth);
    await client.call("GET", "/api/passkeys");
    const secrets = [
      account.email,
      "hemlig",
      response.id,
      again.csrf ?? "",
      (again.cookie ?? "").split("=")[1] ?? "",
    ].filter((s) => s.length > 5);
    expect(h.logs.length).toBeGreaterThan(5);
    for (const line of h.logs) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});

describe.each(PROVIDERS)("security headers and the session cookie on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when the API or the portal page answers, then the CSP, HSTS, nosniff and referrer policy are strict", async () => {
    for (const [path, accept] of [
      ["/api/health", "application/json"],
      ["/", "text/html"],
      ["/m/AAAAAAAAAAAAAAAAAAAAAA", "text/html"],
    ] as const) {
      const r = await fetch(`${h.base}${path}`, { headers: { accept } });
      const csp = new Map(
        (r.headers.get("content-security-policy") ?? "").split(";").map((d) => {
          const [name = "", ...values] = d.trim().split(/\s+/);
          return [name, values.join(" ")] as const;
        }),
      );
      expect(csp.get("default-src"), path).toBe("'self'");
      expect(csp.get("script-src"), path).toBe("'self' 'wasm-unsafe-eval'");
      expect(csp.get("style-src"), path).toBe("'self'");
      expect(csp.get("object-src"), path).toBe("'none'");
      expect(csp.get("base-uri"), path).toBe("'none'");
      expect(csp.get("frame-ancestors"), path).toBe("'none'");
      expect(csp.get("form-action"), path).toBe("'self'");
      expect(r.headers.get("content-security-policy"), path).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:/);
      expect(r.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(r.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(r.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("when a portal login sets the session cookie, then it is __Host-, HttpOnly, Secure, SameSite=Strict, Path=/, without Domain; logout clears it the same way", async () => {
    const auth = h.authenticator();
    await createUser(h, auth, { email: "kaka@skola.example" });
    const { client, challengeId, options } = await loginOptions(h);
    const done = await finishLogin(client, challengeId, auth.authenticate(options));
    const attributes = (header: string | null) =>
      (header ?? "")
        .split(";")
        .slice(1)
        .map((a) => a.trim().split("=")[0]?.toLowerCase())
        .sort();
    const cookie = done.headers.get("set-cookie");
    expect(cookie).toMatch(/^__Host-sigill_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/;");
    expect(attributes(cookie)).toEqual(["expires", "httponly", "path", "samesite", "secure"]);
    // The extension's login sets no cookie at all.
    const ext = await loginOptions(h);
    expect(
      (await finishLogin(ext.client, ext.challengeId, auth.authenticate(ext.options), "extension")).headers.get(
        "set-cookie",
      ),
    ).toBeNull();
    const out = await client.call("POST", "/api/auth/logout", {});
    const cleared = out.headers.get("set-cookie");
    expect(cleared).toMatch(/^__Host-sigill_session=;/);
    expect(attributes(cleared)).toEqual(["expires", "httponly", "path", "samesite", "secure"]);
  });

  it("when an answer carries a secret (session tokens, enrolment links, vault entries), then no cache may store it", async () => {
    const auth = h.authenticator();
    const { client } = await createUser(h, auth, { email: "admin.kaka@skola.example", role: "admin" });
    const ext = await loginOptions(h);
    const bearer = await finishLogin(ext.client, ext.challengeId, auth.authenticate(ext.options), "extension");
    const answers = [
      bearer,
      await client.call("GET", "/api/session"),
      await client.call("POST", "/api/admin/invitations", {
        email: "ny@skola.example",
        displayName: "Ny",
        role: "staff",
      }),
      await client.call("GET", "/api/keys/me"),
      await client.call("GET", "/api/nothing-here"),
    ];
    for (const a of answers) expect(a.headers.get("cache-control")).toBe("no-store");
  });
});

describe("security headers on plain http", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer("sqlite", { PUBLIC_URL: "http://localhost:8080" });
  });
  afterAll(() => h.close());

  it("when PUBLIC_URL is http, then no HSTS is sent (it would pin a name that has no certificate), the rest stays", async () => {
    const r = await fetch(`${h.base}/api/health`);
    expect(r.headers.get("strict-transport-security")).toBeNull();
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("rate limits (shared in the database)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer("sqlite", { RATE_LIMIT_IP_PER_MINUTE: "5", RATE_LIMIT_ACCOUNT_PER_MINUTE: "3" });
  });
  afterAll(() => h.close());

  it("when one IP starts too many logins, then it gets 429 with Retry-After, and a new minute resets it", async () => {
    // Fixed windows: start one second into a fresh minute, so the requests cannot straddle a boundary.
    h.advance(60_000 - (h.deps.now().getTime() % 60_000) + 1000);
    const c = new Client(h.base);
    for (let i = 0; i < 5; i++) expect((await c.call("POST", "/api/auth/options", {})).status).toBe(200);
    const limited = await c.call("POST", "/api/auth/options", {});
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    h.advance(60_000);
    expect((await c.call("POST", "/api/auth/options", {})).status).toBe(200);
  });
});

describe("rate limits per passkey", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer("pg", { RATE_LIMIT_IP_PER_MINUTE: "1000", RATE_LIMIT_ACCOUNT_PER_MINUTE: "3" });
  });
  afterAll(() => h.close());

  it("when one passkey is tried too often, then further logins with it are limited, others are not", async () => {
    const auth = h.authenticator();
    const other = h.authenticator();
    await createUser(h, auth, { email: "limit@skola.example" });
    await createUser(h, other, { email: "other@skola.example" });
    h.advance(60_000 - (h.deps.now().getTime() % 60_000) + 1000); // a fresh window (see above)
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { client, challengeId, options } = await loginOptions(h);
      statuses.push((await finishLogin(client, challengeId, auth.authenticate(options))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    await login(h, other);
  });
});
