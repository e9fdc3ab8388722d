// Norwegian fødselsnummer, D-number, H-number and Tenor synthetic numbers (Skatteetaten, fnrinfo.no).
import { weightedSum } from "./checksums.ts";
import { isValidDate } from "./calendar.ts";

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function mod11CheckDigit(sum: number): number {
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check; // 10 means "no valid check digit"
}

/** Years the individual number allows under the pre-2032 rules. */
function centuriesFor(individual: number, yy: number): number[] {
  if (individual <= 499) return [1900 + yy];
  const years: number[] = [];
  if (individual <= 749 && yy >= 54) years.push(1800 + yy);
  if (yy <= 39) years.push(2000 + yy);
  if (individual >= 900 && yy >= 40) years.push(1900 + yy);
  return years;
}

/**
 * Validates an 11-digit Norwegian national identity number (`DDMMYYiiik1k2`).
 * Accepts D-numbers (day + 40), H-numbers (month + 40) and Tenor test numbers (month + 80), and
 * both check-digit rules: the classic k1 and the 2032 rule ((sum + k1) mod 11 in 0..3, where the
 * individual number no longer gives the century).
 */
export function isNorwegianId(digits: string): boolean {
  if (digits.length !== 11) return false;
  let day = Number(digits.slice(0, 2));
  let month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  const individual = Number(digits.slice(6, 9));
  if (day > 40) day -= 40;
  if (month > 80) month -= 80;
  else if (month > 40) month -= 40;

  const k1 = digits.charCodeAt(9) - 48;
  const k2 = digits.charCodeAt(10) - 48;
  const s2 = weightedSum(digits, K2_WEIGHTS);
  const k2Expected = mod11CheckDigit(s2);
  if (k2Expected === 10 || k2Expected !== k2) return false;

  const s1 = weightedSum(digits, K1_WEIGHTS);
  const classic = mod11CheckDigit(s1) === k1;
  const rule2032 = (s1 + k1) % 11 <= 3;
  if (classic && centuriesFor(individual, yy).some((year) => isValidDate(year, month, day))) return true;
  // Under the 2032 rule any century is possible; 29 February needs one leap year among them.
  return rule2032 && [1900 + yy, 2000 + yy].some((year) => isValidDate(year, month, day));
}
