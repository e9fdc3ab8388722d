// Passkey ceremonies: expected challenge, origins and RP ID always come from server state.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { AppError } from "../../http/app-error.ts";
import type { Db } from "../../db/database.ts";
import type { Deps } from "../../deps.ts";
import { appendAudit } from "../audit/log.ts";
import { newId } from "./tokens.ts";

export type ChallengePurpose = "enrol" | "login" | "add-passkey";
const CHALLENGE_MS = 5 * 60_000;

export function expectedOrigins(deps: Deps): string[] {
  return [deps.config.publicUrl, ...deps.config.extensionOrigins];
}

async function storeChallenge(
  deps: Deps,
  purpose: ChallengePurpose,
  challenge: string,
  link: { accountId?: string; enrolmentId?: string },
): Promise<string> {
  const now = deps.now();
  // Expired challenges are swept here, so the table stays small without a separate job.
  await deps.db.challenge.deleteMany({ where: { expiresAt: { lt: now } } });
  const id = newId();
  await deps.db.challenge.create({
    data: { id, purpose, challenge, expiresAt: new Date(now.getTime() + CHALLENGE_MS), createdAt: now, ...link },
  });
  return id;
}

/** Marks a challenge used, exactly once, and returns it; any replay, expiry or mismatch is refused. */
async function consumeChallenge(deps: Deps, id: string, purpose: ChallengePurpose) {
  const now = deps.now();
  const used = await deps.db.challenge.updateMany({
    where: { id, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const row = used.count === 1 ? await deps.db.challenge.findUnique({ where: { id } }) : null;
  if (row === null)
    throw new AppError("CHALLENGE_INVALID", "this sign-in attempt expired or was already used; start again");
  return row;
}

export async function registrationOptions(
  deps: Deps,
  purpose: "enrol" | "add-passkey",
  user: { accountId: string; email: string; displayName: string; enrolmentId?: string },
) {
  const existing = await deps.db.passkey.findMany({
    where: { accountId: user.accountId },
    select: { id: true, transports: true },
  });
  const options = await generateRegistrationOptions({
    rpName: deps.config.rpName,
    rpID: deps.config.rpId,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.accountId),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({
      id: p.id,
      transports: JSON.parse(p.transports) as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    supportedAlgorithmIDs: [-7, -8, -257],
  });
  const challengeId = await storeChallenge(deps, purpose, options.challenge, {
    accountId: user.accountId,
    ...(user.enrolmentId !== undefined && { enrolmentId: user.enrolmentId }),
  });
  return { challengeId, options };
}

export interface VerifiedPasskey {
  readonly id: string;
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: string[];
  readonly deviceType: string;
  readonly backedUp: boolean;
}

/** The database row for a newly verified passkey. */
function passkeyRow(passkey: VerifiedPasskey, accountId: string, name: string, now: Date) {
  return {
    id: passkey.id,
    accountId,
    publicKey: new Uint8Array(passkey.publicKey),
    counter: BigInt(passkey.counter),
    transports: JSON.stringify(passkey.transports),
    deviceType: passkey.deviceType,
    backedUp: passkey.backedUp,
    name,
    createdAt: now,
  };
}

/**
 * Stores a newly verified passkey, in `db` or a transaction of it. A credential id already stored
 * (another account's: ids appear in the access log) is refused with 409, not left to the unique key
 * as a 500 (issue 19 review, F3); inside a transaction the refusal rolls it back.
 */
export async function storePasskey(
  db: Pick<Db, "passkey">,
  passkey: VerifiedPasskey,
  accountId: string,
  name: string,
  now: Date,
) {
  if ((await db.passkey.findUnique({ where: { id: passkey.id } })) !== null)
    throw new AppError("CONFLICT", "this passkey is already registered");
  return db.passkey.create({ data: passkeyRow(passkey, accountId, name, now) });
}

/** What a client is told about one of its passkeys. */
export function publicPasskey(row: {
  id: string;
  name: string;
  deviceType: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}) {
  return {
    id: row.id,
    name: row.name,
    deviceType: row.deviceType,
    backedUp: row.backedUp,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export async function verifyRegistration(
  deps: Deps,
  purpose: "enrol" | "add-passkey",
  challengeId: string,
  response: RegistrationResponseJSON,
) {
  const challenge = await consumeChallenge(deps, challengeId, purpose);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: expectedOrigins(deps),
      expectedRPID: deps.config.rpId,
      requireUserVerification: true,
    });
  } catch (cause) {
    throw new AppError("WEBAUTHN_FAILED", "the passkey could not be verified", { cause });
  }
  if (!verification.verified) throw new AppError("WEBAUTHN_FAILED", "the passkey could not be verified");
  const info = verification.registrationInfo;
  const passkey: VerifiedPasskey = {
    id: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
  };
  return { challenge, passkey };
}

export async function authenticationOptions(deps: Deps) {
  // Discoverable credentials: the browser offers the user's passkeys; no account is named yet.
  const options = await generateAuthenticationOptions({
    rpID: deps.config.rpId,
    userVerification: "required",
    allowCredentials: [],
  });
  const challengeId = await storeChallenge(deps, "login", options.challenge, {});
  return { challengeId, options };
}

/** Verifies a login assertion and updates the passkey's counter and backup state. */
export async function verifyAuthentication(
  deps: Deps,
  challengeId: string,
  response: AuthenticationResponseJSON,
  meta: { ip: string | null; userAgent: string | null },
) {
  const challenge = await consumeChallenge(deps, challengeId, "login");
  const passkey = await deps.db.passkey.findUnique({ where: { id: response.id }, include: { account: true } });
  if (passkey === null) throw new AppError("WEBAUTHN_FAILED", "this passkey is not registered with Sigill");
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: expectedOrigins(deps),
      expectedRPID: deps.config.rpId,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: JSON.parse(passkey.transports) as AuthenticatorTransport[],
      },
    });
  } catch (cause) {
    const counterProblem = cause instanceof Error && /counter/i.test(cause.message);
    if (counterProblem) {
      // A counter that goes backwards means the credential may have been cloned: refuse and say so in the log.
      deps.logger.warn(
        { event: "passkey_counter_regressed", passkeyAccount: passkey.accountId },
        "possible cloned authenticator",
      );
      await appendAudit(deps, {
        ...meta,
        type: "security.passkey_counter_regressed",
        subjectId: passkey.accountId,
        details: { passkeyId: passkey.id },
      });
    }
    throw new AppError("WEBAUTHN_FAILED", "the passkey could not be verified", { cause });
  }
  if (!verification.verified) throw new AppError("WEBAUTHN_FAILED", "the passkey could not be verified");
  const info = verification.authenticationInfo;
  await deps.db.passkey.update({
    where: { id: passkey.id },
    data: {
      counter: BigInt(info.newCounter),
      backedUp: info.credentialBackedUp,
      deviceType: info.credentialDeviceType,
      lastUsedAt: deps.now(),
    },
  });
  return passkey.account;
}
