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

/**
 * The message if `accountId` sent it or holds a key stanza for it (and it is committed). The same
 * two lookups run whether the message exists or not, so "not yours" and "no such message" also
 * take the same time (a relation `include` would add a query only for existing messages). The
 * envelope is not read here: callers that return it load it once visibility is settled.
 */
export async function visibleMessage(deps: Deps, messageId: string, accountId: string) {
  // Without the envelope (up to megabytes): reading it only for existing messages would be timed.
  const message = await deps.db.message.findUnique({ where: { id: messageId }, omit: { envelope: true } });
  const mine = await deps.db.messageRecipient.findUnique({
    where: { messageId_accountId: { messageId, accountId } },
  });
  if (message === null) throw notFound();
  const role = message.senderId === accountId ? "sender" : mine !== null ? "recipient" : null;
  if (role === null || (role === "recipient" && message.status === "uploading")) throw notFound();
  return { message, role, mine } as const;
}

/** The sender's view only (uploads, recall, reissue). */
export async function ownMessage(deps: Deps, messageId: string, accountId: string) {
  const message = await deps.db.message.findUnique({ where: { id: messageId }, omit: { envelope: true } });
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
