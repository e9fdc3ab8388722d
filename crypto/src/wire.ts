import { fromBase64Url, toBase64Url, type Id16, type LinkSecret } from "./bytes.ts";
import { CryptoError } from "./errors.ts";
import { loadSodium } from "./sodium.ts";

async function decodeFixed(text: string, length: number, what: string): Promise<Uint8Array> {
  await loadSodium();
  const bytes = fromBase64Url(text);
  if (bytes.length !== length) throw new CryptoError("MALFORMED", `${what} must be ${String(length)} bytes`);
  return bytes;
}

/**
 * Reads a 16-byte id (message, thread, attachment) from its base64url form (22 characters).
 * @throws CryptoError `MALFORMED` for any other text.
 */
export async function parseId(text: string): Promise<Id16> {
  return (await decodeFixed(text, 16, "an id")) as Id16;
}

/**
 * Reads a link secret from a URL fragment (base64url, 43 characters).
 * @throws CryptoError `MALFORMED` for any other text.
 */
export async function parseLinkSecret(text: string): Promise<LinkSecret> {
  return (await decodeFixed(text, 32, "a link secret")) as LinkSecret;
}

/**
 * Encodes bytes as unpadded base64url, the only text form of bytes on the wire.
 */
export async function encodeBase64Url(bytes: Uint8Array): Promise<string> {
  await loadSodium();
  return toBase64Url(bytes);
}

/**
 * Decodes strict, canonical, unpadded base64url.
 * @throws CryptoError `MALFORMED` for padding, other characters or a non-canonical form.
 */
export async function decodeBase64Url(text: string): Promise<Uint8Array> {
  await loadSodium();
  return fromBase64Url(text);
}
