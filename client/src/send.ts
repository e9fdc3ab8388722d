// Secure send: look up and pin every recipient's key, encrypt body and attachments here, create
// the message, upload the attachment pieces (resumably), commit, and return the links for the
// notification mail. If any step fails, a SigillError says which, and nothing has been sent as
// ordinary e-mail: the caller replaces the draft only after this resolves.
import {
  createInvitation,
  decodeBase64Url,
  encodeBase64Url,
  encryptAttachment,
  fingerprint,
  generateId,
  generateMessageKey,
  parseId,
  parsePublicBundle,
  sealEnvelope,
  sealInvitationStanza,
  sealKeyStanza,
  type AttachmentDescriptor,
  type BoxPublicKey,
  type ByteSource,
  type Id16,
} from "@sigill/crypto";
import { z } from "zod";
import { SigillError } from "./api.ts";
import type { StaffSession } from "./identity.ts";
import type { OpenMessage } from "./inbox.ts";
import { checkPin, type PinStore } from "./pins.ts";
import { memorySpool, type Spool, type Spooled } from "./spool.ts";

/** Largest piece the server accepts per upload request. */
export const PIECE_BYTES = 1024 * 1024;
const DAY_MS = 86_400_000;

export interface DraftAttachment {
  readonly name: string;
  readonly type: string;
  /** The file's bytes, whole or as a stream of pieces (a File's stream: never all in memory at once). */
  readonly source: Uint8Array | ByteSource;
}

export interface SecureDraft {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** Readers who get the message but are not listed in it (as in e-mail). */
  readonly bcc?: readonly string[];
  readonly attachments: readonly DraftAttachment[];
  readonly expiresInDays: number;
  /** Require an access code for first-time recipients (policy may force it). */
  readonly accessCode: boolean;
  readonly threadId?: string;
}

export interface SentSecure {
  readonly messageId: string;
  /** The one link for the notification mail (null when every recipient has an account). */
  readonly link: string | null;
  readonly expiresAt: Date;
  /** One per first-time recipient: the link for the notification mail and the code to give by phone. */
  readonly invitations: readonly { address: string; link: string; accessCode: string | null }[];
}

const directorySchema = z.object({
  accountId: z.string(),
  current: z.object({ bundle: z.string(), fingerprint: z.string() }).nullable(),
});

/** A code people can read out: 8 digits in two groups, from the CSPRNG. */
export function makeAccessCode(): string {
  const n = crypto.getRandomValues(new Uint32Array(2));
  const part = (x: number) => String(x % 10_000).padStart(4, "0");
  return `${part(n[0] ?? 0)}-${part(n[1] ?? 0)}`;
}

interface Reader {
  address: string;
  accountId: string;
  boxPublicKey: BoxPublicKey;
  fingerprint: string;
}

async function resolveRecipients(session: StaffSession, addresses: readonly string[], pins: PinStore) {
  const readers: Reader[] = [];
  const firstTime: string[] = [];
  for (const address of addresses) {
    let found: z.infer<typeof directorySchema> | null = null;
    try {
      found = await session.api.call(directorySchema, "GET", `/api/directory?email=${encodeURIComponent(address)}`);
    } catch (error) {
      if (!(error instanceof SigillError && error.serverCode === "NOT_FOUND")) throw error;
    }
    if (found === null || found.current === null) {
      firstTime.push(address);
      continue;
    }
    const bundle = await parsePublicBundle(await decodeBase64Url(found.current.bundle));
    const print = await fingerprint(bundle);
    const pin = await checkPin(pins, address, print);
    if (pin.status === "changed") {
      throw new SigillError(
        "KEY_CHANGED",
        `the key of ${address} has changed: pinned ${pin.pinned}, now ${pin.current}`,
      );
    }
    readers.push({ address, accountId: found.accountId, boxPublicKey: bundle.boxPublicKey, fingerprint: print });
  }
  return { readers, firstTime };
}

/** What a send needs besides the session: pinned keys, a clock, progress and the spool. */
export interface SendDeps {
  readonly pins: PinStore;
  readonly now?: () => Date;
  readonly onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** Where ciphertext waits for the upload (default: memory; the extension pages use OPFS). */
  readonly spool?: Spool;
}

export async function sendSecure(session: StaffSession, draft: SecureDraft, deps: SendDeps): Promise<SentSecure> {
  if (session.identity === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const everyone = [...new Set([...draft.to, ...draft.cc, ...(draft.bcc ?? [])])];
  const { readers, firstTime } = await resolveRecipients(session, everyone, deps.pins);
  const now = (deps.now ?? (() => new Date()))();
  return spooled((uploads) =>
    encryptAndSend(
      session,
      draft,
      { readers, firstTime, now, expiresAt: new Date(now.getTime() + draft.expiresInDays * DAY_MS) },
      deps,
      uploads,
    ),
  );
}

/** Runs a send; whatever ciphertext it spooled is discarded afterwards, sent or not. */
async function spooled<T>(
  run: (uploads: { descriptor: AttachmentDescriptor; ciphertext: Spooled }[]) => Promise<T>,
): Promise<T> {
  const uploads: { descriptor: AttachmentDescriptor; ciphertext: Spooled }[] = [];
  try {
    return await run(uploads);
  } finally {
    for (const u of uploads) await u.ciphertext.discard();
  }
}

export interface ReplyDraft {
  readonly text: string;
  readonly attachments: readonly DraftAttachment[];
}

/**
 * Replies to a message from someone else: sealed to its sender's current published key (pinned
 * like any recipient's), in the same thread, with the subject "Sv: …". A reply expires when the
 * message it answers does. Works for recipients too, who cannot search the directory: the
 * sender's bundles come with the message.
 */
export async function sendReply(
  session: StaffSession,
  original: OpenMessage,
  reply: ReplyDraft,
  deps: SendDeps,
): Promise<SentSecure> {
  if (session.identity === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const content = original.content;
  const current = original.sender.bundles[0];
  if (content === null || current === undefined)
    throw new SigillError("PROTOCOL", "this message can no longer be answered");
  if (original.sender.accountId === session.account.id)
    throw new SigillError("PROTOCOL", "answer a message from someone else");
  const bundle = await parsePublicBundle(await decodeBase64Url(current));
  if (bundle.accountId !== original.sender.accountId)
    throw new SigillError("PROTOCOL", "the sender's key belongs to another account");
  const address = content.from.address;
  const print = await fingerprint(bundle);
  const pin = await checkPin(deps.pins, address, print);
  if (pin.status === "changed")
    throw new SigillError("KEY_CHANGED", `the key of ${address} has changed: pinned ${pin.pinned}, now ${pin.current}`);
  const subject = /^(sv|re):/i.test(content.subject) ? content.subject : `Sv: ${content.subject}`;
  const draft: SecureDraft = {
    subject,
    text: reply.text,
    to: [address],
    cc: [],
    attachments: reply.attachments,
    expiresInDays: 0,
    accessCode: false,
    threadId: original.threadId,
  };
  const reader = {
    address,
    accountId: original.sender.accountId,
    boxPublicKey: bundle.boxPublicKey,
    fingerprint: print,
  };
  const now = (deps.now ?? (() => new Date()))();
  return spooled((uploads) =>
    encryptAndSend(
      session,
      draft,
      { readers: [reader], firstTime: [], now, expiresAt: new Date(original.expiresAt), inReplyTo: original.id },
      deps,
      uploads,
    ),
  );
}

interface Addressed {
  readonly readers: readonly Reader[];
  readonly firstTime: readonly string[];
  readonly now: Date;
  readonly expiresAt: Date;
  readonly inReplyTo?: string;
}

async function encryptAndSend(
  session: StaffSession,
  draft: SecureDraft,
  { readers, firstTime, now, expiresAt, inReplyTo }: Addressed,
  deps: SendDeps,
  uploads: { descriptor: AttachmentDescriptor; ciphertext: Spooled }[],
): Promise<SentSecure> {
  const me = session.identity;
  if (me === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const spool = deps.spool ?? memorySpool;
  const messageKey = await generateMessageKey();
  const messageId = await generateId();
  const threadId = draft.threadId === undefined ? messageId : ((await decodeBase64Url(draft.threadId)) as Id16);
  // Attachments are encrypted before the envelope, which signs each ciphertext's hash; the
  // ciphertext waits in the spool (disk in the extension) until it is uploaded.
  for (const a of draft.attachments) {
    const enc = encryptAttachment(a.source instanceof Uint8Array ? [a.source] : a.source, {
      messageKey,
      messageId,
      attachmentId: await generateId(),
    });
    const ciphertext = await spool(enc);
    uploads.push({ descriptor: enc.descriptor(), ciphertext });
  }
  const envelope = await sealEnvelope(
    {
      messageId,
      threadId,
      createdAt: now.getTime(),
      expiresAt: expiresAt.getTime(),
      attachments: uploads.map((u) => u.descriptor),
      content: {
        subject: draft.subject,
        text: draft.text,
        ...(draft.html !== undefined && { html: draft.html }),
        from: { name: session.account.displayName, address: session.account.email },
        to: [...draft.to],
        cc: [...draft.cc],
        attachments: draft.attachments.map((a) => ({ name: a.name, type: a.type })),
        ...(inReplyTo !== undefined && { inReplyTo: await parseId(inReplyTo) }),
      },
    },
    messageKey,
    me,
  );
  const stanzas = [
    {
      accountId: session.account.id,
      stanza: await encodeBase64Url(await sealKeyStanza(messageKey, messageId, me.boxPublicKey)),
    },
  ];
  for (const r of readers) {
    // The sender may be among the recipients (a copy to oneself): one stanza per reader.
    if (r.accountId === session.account.id || stanzas.some((s) => s.accountId === r.accountId)) continue;
    stanzas.push({
      accountId: r.accountId,
      stanza: await encodeBase64Url(await sealKeyStanza(messageKey, messageId, r.boxPublicKey)),
    });
  }
  const id = await encodeBase64Url(messageId);
  // One link secret per message (design): the notification mail to everyone carries one link; each
  // invitation is still bound to its own address, and each may have its own access code.
  const invitations: { address: string; link: string; accessCode: string | null }[] = [];
  const invitationBodies = [];
  if (firstTime.length > 0) {
    const { linkSecret } = await createInvitation(messageKey, messageId);
    const link = `${session.api.server}/m/${id}#${await encodeBase64Url(linkSecret)}`;
    for (const address of firstTime) {
      const stanza = await sealInvitationStanza(messageKey, messageId, linkSecret);
      const accessCode = draft.accessCode ? makeAccessCode() : null;
      invitations.push({ address, link, accessCode });
      invitationBodies.push({
        address,
        stanza: await encodeBase64Url(stanza),
        ...(accessCode !== null && { accessCode }),
      });
    }
  }
  const created = await session.api.call(
    z.object({ id: z.string(), uploads: z.array(z.object({ attachmentId: z.string(), ciphertextSize: z.number() })) }),
    "POST",
    "/api/messages",
    { envelope: await encodeBase64Url(envelope), stanzas, invitations: invitationBodies },
  );
  const total = uploads.reduce((n, u) => n + u.ciphertext.size, 0);
  let sent = 0;
  for (const [i, u] of uploads.entries()) {
    const attachmentId = created.uploads[i]?.attachmentId;
    if (attachmentId === undefined) throw new SigillError("PROTOCOL", "the server did not accept the attachments");
    const status = await session.api.call(
      z.object({ nextIndex: z.number() }),
      "GET",
      `/api/messages/${id}/attachments/${attachmentId}/status`,
    );
    // Resume where the server stands (a retried send after a dropped connection skips what arrived).
    for (let index = status.nextIndex; index * PIECE_BYTES < u.ciphertext.size; index++) {
      const piece = await u.ciphertext.read(index * PIECE_BYTES, PIECE_BYTES);
      await session.api.call(
        z.object({ nextIndex: z.number() }),
        "PUT",
        `/api/messages/${id}/attachments/${attachmentId}/pieces/${String(index)}`,
        undefined,
        piece,
      );
      sent += piece.length;
      deps.onProgress?.(sent, total);
    }
  }
  if (uploads.length > 0)
    await session.api.call(z.object({ status: z.literal("committed") }), "POST", `/api/messages/${id}/commit`, {});
  // Pin only after a successful send: what the person confirmed is what was used.
  for (const r of readers) await deps.pins.set(r.address, r.fingerprint);
  return { messageId: id, link: invitations[0]?.link ?? null, expiresAt, invitations };
}
