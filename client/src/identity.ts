// Staff identity in the extension: enrolment from an invitation link and login with the passkey,
// both against the Sigill server named by the link. Keys are created here, wrapped under the
// passkey's PRF output and a recovery code, and published; the private keys never leave this code
// unwrapped. The passkey prompt itself is a port, so the logic runs (and is tested) without a browser.
import {
  decodeBase64Url,
  encodeBase64Url,
  encodePublicBundle,
  generateIdentity,
  generateRecoveryCode,
  parsePublicBundle,
  prfSalt,
  unwrapIdentity,
  wrapIdentity,
  type Identity,
} from "@sigill/crypto";
import { z } from "zod";
import { Api, SigillError } from "./api.ts";

/** What the WebAuthn prompt gives back: the response for the server, and the PRF output if any. */
export interface PasskeyResult {
  readonly response: { readonly id: string } & Record<string, unknown>;
  readonly prfOutput?: Uint8Array;
}

/** The browser's passkey prompt (navigator.credentials via @simplewebauthn/browser), or a test double. */
export interface PasskeyPort {
  register(options: Record<string, unknown>, prfSalt: Uint8Array): Promise<PasskeyResult>;
  authenticate(options: Record<string, unknown>, prfSalt: Uint8Array): Promise<PasskeyResult>;
}

const accountSchema = z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string() });
const optionsSchema = z.object({ challengeId: z.string(), options: z.record(z.string(), z.unknown()) });
const sessionSchema = z.object({ account: accountSchema, session: z.object({ token: z.string() }) });
const myKeysSchema = z.object({
  bundle: z.string(),
  fingerprint: z.string(),
  vault: z.array(z.object({ method: z.string(), credentialId: z.string().nullable(), entry: z.string() })),
});

export type Account = z.infer<typeof accountSchema>;

/** A logged-in staff member; `identity` is null until the keys are unlocked. */
export interface StaffSession {
  readonly api: Api;
  readonly account: Account;
  readonly identity: Identity | null;
}

/** Reads `<server>/enrol#<token>` as the administrator sent it. */
export function parseEnrolmentLink(link: string): { server: string; token: string } {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch (cause) {
    throw new SigillError("PROTOCOL", "this is not an enrolment link", { cause });
  }
  const token = url.hash.slice(1);
  if (url.pathname !== "/enrol" || !/^[A-Za-z0-9_-]{43}$/.test(token))
    throw new SigillError("PROTOCOL", "this is not an enrolment link");
  return { server: url.origin, token };
}

async function publishNewKeys(
  api: Api,
  account: Account,
  credentialId: string,
  prfOutput: Uint8Array | undefined,
  now: Date,
) {
  const identity = await generateIdentity();
  const recoveryCode = await generateRecoveryCode();
  const bundle = await encodePublicBundle(identity, {
    accountId: account.id,
    address: account.email,
    createdAt: now.getTime(),
  });
  const vault = [await wrapIdentity(identity, { method: "recovery", recoveryCode })];
  if (prfOutput !== undefined) {
    vault.push(
      await wrapIdentity(identity, { method: "prf", credentialId: await decodeBase64Url(credentialId), prfOutput }),
    );
  }
  await api.call(z.object({ fingerprint: z.string() }), "PUT", "/api/keys", {
    bundle: await encodeBase64Url(bundle),
    vault: await Promise.all(vault.map(encodeBase64Url)),
  });
  return { identity, recoveryCode };
}

/**
 * Enrols from an invitation link: registers a passkey (asking for PRF), starts an extension
 * session, creates and publishes keys. The recovery code is returned once, to be shown and
 * confirmed by the person; it is stored nowhere.
 */
export async function enrolFromLink(
  link: string,
  passkeys: PasskeyPort,
  options: { fetch?: typeof fetch; now?: () => Date } = {},
): Promise<{ session: StaffSession; recoveryCode: string }> {
  const { server, token } = parseEnrolmentLink(link);
  const api = new Api({ server, ...(options.fetch !== undefined && { fetch: options.fetch }) });
  const salt = await prfSalt();
  const start = await api.call(optionsSchema.extend({ account: accountSchema }), "POST", "/api/enrol/options", {
    token,
  });
  const registered = await passkeys.register(start.options, salt);
  const done = await api.call(sessionSchema, "POST", "/api/enrol/verify", {
    token,
    challengeId: start.challengeId,
    response: registered.response,
    sessionKind: "extension",
  });
  api.token = done.session.token;
  let prfOutput = registered.prfOutput;
  if (prfOutput === undefined) {
    // Many authenticators give PRF output only when asked during a login: ask once, locally.
    const rpId = (start.options.rp as { id?: string } | undefined)?.id;
    const probe = await passkeys.authenticate(
      {
        challenge: await encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))),
        ...(rpId !== undefined && { rpId }),
        allowCredentials: [{ id: registered.response.id, type: "public-key" }],
        userVerification: "required",
      },
      salt,
    );
    prfOutput = probe.prfOutput;
  }
  const { identity, recoveryCode } = await publishNewKeys(
    api,
    done.account,
    registered.response.id,
    prfOutput,
    (options.now ?? (() => new Date()))(),
  );
  return { session: { api, account: done.account, identity }, recoveryCode };
}

/** Checks that unwrapped keys are the ones the directory publishes for this account. */
async function matchesBundle(identity: Identity, bundleText: string): Promise<boolean> {
  const bundle = await parsePublicBundle(await decodeBase64Url(bundleText));
  return (
    (await encodeBase64Url(bundle.signPublicKey)) === (await encodeBase64Url(identity.signPublicKey)) &&
    (await encodeBase64Url(bundle.boxPublicKey)) === (await encodeBase64Url(identity.boxPublicKey))
  );
}

/**
 * Logs in with a passkey and unlocks the keys with its PRF output. Where the authenticator gave
 * no PRF output, the session is returned with `identity: null`: unlock with the recovery code.
 */
export async function login(
  server: string,
  passkeys: PasskeyPort,
  options: { fetch?: typeof fetch } = {},
): Promise<StaffSession> {
  const api = new Api({ server, ...(options.fetch !== undefined && { fetch: options.fetch }) });
  const start = await api.call(optionsSchema, "POST", "/api/auth/options", {});
  const result = await passkeys.authenticate(start.options, await prfSalt());
  const done = await api.call(sessionSchema, "POST", "/api/auth/verify", {
    challengeId: start.challengeId,
    response: result.response,
    sessionKind: "extension",
  });
  api.token = done.session.token;
  const keys = await api.call(myKeysSchema, "GET", "/api/keys/me");
  const entry = keys.vault.find((v) => v.method === "prf" && v.credentialId === result.response.id);
  if (result.prfOutput === undefined || entry === undefined) return { api, account: done.account, identity: null };
  const identity = await unwrapIdentity(await decodeBase64Url(entry.entry), {
    method: "prf",
    prfOutput: result.prfOutput,
  });
  if (!(await matchesBundle(identity, keys.bundle)))
    throw new SigillError("PROTOCOL", "the server's keys do not match this account's");
  return { api, account: done.account, identity };
}

/** Unlocks the keys of a logged-in session with the recovery code (authenticators without PRF). */
export async function unlockWithRecoveryCode(session: StaffSession, recoveryCode: string): Promise<StaffSession> {
  const keys = await session.api.call(myKeysSchema, "GET", "/api/keys/me");
  const entry = keys.vault.find((v) => v.method === "recovery");
  if (entry === undefined) throw new SigillError("PROTOCOL", "no recovery entry for this account");
  const identity = await unwrapIdentity(await decodeBase64Url(entry.entry), { method: "recovery", recoveryCode });
  if (!(await matchesBundle(identity, keys.bundle)))
    throw new SigillError("PROTOCOL", "the server's keys do not match this account's");
  return { ...session, identity };
}
