// The admin console's people: invite staff, list every account, disable and enable, and reset an
// account (a new one-time link; the old keys, and so old messages, stay out of reach without the
// recovery code). Issue 18: a reset link is mailed to the person, never shown to the admin; for
// someone without their mailbox, one admin asks for a handover link and another approves and sees it.
import { z } from "zod";
import { RESET_REASONS, type ResetReason } from "../../src/modules/admin/reset-reasons.ts";
import { call } from "./api.ts";
import { passkeySchema, type Passkey } from "./passkey-list.ts";

export const adminAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  status: z.string(),
  passkeys: z.number(),
  createdAt: z.string(),
});
export type AdminAccount = z.infer<typeof adminAccountSchema>;

const linkSchema = z.object({ link: z.string(), expiresAt: z.string(), accountId: z.string() });
export type OneTimeLink = z.infer<typeof linkSchema>;

export async function listAccounts(): Promise<AdminAccount[]> {
  const all: AdminAccount[] = [];
  let cursor: string | null = null;
  do {
    const page: { accounts: AdminAccount[]; nextCursor: string | null } = await call(
      z.object({ accounts: z.array(adminAccountSchema), nextCursor: z.string().nullable() }),
      "GET",
      `/api/admin/accounts?limit=200${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    all.push(...page.accounts);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

export function inviteStaff(email: string, displayName: string, role: "staff" | "admin"): Promise<OneTimeLink> {
  return call(linkSchema, "POST", "/api/admin/invitations", { email, displayName, role });
}

export async function setEnabled(id: string, enabled: boolean): Promise<void> {
  await call(
    z.unknown(),
    "POST",
    `/api/admin/accounts/${encodeURIComponent(id)}/${enabled ? "enable" : "disable"}`,
    {},
  );
}

export { RESET_REASONS, type ResetReason };

const mailedSchema = z.object({ accountId: z.string(), mailedAt: z.string(), expiresAt: z.string() });
export type MailedReset = z.infer<typeof mailedSchema>;

/** Mails a reset link to the account's own address; the answer says only until when it works. */
export function mailResetLink(id: string): Promise<MailedReset> {
  return call(mailedSchema, "POST", `/api/admin/accounts/${encodeURIComponent(id)}/reset`, {});
}

const personSchema = z.object({ id: z.string(), email: z.string(), displayName: z.string() });
const handoverSchema = z.object({
  id: z.string(),
  account: personSchema,
  requestedBy: personSchema,
  reason: z.enum(RESET_REASONS),
  note: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type HandoverRequest = z.infer<typeof handoverSchema>;

/** Asks for a handover link; another administrator must approve it. */
export function requestHandover(id: string, reason: ResetReason, note: string): Promise<HandoverRequest> {
  return call(handoverSchema, "POST", `/api/admin/accounts/${encodeURIComponent(id)}/reset-requests`, {
    reason,
    note,
  });
}

export async function listHandoverRequests(): Promise<HandoverRequest[]> {
  return (await call(z.object({ requests: z.array(handoverSchema) }), "GET", "/api/admin/reset-requests")).requests;
}

/** Approves another administrator's request: the one-time link, shown once, to hand over in person. */
export function approveHandover(requestId: string): Promise<OneTimeLink> {
  return call(linkSchema, "POST", `/api/admin/reset-requests/${encodeURIComponent(requestId)}/approve`, {});
}

export async function declineHandover(requestId: string): Promise<void> {
  await call(z.unknown(), "POST", `/api/admin/reset-requests/${encodeURIComponent(requestId)}/decline`, {});
}

// ---- An account's passkeys (issue 7): list, and revoke one ----

export async function listAccountPasskeys(id: string): Promise<Passkey[]> {
  return (
    await call(
      z.object({ passkeys: z.array(passkeySchema) }),
      "GET",
      `/api/admin/accounts/${encodeURIComponent(id)}/passkeys`,
    )
  ).passkeys;
}

/** Revokes one passkey and ends the account's sessions; `remaining` 0 means the account needs a reset link. */
export function revokePasskey(id: string, passkeyId: string): Promise<{ sessionsEnded: number; remaining: number }> {
  return call(
    z.object({ ok: z.literal(true), sessionsEnded: z.number(), remaining: z.number() }),
    "DELETE",
    `/api/admin/accounts/${encodeURIComponent(id)}/passkeys/${encodeURIComponent(passkeyId)}`,
  );
}
