// First-time recipients in the portal. The link is `<server>/m/<messageId>#<linkSecret>`: the
// secret stays in the page (browsers never send the fragment). The person gives the address the
// message was sent to and proves it: with the one-time code the server mails there, or with the
// access code the sender gave them by phone; then enrols a passkey (keys made here; `enrol` in
// identity.ts), opens the invitation (with the access code when the sender set one) and adopts
// the message: its key, opened with the link secret, the address, the server's release key and
// the code, is sealed again to their own key. Nothing is consumed by merely loading the link.
import {
  accessCodeVerifier,
  decodeBase64Url,
  encodeBase64Url,
  isCryptoError,
  normaliseAddress,
  openInvitation,
  openInvitationStanza,
  parseId,
  parseLinkSecret,
  sealKeyStanza,
  stanzaKind,
  type ReleaseKey,
} from "@sigill/crypto";
import type { z } from "zod";
import { Api, SigillError } from "./api.ts";
import type { StaffSession } from "./identity.ts";
import { openSigned, type Signer } from "./signer.ts";
import { aboutAnswer, codeAnswer, mailboxCodeAnswer, openAnswer } from "./wire/invitations.ts";
import { okAnswer } from "./wire/messages.ts";

export interface MessageLink {
  readonly server: string;
  readonly messageId: string;
  readonly linkSecret: string;
}

const ID = /^[A-Za-z0-9_-]{22}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Reads a message link; a link without its secret (cut off when pasted) is refused. */
export function parseMessageLink(link: string): MessageLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch (cause) {
    throw new SigillError("BAD_LINK", "this is not a message link", { cause });
  }
  const m = /^\/m\/([^/]+)$/.exec(url.pathname);
  const messageId = m?.[1] ?? "";
  const linkSecret = url.hash.slice(1);
  if (!ID.test(messageId) || !SECRET.test(linkSecret))
    throw new SigillError("BAD_LINK", "the link is incomplete: open it straight from the e-mail");
  return { server: url.origin, messageId, linkSecret };
}

export type MessageAbout = z.infer<typeof aboutAnswer>;

/** Who sent the message and whether it can still be read; consumes nothing. */
export async function aboutMessage(api: Api, messageId: string): Promise<MessageAbout> {
  return api.call(aboutAnswer, "GET", `/api/invitations/${encodeURIComponent(messageId)}`);
}

/**
 * Asks the server to mail a one-time code to `address`, which proves the person controls that
 * mailbox (knowing the link and the address is not enough to enrol as it). The server answers the
 * same whether or not the message was sent to that address.
 * @returns how many minutes the code is valid.
 * @throws SigillError `SERVER` with serverCode RATE_LIMITED after too many requests.
 */
export async function requestMailboxCode(api: Api, messageId: string, address: string): Promise<number> {
  const r = await api.call(
    mailboxCodeAnswer,
    "POST",
    `/api/invitations/${encodeURIComponent(messageId)}/mailbox-code`,
    { address },
  );
  return r.minutes;
}

/**
 * Whether the invitation for `address` needs the sender's access code.
 * @throws SigillError `SERVER` with serverCode NOT_FOUND when the message was not sent to that address.
 */
export async function invitationNeedsCode(api: Api, messageId: string, address: string): Promise<boolean> {
  return (await invitationCode(api, messageId, address)).required;
}

async function invitationCode(api: Api, messageId: string, address: string) {
  return api.call(codeAnswer, "POST", `/api/invitations/${encodeURIComponent(messageId)}/code`, { address });
}

/**
 * What the server is shown for a typed access code: derived from the code and the link secret
 * (which the server never has), so the server cannot test codes itself. Null when the invitation
 * has no code.
 */
export async function accessCodeProof(
  api: Api,
  link: Pick<MessageLink, "messageId" | "linkSecret">,
  address: string,
  accessCode: string,
): Promise<string | null> {
  const code = await invitationCode(api, link.messageId, address);
  if (code.params === null) return null;
  let verifier;
  try {
    verifier = await accessCodeVerifier(
      { ...code.params, salt: await decodeBase64Url(code.params.salt) },
      {
        messageId: await parseId(link.messageId),
        linkSecret: await parseLinkSecret(link.linkSecret),
        address: normaliseAddress(address),
        accessCode,
      },
    );
  } catch (cause) {
    if (isCryptoError(cause) && cause.code === "INVALID_INPUT")
      throw new SigillError("BAD_CODE", "the access code has 12 digits: check it and try again", { cause });
    throw cause;
  }
  return encodeBase64Url(verifier);
}

/** What adopting an invitation found: the message's status and, once opened, who really signed it. */
export interface Adopted {
  readonly status: string;
  readonly signer: Signer | null;
  /** False when the content claims another sender than the signer (shown as a warning). */
  readonly claimMatches: boolean;
}

/**
 * Opens the invitation and adopts the message for the logged-in, unlocked person: the stanza opens
 * with the link secret, this account's address, the release key the server gives only to it, and
 * the access code when the sender set one. The envelope's signature is checked against the
 * sender's published keys before anything is adopted.
 * @throws SigillError `SERVER` (ACCESS_CODE_REQUIRED, ACCESS_CODE_WRONG, INVITATION_LOCKED,
 *   NOT_FOUND), `BAD_CODE` for a code of the wrong form, `BAD_LINK` when the link does not open
 *   the invitation, `PROTOCOL` when the signature does not verify.
 */
export async function adoptInvitation(
  session: StaffSession,
  link: Pick<MessageLink, "messageId" | "linkSecret">,
  accessCode?: string,
): Promise<Adopted> {
  const me = session.identity;
  if (me === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const id = encodeURIComponent(link.messageId);
  const address = session.account.email;
  const typed = accessCode === undefined || accessCode.trim() === "" ? undefined : accessCode;
  const codeVerifier = typed === undefined ? null : await accessCodeProof(session.api, link, address, typed);
  const opened = await session.api.call(
    openAnswer,
    "POST",
    `/api/invitations/${id}/open`,
    codeVerifier === null ? {} : { codeVerifier },
  );
  if (opened.envelope === null || opened.invitationStanza === null)
    return { status: opened.status, signer: null, claimMatches: false };
  const messageId = await parseId(link.messageId);
  const stanza = await decodeBase64Url(opened.invitationStanza);
  const linkSecret = await parseLinkSecret(link.linkSecret);
  let key;
  try {
    key =
      (await stanzaKind(stanza)) === "bound-invitation"
        ? await openInvitation(stanza, {
            messageId,
            linkSecret,
            address,
            releaseKey: (await decodeBase64Url(opened.releaseKey ?? "")) as ReleaseKey,
            ...(typed !== undefined && { accessCode: typed }),
          })
        : await openInvitationStanza(stanza, messageId, linkSecret);
  } catch (cause) {
    throw new SigillError("BAD_LINK", "the link does not open this message: open it straight from the e-mail", {
      cause,
    });
  }
  const { signer, claimMatches } = await openSigned(await decodeBase64Url(opened.envelope), key, opened.sender);
  const own = await sealKeyStanza(key, messageId, me.boxPublicKey);
  await session.api.call(okAnswer, "POST", `/api/messages/${id}/stanzas`, {
    stanza: await encodeBase64Url(own),
  });
  return { status: opened.status, signer, claimMatches };
}
