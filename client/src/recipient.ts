// First-time recipients in the portal. The link is `<server>/m/<messageId>#<linkSecret>`: the
// secret stays in the page (browsers never send the fragment). The person confirms the address
// the message was sent to, enrols a passkey (keys made here), opens the invitation (with the
// access code when the sender set one), and adopts the message: its key, opened with the link
// secret, is sealed again to their own key. Nothing is consumed by merely loading the link.
import {
  decodeBase64Url,
  encodeBase64Url,
  openEnvelope,
  openInvitationStanza,
  parseId,
  parseLinkSecret,
  parsePublicBundle,
  sealKeyStanza,
} from "@sigill/crypto";
import { z } from "zod";
import { Api, SigillError } from "./api.ts";
import type { StaffSession } from "./identity.ts";

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

const aboutSchema = z.object({
  status: z.string(),
  expiresAt: z.string(),
  organisation: z.string(),
  sender: z.object({ displayName: z.string() }),
});
export type MessageAbout = z.infer<typeof aboutSchema>;

/** Who sent the message and whether it can still be read; consumes nothing. */
export async function aboutMessage(api: Api, messageId: string): Promise<MessageAbout> {
  return api.call(aboutSchema, "GET", `/api/invitations/${encodeURIComponent(messageId)}`);
}

/**
 * Confirms the address the message was sent to; returns a one-time enrolment token for it.
 * @throws SigillError `SERVER` with serverCode NOT_FOUND (not sent to that address),
 *   INVITATION_LOCKED or ACCOUNT_EXISTS (log in with the passkey instead).
 */
export async function confirmAddress(api: Api, messageId: string, address: string): Promise<string> {
  const r = await api.call(z.object({ token: z.string() }), "POST", "/api/invitations/enrol", {
    messageId,
    address,
  });
  return r.token;
}

const openSchema = z.object({
  status: z.string(),
  threadId: z.string(),
  envelope: z.string().nullable(),
  invitationStanza: z.string().nullable(),
  sender: z.object({ accountId: z.string(), displayName: z.string(), bundles: z.array(z.string()) }),
});

/**
 * Opens the invitation and adopts the message for the logged-in, unlocked person. The envelope's
 * signature is checked against the sender's published keys before anything is adopted.
 * @returns the message's status: "committed" when adopted, "recalled" or "expired" otherwise.
 * @throws SigillError `SERVER` (ACCESS_CODE_REQUIRED, ACCESS_CODE_WRONG, INVITATION_LOCKED,
 *   NOT_FOUND), `BAD_LINK` when the link's secret does not open the invitation, `PROTOCOL` when the
 *   signature does not verify.
 */
export async function adoptInvitation(
  session: StaffSession,
  link: Pick<MessageLink, "messageId" | "linkSecret">,
  accessCode?: string,
): Promise<string> {
  const me = session.identity;
  if (me === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const id = encodeURIComponent(link.messageId);
  const opened = await session.api.call(
    openSchema,
    "POST",
    `/api/invitations/${id}/open`,
    accessCode === undefined || accessCode.trim() === "" ? {} : { accessCode: accessCode.trim() },
  );
  if (opened.envelope === null || opened.invitationStanza === null) return opened.status;
  const messageId = await parseId(link.messageId);
  let key;
  try {
    key = await openInvitationStanza(
      await decodeBase64Url(opened.invitationStanza),
      messageId,
      await parseLinkSecret(link.linkSecret),
    );
  } catch (cause) {
    throw new SigillError("BAD_LINK", "the link does not open this message: open it straight from the e-mail", {
      cause,
    });
  }
  const envelope = await decodeBase64Url(opened.envelope);
  let verified = false;
  for (const text of opened.sender.bundles) {
    const bundle = await parsePublicBundle(await decodeBase64Url(text));
    if (bundle.accountId !== opened.sender.accountId) continue;
    try {
      await openEnvelope(envelope, key, bundle.signPublicKey);
      verified = true;
      break;
    } catch {
      // an older key of the sender's may have signed it
    }
  }
  if (!verified) throw new SigillError("PROTOCOL", "the sender's signature could not be verified");
  const stanza = await sealKeyStanza(key, messageId, me.boxPublicKey);
  await session.api.call(z.object({ ok: z.literal(true) }), "POST", `/api/messages/${id}/stanzas`, {
    stanza: await encodeBase64Url(stanza),
  });
  return opened.status;
}
