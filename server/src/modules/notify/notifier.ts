import nodemailer from "nodemailer";
import type { Logger } from "../../http/logger.ts";

// E-mail notifications to people who already have an account. The mail only says that
// something is waiting and where: the server never has the plaintext, and even the fact of
// a subject line is fixed text, so a mailbox (or its provider) learns nothing about the content.

export type NotificationKind = "new-message" | "new-reply";

/** A mail that points to something waiting in Sigill. */
export interface LinkNotification {
  readonly kind: NotificationKind;
  /** One address. */
  readonly to: string;
  readonly messageId: string;
  /** Built by the server, e.g. https://portal/inbox/<messageId>; must be on the public origin. */
  readonly link: string;
}

/**
 * The one-time code that proves a first-time recipient controls the invited mailbox (issue 18).
 * It carries no link at all: a mail with a code and a link is what a phishing mail imitates, and
 * the person types the code into the page they already have open.
 */
export interface MailboxCodeNotification {
  readonly kind: "mailbox-code";
  readonly to: string;
  readonly messageId: string;
  /** 8 digits. */
  readonly code: string;
  readonly minutes: number;
}

export type Notification = LinkNotification | MailboxCodeNotification;

export interface Notifier {
  /** Best-effort: never rejects. Callers in a request path need not await it. */
  notify(n: Notification): Promise<void>;
  close(): Promise<void>;
}

export interface NotifierConfig {
  readonly smtpUrl?: string | undefined;
  readonly mailFrom: string;
  readonly publicUrl: string;
  readonly orgName: string;
}

const SUBJECTS: Record<NotificationKind, string> = {
  "new-message": "Du har ett nytt säkert meddelande i Sigill / You have a new secure message in Sigill",
  "new-reply": "Nytt svar i Sigill / New reply in Sigill",
};

const WHAT: Record<NotificationKind, { sv: string; en: string }> = {
  "new-message": {
    sv: "Du har fått ett nytt säkert meddelande i Sigill.",
    en: "You have received a new secure message in Sigill.",
  },
  "new-reply": {
    sv: "Du har fått ett nytt svar i en säker konversation i Sigill.",
    en: "You have received a new reply in a secure conversation in Sigill.",
  },
};

// Simple on purpose (the real check is that mail arrives). Excluding , ; < > " ( ) [ ] : \ keeps
// it to exactly one bare address, so nodemailer's address parser cannot expand it to several.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
// Message ids are base64url; anything else must not reach a header or the logs.
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LINE_BREAK = /[\r\n]/;

type Refusal = "kind" | "message_id" | "line_break" | "address" | "link";

export function createNotifier(config: NotifierConfig, logger: Logger): Notifier {
  const portalOrigin = new URL(config.publicUrl).origin;

  // One pooled transport for the process. Nodemailer's own logging stays off, whatever the URL's
  // query says (its options there win over ours): it would write addresses and message data.
  // Short timeouts so a dead relay does not pile up sends.
  const transport =
    config.smtpUrl === undefined
      ? undefined
      : nodemailer.createTransport({
          url: withoutLogging(config.smtpUrl),
          pool: true,
          maxConnections: 2,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
          logger: false,
          debug: false,
          disableFileAccess: true,
          disableUrlAccess: true,
        });

  function check(n: Notification): { refusal: Refusal } | { link: string } {
    if (n.kind === "mailbox-code") {
      if (!MESSAGE_ID.test(n.messageId)) return { refusal: "message_id" };
      if ([n.to, config.mailFrom, config.orgName].some((f) => LINE_BREAK.test(f))) return { refusal: "line_break" };
      if (n.to.length > 254 || !ADDRESS.test(n.to)) return { refusal: "address" };
      if (!/^\d{8}$/.test(n.code) || !Number.isInteger(n.minutes)) return { refusal: "kind" };
      return { link: "" };
    }
    if (!Object.hasOwn(SUBJECTS, n.kind)) return { refusal: "kind" };
    if (!MESSAGE_ID.test(n.messageId)) return { refusal: "message_id" };
    // Checked before any parsing: the URL parser silently drops CR/LF, which would hide an attempt.
    if ([n.to, n.messageId, n.link, config.mailFrom, config.orgName].some((f) => LINE_BREAK.test(f))) {
      return { refusal: "line_break" };
    }
    if (n.to.length > 254 || !ADDRESS.test(n.to)) return { refusal: "address" };
    // Only links to our own portal: a notification must never become a phishing vehicle.
    let url: URL;
    try {
      url = new URL(n.link);
    } catch {
      return { refusal: "link" };
    }
    if (url.origin !== portalOrigin) return { refusal: "link" };
    // href is percent-encoded, so it is safe inside the HTML attribute as well.
    return { link: url.href };
  }

  async function notify(n: Notification): Promise<void> {
    const checked = check(n);
    if ("refusal" in checked) {
      // kind and messageId only once they are known to be harmless.
      const kind = checked.refusal === "kind" ? undefined : n.kind;
      const messageId = checked.refusal === "kind" || checked.refusal === "message_id" ? undefined : n.messageId;
      logger.warn({ event: "notification_refused", kind, messageId, reason: checked.refusal }, "notification refused");
      return;
    }
    const { kind, messageId } = n;
    if (transport === undefined) {
      logger.info(
        { event: "notification_skipped", kind, messageId },
        "notification would have been sent (no SMTP configured)",
      );
      return;
    }
    try {
      await transport.sendMail({
        from: config.mailFrom,
        to: n.to,
        ...(n.kind === "mailbox-code"
          ? {
              subject: CODE_SUBJECT,
              text: codeText(n.code, n.minutes, config.orgName),
              html: codeHtml(n.code, n.minutes, config.orgName),
            }
          : {
              subject: SUBJECTS[n.kind],
              text: textBody(n.kind, checked.link, config.orgName, portalOrigin),
              html: htmlBody(n.kind, checked.link, config.orgName, portalOrigin),
            }),
        headers: {
          "Auto-Submitted": "auto-generated",
          "X-Auto-Response-Suppress": "All",
          "X-Sigill-Message-Id": messageId,
        },
      });
      logger.info({ event: "notification_sent", kind, messageId }, "notification sent");
    } catch (error) {
      // Error messages from SMTP servers often quote the recipient ("550 <anna@...>: no such
      // user"), so only the code goes to the log.
      logger.warn({ event: "notification_failed", kind, messageId, code: errorCode(error) }, "notification failed");
    }
  }

  return {
    notify,
    close() {
      transport?.close();
      return Promise.resolve();
    },
  };
}

function withoutLogging(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const key of ["logger", "debug", "transactionLog"]) url.searchParams.delete(key);
  return url.href;
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{1,32}$/.test(code)) return code;
    if (/^[A-Za-z]{1,32}$/.test(error.name)) return error.name;
  }
  return "unknown";
}

// Swedish first, then English. No images, fonts, styles from elsewhere or tracking of any kind.
function textBody(kind: NotificationKind, link: string, orgName: string, portal: string): string {
  return [
    WHAT[kind].sv,
    "",
    `Öppna det här: ${link}`,
    "",
    `Sigill drivs av ${orgName}. Innehållet skickas aldrig med e-post.`,
    "Sigill ber dig aldrig om lösenord via e-post. Om du är osäker på länken,",
    `gå själv till ${portal} och logga in där.`,
    "",
    "---",
    "",
    WHAT[kind].en,
    "",
    `Open it here: ${link}`,
    "",
    `Sigill is run by ${orgName}. The content is never sent by e-mail.`,
    "Sigill never asks for passwords by e-mail. If you are unsure about the link,",
    `go to ${portal} yourself and sign in there.`,
    "",
  ].join("\n");
}

function htmlBody(kind: NotificationKind, link: string, orgName: string, portal: string): string {
  const org = escapeHtml(orgName);
  const a = (href: string) => `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`;
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Sigill</title></head><body>
<p>${WHAT[kind].sv}</p>
<p>Öppna det här: ${a(link)}</p>
<p>Sigill drivs av ${org}. Innehållet skickas aldrig med e-post.
Sigill ber dig aldrig om lösenord via e-post. Om du är osäker på länken, gå själv till ${a(portal)} och logga in där.</p>
<hr>
<div lang="en">
<p>${WHAT[kind].en}</p>
<p>Open it here: ${a(link)}</p>
<p>Sigill is run by ${org}. The content is never sent by e-mail.
Sigill never asks for passwords by e-mail. If you are unsure about the link, go to ${a(portal)} yourself and sign in there.</p>
</div>
</body></html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

const CODE_SUBJECT = "Din kod till Sigill / Your Sigill code";

/** The mailbox code, grouped 4+4 for reading. Swedish first, then English; no link. */
function codeText(code: string, minutes: number, orgName: string): string {
  const grouped = `${code.slice(0, 4)} ${code.slice(4)}`;
  return [
    "Du har bett om en kod för att öppna ett säkert meddelande i Sigill. Skriv in den på sidan du har öppen:",
    "",
    `    ${grouped}`,
    "",
    `Koden gäller i ${String(minutes)} minuter. Bad du inte om den? Då kan du bortse från det här mejlet; ingen kommer åt meddelandet utan koden.`,
    `Sigill drivs av ${orgName} och ber dig aldrig om lösenord via e-post.`,
    "",
    "---",
    "",
    "You asked for a code to open a secure message in Sigill. Type it into the page you have open:",
    "",
    `    ${grouped}`,
    "",
    `The code is valid for ${String(minutes)} minutes. Did you not ask for it? Then ignore this e-mail; nobody can open the message without the code.`,
    `Sigill is run by ${orgName} and never asks for passwords by e-mail.`,
    "",
  ].join("\n");
}

function codeHtml(code: string, minutes: number, orgName: string): string {
  const grouped = escapeHtml(`${code.slice(0, 4)} ${code.slice(4)}`);
  const org = escapeHtml(orgName);
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Sigill</title></head><body>
<p>Du har bett om en kod för att öppna ett säkert meddelande i Sigill. Skriv in den på sidan du har öppen:</p>
<p style="font-size:150%;letter-spacing:0.1em"><strong>${grouped}</strong></p>
<p>Koden gäller i ${String(minutes)} minuter. Bad du inte om den? Då kan du bortse från det här mejlet; ingen kommer åt meddelandet utan koden.
Sigill drivs av ${org} och ber dig aldrig om lösenord via e-post.</p>
<hr>
<div lang="en">
<p>You asked for a code to open a secure message in Sigill. Type it into the page you have open:</p>
<p style="font-size:150%;letter-spacing:0.1em"><strong>${grouped}</strong></p>
<p>The code is valid for ${String(minutes)} minutes. Did you not ask for it? Then ignore this e-mail; nobody can open the message without the code.
Sigill is run by ${org} and never asks for passwords by e-mail.</p>
</div>
</body></html>
`;
}
