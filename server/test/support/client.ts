import { expect } from "vitest";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { createEnrolment, type Role } from "../../src/modules/accounts/enrolments.ts";
import type { Harness } from "./harness.ts";
import type { SoftAuthenticator } from "./soft-authenticator.ts";

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  body: any;
  headers: Headers;
}

/** A user agent: keeps the portal cookie and CSRF token, or the extension's bearer token. */
export class Client {
  readonly base: string;
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;

  constructor(base: string) {
    this.base = base;
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    extra: { headers?: Record<string, string>; raw?: string | Uint8Array } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...extra.headers };
    if (body !== undefined || extra.raw !== undefined) headers["content-type"] ??= "application/json";
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    if (this.csrf !== undefined && method !== "GET") headers["x-csrf-token"] ??= this.csrf;
    if (this.bearer !== undefined) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...((body !== undefined || extra.raw !== undefined) && { body: extra.raw ?? JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep text
    }
    const setCookie = res.headers.get("set-cookie");
    if (setCookie !== null) {
      const pair = setCookie.split(";")[0] ?? "";
      this.cookie = pair.endsWith("=") ? undefined : pair;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Keeps what a login or enrolment answered. */
  adopt(session: { csrfToken?: string; token?: string }): void {
    if (session.csrfToken !== undefined) this.csrf = session.csrfToken;
    if (session.token !== undefined) this.bearer = session.token;
  }
}

export type Kind = "portal" | "extension";

/** The enrolment ceremony over HTTP, as the portal or extension does it. */
export async function enrolWithLink(h: Harness, link: string, auth: SoftAuthenticator, kind: Kind = "portal") {
  const token = link.split("#")[1] ?? "";
  const client = new Client(h.base);
  const start = await client.call("POST", "/api/enrol/options", { token });
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const response = auth.register(start.body.options as PublicKeyCredentialCreationOptionsJSON);
  const done = await client.call("POST", "/api/enrol/verify", {
    token,
    challengeId: start.body.challengeId,
    response,
    sessionKind: kind,
  });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  client.adopt(done.body.session as { csrfToken?: string; token?: string });
  return { client, account: done.body.account as { id: string; email: string; role: string }, response };
}

/** Creates an account the way the CLI/admin do (one-time link), then enrols it over HTTP. */
export async function createUser(
  h: Harness,
  auth: SoftAuthenticator,
  user: { email: string; name?: string; role?: Role; kind?: Kind },
) {
  const { link } = await createEnrolment(h.deps, {
    email: user.email,
    displayName: user.name ?? "Test Person",
    role: user.role ?? "staff",
  });
  return enrolWithLink(h, link, auth, user.kind ?? "portal");
}

export async function loginOptions(h: Harness) {
  const client = new Client(h.base);
  const start = await client.call("POST", "/api/auth/options", {});
  expect(start.status).toBe(200);
  return {
    client,
    challengeId: start.body.challengeId as string,
    options: start.body.options as PublicKeyCredentialRequestOptionsJSON,
  };
}

export async function finishLogin(
  client: Client,
  challengeId: string,
  response: AuthenticationResponseJSON,
  kind: Kind = "portal",
) {
  const done = await client.call("POST", "/api/auth/verify", { challengeId, response, sessionKind: kind });
  if (done.status === 200) client.adopt(done.body.session as { csrfToken?: string; token?: string });
  return done;
}

export async function login(h: Harness, auth: SoftAuthenticator, kind: Kind = "portal") {
  const { client, challengeId, options } = await loginOptions(h);
  const done = await finishLogin(client, challengeId, auth.authenticate(options), kind);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return client;
}
