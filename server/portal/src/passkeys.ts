// The real passkey prompt, through @simplewebauthn/browser. A cancelled prompt is CANCELLED.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { PortalError } from "./api.ts";
import type { PasskeyPrompt } from "./auth.ts";

function mapError(cause: unknown): never {
  const name = (cause as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "AbortError")
    throw new PortalError("CANCELLED", "the passkey prompt was cancelled", undefined, { cause });
  throw cause;
}

export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

export const browserPrompt: PasskeyPrompt = {
  async register(options) {
    try {
      return (await startRegistration({ optionsJSON: options as never })) as unknown as Record<string, unknown>;
    } catch (cause) {
      return mapError(cause);
    }
  },
  async authenticate(options) {
    try {
      return (await startAuthentication({ optionsJSON: options as never })) as unknown as Record<string, unknown>;
    } catch (cause) {
      return mapError(cause);
    }
  },
};
