// E-mail notifications against a real SMTP server (smtp-server) on a local port: what arrives,
// and that the logs never carry the recipient's address.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { createNotifier, type Notification, type Notifier } from "../src/modules/notify/notifier.ts";
import { startSmtpSink, type SmtpSink } from "./support/mail.ts";
import { captureLogs } from "./support/logs.ts";

const PORTAL = "https://sigill.skola.example";
const ADDRESS = "anna.berg@skola.example";
const MESSAGE_ID = "q3Jx0nH9R8m2b7VdLw4YtA";
const LINK = `${PORTAL}/inbox/${MESSAGE_ID}`;
const base = { mailFrom: "Sigill <no-reply@skola.example>", publicUrl: PORTAL, orgName: "Exempelskolan" };

// The relay (a real SMTP server on a local port, test/support/mail.ts): what arrived, from whom, to whom.
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
});

afterAll(async () => {
  await smtp.close();
});

beforeEach(() => {
  smtp.clear();
});

async function withNotifier(smtpUrl: string | undefined, run: (n: Notifier) => Promise<unknown>) {
  const logs = captureLogs();
  const notifier = createNotifier({ ...base, smtpUrl }, logs.logger);
  try {
    await run(notifier);
  } finally {
    await notifier.close();
  }
  return logs;
}

// A minimal MIME reader, enough for what nodemailer writes: unfolded headers with RFC 2047
// words decoded, and the text/plain part with quoted-printable or base64 undone.
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : decodeQp(data.replace(/_/g, " ")),
    );
}

function decodeQp(data: string): string {
  const bytes = data
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`)
    .replace(/[^%]/g, (c) => encodeURIComponent(c));
  return decodeURIComponent(bytes);
}

function header(raw: string, name: string): string | undefined {
  const head = (raw.split("\r\n\r\n")[0] ?? "").replace(/\r\n[ \t]+/g, " ");
  const line = head.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? undefined : decodeWords(line.slice(name.length + 1).trim());
}

function textPart(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? "";
  const part = raw.split(`\r\n--${boundary}`).find((p) => /Content-Type: text\/plain/i.test(p)) ?? "";
  const split = part.indexOf("\r\n\r\n");
  const head = part.slice(0, split);
  const content = part.slice(split + 4);
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(content, "base64").toString("utf8");
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) return decodeQp(content);
  return content;
}

const newMessage: Notification = { kind: "new-message", to: ADDRESS, messageId: MESSAGE_ID, link: LINK };

describe("e-mail notifications over SMTP", () => {
  it("when a new message is notified, then one content-free mail arrives and the log has no address", async () => {
    const logs = await withNotifier(smtp.url, (n) => n.notify(newMessage));

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.to).toEqual([ADDRESS]);
    expect(mail?.from).toBe("no-reply@skola.example");
    const raw = mail?.raw ?? "";
    expect(header(raw, "To")).toBe(ADDRESS);
    expect(header(raw, "Subject")).toBe(
      "Du har ett nytt säkert meddelande i Sigill / You have a new secure message in Sigill",
    );
    expect(header(raw, "Auto-Submitted")).toBe("auto-generated");
    expect(header(raw, "X-Sigill-Message-Id")).toBe(MESSAGE_ID);
    const text = textPart(raw);
    expect(text).toContain(LINK);
    expect(text).toContain("Exempelskolan");
    expect(text).toContain("lösenord");
    expect(text).toContain("never asks for passwords");
    // Nothing of the caller's apart from the link: not the address, not the id on its own.
    expect(text).not.toContain("anna");
    expect(text.split(MESSAGE_ID)).toHaveLength(3); // the link, in Swedish and in English
    expect(raw).toContain("text/html");
    expect(raw).not.toMatch(/<img|src=|@import|url\(/i);

    expect(logs.events()).toContainEqual(
      expect.objectContaining({ event: "notification_sent", kind: "new-message", messageId: MESSAGE_ID }),
    );
    expect(logs.text()).not.toContain("anna");
  });

  it("when a reply is notified, then the mail has the reply subject", async () => {
    await withNotifier(smtp.url, (n) => n.notify({ ...newMessage, kind: "new-reply" }));

    expect(smtp.received).toHaveLength(1);
    expect(header(smtp.received[0]?.raw ?? "", "Subject")).toBe("Nytt svar i Sigill / New reply in Sigill");
  });

  it("when SMTP_URL asks nodemailer to log, then it still writes nothing (it would print addresses)", async () => {
    const consoleLog = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await withNotifier(`${smtp.url}?debug=true&logger=true`, (n) => n.notify(newMessage));
      expect(smtp.received).toHaveLength(1);
      expect(consoleLog).not.toHaveBeenCalled();
    } finally {
      consoleLog.mockRestore();
    }
  });

  it("when no SMTP is configured, then nothing is sent and the skip is logged without the address", async () => {
    const logs = await withNotifier(undefined, (n) => n.notify(newMessage));

    expect(smtp.received).toHaveLength(0);
    expect(logs.events()).toEqual([
      expect.objectContaining({
        level: 30,
        event: "notification_skipped",
        kind: "new-message",
        messageId: MESSAGE_ID,
        msg: "notification would have been sent (no SMTP configured)",
      }),
    ]);
    expect(logs.text()).not.toContain("anna");
  });

  it("when the SMTP server is down, then notify resolves and the failure is logged with a code only", async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      probe.close(() => {
        resolve();
      });
    });

    const logs = await withNotifier(`smtp://127.0.0.1:${String(closedPort)}`, async (n) => {
      await expect(n.notify(newMessage)).resolves.toBe("failed");
    });

    const failed = logs.events().find((e) => e.event === "notification_failed");
    expect(failed).toMatchObject({ kind: "new-message", messageId: MESSAGE_ID });
    expect(failed?.code).toMatch(/^[A-Z]+$/);
    expect(logs.text()).not.toContain("anna");
    expect(logs.text()).not.toContain("127.0.0.1");
  });

  it.each([
    ["a line break in the address", { to: `${ADDRESS}\r\nBcc: eve@evil.example` }, "line_break"],
    ["a bare LF in the link", { link: `${LINK}\nBcc: eve@evil.example` }, "line_break"],
    ["two addresses", { to: `${ADDRESS}, eve@evil.example` }, "address"],
    ["no address", { to: "anna.berg" }, "address"],
    ["a link to another site", { link: `https://evil.example/inbox/${MESSAGE_ID}` }, "link"],
    ["a message id with a header in it", { messageId: "x\r\nBcc: eve@evil.example" }, "message_id"],
  ])("when the notification has %s, then it is refused and nothing is sent", async (_what, change, reason) => {
    const logs = await withNotifier(smtp.url, (n) => n.notify({ ...newMessage, ...change }));

    expect(smtp.received).toHaveLength(0);
    expect(logs.events()).toEqual([expect.objectContaining({ event: "notification_refused", reason })]);
    expect(logs.text()).not.toContain("anna");
    expect(logs.text()).not.toContain("eve@");
  });
});

describe("mails about a person's own account (issue 18)", () => {
  const TOKEN = "Zx9Qk2Lm4Np6Rs8Tu0Vw1Xy3Za5Bc7De9Fg1Hi3Jk5";
  const RESET = `${PORTAL}/enrol#${TOKEN}`;
  const smtpUrl = () => smtp.url;

  it("when a reset link is mailed, then only the person's mailbox gets the link, with its expiry in Swedish time, and the log has neither link nor address", async () => {
    const logs = await withNotifier(smtpUrl(), async (n) => {
      expect(
        await n.notify({ kind: "reset-link", to: ADDRESS, link: RESET, expiresAt: new Date("2026-12-08T13:30:00Z") }),
      ).toBe("sent");
    });

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual([ADDRESS]);
    const raw = smtp.received[0]?.raw ?? "";
    expect(header(raw, "Subject")).toBe("Återställ din inloggning i Sigill / Reset your sign-in to Sigill");
    expect(header(raw, "X-Sigill-Message-Id")).toBeUndefined();
    const text = textPart(raw);
    expect(text).toContain(`Skapa en ny passkey här: ${RESET}`);
    expect(text).toContain(`Create a new passkey here: ${RESET}`);
    expect(text).toContain("till och med 2026-12-08 14:30 (svensk tid)");
    expect(text).toContain("until 2026-12-08 14:30 (Swedish time)");
    expect(text).toContain("kontakta din administratör");
    expect(text).toContain("contact your administrator");
    expect(text).not.toContain("anna");
    expect(logs.events()).toEqual([expect.objectContaining({ event: "notification_sent", kind: "reset-link" })]);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain("anna");
  });

  it("when a reset link cannot be mailed (no SMTP), then it says so and logs neither the link nor the address", async () => {
    let delivery = "";
    const logs = await withNotifier(undefined, async (n) => {
      delivery = await n.notify({ kind: "reset-link", to: ADDRESS, link: RESET, expiresAt: new Date() });
    });
    expect(delivery).toBe("not_configured");
    expect(smtp.received).toHaveLength(0);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain("anna");
  });

  it("when a reset link points elsewhere, then it is refused like any foreign link", async () => {
    let delivery = "";
    const logs = await withNotifier(smtpUrl(), async (n) => {
      delivery = await n.notify({
        kind: "reset-link",
        to: ADDRESS,
        link: `https://evil.example/enrol#${TOKEN}`,
        expiresAt: new Date(),
      });
    });
    expect(delivery).toBe("refused");
    expect(smtp.received).toHaveLength(0);
    expect(logs.text()).not.toContain(TOKEN);
  });

  it.each([
    [
      "passkey-added",
      "En ny passkey i ditt Sigill-konto / A new passkey on your Sigill account",
      "En ny passkey har lagts till",
    ],
    [
      "reset-completed",
      "Ditt Sigill-konto har återställts / Your Sigill account was reset",
      "dina tidigare passkeys fungerar inte längre",
    ],
    [
      "keys-changed",
      "Dina nycklar i Sigill har bytts / Your keys in Sigill have changed",
      "Nya krypteringsnycklar har publicerats",
    ],
    [
      "reset-handover",
      "En återställningslänk för ditt Sigill-konto har lämnats ut / A reset link for your Sigill account was handed out",
      "lämnas över personligen",
    ],
  ] as const)(
    "when the %s notice is sent, then it has its fixed text in Swedish and English, says whom to contact, and links only to the portal",
    async (kind, subject, words) => {
      await withNotifier(smtpUrl(), (n) => n.notify({ kind, to: ADDRESS }));

      expect(smtp.received).toHaveLength(1);
      const raw = smtp.received[0]?.raw ?? "";
      expect(header(raw, "Subject")).toBe(subject);
      const text = textPart(raw);
      expect(text).toContain(words);
      expect(text).toContain("Om det inte var du som gjorde det här: kontakta din administratör genast.");
      expect(text).toContain("If this wasn't you: contact your administrator at once.");
      expect(text.match(/https?:\/\/\S+/g)?.map((u) => new URL(u).origin)).toEqual([PORTAL, PORTAL]);
      expect(text).not.toContain("anna");
      expect(raw).not.toMatch(/<img|src=|@import|url\(/i);
    },
  );
});

describe("notification configuration", () => {
  it("when SMTP_URL is unset or empty, then notifications are only logged", () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ SMTP_URL: "" }).smtpUrl).toBeUndefined();
    expect(loadConfig({}).mailFrom).toBe("Sigill <no-reply@localhost>");
  });

  it("when SMTP_URL is an smtp or smtps URL, then it is used as given", () => {
    expect(loadConfig({ SMTP_URL: "smtps://u:p@mail.skola.example:465" }).smtpUrl).toBe(
      "smtps://u:p@mail.skola.example:465",
    );
  });

  it.each(["http://x", "smtp://", "not a url"])(
    "when SMTP_URL=%s, then start-up is refused naming only the variable",
    (value) => {
      expect(() => loadConfig({ SMTP_URL: value })).toThrow(ConfigError);
      expect(() => loadConfig({ SMTP_URL: value })).toThrow(/^invalid configuration: SMTP_URL$/);
    },
  );
});
