// The mail that goes out through the webmail instead of the content: who sent it, the link, how
// to open it, when it expires. Never the subject, the body or an attachment name.
export interface NotificationInput {
  readonly senderName: string;
  readonly organisation: string;
  readonly link: string;
  readonly expiresAt: Date;
  readonly accessCodeRequired: boolean;
  /**
   * The organisation's own paragraph (admin policy `notificationText`): fixed text, never drawn
   * from the draft. Left out unless it is plain text of at most 500 characters without links.
   */
  readonly organisationText?: string;
}

// The server's rule (server/src/modules/policy/kinds.ts, looksLikeLink), checked again here: the
// notification's only link is Sigill's own, so a mail imitating it cannot teach people to click others.
const LINK_LIKE = /[a-z][a-z0-9+.-]*:\/\/|\bwww\.|@|[\p{L}\p{N}-]{2,}(\.[\p{L}\p{N}-]+)*\.[a-z]{2,}\b|[<>]/iu;
const CONTROL = /[\p{Cc}\p{Cf}]/u;

/** The organisation's paragraph as it may appear in a notification, or "" when it may not. */
export function notificationParagraph(text: string | undefined): string {
  const t = (text ?? "").trim();
  if (t === "" || t.length > 500 || LINK_LIKE.test(t) || CONTROL.test(t.replaceAll("\n", ""))) return "";
  return t;
}

const dateSv = (d: Date) => d.toISOString().slice(0, 10);

/** The notification in Swedish, followed by English when `withEnglish` (a setting; off by default). */
export function buildNotification(input: NotificationInput, withEnglish = false): { subject: string; text: string } {
  const extra = notificationParagraph(input.organisationText);
  const sv = [
    `${input.senderName} har skickat ett säkert meddelande till dig via Sigill (${input.organisation}).`,
    "",
    `Öppna det här: ${input.link}`,
    "",
    "Första gången skapar du en nyckel (passkey) på din dator eller telefon; det tar en minut.",
    input.accessCodeRequired ? "Du behöver också en kod som avsändaren ger dig per telefon eller sms." : "",
    `Meddelandet går att läsa till och med ${dateSv(input.expiresAt)}.`,
    "Sigill ber aldrig om lösenord via e-post.",
    ...(extra === "" ? [] : ["", extra]),
  ].filter((line, i, all) => line !== "" || all[i - 1] !== "");
  const en = [
    `${input.senderName} has sent you a secure message through Sigill (${input.organisation}).`,
    `Open it here: ${input.link}`,
    input.accessCodeRequired ? "You also need a code the sender gives you by phone or text message." : "",
    `It can be read until ${dateSv(input.expiresAt)}. Sigill never asks for passwords by e-mail.`,
  ].filter((line) => line !== "");
  return {
    subject: `Säkert meddelande från ${input.organisation}`,
    text: [...sv, ...(withEnglish ? ["", "—", "", ...en] : [])].join("\n"),
  };
}
