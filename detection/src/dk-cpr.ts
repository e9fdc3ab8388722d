// Danish CPR numbers (cpr.dk). Modulus 11 is not guaranteed since 2007, so only the date is checked;
// the caller requires a keyword as well.
import { isValidDate } from "./calendar.ts";

/** The birth year a CPR number encodes, from the 7th digit and YY. */
export function cprYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/** True when 10 digits (`DDMMYYSSSS`) carry a real birth date under the CPR century rules. */
export function isDanishCprDate(digits: string): boolean {
  if (digits.length !== 10) return false;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  return isValidDate(cprYear(yy, digits.charCodeAt(6) - 48), month, day);
}
