import { z } from "zod";

// Domains whose mail servers ignore dots in the local part and everything after '+'.
// Only these are folded: elsewhere "a.b@x" and "ab@x" may be different people.
const GMAIL_STYLE = new Set(["gmail.com", "googlemail.com"]);

/** A syntactically plausible address (the real check is that mail to it arrives). */
export const emailSchema = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an e-mail address");

/**
 * The form an address is stored and looked up by: Unicode NFC, trimmed, lower case (local parts
 * are case-insensitive in practice everywhere Sigill is used), and for Gmail-style domains
 * without dots and '+tag' in the local part, with googlemail.com folded into gmail.com.
 */
export function normaliseEmail(address: string): string {
  const lower = address.normalize("NFC").trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  if (GMAIL_STYLE.has(domain)) {
    local = local.split("+")[0]?.replace(/\./g, "") ?? local;
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}
