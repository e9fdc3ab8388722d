// Who may see what. Every read goes through here, and a message that exists but is not yours
// answers exactly like one that does not exist.
import { decodeBase64Url, encodeBase64Url, isCryptoError } from "@sigill/crypto";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";

export type Box = "inbox" | "sent";
const DAY_MS = 86_400_000;

export function notFound(): AppError {
  return new AppError("NOT_FOUND", "no such message");
}

/** The message if `accountId` sent it or holds a key stanza for it (and it is committed). */
export async function visibleMessage(deps: Deps, messageId: string, accountId: string) {
  const message = await deps.db.message.findUnique({
    where: { id: messageId },
    include: { recipients: { where: { accountId } } },
  });
  if (message === null) throw notFound();
  const role = message.senderId === accountId ? "sender" : message.recipients.length > 0 ? "recipient" : null;
  if (role === null || (role === "recipient" && message.status === "uploading")) throw notFound();
  return { message, role, mine: message.recipients[0] ?? null } as const;
}

/** The sender's view only (uploads, recall, reissue). */
export async function ownMessage(deps: Deps, messageId: string, accountId: string) {
  const message = await deps.db.message.findUnique({ where: { id: messageId } });
  if (message === null || message.senderId !== accountId) throw notFound();
  return message;
}

/** Decodes base64url key material from a client; any failure is a 400 with the given code. */
export async function bytesFrom(text: string, code: "ENVELOPE_INVALID" | "STANZA_INVALID"): Promise<Uint8Array> {
  try {
    return await decodeBase64Url(text);
  } catch (cause) {
    if (isCryptoError(cause)) throw new AppError(code, "not base64url", { cause });
    throw cause;
  }
}

export async function b64(bytes: Uint8Array | null): Promise<string | null> {
  return bytes === null ? null : encodeBase64Url(bytes);
}

/** Every bundle the sender has published (current first), so readers can verify older messages. */
export async function senderBundles(deps: Deps, accountId: string): Promise<string[]> {
  const rows = await deps.db.keyBundle.findMany({ where: { accountId }, orderBy: { createdAt: "desc" } });
  return Promise.all(rows.map((r) => encodeBase64Url(r.bundle)));
}

export function maxExpiry(now: Date, maxRetentionDays: number): number {
  // Five minutes of slack for clocks that run a little ahead.
  return now.getTime() + maxRetentionDays * DAY_MS + 5 * 60_000;
}
