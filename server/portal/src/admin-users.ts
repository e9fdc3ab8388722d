// The admin console's people: invite staff, list every account, disable and enable, and reset an
// account (a new one-time link; the old keys, and so old messages, stay out of reach without the
// recovery code).
import { z } from "zod";
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

export function resetAccount(id: string): Promise<OneTimeLink> {
  return call(linkSchema, "POST", `/api/admin/accounts/${encodeURIComponent(id)}/reset`, {});
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
