// Mails to an account holder about their own account (issue 18): a passkey added, a reset
// completed, their published keys changed, a handover link issued. Fixed texts, no key material.
import type { Deps } from "../../deps.ts";
import type { AccountNoticeKind } from "./notifier.ts";

/**
 * Looks the address up now and sends without waiting: a slow mail server must not hold up the
 * request (notify never rejects). Nothing is sent for an account that does not exist.
 */
export async function noticeAccount(deps: Deps, accountId: string, kind: AccountNoticeKind): Promise<void> {
  if (deps.notify === undefined) return;
  const account = await deps.db.account.findUnique({ where: { id: accountId }, select: { email: true } });
  if (account === null) return;
  void deps.notify({ kind, to: account.email });
}
