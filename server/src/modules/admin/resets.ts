// Resets that are visible and attributable (issue 18). An administrator can no longer take over an
// account alone:
// - by mail: the link goes to the person's own mailbox and nowhere else (not in the admin's
//   answer, not in a log); the admin learns only that it was mailed and until when it works;
// - by handover, for someone without access to their mailbox: admin A asks, with a reason; a
//   different admin B approves before the request expires; only then is the link made, and it is
//   shown to B (who hands it over in person), never to A;
// - by the operator's CLI, for an organisation with one administrator (src/cli.ts).
// Every step is in the access log with its actor, and the person is mailed at each step.
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { cancelEnrolment, createEnrolment, type EnrolmentPurpose, type Role } from "../accounts/enrolments.ts";
import { appendAudit } from "../audit/log.ts";
import { newId } from "../auth/tokens.ts";
import { noticeAccount } from "../notify/account-notices.ts";
import { NOTE_MAX, NOTE_MIN_OTHER, RESET_REASONS, type ResetReason } from "./reset-reasons.ts";
import type { Delivery } from "../notify/notifier.ts";

export { RESET_REASONS, type ResetReason };
export const resetReasonSchema = z.enum(RESET_REASONS);
/** One line, no control characters; required (at least 3 characters) only for "other". */
export const resetNoteSchema = z
  .string()
  .trim()
  .max(NOTE_MAX)
  .regex(/^[^\p{Cc}]*$/u, "one line of text");

/** A request waits this long for a second administrator. */
export const REQUEST_LIFETIME_MS = 24 * 3600_000;
/** A handover link is made with the person present: it lives for a working day at most. */
export const HANDOVER_LINK_MS = 8 * 3600_000;
/**
 * An administrator account younger than this can neither ask for nor approve a handover: otherwise
 * one admin could invite a second admin address of their own and approve their own request with it.
 * A new administrator is on the users page and in the access log for this long first.
 */
export const ADMIN_MIN_AGE_MS = 7 * 24 * 3600_000;

type Meta = { ip: string | null; userAgent: string | null };

async function accountToReset(deps: Deps, accountId: string) {
  const account = await deps.db.account.findUnique({ where: { id: accountId } });
  if (account === null) throw new AppError("NOT_FOUND", "no such account");
  return account;
}

/** Mails a one-time reset link to the account's own address; the caller never sees the link. */
export async function mailResetLink(
  deps: Deps,
  input: { accountId: string; adminId: string; meta: Meta },
): Promise<{ accountId: string; mailedAt: string; expiresAt: string }> {
  const account = await accountToReset(deps, input.accountId);
  const log = (details: Record<string, string | boolean>) =>
    appendAudit(deps, {
      ...input.meta,
      type: "account.reset_link",
      actorId: input.adminId,
      subjectId: account.id,
      details: { delivery: "mail", ...details },
    });
  if (deps.notify === undefined) {
    await log({ mailed: false, outcome: "not_configured" });
    throw new AppError("MAIL_UNAVAILABLE", "the reset link could not be mailed; nothing was created");
  }
  const made = await createEnrolment(deps, {
    email: account.email,
    displayName: account.displayName,
    role: account.role as Role,
    accountId: account.id,
    createdById: input.adminId,
    purpose: "reset-mail",
  });
  const delivery = await deps.notify({
    kind: "reset-link",
    to: account.email,
    link: made.link,
    expiresAt: made.expiresAt,
  });
  if (delivery !== "sent") {
    // Nobody holds this link: make sure nobody ever can.
    await cancelEnrolment(deps, made.enrolmentId);
    await log({ mailed: false, outcome: delivery });
    throw new AppError("MAIL_UNAVAILABLE", "the reset link could not be mailed; nothing was created");
  }
  await log({ mailed: true, expiresAt: made.expiresAt.toISOString() });
  return { accountId: account.id, mailedAt: deps.now().toISOString(), expiresAt: made.expiresAt.toISOString() };
}

export interface HandoverRequest {
  id: string;
  account: { id: string; email: string; displayName: string };
  requestedBy: { id: string; email: string; displayName: string };
  reason: ResetReason;
  note: string;
  createdAt: string;
  expiresAt: string;
}

/** An active administrator who has been one long enough, or null. */
async function seasonedAdmin(deps: Deps, accountId: string) {
  const a = await deps.db.account.findUnique({ where: { id: accountId } });
  if (a === null || a.role !== "admin" || a.status !== "active") return null;
  return deps.now().getTime() - a.createdAt.getTime() >= ADMIN_MIN_AGE_MS ? a : null;
}

/** Admin A asks for a handover link for someone who cannot get a mailed one. */
export async function requestHandover(
  deps: Deps,
  input: { accountId: string; requesterId: string; reason: ResetReason; note: string; meta: Meta },
): Promise<HandoverRequest> {
  const account = await accountToReset(deps, input.accountId);
  if (input.reason === "other" && input.note.length < NOTE_MIN_OTHER)
    throw new AppError("BAD_REQUEST", "describe the reason in the note when it is 'other'");
  const requester = await seasonedAdmin(deps, input.requesterId);
  if (requester === null) {
    await appendAudit(deps, {
      ...input.meta,
      type: "account.reset_refused",
      actorId: input.requesterId,
      subjectId: account.id,
      details: { step: "request", reason: "requester_too_new" },
    });
    throw new AppError("SECOND_ADMIN_REQUIRED", "an administrator account this new cannot ask for a handover link");
  }
  const now = deps.now();
  const waiting = await deps.db.resetRequest.findFirst({
    where: { accountId: account.id, status: "pending", expiresAt: { gt: now } },
    select: { id: true },
  });
  if (waiting !== null) throw new AppError("CONFLICT", "a handover request for this account is already waiting");
  const row = await deps.db.resetRequest.create({
    data: {
      id: newId(),
      accountId: account.id,
      requestedById: requester.id,
      reason: input.reason,
      note: input.note,
      status: "pending",
      createdAt: now,
      expiresAt: new Date(now.getTime() + REQUEST_LIFETIME_MS),
    },
  });
  // The note is free text an admin typed (it may name people): the log has its length only.
  await appendAudit(deps, {
    ...input.meta,
    type: "account.reset_requested",
    actorId: requester.id,
    subjectId: account.id,
    details: { requestId: row.id, reason: input.reason, noteLength: input.note.length },
  });
  return {
    id: row.id,
    account: { id: account.id, email: account.email, displayName: account.displayName },
    requestedBy: { id: requester.id, email: requester.email, displayName: requester.displayName },
    reason: input.reason,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** Requests still waiting for a second administrator, oldest first. */
export async function listHandoverRequests(deps: Deps): Promise<HandoverRequest[]> {
  const rows = await deps.db.resetRequest.findMany({
    where: { status: "pending", expiresAt: { gt: deps.now() } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
  });
  const ids = [...new Set(rows.flatMap((r) => [r.accountId, r.requestedById]))];
  const people = new Map(
    (
      await deps.db.account.findMany({
        where: { id: { in: ids } },
        select: { id: true, email: true, displayName: true },
      })
    ).map((a) => [a.id, a]),
  );
  const gone = (id: string) => ({ id, email: "", displayName: "" });
  return rows.map((r) => ({
    id: r.id,
    account: people.get(r.accountId) ?? gone(r.accountId),
    requestedBy: people.get(r.requestedById) ?? gone(r.requestedById),
    reason: resetReasonSchema.catch("other").parse(r.reason),
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}

type Refusal = "not_pending" | "own_request" | "approver_too_new" | "requester_not_admin" | "expired";

/**
 * Admin B approves A's request: the link is made now and returned to B only, to hand over in
 * person. Refused, and logged, when B is A, when either is not a seasoned admin, and when the
 * request is no longer waiting or has expired.
 */
export async function approveHandover(
  deps: Deps,
  input: { requestId: string; approverId: string; meta: Meta },
): Promise<{ link: string; expiresAt: string; accountId: string }> {
  const request = await deps.db.resetRequest.findUnique({ where: { id: input.requestId } });
  if (request === null) throw new AppError("NOT_FOUND", "no such request");
  const refuse = async (reason: Refusal, error: AppError): Promise<never> => {
    await appendAudit(deps, {
      ...input.meta,
      type: "account.reset_refused",
      actorId: input.approverId,
      subjectId: request.accountId,
      details: { step: "approve", requestId: request.id, requestedBy: request.requestedById, reason },
    });
    throw error;
  };
  if (request.status !== "pending")
    return refuse("not_pending", new AppError("CONFLICT", "this request was already approved or declined"));
  if (request.requestedById === input.approverId)
    return refuse(
      "own_request",
      new AppError("SECOND_ADMIN_REQUIRED", "another administrator must approve your request"),
    );
  if ((await seasonedAdmin(deps, input.approverId)) === null)
    return refuse(
      "approver_too_new",
      new AppError("SECOND_ADMIN_REQUIRED", "an administrator account this new cannot approve a handover"),
    );
  if ((await seasonedAdmin(deps, request.requestedById)) === null)
    return refuse(
      "requester_not_admin",
      new AppError("CONFLICT", "the administrator who asked is no longer an active administrator"),
    );
  if (request.expiresAt <= deps.now())
    return refuse("expired", new AppError("RESET_REQUEST_EXPIRED", "this request has expired; ask again"));
  // Claimed by a conditional update: two approvers at once make one link.
  const now = deps.now();
  const claimed = await deps.db.resetRequest.updateMany({
    where: { id: request.id, status: "pending" },
    data: { status: "approved", decidedById: input.approverId, decidedAt: now },
  });
  if (claimed.count !== 1)
    return refuse("not_pending", new AppError("CONFLICT", "this request was already approved or declined"));
  const account = await accountToReset(deps, request.accountId);
  const made = await createEnrolment(deps, {
    email: account.email,
    displayName: account.displayName,
    role: account.role as Role,
    accountId: account.id,
    createdById: request.requestedById,
    approvedById: input.approverId,
    purpose: "reset-handover" satisfies EnrolmentPurpose,
    lifetimeMs: HANDOVER_LINK_MS,
  });
  await appendAudit(deps, {
    ...input.meta,
    type: "account.reset_approved",
    actorId: input.approverId,
    subjectId: account.id,
    details: {
      requestId: request.id,
      requestedBy: request.requestedById,
      delivery: "handover",
      expiresAt: made.expiresAt.toISOString(),
    },
  });
  await noticeAccount(deps, account.id, "reset-handover");
  return { link: made.link, expiresAt: made.expiresAt.toISOString(), accountId: account.id };
}

/** Any administrator declines a waiting request (the requester withdrawing it included). */
export async function declineHandover(
  deps: Deps,
  input: { requestId: string; adminId: string; meta: Meta },
): Promise<void> {
  const request = await deps.db.resetRequest.findUnique({ where: { id: input.requestId } });
  if (request === null) throw new AppError("NOT_FOUND", "no such request");
  const declined = await deps.db.resetRequest.updateMany({
    where: { id: request.id, status: "pending" },
    data: { status: "declined", decidedById: input.adminId, decidedAt: deps.now() },
  });
  if (declined.count !== 1) throw new AppError("CONFLICT", "this request was already approved or declined");
  await appendAudit(deps, {
    ...input.meta,
    type: "account.reset_declined",
    actorId: input.adminId,
    subjectId: request.accountId,
    details: {
      requestId: request.id,
      requestedBy: request.requestedById,
      withdrawn: request.requestedById === input.adminId,
    },
  });
}

/**
 * Administrators who could take part in a handover for `accountId` (active, seasoned, with a
 * passkey, not the account itself). The CLI's reset is for when fewer than two exist.
 */
export async function countHandoverAdmins(deps: Deps, accountId: string): Promise<number> {
  return deps.db.account.count({
    where: {
      role: "admin",
      status: "active",
      id: { not: accountId },
      createdAt: { lte: new Date(deps.now().getTime() - ADMIN_MIN_AGE_MS) },
      passkeys: { some: {} },
    },
  });
}

/** The operator's reset on the server (src/cli.ts): a link to hand over, logged with no actor. */
export async function cliResetLink(
  deps: Deps,
  input: { email: string; reason: ResetReason },
): Promise<{ link: string; expiresAt: Date; accountId: string; mailed: Delivery }> {
  const account = await deps.db.account.findUnique({ where: { email: input.email } });
  if (account === null) throw new AppError("NOT_FOUND", "no account has this address");
  const others = await countHandoverAdmins(deps, account.id);
  if (others >= 2)
    throw new AppError(
      "CONFLICT",
      `this organisation has ${String(others)} administrators who can approve a handover: use the portal`,
    );
  const made = await createEnrolment(deps, {
    email: account.email,
    displayName: account.displayName,
    role: account.role as Role,
    accountId: account.id,
    createdById: null,
    purpose: "reset-cli",
    lifetimeMs: HANDOVER_LINK_MS,
  });
  await appendAudit(deps, {
    type: "account.reset_link",
    subjectId: account.id,
    details: { delivery: "handover", via: "cli", reason: input.reason, expiresAt: made.expiresAt.toISOString() },
  });
  // Awaited here: the process exits right after, and the operator should know whether it went.
  const mailed = (await deps.notify?.({ kind: "reset-handover", to: account.email })) ?? "not_configured";
  return { link: made.link, expiresAt: made.expiresAt, accountId: account.id, mailed };
}
