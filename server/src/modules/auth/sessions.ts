import type { Request, RequestHandler, Response } from "express";
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { dateColumn, nullableDate, sql } from "../../db/raw.ts";
import { AppError } from "../../http/app-error.ts";
import type { Access } from "../../http/route.ts";
import type { Deps } from "../../deps.ts";
import { csrfTokenFor, hashToken, newId, newToken } from "./tokens.ts";
import { createToucher, type Toucher } from "./touch.ts";

export type SessionKind = "portal" | "extension";
export const SESSION_COOKIE = "__Host-sigill_session";
const TOUCH_AFTER_MS = 60_000;

const sessionRow = z.object({
  id: z.string(),
  kind: z.enum(["portal", "extension"]),
  accountId: z.string(),
  lastSeenAt: dateColumn,
  expiresAt: dateColumn,
  revokedAt: nullableDate,
  role: z.string(),
  status: z.string(),
});

export interface AuthContext {
  readonly sessionId: string;
  readonly accountId: string;
  readonly role: string;
  readonly kind: SessionKind;
  readonly via: "cookie" | "bearer";
}

/** What a login or enrolment answers: the portal gets a cookie plus CSRF token, the extension a bearer token. */
export interface IssuedSession {
  readonly kind: SessionKind;
  readonly expiresAt: string;
  readonly csrfToken?: string;
  readonly token?: string;
}

export async function createSession(
  deps: Deps,
  res: Response,
  accountId: string,
  kind: SessionKind,
): Promise<IssuedSession> {
  const token = newToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessions[kind].maxMs);
  await deps.db.session.create({
    data: { id: newId(), tokenHash: hashToken(token), kind, accountId, createdAt: now, lastSeenAt: now, expiresAt },
  });
  if (kind === "portal") {
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      secure: true,
      sameSite: "strict",
      path: "/",
      expires: expiresAt,
    });
    return { kind, expiresAt: expiresAt.toISOString(), csrfToken: csrfTokenFor(token) };
  }
  return { kind, expiresAt: expiresAt.toISOString(), token };
}

function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function presentedToken(req: Request): { token: string; via: "cookie" | "bearer" } | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(auth);
    return match?.[1] === undefined ? undefined : { token: match[1], via: "bearer" };
  }
  const cookie = cookieValue(req, SESSION_COOKIE);
  return cookie === undefined ? undefined : { token: cookie, via: "cookie" };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** One toucher per running server (its deps), so that sessions are touched once at a time. */
const touchers = new WeakMap<Deps, Toucher>();
function toucherOf(deps: Deps): Toucher {
  let toucher = touchers.get(deps);
  if (toucher === undefined) {
    toucher = createToucher(async (id, now) => {
      // Conditional: another instance's touch in the same minute leaves nothing to do.
      await deps.db.session.updateMany({
        where: { id, lastSeenAt: { lt: new Date(now.getTime() - TOUCH_AFTER_MS) } },
        data: { lastSeenAt: now },
      });
    }, TOUCH_AFTER_MS);
    touchers.set(deps, toucher);
  }
  return toucher;
}

/** Looks up the session of a request, or undefined; throws for a broken CSRF check. */
async function resolveSession(deps: Deps, req: Request): Promise<(AuthContext & { token: string }) | undefined> {
  const presented = presentedToken(req);
  if (presented === undefined) return undefined;
  const now = deps.now();
  // One statement for the session and its account's role and status (the hottest query there is).
  const session = await deps.reads.one(
    sessionRow,
    sql`SELECT s."id", s."kind", s."accountId", s."lastSeenAt", s."expiresAt", s."revokedAt", a."role", a."status"
        FROM "session" s JOIN "account" a ON a."id" = s."accountId" WHERE s."tokenHash" = ${hashToken(presented.token)}`,
  );
  if (session === undefined || session.revokedAt !== null || session.expiresAt <= now) return undefined;
  const kind = session.kind;
  if (now.getTime() - session.lastSeenAt.getTime() > deps.config.sessions[kind].idleMs) return undefined;
  if (session.status !== "active") return undefined;
  // A cookie is sent by the browser on its own; changing requests must also prove they came from our page.
  if (presented.via === "cookie" && UNSAFE.has(req.method)) {
    const header = req.headers["x-csrf-token"];
    if (typeof header !== "string" || !sameSecret(header, csrfTokenFor(presented.token))) {
      throw new AppError("CSRF_FAILED", "missing or wrong X-CSRF-Token header");
    }
  }
  await toucherOf(deps).touch(session.id, session.lastSeenAt, now);
  return {
    sessionId: session.id,
    accountId: session.accountId,
    role: session.role,
    kind,
    via: presented.via,
    token: presented.token,
  };
}

/** Middleware for a route's access level; stores the context for {@link authOf}. */
export function requireAccess(deps: Deps, access: Exclude<Access, "public">): RequestHandler {
  return async (req, res, next) => {
    const ctx = await resolveSession(deps, req);
    if (ctx === undefined) throw new AppError("UNAUTHENTICATED", "log in first (session missing or expired)");
    const staff = ctx.role === "staff" || ctx.role === "admin";
    if ((access === "staff" && !staff) || (access === "admin" && ctx.role !== "admin")) {
      throw new AppError("FORBIDDEN", "this needs another role");
    }
    res.locals.auth = ctx;
    next();
  };
}

export function authOf(res: Response): AuthContext & { token: string } {
  const ctx = res.locals.auth as (AuthContext & { token: string }) | undefined;
  if (ctx === undefined) throw new AppError("UNAUTHENTICATED", "log in first");
  return ctx;
}

export async function revokeSession(deps: Deps, sessionId: string): Promise<void> {
  await deps.db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: deps.now() } });
}

/**
 * Ends every session of the account but `except` (the caller's own, when it stays), on `db` (a
 * transaction's client, or the database); how many ended.
 */
export async function revokeAllSessions(
  deps: Deps,
  accountId: string,
  options: { readonly except?: string; readonly db?: Pick<Deps["db"], "session"> } = {},
): Promise<number> {
  const r = await (options.db ?? deps.db).session.updateMany({
    where: { accountId, revokedAt: null, ...(options.except !== undefined && { id: { not: options.except } }) },
    data: { revokedAt: deps.now() },
  });
  return r.count;
}

export { csrfTokenFor };
