// Property-based abuse of every route in the OpenAPI document: malformed and wrongly typed JSON,
// deep nesting, oversized bodies, odd path segments and query strings, bad content types, huge
// cookies, wrong CSRF and bearer tokens. Whatever arrives: never a 5xx, a 4xx is always
// `{ error: { code, message } }`, the process still answers afterwards, and its heap stays bounded.
//
// Memory is measured in-process (the harness runs the real app in this worker): heapUsed after a
// forced full GC, before and after the run. `--expose-gc` is switched on at run time through V8's
// flags, so no special vitest set-up is needed; the bound is generous (the question is "does a
// request leak or balloon", not a byte count).
import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import { person } from "./support/people.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const RUNS = 250;
/** Lone surrogates made well-formed, so encodeURIComponent can send them (the server sees U+FFFD). */
function asText(v: unknown): string {
  if (typeof v === "string") return v;
  return v === undefined ? "" : JSON.stringify(v);
}
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
const ID = "AAAAAAAAAAAAAAAAAAAAAA";
/** Routes whose valid call would end the fuzzer's own session: they are fuzzed without one. */
const ENDS_SESSION = new Set(["POST /api/auth/logout", "POST /api/auth/logout-all"]);

interface Route {
  method: string;
  path: string;
  key: string;
}

/** Known-good bodies and queries to mutate, so fuzzed values reach past the first schema check. */
const SEEDS: Record<string, { body?: unknown; query?: Record<string, string> }> = {
  "POST /api/enrol/options": { body: { token: "A".repeat(43) } },
  "POST /api/invitations/{messageId}/mailbox-code": { body: { address: "a@example.org" } },
  "POST /api/invitations/{messageId}/code": { body: { address: "a@example.org" } },
  "POST /api/invitations/{messageId}/enrol/options": { body: { address: "a@example.org", mailboxCode: "12345678" } },
  "POST /api/directory/lookup": { body: { email: "a@skola.example" } },
  "POST /api/admin/invitations": { body: { email: "n@skola.example", displayName: "Ny", role: "staff" } },
  "POST /api/admin/accounts/{id}/reset-requests": {
    body: { reason: "no-mailbox-access", note: "Telefonen borttappad" },
  },
  "PATCH /api/admin/organisation": { body: { name: "Skolan", extraKeywords: ["rektor"], webmailDomains: ["x.se"] } },
  "GET /api/admin/audit": { query: { person: "a@skola.example", subject: ID, type: "auth.login", limit: "5" } },
  "GET /api/admin/audit.csv": { query: { person: "a@skola.example", from: "2026-01-01T00:00:00Z" } },
  "GET /api/admin/stats": { query: { weeks: "4", days: "7", until: "2026-11-01" } },
  "GET /api/messages": { query: { box: "sent", before: "2026-01-01T00:00:00Z" } },
  "POST /api/events/diversion": { body: { kinds: ["se-personnummer"] } },
  "POST /api/events/unrecognised-compose": { body: { host: "outlook.office.com", kinds: ["se-personnummer"] } },
  "POST /api/events/unchecked-attachment": {
    body: { host: "outlook.office.com", reasons: ["encrypted", "not-captured"], files: 2 },
  },
  "POST /api/events/plain-override": { body: { kinds: ["health"], reason: "other", note: "Mottagaren saknar e-post" } },
  "POST /api/events/not-about-person": { body: { kinds: ["health", "support"] } },
  "PATCH /api/passkeys/{id}": { body: { name: "Telefon" } },
  "POST /api/messages/{id}/invitations/reissue": {
    body: { address: "a@example.org", stanza: "A".repeat(136), releaseKey: "A".repeat(43) },
  },
  "POST /api/invitations/{messageId}/open": { body: { codeVerifier: "A".repeat(43) } },
  "POST /api/messages/{id}/stanzas": { body: { stanza: "A".repeat(100) } },
  "POST /api/keys/vault": { body: { entries: ["AAAA"] } },
  "PUT /api/keys": { body: { bundle: "AAAA", vault: ["AAAA"] } },
};

const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "\u0000",
    "a\u0000@b.se",
    "\uD800",
    "%00",
    "../../etc/passwd",
    "𝕊ïgïll",
    "\u202E",
    "' OR 1=1 --",
    "x".repeat(5000),
  ),
);

/** A JSON value of a wrong type or shape, including prototype-pollution keys. */
const wrongJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom("__proto__", "constructor", "prototype", "token", "email", "id"),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  fc.constantFrom(null, [], 0, -1, 1e308, true, "", {}),
);

/** Replaces leaves of a known-good value with wrong ones. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === "string") return fc.oneof(fc.constant(value), nasty, wrongJson);
  if (Array.isArray(value))
    return fc.oneof(fc.tuple(...value.map(mutate)), wrongJson, fc.array(nasty, { maxLength: 200 }));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => fc.tuple(fc.constant(k), mutate(v)));
    return fc.oneof(
      fc.tuple(...entries).map((e) => Object.fromEntries(e)),
      wrongJson,
    );
  }
  return fc.oneof(fc.constant(value), wrongJson);
}

const segment = fc.oneof(
  fc.constant(ID),
  fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).map((s) => encodeURIComponent(wellFormed(s))),
  fc.constantFrom(
    "%00",
    "%ZZ",
    "%",
    "..",
    "%2e%2e",
    "%2F",
    "A".repeat(4000),
    "%F0%9F%92%A9",
    "%C3%28",
    "-1",
    "1e9",
    "NaN",
  ),
);

type Auth = "none" | "bearer" | "cookie" | "bad-bearer" | "bad-csrf" | "huge-cookie";

const request = (routes: Route[]) =>
  fc.record({
    route: fc.constantFrom(...routes),
    segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
    body: fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .constant(undefined)
          .chain(() => fc.jsonValue({ maxDepth: 3 }))
          .map((v) => JSON.stringify(v)),
      },
      { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom("{", '{"a":', "[1,", '{"a":1}{"b":2}', "\u0000", '"\\uD800"', "nul", "{'a':1}"),
      },
      { weight: 4, arbitrary: fc.constant(null) },
    ),
    seeded: fc.boolean(),
    contentType: fc.constantFrom(
      "application/json",
      "application/json",
      "application/json; charset=utf-16",
      "application/json; charset=latin1",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/octet-stream",
      "",
    ),
    query: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 3 }), { nil: undefined }),
    auth: fc.constantFrom<Auth>("none", "bearer", "bearer", "cookie", "bad-bearer", "bad-csrf", "huge-cookie"),
    junk: fc.string({ unit: "binary", maxLength: 60 }),
  });

function fill(path: string, segments: readonly string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => segments[i++] ?? ID);
}

describe.each(PROVIDERS)("fuzzing every route on %s", (provider) => {
  let h: Harness;
  let routes: Route[];
  let bearer: string;
  let portal: Client;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    h = await startServer(provider);
    const doc = (await new Client(h.base).call("GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}` })),
    );
    // Admins pass every role check, so the fuzzed input reaches each route's parsing and handler.
    bearer = String((await person(h, "fuzz-ext@skola.example", "admin", "extension")).client.bearer);
    portal = (await person(h, "fuzz-portal@skola.example", "admin", "portal")).client;
  });
  afterAll(() => h.close());

  async function hitRoute(
    route: Route,
    path: string,
    options: { body?: string | null; contentType?: string; auth?: Auth; junk?: string } = {},
  ): Promise<void> {
    const auth =
      ENDS_SESSION.has(route.key) && ["bearer", "cookie"].includes(options.auth ?? "") ? "none" : options.auth;
    const headers: Record<string, string> = {};
    if (options.contentType !== undefined && options.contentType !== "") headers["content-type"] = options.contentType;
    const junk = (options.junk ?? "").replace(/[^\x21-\x7e]/g, "x");
    if (auth === "bearer") headers.authorization = `Bearer ${bearer}`;
    if (auth === "bad-bearer") headers.authorization = `Bearer ${junk}${"A".repeat(30)}`;
    if (auth === "cookie" || auth === "bad-csrf") {
      headers.cookie = String(portal.cookie);
      headers["x-csrf-token"] = auth === "cookie" ? String(portal.csrf) : junk;
    }
    if (auth === "huge-cookie") headers.cookie = `__Host-sigill_session=${"A".repeat(12_000)}; x=${junk}`;
    const hasBody = options.body !== undefined && options.body !== null && route.method !== "GET";
    const res = await fetch(`${h.base}${path}`, {
      method: route.method,
      headers,
      ...(hasBody && { body: options.body ?? "" }),
    });
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const where = `${route.key} ${path.slice(0, 200)} -> ${String(res.status)} ${text.slice(0, 200)}`;
    expect(res.status, where).toBeLessThan(500);
    // 431 (headers too large) comes from Node's HTTP parser before the app, with no body.
    if (res.status >= 400 && res.status !== 431) {
      const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      expect(Object.keys(parsed), where).toEqual(["error"]);
      expect(typeof parsed.error?.code, where).toBe("string");
      expect(typeof parsed.error?.message, where).toBe("string");
    }
  }

  it("when each route gets the classic nasties (deep nesting, oversized, NUL, broken encodings), then none is a 5xx", async () => {
    const deepArray = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const deepObject = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    const oversized = JSON.stringify({ x: "a".repeat(300_000) });
    for (const route of routes) {
      const seed = SEEDS[route.key];
      for (const body of [
        deepArray,
        deepObject,
        oversized,
        "{bad",
        "[]",
        '"\\u0000"',
        JSON.stringify(seed?.body ?? {}),
      ])
        await hitRoute(route, fill(route.path, [ID, ID, "0"]), {
          body,
          contentType: "application/json",
          auth: "bearer",
        });
      for (const seg of ["%00", "%ZZ", "A".repeat(4000), "%F0%9F%92%A9", "%C3%28"])
        await hitRoute(route, fill(route.path, [seg, seg, seg]), {
          body: "{}",
          contentType: "application/json",
          auth: "bearer",
        });
      await hitRoute(
        route,
        `${fill(route.path, [ID, ID, "0"])}?email=a%00%40b.se&person=%00&x=%ZZ&box[]=1&weeks=1e999`,
        {
          auth: "cookie",
          body: "{}",
          contentType: "application/json",
        },
      );
    }
    // The message route's own larger limit (12 MB), exceeded.
    const messages = routes.find((r) => r.key === "POST /api/messages");
    if (messages !== undefined)
      await hitRoute(messages, "/api/messages", {
        body: JSON.stringify({ envelope: "A".repeat(13 * 1024 * 1024) }),
        contentType: "application/json",
        auth: "bearer",
      });
  });

  it("when random malformed, mistyped and mutated requests hit random routes, then none is a 5xx and the server stays small", async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    await fc.assert(
      fc.asyncProperty(
        request(routes).chain((r) => {
          const seed = SEEDS[r.route.key];
          return fc.record({
            r: fc.constant(r),
            seedBody: r.seeded && seed?.body !== undefined ? mutate(seed.body) : fc.constant(undefined),
            seedQuery: r.seeded && seed?.query !== undefined ? mutate(seed.query) : fc.constant(undefined),
          });
        }),
        async ({ r, seedBody, seedQuery }) => {
          const query: unknown = seedQuery ?? r.query;
          const qs =
            typeof query !== "object" || query === null
              ? ""
              : `?${Object.entries(query)
                  .map(([k, v]) => `${encodeURIComponent(wellFormed(k))}=${encodeURIComponent(wellFormed(asText(v)))}`)
                  .join("&")}`;
          const body = seedBody !== undefined ? JSON.stringify(seedBody) : r.body;
          await hitRoute(r.route, `${fill(r.route.path, r.segments)}${qs}`, {
            body,
            contentType: r.contentType,
            auth: r.auth,
            junk: r.junk,
          });
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(grown, `heap grew by ${String(Math.round(grown / 1e6))} MB`).toBeLessThan(64 * 1024 * 1024);
    const health = await fetch(`${h.base}/api/health`);
    expect(health.status).toBe(200);
    // The fuzz reached past authentication and parsing, not only the front door.
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });
});
