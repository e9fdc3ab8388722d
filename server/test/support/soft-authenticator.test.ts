// Proves the soft authenticator against the real @simplewebauthn/server verification (no HTTP, nothing mocked):
// valid responses pass, and each tampered response fails for the reason it was tampered with.
import { randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { SoftAuthenticator, type RegisterOverride, type SoftAuthenticatorOptions } from "./soft-authenticator.ts";

const origin = "https://sigill.example";
const rpID = "sigill.example";
const evilOrigin = "https://sigill.evil.example";
const evilRpId = "evil.example";
const wrongChallenge = randomBytes(32).toString("base64url");

async function registrationOptions(extra: Partial<Parameters<typeof generateRegistrationOptions>[0]> = {}) {
  return generateRegistrationOptions({ rpName: "Sigill", rpID, userName: "alice@example.com", ...extra });
}

function verifyRegistration(response: RegistrationResponseJSON, expectedChallenge: string) {
  return verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  });
}

function verifyAuthentication(
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  credential: WebAuthnCredential,
) {
  return verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    requireUserVerification: true,
  });
}

/** A fresh authenticator with one verified registration, and the credential as the server would store it. */
async function enrolled(options: Partial<SoftAuthenticatorOptions> = {}) {
  const authenticator = new SoftAuthenticator({ origin, ...options });
  const creation = await registrationOptions();
  const verification = await verifyRegistration(authenticator.register(creation), creation.challenge);
  if (!verification.verified) throw new Error("registration did not verify");
  return { authenticator, creation, credential: verification.registrationInfo.credential };
}

describe("SoftAuthenticator registration against @simplewebauthn/server", () => {
  it("when a registration is verified, then it yields the credential public key and counter 0", async () => {
    const authenticator = new SoftAuthenticator({ origin });
    const creation = await registrationOptions();
    const response = authenticator.register(creation);
    const verification = await verifyRegistration(response, creation.challenge);

    expect(verification.verified).toBe(true);
    const info = verification.registrationInfo;
    expect(info?.fmt).toBe("none");
    expect(info?.userVerified).toBe(true);
    expect(info?.rpID).toBe(rpID);
    expect(info?.credential.id).toBe(response.id);
    expect(info?.credential.counter).toBe(0);
    expect(info?.credential.publicKey.length).toBeGreaterThan(64); // COSE EC2 key: two 32-byte coordinates + labels
    expect(info?.credentialDeviceType).toBe("singleDevice");
    expect(response.response.transports).toEqual(["internal"]);
    expect(response.response.publicKeyAlgorithm).toBe(-7);
    expect(authenticator.credentials()).toEqual([
      { id: response.id, rpId: rpID, userHandle: creation.user.id, counter: 0 },
    ]);
  });

  it.each<[string, RegisterOverride, RegExp]>([
    ["the origin is wrong", { origin: evilOrigin }, /Unexpected registration response origin/],
    ["the RP ID is wrong", { rpId: evilRpId }, /Unexpected RP ID hash/],
    ["the challenge is wrong", { challenge: wrongChallenge }, /Unexpected registration response challenge/],
    ["the user is not verified", { userVerified: false }, /User verification was required/],
  ])("when %s, then the registration is rejected", async (_case, override, message) => {
    const creation = await registrationOptions();
    const response = new SoftAuthenticator({ origin }).register(creation, override);
    await expect(verifyRegistration(response, creation.challenge)).rejects.toThrow(message);
  });

  it("when the credential is already registered (excludeCredentials), then the authenticator throws InvalidStateError", async () => {
    const { authenticator, credential } = await enrolled();
    const creation = await registrationOptions({ excludeCredentials: [{ id: credential.id }] });
    expect(() => authenticator.register(creation)).toThrow(expect.objectContaining({ name: "InvalidStateError" }));
  });

  it("when ES256 is not offered, then the authenticator throws NotSupportedError", async () => {
    const creation = await registrationOptions({ supportedAlgorithmIDs: [-257] });
    const authenticator = new SoftAuthenticator({ origin });
    expect(() => authenticator.register(creation)).toThrow(expect.objectContaining({ name: "NotSupportedError" }));
  });

  it("when the server's RP ID does not fit the origin, then the authenticator throws SecurityError", async () => {
    const creation = await registrationOptions({ rpID: evilRpId });
    const authenticator = new SoftAuthenticator({ origin });
    expect(() => authenticator.register(creation)).toThrow(expect.objectContaining({ name: "SecurityError" }));
  });
});

describe("SoftAuthenticator authentication against @simplewebauthn/server", () => {
  it("when authenticating twice, then both verify with newCounter 1, then 2", async () => {
    const { authenticator, credential } = await enrolled();
    for (const expected of [1, 2]) {
      const request = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: credential.id }] });
      const verification = await verifyAuthentication(
        authenticator.authenticate(request),
        request.challenge,
        credential,
      );
      expect(verification.verified).toBe(true);
      expect(verification.authenticationInfo.newCounter).toBe(expected);
      expect(verification.authenticationInfo.userVerified).toBe(true);
      credential.counter = verification.authenticationInfo.newCounter;
    }
    expect(authenticator.credentials()[0]?.counter).toBe(2);
  });

  it("when logging in without allowCredentials (discoverable), then the response names the credential and user handle", async () => {
    const { authenticator, creation, credential } = await enrolled();
    const request = await generateAuthenticationOptions({ rpID });
    const response = authenticator.authenticate(request);
    expect(response.id).toBe(credential.id);
    expect(response.response.userHandle).toBe(creation.user.id);
    expect((await verifyAuthentication(response, request.challenge, credential)).verified).toBe(true);
  });

  it.each<[string, Parameters<SoftAuthenticator["authenticate"]>[1], RegExp]>([
    ["the origin is wrong", { origin: evilOrigin }, /Unexpected authentication response origin/],
    ["the RP ID is wrong", { rpId: evilRpId }, /Unexpected RP ID hash/],
    ["the challenge is wrong", { challenge: wrongChallenge }, /Unexpected authentication response challenge/],
    ["the user is not verified", { userVerified: false }, /User verification required/],
  ])("when %s, then the authentication is rejected", async (_case, override, message) => {
    const { authenticator, credential } = await enrolled();
    const request = await generateAuthenticationOptions({ rpID });
    const response = authenticator.authenticate(request, override);
    await expect(verifyAuthentication(response, request.challenge, credential)).rejects.toThrow(message);
  });

  it("when the signature is tampered with, then verification fails", async () => {
    const { authenticator, credential } = await enrolled();
    const request = await generateAuthenticationOptions({ rpID });
    const response = authenticator.authenticate(request);
    const signature = Buffer.from(response.response.signature, "base64url");
    signature.writeUInt8(signature.readUInt8(signature.length - 1) ^ 0x01, signature.length - 1); // inside s
    response.response.signature = signature.toString("base64url");
    const verification = await verifyAuthentication(response, request.challenge, credential);
    expect(verification.verified).toBe(false);
  });

  it.each([
    ["equal", 2],
    ["lower", 1],
  ])(
    "when a cloned authenticator replays an %s counter, then SimpleWebAuthn's counter check rejects it",
    async (_case, counter) => {
      const { authenticator, credential } = await enrolled();
      for (let i = 0; i < 2; i++) {
        const request = await generateAuthenticationOptions({ rpID });
        const verification = await verifyAuthentication(
          authenticator.authenticate(request),
          request.challenge,
          credential,
        );
        credential.counter = verification.authenticationInfo.newCounter;
      }
      const request = await generateAuthenticationOptions({ rpID });
      const replay = authenticator.authenticate(request, { counter });
      await expect(verifyAuthentication(replay, request.challenge, credential)).rejects.toThrow(
        `Response counter value ${counter} was lower than expected 2`,
      );
    },
  );

  it.each([
    [{ backupEligible: true, backedUp: true }, "multiDevice", true],
    [{ backupEligible: true, backedUp: false }, "multiDevice", false],
    [{ backupEligible: false, backedUp: false }, "singleDevice", false],
  ] as const)(
    "when the backup flags are %o, then they are reported as %s, backed up %s",
    async (flags, type, backedUp) => {
      const authenticator = new SoftAuthenticator({ origin, ...flags });
      const creation = await registrationOptions();
      const registration = await verifyRegistration(authenticator.register(creation), creation.challenge);
      expect(registration.registrationInfo?.credentialDeviceType).toBe(type);
      expect(registration.registrationInfo?.credentialBackedUp).toBe(backedUp);

      const credential = registration.registrationInfo?.credential;
      if (credential === undefined) throw new Error("registration did not verify");
      const request = await generateAuthenticationOptions({ rpID });
      const authentication = await verifyAuthentication(
        authenticator.authenticate(request),
        request.challenge,
        credential,
      );
      expect(authentication.authenticationInfo.credentialDeviceType).toBe(type);
      expect(authentication.authenticationInfo.credentialBackedUp).toBe(backedUp);
    },
  );

  it("when allowCredentials names only unknown credentials, then the authenticator throws NotAllowedError", async () => {
    const { authenticator } = await enrolled();
    const request = await generateAuthenticationOptions({
      rpID,
      allowCredentials: [{ id: randomBytes(16).toString("base64url") }],
    });
    expect(() => authenticator.authenticate(request)).toThrow(expect.objectContaining({ name: "NotAllowedError" }));
  });
});

describe("SoftAuthenticator PRF extension", () => {
  const prfSecret = randomBytes(32);
  const salt = randomBytes(32);

  it("when PRF is requested, then registration reports it enabled and assertions return a deterministic output", async () => {
    const authenticator = new SoftAuthenticator({ origin, prfSecret });
    const creation = await registrationOptions({ extensions: { prf: { eval: { first: salt } } } });
    const registration = authenticator.register(creation);
    expect(registration.clientExtensionResults.prf).toEqual({ enabled: true });

    const prfOf = async (first: Uint8Array | string) => {
      // JSON options carry the salt as base64url; options built in-process carry bytes. Both must work.
      const request = await generateAuthenticationOptions({
        rpID,
        extensions: { prf: { eval: { first: first as Uint8Array } } },
      });
      return authenticator.authenticate(request).clientExtensionResults.prf?.results?.first as unknown;
    };
    const expected = authenticator.prf(registration.id, salt);
    expect(await prfOf(salt)).toBe(expected);
    expect(await prfOf(salt.toString("base64url"))).toBe(expected);
    expect(await prfOf(randomBytes(32))).not.toBe(expected);
  });

  it("when PRF is not requested, then no PRF result is returned", async () => {
    const { authenticator } = await enrolled({ prfSecret });
    const request = await generateAuthenticationOptions({ rpID });
    expect(authenticator.authenticate(request).clientExtensionResults).toEqual({});
  });
});
