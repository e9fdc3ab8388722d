import nodemailer from "nodemailer";
import type { Logger } from "../../http/logger.ts";

// E-mail notifications to people who already have an account. The mail only says that
// something is waiting and where: the server never has the plaintext, and even the fact of
// a subject line is fixed text, so a mailbox (or its provider) learns nothing about the content.

/** A new message or reply waiting in the portal (link to it). */
export type MessageNotificationKind = "new-message" | "new-reply";
/**
 * Mails about the person's own account (issue 18): a reset link for them alone, and notices that
 * something changed which would let someone else read their mail. Fixed texts, no key material.
 */
export type AccountNoticeKind = "passkey-added" | "reset-completed" | "keys-changed" | "reset-handover";
export type NotificationKind =
  MessageNotificationKind | "reset-link" | "mailbox-code" | AccountNoticeKind | "audit-checkpoint";

export type Notification =
  | {
      readonly kind: MessageNotificationKind;
      /** One address. */
      readonly to: string;
      readonly messageId: string;
      /** Built by the server, e.g. https://portal/inbox/<messageId>; must be on the public origin. */
      readonly link: string;
    }
  | {
      readonly kind: "reset-link";
      readonly to: string;
      /** The one-time enrolment link (token in the fragment): it travels in this mail only, never to a log. */
      readonly link: string;
      readonly expiresAt: Date;
    }
  | {
      /**
       * The one-time code that proves a first-time recipient controls the invited mailbox (issue
       * 18). It carries no link at all: a mail with a code and a link is what a phishing mail
       * imitates, and the person types the code into the page they already have open.
       */
      readonly kind: "mailbox-code";
      readonly to: string;
      readonly messageId: string;
      /** 8 digits. */
      readonly code: string;
      readonly minutes: number;
    }
  | { readonly kind: AccountNoticeKind; readonly to: string }
  | {
      /** The access log's latest signed checkpoint, for the data-protection officer (issue 20). */
      readonly kind: "audit-checkpoint";
      readonly to: string;
      /** The checkpoint file's line: hashes, numbers and a signature, no personal data. */
      readonly checkpoint: string;
    };

/** What became of one notification: only `sent` means an SMTP server accepted it. */
export type Delivery = "sent" | "not_configured" | "refused" | "failed";

export interface Notifier {
  /** Never rejects; says what became of the mail. Callers in a request path need not await it. */
  notify(n: Notification): Promise<Delivery>;
  close(): Promise<void>;
}

export interface NotifierConfig {
  readonly smtpUrl?: string | undefined;
  readonly mailFrom: string;
  readonly publicUrl: string;
  readonly orgName: string;
}

/** One rendered mail, as handed to the transport. */
export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Where rendered mails go: nodemailer's SMTP transport in production. Tests of the whole server
 * may pass a sink here (the SMTP boundary only; everything before it is the real notifier).
 */
export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<unknown>;
  close(): void;
}

const SUBJECTS: Record<NotificationKind, string> = {
  "new-message": "Du har ett nytt säkert meddelande i Sigill / You have a new secure message in Sigill",
  "new-reply": "Nytt svar i Sigill / New reply in Sigill",
  "reset-link": "Återställ din inloggning i Sigill / Reset your sign-in to Sigill",
  "mailbox-code": "Din kod till Sigill / Your Sigill code",
  "reset-handover":
    "En återställningslänk för ditt Sigill-konto har lämnats ut / A reset link for your Sigill account was handed out",
  "reset-completed": "Ditt Sigill-konto har återställts / Your Sigill account was reset",
  "passkey-added": "En ny passkey i ditt Sigill-konto / A new passkey on your Sigill account",
  "keys-changed": "Dina nycklar i Sigill har bytts / Your keys in Sigill have changed",
  "audit-checkpoint": "Kontrollpunkt för Sigills åtkomstlogg / Checkpoint of the Sigill access log",
};

interface Texts {
  readonly sv: readonly string[];
  readonly en: readonly string[];
}

const WHAT: Record<MessageNotificationKind, { sv: string; en: string }> = {
  "new-message": {
    sv: "Du har fått ett nytt säkert meddelande i Sigill.",
    en: "You have received a new secure message in Sigill.",
  },
  "new-reply": {
    sv: "Du har fått ett nytt svar i en säker konversation i Sigill.",
    en: "You have received a new reply in a secure conversation in Sigill.",
  },
};

// What each account notice says. "If this wasn't you" is always there: these mails exist so that a
// change made by someone else (an administrator included) does not go unnoticed.
const NOTICE: Record<AccountNoticeKind, Texts> = {
  "reset-handover": {
    sv: [
      "En återställningslänk för ditt Sigill-konto har skapats för att lämnas över personligen, inte med e-post.",
      "Den som använder länken skapar en ny passkey för ditt konto, och dina nuvarande passkeys slutar då att fungera.",
    ],
    en: [
      "A reset link for your Sigill account has been made to be handed over in person, not by e-mail.",
      "Whoever uses the link creates a new passkey for your account, and your current passkeys then stop working.",
    ],
  },
  "reset-completed": {
    sv: [
      "Ditt Sigill-konto har återställts med en återställningslänk: en ny passkey har skapats och dina tidigare passkeys fungerar inte längre.",
      "Alla inloggningar på andra enheter har avslutats.",
    ],
    en: [
      "Your Sigill account was reset with a reset link: a new passkey was created and your earlier passkeys no longer work.",
      "Every sign-in on other devices has ended.",
    ],
  },
  "passkey-added": {
    sv: ["En ny passkey har lagts till i ditt Sigill-konto. Med den går det att logga in som du."],
    en: ["A new passkey was added to your Sigill account. It can be used to sign in as you."],
  },
  "keys-changed": {
    sv: [
      "Nya krypteringsnycklar har publicerats för ditt Sigill-konto. Nya meddelanden till dig krypteras med dem.",
      "De som har skrivit till dig förut får se att din nyckel har bytts innan de skickar nästa gång.",
    ],
    en: [
      "New encryption keys have been published for your Sigill account. New messages to you are encrypted with them.",
      "People who have written to you before will see that your key changed before they send again.",
    ],
  },
};

const NOT_YOU: Texts = {
  sv: ["Om det inte var du som gjorde det här: kontakta din administratör genast."],
  en: ["If this wasn't you: contact your administrator at once."],
};

// Simple on purpose (the real check is that mail arrives). Excluding , ; < > " ( ) [ ] : \ keeps
// it to exactly one bare address, so nodemailer's address parser cannot expand it to several.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
// Message ids are base64url; anything else must not reach a header or the logs.
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LINE_BREAK = /[\r\n]/;

type Refusal = "kind" | "message_id" | "line_break" | "address" | "link" | "expiry";

const isMessageKind = (n: Notification): n is Extract<Notification, { kind: MessageNotificationKind }> =>
  n.kind === "new-message" || n.kind === "new-reply";

export function createNotifier(config: NotifierConfig, logger: Logger, sink?: MailTransport): Notifier {
  const portalOrigin = new URL(config.publicUrl).origin;

  // One pooled transport for the process. Nodemailer's own logging stays off, whatever the URL's
  // query says (its options there win over ours): it would write addresses and message data.
  // Short timeouts so a dead relay does not pile up sends.
  const transport: MailTransport | undefined =
    sink ??
    (config.smtpUrl === undefined
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
        }));

  function checkLink(link: string): { refusal: Refusal } | { link: string } {
    // Only links to our own portal: a notification must never become a phishing vehicle.
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return { refusal: "link" };
    }
    if (url.origin !== portalOrigin) return { refusal: "link" };
    // href is percent-encoded, so it is safe inside the HTML attribute as well.
    return { link: url.href };
  }

  function check(n: Notification): { refusal: Refusal } | { link: string | undefined } {
    if (!Object.hasOwn(SUBJECTS, n.kind)) return { refusal: "kind" };
    if (isMessageKind(n) && !MESSAGE_ID.test(n.messageId)) return { refusal: "message_id" };
    const link = "link" in n ? n.link : undefined;
    // Checked before any parsing: the URL parser silently drops CR/LF, which would hide an attempt.
    if ([n.to, link ?? "", config.mailFrom, config.orgName].some((f) => LINE_BREAK.test(f))) {
      return { refusal: "line_break" };
    }
    if (isMessageKind(n) && LINE_BREAK.test(n.messageId)) return { refusal: "line_break" };
    if (n.to.length > 254 || !ADDRESS.test(n.to)) return { refusal: "address" };
    if (n.kind === "reset-link" && Number.isNaN(n.expiresAt.getTime())) return { refusal: "expiry" };
    if (n.kind === "audit-checkpoint" && !/^\{[\x20-\x7e]{1,1000}\}$/.test(n.checkpoint)) return { refusal: "kind" };
    if (n.kind === "mailbox-code") {
      if (!MESSAGE_ID.test(n.messageId)) return { refusal: "message_id" };
      if (!/^\d{8}$/.test(n.code) || !Number.isInteger(n.minutes)) return { refusal: "kind" };
    }
    return link === undefined ? { link: undefined } : checkLink(link);
  }

  async function notify(n: Notification): Promise<Delivery> {
    const checked = check(n);
    // What the log may say about a notification: its kind, and a message's id. Never the address
    // or a link (a reset link is a credential).
    const known = (refusal?: Refusal) => ({
      kind: refusal === "kind" ? undefined : n.kind,
      messageId: isMessageKind(n) && refusal !== "kind" && refusal !== "message_id" ? n.messageId : undefined,
    });
    if ("refusal" in checked) {
      logger.warn(
        { event: "notification_refused", ...known(checked.refusal), reason: checked.refusal },
        "notification refused",
      );
      return "refused";
    }
    if (transport === undefined) {
      logger.info(
        { event: "notification_skipped", ...known() },
        "notification would have been sent (no SMTP configured)",
      );
      return "not_configured";
    }
    const body = bodyOf(n, checked.link, config.orgName, portalOrigin);
    try {
      await transport.sendMail({
        from: config.mailFrom,
        to: n.to,
        subject: SUBJECTS[n.kind],
        text: textBody(body),
        html: htmlBody(body),
        headers: {
          "Auto-Submitted": "auto-generated",
          "X-Auto-Response-Suppress": "All",
          ...(isMessageKind(n) && { "X-Sigill-Message-Id": n.messageId }),
        },
      });
      logger.info({ event: "notification_sent", ...known() }, "notification sent");
      return "sent";
    } catch (error) {
      // Error messages from SMTP servers often quote the recipient ("550 <anna@...>: no such
      // user"), so only the code goes to the log.
      logger.warn({ event: "notification_failed", ...known(), code: errorCode(error) }, "notification failed");
      return "failed";
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

/** A mail's content in both languages: paragraphs, and where the link goes. */
interface Body {
  readonly sv: readonly Paragraph[];
  readonly en: readonly Paragraph[];
}
/** Plain text, or text around one link (which is always ours: checked, or the portal's origin). */
type Paragraph = string | { readonly text: string; readonly href: string; readonly after?: string };

const expiryFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  dateStyle: "short",
  timeStyle: "short",
});

function bodyOf(n: Notification, link: string | undefined, orgName: string, portal: string): Body {
  const footer = {
    sv: [
      `Sigill drivs av ${orgName}. Innehållet skickas aldrig med e-post.`,
      {
        text: "Sigill ber dig aldrig om lösenord via e-post. Om du är osäker på en länk, gå själv till",
        href: portal,
        after: "och logga in där.",
      },
    ],
    en: [
      `Sigill is run by ${orgName}. The content is never sent by e-mail.`,
      {
        text: "Sigill never asks for passwords by e-mail. If you are unsure about a link, go to",
        href: portal,
        after: "yourself and sign in there.",
      },
    ],
  };
  const l = link ?? portal;
  if (n.kind === "audit-checkpoint") {
    return {
      sv: [
        `Senaste signerade kontrollpunkt för åtkomstloggen i Sigill hos ${orgName}. Spara mejlet: vid en granskning jämförs raden nedan med serverns fil med kontrollpunkter och med loggen. Den innehåller inga personuppgifter.`,
        n.checkpoint,
        "Saknas mejlet en dag, eller skiljer sig raden från serverns, kontakta IT-säkerhet.",
      ],
      en: [
        `The latest signed checkpoint of the Sigill access log at ${orgName}. Keep this e-mail: an audit compares the line below with the server's checkpoint file and with the log. It holds no personal data.`,
        n.checkpoint,
        "If this e-mail stops arriving, or the line differs from the server's, contact IT security.",
      ],
    };
  }
  if (n.kind === "mailbox-code") {
    // No link at all here, not even to the portal (see the Notification type).
    const grouped = `${n.code.slice(0, 4)} ${n.code.slice(4)}`;
    return {
      sv: [
        "Du har bett om en kod för att öppna ett säkert meddelande i Sigill. Skriv in den på sidan du har öppen:",
        grouped,
        `Koden gäller i ${String(n.minutes)} minuter. Bad du inte om den? Då kan du bortse från det här mejlet; ingen kommer åt meddelandet utan koden.`,
        `Sigill drivs av ${orgName} och ber dig aldrig om lösenord via e-post.`,
      ],
      en: [
        "You asked for a code to open a secure message in Sigill. Type it into the page you have open:",
        grouped,
        `The code is valid for ${String(n.minutes)} minutes. Did you not ask for it? Then ignore this e-mail; nobody can open the message without the code.`,
        `Sigill is run by ${orgName} and never asks for passwords by e-mail.`,
      ],
    };
  }
  if (isMessageKind(n)) {
    return {
      sv: [WHAT[n.kind].sv, { text: "Öppna det här:", href: l }, ...footer.sv],
      en: [WHAT[n.kind].en, { text: "Open it here:", href: l }, ...footer.en],
    };
  }
  if (n.kind === "reset-link") {
    const until = expiryFormat.format(n.expiresAt);
    return {
      sv: [
        "Du har fått en länk för att skapa en ny passkey till ditt Sigill-konto. En administratör har skickat den hit, till din egen e-post. När du använder den slutar dina nuvarande passkeys att fungera.",
        `Länken fungerar en gång, till och med ${until} (svensk tid).`,
        { text: "Skapa en ny passkey här:", href: l },
        "Om du inte har bett om det här: använd inte länken, och kontakta din administratör.",
        ...footer.sv,
      ],
      en: [
        "You have received a link to create a new passkey for your Sigill account. An administrator sent it here, to your own e-mail. When you use it, your current passkeys stop working.",
        `The link works once, until ${until} (Swedish time).`,
        { text: "Create a new passkey here:", href: l },
        "If you did not ask for this: do not use the link, and contact your administrator.",
        ...footer.en,
      ],
    };
  }
  return {
    sv: [...NOTICE[n.kind].sv, ...NOT_YOU.sv, ...footer.sv],
    en: [...NOTICE[n.kind].en, ...NOT_YOU.en, ...footer.en],
  };
}

// Swedish first, then English. No images, fonts, styles from elsewhere or tracking of any kind.
function textBody(body: Body): string {
  const part = (ps: readonly Paragraph[]) =>
    ps
      .map((p) => (typeof p === "string" ? p : `${p.text} ${p.href}${p.after === undefined ? "" : ` ${p.after}`}`))
      .join("\n\n");
  return `${part(body.sv)}\n\n---\n\n${part(body.en)}\n`;
}

function htmlBody(body: Body): string {
  const a = (href: string) => `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`;
  const part = (ps: readonly Paragraph[]) =>
    ps
      .map((p) =>
        typeof p === "string"
          ? `<p>${escapeHtml(p)}</p>`
          : `<p>${escapeHtml(p.text)} ${a(p.href)}${p.after === undefined ? "" : ` ${escapeHtml(p.after)}`}</p>`,
      )
      .join("\n");
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Sigill</title></head><body>
${part(body.sv)}
<hr>
<div lang="en">
${part(body.en)}
</div>
</body></html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}
