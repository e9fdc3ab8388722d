// Reading the mails a test server handed to its transport (harness.mails): who got what, and the
// one-time link in a reset mail, the way the person would find it.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { OutgoingMail } from "../../src/modules/notify/notifier.ts";
import type { Harness } from "./harness.ts";

export const SUBJECT = {
  resetLink: "Återställ din inloggning i Sigill / Reset your sign-in to Sigill",
  resetHandover:
    "En återställningslänk för ditt Sigill-konto har lämnats ut / A reset link for your Sigill account was handed out",
  resetCompleted: "Ditt Sigill-konto har återställts / Your Sigill account was reset",
  passkeyAdded: "En ny passkey i ditt Sigill-konto / A new passkey on your Sigill account",
  keysChanged: "Dina nycklar i Sigill har bytts / Your keys in Sigill have changed",
} as const;

/** The subjects of the mails to `address`, in the order they were handed over. */
export function subjectsTo(h: Harness, address: string): string[] {
  return h.mails.filter((m) => m.to === address).map((m) => m.subject);
}

/** The enrolment link in the last reset mail to `address`. */
export function mailedResetLink(h: Harness, address: string): string {
  const mail: OutgoingMail | undefined = h.mails
    .filter((m) => m.to === address && m.subject === SUBJECT.resetLink)
    .at(-1);
  const link = /https?:\/\/\S+\/enrol#[A-Za-z0-9_-]{43}/.exec(mail?.text ?? "")?.[0];
  if (link === undefined) throw new Error("no reset mail with a link to this address");
  return link;
}

/** A one-time link's token (the part after #). */
export const tokenOf = (link: string): string => link.split("#")[1] ?? "";

/** A real SMTP server on a local port, for server processes a test starts (their SMTP_URL). */
export interface SmtpSink {
  readonly url: string;
  /** Every mail it took, in order: the envelope's sender and recipients, and the raw message. */
  readonly received: readonly { readonly from: string; readonly to: readonly string[]; readonly raw: string }[];
  /** Forgets what it took (between tests). */
  clear(): void;
  /** The 8-digit code in the newest mailbox-code mail to `address`, waiting up to 10 s for it. */
  mailboxCode(address: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from === false ? "" : from.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        done();
      });
    },
  });
  // A server process the test kills mid-connection (its mail pool keeps one open) resets it: that
  // is the test's doing, not a failure, and unhandled it would be an uncaught exception.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${String(port)}`,
    received,
    clear() {
      received.length = 0;
    },
    async mailboxCode(address) {
      for (let waited = 0; waited < 10_000; waited += 100) {
        const mail = received.filter((m) => m.to.includes(address) && m.raw.includes("Din kod till Sigill")).at(-1);
        // The code is written in two groups of four ("1234 5678").
        const code = /^(\d{4}) (\d{4})\r?$/m.exec(mail?.raw ?? "");
        if (code !== null) return `${code[1] ?? ""}${code[2] ?? ""}`;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no mailbox code was mailed to ${address}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(resolve);
      }),
  };
}
