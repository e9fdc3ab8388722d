// Creating a message (POST /api/messages): the signed envelope, one key stanza per account reader
// and a bound invitation per first-time recipient are checked, then stored in one transaction.
// The route only declares the request; this is the use case, with plain inputs.
import { MAX_RECIPIENTS } from "@sigill/client/limits";
import type { createAnswer } from "@sigill/client/wire/messages";
import {
  asSignPublicKey,
  attachmentCiphertextSize,
  isCryptoError,
  parseEnvelope,
  verifyEnvelope,
  type ParsedEnvelope,
} from "@sigill/crypto";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { base64Url } from "../../wire.ts";
import { normaliseEmail } from "../accounts/email.ts";
import { ORG_ID } from "../accounts/enrolments.ts";
import { appendAudit, type RequestMeta } from "../audit/log.ts";
import { base64url, idSchema } from "../auth/schemas.ts";
import { newId } from "../auth/tokens.ts";
import { bytesFrom, maxExpiry } from "./access.ts";
import { notifyReaders } from "./notify-readers.ts";
import { boundInvitation, checkSealedTo, invitationBody } from "./stanzas.ts";

/** Key stanzas of one message: its recipients with an account and the sender's own copy. */
const MAX_STANZAS = MAX_RECIPIENTS + 1;

export const createBody = z
  .object({
    envelope: base64url.min(100).max(12_000_000),
    stanzas: z
      .array(z.object({ accountId: idSchema, stanza: base64url.max(400) }).strict())
      .min(1)
      .max(MAX_STANZAS),
    invitations: z.array(invitationBody).max(MAX_RECIPIENTS).default([]),
  })
  .strict();

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
    await verifyEnvelope(parsed, asSignPublicKey(bundle.signPublicKey));
  } catch (cause) {
    throw new AppError("ENVELOPE_INVALID", "the envelope is not signed by your current key", { cause });
  }
  return { envelope, parsed };
}

/** The readers' stanzas, each checked against its account (active) and current key: one query each for all readers. */
async function readerStanzas(
  deps: Deps,
  given: readonly { accountId: string; stanza: string }[],
): Promise<{ accountId: string; stanza: Uint8Array }[]> {
  const ids = given.map((s) => s.accountId);
  const [accounts, bundles] = await Promise.all([
    deps.db.account.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } }),
    deps.db.keyBundle.findMany({
      where: { accountId: { in: ids }, supersededAt: null },
      select: { accountId: true, boxPublicKey: true },
    }),
  ]);
  const active = new Set(accounts.filter((a) => a.status === "active").map((a) => a.id));
  const boxKeys = new Map(bundles.map((b) => [b.accountId, b.boxPublicKey]));
  const stanzas: { accountId: string; stanza: Uint8Array }[] = [];
  const seen = new Set<string>();
  // In the body's order, each reader checked whole before the next, as before the lookups were batched.
  for (const s of given) {
    if (seen.has(s.accountId)) throw new AppError("STANZA_INVALID", "one stanza per reader");
    seen.add(s.accountId);
    if (!active.has(s.accountId)) throw new AppError("STANZA_INVALID", "a reader has no active account");
    const stanza = await bytesFrom(s.stanza, "STANZA_INVALID");
    await checkSealedTo(stanza, boxKeys.get(s.accountId));
    stanzas.push({ accountId: s.accountId, stanza });
  }
  return stanzas;
}

/** The invitations for first-time recipients: one per address, none to an address that has an account. */
async function firstTimeInvitations(
  deps: Deps,
  given: readonly z.infer<typeof invitationBody>[],
  requireCode: boolean,
): Promise<{ address: string; stanza: Uint8Array; releaseKey: Uint8Array; codeVerifierDigest: Uint8Array | null }[]> {
  const addresses = given.map((inv) => normaliseEmail(inv.address));
  const taken =
    addresses.length === 0
      ? new Set<string>()
      : new Set(
          (await deps.db.account.findMany({ where: { email: { in: addresses } }, select: { email: true } })).map(
            (a) => a.email,
          ),
        );
  const invitations = [];
  for (const [i, inv] of given.entries()) {
    const address = addresses[i] ?? "";
    if (addresses.indexOf(address) !== i) throw new AppError("STANZA_INVALID", "one invitation per address");
    if (taken.has(address))
      throw new AppError("ACCOUNT_EXISTS", "an invited address has an account: send to its key instead");
    invitations.push({ address, ...(await boundInvitation(inv, requireCode)) });
  }
  return invitations;
}

/**
 * Creates a message from `body` for `actor`: checks the envelope's signature and expiry, the
 * thread (a reply), every reader's stanza and every invitation, then stores it, logs it and, when
 * it has no attachments to wait for, notifies its readers.
 */
export async function createMessage(
  deps: Deps,
  actor: { readonly accountId: string; readonly role: string },
  body: z.infer<typeof createBody>,
  meta: RequestMeta,
): Promise<z.infer<typeof createAnswer>> {
  const now = deps.now();
  const { envelope, parsed } = await parseSigned(deps, body.envelope, actor.accountId);
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
        OR: [{ senderId: actor.accountId }, { recipients: { some: { accountId: actor.accountId } } }],
      },
    });
    if (first === null) throw new AppError("NOT_FOUND", "no such thread");
    if (actor.role === "recipient") await recipientReplyOnly(deps, threadId, actor.accountId, body);
  } else if (actor.role === "recipient") {
    throw new AppError("FORBIDDEN", "recipients can reply, not start new conversations");
  }
  if (!body.stanzas.some((s) => s.accountId === actor.accountId)) {
    throw new AppError("STANZA_INVALID", "include a key stanza for yourself, or you cannot read what you sent");
  }
  const stanzas = await readerStanzas(deps, body.stanzas);
  const invitations = await firstTimeInvitations(deps, body.invitations, org.requireAccessCode);
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
          senderId: actor.accountId,
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
            role: s.accountId === actor.accountId ? "sender" : "recipient",
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
          data: { messageId: id, id: base64Url(u.attachmentId), ciphertextSize: BigInt(u.ciphertextSize) },
        });
      }
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") throw new AppError("CONFLICT", "a message with this id exists");
    throw error;
  }
  await appendAudit(deps, {
    ...meta,
    type: "message.created",
    actorId: actor.accountId,
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
      ...meta,
      type: "invitation.created",
      actorId: actor.accountId,
      subjectId: id,
      details: { accessCode: inv.codeVerifierDigest !== null },
    });
  }
  if (status === "committed") await notifyReaders(deps, { id, threadId, senderId: actor.accountId });
  return {
    id,
    threadId,
    status,
    uploads: uploads.map((u) => ({ attachmentId: base64Url(u.attachmentId), ciphertextSize: u.ciphertextSize })),
  };
}
