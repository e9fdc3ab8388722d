// Payment card numbers: network prefix, length and Luhn.
import { isLuhnValid } from "./checksums.ts";

/** True for 13-19 digits with a Visa, Mastercard or Amex prefix and a valid Luhn check digit. */
export function isPaymentCard(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19) return false;
  const first = digits.charCodeAt(0) - 48;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  const visa = first === 4 && (n === 13 || n === 16 || n === 19);
  const mastercard = n === 16 && ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720));
  const amex = n === 15 && (two === 34 || two === 37);
  return (visa || mastercard || amex) && isLuhnValid(digits);
}
