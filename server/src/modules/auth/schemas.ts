import { z } from "zod";

export const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, "base64url");
const b64 = (max: number) => base64url.max(max);

export const registrationResponseSchema = z.object({
  id: b64(1400),
  rawId: b64(1400),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: b64(4096),
    attestationObject: b64(32768),
    authenticatorData: b64(32768).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64(4096).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

export const authenticationResponseSchema = z.object({
  id: b64(1400),
  rawId: b64(1400),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: b64(4096),
    authenticatorData: b64(32768),
    signature: b64(1024),
    userHandle: b64(1024).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

export const sessionKindSchema = z.enum(["portal", "extension"]);
export const tokenSchema = base64url.min(20).max(200);
export const idSchema = base64url.min(10).max(1400);

/** Options as SimpleWebAuthn produces them; described loosely in the OpenAPI document. */
export const optionsSchema = z.custom<object>((value) => typeof value === "object" && value !== null);

export const issuedSessionSchema = z.object({
  kind: sessionKindSchema,
  expiresAt: z.string(),
  csrfToken: z.string().optional(),
  token: z.string().optional(),
});

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(["staff", "recipient", "admin"]),
});

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  deviceType: z.string(),
  backedUp: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
