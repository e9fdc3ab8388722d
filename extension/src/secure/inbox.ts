// The inbox logic: list received and sent messages, open one (decrypted here, with the sender's
// signature checked against the directory's bundles), see read receipts, and recall a sent one.
import {
  decodeBase64Url,
  openEnvelope,
  openKeyStanza,
  parseId,
  parsePublicBundle,
  type MessageContent,
} from "@sigill/crypto";
import { z } from "zod";
import { SigillError } from "./api.ts";
import type { StaffSession } from "./identity.ts";

const summarySchema = z.object({
  id: z.string(),
  threadId: z.string(),
  status: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  sender: z.object({ accountId: z.string(), displayName: z.string() }),
  openedAt: z.string().nullable(),
  attachments: z.number(),
});
export type MessageSummary = z.infer<typeof summarySchema>;

const messageSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  status: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  envelope: z.string().nullable(),
  stanza: z.string().nullable(),
  sender: z.object({ accountId: z.string(), displayName: z.string(), bundles: z.array(z.string()) }),
  attachments: z.array(z.object({ id: z.string(), ciphertextSize: z.number() })),
  receipts: z
    .object({
      accounts: z.array(z.object({ accountId: z.string(), displayName: z.string(), openedAt: z.string().nullable() })),
      invitations: z.array(
        z.object({ address: z.string(), status: z.string(), openedAt: z.string().nullable(), locked: z.boolean() }),
      ),
    })
    .nullable(),
});
export type Receipts = NonNullable<z.infer<typeof messageSchema>["receipts"]>;

export interface OpenMessage {
  readonly id: string;
  readonly status: string;
  readonly expiresAt: string;
  /** Null when the message was recalled or has expired. */
  readonly content: MessageContent | null;
  /** True when the signature checked out against one of the sender's published keys. */
  readonly verified: boolean;
  readonly receipts: Receipts | null;
}

export async function listMessages(session: StaffSession, box: "inbox" | "sent"): Promise<MessageSummary[]> {
  const page = await session.api.call(
    z.object({ messages: z.array(summarySchema) }),
    "GET",
    `/api/messages?box=${box}&limit=100`,
  );
  return page.messages;
}

/**
 * Fetches and decrypts one message. The sender's signing key must be one the directory publishes
 * for them (any of their bundles); otherwise opening fails and nothing is shown.
 */
export async function readMessage(session: StaffSession, id: string): Promise<OpenMessage> {
  const me = session.identity;
  if (me === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const m = await session.api.call(messageSchema, "GET", `/api/messages/${encodeURIComponent(id)}`);
  if (m.envelope === null || m.stanza === null) {
    return { id: m.id, status: m.status, expiresAt: m.expiresAt, content: null, verified: false, receipts: m.receipts };
  }
  const messageId = await parseId(m.id);
  const key = await openKeyStanza(await decodeBase64Url(m.stanza), messageId, me);
  if (key === null) throw new SigillError("PROTOCOL", "this message was not sealed to your current key");
  const envelope = await decodeBase64Url(m.envelope);
  for (const text of m.sender.bundles) {
    const bundle = await parsePublicBundle(await decodeBase64Url(text));
    if (bundle.accountId !== m.sender.accountId) continue;
    try {
      const opened = await openEnvelope(envelope, key, bundle.signPublicKey);
      return {
        id: m.id,
        status: m.status,
        expiresAt: m.expiresAt,
        content: opened.content,
        verified: true,
        receipts: m.receipts,
      };
    } catch {
      // Try the sender's older keys: the message may predate a key change.
    }
  }
  throw new SigillError("PROTOCOL", "the sender's signature could not be verified; the message is not shown");
}

export async function recallMessage(session: StaffSession, id: string): Promise<void> {
  await session.api.call(
    z.object({ status: z.literal("recalled") }),
    "POST",
    `/api/messages/${encodeURIComponent(id)}/recall`,
    {},
  );
}
