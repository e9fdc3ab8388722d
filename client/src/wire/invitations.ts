// The invitation routes' answers (a recipient who came by a message link), written once: the
// server declares the routes' responses with these objects (server/src/modules/messages/
// invitations.ts) and the client parses what it gets with the same ones (src/recipient.ts).
import { z } from "zod";

/** GET /api/invitations/:messageId: who sent the message and whether it can still be read. */
export const aboutAnswer = z.object({
  status: z.enum(["committed", "recalled", "expired"]),
  expiresAt: z.string(),
  organisation: z.string(),
  sender: z.object({ displayName: z.string() }),
});

/** POST /api/invitations/:messageId/mailbox-code: a code is on its way, valid this many minutes. */
export const mailboxCodeAnswer = z.object({ sent: z.literal(true), minutes: z.number() });

/** POST /api/invitations/:messageId/code: whether the sender's access code is needed, and its Argon2id parameters. */
export const codeAnswer = z.object({
  required: z.boolean(),
  params: z.object({ salt: z.string(), opsLimit: z.number(), memLimit: z.number() }).nullable(),
});

/** POST /api/invitations/:messageId/open: the invitation stanza, the envelope and the server's share of the key. */
export const openAnswer = z.object({
  status: z.string(),
  threadId: z.string(),
  envelope: z.string().nullable(),
  invitationStanza: z.string().nullable(),
  /** The server's share of the invitation key (bound invitations), released only here. */
  releaseKey: z.string().nullable(),
  sender: z.object({ accountId: z.string(), displayName: z.string(), bundles: z.array(z.string()) }),
  attachments: z.array(z.object({ id: z.string(), ciphertextSize: z.number() })),
});
