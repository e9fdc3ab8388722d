// People with real keys: enrolled with a passkey, keys generated and published with @sigill/crypto.
import {
  accessCodeVerifier,
  decodeBase64Url,
  encodeBase64Url,
  encodePublicBundle,
  encryptAttachment,
  generateId,
  generateIdentity,
  generateLinkSecret,
  generateMessageKey,
  generateReleaseKey,
  normaliseAddress,
  generateRecoveryCode,
  openEnvelope,
  openKeyStanza,
  parseId,
  parsePublicBundle,
  prfSalt,
  sealEnvelope,
  sealInvitation,
  sealKeyStanza,
  wrapIdentity,
  type AttachmentDescriptor,
  type Id16,
  type Identity,
  type LinkSecret,
  type MessageKey,
} from "@sigill/crypto";
import { expect } from "vitest";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { createUser, type Client, type Kind } from "./client.ts";
import type { Harness } from "./harness.ts";
import type { SoftAuthenticator } from "./soft-authenticator.ts";

export interface Person {
  client: Client;
  account: { id: string; email: string; role: string };
  identity: Identity;
}

export async function publishKeys(
  client: Client,
  account: { id: string; email: string },
  credentialId: string,
  prfOutput: Uint8Array,
): Promise<Identity> {
  const identity = await generateIdentity();
  const bundle = await encodePublicBundle(identity, {
    accountId: account.id,
    address: account.email,
    createdAt: Date.now(),
  });
  const vault = [
    await wrapIdentity(identity, { method: "prf", credentialId: await decodeBase64Url(credentialId), prfOutput }),
    await wrapIdentity(identity, { method: "recovery", recoveryCode: await generateRecoveryCode() }),
  ];
  const put = await client.call("PUT", "/api/keys", {
    bundle: await encodeBase64Url(bundle),
    vault: await Promise.all(vault.map(encodeBase64Url)),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return identity;
}

export async function person(
  h: Harness,
  email: string,
  role: "staff" | "admin" | "recipient" = "staff",
  kind: Kind = "portal",
): Promise<Person> {
  const auth = h.authenticator();
  const { client, account, response } = await createUser(h, auth, { email, role, kind });
  const identity = await publishKeys(
    client,
    account,
    response.id,
    await decodeBase64Url(auth.prf(response.id, await prfSalt())),
  );
  return { client, account, identity };
}

/** The last mailbox code the server mailed to `address` (what the person reads in their mail). */
export function mailedCode(h: Harness, address: string): string {
  const mail = h.notifications.filter((n) => n.kind === "mailbox-code" && n.to === address).at(-1);
  if (mail?.kind !== "mailbox-code") throw new Error(`no mailbox code was mailed to ${address}`);
  return mail.code;
}

/** Asks for a mailbox code for `address` (as the message link's page does). */
export async function askMailboxCode(h: Harness, messageId: string, address: string) {
  return new (await import("./client.ts")).Client(h.base).call("POST", `/api/invitations/${messageId}/mailbox-code`, {
    address,
  });
}

/** The proof a first-time recipient gives: the mailed code (the access code is no proof of the mailbox). */
export type Proof = { mailboxCode: string };

/** Code parameters already fetched, per message and address (a client asks once). */
const codeParamsSeen = new Map<string, { salt: string; opsLimit: number; memLimit: number }>();

/** The access code's verifier as the recipient's client makes it (needs the link secret). */
export async function verifierFor(
  h: Harness,
  messageId: string,
  address: string,
  accessCode: string,
  linkSecret: Uint8Array,
): Promise<string> {
  const key = `${messageId}/${address}`;
  let params = codeParamsSeen.get(key);
  if (params === undefined) {
    const client = new (await import("./client.ts")).Client(h.base);
    const code = await client.call("POST", `/api/invitations/${messageId}/code`, { address });
    expect(code.status, JSON.stringify(code.body)).toBe(200);
    params = code.body.params as { salt: string; opsLimit: number; memLimit: number };
    codeParamsSeen.set(key, params);
  }
  return encodeBase64Url(
    await accessCodeVerifier(
      { ...params, salt: await decodeBase64Url(params.salt) },
      { messageId: await parseId(messageId), linkSecret: linkSecret as LinkSecret, address, accessCode },
    ),
  );
}

/**
 * A first-time recipient enrols through the invitation, as the portal does: proves the mailbox
 * (asks for the code and reads it from the mail, unless `proof` gives one), then registers a passkey
 * bound to the challenge; no token is ever handed out.
 */
export async function enrolInvited(
  h: Harness,
  messageId: string,
  address: string,
  proof?: Proof,
): Promise<{
  client: Client;
  account: { id: string; email: string };
  credentialId: string;
  prf: Uint8Array;
  auth: SoftAuthenticator;
}> {
  const auth = h.authenticator();
  const { Client: ClientClass } = await import("./client.ts");
  const client = new ClientClass(h.base);
  let given: Proof;
  if (proof !== undefined) {
    given = proof;
  } else {
    const asked = await askMailboxCode(h, messageId, address);
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    given = { mailboxCode: mailedCode(h, normaliseAddress(address)) };
  }
  const start = await client.call("POST", `/api/invitations/${messageId}/enrol/options`, { address, ...given });
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const response = auth.register(start.body.options as PublicKeyCredentialCreationOptionsJSON);
  const done = await client.call("POST", "/api/enrol/verify", {
    challengeId: start.body.challengeId,
    response,
    sessionKind: "portal",
  });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  client.adopt(done.body.session as { csrfToken?: string; token?: string });
  return {
    client,
    account: done.body.account as { id: string; email: string },
    credentialId: response.id,
    prf: await decodeBase64Url(auth.prf(response.id, await prfSalt())),
    auth,
  };
}

/** The access code's verifier for an invitation this test sent, from its link secret. */
export async function openInvited(
  h: Harness,
  invited: { client: Client; account: { email: string } },
  sent: Sent,
  accessCode?: string,
) {
  const body =
    accessCode === undefined || sent.linkSecret === null
      ? {}
      : { codeVerifier: await verifierFor(h, sent.id, invited.account.email, accessCode, sent.linkSecret) };
  return invited.client.call("POST", `/api/invitations/${sent.id}/open`, body);
}

/** A reissue request as the sender's client builds it: a new link secret, release key and code, sealed afresh. */
export async function reissueBody(
  sent: Sent,
  address: string,
  accessCode?: string,
  linkSecret?: LinkSecret,
): Promise<Record<string, string>> {
  const releaseKey = await generateReleaseKey();
  const sealed = await sealInvitation(sent.messageKey, {
    messageId: await parseId(sent.id),
    linkSecret: linkSecret ?? (await generateLinkSecret()),
    address,
    releaseKey,
    ...(accessCode !== undefined && { accessCode }),
  });
  return {
    address,
    stanza: await encodeBase64Url(sealed.stanza),
    releaseKey: await encodeBase64Url(releaseKey),
    ...(sealed.verifierDigest !== null && { verifierDigest: await encodeBase64Url(sealed.verifierDigest) }),
  };
}

/** The sender's client reissues an invitation (see {@link reissueBody}); returns the new link secret too. */
export async function reissueInvitation(sender: Person, sent: Sent, address: string, accessCode?: string) {
  const linkSecret = await generateLinkSecret();
  const body = await reissueBody(sent, address, accessCode, linkSecret);
  // The new stanza carries a new salt: the code's parameters must be asked for again.
  codeParamsSeen.delete(`${sent.id}/${address}`);
  const r = await sender.client.call("POST", `/api/messages/${sent.id}/invitations/reissue`, body);
  return { ...r, linkSecret };
}

/** Opens a bound invitation stanza as the recipient's client does. */
export async function openBound(
  sent: Sent,
  address: string,
  opened: { invitationStanza: string; releaseKey: string },
  accessCode?: string,
): Promise<MessageKey> {
  const { openInvitation } = await import("@sigill/crypto");
  return openInvitation(await decodeBase64Url(opened.invitationStanza), {
    messageId: await parseId(sent.id),
    linkSecret: sent.linkSecret as LinkSecret,
    address,
    releaseKey: (await decodeBase64Url(opened.releaseKey)) as never,
    ...(accessCode !== undefined && { accessCode }),
  });
}

export interface Draft {
  subject: string;
  text: string;
  to: { account: Person["account"]; identity: Identity }[];
  invite?: { address: string; accessCode?: string }[];
  attachment?: { name: string; bytes: Uint8Array };
  threadId?: string;
  expiresInMs?: number;
  chunkSize?: number;
}

export interface Sent {
  id: string;
  messageKey: MessageKey;
  linkSecret: Uint8Array | null;
  pieces: Uint8Array[];
  status: string;
  attachmentId: string | null;
}

/**
 * The body of `POST /api/messages` exactly as a client builds it (envelope, key stanzas, bound
 * invitations), with the keys and the attachment's ciphertext: for a test that posts it itself,
 * as an attacker would, and expects a refusal.
 */
export async function messageBody(sender: Person, draft: Draft) {
  const messageKey = await generateMessageKey();
  const messageId = await generateId();
  const threadId = draft.threadId === undefined ? messageId : ((await decodeBase64Url(draft.threadId)) as Id16);
  const descriptors: AttachmentDescriptor[] = [];
  let ciphertext = new Uint8Array(0);
  if (draft.attachment !== undefined) {
    const enc = encryptAttachment([draft.attachment.bytes], {
      messageKey,
      messageId,
      attachmentId: await generateId(),
      ...(draft.chunkSize !== undefined && { chunkSize: draft.chunkSize }),
    });
    const parts: Uint8Array[] = [];
    for await (const p of enc) parts.push(p);
    ciphertext = Buffer.concat(parts);
    descriptors.push(enc.descriptor());
  }
  const now = Date.now();
  const envelope = await sealEnvelope(
    {
      messageId,
      threadId,
      createdAt: now,
      expiresAt: now + (draft.expiresInMs ?? 7 * 86_400_000),
      attachments: descriptors,
      content: {
        subject: draft.subject,
        text: draft.text,
        from: { name: "Avsändare", address: sender.account.email },
        to: [...draft.to.map((t) => t.account.email), ...(draft.invite ?? []).map((i) => i.address)],
        cc: [],
        attachments: draft.attachment === undefined ? [] : [{ name: draft.attachment.name, type: "application/pdf" }],
      },
    },
    messageKey,
    sender.identity,
  );
  const stanzas = await Promise.all(
    [{ account: sender.account, identity: sender.identity }, ...draft.to].map(async (t) => ({
      accountId: t.account.id,
      stanza: await encodeBase64Url(await sealKeyStanza(messageKey, messageId, t.identity.boxPublicKey)),
    })),
  );
  const linkSecret: LinkSecret | null = (draft.invite ?? []).length > 0 ? await generateLinkSecret() : null;
  const invitations = [];
  for (const inv of draft.invite ?? []) {
    const address = normaliseAddress(inv.address);
    const releaseKey = await generateReleaseKey();
    const sealed = await sealInvitation(messageKey, {
      messageId,
      linkSecret: linkSecret as LinkSecret,
      address,
      releaseKey,
      ...(inv.accessCode !== undefined && { accessCode: inv.accessCode }),
    });
    invitations.push({
      address,
      stanza: await encodeBase64Url(sealed.stanza),
      releaseKey: await encodeBase64Url(releaseKey),
      ...(sealed.verifierDigest !== null && { verifierDigest: await encodeBase64Url(sealed.verifierDigest) }),
    });
  }
  return {
    body: { envelope: await encodeBase64Url(envelope), stanzas, invitations },
    messageKey,
    linkSecret,
    ciphertext,
  };
}

/** Builds and posts a message exactly as a client would; uploads nothing yet. */
export async function postMessage(sender: Person, draft: Draft, pieceSize = 50_000): Promise<Sent> {
  const { body, messageKey, linkSecret, ciphertext } = await messageBody(sender, draft);
  const r = await sender.client.call("POST", "/api/messages", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < ciphertext.length; i += pieceSize) pieces.push(ciphertext.subarray(i, i + pieceSize));
  return {
    id: r.body.id as string,
    messageKey,
    linkSecret,
    pieces,
    status: r.body.status as string,
    attachmentId: (r.body.uploads[0]?.attachmentId as string | undefined) ?? null,
  };
}

/** PUTs `bytes` (by default the sent attachment's own piece `index`) as piece `index`; the answer as it came. */
export function putPiece(sender: Person, sent: Sent, index: number, bytes = sent.pieces[index] ?? new Uint8Array(0)) {
  return sender.client.call(
    "PUT",
    `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}/pieces/${String(index)}`,
    undefined,
    { raw: bytes, headers: { "content-type": "application/octet-stream" } },
  );
}

export async function uploadPieces(sender: Person, sent: Sent, from = 0, to = sent.pieces.length): Promise<void> {
  for (let i = from; i < to; i++) {
    const r = await putPiece(sender, sent, i);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
}

export async function send(sender: Person, draft: Draft): Promise<Sent> {
  const sent = await postMessage(sender, draft);
  if (sent.attachmentId !== null) {
    await uploadPieces(sender, sent);
    const c = await sender.client.call("POST", `/api/messages/${sent.id}/commit`, {});
    expect(c.status, JSON.stringify(c.body)).toBe(200);
  }
  return sent;
}

/** The sender's signing key, taken from the bundles the server returned and checked. */
export async function senderKeyFrom(bundles: string[], senderEmail: string) {
  const parsed = await parsePublicBundle(await decodeBase64Url(bundles[0] ?? ""));
  expect(parsed.address).toBe(senderEmail);
  return parsed.signPublicKey;
}

/**
 * The reader fetches a message and opens it with their own keys: the key stanza with their box
 * key, the envelope with the sender's published signing key. The end-to-end proof the tests share.
 */
export async function readAs(reader: Person, id: string, senderEmail: string) {
  const got = await reader.client.call("GET", `/api/messages/${id}`);
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  const messageId = await parseId(id);
  const key = await openKeyStanza(await decodeBase64Url(got.body.stanza as string), messageId, reader.identity);
  expect(key).not.toBeNull();
  const envelope = await decodeBase64Url(got.body.envelope as string);
  const opened = await openEnvelope(
    envelope,
    key as MessageKey,
    await senderKeyFrom(got.body.sender.bundles as string[], senderEmail),
  );
  return { got, opened, key: key as MessageKey, envelope, messageId };
}
