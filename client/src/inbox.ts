// The inbox logic: list received and sent messages, open one (decrypted here, with the sender's
// signature checked against the directory's bundles), see read receipts, and recall a sent one.
import {
  concatBytes,
  decodeBase64Url,
  decryptAttachment,
  encodeBase64Url,
  openKeyStanza,
  parseId,
  type AttachmentDescriptor,
  type MessageContent,
  type MessageKey,
} from "@sigill/crypto";
import { z } from "zod";
import { SigillError } from "./api.ts";
import type { StaffSession } from "./identity.ts";
import { openSigned, type Signer } from "./signer.ts";
import { messageAnswer, messageListAnswer, messageSummary, recalledAnswer, threadAnswer } from "./wire/messages.ts";

export type MessageSummary = z.infer<typeof messageSummary>;

export type Receipts = NonNullable<z.infer<typeof messageAnswer>["receipts"]>;

export interface OpenMessage {
  readonly id: string;
  readonly threadId: string;
  readonly status: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Who sent it, with their published bundles (newest first) for a reply. */
  readonly sender: { readonly accountId: string; readonly displayName: string; readonly bundles: readonly string[] };
  /** Null when the message was recalled or has expired. */
  readonly content: MessageContent | null;
  /**
   * True when the signature checked out against one of the sender's published keys AND the sender
   * the content names is that key's signed identity. A valid signature with another claimed sender
   * is not verified: show `signer` and warn.
   */
  readonly verified: boolean;
  /** Whose key signed it (null when the content is gone): the identity to show and to reply to. */
  readonly signer: Signer | null;
  readonly receipts: Receipts | null;
  /** Held in page memory only, to decrypt the attachments of this message. */
  readonly key: MessageKey | null;
  readonly attachments: readonly {
    readonly id: string;
    readonly name: string;
    readonly type: string;
    readonly descriptor: AttachmentDescriptor;
  }[];
}

export async function listMessages(session: StaffSession, box: "inbox" | "sent"): Promise<MessageSummary[]> {
  const page = await session.api.call(messageListAnswer, "GET", `/api/messages?box=${box}&limit=100`);
  return page.messages;
}

/**
 * Fetches and decrypts one message. The sender's signing key must be one the directory publishes
 * for them (any of their bundles); otherwise opening fails and nothing is shown.
 */
export async function readMessage(session: StaffSession, id: string): Promise<OpenMessage> {
  const me = session.identity;
  if (me === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const m = await session.api.call(messageAnswer, "GET", `/api/messages/${encodeURIComponent(id)}`);
  if (m.envelope === null || m.stanza === null) {
    return {
      id: m.id,
      threadId: m.threadId,
      status: m.status,
      createdAt: m.createdAt,
      expiresAt: m.expiresAt,
      sender: m.sender,
      content: null,
      verified: false,
      signer: null,
      receipts: m.receipts,
      key: null,
      attachments: [],
    };
  }
  const messageId = await parseId(m.id);
  const key = await openKeyStanza(await decodeBase64Url(m.stanza), messageId, me);
  if (key === null) throw new SigillError("PROTOCOL", "this message was not sealed to your current key");
  const envelope = await decodeBase64Url(m.envelope);
  const { opened, signer, claimMatches } = await openSigned(envelope, key, m.sender);
  const attachments = await Promise.all(
    opened.header.attachments.map(async (descriptor, i) => ({
      id: await encodeBase64Url(descriptor.attachmentId),
      name: opened.content.attachments[i]?.name ?? "bilaga",
      type: opened.content.attachments[i]?.type ?? "application/octet-stream",
      descriptor,
    })),
  );
  return {
    id: m.id,
    threadId: m.threadId,
    status: m.status,
    createdAt: m.createdAt,
    expiresAt: m.expiresAt,
    sender: m.sender,
    content: opened.content,
    verified: claimMatches,
    signer,
    receipts: m.receipts,
    key,
    attachments,
  };
}

/** The ids of the messages of a thread that I can read, oldest first. */
export async function threadMessages(
  session: StaffSession,
  threadId: string,
): Promise<z.infer<typeof threadAnswer>["messages"]> {
  return (await session.api.call(threadAnswer, "GET", `/api/threads/${encodeURIComponent(threadId)}`)).messages;
}

export async function recallMessage(session: StaffSession, id: string): Promise<void> {
  await session.api.call(recalledAnswer, "POST", `/api/messages/${encodeURIComponent(id)}/recall`, {});
}

/**
 * Downloads one attachment of an opened message and decrypts it here; every chunk is authenticated
 * and the whole is checked against the signed hash before the bytes are returned.
 */
/** Where a decrypted attachment goes: a file on disk (File System Access) or memory. */
export interface AttachmentSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Called when decryption fails midway: what was written must not be kept. */
  abort(reason: unknown): Promise<void>;
}

/**
 * Streams an attachment from the server through decryption into `sink`, a chunk at a time: memory
 * stays at a few chunks whatever the size. Every chunk is authenticated before it is written; if
 * anything fails (tampering, truncation, the network), the sink is aborted and the error thrown.
 * @throws SigillError `PROTOCOL` for an unknown attachment; CryptoError `DECRYPT_FAILED` for tampering.
 */
export async function downloadAttachmentTo(
  session: StaffSession,
  message: OpenMessage,
  attachmentId: string,
  sink: AttachmentSink,
  onProgress?: (plaintextBytes: number, totalBytes: number) => void,
): Promise<void> {
  const a = message.attachments.find((x) => x.id === attachmentId);
  if (a === undefined || message.key === null) throw new SigillError("PROTOCOL", "no such attachment");
  try {
    const ciphertext = await session.api.stream(
      `/api/messages/${encodeURIComponent(message.id)}/attachments/${encodeURIComponent(attachmentId)}`,
    );
    let done = 0;
    for await (const chunk of decryptAttachment(ciphertext, {
      messageKey: message.key,
      messageId: await parseId(message.id),
      descriptor: a.descriptor,
    })) {
      await sink.write(chunk);
      done += chunk.length;
      onProgress?.(done, a.descriptor.size);
    }
  } catch (error) {
    await sink.abort(error).catch(() => undefined);
    throw error;
  }
  await sink.close();
}

/** The whole attachment in memory (small files; the page streams large ones to disk). */
export async function downloadAttachment(
  session: StaffSession,
  message: OpenMessage,
  attachmentId: string,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await downloadAttachmentTo(session, message, attachmentId, {
    write: (chunk) => {
      parts.push(chunk);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
    abort: () => Promise.resolve(),
  });
  return concatBytes(...parts);
}
