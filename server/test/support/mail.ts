// Reading the mails a test server handed to its transport (harness.mails): who got what, and the
// one-time link in a reset mail, the way the person would find it.
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
