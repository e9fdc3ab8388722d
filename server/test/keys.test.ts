import {
  encodeBase64Url,
  encodePublicBundle,
  generateIdentity,
  generateRecoveryCode,
  prfSalt,
  unwrapIdentity,
  decodeBase64Url,
  wrapIdentity,
  type Identity,
} from "@sigill/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, type Client } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";

async function keyUpload(
  identity: Identity,
  account: { id: string; email: string },
  credentialId: string,
  prfOutput: Uint8Array,
) {
  const bundle = await encodePublicBundle(identity, {
    accountId: account.id,
    address: account.email,
    createdAt: Date.now(),
  });
  const recoveryCode = await generateRecoveryCode();
  const vault = [
    await wrapIdentity(identity, { method: "prf", credentialId: await decodeBase64Url(credentialId), prfOutput }),
    await wrapIdentity(identity, { method: "recovery", recoveryCode }),
  ];
  return {
    body: { bundle: await encodeBase64Url(bundle), vault: await Promise.all(vault.map(encodeBase64Url)) },
    recoveryCode,
  };
}

describe.each(PROVIDERS)("key directory on %s", (provider) => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  async function staffWithKeys(email = `larare${String(++n)}@skola.example`) {
    const auth = h.authenticator();
    const { client, account, response } = await createUser(h, auth, { email });
    const identity = await generateIdentity();
    const prf = auth.prf(response.id, await prfSalt());
    const { body, recoveryCode } = await keyUpload(identity, account, response.id, await decodeBase64Url(prf));
    const put = await client.call("PUT", "/api/keys", body);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    return { client, account, identity, credentialId: response.id, prf, recoveryCode, auth };
  }

  it("when staff publish keys, then they can fetch their vault and unlock it with the PRF output or recovery code", async () => {
    const me = await staffWithKeys();
    const mine = await me.client.call("GET", "/api/keys/me");
    expect(mine.status).toBe(200);
    expect(mine.body.vault.map((v: { method: string }) => v.method).sort()).toEqual(["prf", "recovery"]);
    const prfEntry = mine.body.vault.find((v: { method: string }) => v.method === "prf");
    expect(prfEntry.credentialId).toBe(me.credentialId);
    const unlocked = await unwrapIdentity(await decodeBase64Url(prfEntry.entry as string), {
      method: "prf",
      prfOutput: await decodeBase64Url(me.prf),
    });
    expect(Buffer.from(unlocked.boxSecretKey).equals(Buffer.from(me.identity.boxSecretKey))).toBe(true);
    const rec = mine.body.vault.find((v: { method: string }) => v.method === "recovery");
    const viaCode = await unwrapIdentity(await decodeBase64Url(rec.entry as string), {
      method: "recovery",
      recoveryCode: me.recoveryCode,
    });
    expect(Buffer.from(viaCode.signSecretKey).equals(Buffer.from(me.identity.signSecretKey))).toBe(true);
  });

  it("when another staff member looks up the address in any written form, then the bundle and fingerprint come back", async () => {
    const anna = await staffWithKeys("anna.berg@gmail.com");
    const other = await staffWithKeys();
    for (const form of ["anna.berg@gmail.com", "AnnaBerg+skola@googlemail.com", " ANNA.BERG@GMAIL.COM "]) {
      const r = await other.client.call("POST", "/api/directory/lookup", { email: form });
      expect(r.status, form).toBe(200);
      expect(r.body.accountId).toBe(anna.account.id);
      expect(r.body.current.fingerprint).toMatch(/^\d{5}( \d{5}){7}$/);
    }
    const missing = await other.client.call("POST", "/api/directory/lookup", { email: "nobody@skola.example" });
    expect(missing.status).toBe(404);
  });

  it("when staff look up an address, then it travels only in a strict JSON body: the old query-string route is gone, bad bodies are 4xx with a code, a disabled account answers as an unknown address, and the log never names it", async () => {
    const anna = await staffWithKeys("anna.uppslag@skola.example");
    const other = await staffWithKeys();
    const guardian = "hemlig.vardnadshavare@example.org";
    const old = await other.client.call("GET", `/api/directory?email=${encodeURIComponent(anna.account.email)}`);
    expect(old.status).toBe(404);
    expect(old.body.accountId).toBeUndefined();
    for (const [body, status, code] of [
      [{}, 400, "BAD_REQUEST"],
      [{ email: "inte en adress" }, 400, "BAD_REQUEST"],
      [{ email: anna.account.email, extra: 1 }, 400, "BAD_REQUEST"],
      [{ email: ["a@skola.example"] }, 400, "BAD_REQUEST"],
    ] as const) {
      const r = await other.client.call("POST", "/api/directory/lookup", body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const asForm = await other.client.call("POST", "/api/directory/lookup", undefined, {
      raw: `email=${encodeURIComponent(anna.account.email)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(asForm.status).toBeGreaterThanOrEqual(400);
    expect(asForm.status).toBeLessThan(500);
    expect(typeof asForm.body.error.code).toBe("string");
    // A query string next to a good body is refused too: nothing is read from the URL.
    const withQuery = await other.client.call("POST", `/api/directory/lookup?email=${encodeURIComponent(guardian)}`, {
      email: anna.account.email,
    });
    expect(withQuery.status).toBe(400);
    const unknown = await other.client.call("POST", "/api/directory/lookup", { email: guardian });
    await h.deps.db.account.update({ where: { id: anna.account.id }, data: { status: "disabled" } });
    const disabled = await other.client.call("POST", "/api/directory/lookup", { email: anna.account.email });
    expect([unknown.status, disabled.status]).toEqual([404, 404]);
    expect(disabled.body).toEqual(unknown.body);
    for (const line of h.logs) {
      expect(line).not.toContain(guardian);
      expect(line).not.toContain("hemlig");
    }
  });

  it("when keys change, then the old bundle stays in the history, visible to senders", async () => {
    const me = await staffWithKeys();
    const first = (await me.client.call("GET", "/api/keys/me")).body.fingerprint as string;
    const next = await keyUpload(await generateIdentity(), me.account, me.credentialId, await decodeBase64Url(me.prf));
    const put = await me.client.call("PUT", "/api/keys", next.body);
    expect(put.body.keyChanged).toBe(true);
    const other = await staffWithKeys();
    const r = await other.client.call("POST", "/api/directory/lookup", { email: me.account.email });
    expect(r.body.history).toHaveLength(1);
    expect(r.body.history[0].fingerprint).toBe(first);
    expect(r.body.current.fingerprint).not.toBe(first);
  });

  it.each([
    ["a bundle for another address", "address"],
    ["no recovery entry", "norecovery"],
    ["a PRF entry for an unknown passkey", "badcred"],
    ["a vault entry of other keys", "otherkeys"],
    ["garbage bytes as bundle", "garbage"],
    ["non-base64url bundle", "notb64"],
  ])("when the upload has %s, then it is refused with a 4xx code", async (_name, fault) => {
    const me = await staffWithKeys();
    const identity = await generateIdentity();
    const account = fault === "address" ? { ...me.account, email: "someone.else@skola.example" } : me.account;
    const cred = fault === "badcred" ? "AAAAAAAAAAAAAAAAAAAAAA" : me.credentialId;
    const { body } = await keyUpload(identity, account, cred, await decodeBase64Url(me.prf));
    if (fault === "norecovery") body.vault = body.vault.slice(0, 1);
    if (fault === "otherkeys")
      body.vault[1] = await encodeBase64Url(
        await wrapIdentity(await generateIdentity(), {
          method: "recovery",
          recoveryCode: await generateRecoveryCode(),
        }),
      );
    if (fault === "garbage") body.bundle = "A".repeat(200);
    if (fault === "notb64") body.bundle = "!".repeat(200);
    const r = await me.client.call("PUT", "/api/keys", body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(["KEYS_INVALID", "BAD_REQUEST"]).toContain(r.body.error.code);
  });

  it("when a recipient (not staff) uses the directory, then it is forbidden", async () => {
    const { client } = await createUser(h, h.authenticator(), {
      email: `guardian${String(++n)}@example.org`,
      role: "recipient",
    });
    expect((await client.call("POST", "/api/directory/lookup", { email: "a@skola.example" })).status).toBe(403);
  });

  it("when a new passkey is added, then its PRF vault entry can be added for the same keys", async () => {
    const me = await staffWithKeys();
    const phone = h.authenticator();
    const start = await me.client.call("POST", "/api/passkeys/options", {});
    const reg = phone.register(start.body.options);
    await me.client.call("POST", "/api/passkeys/verify", {
      challengeId: start.body.challengeId,
      response: reg,
      name: "Telefon",
    });
    const entry = await wrapIdentity(me.identity, {
      method: "prf",
      credentialId: await decodeBase64Url(reg.id),
      prfOutput: await decodeBase64Url(phone.prf(reg.id, await prfSalt())),
    });
    const r = await me.client.call("POST", "/api/keys/vault", { entry: await encodeBase64Url(entry) });
    expect(r.status).toBe(201);
    const vault = (await me.client.call("GET", "/api/keys/me")).body.vault as { method: string }[];
    expect(vault.filter((v) => v.method === "prf")).toHaveLength(2);
  });
});

export type { Client };
