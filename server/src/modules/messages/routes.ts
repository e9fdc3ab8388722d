import { MAX_RECIPIENTS } from "@sigill/client/limits";
import {
  attachmentCiphertextSize,
  invitationCodeParams,
  isCryptoError,
  parseEnvelope,
  stanzaKind,
  verifyEnvelope,
  type ParsedEnvelope,
  type SignPublicKey,
} from "@sigill/crypto";
import express, { type Request, type Response } from "express";
import { once } from "node:events";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import type { RouteTable } from "../../http/route.ts";
import { base64Url, bufferOf } from "../../wire.ts";
import { emailSchema, normaliseEmail } from "../accounts/email.ts";
import { ORG_ID } from "../accounts/enrolments.ts";
import { appendAudit, requestMeta } from "../audit/log.ts";
import { base64url, idSchema } from "../auth/schemas.ts";
import { authOf, requireAccess } from "../auth/sessions.ts";
import { newId } from "../auth/tokens.ts";
import {
  attachmentPieces,
  bytesFrom,
  maxExpiry,
  messageLists,
  messageReceipts,
  notFound,
  ownMessage,
  readableMessage,
  visibleMessage,
} from "./access.ts";
import { listBox } from "./boxes.ts";

/** Largest attachment piece a client may upload in one request. */
export const PIECE_MAX = 1024 * 1024;
/** How long a piece that came one ahead waits for the piece before it (clients send two at once). */
export const AHEAD_WAIT_MS = 2_000;
/**
 * A waiting piece wakes when this instance stores the one before it, and looks at the database at
 * most this often otherwise (another instance may store it): a few reads a second per waiting
 * request, however many a client sends.
 */
const AHEAD_POLL_MS = 100;

/** Key stanzas of one message: its recipients with an account and the sender's own copy. */
const MAX_STANZAS = MAX_RECIPIENTS + 1;
const messageId = base64url.length(22);
/** A bound invitation as the sender's client sends it: the stanza, the server's share, the code digest. */
const invitationBody = z
  .object({
    address: emailSchema,
    stanza: base64url.max(400),
    releaseKey: base64url.length(43),
    verifierDigest: base64url.length(43).optional(),
  })
  .strict();

/**
 * Checks a bound invitation (kind 3) before it is stored: its code flag must agree with the
 * verifier digest, and policy may require a code. Returns what the row stores.
 */
async function boundInvitation(
  inv: z.infer<typeof invitationBody>,
  requireCode: boolean,
): Promise<{ stanza: Uint8Array; releaseKey: Uint8Array; codeVerifierDigest: Uint8Array | null }> {
  const stanza = await bytesFrom(inv.stanza, "STANZA_INVALID");
  if ((await stanzaKind(stanza).catch(() => null)) !== "bound-invitation")
    throw new AppError("STANZA_INVALID", "not a bound invitation stanza");
  // The flags and code parameters are checked here too: a stanza of the right length with unknown
  // flags is the client's mistake (400), not the server's (issue 19 review, F6).
  const params = await invitationCodeParams(stanza).catch(() => undefined);
  if (params === undefined)
    throw new AppError("STANZA_INVALID", "the invitation stanza's code parameters are malformed");
  const hasCode = params !== null;
  if (hasCode !== (inv.verifierDigest !== undefined))
    throw new AppError("STANZA_INVALID", "an invitation with an access code needs its verifier digest, and only then");
  if (requireCode && !hasCode) {
    throw new AppError("ACCESS_CODE_REQUIRED", "organisation policy asks for an access code for first-time recipients");
  }
  return {
    stanza,
    releaseKey: await bytesFrom(inv.releaseKey, "STANZA_INVALID"),
    codeVerifierDigest: inv.verifierDigest === undefined ? null : await bytesFrom(inv.verifierDigest, "STANZA_INVALID"),
  };
}

/**
 * A recipient's reply goes back into the conversation only (server README: recipients reply to the
 * sender, they cannot start conversations): every reader is the replier or someone who wrote in the
 * thread, and no new address is invited. Otherwise a guardian could "reply" to a school thread with
 * only a stranger invited, and the school's server would mail the stranger a code under the school's
 * name (issue 19 review, F2).
 */
async function recipientReplyOnly(
  deps: Deps,
  threadId: string,
  me: string,
  body: { stanzas: readonly { accountId: string }[]; invitations: readonly unknown[] },
): Promise<void> {
  if (body.invitations.length > 0)
    throw new AppError("FORBIDDEN", "a reply from a recipient cannot invite new addresses");
  const writers = await deps.db.message.findMany({
    where: { threadId },
    select: { senderId: true },
    distinct: ["senderId"],
  });
  const allowed = new Set([me, ...writers.map((w) => w.senderId)]);
  if (body.stanzas.some((s) => !allowed.has(s.accountId)))
    throw new AppError("FORBIDDEN", "a reply from a recipient goes only to those who wrote in the conversation");
}

const summarySchema = z.object({
  id: z.string(),
  threadId: z.string(),
  status: z.enum(["uploading", "committed", "recalled", "expired"]),
  createdAt: z.string(),
  expiresAt: z.string(),
  sender: z.object({ accountId: z.string(), displayName: z.string() }),
  openedAt: z.string().nullable(),
  attachments: z.number(),
});

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

async function parseSigned(
  deps: Deps,
  text: string,
  senderId: string,
): Promise<{ envelope: Uint8Array; parsed: ParsedEnvelope }> {
  const envelope = await bytesFrom(text, "ENVELOPE_INVALID");
  let parsed: ParsedEnvelope;
  try {
    parsed = await parseEnvelope(envelope);
  } catch (cause) {
    if (isCryptoError(cause))
      throw new AppError("ENVELOPE_INVALID", `the envelope is not valid (${cause.code})`, { cause });
    throw cause;
  }
  const bundle = await deps.db.keyBundle.findFirst({ where: { accountId: senderId, supersededAt: null } });
  if (bundle === null) throw new AppError("CONFLICT", "publish your keys before sending");
  try {
    await verifyEnvelope(parsed, bundle.signPublicKey as SignPublicKey);
  } catch (cause) {
    throw new AppError("ENVELOPE_INVALID", "the envelope is not signed by your current key", { cause });
  }
  return { envelope, parsed };
}

/** Checks that a recipient stanza is sealed to the current key of the account it is filed under. */
async function checkRecipientStanza(deps: Deps, stanza: Uint8Array, accountId: string): Promise<void> {
  let kind;
  try {
    kind = await stanzaKind(stanza);
  } catch (cause) {
    throw new AppError("STANZA_INVALID", "a key stanza is not valid", { cause });
  }
  const bundle = await deps.db.keyBundle.findFirst({ where: { accountId, supersededAt: null } });
  if (kind !== "recipient" || bundle === null || !same(stanza.subarray(5, 37), bundle.boxPublicKey)) {
    throw new AppError("STANZA_INVALID", "a key stanza is not sealed to that reader's current key");
  }
}

/** Notifies every account reader except the sender (best effort; never content). */
async function notifyReaders(deps: Deps, message: { id: string; threadId: string; senderId: string }): Promise<void> {
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

async function commit(
  deps: Deps,
  req: Request,
  message: { id: string; threadId: string; senderId: string },
): Promise<void> {
  const now = deps.now();
  const done = await deps.db.message.updateMany({
    where: { id: message.id, status: "uploading" },
    data: { status: "committed", committedAt: now },
  });
  if (done.count !== 1) return;
  await appendAudit(deps, {
    ...requestMeta(req),
    type: "message.committed",
    actorId: message.senderId,
    subjectId: message.id,
  });
  await notifyReaders(deps, message);
}

/** Wakes the requests waiting for an attachment's next piece on this instance. */
function pieceSignals() {
  const waiting = new Map<string, Set<() => void>>();
  return {
    /** Resolves when `key` is signalled or after `ms`, whichever comes first. */
    wait(key: string, ms: number): Promise<void> {
      return new Promise((resolve) => {
        const set = waiting.get(key) ?? new Set<() => void>();
        waiting.set(key, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) waiting.delete(key);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
      });
    },
    signal(key: string): void {
      for (const wake of [...(waiting.get(key) ?? [])]) wake();
    },
  };
}

export function messageRoutes(deps: Deps, routes: RouteTable): void {
  const signals = pieceSignals();
  const session = requireAccess(deps, "session");
  const staff = requireAccess(deps, "staff");

  routes.add(
    {
      method: "post",
      path: "/api/messages",
      summary:
        "Create a message: signed envelope, a key stanza per account reader (the sender's own included) and invitations for first-time recipients; with attachments it stays invisible until committed",
      tag: "messages",
      access: "session",
      status: 201,
      before: [session],
      body: z
        .object({
          envelope: base64url.min(100).max(12_000_000),
          stanzas: z
            .array(z.object({ accountId: idSchema, stanza: base64url.max(400) }).strict())
            .min(1)
            .max(MAX_STANZAS),
          invitations: z.array(invitationBody).max(MAX_RECIPIENTS).default([]),
        })
        .strict(),
      response: z.object({
        id: z.string(),
        threadId: z.string(),
        status: z.enum(["uploading", "committed"]),
        uploads: z.array(z.object({ attachmentId: z.string(), ciphertextSize: z.number() })),
      }),
    },
    async ({ body }, req, res) => {
      const ctx = authOf(res);
      const now = deps.now();
      const { envelope, parsed } = await parseSigned(deps, body.envelope, ctx.accountId);
      const { header } = parsed;
      const id = base64Url(header.messageId);
      const threadId = base64Url(header.threadId);
      const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      if (header.expiresAt <= now.getTime() || header.expiresAt > maxExpiry(now, org.maxRetentionDays)) {
        throw new AppError(
          "EXPIRY_INVALID",
          `choose an expiry in the future, at most ${String(org.maxRetentionDays)} days away`,
        );
      }
      for (const a of header.attachments) {
        if (BigInt(a.size) > org.maxAttachmentBytes)
          throw new AppError("ATTACHMENT_TOO_LARGE", "an attachment is larger than the organisation allows");
      }
      if (threadId !== id) {
        // A reply: the thread must exist and be readable by the sender.
        const first = await deps.db.message.findFirst({
          where: {
            threadId,
            OR: [{ senderId: ctx.accountId }, { recipients: { some: { accountId: ctx.accountId } } }],
          },
        });
        if (first === null) throw new AppError("NOT_FOUND", "no such thread");
        if (ctx.role === "recipient") await recipientReplyOnly(deps, threadId, ctx.accountId, body);
      } else if (ctx.role === "recipient") {
        throw new AppError("FORBIDDEN", "recipients can reply, not start new conversations");
      }
      if (!body.stanzas.some((s) => s.accountId === ctx.accountId)) {
        throw new AppError("STANZA_INVALID", "include a key stanza for yourself, or you cannot read what you sent");
      }
      const readers = new Set<string>();
      const stanzas: { accountId: string; stanza: Uint8Array }[] = [];
      for (const s of body.stanzas) {
        if (readers.has(s.accountId)) throw new AppError("STANZA_INVALID", "one stanza per reader");
        readers.add(s.accountId);
        const account = await deps.db.account.findUnique({ where: { id: s.accountId } });
        if (account === null || account.status !== "active")
          throw new AppError("STANZA_INVALID", "a reader has no active account");
        const stanza = await bytesFrom(s.stanza, "STANZA_INVALID");
        await checkRecipientStanza(deps, stanza, s.accountId);
        stanzas.push({ accountId: s.accountId, stanza });
      }
      const invitations: {
        address: string;
        stanza: Uint8Array;
        releaseKey: Uint8Array;
        codeVerifierDigest: Uint8Array | null;
      }[] = [];
      for (const inv of body.invitations) {
        const address = normaliseEmail(inv.address);
        if (invitations.some((i) => i.address === address))
          throw new AppError("STANZA_INVALID", "one invitation per address");
        if ((await deps.db.account.findUnique({ where: { email: address } })) !== null) {
          throw new AppError("ACCOUNT_EXISTS", "an invited address has an account: send to its key instead");
        }
        invitations.push({ address, ...(await boundInvitation(inv, org.requireAccessCode)) });
      }
      const uploads = header.attachments.map((a) => ({
        attachmentId: a.attachmentId,
        ciphertextSize: attachmentCiphertextSize(a.size, a.chunkSize),
      }));
      const status: "uploading" | "committed" = uploads.length > 0 ? "uploading" : "committed";
      try {
        await deps.db.$transaction(async (tx) => {
          await tx.message.create({
            data: {
              id,
              threadId,
              senderId: ctx.accountId,
              status,
              envelope: new Uint8Array(envelope),
              createdAt: now,
              ...(status === "committed" && { committedAt: now }),
              expiresAt: new Date(header.expiresAt),
            },
          });
          for (const s of stanzas) {
            await tx.messageRecipient.create({
              data: {
                messageId: id,
                accountId: s.accountId,
                role: s.accountId === ctx.accountId ? "sender" : "recipient",
                stanza: new Uint8Array(s.stanza),
                addedAt: now,
              },
            });
          }
          for (const inv of invitations) {
            await tx.invitation.create({
              data: {
                id: newId(),
                messageId: id,
                address: inv.address,
                stanza: new Uint8Array(inv.stanza),
                releaseKey: new Uint8Array(inv.releaseKey),
                codeVerifierDigest: inv.codeVerifierDigest === null ? null : new Uint8Array(inv.codeVerifierDigest),
                status: "open",
                createdAt: now,
              },
            });
          }
          for (const u of uploads) {
            await tx.attachment.create({
              data: {
                messageId: id,
                id: base64Url(u.attachmentId),
                ciphertextSize: BigInt(u.ciphertextSize),
              },
            });
          }
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === "P2002")
          throw new AppError("CONFLICT", "a message with this id exists");
        throw error;
      }
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "message.created",
        actorId: ctx.accountId,
        subjectId: id,
        details: {
          readers: stanzas.length,
          invitations: invitations.length,
          attachments: uploads.length,
          reply: threadId !== id,
        },
      });
      for (const inv of invitations) {
        await appendAudit(deps, {
          ...requestMeta(req),
          type: "invitation.created",
          actorId: ctx.accountId,
          subjectId: id,
          details: { accessCode: inv.codeVerifierDigest !== null },
        });
      }
      if (status === "committed") await notifyReaders(deps, { id, threadId, senderId: ctx.accountId });
      return {
        id,
        threadId,
        status,
        uploads: uploads.map((u) => ({
          attachmentId: base64Url(u.attachmentId),
          ciphertextSize: u.ciphertextSize,
        })),
      };
    },
  );

  const attachmentParams = z.object({ id: messageId, attachmentId: messageId }).strict();

  routes.add(
    {
      method: "put",
      path: "/api/messages/:id/attachments/:attachmentId/pieces/:index",
      summary:
        "Upload the next piece (at most 1 MiB) of an attachment's ciphertext; the piece after it may be sent at the same time (it waits up to 2 s for its predecessor); re-sending the last piece is harmless, so an interrupted upload resumes at the status's nextIndex",
      tag: "messages",
      access: "session",
      before: [session, express.raw({ type: "application/octet-stream", limit: PIECE_MAX })],
      params: z
        .object({ id: messageId, attachmentId: messageId, index: z.coerce.number().int().min(0).max(1_000_000) })
        .strict(),
      rawBody: "application/octet-stream",
      response: z.object({ receivedBytes: z.number(), nextIndex: z.number(), complete: z.boolean() }),
    },
    async ({ params }, req, res) => {
      const ctx = authOf(res);
      if (!Buffer.isBuffer(req.body))
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send the piece as application/octet-stream");
      const piece = req.body;
      if (piece.length === 0) throw new AppError("BAD_REQUEST", "an empty piece");
      const message = await ownMessage(deps, params.id, ctx.accountId);
      if (message.status !== "uploading") throw new AppError("CONFLICT", "this message is not receiving uploads");
      const key = { messageId_id: { messageId: params.id, id: params.attachmentId } };
      let attachment = await deps.db.attachment.findUnique({ where: key });
      if (attachment === null) throw notFound();
      // The piece right after the next may come while that one is still being stored (a client
      // sends two at once): it waits for it, briefly, instead of being refused. Any other gap is
      // refused at once below.
      const signalKey = `${params.id}/${params.attachmentId}`;
      for (const until = Date.now() + AHEAD_WAIT_MS; params.index === attachment.pieces + 1 && Date.now() < until;) {
        await signals.wait(signalKey, Math.min(AHEAD_POLL_MS, until - Date.now()));
        attachment = await deps.db.attachment.findUnique({ where: key });
        if (attachment === null) throw notFound();
      }
      if (params.index === attachment.pieces - 1) {
        // A retry of the last piece after a dropped answer: accept if it is the same bytes.
        const last = await deps.db.chunk.findUnique({
          where: {
            messageId_attachmentId_index: {
              messageId: params.id,
              attachmentId: params.attachmentId,
              index: params.index,
            },
          },
        });
        if (last !== null && Buffer.from(last.bytes).equals(piece)) {
          return {
            receivedBytes: Number(attachment.receivedBytes),
            nextIndex: attachment.pieces,
            complete: attachment.receivedBytes === attachment.ciphertextSize,
          };
        }
      }
      if (params.index !== attachment.pieces) {
        throw new AppError("UPLOAD_OUT_OF_ORDER", `expected piece ${String(attachment.pieces)}`, {
          details: { nextIndex: attachment.pieces },
        });
      }
      const received = attachment.receivedBytes + BigInt(piece.length);
      if (received > attachment.ciphertextSize)
        throw new AppError("PAYLOAD_TOO_LARGE", "more bytes than the envelope announced");
      // The conditional update makes concurrent retries of the same index safe: only one wins.
      const stored = await deps.pieces.store({
        messageId: params.id,
        attachmentId: params.attachmentId,
        index: params.index,
        bytes: piece,
        received,
      });
      if (!stored) throw new AppError("UPLOAD_OUT_OF_ORDER", "another upload of this piece won");
      signals.signal(signalKey);
      return {
        receivedBytes: Number(received),
        nextIndex: attachment.pieces + 1,
        complete: received === attachment.ciphertextSize,
      };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages/:id/attachments/:attachmentId/status",
      summary: "How much of an attachment has arrived (to resume an interrupted upload)",
      tag: "messages",
      access: "session",
      before: [session],
      params: attachmentParams,
      response: z.object({
        receivedBytes: z.number(),
        ciphertextSize: z.number(),
        nextIndex: z.number(),
        complete: z.boolean(),
      }),
    },
    async ({ params }, _req, res) => {
      await ownMessage(deps, params.id, authOf(res).accountId);
      const a = await deps.db.attachment.findUnique({
        where: { messageId_id: { messageId: params.id, id: params.attachmentId } },
      });
      if (a === null) throw notFound();
      return {
        receivedBytes: Number(a.receivedBytes),
        ciphertextSize: Number(a.ciphertextSize),
        nextIndex: a.pieces,
        complete: a.receivedBytes === a.ciphertextSize,
      };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/commit",
      summary: "Make a message with attachments visible, once every attachment has fully arrived",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ id: messageId }).strict(),
      response: z.object({ status: z.literal("committed") }),
    },
    async ({ params }, req, res) => {
      const message = await ownMessage(deps, params.id, authOf(res).accountId);
      if (message.status === "committed") return { status: "committed" as const };
      if (message.status !== "uploading") throw new AppError("CONFLICT", "this message can no longer be committed");
      const attachments = await deps.db.attachment.findMany({ where: { messageId: params.id } });
      if (attachments.some((a) => a.receivedBytes !== a.ciphertextSize))
        throw new AppError("UPLOAD_INCOMPLETE", "some attachments have not fully arrived");
      await commit(deps, req, message);
      return { status: "committed" as const };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages",
      summary: "My inbox (messages to me) or sent messages, newest first, with paging",
      tag: "messages",
      access: "session",
      before: [session],
      query: z
        .object({
          box: z.enum(["inbox", "sent"]).default("inbox"),
          cursor: messageId.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
        })
        .strict(),
      response: z.object({ messages: z.array(summarySchema), nextCursor: z.string().nullable() }),
    },
    async ({ query }, _req, res) => {
      const { rows, nextCursor } = await listBox(deps, authOf(res).accountId, query.box, query.limit, query.cursor);
      return {
        messages: rows.map((m) => ({
          id: m.id,
          threadId: m.threadId,
          status: m.status,
          createdAt: m.createdAt.toISOString(),
          expiresAt: m.expiresAt.toISOString(),
          sender: { accountId: m.senderId, displayName: m.senderName },
          openedAt: m.openedAt?.toISOString() ?? null,
          attachments: m.attachments,
        })),
        nextCursor,
      };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/threads/:threadId",
      summary: "The messages of a thread that I can read, oldest first",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ threadId: messageId }).strict(),
      response: z.object({
        messages: z.array(
          z.object({ id: z.string(), senderId: z.string(), status: z.string(), createdAt: z.string() }),
        ),
      }),
    },
    async ({ params }, _req, res) => {
      const me = authOf(res).accountId;
      const rows = await deps.db.message.findMany({
        where: {
          threadId: params.threadId,
          OR: [{ senderId: me }, { recipients: { some: { accountId: me } }, status: { not: "uploading" } }],
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      if (rows.length === 0) throw new AppError("NOT_FOUND", "no such thread");
      return {
        messages: rows.map((m) => ({
          id: m.id,
          senderId: m.senderId,
          status: m.status,
          createdAt: m.createdAt.toISOString(),
        })),
      };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages/:id",
      summary:
        "One message: envelope, my key stanza, the sender's bundles to verify it, attachments; the first fetch by a reader is their read receipt; senders also see receipts",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ id: messageId }).strict(),
      response: z.object({
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
            accounts: z.array(
              z.object({ accountId: z.string(), displayName: z.string(), openedAt: z.string().nullable() }),
            ),
            invitations: z.array(
              z.object({
                address: z.string(),
                status: z.string(),
                openedAt: z.string().nullable(),
                locked: z.boolean(),
              }),
            ),
          })
          .nullable(),
      }),
    },
    async ({ params }, req, res) => {
      const me = authOf(res).accountId;
      const message = await readableMessage(deps, params.id, me);
      const { role, envelope } = message;
      if (role === "recipient" && message.openedAt === null && envelope !== null) {
        const first = await deps.db.messageRecipient.updateMany({
          where: { messageId: message.id, accountId: me, openedAt: null },
          data: { openedAt: deps.now() },
        });
        if (first.count === 1)
          await appendAudit(deps, { ...requestMeta(req), type: "message.opened", actorId: me, subjectId: message.id });
      }
      const { attachments, bundles } = await messageLists(deps, message.id, message.senderId);
      const receipts = role === "sender" ? await messageReceipts(deps, message.id) : null;
      return {
        id: message.id,
        threadId: message.threadId,
        status: message.status,
        createdAt: message.createdAt.toISOString(),
        expiresAt: message.expiresAt.toISOString(),
        envelope: base64Url(envelope),
        stanza: base64Url(message.stanza),
        sender: { accountId: message.senderId, displayName: message.senderName, bundles },
        attachments,
        receipts,
      };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages/:id/attachments/:attachmentId",
      summary: "Download an attachment's ciphertext as a stream (Range: bytes=N- resumes a dropped download)",
      tag: "messages",
      access: "session",
      before: [session],
      params: attachmentParams,
      response: z.unknown(),
      rawResponse: "application/octet-stream",
    },
    async ({ params }, req, res) => {
      const me = authOf(res).accountId;
      const { message } = await visibleMessage(deps, params.id, me);
      const attachment = await deps.db.attachment.findUnique({
        where: { messageId_id: { messageId: params.id, id: params.attachmentId } },
      });
      if (message.status !== "committed" || attachment === null) throw notFound();
      await streamAttachment(deps, req, res, params.id, params.attachmentId, Number(attachment.ciphertextSize));
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "message.attachment_downloaded",
        actorId: me,
        subjectId: params.id,
        details: { attachmentId: params.attachmentId },
      });
      return undefined;
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/stanzas",
      summary:
        "Adopt a message after opening its invitation: add my own key stanza (sealed to my published key); the invitation closes",
      tag: "messages",
      access: "session",
      status: 201,
      before: [session],
      params: z.object({ id: messageId }).strict(),
      body: z.object({ stanza: base64url.max(400) }).strict(),
      response: z.object({ ok: z.literal(true) }),
    },
    async ({ params, body }, req, res) => {
      const me = authOf(res).accountId;
      const account = await deps.db.account.findUniqueOrThrow({ where: { id: me } });
      const invitation = await deps.db.invitation.findUnique({
        where: { messageId_address: { messageId: params.id, address: account.email } },
      });
      // Only someone who passed the invitation (opened it, with the code when required) may adopt.
      if (invitation?.openedAt == null || (invitation.accountId !== null && invitation.accountId !== me))
        throw notFound();
      const stanza = await bytesFrom(body.stanza, "STANZA_INVALID");
      await checkRecipientStanza(deps, stanza, me);
      const now = deps.now();
      await deps.db.$transaction(async (tx) => {
        await tx.messageRecipient.upsert({
          where: { messageId_accountId: { messageId: params.id, accountId: me } },
          create: {
            messageId: params.id,
            accountId: me,
            role: "recipient",
            stanza: new Uint8Array(stanza),
            addedAt: now,
            openedAt: invitation.openedAt,
          },
          update: { stanza: new Uint8Array(stanza) },
        });
        await tx.invitation.update({
          where: { id: invitation.id },
          data: { status: "adopted", accountId: me, stanza: null, releaseKey: null, codeVerifierDigest: null },
        });
      });
      await appendAudit(deps, { ...requestMeta(req), type: "invitation.adopted", actorId: me, subjectId: params.id });
      return { ok: true as const };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/recall",
      summary:
        "Withdraw a message I sent: its ciphertext, chunks and key stanzas are deleted at once; readers see that it was withdrawn",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ id: messageId }).strict(),
      response: z.object({ status: z.literal("recalled") }),
    },
    async ({ params }, req, res) => {
      const me = authOf(res).accountId;
      const message = await ownMessage(deps, params.id, me);
      if (message.status === "expired") throw new AppError("CONFLICT", "this message has already expired");
      if (message.status !== "recalled") {
        const now = deps.now();
        await deps.db.$transaction(async (tx) => {
          await tx.chunk.deleteMany({ where: { messageId: params.id } });
          await tx.messageRecipient.updateMany({ where: { messageId: params.id }, data: { stanza: null } });
          await tx.invitation.updateMany({
            where: { messageId: params.id },
            data: { stanza: null, releaseKey: null, codeVerifierDigest: null },
          });
          await tx.message.update({
            where: { id: params.id },
            data: { status: "recalled", envelope: null, recalledAt: now, purgedAt: now },
          });
        });
        await appendAudit(deps, { ...requestMeta(req), type: "message.recalled", actorId: me, subjectId: params.id });
      }
      return { status: "recalled" as const };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/invitations/reissue",
      summary:
        "Reissue a first-time recipient's invitation: a new bound invitation (new link secret, release key and access code or none, sealed by the sender's client) replaces the old one, unlocked with its tries reset; the person needs the new link",
      tag: "messages",
      access: "staff",
      before: [staff],
      params: z.object({ id: messageId }).strict(),
      body: invitationBody,
      response: z.object({ ok: z.literal(true) }),
    },
    async ({ params, body }, req, res) => {
      const me = authOf(res).accountId;
      await ownMessage(deps, params.id, me);
      const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      const bound = await boundInvitation(body, org.requireAccessCode);
      const r = await deps.db.invitation.updateMany({
        where: { messageId: params.id, address: normaliseEmail(body.address), status: "open" },
        data: {
          stanza: new Uint8Array(bound.stanza),
          releaseKey: new Uint8Array(bound.releaseKey),
          codeVerifierDigest: bound.codeVerifierDigest === null ? null : new Uint8Array(bound.codeVerifierDigest),
          failedTries: 0,
          lockedAt: null,
          mailboxCodeHash: null,
          mailboxCodeExpiresAt: null,
          mailboxCodeTries: 0,
        },
      });
      if (r.count !== 1) throw new AppError("NOT_FOUND", "no open invitation for this address");
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "invitation.reissued",
        actorId: me,
        subjectId: params.id,
        details: { accessCode: bound.codeVerifierDigest !== null },
      });
      return { ok: true as const };
    },
  );
}

/** Streams stored pieces in order with back-pressure; only a few pieces are in memory at a time. */
async function streamAttachment(
  deps: Deps,
  req: Request,
  res: Response,
  messageId: string,
  attachmentId: string,
  total: number,
): Promise<void> {
  let from = 0;
  const range = req.headers.range;
  if (range !== undefined) {
    const m = /^bytes=(\d+)-$/.exec(range);
    if (m?.[1] === undefined || Number(m[1]) >= total)
      throw new AppError("RANGE_NOT_SATISFIABLE", "ask for bytes=N- with N below the size");
    from = Number(m[1]);
  }
  res.status(from > 0 ? 206 : 200);
  res.setHeader("Content-Type", "application/octet-stream");
  res.setHeader("Content-Length", String(total - from));
  res.setHeader("Accept-Ranges", "bytes");
  res.setHeader("Cache-Control", "no-store");
  if (from > 0) res.setHeader("Content-Range", `bytes ${String(from)}-${String(total - 1)}/${String(total)}`);
  let index = 0;
  let offset = 0;
  for (;;) {
    // One piece per read: PostgreSQL's driver hands a 1 MiB piece over as 2 MiB of hex text before
    // it becomes bytes, and four at a time took the process 98 MiB above its start during a 256 MiB
    // download (31 MiB one at a time; 167 against 126 MB/s). SQLite's reads are in-process either way.
    const batch = await attachmentPieces(deps, { messageId, attachmentId, from: index, take: 1 });
    if (batch.length === 0) break;
    for (const chunk of batch) {
      const bytes = bufferOf(chunk.bytes);
      const end = offset + bytes.length;
      if (end > from) {
        if (!res.write(offset >= from ? bytes : bytes.subarray(from - offset))) {
          // Wait for the client to take more, or stop if it went away (a dropped download).
          await Promise.race([once(res, "drain"), once(res, "close")]);
          if (res.destroyed) return;
        }
      }
      offset = end;
      index = chunk.index + 1;
    }
  }
  res.end();
}
