// First-time recipients. The link is /m/<messageId>#<linkSecret>: the secret never reaches the
// server, and nothing here is consumed by a GET. The invited person enrols a passkey for the
// invited address, then opens the invitation (with the access code when the sender set one),
// receives the invitation stanza and the envelope, and adopts the message with their own stanza.
import { verifyAccessCode } from "@sigill/crypto";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import type { RouteTable } from "../../http/route.ts";
import { emailSchema, normaliseEmail } from "../accounts/email.ts";
import { createEnrolment, ORG_ID } from "../accounts/enrolments.ts";
import { appendAudit, requestMeta } from "../audit/log.ts";
import { base64url } from "../auth/schemas.ts";
import { authOf, requireAccess } from "../auth/sessions.ts";
import { b64, senderBundles } from "./access.ts";

export const MAX_CODE_TRIES = 5;
const messageId = base64url.length(22);

export function invitationRoutes(deps: Deps, routes: RouteTable): void {
  const session = requireAccess(deps, "session");
  const perIp = (scope: string) =>
    rateLimit(deps, { scope, limit: deps.config.rateLimits.perIpPerMinute, windowSeconds: 60 });

  routes.add(
    {
      method: "get",
      path: "/api/invitations/:messageId",
      summary:
        "What the message link's page shows before anything else: who sent it, from which organisation, whether it can still be read; consumes nothing (the id is unguessable and known only from the link)",
      tag: "invitations",
      access: "public",
      before: [perIp("about:ip")],
      params: z.object({ messageId }).strict(),
      response: z.object({
        status: z.enum(["committed", "recalled", "expired"]),
        expiresAt: z.string(),
        organisation: z.string(),
        sender: z.object({ displayName: z.string() }),
      }),
    },
    async ({ params }) => {
      const message = await deps.db.message.findUnique({ where: { id: params.messageId } });
      // Only messages that invited someone by link; an upload in progress is not there yet. Counted
      // for unknown ids too, so an existing direct message takes as long to refuse as a missing one.
      const invited = await deps.db.invitation.count({ where: { messageId: params.messageId } });
      if (message === null || invited === 0 || message.status === "uploading")
        throw new AppError("NOT_FOUND", "no such message");
      const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      const sender = await deps.db.account.findUniqueOrThrow({
        where: { id: message.senderId },
        select: { displayName: true },
      });
      return {
        status: message.status as "committed" | "recalled" | "expired",
        expiresAt: message.expiresAt.toISOString(),
        organisation: org.name,
        sender: { displayName: sender.displayName },
      };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/invitations/enrol",
      summary:
        "A first-time recipient confirms the address the message was sent to and gets a one-time enrolment token (then /api/enrol/options and /verify); other addresses are refused",
      tag: "invitations",
      access: "public",
      status: 201,
      before: [perIp("invite:ip")],
      body: z.object({ messageId, address: emailSchema }).strict(),
      response: z.object({ token: z.string(), expiresAt: z.string() }),
    },
    async ({ body }, req) => {
      const address = normaliseEmail(body.address);
      const invitation = await deps.db.invitation.findUnique({
        where: { messageId_address: { messageId: body.messageId, address } },
        include: { message: { select: { status: true } } },
      });
      // Same answer for an unknown message and for an address the message was not sent to.
      if (invitation === null || invitation.status !== "open" || invitation.message.status !== "committed") {
        throw new AppError("NOT_FOUND", "this message was not sent to that address");
      }
      if (invitation.lockedAt !== null)
        throw new AppError("INVITATION_LOCKED", "too many wrong codes: ask the sender to reissue the invitation");
      if ((await deps.db.account.findUnique({ where: { email: address } })) !== null) {
        throw new AppError("ACCOUNT_EXISTS", "you already have a Sigill account: log in with your passkey");
      }
      const enrolment = await createEnrolment(deps, {
        email: address,
        displayName: address.split("@")[0] ?? address,
        role: "recipient",
      });
      await appendAudit(deps, { ...requestMeta(req), type: "invitation.enrolment_started", subjectId: body.messageId });
      return { token: enrolment.link.split("#")[1] ?? "", expiresAt: enrolment.expiresAt.toISOString() };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/invitations/:messageId/open",
      summary:
        "Open my invitation (the access code when required; 5 wrong codes lock it): returns the invitation stanza and the envelope to decrypt with the link secret",
      tag: "invitations",
      access: "session",
      before: [session, perIp("code:ip")],
      params: z.object({ messageId }).strict(),
      body: z.object({ accessCode: z.string().max(64).optional() }).strict(),
      response: z.object({
        status: z.string(),
        threadId: z.string(),
        envelope: z.string().nullable(),
        invitationStanza: z.string().nullable(),
        sender: z.object({ accountId: z.string(), displayName: z.string(), bundles: z.array(z.string()) }),
        attachments: z.array(z.object({ id: z.string(), ciphertextSize: z.number() })),
      }),
    },
    async ({ params, body }, req, res) => {
      const me = authOf(res).accountId;
      const account = await deps.db.account.findUniqueOrThrow({ where: { id: me } });
      const invitation = await deps.db.invitation.findUnique({
        where: { messageId_address: { messageId: params.messageId, address: account.email } },
        include: { message: true },
      });
      if (
        invitation === null ||
        invitation.message.status === "uploading" ||
        (invitation.accountId !== null && invitation.accountId !== me)
      ) {
        throw new AppError("NOT_FOUND", "no such message");
      }
      if (invitation.lockedAt !== null)
        throw new AppError("INVITATION_LOCKED", "too many wrong codes: ask the sender to reissue the invitation");
      if (invitation.codeHash !== null) {
        if (body.accessCode === undefined)
          throw new AppError("ACCESS_CODE_REQUIRED", "enter the access code the sender gave you");
        if (!(await verifyAccessCode(invitation.codeHash, body.accessCode))) {
          const tries = invitation.failedTries + 1;
          const locked = tries >= MAX_CODE_TRIES;
          await deps.db.invitation.update({
            where: { id: invitation.id },
            data: { failedTries: tries, ...(locked && { lockedAt: deps.now() }) },
          });
          await appendAudit(deps, {
            ...requestMeta(req),
            type: "invitation.code_failed",
            actorId: me,
            subjectId: params.messageId,
            details: { tries },
          });
          if (locked) {
            await appendAudit(deps, {
              ...requestMeta(req),
              type: "invitation.locked",
              actorId: me,
              subjectId: params.messageId,
            });
            throw new AppError("INVITATION_LOCKED", "too many wrong codes: ask the sender to reissue the invitation");
          }
          throw new AppError("ACCESS_CODE_WRONG", `wrong access code; ${String(MAX_CODE_TRIES - tries)} tries left`);
        }
      }
      const message = invitation.message;
      if (invitation.openedAt === null && message.envelope !== null) {
        await deps.db.invitation.update({
          where: { id: invitation.id },
          data: { openedAt: deps.now(), accountId: me },
        });
        await appendAudit(deps, {
          ...requestMeta(req),
          type: "invitation.opened",
          actorId: me,
          subjectId: params.messageId,
        });
      }
      const sender = await deps.db.account.findUniqueOrThrow({ where: { id: message.senderId } });
      const attachments = await deps.db.attachment.findMany({
        where: { messageId: message.id },
        orderBy: { id: "asc" },
      });
      return {
        status: message.status,
        threadId: message.threadId,
        envelope: await b64(message.envelope),
        invitationStanza: await b64(invitation.stanza),
        sender: {
          accountId: sender.id,
          displayName: sender.displayName,
          bundles: await senderBundles(deps, sender.id),
        },
        attachments: attachments.map((a) => ({ id: a.id, ciphertextSize: Number(a.ciphertextSize) })),
      };
    },
  );
}
