// Telling a message's account readers that it arrived: a content-free notification each.
import type { Deps } from "../../deps.ts";

/** Notifies every account reader except the sender (best effort; never content). */
export async function notifyReaders(
  deps: Deps,
  message: { id: string; threadId: string; senderId: string },
): Promise<void> {
  if (deps.notify === undefined) return;
  const readers = await deps.db.messageRecipient.findMany({
    where: { messageId: message.id, role: "recipient" },
    include: { account: { select: { email: true, status: true } } },
  });
  for (const r of readers) {
    if (r.account.status !== "active") continue;
    // Not awaited: a slow mail server must not hold up the sender (notify never rejects).
    void deps.notify({
      kind: message.threadId === message.id ? "new-message" : "new-reply",
      to: r.account.email,
      messageId: message.id,
      link: `${deps.config.publicUrl}/inbox/${message.id}`,
    });
  }
}
