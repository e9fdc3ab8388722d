/**
 * A software WebAuthn authenticator (plus the browser's part of the ceremony) for tests.
 *
 * It produces genuine `none`-attestation registrations and ES256 assertions, so the server's tests run the real
 * `@simplewebauthn/server` verification end to end. Overrides exist to make it misbehave on purpose (wrong origin,
 * RP ID, challenge, replayed counter, no user verification); they change only what is written into the response,
 * never which credential is used, so each negative test differs from a valid response by exactly one thing.
 *
 * Semantics worth knowing:
 * - Every registration creates a discoverable credential. Registering again for the same RP ID and user handle
 *   replaces the old one, as resident-key authenticators do.
 * - The signature counter is 0 at registration and increases by 1 per assertion. `override.counter` writes that
 *   value instead and leaves the stored counter alone (a clone that fell behind).
 * - `userVerified: false` yields UV=0 even when the options require UV: it models an authenticator that cannot
 *   verify, so the server (not this helper) must refuse.
 * - Without overrides, the RP ID must be the origin's host or a parent domain of it (a simplified version of the
 *   browser's check), so a misconfigured server fails here with `SecurityError` as it would in a browser.
 * - PRF output (when `prfSecret` is set) is HMAC-SHA256(key = prfSecret ‖ credentialId, message = salt). It is
 *   deterministic per credential and salt but is not the CTAP hmac-secret derivation; `prf()` computes it.
 */
import { createHash, createHmac, generateKeyPairSync, randomBytes, randomInt, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationExtensionsClientOutputs,
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

export interface SoftAuthenticatorOptions {
  /** Origin the simulated browser reports in clientDataJSON, e.g. "https://sigill.example". */
  origin: string;
  /** RP ID used when the options carry none. Default: the origin's hostname. */
  rpId?: string;
  /** Whether the UV flag is set. Default true. */
  userVerified?: boolean;
  /** BE flag, fixed per credential at registration. Default false (a single-device credential). */
  backupEligible?: boolean;
  /** BS flag, fixed per credential at registration. Default false. */
  backedUp?: boolean;
  /** Enables the PRF extension. */
  prfSecret?: Uint8Array;
}

/** `credentialId`: register under this credential id (base64url), e.g. one another account holds. */
export type RegisterOverride = Partial<SoftAuthenticatorOptions> & { challenge?: string; credentialId?: string };

export interface AuthenticateOverride {
  origin?: string;
  /** Only the RP ID hash in authenticatorData changes; the credential is still looked up by the request's RP ID. */
  rpId?: string;
  challenge?: string;
  /** Written as the signature counter instead of the next value; the stored counter is left unchanged. */
  counter?: number;
  /** Use this credential (base64url id), even if allowCredentials does not list it (a misbehaving client). */
  credentialId?: string;
  userVerified?: boolean;
}

export interface SoftCredentialInfo {
  id: string;
  rpId: string;
  userHandle: string;
  counter: number;
}

interface StoredCredential {
  id: Buffer;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
  backupEligible: boolean;
  backedUp: boolean;
}

const ES256 = -7;
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export class SoftAuthenticator {
  readonly #defaults: SoftAuthenticatorOptions;
  readonly #credentials: StoredCredential[] = [];

  constructor(options: SoftAuthenticatorOptions) {
    this.#defaults = options;
  }

  /** navigator.credentials.create(), serialised the way @simplewebauthn/browser sends it. */
  register(options: PublicKeyCredentialCreationOptionsJSON, override: RegisterOverride = {}): RegistrationResponseJSON {
    const settings = { ...this.#defaults, ...override };
    const rpId = override.rpId ?? options.rp.id ?? this.#defaultRpId();
    if (override.rpId === undefined && override.origin === undefined) assertRpIdMatchesOrigin(rpId, settings.origin);

    const params = options.pubKeyCredParams;
    // An empty list means "browser defaults", which include ES256.
    if (params.length > 0 && !params.some((p) => p.alg === ES256)) {
      throw new DOMException("SoftAuthenticator only supports ES256 (-7), which was not offered", "NotSupportedError");
    }
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (this.#credentials.some((c) => c.rpId === rpId && excluded.has(c.id.toString("base64url")))) {
      throw new DOMException("The authenticator already holds an excluded credential", "InvalidStateError");
    }

    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const credential: StoredCredential = {
      id:
        override.credentialId !== undefined
          ? Buffer.from(override.credentialId, "base64url")
          : randomBytes(randomInt(16, 33)),
      rpId,
      userHandle: options.user.id,
      privateKey,
      counter: 0,
      backupEligible: settings.backupEligible ?? false,
      backedUp: settings.backedUp ?? false,
    };
    const sameUser = this.#credentials.findIndex((c) => c.rpId === rpId && c.userHandle === credential.userHandle);
    if (sameUser >= 0) this.#credentials.splice(sameUser, 1);
    this.#credentials.push(credential);

    const jwk = publicKey.export({ format: "jwk" });
    if (jwk.x === undefined || jwk.y === undefined) throw new Error("P-256 JWK export lacks x/y");
    const coseKey = new Map<number, CborValue>([
      [1, 2], // kty: EC2
      [3, ES256], // alg
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x, "base64url")],
      [-3, Buffer.from(jwk.y, "base64url")],
    ]);
    const credIdLength = Buffer.alloc(2);
    credIdLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      authDataHeader(rpId, flags(settings.userVerified ?? true, credential) | FLAG_AT, 0),
      Buffer.alloc(16), // AAGUID: all zero, as for "none" attestation
      credIdLength,
      credential.id,
      cborEncode(coseKey),
    ]);
    const attestationObject = cborEncode(
      new Map<string, CborValue>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    const clientData = clientDataJSON("webauthn.create", override.challenge ?? options.challenge, settings.origin);

    const extensionResults: AuthenticationExtensionsClientOutputs = {};
    if (settings.prfSecret !== undefined && options.extensions?.prf !== undefined)
      extensionResults.prf = { enabled: true };
    const id = credential.id.toString("base64url");
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: extensionResults,
      response: {
        clientDataJSON: clientData.toString("base64url"),
        attestationObject: attestationObject.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        transports: ["internal"],
        publicKeyAlgorithm: ES256,
        publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64url"),
      },
    };
  }

  /** navigator.credentials.get(), serialised the way @simplewebauthn/browser sends it. */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    override: AuthenticateOverride = {},
  ): AuthenticationResponseJSON {
    const rpId = options.rpId ?? this.#defaultRpId();
    const origin = override.origin ?? this.#defaults.origin;
    if (override.rpId === undefined && override.origin === undefined) assertRpIdMatchesOrigin(rpId, origin);
    const credential = this.#pick(rpId, options, override.credentialId);

    let counter = override.counter;
    if (counter === undefined) counter = ++credential.counter;
    const userVerified = override.userVerified ?? this.#defaults.userVerified ?? true;
    const authData = authDataHeader(override.rpId ?? rpId, flags(userVerified, credential), counter);
    const clientData = clientDataJSON("webauthn.get", override.challenge ?? options.challenge, origin);
    // ECDSA over authData ‖ SHA-256(clientDataJSON); node emits the DER signature form WebAuthn expects.
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientData)]), credential.privateKey);

    const extensionResults: AuthenticationExtensionsClientOutputs = {};
    const id = credential.id.toString("base64url");
    const prfInput = options.extensions?.prf;
    const salt: unknown = prfInput?.evalByCredential?.[id]?.first ?? prfInput?.eval?.first;
    if (this.#defaults.prfSecret !== undefined && salt !== undefined) {
      // In JSON the PRF values are base64url strings, which the DOM-derived types do not model.
      const results = { first: this.prf(id, toBytes(salt)) };
      extensionResults.prf = { results } as unknown as NonNullable<AuthenticationExtensionsClientOutputs["prf"]>;
    }
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: extensionResults,
      response: {
        clientDataJSON: clientData.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        signature: signature.toString("base64url"),
        userHandle: credential.userHandle,
      },
    };
  }

  /** The PRF output (base64url) this authenticator gives for a credential (base64url id) and salt. */
  prf(credentialId: string, salt: Uint8Array): string {
    const secret = this.#defaults.prfSecret;
    if (secret === undefined) throw new Error("SoftAuthenticator was created without prfSecret");
    const key = Buffer.concat([secret, Buffer.from(credentialId, "base64url")]);
    return createHmac("sha256", key).update(salt).digest("base64url");
  }

  credentials(): readonly SoftCredentialInfo[] {
    return this.#credentials.map((c) => ({
      id: c.id.toString("base64url"),
      rpId: c.rpId,
      userHandle: c.userHandle,
      counter: c.counter,
    }));
  }

  #defaultRpId(): string {
    return this.#defaults.rpId ?? new URL(this.#defaults.origin).hostname;
  }

  #pick(rpId: string, options: PublicKeyCredentialRequestOptionsJSON, forcedId: string | undefined): StoredCredential {
    if (forcedId !== undefined) {
      const forced = this.#credentials.find((c) => c.id.toString("base64url") === forcedId);
      if (forced === undefined) throw new Error(`SoftAuthenticator holds no credential ${forcedId}`);
      return forced;
    }
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const candidates = this.#credentials.filter(
      (c) => c.rpId === rpId && (allowed.size === 0 || allowed.has(c.id.toString("base64url"))),
    );
    const [only, ...others] = candidates;
    if (only === undefined) throw new DOMException(`No credential for RP ID ${rpId}`, "NotAllowedError");
    // A browser would show an account picker here; tests must choose explicitly instead.
    if (others.length > 0) throw new Error(`${candidates.length} credentials match ${rpId}; pass credentialId`);
    return only;
  }
}

function assertRpIdMatchesOrigin(rpId: string, origin: string): void {
  const host = new URL(origin).hostname;
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    throw new DOMException(`RP ID ${rpId} is not valid for origin ${origin}`, "SecurityError");
  }
}

function flags(userVerified: boolean, credential: StoredCredential): number {
  return (
    FLAG_UP |
    (userVerified ? FLAG_UV : 0) |
    (credential.backupEligible ? FLAG_BE : 0) |
    (credential.backedUp ? FLAG_BS : 0)
  );
}

function authDataHeader(rpId: string, flagBits: number, counter: number): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt8(flagBits, 0);
  tail.writeUInt32BE(counter, 1);
  return Buffer.concat([sha256(Buffer.from(rpId, "utf8")), tail]);
}

function clientDataJSON(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), "utf8");
}

function sha256(data: Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

/** PRF salts arrive as base64url strings in JSON options, or as bytes when a test builds options by hand. */
function toBytes(value: unknown): Buffer {
  if (typeof value === "string") return Buffer.from(value, "base64url");
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("PRF salt must be base64url or bytes");
}

// Minimal CBOR (RFC 8949) encoder: just the types an attestation object with a COSE key needs. Map entries are
// written in insertion order, so callers insert keys in CTAP2 canonical order.
type CborValue = number | string | Uint8Array | Map<number | string, CborValue>;

function cborHead(major: number, length: number): Buffer {
  const type = major << 5;
  if (length < 24) return Buffer.from([type | length]);
  if (length < 0x100) return Buffer.from([type | 24, length]);
  if (length < 0x10000) {
    const b = Buffer.alloc(3);
    b.writeUInt8(type | 25, 0);
    b.writeUInt16BE(length, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b.writeUInt8(type | 26, 0);
  b.writeUInt32BE(length, 1);
  return b;
}

function cborEncode(value: CborValue): Buffer {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || Math.abs(value) > 0xffffffff) throw new RangeError(`CBOR int ${value}`);
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === "string") {
    const utf8 = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, utf8.length), utf8]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  const parts = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(cborEncode(k), cborEncode(v));
  return Buffer.concat(parts);
}
