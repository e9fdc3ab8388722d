// Who sent a message is decided by the signature, never by what the content says (issue 18). An
// envelope is opened with each of the sender account's published bundles in turn; the one whose
// key verifies it is the signer, and its signed address and account are the sender's identity. The
// name and address written inside the encrypted content are only a claim: "verified" means the
// claim equals the signer's identity; anything else is shown as a warning with the real signer.
import {
  decodeBase64Url,
  fingerprint,
  normaliseAddress,
  openEnvelope,
  parsePublicBundle,
  type MessageKey,
  type OpenedEnvelope,
} from "@sigill/crypto";
import { SigillError } from "./api.ts";

/** The identity in the signed bundle whose key verified an envelope. */
export interface Signer {
  readonly accountId: string;
  readonly address: string;
  readonly fingerprint: string;
  /** The bundle itself (base64url), so a reply seals to exactly this key. */
  readonly bundle: string;
}

export interface SignedOpen {
  readonly opened: OpenedEnvelope;
  readonly signer: Signer;
  /**
   * True when the content's claimed sender address is the signer's address. False means someone
   * with a valid key of their own wrote another person's name or address into the message.
   */
  readonly claimMatches: boolean;
}

/**
 * Opens `envelope` with `key`, checking the signature against the sender account's bundles (any
 * of them: the message may predate a key change). Bundles that name another account are skipped.
 * @throws SigillError `PROTOCOL` when no bundle of that account verifies it.
 */
export async function openSigned(
  envelope: Uint8Array,
  key: MessageKey,
  sender: { readonly accountId: string; readonly bundles: readonly string[] },
): Promise<SignedOpen> {
  for (const text of sender.bundles) {
    const bundle = await parsePublicBundle(await decodeBase64Url(text));
    if (bundle.accountId !== sender.accountId) continue;
    let opened: OpenedEnvelope;
    try {
      opened = await openEnvelope(envelope, key, bundle.signPublicKey);
    } catch {
      continue; // an older key of the sender's may have signed it
    }
    const signer = {
      accountId: bundle.accountId,
      address: bundle.address,
      fingerprint: await fingerprint(bundle),
      bundle: text,
    };
    return { opened, signer, claimMatches: claimed(opened.content.from.address) === signer.address };
  }
  throw new SigillError("PROTOCOL", "the sender's signature could not be verified; the message is not shown");
}

function claimed(address: string): string {
  try {
    return normaliseAddress(address);
  } catch {
    return "";
  }
}
