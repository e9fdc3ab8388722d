// Swedish personnummer and samordningsnummer (Skatteverket; folkbokföringslagen 18 §, 18 a §).
import { isLuhnValid } from "./checksums.ts";
import { dayKey, isValidDate, type Today } from "./calendar.ts";

export interface SwedishId {
  readonly kind: "personnummer" | "samordningsnummer";
  /** Samordningsnummer with month 00 or day 60 (unverified birth date): valid, low confidence. */
  readonly unverifiedDate: boolean;
  readonly year: number;
}

/**
 * Validates a Swedish personal identity or coordination number.
 * @param digits 10 (`YYMMDDNNNC`) or 12 (`CCYYMMDDNNNC`) ASCII digits, separators removed.
 * @param plus true when written with `+` (the person is 100 or older; only matters for 10 digits).
 * @param today the clock's date, for the century rule and to reject future birth dates.
 * @returns what the number is, or `null` when it is not a valid number.
 */
export function parseSwedishId(digits: string, plus: boolean, today: Today): SwedishId | null {
  let century = -1;
  let rest = digits;
  if (digits.length === 12) {
    century = Number(digits.slice(0, 2));
    if (century < 18 || century > 20) return null;
    rest = digits.slice(2);
  } else if (digits.length !== 10) {
    return null;
  }
  const yy = Number(rest.slice(0, 2));
  const mm = Number(rest.slice(2, 4));
  const dd = Number(rest.slice(4, 6));
  if (rest.slice(6, 9) === "000") return null;
  if (!isLuhnValid(rest)) return null;

  let kind: SwedishId["kind"] = "personnummer";
  let day = dd;
  let unverifiedDate = false;
  if (dd >= 60 && dd <= 91) {
    kind = "samordningsnummer";
    day = dd - 60;
    unverifiedDate = mm === 0 || day === 0;
  } else if (dd < 1 || dd > 31) {
    return null;
  }
  if (mm > 12 || (mm === 0 && kind === "personnummer")) return null;

  const fits = (year: number): boolean => {
    if (unverifiedDate) {
      // Only the known parts must be possible; the birth date must not be in the future.
      const m = mm === 0 ? 1 : mm;
      const d = day === 0 ? 1 : day;
      return (mm === 0 || isValidDate(year, m, d)) && dayKey(year, m, d) <= today.key;
    }
    return isValidDate(year, mm, day) && dayKey(year, mm, day) <= today.key;
  };

  let year: number;
  if (century >= 0) {
    year = century * 100 + yy;
    if (!fits(year)) return null;
  } else {
    const base = plus ? today.year - 100 : today.year;
    year = base - ((((base - yy) % 100) + 100) % 100);
    if (!fits(year)) {
      if (plus) return null;
      year -= 100;
      if (!fits(year)) return null;
    }
  }
  return { kind, unverifiedDate, year };
}

/**
 * True for a valid organisationsnummer: 10 digits, the third digit 2 or more (so no birth month),
 * Luhn over all ten. These are not personal data (an enskild firma uses a personnummer instead).
 */
export function isOrganisationsnummer(digits: string): boolean {
  return digits.length === 10 && digits.charCodeAt(2) >= 50 && isLuhnValid(digits);
}
