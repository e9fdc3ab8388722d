// A staff journey through the extension's own logic (extension/src/secure/) against the real server
// (in process, on a fresh SQLite file), with real crypto and a software passkey standing in for the
// browser's prompt on the extension's origin: enrol from the admin's link, publish keys, log in and
// unlock, send a secure message with an attachment to a colleague and a first-time guardian, stop
// on a changed key, and fail without sending when the server is down; diversion reports (kinds
// only, best effort).
import {
  decodeBase64Url,
  openInvitation,
  parseLinkSecret,
  type ReleaseKey,
  decryptAttachment,
  openEnvelope,
  openKeyStanza,
  parseEnvelope,
  parseId,
  parsePublicBundle,
} from "@sigill/crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  acceptRecipientKey,
  Api,
  type AttachmentSink,
  cachedPolicy,
  buildNotification,
  downloadAttachment,
  downloadAttachmentTo,
  enrolFromLink,
  listMessages,
  login,
  memoryArea,
  memoryPins,
  type PasskeyPort,
  previewRecipients,
  readMessage,
  recallMessage,
  recentPolicy,
  refreshPolicy,
  reportDiversion,
  sendSecure,
  SigillError,
  type StaffSession,
  replaceKeys,
  unlockWithRecoveryCode,
} from "@sigill/client";
import { DEV_EXTENSION_ID } from "../../extension/wxt.config.ts";
import {
  createApp,
  createEnrolment,
  createLogger,
  createNotifier,
  ensureOrganisation,
  loadConfig,
  openDatabase,
  SoftAuthenticator,
  type Database,
  type Deps,
  type OutgoingMail,
} from "@sigill/server/testing";

const EXTENSION_ORIGIN = `chrome-extension://${DEV_EXTENSION_ID}`;
let dir = "";
let database: Database;
let deps: Deps;
let http: Server;
let server = "";
/** What the server's real notifier handed to its transport (a sink stands in for the SMTP server). */
const mails: OutgoingMail[] = [];

/** The browser's passkey prompt on the extension page, played by a software authenticator. */
function passkeyPort(auth: SoftAuthenticator, prf: "at-registration" | "at-login" | "never"): PasskeyPort {
  const prfOf = async (id: string, salt: Uint8Array) =>
    prf === "never" ? undefined : await decodeBase64Url(auth.prf(id, salt));
  return {
    register: async (options, salt) => {
      const response = auth.register(options as never, { origin: EXTENSION_ORIGIN });
      const output = prf === "at-registration" ? await prfOf(response.id, salt) : undefined;
      return { response: response as never, ...(output !== undefined && { prfOutput: output }) };
    },
    authenticate: async (options, salt) => {
      const response = auth.authenticate(options as never, { origin: EXTENSION_ORIGIN });
      const output = await prfOf(response.id, salt);
      return { response: response as never, ...(output !== undefined && { prfOutput: output }) };
    },
  };
}

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error("expected a value");
  return value;
}

const authenticator = () =>
  new SoftAuthenticator({
    origin: EXTENSION_ORIGIN,
    rpId: "localhost",
    prfSecret: crypto.getRandomValues(new Uint8Array(32)),
  });

async function staff(
  email: string,
  prf: "at-registration" | "at-login" | "never" = "at-registration",
  role: "staff" | "admin" = "staff",
) {
  const { link } = await createEnrolment(deps, { email, displayName: email.split("@")[0] ?? email, role });
  const auth = authenticator();
  const enrolled = await enrolFromLink(link.replace("http://localhost:8080", server), passkeyPort(auth, prf));
  return { ...enrolled, auth, port: passkeyPort(auth, prf) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sigill-journey-"));
  database = await openDatabase(`file:${join(dir, "sigill.db")}`);
  const config = loadConfig({
    PUBLIC_URL: "http://localhost:8080",
    EXTENSION_ORIGINS: EXTENSION_ORIGIN,
    SIGILL_DATA_DIR: dir,
    LOG_LEVEL: "silent",
    RATE_LIMIT_IP_PER_MINUTE: "100000",
    RATE_LIMIT_ACCOUNT_PER_MINUTE: "100000",
    RATE_LIMIT_REPORTS_PER_HOUR: "100000",
  });
  const logger = createLogger("silent");
  const notifier = createNotifier(
    { mailFrom: config.mailFrom, publicUrl: config.publicUrl, orgName: config.orgName },
    logger,
    {
      sendMail: (mail) => {
        mails.push(mail);
        return Promise.resolve();
      },
      close: () => undefined,
    },
  );
  deps = {
    db: database.prisma,
    reads: database.reads,
    pieces: database.pieces,
    config,
    logger,
    now: () => new Date(),
    notify: (n) => notifier.notify(n),
  };
  await ensureOrganisation(deps);
  http = createApp(deps).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => http.once("listening", resolve));
  server = `http://127.0.0.1:${String((http.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    http.close(() => {
      resolve();
    });
    http.closeAllConnections();
  });
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The link the admin shares names the portal origin; the journey's server listens elsewhere. */
function toLocal(session: StaffSession): StaffSession {
  return { ...session, api: new Api({ server, ...(session.api.token !== undefined && { token: session.api.token }) }) };
}

describe("staff in the extension: enrol, unlock and send securely (real server, SQLite)", () => {
  it("when staff enrol from the admin's link, then keys are published, the recovery code is shown once, and login unlocks the same keys", async () => {
    // The link names the server the admin configured (PUBLIC_URL); here it is rewritten to the test server.
    const { link } = await createEnrolment(deps, { email: "anna@skola.example", displayName: "Anna", role: "staff" });
    expect(link.startsWith("http://localhost:8080/enrol#")).toBe(true);
    const auth = authenticator();
    const { session, recoveryCode } = await enrolFromLink(
      link.replace("http://localhost:8080", server),
      passkeyPort(auth, "at-registration"),
    );
    expect(recoveryCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    expect(session.identity).not.toBeNull();
    const again = await login(server, passkeyPort(auth, "at-registration"));
    expect(again.account.email).toBe("anna@skola.example");
    expect(
      Buffer.from(again.identity?.signPublicKey ?? []).equals(Buffer.from(session.identity?.signPublicKey ?? [])),
    ).toBe(true);
    const stored = await deps.db.vaultEntry.findMany({ where: { accountId: session.account.id } });
    expect(stored.map((v) => v.method).sort()).toEqual(["prf", "recovery"]);
  });

  it("when the authenticator gives PRF output only at login, then enrolment asks for it once and unlocking still works", async () => {
    const auth = authenticator();
    const { link } = await createEnrolment(deps, { email: "prf.later@skola.example", displayName: "P", role: "staff" });
    const { session } = await enrolFromLink(
      link.replace("http://localhost:8080", server),
      passkeyPort(auth, "at-login"),
    );
    const back = await login(server, passkeyPort(auth, "at-login"));
    expect(
      Buffer.from(back.identity?.boxPublicKey ?? []).equals(Buffer.from(session.identity?.boxPublicKey ?? [])),
    ).toBe(true);
  });

  it("when the authenticator has no PRF, then login leaves the keys locked until the recovery code unlocks them", async () => {
    const auth = authenticator();
    const { link } = await createEnrolment(deps, { email: "no.prf@skola.example", displayName: "N", role: "staff" });
    const { session, recoveryCode } = await enrolFromLink(
      link.replace("http://localhost:8080", server),
      passkeyPort(auth, "never"),
    );
    const locked = await login(server, passkeyPort(auth, "never"));
    expect(locked.identity).toBeNull();
    expect(recoveryCode).not.toBeNull();
    const unlocked = await unlockWithRecoveryCode(locked, (recoveryCode ?? "").toLowerCase());
    expect(
      Buffer.from(unlocked.identity?.signSecretKey ?? []).equals(Buffer.from(session.identity?.signSecretKey ?? [])),
    ).toBe(true);
    await expect(unlockWithRecoveryCode(locked, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")).rejects.toThrow();
  });

  it("when staff send securely to a colleague and a guardian, then the colleague decrypts it, the guardian gets a link and a code, the notification holds no content, and after an admin's reset and new keys the next send to the colleague stops with KEY_CHANGED", async () => {
    const anna = await staff("anna.sender@skola.example");
    const bertil = await staff("bertil.reader@skola.example");
    const pins = memoryPins();
    const bytes = Uint8Array.from({ length: 1_500_000 }, (_, i) => (i * 131 + 7) & 255);
    // The file arrives as a stream of uneven pieces, as File.stream() gives it in the browser.
    const attachment = {
      name: "intyg-elev.pdf",
      type: "application/pdf",
      source: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 65_536 + 17) controller.enqueue(bytes.slice(at, at + 65_536 + 17));
          controller.close();
        },
      }),
    };
    const progress: number[] = [];
    const sent = await sendSecure(
      toLocal(anna.session),
      {
        subject: "Elevens intyg",
        text: "Hej Bertil, här är intyget (personnummer 19121212-1212).",
        to: ["bertil.reader@skola.example", "vardnadshavare@example.org"],
        cc: ["anna.sender@skola.example"], // a copy to oneself must not make a second stanza
        bcc: ["mormor@example.org"], // a second first-time reader, not listed in the message
        attachments: [attachment],
        expiresInDays: 14,
        accessCode: true,
      },
      { pins, onProgress: (n) => progress.push(n) },
    );
    expect(progress.length).toBeGreaterThanOrEqual(2); // 1.5 MB went up in 1 MiB pieces
    expect(sent.invitations.map((i) => i.address)).toEqual(["vardnadshavare@example.org", "mormor@example.org"]);
    // One link per message: the one notification mail carries it; each invitation stays bound to its address.
    expect(new Set(sent.invitations.map((i) => i.link)).size).toBe(1);
    expect(sent.link).toBe(sent.invitations[0]?.link);
    const secret = await parseLinkSecret((sent.link ?? "").split("#")[1] ?? "");
    const rows = await deps.db.invitation.findMany({ where: { messageId: sent.messageId } });
    for (const row of rows) {
      // Each is a bound invitation: it opens with the link secret, its own address, its own release
      // key and its own code, and with another invitation's release key or code it does not.
      const code = sent.invitations.find((i) => i.address === row.address)?.accessCode ?? "";
      const secrets = {
        messageId: await parseId(sent.messageId),
        linkSecret: secret,
        address: row.address,
        releaseKey: new Uint8Array(must(row.releaseKey)) as ReleaseKey,
      };
      const opened = await openInvitation(new Uint8Array(must(row.stanza)), { ...secrets, accessCode: code });
      expect(opened).toHaveLength(32);
      const other = rows.find((r) => r.address !== row.address);
      await expect(
        openInvitation(new Uint8Array(must(row.stanza)), {
          ...secrets,
          releaseKey: new Uint8Array(must(other?.releaseKey ?? null)) as ReleaseKey,
          accessCode: code,
        }),
      ).rejects.toThrow();
    }
    expect(sent.invitations[0]?.link).toMatch(new RegExp(`/m/${sent.messageId}#[A-Za-z0-9_-]{43}$`));
    expect(sent.invitations[0]?.accessCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(sent.invitations[0]?.accessCode).not.toBe(sent.invitations[1]?.accessCode);

    // Bertil logs in through the same extension logic and reads it.
    const reader = toLocal(await login(server, bertil.port));
    const got = await reader.api.call(
      z.object({
        envelope: z.string(),
        stanza: z.string(),
        sender: z.object({ bundles: z.array(z.string()) }),
        attachments: z.array(z.object({ id: z.string() })),
      }),
      "GET",
      `/api/messages/${sent.messageId}`,
    );
    const messageId = await parseId(sent.messageId);
    const key = must(await openKeyStanza(await decodeBase64Url(got.stanza), messageId, must(reader.identity)));
    const senderKey = (await parsePublicBundle(await decodeBase64Url(got.sender.bundles[0] ?? ""))).signPublicKey;
    const envelope = await decodeBase64Url(got.envelope);
    const opened = await openEnvelope(envelope, key, senderKey);
    expect(opened.content.subject).toBe("Elevens intyg");
    expect(opened.content.from).toEqual({ name: "anna.sender", address: "anna.sender@skola.example" });
    // The same through the inbox logic: opened, downloaded and decrypted in the extension's code.
    const viaInbox = await readMessage(reader, sent.messageId);
    const file = await downloadAttachment(reader, viaInbox, must(viaInbox.attachments[0]).id);
    expect(viaInbox.attachments[0]?.name).toBe("intyg-elev.pdf");
    expect(Buffer.compare(Buffer.from(file), Buffer.from(bytes))).toBe(0);
    // Streamed to a sink (as the inbox page writes a large file to disk): chunk by chunk, with progress.
    const recorder = () => {
      const log = { chunks: [] as Uint8Array[], closed: false, aborted: false };
      const sink: AttachmentSink = {
        write: (chunk) => {
          log.chunks.push(chunk.slice());
          return Promise.resolve();
        },
        close: () => {
          log.closed = true;
          return Promise.resolve();
        },
        abort: () => {
          log.aborted = true;
          return Promise.resolve();
        },
      };
      return { log, sink };
    };
    const streamed = recorder();
    const progress2: number[] = [];
    const attachmentId = must(viaInbox.attachments[0]).id;
    await downloadAttachmentTo(reader, viaInbox, attachmentId, streamed.sink, (n) => progress2.push(n));
    expect(streamed.log).toMatchObject({ closed: true, aborted: false });
    expect(streamed.log.chunks.length).toBeGreaterThan(1);
    expect(Buffer.compare(Buffer.concat(streamed.log.chunks), Buffer.from(bytes))).toBe(0);
    expect(progress2.at(-1)).toBe(bytes.length);
    // A descriptor that does not match the stored ciphertext (tampering): the sink is aborted, never closed.
    const tampered = recorder();
    const wrong = {
      ...viaInbox,
      attachments: viaInbox.attachments.map((a) => ({
        ...a,
        descriptor: { ...a.descriptor, ciphertextHash: a.descriptor.ciphertextHash.map((b) => b ^ 1) },
      })),
    };
    await expect(downloadAttachmentTo(reader, wrong, attachmentId, tampered.sink)).rejects.toMatchObject({
      name: "CryptoError",
    });
    expect(tampered.log).toMatchObject({ closed: false, aborted: true });
    const res = await fetch(`${server}/api/messages/${sent.messageId}/attachments/${got.attachments[0]?.id ?? ""}`, {
      headers: { authorization: `Bearer ${reader.api.token ?? ""}` },
    });
    const parts: Uint8Array[] = [];
    const descriptor = must((await parseEnvelope(envelope)).header.attachments[0]);
    for await (const p of decryptAttachment([new Uint8Array(await res.arrayBuffer())], {
      messageKey: key,
      messageId,
      descriptor,
    }))
      parts.push(p);
    expect(Buffer.compare(Buffer.concat(parts), Buffer.from(bytes))).toBe(0);

    const note = buildNotification({
      senderName: "Anna",
      organisation: "Sigill",
      link: sent.invitations[0]?.link ?? "",
      expiresAt: sent.expiresAt,
      accessCodeRequired: true,
    });
    expect(note.subject).toBe("Säkert meddelande från Sigill");
    expect(note.text).toContain(sent.invitations[0]?.link ?? "-");
    for (const secret of ["Elevens intyg", "19121212-1212", "intyg-elev.pdf", "Bertil"])
      expect(`${note.subject}\n${note.text}`).not.toContain(secret);
    expect(note.text).not.toContain(sent.invitations[0]?.accessCode ?? "-");

    // Bertil's key is now pinned. An administrator resets Bertil's account (issue 18): the link goes
    // to Bertil's own mailbox, never to the admin; Bertil lost the recovery code too and makes new keys.
    const messagesBefore = await deps.db.message.count();
    const admin = await staff("rektor.reset@skola.example", "at-registration", "admin");
    const answer = await toLocal(admin.session).api.call(
      z.object({ accountId: z.string(), mailedAt: z.string(), expiresAt: z.string() }).strict(),
      "POST",
      `/api/admin/accounts/${bertil.session.account.id}/reset`,
      {},
    );
    expect(answer.accountId).toBe(bertil.session.account.id);
    const toBertil = () => mails.filter((m) => m.to === "bertil.reader@skola.example");
    const resetLink = /http:\/\/localhost:8080\/enrol#[A-Za-z0-9_-]{43}/.exec(toBertil().at(-1)?.text ?? "")?.[0];
    // A reset keeps the old keys (locked until the recovery code); Bertil lost that too: new keys.
    const again = await enrolFromLink(
      must(resetLink).replace("http://localhost:8080", server),
      passkeyPort(authenticator(), "at-registration"),
    );
    expect(again.recoveryCode).toBeNull();
    expect(again.session.identity).toBeNull();
    await replaceKeys(again.session);
    // Bertil was told at each step, and the log names the admin who started it.
    expect(toBertil().map((m) => m.subject.split(" / ")[1])).toEqual([
      "You have a new secure message in Sigill",
      "Reset your sign-in to Sigill",
      "Your Sigill account was reset",
      "Your keys in Sigill have changed",
    ]);
    const published = await deps.db.auditEvent.findFirstOrThrow({
      where: { type: "keys.published", subjectId: bertil.session.account.id },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(published.details)).toMatchObject({
      keyChanged: true,
      reset: true,
      initiatedBy: admin.session.account.id,
    });
    // Anna's pinned fingerprint no longer matches: the send stops before anything reaches the server.
    const draftToBertil = {
      subject: "x",
      text: "y",
      to: ["bertil.reader@skola.example"],
      cc: [],
      attachments: [],
      expiresInDays: 1,
      accessCode: false,
    };
    const changed = await sendSecure(toLocal(anna.session), draftToBertil, { pins }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(SigillError);
    expect((changed as SigillError).code).toBe("KEY_CHANGED");
    expect((changed as SigillError).message).toMatch(/pinned \d{5}( \d{5}){7}, now \d{5}( \d{5}){7}/);
    expect(await deps.db.message.count()).toBe(messagesBefore);

    // Anna phones Bertil, compares the new fingerprint and accepts it (compose's button): the send
    // goes to the new key. Before, there was no way forward: every later send stopped the same way.
    const [state] = await previewRecipients(toLocal(anna.session), ["bertil.reader@skola.example"], pins);
    expect(state).toMatchObject({ kind: "key", status: "changed" });
    if (state === undefined) throw new Error("no preview");
    await acceptRecipientKey(pins, state);
    expect(await previewRecipients(toLocal(anna.session), ["bertil.reader@skola.example"], pins)).toMatchObject([
      { kind: "key", status: "same" },
    ]);
    const accepted = await sendSecure(toLocal(anna.session), draftToBertil, { pins });
    expect(await deps.db.message.count()).toBe(messagesBefore + 1);
    expect(accepted.invitations).toEqual([]);
  });

  it("when a pinned colleague's key disappears from the directory (account disabled, or the address no longer held), then the preview says so and the send stops with KEY_GONE before anything reaches the server, instead of inviting the address by link", async () => {
    const anna = await staff("anna.gone@skola.example");
    await staff("cecilia.gone@skola.example");
    const cecilia = await deps.db.account.findUniqueOrThrow({ where: { email: "cecilia.gone@skola.example" } });
    // Anna's calls, as the server receives them (the real fetch; only the method and path are noted).
    const calls: string[] = [];
    const session: StaffSession = {
      ...anna.session,
      api: new Api({
        server,
        token: anna.session.api.token ?? "",
        fetch: (input, init) => {
          const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
          calls.push(`${init?.method ?? "GET"} ${new URL(url).pathname}`);
          return fetch(input, init);
        },
      }),
    };
    const pins = memoryPins();
    const draft = (to: string[]) => ({
      subject: "Om eleven",
      text: "Hej Cecilia.",
      to,
      cc: [],
      attachments: [],
      expiresInDays: 1,
      accessCode: false,
    });
    const first = await sendSecure(session, draft(["cecilia.gone@skola.example"]), { pins });
    expect(first.firstUse.map((k) => k.address)).toEqual(["cecilia.gone@skola.example"]);
    const pinned = must(first.firstUse[0]).fingerprint;
    const admin = toLocal((await staff("rektor.gone@skola.example", "at-registration", "admin")).session);
    const setStatus = (to: "disable" | "enable") =>
      admin.api.call(z.object({ ok: z.literal(true) }).loose(), "POST", `/api/admin/accounts/${cecilia.id}/${to}`, {});
    // The address as someone types it; the pin is kept under its normal form.
    const written = " Cecilia.Gone@Skola.example";
    const stopped = async () => {
      const messages = await deps.db.message.count();
      const invitations = await deps.db.invitation.count();
      calls.length = 0;
      expect(await previewRecipients(session, [written, "ny.vardnadshavare@example.org"], pins)).toEqual([
        { address: written, kind: "gone", pinned },
        { address: "ny.vardnadshavare@example.org", kind: "invitation" },
      ]);
      const gone = await sendSecure(session, draft(["ny.vardnadshavare@example.org", written]), { pins }).catch(
        (e: unknown) => e,
      );
      expect(gone).toBeInstanceOf(SigillError);
      expect((gone as SigillError).code).toBe("KEY_GONE");
      expect((gone as SigillError).message).toContain(pinned);
      // Only look-ups went out: no message was offered to the server, none exists.
      expect(calls.every((c) => c === "POST /api/directory/lookup")).toBe(true);
      expect(await deps.db.message.count()).toBe(messages);
      expect(await deps.db.invitation.count()).toBe(invitations);
    };

    // An administrator disables Cecilia's account: the directory answers 404 for her address.
    await setStatus("disable");
    await stopped();
    // Enabled again with the same key: the pin matches and the message goes to her key.
    await setStatus("enable");
    const again = await sendSecure(session, draft([written]), { pins });
    expect(again.invitations).toEqual([]);
    expect(again.firstUse).toEqual([]);
    // The address no longer belongs to any account (as after the account's removal, or as a server
    // that hides the key would have it): the server itself would now take an invitation for it.
    await deps.db.account.update({ where: { id: cecilia.id }, data: { email: "flyttad.cecilia@skola.example" } });
    await stopped();
    // The sender checks with Cecilia (her account is gone for good) and forgets the old key
    // (compose's button): the address is then invited by link like anyone new.
    const [state] = await previewRecipients(session, [written], pins);
    expect(state).toMatchObject({ kind: "gone" });
    if (state === undefined) throw new Error("no preview");
    await acceptRecipientKey(pins, state);
    expect(await previewRecipients(session, [written], pins)).toMatchObject([{ kind: "invitation" }]);
    const invited = await sendSecure(session, draft([written]), { pins });
    expect(invited.invitations.map((i) => i.address)).toEqual([written]);
  });

  it("when staff open their inbox, then received mail decrypts with a verified sender, senders see receipts, and a recall shows as withdrawn", async () => {
    const anna = await staff("anna.inbox@skola.example");
    const bertil = await staff("bertil.inbox@skola.example");
    const sent = await sendSecure(
      toLocal(anna.session),
      {
        subject: "Veckobrev om Olle",
        text: "Olle har varit sjuk.",
        to: ["bertil.inbox@skola.example", "ny@example.org"],
        cc: [],
        attachments: [],
        expiresInDays: 7,
        accessCode: false,
      },
      { pins: memoryPins() },
    );
    const reader = toLocal(await login(server, bertil.port));
    const inbox = await listMessages(reader, "inbox");
    expect(inbox.map((m) => m.id)).toEqual([sent.messageId]);
    expect(inbox[0]?.sender.displayName).toBe("anna.inbox");
    const opened = await readMessage(reader, sent.messageId);
    expect(opened).toMatchObject({ verified: true, status: "committed", receipts: null });
    expect(opened.content?.subject).toBe("Veckobrev om Olle");

    const sender = toLocal(anna.session);
    expect((await listMessages(sender, "sent")).map((m) => m.id)).toContain(sent.messageId);
    const mine = await readMessage(sender, sent.messageId);
    expect(mine.receipts?.accounts).toEqual([
      { accountId: bertil.session.account.id, displayName: "bertil.inbox", openedAt: expect.any(String) as string },
    ]);
    expect(mine.receipts?.invitations).toEqual([
      { address: "ny@example.org", status: "open", openedAt: null, locked: false },
    ]);

    // The reader replies in the thread; the sender sees it, decrypted and verified.
    const reply = await sendSecure(
      reader,
      {
        subject: "Sv: Veckobrev om Olle",
        text: "Tack för informationen.",
        to: ["anna.inbox@skola.example"],
        cc: [],
        attachments: [],
        expiresInDays: 7,
        accessCode: false,
        threadId: opened.threadId,
      },
      { pins: memoryPins() },
    );
    const back = await readMessage(sender, reply.messageId);
    expect(back).toMatchObject({ threadId: sent.messageId, verified: true });
    expect(back.content?.text).toBe("Tack för informationen.");

    await recallMessage(sender, sent.messageId);
    expect(await readMessage(reader, sent.messageId)).toMatchObject({ status: "recalled", content: null });
  });

  it("when the server cannot be reached, then sending fails with NETWORK and nothing is created", async () => {
    const anna = await staff("anna.offline@skola.example");
    const before = await deps.db.message.count();
    const offline: StaffSession = {
      ...anna.session,
      api: new Api({ server: "http://127.0.0.1:9", token: anna.session.api.token ?? "" }),
    };
    const failure = await sendSecure(
      offline,
      { subject: "s", text: "t", to: ["x@example.org"], cc: [], attachments: [], expiresInDays: 1, accessCode: false },
      { pins: memoryPins() },
    ).catch((e: unknown) => e);
    expect((failure as SigillError).code).toBe("NETWORK");
    expect(await deps.db.message.count()).toBe(before);
  });

  // Admin charts (issue 7): the diversion report is best effort and never throws.
  it("when a diversion is reported, then the server logs its kinds only; when the server is down or refuses, then it resolves false without throwing", async () => {
    const bo = await staff("bo.diversion@skola.example");
    const api = toLocal(bo.session).api;
    expect(await reportDiversion(api, ["se-personnummer", "health", "health"])).toBe(true);
    const event = await deps.db.auditEvent.findFirstOrThrow({ where: { type: "policy.diversion" } });
    expect(event.actorId).toBe(bo.session.account.id);
    expect(JSON.parse(event.details)).toEqual({ kinds: "health,se-personnummer" });
    const offline = new Api({ server: "http://127.0.0.1:9", token: bo.session.api.token ?? "" });
    expect(await reportDiversion(offline, ["health"])).toBe(false);
    expect(await reportDiversion(api, ["not-a-kind"])).toBe(false); // the server's 400
    expect(await reportDiversion(new Api({ server }), ["health"])).toBe(false); // no session: 401
    expect(await reportDiversion(api, [])).toBe(false); // nothing to report, nothing sent
    expect(await deps.db.auditEvent.count({ where: { type: "policy.diversion" } })).toBe(1);
  });

  // The extension keeps a copy of the policy (which detection kinds are off, whether unscannable
  // files may go). A copy another server handed out (a login IT has since ruled out by setting the
  // server) must not keep deciding: before, it did until a new one was fetched.
  it("when the stored policy copy came from one server, then it does not count for another", async () => {
    const cleo = await staff("cleo.policy@skola.example");
    const api = toLocal(cleo.session).api;
    const local = memoryArea();
    const policy = await refreshPolicy(api, local);
    expect(await cachedPolicy(local, server)).toEqual(policy);
    expect(await cachedPolicy(local, `${server}/any/path`)).toEqual(policy);
    expect(await cachedPolicy(local)).toEqual(policy);
    expect(await cachedPolicy(local, "https://sigill.annan-kommun.example")).toBeNull();
    // Another server that does not answer: its own copy is missing, so nothing, not this one.
    const elsewhere = new Api({ server: "http://127.0.0.1:9", token: "x" });
    expect(await recentPolicy(elsewhere, local, Date.now(), 60_000, 500)).toBeNull();
    expect(await recentPolicy(api, local, Date.now(), 60_000, 500)).toEqual(policy);
  });
});
