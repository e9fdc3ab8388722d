// The real passkey prompt for extension pages and the portal, through @simplewebauthn/browser. The PRF salt is
// passed as bytes (SimpleWebAuthn hands `extensions` to the browser untouched), and the PRF output
// is taken out of the response before it goes anywhere: it must never reach the server.
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { SigillError } from "./api.ts";
import type { PasskeyPort, PasskeyResult } from "./identity.ts";

function withPrf(options: Record<string, unknown>, salt: Uint8Array): Record<string, unknown> {
  const extensions = (options.extensions ?? {}) as Record<string, unknown>;
  return { ...options, extensions: { ...extensions, prf: { eval: { first: salt } } } };
}

function split(response: { id: string; clientExtensionResults: unknown }): PasskeyResult {
  const results = response.clientExtensionResults as { prf?: { results?: { first?: ArrayBuffer | ArrayBufferView } } };
  const first = results.prf?.results?.first;
  const prfOutput =
    first === undefined
      ? undefined
      : first instanceof ArrayBuffer
        ? new Uint8Array(first)
        : new Uint8Array(first.buffer, first.byteOffset, first.byteLength).slice();
  return { response: { ...response, clientExtensionResults: {} }, ...(prfOutput !== undefined && { prfOutput }) };
}

function mapError(cause: unknown): never {
  const name = (cause as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "AbortError")
    throw new SigillError("CANCELLED", "the passkey prompt was cancelled", { cause });
  throw cause;
}

export const browserPasskeys: PasskeyPort = {
  async register(options, salt) {
    try {
      return split(await startRegistration({ optionsJSON: withPrf(options, salt) as never }));
    } catch (cause) {
      return mapError(cause);
    }
  },
  async authenticate(options, salt) {
    try {
      return split(await startAuthentication({ optionsJSON: withPrf(options, salt) as never }));
    } catch (cause) {
      return mapError(cause);
    }
  },
};
