// Identity for staff (extension and portal) and recipients (portal): enrolment from a one-time
// token and login with the passkey. Keys are created here, wrapped under the passkey's PRF output
// and a recovery code, and published; the private keys never leave this code unwrapped. The
// passkey prompt itself is a port, so the logic runs (and is tested) without a browser.
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
// The extension's session is a bearer token; the portal's an HttpOnly cookie plus a CSRF token.
const sessionSchema = z.object({
  account: accountSchema,
  session: z.object({ token: z.string().optional(), csrfToken: z.string().optional() }),
});
const myKeysSchema = z.object({
  bundle: z.string(),
  fingerprint: z.string(),
  vault: z.array(z.object({ method: z.string(), credentialId: z.string().nullable(), entry: z.string() })),
});

export type Account = z.infer<typeof accountSchema>;

/** Which session to start: a bearer token (extension pages) or the portal's cookie. */
export type SessionKind = "extension" | "portal";

export interface ClientOptions {
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** Default "extension". */
  readonly sessionKind?: SessionKind;
}

function adoptSession(api: Api, session: z.infer<typeof sessionSchema>["session"]): void {
  if (session.token === undefined && session.csrfToken === undefined)
    throw new SigillError("PROTOCOL", "the server started no session");
  if (session.token !== undefined) api.token = session.token;
  if (session.csrfToken !== undefined) api.csrf = session.csrfToken;
}

const randomChallenge = async () => encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));

/** A logged-in person (staff or recipient); `identity` is null until the keys are unlocked. */
export interface StaffSession {
  readonly api: Api;
  readonly account: Account;
  readonly identity: Identity | null;
  /**
   * A passkey that answered with PRF output but has no vault entry yet (a new device, or a reset
   * account's new passkey): unlocking with the recovery code adds its entry, so next time the
   * passkey alone unlocks. Held in memory only.
   */
  readonly unlockLater?: { readonly credentialId: string; readonly prfOutput: Uint8Array };
}

/**
 * Reads `<server>/enrol#<token>` as the administrator sent it. Any http(s) origin is returned:
 * whether that server may be used is the caller's decision (the extension's `allowedServer`).
 */
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
  prf: { readonly credentialId: string; readonly prfOutput: Uint8Array } | undefined,
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
  if (prf !== undefined) {
    vault.push(
      await wrapIdentity(identity, {
        method: "prf",
        credentialId: await decodeBase64Url(prf.credentialId),
        prfOutput: prf.prfOutput,
      }),
    );
  }
  await api.call(z.object({ fingerprint: z.string() }), "PUT", "/api/keys", {
    bundle: await encodeBase64Url(bundle),
    vault: await Promise.all(vault.map(encodeBase64Url)),
  });
  return { identity, recoveryCode };
}

/**
 * Enrols from an invitation link (`<server>/enrol#<token>`): see `enrolWithToken`.
 */
export async function enrolFromLink(
  link: string,
  passkeys: PasskeyPort,
  options: ClientOptions = {},
): Promise<{ session: StaffSession; recoveryCode: string | null }> {
  const { server, token } = parseEnrolmentLink(link);
  return enrolWithToken(server, token, passkeys, options);
}

/**
 * Enrols with a one-time token: registers a passkey (asking for PRF), starts a session, creates
 * and publishes keys. The recovery code is returned once, to be shown and confirmed by the
 * person; it is stored nowhere. An account that has keys already (an administrator's reset link
 * after every passkey was lost) keeps them: `recoveryCode` is then null and the session locked,
 * to be unlocked with the person's recovery code, which also lets the new passkey unlock later.
 */
export async function enrolWithToken(
  server: string,
  token: string,
  passkeys: PasskeyPort,
  options: ClientOptions = {},
): Promise<{ session: StaffSession; recoveryCode: string | null }> {
  return enrol(server, { token }, passkeys, options);
}

/**
 * Where an enrolment starts: a one-time link's token (staff, admins, resets), or a first-time
 * recipient's proof of the invited mailbox (the code the server mailed there). The second kind never
 * receives a token: the passkey ceremony is bound to the challenge the proof was answered with. The
 * sender's access code is no proof of the mailbox (the sender made it); it is given when opening.
 */
export type EnrolmentStart =
  | { readonly token: string }
  | {
      readonly invitation: {
        readonly messageId: string;
        readonly address: string;
        readonly mailboxCode: string;
      };
    };

/**
 * Enrols a passkey from `start`, then creates and publishes keys (or leaves them to unlock, for a
 * reset).
 * @throws SigillError `SERVER` with the server's code: ENROLMENT_INVALID, MAILBOX_CODE_WRONG,
 *   INVITATION_LOCKED, ACCOUNT_EXISTS, NOT_FOUND.
 */
export async function enrol(
  server: string,
  start: EnrolmentStart,
  passkeys: PasskeyPort,
  options: ClientOptions = {},
): Promise<{ session: StaffSession; recoveryCode: string | null }> {
  const api = new Api({ server, ...(options.fetch !== undefined && { fetch: options.fetch }) });
  const salt = await prfSalt();
  const begun =
    "token" in start
      ? await api.call(optionsSchema.extend({ account: accountSchema }), "POST", "/api/enrol/options", {
          token: start.token,
        })
      : await api.call(
          optionsSchema.extend({ account: accountSchema }),
          "POST",
          `/api/invitations/${encodeURIComponent(start.invitation.messageId)}/enrol/options`,
          {
            address: start.invitation.address,
            mailboxCode: start.invitation.mailboxCode,
          },
        );
  const registered = await passkeys.register(begun.options, salt);
  const done = await api.call(sessionSchema, "POST", "/api/enrol/verify", {
    ...("token" in start && { token: start.token }),
    challengeId: begun.challengeId,
    response: registered.response,
    sessionKind: options.sessionKind ?? "extension",
  });
  adoptSession(api, done.session);
  let prfOutput = registered.prfOutput;
  if (prfOutput === undefined) {
    // Many authenticators give PRF output only when asked during a login: ask once, locally.
    const rpId = (begun.options.rp as { id?: string } | undefined)?.id;
    const probe = await passkeys.authenticate(
      {
        challenge: await randomChallenge(),
        ...(rpId !== undefined && { rpId }),
        allowCredentials: [{ id: registered.response.id, type: "public-key" }],
        userVerification: "required",
      },
      salt,
    );
    prfOutput = probe.prfOutput;
  }
  if ((await myKeys(api)) !== null) {
    const unlockLater = prfOutput === undefined ? undefined : { credentialId: registered.response.id, prfOutput };
    return {
      session: { api, account: done.account, identity: null, ...(unlockLater !== undefined && { unlockLater }) },
      recoveryCode: null,
    };
  }
  const { identity, recoveryCode } = await publishNewKeys(
    api,
    done.account,
    prfOutput === undefined ? undefined : { credentialId: registered.response.id, prfOutput },
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
export async function login(server: string, passkeys: PasskeyPort, options: ClientOptions = {}): Promise<StaffSession> {
  const api = new Api({ server, ...(options.fetch !== undefined && { fetch: options.fetch }) });
  const start = await api.call(optionsSchema, "POST", "/api/auth/options", {});
  const result = await passkeys.authenticate(start.options, await prfSalt());
  const done = await api.call(sessionSchema, "POST", "/api/auth/verify", {
    challengeId: start.challengeId,
    response: result.response,
    sessionKind: options.sessionKind ?? "extension",
  });
  adoptSession(api, done.session);
  const keys = await api.call(myKeysSchema, "GET", "/api/keys/me");
  const entry = keys.vault.find((v) => v.method === "prf" && v.credentialId === result.response.id);
  if (result.prfOutput === undefined) return { api, account: done.account, identity: null };
  if (entry === undefined)
    return {
      api,
      account: done.account,
      identity: null,
      unlockLater: { credentialId: result.response.id, prfOutput: result.prfOutput },
    };
  const identity = await unwrapIdentity(await decodeBase64Url(entry.entry), {
    method: "prf",
    prfOutput: result.prfOutput,
  });
  if (!(await matchesBundle(identity, keys.bundle)))
    throw new SigillError("PROTOCOL", "the server's keys do not match this account's");
  return { api, account: done.account, identity };
}

const currentSchema = z.object({
  account: accountSchema,
  session: z.object({ kind: z.string(), csrfToken: z.string().optional() }),
});

/**
 * The portal's session after a page load (the cookie survives; the keys, held in page memory
 * only, do not): null when nobody is logged in. Unlock with `unlockWithPasskey` or the code.
 */
export async function resumeSession(server: string, options: ClientOptions = {}): Promise<StaffSession | null> {
  const api = new Api({ server, ...(options.fetch !== undefined && { fetch: options.fetch }) });
  try {
    const current = await api.call(currentSchema, "GET", "/api/session");
    api.csrf = current.session.csrfToken;
    return { api, account: current.account, identity: null };
  } catch (error) {
    if (error instanceof SigillError && error.code === "NOT_LOGGED_IN") return null;
    throw error;
  }
}

/**
 * Unlocks the keys of a logged-in session with a passkey's PRF output, without a new login: the
 * assertion answers a local challenge and never leaves this page; only the PRF output matters.
 * @throws SigillError `NO_PRF` when no passkey of this account with a PRF entry answered with PRF.
 */
export async function unlockWithPasskey(session: StaffSession, passkeys: PasskeyPort): Promise<StaffSession> {
  const keys = await session.api.call(myKeysSchema, "GET", "/api/keys/me");
  const entries = keys.vault.filter((v) => v.method === "prf" && v.credentialId !== null);
  if (entries.length === 0) throw new SigillError("NO_PRF", "no passkey of this account can unlock the keys");
  const result = await passkeys.authenticate(
    {
      challenge: await randomChallenge(),
      allowCredentials: entries.map((e) => ({ id: e.credentialId, type: "public-key" })),
      userVerification: "required",
    },
    await prfSalt(),
  );
  const entry = entries.find((e) => e.credentialId === result.response.id);
  if (result.prfOutput === undefined || entry === undefined)
    throw new SigillError("NO_PRF", "this passkey cannot unlock the keys: use the recovery code");
  const identity = await unwrapIdentity(await decodeBase64Url(entry.entry), {
    method: "prf",
    prfOutput: result.prfOutput,
  });
  if (!(await matchesBundle(identity, keys.bundle)))
    throw new SigillError("PROTOCOL", "the server's keys do not match this account's");
  return { ...session, identity };
}

/**
 * Adds the PRF vault entry of a passkey just registered for this (unlocked) account, so that
 * passkey unlocks the keys too. Asks the passkey once, locally, for its PRF output; returns false
 * when it has none (it then logs in, and the recovery code unlocks).
 */
export async function addPasskeyUnlock(
  session: StaffSession,
  credentialId: string,
  passkeys: PasskeyPort | undefined,
  prfOutput?: Uint8Array,
): Promise<boolean> {
  const me = session.identity;
  if (me === null) throw new SigillError("NOT_LOGGED_IN", "unlock your keys first");
  const salt = await prfSalt();
  let output = prfOutput;
  if (output === undefined && passkeys !== undefined) {
    const probe = await passkeys.authenticate(
      {
        challenge: await randomChallenge(),
        allowCredentials: [{ id: credentialId, type: "public-key" }],
        userVerification: "required",
      },
      salt,
    );
    output = probe.prfOutput;
  }
  if (output === undefined) return false;
  const entry = await wrapIdentity(me, {
    method: "prf",
    credentialId: await decodeBase64Url(credentialId),
    prfOutput: output,
  });
  await session.api.call(z.object({ ok: z.literal(true) }), "POST", "/api/keys/vault", {
    entry: await encodeBase64Url(entry),
  });
  return true;
}

/**
 * Makes new keys for a logged-in account whose old keys cannot be unlocked (the recovery code is
 * lost too). Messages sealed to the old keys stay unreadable, and people who send to this account
 * see that its key changed. The new recovery code is returned once, to be shown and confirmed.
 */
export async function replaceKeys(
  session: StaffSession,
  options: { now?: () => Date } = {},
): Promise<{ session: StaffSession; recoveryCode: string }> {
  const { unlockLater, ...rest } = session;
  const { identity, recoveryCode } = await publishNewKeys(
    session.api,
    session.account,
    unlockLater,
    (options.now ?? (() => new Date()))(),
  );
  return { session: { ...rest, identity }, recoveryCode };
}

async function myKeys(api: Api): Promise<z.infer<typeof myKeysSchema> | null> {
  try {
    return await api.call(myKeysSchema, "GET", "/api/keys/me");
  } catch (error) {
    if (error instanceof SigillError && error.serverCode === "NOT_FOUND") return null;
    throw error;
  }
}

/**
 * Unlocks the keys of a logged-in session with the recovery code (authenticators without PRF, a
 * new device, a reset account). A passkey waiting in `unlockLater` gets its vault entry now.
 */
export async function unlockWithRecoveryCode(session: StaffSession, recoveryCode: string): Promise<StaffSession> {
  const keys = await session.api.call(myKeysSchema, "GET", "/api/keys/me");
  const entry = keys.vault.find((v) => v.method === "recovery");
  if (entry === undefined) throw new SigillError("PROTOCOL", "no recovery entry for this account");
  const identity = await unwrapIdentity(await decodeBase64Url(entry.entry), {
    method: "recovery",
    recoveryCode: recoveryCode.trim(),
  });
  if (!(await matchesBundle(identity, keys.bundle)))
    throw new SigillError("PROTOCOL", "the server's keys do not match this account's");
  const { unlockLater, ...rest } = session;
  const unlocked = { ...rest, identity };
  if (unlockLater !== undefined) {
    // Best effort: the keys are unlocked either way; without the entry the code is asked again.
    await addPasskeyUnlock(unlocked, unlockLater.credentialId, undefined, unlockLater.prfOutput).catch(() => false);
  }
  return unlocked;
}
