// My passkeys: list, add another (another device), rename, remove (never the last one).
import { z } from "zod";
import { call } from "./api.ts";
import type { PasskeyPrompt } from "./auth.ts";

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  deviceType: z.string(),
  backedUp: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;

export async function listPasskeys(): Promise<Passkey[]> {
  return (await call(z.object({ passkeys: z.array(passkeySchema) }), "GET", "/api/passkeys")).passkeys;
}

export async function addPasskey(name: string, prompt: PasskeyPrompt): Promise<Passkey> {
  const begun = await call(
    z.object({ challengeId: z.string(), options: z.record(z.string(), z.unknown()) }),
    "POST",
    "/api/passkeys/options",
    {},
  );
  const response = await prompt.register(begun.options);
  return call(passkeySchema, "POST", "/api/passkeys/verify", { challengeId: begun.challengeId, response, name });
}

export async function renamePasskey(id: string, name: string): Promise<void> {
  await call(z.unknown(), "PATCH", `/api/passkeys/${encodeURIComponent(id)}`, { name });
}

export async function removePasskey(id: string): Promise<void> {
  await call(z.unknown(), "DELETE", `/api/passkeys/${encodeURIComponent(id)}`);
}
