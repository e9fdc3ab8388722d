// After sending: a first-time recipient adopts the message into their new account, the sender
// recalls it, or reissues an invitation. Use cases with plain inputs; the routes only declare.
import type { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { normaliseEmail } from "../accounts/email.ts";
import { ORG_ID } from "../accounts/enrolments.ts";
import { appendAudit, type RequestMeta } from "../audit/log.ts";
import { bytesFrom, notFound, ownMessage } from "./access.ts";
import { boundInvitation, checkRecipientStanza, type invitationBody } from "./stanzas.ts";

/**
 * Adds `accountId`'s own key stanza (sealed to their published key) to a message whose invitation
 * they opened (with the code when required); the invitation closes and forgets its secrets.
 */
export async function adoptMessage(
  deps: Deps,
  input: { readonly accountId: string; readonly messageId: string; readonly stanza: string },
  meta: RequestMeta,
): Promise<void> {
  const me = input.accountId;
  const messageId = input.messageId;
  const account = await deps.db.account.findUniqueOrThrow({ where: { id: me } });
  const invitation = await deps.db.invitation.findUnique({
    where: { messageId_address: { messageId, address: account.email } },
  });
  // Only someone who passed the invitation (opened it, with the code when required) may adopt.
  if (invitation?.openedAt == null || (invitation.accountId !== null && invitation.accountId !== me)) throw notFound();
  const stanza = await bytesFrom(input.stanza, "STANZA_INVALID");
  await checkRecipientStanza(deps, stanza, me);
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    await tx.messageRecipient.upsert({
      where: { messageId_accountId: { messageId, accountId: me } },
      create: {
        messageId,
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
  await appendAudit(deps, { ...meta, type: "invitation.adopted", actorId: me, subjectId: messageId });
}

/** Withdraws the sender's message: ciphertext, pieces and every key stanza go at once (once, however often asked). */
export async function recallMessage(
  deps: Deps,
  input: { readonly accountId: string; readonly messageId: string },
  meta: RequestMeta,
): Promise<void> {
  const { accountId: me, messageId } = input;
  const message = await ownMessage(deps, messageId, me);
  if (message.status === "expired") throw new AppError("CONFLICT", "this message has already expired");
  if (message.status === "recalled") return;
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    await tx.chunk.deleteMany({ where: { messageId } });
    await tx.messageRecipient.updateMany({ where: { messageId }, data: { stanza: null } });
    await tx.invitation.updateMany({
      where: { messageId },
      data: { stanza: null, releaseKey: null, codeVerifierDigest: null },
    });
    await tx.message.update({
      where: { id: messageId },
      data: { status: "recalled", envelope: null, recalledAt: now, purgedAt: now },
    });
  });
  await appendAudit(deps, { ...meta, type: "message.recalled", actorId: me, subjectId: messageId });
}

/**
 * Replaces an open invitation of the sender's message with a new bound one (new link secret,
 * release key and access code or none), unlocked with its tries reset.
 */
export async function reissueInvitation(
  deps: Deps,
  input: {
    readonly accountId: string;
    readonly messageId: string;
    readonly invitation: z.infer<typeof invitationBody>;
  },
  meta: RequestMeta,
): Promise<void> {
  const { accountId: me, messageId, invitation } = input;
  await ownMessage(deps, messageId, me);
  const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
  const bound = await boundInvitation(invitation, org.requireAccessCode);
  const r = await deps.db.invitation.updateMany({
    where: { messageId, address: normaliseEmail(invitation.address), status: "open" },
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
    ...meta,
    type: "invitation.reissued",
    actorId: me,
    subjectId: messageId,
    details: { accessCode: bound.codeVerifierDigest !== null },
  });
}
