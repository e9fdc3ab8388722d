import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { rateLimit, hit } from "../../http/rate-limit.ts";
import type { RouteTable } from "../../http/route.ts";
import { findEnrolment, ORG_ID } from "../accounts/enrolments.ts";
import { resetTrail } from "../accounts/reset-trail.ts";
import { appendAudit, requestMeta } from "../audit/log.ts";
import { noticeAccount } from "../notify/account-notices.ts";
import {
  accountSchema,
  authenticationResponseSchema,
  idSchema,
  issuedSessionSchema,
  optionsSchema,
  passkeySchema,
  registrationResponseSchema,
  sessionKindSchema,
  tokenSchema,
} from "./schemas.ts";
import {
  authOf,
  createSession,
  csrfTokenFor,
  requireAccess,
  revokeAllSessions,
  revokeSession,
  SESSION_COOKIE,
} from "./sessions.ts";
import {
  authenticationOptions,
  publicPasskey,
  registrationOptions,
  storePasskey,
  verifyAuthentication,
  verifyRegistration,
} from "./webauthn.ts";

const ok = z.object({ ok: z.literal(true) });
const passkeyName = z.string().trim().min(1).max(64);

function publicAccount(a: { id: string; email: string; displayName: string; role: string }) {
  return accountSchema.parse({ id: a.id, email: a.email, displayName: a.displayName, role: a.role });
}

export function authRoutes(deps: Deps, routes: RouteTable): void {
  const perIp = (scope: string) =>
    rateLimit(deps, { scope, limit: deps.config.rateLimits.perIpPerMinute, windowSeconds: 60 });
  const session = requireAccess(deps, "session");

  routes.add(
    {
      method: "post",
      path: "/api/enrol/options",
      summary: "Start enrolment from a one-time link: passkey registration options",
      tag: "enrolment",
      access: "public",
      before: [perIp("enrol:ip")],
      body: z.object({ token: tokenSchema }).strict(),
      response: z.object({ challengeId: z.string(), options: optionsSchema, account: accountSchema }),
    },
    async ({ body }) => {
      const enrolment = await findEnrolment(deps, body.token);
      const { challengeId, options } = await registrationOptions(deps, "enrol", {
        accountId: enrolment.accountId,
        email: enrolment.email,
        displayName: enrolment.displayName,
        enrolmentId: enrolment.id,
      });
      return {
        challengeId,
        options,
        account: publicAccount({
          id: enrolment.accountId,
          email: enrolment.email,
          displayName: enrolment.displayName,
          role: enrolment.role,
        }),
      };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/enrol/verify",
      summary:
        "Finish enrolment: register the passkey, create or reset the account, start a session (a first-time recipient's enrolment needs no token: it is bound to the challenge they got after proving the mailbox or code)",
      tag: "enrolment",
      access: "public",
      status: 201,
      before: [perIp("enrol:ip")],
      body: z
        .object({
          // Absent for a first-time recipient's enrolment, which is bound to the challenge (issue 18).
          token: tokenSchema.optional(),
          challengeId: idSchema,
          response: registrationResponseSchema,
          sessionKind: sessionKindSchema,
          passkeyName: passkeyName.optional(),
        })
        .strict(),
      response: z.object({ account: accountSchema, session: issuedSessionSchema }),
    },
    async ({ body }, req, res) => {
      const byToken = body.token === undefined ? null : await findEnrolment(deps, body.token);
      const { challenge, passkey } = await verifyRegistration(
        deps,
        "enrol",
        body.challengeId,
        body.response as RegistrationResponseJSON,
      );
      const enrolment = byToken ?? (await findEnrolment(deps, { enrolmentId: challenge.enrolmentId ?? "" }));
      if (challenge.enrolmentId !== enrolment.id)
        throw new AppError("CHALLENGE_INVALID", "this passkey was made for another link");
      const now = deps.now();
      const done = await deps.db.$transaction(async (tx) => {
        const claimed = await tx.enrolment.updateMany({
          where: { id: enrolment.id, usedAt: null },
          data: { usedAt: now },
        });
        if (claimed.count !== 1) throw new AppError("ENROLMENT_INVALID", "this enrolment link was just used");
        const existing = await tx.account.findUnique({ where: { id: enrolment.accountId } });
        // Refused before anything changes: a disabled account keeps its passkeys and its link.
        if (existing !== null && existing.status !== "active")
          throw new AppError("ACCOUNT_DISABLED", "this account is disabled");
        if (existing !== null) {
          // A reset link: the old passkeys (and their PRF vault entries) and sessions end here.
          await tx.passkey.deleteMany({ where: { accountId: existing.id } });
          await tx.vaultEntry.deleteMany({ where: { accountId: existing.id, method: "prf" } });
          await tx.session.updateMany({ where: { accountId: existing.id, revokedAt: null }, data: { revokedAt: now } });
        }
        const row =
          existing ??
          (await tx.account.create({
            data: {
              id: enrolment.accountId,
              email: enrolment.email,
              displayName: enrolment.displayName,
              role: enrolment.role,
              createdAt: now,
            },
          }));
        // In the transaction: a credential id already stored is refused and the enrolment not spent.
        await storePasskey(tx, passkey, row.id, body.passkeyName ?? "Passkey", now);
        return { row, reset: existing !== null };
      });
      const account = done.row;
      if (account.status !== "active") throw new AppError("ACCOUNT_DISABLED", "this account is disabled");
      const session = await createSession(deps, res, account.id, body.sessionKind);
      // A reset names the admin who started it, so the entry does not read as the person's own doing.
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "enrol.completed",
        actorId: account.id,
        subjectId: account.id,
        details: {
          sessionKind: body.sessionKind,
          passkeyId: passkey.id,
          ...(done.reset && resetTrail(enrolment)),
        },
      });
      if (done.reset) await noticeAccount(deps, account.id, "reset-completed");
      return { account: publicAccount(account), session };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/auth/options",
      summary: "Start a passkey login (discoverable credentials, user verification required)",
      tag: "auth",
      access: "public",
      before: [perIp("login:ip")],
      body: z.object({}).strict(),
      response: z.object({ challengeId: z.string(), options: optionsSchema }),
    },
    () => authenticationOptions(deps),
  );

  routes.add(
    {
      method: "post",
      path: "/api/auth/verify",
      summary: "Finish a passkey login and start a session (portal cookie or extension bearer token)",
      tag: "auth",
      access: "public",
      before: [perIp("login:ip")],
      body: z
        .object({ challengeId: idSchema, response: authenticationResponseSchema, sessionKind: sessionKindSchema })
        .strict(),
      response: z.object({ account: accountSchema, session: issuedSessionSchema }),
    },
    async ({ body }, req, res) => {
      // Per credential (and so per account), besides per IP.
      await hit(
        deps,
        { scope: "login:credential", limit: deps.config.rateLimits.perAccountPerMinute, windowSeconds: 60 },
        body.response.id,
      );
      let account;
      try {
        account = await verifyAuthentication(
          deps,
          body.challengeId,
          body.response as AuthenticationResponseJSON,
          requestMeta(req),
        );
      } catch (error) {
        if (error instanceof AppError) {
          const passkey = await deps.db.passkey.findUnique({
            where: { id: body.response.id },
            select: { accountId: true },
          });
          await appendAudit(deps, {
            ...requestMeta(req),
            type: "auth.login_failed",
            subjectId: passkey?.accountId ?? null,
            details: { reason: error.code, knownPasskey: passkey !== null },
          });
        }
        throw error;
      }
      if (account.status !== "active")
        throw new AppError("ACCOUNT_DISABLED", "this account is disabled; contact your administrator");
      const session = await createSession(deps, res, account.id, body.sessionKind);
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "auth.login",
        actorId: account.id,
        subjectId: account.id,
        details: { sessionKind: body.sessionKind, passkeyId: body.response.id },
      });
      return { account: publicAccount(account), session };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/session",
      summary:
        "Who is logged in and the organisation's name; for portal sessions also the CSRF token to send as X-CSRF-Token",
      tag: "auth",
      access: "session",
      before: [session],
      response: z.object({
        account: accountSchema,
        organisation: z.string(),
        session: z.object({ kind: sessionKindSchema, csrfToken: z.string().optional() }),
      }),
    },
    async (_input, req, res) => {
      const ctx = authOf(res);
      const account = await deps.db.account.findUniqueOrThrow({ where: { id: ctx.accountId } });
      const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      return {
        account: publicAccount(account),
        organisation: org.name,
        session: { kind: ctx.kind, ...(ctx.via === "cookie" && { csrfToken: csrfTokenFor(ctx.token) }) },
      };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/auth/logout",
      summary: "End this session",
      tag: "auth",
      access: "session",
      before: [session],
      response: ok,
    },
    async (_input, req, res) => {
      const ctx = authOf(res);
      await revokeSession(deps, ctx.sessionId);
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "auth.logout",
        actorId: ctx.accountId,
        subjectId: ctx.accountId,
        details: { sessionKind: ctx.kind },
      });
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: "strict", path: "/" });
      return { ok: true as const };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/auth/logout-all",
      summary: "End every session of this account, on every device",
      tag: "auth",
      access: "session",
      before: [session],
      response: z.object({ ok: z.literal(true), ended: z.number() }),
    },
    async (_input, req, res) => {
      const accountId = authOf(res).accountId;
      const ended = await revokeAllSessions(deps, accountId);
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "auth.logout_all",
        actorId: accountId,
        subjectId: accountId,
        details: { ended },
      });
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: "strict", path: "/" });
      return { ok: true as const, ended };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/passkeys",
      summary: "List my passkeys",
      tag: "passkeys",
      access: "session",
      before: [session],
      response: z.object({ passkeys: z.array(passkeySchema) }),
    },
    async (_input, req, res) => {
      const rows = await deps.db.passkey.findMany({
        where: { accountId: authOf(res).accountId },
        orderBy: { createdAt: "asc" },
      });
      return { passkeys: rows.map(publicPasskey) };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/passkeys/options",
      summary: "Start adding another passkey (another device)",
      tag: "passkeys",
      access: "session",
      before: [session, perIp("enrol:ip")],
      body: z.object({}).strict(),
      response: z.object({ challengeId: z.string(), options: optionsSchema }),
    },
    async (_input, req, res) => {
      const account = await deps.db.account.findUniqueOrThrow({ where: { id: authOf(res).accountId } });
      return registrationOptions(deps, "add-passkey", {
        accountId: account.id,
        email: account.email,
        displayName: account.displayName,
      });
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/passkeys/verify",
      summary: "Finish adding a passkey",
      tag: "passkeys",
      access: "session",
      status: 201,
      before: [session, perIp("enrol:ip")],
      body: z.object({ challengeId: idSchema, response: registrationResponseSchema, name: passkeyName }).strict(),
      response: passkeySchema,
    },
    async ({ body }, req, res) => {
      const ctx = authOf(res);
      const { challenge, passkey } = await verifyRegistration(
        deps,
        "add-passkey",
        body.challengeId,
        body.response as RegistrationResponseJSON,
      );
      if (challenge.accountId !== ctx.accountId)
        throw new AppError("CHALLENGE_INVALID", "this passkey was started by another account");
      const row = await storePasskey(deps.db, passkey, ctx.accountId, body.name, deps.now());
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "passkey.added",
        actorId: ctx.accountId,
        subjectId: ctx.accountId,
        details: { passkeyId: row.id },
      });
      await noticeAccount(deps, ctx.accountId, "passkey-added");
      return publicPasskey(row);
    },
  );

  routes.add(
    {
      method: "patch",
      path: "/api/passkeys/:id",
      summary: "Rename one of my passkeys",
      tag: "passkeys",
      access: "session",
      before: [session],
      params: z.object({ id: idSchema }).strict(),
      body: z.object({ name: passkeyName }).strict(),
      response: ok,
    },
    async ({ params, body }, req, res) => {
      const r = await deps.db.passkey.updateMany({
        where: { id: params.id, accountId: authOf(res).accountId },
        data: { name: body.name },
      });
      if (r.count !== 1) throw new AppError("NOT_FOUND", "no such passkey");
      const accountId = authOf(res).accountId;
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "passkey.renamed",
        actorId: accountId,
        subjectId: accountId,
        details: { passkeyId: params.id },
      });
      return { ok: true as const };
    },
  );

  routes.add(
    {
      method: "delete",
      path: "/api/passkeys/:id",
      summary:
        "Remove one of my passkeys (never the last one: ask an administrator for a reset link instead); every other session of mine ends, since the device that held it may still hold one",
      tag: "passkeys",
      access: "session",
      before: [session],
      params: z.object({ id: idSchema }).strict(),
      response: ok,
    },
    async ({ params }, req, res) => {
      const { accountId, sessionId } = authOf(res);
      // A passkey is removed because its device is lost or no longer trusted, and that device may
      // still be logged in (an extension session lasts days): end every session but this one, as an
      // administrator's revocation ends them all. Sessions do not record which passkey opened them.
      const ended = await deps.db.$transaction(async (tx) => {
        const mine = await tx.passkey.findMany({ where: { accountId }, select: { id: true } });
        if (!mine.some((p) => p.id === params.id)) throw new AppError("NOT_FOUND", "no such passkey");
        if (mine.length === 1) {
          throw new AppError(
            "LAST_PASSKEY",
            "this is your only passkey; add another first, or ask an administrator for a reset link",
          );
        }
        await tx.passkey.delete({ where: { id: params.id } });
        await tx.vaultEntry.deleteMany({ where: { accountId, method: "prf", credentialId: params.id } });
        return revokeAllSessions(deps, accountId, { except: sessionId, db: tx });
      });
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "passkey.removed",
        actorId: accountId,
        subjectId: accountId,
        details: { passkeyId: params.id, sessionsEnded: ended },
      });
      return { ok: true as const };
    },
  );
}
