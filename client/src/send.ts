// Secure send: look up and pin every recipient's key, encrypt body and attachments here, create
// the message, upload the attachment pieces (resumably), commit, and return the links for the
// notification mail. If any step fails, a SigillError says which, and nothing has been sent as
// ordinary e-mail: the caller replaces the draft only after this resolves.
import { MAX_RECIPIENTS } from "./limits.ts";
import {
  decodeBase64Url,
  encodeBase64Url,
  encryptAttachment,
  fingerprint,
  generateId,
  generateLinkSecret,
  generateMessageKey,
  generateReleaseKey,
  normaliseAddress,
  parseId,
  parsePublicBundle,
  sealEnvelope,
  sealInvitation,
  sealKeyStanza,
  type AttachmentDescriptor,
  type BoxPublicKey,
  type MessageKey,
  type ByteSource,
  type Id16,
} from "@sigill/crypto";
import type { z } from "zod";
import { SigillError } from "./api.ts";
import type { StaffSession } from "./identity.ts";
import type { OpenMessage } from "./inbox.ts";
import { checkPin, type PinStore } from "./pins.ts";
import { memorySpool, type Spool, type Spooled } from "./spool.ts";
import { directoryAnswer } from "./wire/directory.ts";
import { committedAnswer, createAnswer, pieceAnswer, uploadStatusAnswer } from "./wire/messages.ts";

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
  /** Recipients whose key was used for the first time (now pinned), with the fingerprint to compare. */
  readonly firstUse: readonly { address: string; fingerprint: string }[];
}

/**
 * A code people can read out by phone: 12 digits in three groups ("1234-5678-9012", about 40
 * bits), from the CSPRNG without modulo bias. It is part of the invitation's key (Argon2id), and
 * 12 digits are what keeps an offline search by someone with both the link and a copy of the
 * server's database out of reach (docs/protocol.md).
 */
export function makeAccessCode(): string {
  const group = () => {
    for (;;) {
      const [n = 0] = crypto.getRandomValues(new Uint32Array(1));
      if (n < 4_294_960_000) return String(n % 10_000).padStart(4, "0");
    }
  };
  return `${group()}-${group()}-${group()}`;
}

interface Reader {
  address: string;
  accountId: string;
  boxPublicKey: BoxPublicKey;
  fingerprint: string;
}

/** A recipient's published key as the directory gives it, checked against what its owner signed. */
interface DirectoryKey {
  readonly accountId: string;
  /** The signed address (normal form): what pins are keyed by. */
  readonly address: string;
  readonly boxPublicKey: BoxPublicKey;
  readonly fingerprint: string;
}

/**
 * Looks up `address` in the directory (the address in the request's body, never its URL); null when
 * it has no account with keys (a first-time recipient, invited by link, unless a pin says otherwise).
 * @throws SigillError `PROTOCOL` when the bundle the directory gives is signed for another address
 *   or account: the key is not used.
 */
async function lookupKey(session: StaffSession, address: string): Promise<DirectoryKey | null> {
  let found: z.infer<typeof directoryAnswer> | null = null;
  try {
    found = await session.api.call(directoryAnswer, "POST", "/api/directory/lookup", { email: address });
  } catch (error) {
    if (!(error instanceof SigillError && error.serverCode === "NOT_FOUND")) throw error;
  }
  if (found === null || found.current === null) return null;
  const bundle = await parsePublicBundle(await decodeBase64Url(found.current.bundle));
  // The directory's answer is checked against what the key's owner signed: the bundle must name
  // the address asked for and the account the directory says, or the key is not used.
  if (bundle.address !== normaliseAddress(address) || bundle.accountId !== found.accountId)
    throw new SigillError("PROTOCOL", `the directory's key for ${address} is signed for someone else`);
  return {
    accountId: found.accountId,
    address: bundle.address,
    boxPublicKey: bundle.boxPublicKey,
    fingerprint: await fingerprint(bundle),
  };
}

/** What secure compose shows for each recipient before sending. */
export type RecipientKeyState =
  | {
      readonly address: string;
      readonly kind: "key";
      /** new: first use (compare the fingerprint by phone if in doubt); same: as pinned; changed: stops the send. */
      readonly status: "new" | "same" | "changed";
      readonly fingerprint: string;
      readonly pinned?: string;
    }
  | { readonly address: string; readonly kind: "invitation" }
  /** A pinned key the directory no longer gives: stops the send, like a changed one. */
  | { readonly address: string; readonly kind: "gone"; readonly pinned: string };

/**
 * The pinned fingerprint of an address the directory has no key for, or undefined for a true
 * first-time recipient. Pins are keyed by the signed address, which equals the normal form of
 * the address asked for (lookupKey checks it).
 */
async function pinOfMissing(pins: PinStore, address: string): Promise<string | undefined> {
  return pins.get(normaliseAddress(address));
}

/** Each recipient's key and its pin state, as a send would use them (nothing is pinned here). */
export async function previewRecipients(
  session: StaffSession,
  addresses: readonly string[],
  pins: PinStore,
): Promise<RecipientKeyState[]> {
  const out: RecipientKeyState[] = [];
  for (const address of [...new Set(addresses)]) {
    const key = await lookupKey(session, address);
    if (key === null) {
      const pinned = await pinOfMissing(pins, address);
      out.push(pinned === undefined ? { address, kind: "invitation" } : { address, kind: "gone", pinned });
      continue;
    }
    const pin = await checkPin(pins, key.address, key.fingerprint);
    out.push({
      address,
      kind: "key",
      status: pin.status,
      fingerprint: key.fingerprint,
      ...(pin.status === "changed" && { pinned: pin.pinned }),
    });
  }
  return out;
}

/**
 * The person's decision after comparing fingerprints with the recipient (by phone, against the
 * recipient's account page): a changed key is trusted as shown (the pin becomes `state.fingerprint`,
 * the one they compared, so a key swapped again since stops the send again), and a vanished one is
 * forgotten (the address is then invited by link like a first-time recipient). Nothing else is
 * touched, and the next send asks the directory again.
 */
export async function acceptRecipientKey(pins: PinStore, state: RecipientKeyState): Promise<void> {
  const address = normaliseAddress(state.address);
  if (state.kind === "key" && state.status === "changed") await pins.set(address, state.fingerprint);
  else if (state.kind === "gone") await pins.remove(address);
}

async function resolveRecipients(session: StaffSession, addresses: readonly string[], pins: PinStore) {
  const readers: Reader[] = [];
  const firstTime: string[] = [];
  const firstUse: { address: string; fingerprint: string }[] = [];
  for (const address of addresses) {
    const key = await lookupKey(session, address);
    if (key === null) {
      // Someone written to before is not a first-time recipient: a key that vanished (account
      // disabled or removed, or a server hiding it) must not turn them into a link for whoever
      // holds the mailbox. Stopped before anything is encrypted or sent, as a changed key is.
      const pinned = await pinOfMissing(pins, address);
      if (pinned !== undefined)
        throw new SigillError("KEY_GONE", `the key of ${address} is no longer in the directory: pinned ${pinned}`);
      firstTime.push(address);
      continue;
    }
    const pin = await checkPin(pins, key.address, key.fingerprint);
    if (pin.status === "changed") {
      throw new SigillError(
        "KEY_CHANGED",
        `the key of ${address} has changed: pinned ${pin.pinned}, now ${pin.current}`,
      );
    }
    if (pin.status === "new") firstUse.push({ address: key.address, fingerprint: key.fingerprint });
    readers.push({
      address: key.address,
      accountId: key.accountId,
      boxPublicKey: key.boxPublicKey,
      fingerprint: key.fingerprint,
    });
  }
  return { readers, firstTime, firstUse };
}

/** How many pieces of one attachment are on their way to the server at once. */
export const PIECES_IN_FLIGHT = 2;

/**
 * Uploads the pieces of `ciphertext` from `from` on, two at a time: the server stores them in
 * order, and a piece that arrives while the one before it is still being stored waits for it
 * there, so the next piece travels while the server writes the last. If the server still says a
 * piece came out of order (its wait ran out, or another instance took the one before), the upload
 * goes on from where the server's status says it stands; it fails only when a round adds nothing.
 * @throws the first error of `put` that is not `UPLOAD_OUT_OF_ORDER`, or SigillError `SERVER` when
 *   the server's position stops moving.
 */
export async function uploadPieces(
  ciphertext: { readonly size: number; read(offset: number, length: number): Promise<Uint8Array> },
  from: number,
  put: (index: number, piece: Uint8Array) => Promise<void>,
  position: () => Promise<number>,
): Promise<void> {
  const count = Math.ceil(ciphertext.size / PIECE_BYTES);
  let start = from;
  while (start < count) {
    const round: { next: number; outOfOrder: boolean; failure: Error | null } = {
      next: start,
      outOfOrder: false,
      failure: null,
    };
    const worker = async () => {
      while (round.failure === null && !round.outOfOrder && round.next < count) {
        const index = round.next++;
        try {
          await put(index, await ciphertext.read(index * PIECE_BYTES, PIECE_BYTES));
        } catch (error) {
          if (error instanceof SigillError && error.serverCode === "UPLOAD_OUT_OF_ORDER") round.outOfOrder = true;
          else
            round.failure ??=
              error instanceof Error ? error : new SigillError("NETWORK", "a piece could not be uploaded");
        }
      }
    };
    await Promise.all(Array.from({ length: PIECES_IN_FLIGHT }, worker));
    if (round.failure !== null) throw round.failure;
    if (!round.outOfOrder) return;
    const at = await position();
    if (at <= start) throw new SigillError("SERVER", "the upload does not move on: try sending again");
    start = at;
  }
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
  // Told before any key is looked up or anything encrypted: the server would refuse the message.
  if (everyone.length > MAX_RECIPIENTS) {
    throw new SigillError(
      "TOO_MANY_RECIPIENTS",
      `${String(everyone.length)} recipients: a secure message has at most ${String(MAX_RECIPIENTS)}`,
    );
  }
  const { readers, firstTime, firstUse } = await resolveRecipients(session, everyone, deps.pins);
  const now = (deps.now ?? (() => new Date()))();
  const sent = await spooled((uploads) =>
    encryptAndSend(
      session,
      draft,
      { readers, firstTime, now, expiresAt: new Date(now.getTime() + draft.expiresInDays * DAY_MS) },
      deps,
      uploads,
    ),
  );
  return { ...sent, firstUse };
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
  const signer = original.signer;
  if (content === null || signer === null) throw new SigillError("PROTOCOL", "this message can no longer be answered");
  if (original.sender.accountId === session.account.id)
    throw new SigillError("PROTOCOL", "answer a message from someone else");
  // The reply goes to whoever signed the message, sealed to the very key that verified it; if the
  // sender has published another key since, the person must see that first (fail closed).
  if (original.sender.bundles[0] !== signer.bundle)
    throw new SigillError(
      "KEY_CHANGED",
      `the key of ${signer.address} has changed since this message: open their newest message to reply`,
    );
  const bundle = await parsePublicBundle(await decodeBase64Url(signer.bundle));
  if (bundle.accountId !== original.sender.accountId || bundle.accountId !== signer.accountId)
    throw new SigillError("PROTOCOL", "the sender's key belongs to another account");
  const address = signer.address;
  const print = signer.fingerprint;
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
  const sent = await spooled((uploads) =>
    encryptAndSend(
      session,
      draft,
      { readers: [reader], firstTime: [], now, expiresAt: new Date(original.expiresAt), inReplyTo: original.id },
      deps,
      uploads,
    ),
  );
  return { ...sent, firstUse: pin.status === "new" ? [{ address, fingerprint: print }] : [] };
}

/** What the server stores for one bound invitation (docs/protocol.md). */
interface InvitationBody {
  readonly address: string;
  readonly stanza: string;
  readonly releaseKey: string;
  readonly verifierDigest?: string;
}

/**
 * Invitations for first-time recipients. One link secret per message: the one notification mail
 * to everyone carries one link. Each invitation is still bound to its own address, its own release
 * key (kept by the server, released only to whoever proves that mailbox) and its own access code,
 * so one recipient's link opens nothing of another's.
 */
async function inviteFirstTime(
  session: StaffSession,
  message: { messageKey: MessageKey; messageId: Id16; id: string },
  addresses: readonly string[],
  withCode: boolean,
): Promise<{ invitations: SentSecure["invitations"]; bodies: InvitationBody[] }> {
  if (addresses.length === 0) return { invitations: [], bodies: [] };
  const secret = await generateLinkSecret();
  const link = `${session.api.server}/m/${message.id}#${await encodeBase64Url(secret)}`;
  const invitations: SentSecure["invitations"][number][] = [];
  const bodies: InvitationBody[] = [];
  for (const raw of addresses) {
    const address = normaliseAddress(raw);
    const accessCode = withCode ? makeAccessCode() : null;
    const releaseKey = await generateReleaseKey();
    const sealed = await sealInvitation(message.messageKey, {
      messageId: message.messageId,
      linkSecret: secret,
      address,
      releaseKey,
      ...(accessCode !== null && { accessCode }),
    });
    invitations.push({ address: raw, link, accessCode });
    bodies.push({
      address,
      stanza: await encodeBase64Url(sealed.stanza),
      releaseKey: await encodeBase64Url(releaseKey),
      ...(sealed.verifierDigest !== null && { verifierDigest: await encodeBase64Url(sealed.verifierDigest) }),
    });
  }
  return { invitations, bodies };
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
  const { invitations, bodies: invitationBodies } = await inviteFirstTime(
    session,
    { messageKey, messageId, id },
    firstTime,
    draft.accessCode,
  );
  const created = await session.api.call(createAnswer, "POST", "/api/messages", {
    envelope: await encodeBase64Url(envelope),
    stanzas,
    invitations: invitationBodies,
  });
  const total = uploads.reduce((n, u) => n + u.ciphertext.size, 0);
  let sent = 0;
  for (const [i, u] of uploads.entries()) {
    const attachmentId = created.uploads[i]?.attachmentId;
    if (attachmentId === undefined) throw new SigillError("PROTOCOL", "the server did not accept the attachments");
    const path = `/api/messages/${id}/attachments/${attachmentId}`;
    /** Where the server stands: the next piece it expects. */
    const position = async () => (await session.api.call(uploadStatusAnswer, "GET", `${path}/status`)).nextIndex;
    // Resume where the server stands (a retried send after a dropped connection skips what arrived).
    await uploadPieces(
      u.ciphertext,
      await position(),
      async (index, piece) => {
        await session.api.call(pieceAnswer, "PUT", `${path}/pieces/${String(index)}`, undefined, piece);
        sent += piece.length;
        deps.onProgress?.(sent, total);
      },
      position,
    );
  }
  if (uploads.length > 0) await session.api.call(committedAnswer, "POST", `/api/messages/${id}/commit`, {});
  // Pin only after a successful send: what the person confirmed is what was used.
  for (const r of readers) await deps.pins.set(r.address, r.fingerprint);
  return { messageId: id, link: invitations[0]?.link ?? null, expiresAt, invitations, firstUse: [] };
}
