// First-time recipients. The link is /m/<messageId>#<linkSecret>: the secret never reaches the
// server, and nothing here is consumed by a GET. The invited person proves control of the invited
// mailbox (a code the server mails there), enrols a passkey for the address, then opens the
// invitation (with the code's verifier when the sender set one), receives the bound invitation
// stanza, its release key and the envelope, and adopts the message with their own stanza. Knowing
// the link and the address is not enough for any step. The access code is never proof of the
// mailbox: the sender made it, so a sender could otherwise enrol as the address they wrote to.
import { aboutAnswer, codeAnswer, mailboxCodeAnswer, openAnswer } from "@sigill/client/wire/invitations";
import { checkVerifier, invitationCodeParams, type AccessCodeParams } from "@sigill/crypto";
import type { Request } from "express";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { hit, rateLimit } from "../../http/rate-limit.ts";
import type { RouteTable } from "../../http/route.ts";
import { emailSchema, normaliseEmail } from "../accounts/email.ts";
import { createEnrolment, ORG_ID } from "../accounts/enrolments.ts";
import { appendAudit, requestMeta } from "../audit/log.ts";
import { accountSchema, base64url, optionsSchema } from "../auth/schemas.ts";
import { registrationOptions } from "../auth/webauthn.ts";
import { authOf, requireAccess } from "../auth/sessions.ts";
import { base64Url } from "../../wire.ts";
import { bytesFrom, senderBundles } from "./access.ts";

export const MAX_CODE_TRIES = 5;
/** Enrolment attempts per invited address per hour, whatever the IP or message. */
export const ENROL_PER_ADDRESS = { scope: "enrol:address", limit: 10, windowSeconds: 3600 } as const;
/** Enrolment attempts per message per hour, whatever the IP or address (a class of 30 enrols twice over). */
export const ENROL_PER_MESSAGE = { scope: "enrol:message", limit: 60, windowSeconds: 3600 } as const;
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
      response: aboutAnswer,
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

  // ---- Proof of the mailbox (issue 18): nobody enrols as an invited address by knowing it ----

  routes.add(
    {
      method: "post",
      path: "/api/invitations/:messageId/mailbox-code",
      summary:
        "A first-time recipient asks for a one-time code mailed to the invited address (proof of the mailbox; never in the notification). The same answer whether or not the address was invited",
      tag: "invitations",
      access: "public",
      status: 202,
      before: [perIp("mailbox:ip")],
      params: z.object({ messageId }).strict(),
      body: z.object({ address: emailSchema }).strict(),
      response: mailboxCodeAnswer,
    },
    async ({ params, body }, req) => {
      // The mailed code is the only way to enrol through a link: a server that cannot mail says so
      // (for every message and address alike) rather than leave the person waiting.
      if (deps.notify === undefined || deps.canMail === false)
        throw new AppError("MAIL_UNAVAILABLE", "this server cannot send e-mail, so it cannot mail you a code");
      const address = normaliseEmail(body.address);
      const invitation = await usableInvitation(deps, params.messageId, address);
      // Per address (across messages): a mailbox is not flooded. Per message, only requests for its
      // invited addresses count, against a budget that grows with them: a class letter to 30 guardians
      // is not stopped at the tenth, and a link holder asking for made-up addresses (limited per IP)
      // uses up nothing of the invited people's. Either limit reached for an invited address is logged.
      // A request that matches no invitation counts only for its own message and address, so
      // naming a guardian's address with a made-up message id cannot use up the guardian's codes.
      const limited = (per: "address" | "message", limit: number) => () =>
        appendAudit(deps, {
          ...requestMeta(req),
          type: "invitation.mailbox_code_limited",
          subjectId: params.messageId,
          details: { per, limit },
        });
      if (invitation === null) await hit(deps, MAILBOX_UNINVITED, `${params.messageId}\0${address}`);
      else {
        await hit(deps, MAILBOX_PER_ADDRESS, address, limited("address", MAILBOX_PER_ADDRESS.limit));
        const invited = await deps.db.invitation.count({ where: { messageId: params.messageId } });
        const perMessage = mailboxPerMessage(invited);
        await hit(deps, perMessage, params.messageId, limited("message", perMessage.limit));
      }
      const hasAccount = (await deps.db.account.findUnique({ where: { email: address } })) !== null;
      if (invitation !== null && invitation.lockedAt === null && !hasAccount) {
        const code = mailboxCode();
        await deps.db.invitation.update({
          where: { id: invitation.id },
          data: {
            mailboxCodeHash: hashMailboxCode(invitation.id, code),
            mailboxCodeExpiresAt: new Date(deps.now().getTime() + MAILBOX_CODE_MINUTES * 60_000),
            mailboxCodeTries: 0,
          },
        });
        await appendAudit(deps, {
          ...requestMeta(req),
          type: "invitation.mailbox_code_sent",
          subjectId: params.messageId,
        });
        void deps.notify({
          kind: "mailbox-code",
          to: address,
          messageId: params.messageId,
          code,
          minutes: MAILBOX_CODE_MINUTES,
        });
      }
      return { sent: true as const, minutes: MAILBOX_CODE_MINUTES };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/invitations/:messageId/code",
      summary:
        "Whether an invitation needs the sender's access code, and its Argon2id parameters (what a client needs to make the code's verifier; nothing secret)",
      tag: "invitations",
      access: "public",
      before: [perIp("code-params:ip")],
      params: z.object({ messageId }).strict(),
      body: z.object({ address: emailSchema }).strict(),
      response: codeAnswer,
    },
    async ({ params, body }) => {
      const invitation = await usableInvitation(deps, params.messageId, normaliseEmail(body.address));
      if (invitation === null) throw new AppError("NOT_FOUND", "this message was not sent to that address");
      const code = await codeParams(invitation);
      return {
        required: code !== null,
        params: code === null ? null : { salt: base64Url(code.salt), opsLimit: code.opsLimit, memLimit: code.memLimit },
      };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/invitations/:messageId/enrol/options",
      summary:
        "A first-time recipient proves the invited mailbox (the mailed code) and gets passkey registration options bound to a new enrolment; no token is ever returned (finish with /api/enrol/verify and the challenge id). The access code is not a proof here: the sender knows it",
      tag: "invitations",
      access: "public",
      before: [perIp("invite:ip")],
      params: z.object({ messageId }).strict(),
      body: z
        .object({
          address: emailSchema,
          mailboxCode: z.string().regex(/^[\d\s-]{8,12}$/u),
        })
        .strict(),
      response: z.object({ challengeId: z.string(), options: optionsSchema, account: accountSchema }),
    },
    async ({ params, body }, req) => {
      const address = normaliseEmail(body.address);
      // Per address (across messages) and per message as well as per IP (issue 20): attempts from
      // many IPs at one address, or at one message with many addresses, each hit one counter.
      await hit(deps, ENROL_PER_ADDRESS, address);
      await hit(deps, ENROL_PER_MESSAGE, params.messageId);
      const invitation = await usableInvitation(deps, params.messageId, address);
      // Same answer for an unknown message and for an address the message was not sent to.
      if (invitation === null) throw new AppError("NOT_FOUND", "this message was not sent to that address");
      if (invitation.lockedAt !== null) throw lockedError();
      await checkMailboxCode(deps, req, invitation, body.mailboxCode);
      if ((await deps.db.account.findUnique({ where: { email: address } })) !== null)
        throw new AppError("ACCOUNT_EXISTS", "you already have a Sigill account: log in with your passkey");
      const enrolment = await createEnrolment(deps, {
        email: address,
        displayName: address.split("@")[0] ?? address,
        role: "recipient",
        invitationId: invitation.id,
      });
      const { challengeId, options } = await registrationOptions(deps, "enrol", {
        accountId: enrolment.accountId,
        email: address,
        displayName: address.split("@")[0] ?? address,
        enrolmentId: enrolment.enrolmentId,
      });
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "invitation.enrolment_started",
        subjectId: params.messageId,
        details: { proof: "mailbox" },
      });
      return {
        challengeId,
        options,
        account: {
          id: enrolment.accountId,
          email: address,
          displayName: address.split("@")[0] ?? address,
          role: "recipient" as const,
        },
      };
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
      body: z.object({ codeVerifier: base64url.length(43).optional() }).strict(),
      response: openAnswer,
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
      // Only an account that proved this mailbox opens what was sent there by link: a recipient
      // account, which is made only through an invitation's mailbox code. An admin can make a staff
      // account for any address without one (an invitation link handed to the admin); such an
      // account does not inherit the mail sent to that address before it existed.
      if (account.role !== "recipient")
        throw new AppError(
          "INVITATION_NOT_PROVEN",
          "this message was sent by link before your account existed: ask the sender to send it again to your Sigill account",
        );
      if (invitation.lockedAt !== null) throw lockedError();
      const digest = invitation.codeVerifierDigest;
      if (digest !== null) {
        if (body.codeVerifier === undefined)
          throw new AppError("ACCESS_CODE_REQUIRED", "enter the access code the sender gave you");
        await checkCodeVerifier(deps, req, { ...invitation, codeVerifierDigest: digest }, body.codeVerifier, me);
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
        envelope: base64Url(message.envelope),
        invitationStanza: base64Url(invitation.stanza),
        releaseKey: base64Url(invitation.releaseKey),
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

const MAILBOX_CODE_MINUTES = 15;
/** Mailed codes one invited address may ask for an hour, across messages. */
export const MAILBOX_PER_ADDRESS = { scope: "mailbox:address", limit: 5, windowSeconds: 3600 } as const;
/** Requests an hour for an address a message did not invite (or a message that does not exist), per both. */
const MAILBOX_UNINVITED = { scope: "mailbox:uninvited", limit: 5, windowSeconds: 3600 } as const;
/** Mailed codes a message's invited addresses may ask for an hour: three each and five more. */
export function mailboxPerMessage(invitations: number) {
  return { scope: "mailbox:message", limit: 3 * invitations + 5, windowSeconds: 3600 } as const;
}
const MAX_MAILBOX_CODE_TRIES = 5;

/** 8 random digits, from the CSPRNG (rejection sampling: no modulo bias). */
function mailboxCode(): string {
  for (;;) {
    const n = randomBytes(4).readUInt32BE(0);
    if (n < 4_200_000_000) return String(n % 100_000_000).padStart(8, "0");
  }
}

/** Bound to the invitation, so a digest from one row says nothing about another's code. */
function hashMailboxCode(invitationId: string, code: string): string {
  return createHash("sha256").update(`sigill/mailbox-code\0${invitationId}\0${code}`).digest("hex");
}

type InvitationRow = NonNullable<Awaited<ReturnType<typeof usableInvitation>>>;

/** The open invitation of a committed message for this address, or null (unknown, or not sent there). */
async function usableInvitation(deps: Deps, messageId: string, address: string) {
  const invitation = await deps.db.invitation.findUnique({
    where: { messageId_address: { messageId, address } },
    include: { message: { select: { status: true } } },
  });
  if (invitation === null || invitation.status !== "open" || invitation.message.status !== "committed") return null;
  return invitation;
}

async function codeParams(invitation: { stanza: Uint8Array | null }): Promise<AccessCodeParams | null> {
  if (invitation.stanza === null) return null;
  try {
    return await invitationCodeParams(new Uint8Array(invitation.stanza));
  } catch {
    return null; // a link-only invitation from before bound invitations
  }
}

/**
 * Checks the mailed code: expired or used codes and wrong ones fail alike; 5 wrong ones void it. As
 * with the access code, a try is claimed in one conditional update before the code is compared, so
 * requests sent at the same moment get no more than 5 guesses between them, and a right code is
 * spent by one request only.
 */
async function checkMailboxCode(deps: Deps, req: Request, invitation: InvitationRow, typed: string): Promise<void> {
  const code = typed.replace(/[\s-]/gu, "");
  const claimed = await deps.db.invitation.updateMany({
    where: {
      id: invitation.id,
      mailboxCodeHash: { not: null },
      mailboxCodeExpiresAt: { gt: deps.now() },
      mailboxCodeTries: { lt: MAX_MAILBOX_CODE_TRIES },
    },
    data: { mailboxCodeTries: { increment: 1 } },
  });
  const row = await deps.db.invitation.findUniqueOrThrow({
    where: { id: invitation.id },
    select: { mailboxCodeHash: true, mailboxCodeTries: true },
  });
  const expected = Buffer.from(row.mailboxCodeHash ?? "0".repeat(64), "hex");
  const right = timingSafeEqual(expected, Buffer.from(hashMailboxCode(invitation.id, code), "hex"));
  // One use: the code is spent on this enrolment (by the one request that clears it).
  if (
    claimed.count === 1 &&
    right &&
    (
      await deps.db.invitation.updateMany({
        where: { id: invitation.id, mailboxCodeHash: row.mailboxCodeHash },
        data: { mailboxCodeHash: null, mailboxCodeExpiresAt: null, mailboxCodeTries: 0 },
      })
    ).count === 1
  ) {
    return;
  }
  const tries = row.mailboxCodeTries;
  if (claimed.count === 1 && tries >= MAX_MAILBOX_CODE_TRIES) {
    await deps.db.invitation.updateMany({
      where: { id: invitation.id, mailboxCodeHash: row.mailboxCodeHash },
      data: { mailboxCodeHash: null, mailboxCodeExpiresAt: null },
    });
  }
  await appendAudit(deps, {
    ...requestMeta(req),
    type: "invitation.mailbox_code_failed",
    subjectId: invitation.messageId,
    details: { tries },
  });
  throw new AppError(
    "MAILBOX_CODE_WRONG",
    claimed.count === 1
      ? "wrong code; check the mail and try again"
      : "this code has expired or was used: ask for a new one",
  );
}

/**
 * Checks an access-code verifier against the stored digest; a wrong one counts towards the
 * invitation's lock (5 tries). A try is claimed before the verifier is checked, in one conditional
 * update: requests sent at the same moment cannot all read "4 tries so far" and each get a guess
 * (issue 19 review, F4), so at most 5 wrong verifiers are ever checked. A right one gives its try back.
 */
async function checkCodeVerifier(
  deps: Deps,
  req: Request,
  invitation: InvitationRow & { codeVerifierDigest: Uint8Array },
  verifier: string,
  actorId: string,
): Promise<void> {
  const claimed = await deps.db.invitation.updateMany({
    where: { id: invitation.id, lockedAt: null, failedTries: { lt: MAX_CODE_TRIES } },
    data: { failedTries: { increment: 1 } },
  });
  if (claimed.count !== 1) throw lockedError();
  const given = await bytesFrom(verifier, "STANZA_INVALID").catch(() => new Uint8Array(0));
  if (await checkVerifier(new Uint8Array(invitation.codeVerifierDigest), given)) {
    await deps.db.invitation.update({ where: { id: invitation.id }, data: { failedTries: { decrement: 1 } } });
    return;
  }
  const { failedTries: tries } = await deps.db.invitation.findUniqueOrThrow({
    where: { id: invitation.id },
    select: { failedTries: true },
  });
  await appendAudit(deps, {
    ...requestMeta(req),
    type: "invitation.code_failed",
    actorId,
    subjectId: invitation.messageId,
    details: { tries },
  });
  if (tries < MAX_CODE_TRIES)
    throw new AppError("ACCESS_CODE_WRONG", `wrong access code; ${String(MAX_CODE_TRIES - tries)} tries left`);
  // The request whose try reached the limit locks it (once: the others find it locked).
  const locked = await deps.db.invitation.updateMany({
    where: { id: invitation.id, lockedAt: null },
    data: { lockedAt: deps.now() },
  });
  if (locked.count === 1) {
    await appendAudit(deps, {
      ...requestMeta(req),
      type: "invitation.locked",
      actorId,
      subjectId: invitation.messageId,
    });
  }
  throw lockedError();
}

/** The answer for a locked invitation, wherever the lock is found. */
function lockedError(): AppError {
  return new AppError("INVITATION_LOCKED", "too many wrong codes: ask the sender to reissue the invitation");
}
