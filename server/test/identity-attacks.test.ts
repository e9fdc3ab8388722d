// Issue 18: who is at the other end. Each test is written from the attacker's side and performs the
// attack with what that attacker really has; each must fail, and the failure must be logged where
// the server can see it. On SQLite and PostgreSQL.
//   - the co-recipient: the same notification link, another invited address;
//   - the mail provider (or a link-rewriting gateway) that stored the link, and one that can also
//     read the mailbox;
//   - the database thief who also holds the link;
//   - the insider who signs a message with their own valid key but writes someone else as sender,
//     and the server (or a thief of it) that hands out another person's key for an address.
import { Api, memoryPins, readMessage, sendReply, sendSecure, SigillError, type StaffSession } from "@sigill/client";
import {
  decodeBase64Url,
  encodeBase64Url,
  encodePublicBundle,
  generateIdentity,
  generateRecoveryCode,
  generateId,
  generateMessageKey,
  openInvitation,
  sealEnvelope,
  sealKeyStanza,
  wrapIdentity,
  type LinkSecret,
  type ReleaseKey,
} from "@sigill/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import {
  askMailboxCode,
  enrolInvited,
  mailedCode,
  openBound,
  openInvited,
  person,
  send,
  type Person,
} from "./support/people.ts";

/** A client-library session for a person enrolled with a bearer token (the extension's kind). */
function sessionOf(h: Harness, p: Person, displayName = "Test Person"): StaffSession {
  return {
    api: new Api({ server: h.base, ...(p.client.bearer !== undefined && { token: p.client.bearer }) }),
    account: { ...p.account, displayName },
    identity: p.identity,
  };
}

async function logged(h: Harness, type: string, subjectId: string): Promise<number> {
  return h.deps.db.auditEvent.count({ where: { type, subjectId } });
}

describe.each(PROVIDERS)("attacks on who is at the other end, on %s", (provider) => {
  let h: Harness;
  let n = 0;
  const staffMail = (name: string) => `${name}${String(++n)}@skola.example`;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when a co-recipient uses the shared link to enrol as the other invited address, then no code reaches them, guesses fail and are logged, and the real person can still enrol", async () => {
    const anna = await person(h, staffMail("anna"));
    const victim = `guardian${String(++n)}@example.org`;
    const attacker = `co-recipient${String(++n)}@example.org`;
    const sent = await send(anna, {
      subject: "Till båda vårdnadshavarna",
      text: "Olle",
      to: [],
      invite: [{ address: victim }, { address: attacker }],
    });
    // The attacker asks for a code for the victim's address: the answer is the same as for anyone,
    // and the code goes to the victim's mailbox, not to the attacker.
    expect((await askMailboxCode(h, sent.id, victim)).status).toBe(202);
    expect(h.notifications.filter((x) => x.kind === "mailbox-code" && x.to === attacker)).toEqual([]);
    const anon = new Client(h.base);
    const guesses: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await anon.call("POST", `/api/invitations/${sent.id}/enrol/options`, {
        address: victim,
        mailboxCode: String(10_000_000 + i),
      });
      guesses.push(String(r.body.error?.code));
    }
    expect(guesses).toEqual(Array<string>(6).fill("MAILBOX_CODE_WRONG"));
    // Five wrong guesses void the code: the real one no longer works either (a new one must be mailed).
    const voided = await anon.call("POST", `/api/invitations/${sent.id}/enrol/options`, {
      address: victim,
      mailboxCode: mailedCode(h, victim),
    });
    expect(voided.body.error.code).toBe("MAILBOX_CODE_WRONG");
    expect(await logged(h, "invitation.mailbox_code_failed", sent.id)).toBe(7);
    // No enrolment token was ever handed out and no account exists for the victim.
    expect(JSON.stringify(guesses)).not.toMatch(/token/i);
    expect(await h.deps.db.account.count({ where: { email: victim } })).toBe(0);

    // The attacker enrols honestly as themselves: their account opens only their own invitation,
    // and their release key does not open the victim's stanza even offline with the shared link.
    const own = await enrolInvited(h, sent.id, attacker);
    const mine = await openInvited(h, own, sent);
    expect(mine.status).toBe(200);
    const victimRow = await h.deps.db.invitation.findFirstOrThrow({ where: { messageId: sent.id, address: victim } });
    await expect(
      openInvitation(new Uint8Array(victimRow.stanza ?? new Uint8Array()), {
        messageId: (await decodeBase64Url(sent.id)) as never,
        linkSecret: sent.linkSecret as LinkSecret,
        address: victim,
        releaseKey: (await decodeBase64Url(String(mine.body.releaseKey))) as ReleaseKey,
      }),
    ).rejects.toMatchObject({ code: "DECRYPT_FAILED" });

    // The real person asks for a fresh code, gets it in their own mail, and enrols: not locked out.
    const real = await enrolInvited(h, sent.id, victim);
    const opened = await openInvited(h, real, sent);
    expect(opened.status).toBe(200);
    expect(await openBound(sent, victim, opened.body as never)).toHaveLength(32);
  });

  it("when the mail provider holding the link (and even the mailbox) tries a code-protected message, then without the code nothing opens and the guesses lock it, logged", async () => {
    const anna = await person(h, staffMail("anna"));
    const address = `guardian${String(++n)}@example.org`;
    const sent = await send(anna, {
      subject: "Skyddad",
      text: "Olle har skyddad identitet.",
      to: [],
      invite: [{ address, accessCode: "4711-2626-0815" }],
    });
    // With the link alone: no enrolment without a proof.
    const anon = new Client(h.base);
    const noProof = await anon.call("POST", `/api/invitations/${sent.id}/enrol/options`, { address });
    expect(noProof.status).toBe(400);
    // With the mailbox too (the provider reads the mailed code): it enrols, but the invitation
    // needs the code, which only the person has (given by phone).
    const provider_ = await enrolInvited(h, sent.id, address);
    expect((await provider_.client.call("POST", `/api/invitations/${sent.id}/open`, {})).body.error.code).toBe(
      "ACCESS_CODE_REQUIRED",
    );
    const tries: string[] = [];
    for (const guess of ["0000-0000-0000", "1234-5678-9012", "4711-2626-0814", "1111-1111-1111", "9999-9999-9999"])
      tries.push(String((await openInvited(h, provider_, sent, guess)).body.error?.code));
    expect(tries).toEqual([...Array<string>(4).fill("ACCESS_CODE_WRONG"), "INVITATION_LOCKED"]);
    expect(await logged(h, "invitation.code_failed", sent.id)).toBe(5);
    expect(await logged(h, "invitation.locked", sent.id)).toBe(1);
    // Locked for good: the right code no longer helps, and the stanza was never released.
    expect((await openInvited(h, provider_, sent, "4711-2626-0815")).body.error.code).toBe("INVITATION_LOCKED");
  });

  it("when a database thief who also holds the link takes the stanza, release key and code digest, then a code-protected invitation does not open without the code", async () => {
    const anna = await person(h, staffMail("anna"));
    const address = `guardian${String(++n)}@example.org`;
    const sent = await send(anna, {
      subject: "Kod",
      text: "Hemligt",
      to: [],
      invite: [{ address, accessCode: "2468-1357-9024" }],
    });
    const row = await h.deps.db.invitation.findFirstOrThrow({ where: { messageId: sent.id, address } });
    const stolen = {
      messageId: (await decodeBase64Url(sent.id)) as never,
      linkSecret: sent.linkSecret as LinkSecret,
      address,
      releaseKey: new Uint8Array(row.releaseKey ?? new Uint8Array()) as ReleaseKey,
    };
    // Every byte of the row and the link, but not the code: nothing opens.
    await expect(openInvitation(new Uint8Array(row.stanza ?? new Uint8Array()), stolen)).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    for (const guess of ["0000-0000-0000", "2468-1357-9025", "1234-5678-9012"])
      await expect(
        openInvitation(new Uint8Array(row.stanza ?? new Uint8Array()), { ...stolen, accessCode: guess }),
      ).rejects.toMatchObject({ code: "DECRYPT_FAILED" });
    // The database holds no code and nothing a code can be checked against without the link.
    const dump = JSON.stringify(row, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v,
    );
    // The code in any form it could be kept in. Not a fragment such as "2468": random bytes in hex
    // hold any four digits now and then (it failed one run in about a hundred).
    const code = "2468-1357-9024";
    for (const form of [
      code,
      code.replaceAll("-", ""),
      Buffer.from(code).toString("hex"),
      Buffer.from(code).toString("base64"),
    ])
      expect(dump).not.toContain(form);
    expect(row.codeVerifierDigest).not.toBeNull();
    // (With the code, the same stolen bytes do open: the code is what stands between them.)
    const key = await openInvitation(new Uint8Array(row.stanza ?? new Uint8Array()), {
      ...stolen,
      accessCode: "2468-1357-9024",
    });
    expect(key).toHaveLength(32);
  });

  it("when an insider signs a message with their own key but writes the principal as sender, then the reader sees it unverified with the insider as signer, and a reply goes to the insider", async () => {
    const rektor = await person(h, staffMail("rektor"), "staff", "extension");
    const mallory = await person(h, staffMail("mallory"), "staff", "extension");
    const bertil = await person(h, staffMail("bertil"), "staff", "extension");
    // Mallory builds the message herself: valid envelope, her own valid key, a forged sender.
    const messageKey = await generateMessageKey();
    const messageId = await generateId();
    const now = Date.now();
    const envelope = await sealEnvelope(
      {
        messageId,
        threadId: messageId,
        createdAt: now,
        expiresAt: now + 86_400_000,
        attachments: [],
        content: {
          subject: "Beslut om avstängning",
          text: "Från rektor: Olle är avstängd. Svara med personnumret.",
          from: { name: "Rektor", address: rektor.account.email },
          to: [bertil.account.email],
          cc: [],
          attachments: [],
        },
      },
      messageKey,
      mallory.identity,
    );
    const posted = await mallory.client.call("POST", "/api/messages", {
      envelope: await encodeBase64Url(envelope),
      stanzas: [
        {
          accountId: mallory.account.id,
          stanza: await encodeBase64Url(await sealKeyStanza(messageKey, messageId, mallory.identity.boxPublicKey)),
        },
        {
          accountId: bertil.account.id,
          stanza: await encodeBase64Url(await sealKeyStanza(messageKey, messageId, bertil.identity.boxPublicKey)),
        },
      ],
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    // Bertil's client: the signature is valid, but the claim is not the signer: not verified.
    const bertilSession = sessionOf(h, bertil, "Bertil");
    const read = await readMessage(bertilSession, String(posted.body.id));
    expect(read.verified).toBe(false);
    expect(read.signer?.address).toBe(mallory.account.email);
    expect(read.content?.from.address).toBe(rektor.account.email);
    // A reply goes to whoever signed it, sealed to that key: never to the principal.
    const reply = await sendReply(bertilSession, read, { text: "Vem är du?", attachments: [] }, { pins: memoryPins() });
    const replyRow = await h.deps.db.messageRecipient.findMany({ where: { messageId: reply.messageId } });
    expect(replyRow.map((r) => r.accountId).sort()).toEqual([bertil.account.id, mallory.account.id].sort());
    expect(replyRow.some((r) => r.accountId === rektor.account.id)).toBe(false);
  });

  it("when a sender's key changes after a message, then a reply to the old message is refused until the person has seen the new key", async () => {
    const anna = await person(h, staffMail("anna"), "staff", "extension");
    const bertil = await person(h, staffMail("bertil"), "staff", "extension");
    const sent = await send(anna, { subject: "Hej", text: "x", to: [bertil] });
    const bertilSession = sessionOf(h, bertil);
    const before = await readMessage(bertilSession, sent.id);
    expect(before.verified).toBe(true);
    // Anna (or someone who took over her account) publishes another key.
    const fresh = await generateIdentity();
    const put = await anna.client.call("PUT", "/api/keys", {
      bundle: await encodeBase64Url(
        await encodePublicBundle(fresh, {
          accountId: anna.account.id,
          address: anna.account.email,
          createdAt: Date.now(),
        }),
      ),
      vault: [
        await encodeBase64Url(
          await wrapIdentity(fresh, { method: "recovery", recoveryCode: await generateRecoveryCode() }),
        ),
      ],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const after = await readMessage(bertilSession, sent.id);
    expect(after.verified).toBe(true); // the old key still verifies the old message
    const error = await sendReply(
      bertilSession,
      after,
      { text: "Tack", attachments: [] },
      { pins: memoryPins() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigillError);
    expect((error as SigillError).code).toBe("KEY_CHANGED");
  });

  it("when the directory hands out another account's key for an address, then the sender's client refuses to use it and sends nothing", async () => {
    const anna = await person(h, staffMail("anna"), "staff", "extension");
    const bertil = await person(h, staffMail("bertil"), "staff", "extension");
    const mallory = await person(h, staffMail("mallory"), "staff", "extension");
    // A server (or a thief of it) answers the look-up for Bertil with Mallory's signed bundle.
    const malloryBundle = (await anna.client.call("POST", "/api/directory/lookup", { email: mallory.account.email }))
      .body.current.bundle as string;
    const tampering: typeof fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const res = await fetch(input, init);
      if (!url.endsWith("/api/directory/lookup")) return res;
      const body = (await res.json()) as { accountId: string; current: { bundle: string } };
      return new Response(JSON.stringify({ ...body, current: { ...body.current, bundle: malloryBundle } }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const session: StaffSession = {
      api: new Api({
        server: h.base,
        ...(anna.client.bearer !== undefined && { token: anna.client.bearer }),
        fetch: tampering,
      }),
      account: { ...anna.account, displayName: "Anna" },
      identity: anna.identity,
    };
    const before = await h.deps.db.message.count();
    const error = await sendSecure(
      session,
      {
        subject: "x",
        text: "y",
        to: [bertil.account.email],
        cc: [],
        attachments: [],
        expiresInDays: 1,
        accessCode: false,
      },
      { pins: memoryPins() },
    ).catch((e: unknown) => e);
    expect((error as SigillError).code).toBe("PROTOCOL");
    expect(await h.deps.db.message.count()).toBe(before);
  });
});
