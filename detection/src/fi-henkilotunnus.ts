// Finnish henkilötunnus (DVV), including the century signs added by the 2023 decree.
import { isValidDate } from "./calendar.ts";

const CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY";
const CENTURY: Readonly<Record<string, number>> = {
  "+": 1800,
  "-": 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/**
 * Validates a henkilötunnus `DDMMYYcNNNX`. `sign` is the century sign (any Unicode dash already
 * folded to `-`), `digits` the nine digits DDMMYYNNN, `check` the check character (uppercase).
 * Individual numbers 002-899 are ordinary, 900-999 temporary or test numbers (both valid).
 */
export function isFinnishId(digits: string, sign: string, check: string): boolean {
  const base = CENTURY[sign];
  if (base === undefined || digits.length !== 9) return false;
  const individual = Number(digits.slice(6, 9));
  if (individual < 2) return false;
  if (!isValidDate(base + Number(digits.slice(4, 6)), Number(digits.slice(2, 4)), Number(digits.slice(0, 2)))) {
    return false;
  }
  return CHECK_CHARS.charAt(Number(digits) % 31) === check;
}
