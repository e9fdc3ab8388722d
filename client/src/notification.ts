// The mail that goes out through the webmail instead of the content: who sent it, the link, how
// to open it, when it expires. Never the subject, the body or an attachment name.
export interface NotificationInput {
  readonly senderName: string;
  readonly organisation: string;
  readonly link: string;
  readonly expiresAt: Date;
  readonly accessCodeRequired: boolean;
}

const dateSv = (d: Date) => d.toISOString().slice(0, 10);

/** The notification in Swedish, followed by English when `withEnglish` (a setting; off by default). */
export function buildNotification(input: NotificationInput, withEnglish = false): { subject: string; text: string } {
  const sv = [
    `${input.senderName} har skickat ett säkert meddelande till dig via Sigill (${input.organisation}).`,
    "",
    `Öppna det här: ${input.link}`,
    "",
    "Första gången skapar du en nyckel (passkey) på din dator eller telefon; det tar en minut.",
    input.accessCodeRequired ? "Du behöver också en kod som avsändaren ger dig per telefon eller sms." : "",
    `Meddelandet går att läsa till och med ${dateSv(input.expiresAt)}.`,
    "Sigill ber aldrig om lösenord via e-post.",
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
