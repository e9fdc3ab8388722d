// The messages API's answers, written once: the server declares its routes' responses with these
// objects (server/src/modules/messages/routes.ts) and the client parses what it gets with the same
// ones, so the two cannot drift apart. Requests are the server's to parse (its own schemas).
import { z } from "zod";

/** One message in the inbox or sent list. */
export const messageSummary = z.object({
  id: z.string(),
  threadId: z.string(),
  status: z.enum(["uploading", "committed", "recalled", "expired"]),
  createdAt: z.string(),
  expiresAt: z.string(),
  sender: z.object({ accountId: z.string(), displayName: z.string() }),
  openedAt: z.string().nullable(),
  attachments: z.number(),
});

/** GET /api/messages: a page of the inbox or sent list. */
export const messageListAnswer = z.object({ messages: z.array(messageSummary), nextCursor: z.string().nullable() });

/** GET /api/threads/:threadId: the thread's messages I can read, oldest first. */
export const threadAnswer = z.object({
  messages: z.array(z.object({ id: z.string(), senderId: z.string(), status: z.string(), createdAt: z.string() })),
});

/** GET /api/messages/:id: the envelope, my stanza, the sender's bundles, attachments; receipts for the sender. */
export const messageAnswer = z.object({
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

/** POST /api/messages: the new message and, for each attachment, where its ciphertext goes. */
export const createAnswer = z.object({
  id: z.string(),
  threadId: z.string(),
  status: z.enum(["uploading", "committed"]),
  uploads: z.array(z.object({ attachmentId: z.string(), ciphertextSize: z.number() })),
});

/** PUT .../pieces/:index: how far the upload has come. */
export const pieceAnswer = z.object({ receivedBytes: z.number(), nextIndex: z.number(), complete: z.boolean() });

/** GET .../status: how far the upload has come, and its whole size. */
export const uploadStatusAnswer = pieceAnswer.extend({ ciphertextSize: z.number() });

/** POST /api/messages/:id/commit. */
export const committedAnswer = z.object({ status: z.literal("committed") });

/** POST /api/messages/:id/recall. */
export const recalledAnswer = z.object({ status: z.literal("recalled") });

/** POST /api/messages/:id/stanzas and POST /api/messages/:id/invitations/reissue: done. */
export const okAnswer = z.object({ ok: z.literal(true) });
