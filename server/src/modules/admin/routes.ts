import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import type { RouteTable } from "../../http/route.ts";
import { emailSchema } from "../accounts/email.ts";
import { createEnrolment, ORG_ID } from "../accounts/enrolments.ts";
import { authOf, requireAccess, revokeAllSessions } from "../auth/sessions.ts";
import { idSchema } from "../auth/schemas.ts";
import { appendAudit, requestMeta } from "../audit/log.ts";
import { publicPasskey } from "../auth/webauthn.ts";
import { resetRoutes } from "./reset-routes.ts";
import {
  joinList,
  keywordSchema,
  kindSchema,
  MAX_KEYWORDS,
  notificationTextSchema,
  organisationNameSchema,
  splitList,
  storedDisabledKinds,
  storedKinds,
  switchableKindSchema,
  webmailDomainSchema,
} from "../policy/kinds.ts";

const linkSchema = z.object({ link: z.string(), expiresAt: z.string(), accountId: z.string() });
const adminAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  status: z.string(),
  passkeys: z.number(),
  createdAt: z.string(),
});

export function adminRoutes(deps: Deps, routes: RouteTable): void {
  const admin = requireAccess(deps, "admin");

  routes.add(
    {
      method: "post",
      path: "/api/admin/invitations",
      summary: "Invite a staff member or admin: a one-time enrolment link to give them",
      tag: "admin",
      access: "admin",
      status: 201,
      before: [admin],
      body: z
        .object({
          email: emailSchema,
          displayName: z.string().trim().min(1).max(128),
          role: z.enum(["staff", "admin"]),
        })
        .strict(),
      response: linkSchema,
    },
    async ({ body }, req, res) => {
      const actorId = authOf(res).accountId;
      const r = await createEnrolment(deps, { ...body, createdById: actorId });
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "account.invited",
        actorId,
        subjectId: r.accountId,
        details: { role: body.role },
      });
      return { link: r.link, expiresAt: r.expiresAt.toISOString(), accountId: r.accountId };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/admin/accounts",
      summary: "List accounts, newest first, with paging",
      tag: "admin",
      access: "admin",
      before: [admin],
      query: z
        .object({ cursor: idSchema.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
        .strict(),
      response: z.object({ accounts: z.array(adminAccountSchema), nextCursor: z.string().nullable() }),
    },
    async ({ query }) => {
      const rows = await deps.db.account.findMany({
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: query.limit + 1,
        ...(query.cursor !== undefined && { cursor: { id: query.cursor }, skip: 1 }),
        include: { _count: { select: { passkeys: true } } },
      });
      const page = rows.slice(0, query.limit);
      return {
        accounts: page.map((a) => ({
          id: a.id,
          email: a.email,
          displayName: a.displayName,
          role: a.role,
          status: a.status,
          passkeys: a._count.passkeys,
          createdAt: a.createdAt.toISOString(),
        })),
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  );

  const setStatus =
    (status: "active" | "disabled") =>
    async ({ params }: { params: { id: string } }, req: import("express").Request, res: import("express").Response) => {
      if (status === "disabled" && params.id === authOf(res).accountId)
        throw new AppError("CONFLICT", "you cannot disable yourself");
      const now = deps.now();
      const r = await deps.db.account.updateMany({
        where: { id: params.id },
        data: { status, disabledAt: status === "disabled" ? now : null },
      });
      if (r.count !== 1) throw new AppError("NOT_FOUND", "no such account");
      const ended = status === "disabled" ? await revokeAllSessions(deps, params.id) : 0;
      await appendAudit(deps, {
        ...requestMeta(req),
        type: status === "disabled" ? "account.disabled" : "account.enabled",
        actorId: authOf(res).accountId,
        subjectId: params.id,
        details: { sessionsEnded: ended },
      });
      return { ok: true as const, sessionsEnded: ended };
    };
  const statusResponse = z.object({ ok: z.literal(true), sessionsEnded: z.number() });
  const idParams = z.object({ id: idSchema }).strict();
  routes.add(
    {
      method: "post",
      path: "/api/admin/accounts/:id/disable",
      summary: "Disable an account and end all its sessions",
      tag: "admin",
      access: "admin",
      before: [admin],
      params: idParams,
      response: statusResponse,
    },
    setStatus("disabled"),
  );
  routes.add(
    {
      method: "post",
      path: "/api/admin/accounts/:id/enable",
      summary: "Enable a disabled account",
      tag: "admin",
      access: "admin",
      before: [admin],
      params: idParams,
      response: statusResponse,
    },
    setStatus("active"),
  );

  resetRoutes(deps, routes);

  const policySchema = z.object({
    name: z.string(),
    maxRetentionDays: z.number(),
    requireAccessCode: z.boolean(),
    allowPlainOverride: z.boolean(),
    allowNotAboutPerson: z.boolean(),
    maxAttachmentBytes: z.number(),
    defaultExpiryDays: z.number(),
    accessCodeKinds: z.array(kindSchema),
    webmailDomains: z.array(z.string()),
    unscannableSensitive: z.boolean(),
    archive: z.boolean(),
    disabledKinds: z.array(kindSchema),
    extraKeywords: z.array(z.string()),
    notificationText: z.string(),
  });
  const policyOf = (o: {
    name: string;
    maxRetentionDays: number;
    requireAccessCode: boolean;
    allowPlainOverride: boolean;
    allowNotAboutPerson: boolean;
    maxAttachmentBytes: bigint;
    defaultExpiryDays: number;
    accessCodeKinds: string;
    webmailDomains: string;
    unscannableSensitive: boolean;
    archivePublicKey: Uint8Array | null;
    disabledKinds: string;
    extraKeywords: string;
    notificationText: string;
  }) => ({
    name: o.name,
    maxRetentionDays: o.maxRetentionDays,
    requireAccessCode: o.requireAccessCode,
    allowPlainOverride: o.allowPlainOverride,
    allowNotAboutPerson: o.allowNotAboutPerson,
    maxAttachmentBytes: Number(o.maxAttachmentBytes),
    defaultExpiryDays: o.defaultExpiryDays,
    accessCodeKinds: storedKinds(o.accessCodeKinds),
    webmailDomains: splitList(o.webmailDomains),
    unscannableSensitive: o.unscannableSensitive,
    archive: o.archivePublicKey !== null,
    disabledKinds: storedDisabledKinds(o.disabledKinds),
    extraKeywords: splitList(o.extraKeywords),
    notificationText: o.notificationText,
  });

  routes.add(
    {
      method: "get",
      path: "/api/admin/organisation",
      summary: "The organisation's policy",
      tag: "admin",
      access: "admin",
      before: [admin],
      response: policySchema,
    },
    async () => policyOf(await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } })),
  );

  routes.add(
    {
      method: "patch",
      path: "/api/admin/organisation",
      summary:
        "Change the organisation's policy (retention and default expiry, access codes in general and per detected kind, plain-mail override, sending mail that is not about an individual person, attachment size, webmail domains for the generic adapter, detection kinds switched off, extra keywords, organisation name, notification text)",
      tag: "admin",
      access: "admin",
      before: [admin],
      body: z
        .object({
          maxRetentionDays: z.number().int().min(1).max(3650).optional(),
          requireAccessCode: z.boolean().optional(),
          allowPlainOverride: z.boolean().optional(),
          allowNotAboutPerson: z.boolean().optional(),
          maxAttachmentBytes: z.number().int().min(1024).max(Number.MAX_SAFE_INTEGER).optional(),
          defaultExpiryDays: z.number().int().min(1).max(3650).optional(),
          accessCodeKinds: z.array(kindSchema).max(50).optional(),
          webmailDomains: z.array(webmailDomainSchema).max(50).optional(),
          unscannableSensitive: z.boolean().optional(),
          name: organisationNameSchema.optional(),
          disabledKinds: z.array(switchableKindSchema).max(50).optional(),
          extraKeywords: z.array(keywordSchema).max(MAX_KEYWORDS).optional(),
          notificationText: notificationTextSchema.optional(),
        })
        .strict(),
      response: policySchema,
    },
    async ({ body }, req, res) => {
      const current = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      const retention = body.maxRetentionDays ?? current.maxRetentionDays;
      // Lowering the maximum pulls the default down with it; asking for both inconsistently is refused.
      const expiry = body.defaultExpiryDays ?? Math.min(current.defaultExpiryDays, retention);
      if (expiry > retention)
        throw new AppError("BAD_REQUEST", "the default expiry cannot be longer than the retention maximum", {
          details: { defaultExpiryDays: expiry, maxRetentionDays: retention },
        });
      const updated = await deps.db.organisation.update({
        where: { id: ORG_ID },
        data: {
          ...(body.maxRetentionDays !== undefined && { maxRetentionDays: body.maxRetentionDays }),
          ...(body.requireAccessCode !== undefined && { requireAccessCode: body.requireAccessCode }),
          ...(body.allowPlainOverride !== undefined && { allowPlainOverride: body.allowPlainOverride }),
          ...(body.allowNotAboutPerson !== undefined && { allowNotAboutPerson: body.allowNotAboutPerson }),
          ...(body.maxAttachmentBytes !== undefined && { maxAttachmentBytes: BigInt(body.maxAttachmentBytes) }),
          ...(expiry !== current.defaultExpiryDays && { defaultExpiryDays: expiry }),
          ...(body.accessCodeKinds !== undefined && { accessCodeKinds: joinList(body.accessCodeKinds) }),
          ...(body.webmailDomains !== undefined && { webmailDomains: joinList(body.webmailDomains) }),
          ...(body.unscannableSensitive !== undefined && { unscannableSensitive: body.unscannableSensitive }),
          ...(body.name !== undefined && { name: body.name }),
          ...(body.disabledKinds !== undefined && { disabledKinds: joinList(body.disabledKinds) }),
          ...(body.extraKeywords !== undefined && { extraKeywords: joinList(body.extraKeywords) }),
          ...(body.notificationText !== undefined && { notificationText: body.notificationText }),
        },
      });
      const changed: Record<string, string | number | boolean> = {};
      for (const [k, v] of Object.entries(body)) if (v !== undefined) changed[k] = Array.isArray(v) ? joinList(v) : v;
      // Free text is logged by size only: an admin may (against advice) type a name into a keyword.
      if (body.extraKeywords !== undefined) changed.extraKeywords = new Set(body.extraKeywords).size;
      if (body.notificationText !== undefined) changed.notificationText = body.notificationText.length;
      if (expiry !== current.defaultExpiryDays) changed.defaultExpiryDays = expiry;
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "policy.changed",
        actorId: authOf(res).accountId,
        details: changed,
      });
      return policyOf(updated);
    },
  );

  // ---- An account's passkeys: list, and revoke one (issue 7) ----
  // Sessions do not record which passkey opened them, so revoking any passkey ends all the
  // account's sessions: a lost or stolen device may hold one of them.

  routes.add(
    {
      method: "get",
      path: "/api/admin/accounts/:id/passkeys",
      summary: "List an account's passkeys (name, created, last used; never key material)",
      tag: "admin",
      access: "admin",
      before: [admin],
      params: idParams,
      response: z.object({
        passkeys: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            deviceType: z.string(),
            backedUp: z.boolean(),
            createdAt: z.string(),
            lastUsedAt: z.string().nullable(),
          }),
        ),
      }),
    },
    async ({ params }) => {
      const account = await deps.db.account.findUnique({ where: { id: params.id }, select: { id: true } });
      if (account === null) throw new AppError("NOT_FOUND", "no such account");
      const rows = await deps.db.passkey.findMany({ where: { accountId: params.id }, orderBy: { createdAt: "asc" } });
      return { passkeys: rows.map(publicPasskey) };
    },
  );

  routes.add(
    {
      method: "delete",
      path: "/api/admin/accounts/:id/passkeys/:passkeyId",
      summary:
        "Revoke one of an account's passkeys and end the account's sessions; the last one may be revoked (the account then needs a reset link), but never an admin's own last one",
      tag: "admin",
      access: "admin",
      before: [admin],
      params: z.object({ id: idSchema, passkeyId: idSchema }).strict(),
      response: z.object({ ok: z.literal(true), sessionsEnded: z.number(), remaining: z.number() }),
    },
    async ({ params }, req, res) => {
      const actorId = authOf(res).accountId;
      const remaining = await deps.db.$transaction(async (tx) => {
        const theirs = await tx.passkey.findMany({ where: { accountId: params.id }, select: { id: true } });
        if (!theirs.some((p) => p.id === params.passkeyId)) throw new AppError("NOT_FOUND", "no such passkey");
        if (theirs.length === 1 && params.id === actorId) {
          throw new AppError("LAST_PASSKEY", "this is your only passkey; add another first");
        }
        await tx.passkey.delete({ where: { id: params.passkeyId } });
        // The key vault entry this passkey's PRF opened is useless without it, and must not outlive it.
        await tx.vaultEntry.deleteMany({
          where: { accountId: params.id, method: "prf", credentialId: params.passkeyId },
        });
        return theirs.length - 1;
      });
      const ended = await revokeAllSessions(deps, params.id);
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "passkey.revoked",
        actorId,
        subjectId: params.id,
        details: { passkeyId: params.passkeyId, remaining, sessionsEnded: ended },
      });
      return { ok: true as const, sessionsEnded: ended, remaining };
    },
  );
}
