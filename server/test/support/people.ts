// People with real keys: enrolled with a passkey, keys generated and published with @sigill/crypto.
import {
  createInvitation,
  decodeBase64Url,
  encodeBase64Url,
  encodePublicBundle,
  encryptAttachment,
  generateId,
  generateIdentity,
  generateMessageKey,
  generateRecoveryCode,
  openEnvelope,
  openKeyStanza,
  parseId,
  parsePublicBundle,
  prfSalt,
  sealEnvelope,
  sealKeyStanza,
  wrapIdentity,
  type AttachmentDescriptor,
  type Id16,
  type Identity,
  type MessageKey,
} from "@sigill/crypto";
import { expect } from "vitest";
import { createUser, enrolWithLink, type Client, type Kind } from "./client.ts";
import type { Harness } from "./harness.ts";

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

/** A first-time recipient: enrols through the invitation, as the portal does. */
export async function enrolInvited(
  h: Harness,
  messageId: string,
  address: string,
): Promise<{ client: Client; account: { id: string; email: string }; credentialId: string; prf: Uint8Array }> {
  const auth = h.authenticator();
  const start = await new (await import("./client.ts")).Client(h.base).call("POST", "/api/invitations/enrol", {
    messageId,
    address,
  });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  const { client, account, response } = await enrolWithLink(h, `x#${String(start.body.token)}`, auth);
  return {
    client,
    account,
    credentialId: response.id,
    prf: await decodeBase64Url(auth.prf(response.id, await prfSalt())),
  };
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

/** Builds and posts a message exactly as a client would; uploads nothing yet. */
export async function postMessage(sender: Person, draft: Draft, pieceSize = 50_000): Promise<Sent> {
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
  let linkSecret: Uint8Array | null = null;
  const invitations = [];
  for (const inv of draft.invite ?? []) {
    const created = await createInvitation(messageKey, messageId);
    linkSecret = created.linkSecret;
    invitations.push({
      address: inv.address,
      stanza: await encodeBase64Url(created.stanza),
      ...(inv.accessCode !== undefined && { accessCode: inv.accessCode }),
    });
  }
  const r = await sender.client.call("POST", "/api/messages", {
    envelope: await encodeBase64Url(envelope),
    stanzas,
    invitations,
  });
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

export async function uploadPieces(sender: Person, sent: Sent, from = 0, to = sent.pieces.length): Promise<void> {
  for (let i = from; i < to; i++) {
    const r = await sender.client.call(
      "PUT",
      `/api/messages/${sent.id}/attachments/${String(sent.attachmentId)}/pieces/${String(i)}`,
      undefined,
      {
        raw: sent.pieces[i] ?? new Uint8Array(0),
        headers: { "content-type": "application/octet-stream" },
      },
    );
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
