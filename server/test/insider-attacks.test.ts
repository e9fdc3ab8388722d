// Attacks from inside the organisation and at the edges of the invitation flow, found by an
// independent review during issue 19 (its F1 to F6). Each test performs the attack with what that
// attacker really has and must fail; before the fixes every one of them succeeded (a 201, a 200 or a
// 500). On SQLite and PostgreSQL.
//   - a staff sender who makes an access code and enrols as the address they wrote to (F5);
//   - an admin who makes a staff account for an invited guardian's address (F1);
//   - a guardian who "replies" to a school thread with only a stranger invited (F2);
//   - a passkey registered under another account's credential id (F3);
//   - a bound invitation with unknown flags (F6);
//   - wrong codes sent all at once, to get more than five guesses (F4).
import { decodeBase64Url, encodeBase64Url, normaliseAddress, parseId, sealKeyStanza } from "@sigill/crypto";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app.ts";
import { openDeps } from "../src/bootstrap.ts";
import { createEnrolment } from "../src/modules/accounts/enrolments.ts";
import { Client, enrolWithLink } from "./support/client.ts";
import { PROVIDERS, startServer, type Harness } from "./support/harness.ts";
import {
  askMailboxCode,
  enrolInvited,
  mailedCode,
  messageBody,
  openBound,
  openInvited,
  person,
  publishKeys,
  send,
  verifierFor,
  type Person,
} from "./support/people.ts";

async function logged(h: Harness, type: string, subjectId: string): Promise<number> {
  return h.deps.db.auditEvent.count({ where: { type, subjectId } });
}

describe.each(PROVIDERS)("insider attacks on invitations and replies, on %s", (provider) => {
  let h: Harness;
  let n = 0;
  const staffMail = (name: string) => `${name}${String(++n)}@skola.example`;
  const homeMail = (name: string) => `${name}${String(++n)}@hem.example`;
  beforeAll(async () => {
    h = await startServer(provider);
  });
  afterAll(() => h.close());

  it("when a staff sender enrols as the guardian they wrote to with the access code they made themselves, then it is refused, and the real guardian enrols through the mailbox and is the one the directory gives", async () => {
    const mallory = await person(h, staffMail("mallory"));
    const anna = await person(h, staffMail("anna"));
    const guardian = homeMail("vardnadshavare");
    // Mallory sends a throwaway message with an access code: she knows the link secret and the code.
    const sent = await send(mallory, {
      subject: "x",
      text: "x",
      to: [],
      invite: [{ address: guardian, accessCode: "1234-5678-9012" }],
    });
    const codeVerifier = await verifierFor(h, sent.id, guardian, "1234-5678-9012", sent.linkSecret as Uint8Array);
    const squat = await new Client(h.base).call("POST", `/api/invitations/${sent.id}/enrol/options`, {
      address: guardian,
      codeVerifier,
    });
    expect(squat.status).toBe(400);
    expect(squat.body.error.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(squat.body)).not.toMatch(/challengeId|options/);
    expect(await h.deps.db.account.count({ where: { email: guardian } })).toBe(0);
    // Nobody holds the address: a colleague's directory lookup finds no one (and may invite by link).
    const none = await anna.client.call("POST", "/api/directory/lookup", { email: guardian });
    expect(none.status).toBe(404);
    // The guardian proves the mailbox, enrols, and opens with the code Mallory gave by phone.
    const real = await enrolInvited(h, sent.id, guardian);
    const opened = await openInvited(h, real, sent, "1234-5678-9012");
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const found = await anna.client.call("POST", "/api/directory/lookup", { email: guardian });
    expect(found.body.accountId).toBe(real.account.id);
  });

  it("when the server has no SMTP server, then asking for a mailbox code says so at once (503 MAIL_UNAVAILABLE) instead of never arriving", async () => {
    const anna = await person(h, staffMail("anna"));
    const guardian = homeMail("vardnadshavare");
    const sent = await send(anna, { subject: "x", text: "x", to: [], invite: [{ address: guardian }] });
    // The same database, opened as `npm start` opens it: no SMTP_URL in the configuration.
    expect(h.config.smtpUrl).toBeUndefined();
    const plain = await openDeps(h.config);
    const server = createApp(plain.deps).listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    try {
      const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
      for (const address of [guardian, homeMail("not-invited")]) {
        const asked = await new Client(base).call("POST", `/api/invitations/${sent.id}/mailbox-code`, { address });
        expect(asked.status).toBe(503);
        expect(asked.body.error.code).toBe("MAIL_UNAVAILABLE");
      }
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await plain.close();
    }
  });

  it("when an admin makes a staff account for an invited guardian's address and enrols it, then that account is not given the guardian's invitation", async () => {
    const admin = await person(h, staffMail("admin"), "admin");
    const anna = await person(h, staffMail("anna"));
    const guardian = homeMail("vardnadshavare");
    const sent = await send(anna, { subject: "Utredning", text: "Om eleven", to: [], invite: [{ address: guardian }] });
    const made = await admin.client.call("POST", "/api/admin/invitations", {
      email: guardian,
      displayName: "Vårdnadshavare",
      role: "staff",
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const squat = await enrolWithLink(h, made.body.link as string, h.authenticator());
    expect(squat.account.email).toBe(guardian);
    const opened = await squat.client.call("POST", `/api/invitations/${sent.id}/open`, {});
    expect(opened.status).toBe(403);
    expect(opened.body.error.code).toBe("INVITATION_NOT_PROVEN");
    expect(JSON.stringify(opened.body)).not.toMatch(/releaseKey|invitationStanza|envelope/);
    const row = await h.deps.db.invitation.findFirstOrThrow({ where: { messageId: sent.id, address: guardian } });
    expect(row.openedAt).toBeNull();
    expect(row.accountId).toBeNull();
  });

  it("when a guardian 'replies' to a school thread with a stranger invited, or with readers who never wrote in it, then it is refused; a reply to the sender goes", async () => {
    const anna = await person(h, staffMail("anna"));
    const bertil = await person(h, staffMail("bertil"));
    const guardianAddress = homeMail("g");
    const sent = await send(anna, { subject: "Hej", text: "x", to: [], invite: [{ address: guardianAddress }] });
    const g = await enrolInvited(h, sent.id, guardianAddress);
    const opened = await openInvited(h, g, sent);
    expect(opened.status).toBe(200);
    const messageKey = await openBound(sent, guardianAddress, opened.body as never);
    const identity = await publishKeys(g.client, g.account, g.credentialId, g.prf);
    const adopt = await sealKeyStanza(messageKey, await parseId(sent.id), identity.boxPublicKey);
    expect(
      (await g.client.call("POST", `/api/messages/${sent.id}/stanzas`, { stanza: await encodeBase64Url(adopt) }))
        .status,
    ).toBe(201);
    const guardian: Person = { client: g.client, account: { ...g.account, role: "recipient" }, identity };

    // Only a stranger, invited under the school's name.
    const stranger = homeMail("stranger");
    const phish = await messageBody(guardian, {
      subject: "Från skolan",
      text: "x",
      to: [],
      invite: [{ address: stranger }],
      threadId: sent.id,
    });
    const r1 = await g.client.call("POST", "/api/messages", phish.body);
    expect(r1.status).toBe(403);
    expect(r1.body.error.code).toBe("FORBIDDEN");
    expect(h.notifications.filter((x) => "to" in x && x.to === normaliseAddress(stranger))).toHaveLength(0);
    expect(await h.deps.db.invitation.count({ where: { address: normaliseAddress(stranger) } })).toBe(0);

    // A staff member who never wrote in the thread, as a reader.
    const sideways = await messageBody(guardian, { subject: "Sv: Hej", text: "x", to: [bertil], threadId: sent.id });
    const r2 = await g.client.call("POST", "/api/messages", sideways.body);
    expect(r2.status).toBe(403);

    // The reply the portal sends: to the sender of the thread.
    const reply = await messageBody(guardian, { subject: "Sv: Hej", text: "Tack!", to: [anna], threadId: sent.id });
    const r3 = await g.client.call("POST", "/api/messages", reply.body);
    expect(r3.status, JSON.stringify(r3.body)).toBe(201);
  });

  it("when someone enrols a passkey under a credential id another account holds, then it is a 409 and the enrolment link still works", async () => {
    const victim = await person(h, staffMail("victim"));
    const theirs = await h.deps.db.passkey.findFirstOrThrow({ where: { accountId: victim.account.id } });
    const { link } = await createEnrolment(h.deps, { email: staffMail("new"), displayName: "Ny", role: "staff" });
    const token = link.split("#")[1] ?? "";
    const client = new Client(h.base);
    const start = await client.call("POST", "/api/enrol/options", { token });
    const response = h
      .authenticator()
      .register(start.body.options as PublicKeyCredentialCreationOptionsJSON, { credentialId: theirs.id });
    const done = await client.call("POST", "/api/enrol/verify", {
      token,
      challengeId: start.body.challengeId,
      response,
      sessionKind: "portal",
    });
    expect(done.status).toBe(409);
    expect(done.body.error.code).toBe("CONFLICT");
    expect((await h.deps.db.passkey.findUniqueOrThrow({ where: { id: theirs.id } })).accountId).toBe(victim.account.id);
    // The link was not spent by the refused attempt: the real person enrols with it.
    const honest = await enrolWithLink(h, link, h.authenticator());
    expect(honest.account.email).toMatch(/^new\d+@skola\.example$/);
  });

  it("when a bound invitation's stanza has unknown flags, then the message is refused with STANZA_INVALID, not a 500", async () => {
    const anna = await person(h, staffMail("anna"));
    for (const flags of [2, 1, 255]) {
      const address = homeMail("z");
      const { body } = await messageBody(anna, { subject: "Hej", text: "x", to: [], invite: [{ address }] });
      const [invitation] = body.invitations;
      if (invitation === undefined) throw new Error("no invitation was built");
      const bad = new Uint8Array(await decodeBase64Url(invitation.stanza));
      bad[5] = flags;
      const r = await anna.client.call("POST", "/api/messages", {
        ...body,
        invitations: [{ ...invitation, stanza: await encodeBase64Url(bad) }],
      });
      expect(r.status, `flags ${String(flags)}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.code).toBe("STANZA_INVALID");
    }
  });

  it("when 25 wrong access codes arrive at once, then at most four are answered as wrong, the rest find it locked, and the right code no longer opens it", async () => {
    const anna = await person(h, staffMail("anna"));
    const address = homeMail("c");
    const sent = await send(anna, {
      subject: "S",
      text: "t",
      to: [],
      invite: [{ address, accessCode: "1111-2222-3333" }],
    });
    const g = await enrolInvited(h, sent.id, address);
    const verifiers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        verifierFor(h, sent.id, address, `9999-0000-${String(1000 + i)}`, sent.linkSecret as Uint8Array),
      ),
    );
    const answers = await Promise.all(
      verifiers.map((codeVerifier) => g.client.call("POST", `/api/invitations/${sent.id}/open`, { codeVerifier })),
    );
    const codes = answers.map((a) => String(a.body.error?.code));
    expect(codes.filter((c) => c === "ACCESS_CODE_WRONG").length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c !== "ACCESS_CODE_WRONG" && c !== "INVITATION_LOCKED")).toEqual([]);
    expect(await logged(h, "invitation.code_failed", sent.id)).toBeLessThanOrEqual(5);
    expect(await logged(h, "invitation.locked", sent.id)).toBe(1);
    expect((await openInvited(h, g, sent, "1111-2222-3333")).body.error.code).toBe("INVITATION_LOCKED");
  });

  it("when nine wrong mailbox codes arrive at once, then the code is void after five and the right one no longer enrols", async () => {
    const anna = await person(h, staffMail("anna"));
    const address = homeMail("m");
    const sent = await send(anna, { subject: "S", text: "t", to: [], invite: [{ address }] });
    expect((await askMailboxCode(h, sent.id, address)).status).toBe(202);
    const right = mailedCode(h, address);
    const wrong = Array.from({ length: 9 }, (_, i) => String((Number(right) + 1 + i) % 100_000_000).padStart(8, "0"));
    const answers = await Promise.all(
      wrong.map((mailboxCode) =>
        new Client(h.base).call("POST", `/api/invitations/${sent.id}/enrol/options`, { address, mailboxCode }),
      ),
    );
    expect(answers.map((a) => String(a.body.error?.code))).toEqual(Array<string>(9).fill("MAILBOX_CODE_WRONG"));
    const late = await new Client(h.base).call("POST", `/api/invitations/${sent.id}/enrol/options`, {
      address,
      mailboxCode: right,
    });
    expect(late.body.error.code).toBe("MAILBOX_CODE_WRONG");
    expect(await h.deps.db.account.count({ where: { email: address } })).toBe(0);
  });
});
