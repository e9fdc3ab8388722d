// The key stanzas a message's sender files with the server, checked before they are stored: an
// account reader's must be sealed to that account's current key, a first-time recipient's is a bound
// invitation whose access-code flag agrees with its verifier digest (and policy).
import { invitationCodeParams, parseStanza, stanzaKind } from "@sigill/crypto";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { emailSchema } from "../accounts/email.ts";
import { base64url } from "../auth/schemas.ts";
import { bytesFrom } from "./access.ts";

/** A bound invitation as the sender's client sends it: the stanza, the server's share, the code digest. */
export const invitationBody = z
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
export async function boundInvitation(
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

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Checks that a recipient stanza is sealed to `boxPublicKey`, the current key of the account it is filed under. */
export async function checkSealedTo(stanza: Uint8Array, boxPublicKey: Uint8Array | undefined): Promise<void> {
  let parsed;
  try {
    parsed = await parseStanza(stanza);
  } catch (cause) {
    throw new AppError("STANZA_INVALID", "a key stanza is not valid", { cause });
  }
  if (parsed.kind !== "recipient" || boxPublicKey === undefined || !same(parsed.recipient, boxPublicKey)) {
    throw new AppError("STANZA_INVALID", "a key stanza is not sealed to that reader's current key");
  }
}

/** Checks that a recipient stanza is sealed to the current key of the account it is filed under. */
export async function checkRecipientStanza(deps: Deps, stanza: Uint8Array, accountId: string): Promise<void> {
  const bundle = await deps.db.keyBundle.findFirst({ where: { accountId, supersededAt: null } });
  await checkSealedTo(stanza, bundle?.boxPublicKey);
}
