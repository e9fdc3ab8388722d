// IBAN (ISO 13616): country length table and mod 97.
import { isIbanMod97Valid } from "./checksums.ts";

/** IBAN lengths for the countries a Swedish school meets most; others are not recognised. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  SE: 24,
  NO: 15,
  DK: 18,
  FI: 18,
  IS: 26,
  DE: 22,
  GB: 22,
  FR: 27,
  ES: 24,
  IT: 27,
  NL: 18,
  BE: 16,
  AT: 20,
  CH: 21,
  PL: 28,
  EE: 20,
  LV: 21,
  LT: 20,
  IE: 22,
  PT: 25,
  GR: 27,
  TR: 26,
  HR: 21,
  HU: 28,
  CZ: 24,
  SK: 24,
  SI: 19,
  RO: 24,
  BG: 22,
  LU: 20,
  CY: 28,
  MT: 31,
  BA: 20,
  RS: 22,
  UA: 29,
  FO: 18,
  GL: 18,
  AL: 28,
  AD: 24,
  LI: 21,
  MC: 27,
  SM: 27,
};

/** True for a valid IBAN in compact uppercase form (no spaces). */
export function isIban(compact: string): boolean {
  const length = IBAN_LENGTHS[compact.slice(0, 2)];
  return length === compact.length && /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact) && isIbanMod97Valid(compact);
}
