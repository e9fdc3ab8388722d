import nodemailer from "nodemailer";
import type { Logger } from "../../http/logger.ts";

// E-mail notifications to people who already have an account. The mail only says that
// something is waiting and where: the server never has the plaintext, and even the fact of
// a subject line is fixed text, so a mailbox (or its provider) learns nothing about the content.

export type NotificationKind = "new-message" | "new-reply";

export interface Notification {
  readonly kind: NotificationKind;
  /** One address. */
  readonly to: string;
  readonly messageId: string;
  /** Built by the server, e.g. https://portal/inbox/<messageId>; must be on the public origin. */
  readonly link: string;
}

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
        subject: SUBJECTS[kind],
        text: textBody(kind, checked.link, config.orgName, portalOrigin),
        html: htmlBody(kind, checked.link, config.orgName, portalOrigin),
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
