// Builds identifier numbers with correct check digits for the evaluation set. Written from the
// specifications independently of src/detection (the generator must not share the detector's code).

export type Rng = () => number;

/** mulberry32: a small seeded PRNG, so the committed data set can be regenerated exactly. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};
const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function monthDays(y: number, m: number): number {
  return [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 31;
}
export function randomDate(rng: Rng, fromYear: number, toYear: number): [number, number, number] {
  const y = int(rng, fromYear, toYear);
  const m = int(rng, 1, 12);
  return [y, m, int(rng, 1, monthDays(y, m))];
}

/** Luhn check digit for a string of digits (weights 2,1,2,... from the right of the payload). */
export function luhnDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export interface SwedishNumber {
  readonly year: number;
  /** YYMMDDNNNC */
  readonly ten: string;
}

/** A personnummer (or samordningsnummer with `coordination`) with a correct check digit. */
export function swedishNumber(rng: Rng, fromYear: number, toYear: number, coordination = false): SwedishNumber {
  const [y, m, d] = randomDate(rng, fromYear, toYear);
  const serial = pad(int(rng, 1, 999), 3);
  const payload = `${pad(y % 100)}${pad(m)}${pad(coordination ? d + 60 : d)}${serial}`;
  return { year: y, ten: payload + String(luhnDigit(payload)) };
}

const DASHES = ["-", "-", "-", "\u2013", "\u2010", "\u2212", "\u2011"];

export type SwedishForm = "dash" | "plus" | "contiguous" | "twelve" | "twelve-dash" | "space" | "unicode-dash";

/** Writes a Swedish number in one of the forms people use; `plus` only for people aged 100+. */
export function writeSwedish(rng: Rng, n: SwedishNumber, form: SwedishForm): string {
  const head = n.ten.slice(0, 6);
  const tail = n.ten.slice(6);
  const century = String(Math.floor(n.year / 100));
  switch (form) {
    case "dash":
      return `${head}-${tail}`;
    case "plus":
      return `${head}+${tail}`;
    case "contiguous":
      return n.ten;
    case "twelve":
      return century + n.ten;
    case "twelve-dash":
      return `${century}${head}-${tail}`;
    case "space":
      return `${head} ${tail}`;
    case "unicode-dash":
      return `${head}${pick(rng, DASHES.slice(3))}${tail}`;
  }
}

/** Norwegian fødselsnummer (optionally D-number or Tenor synthetic) with both check digits. */
export function norwegianNumber(rng: Rng, variant: "plain" | "d" | "tenor"): string {
  for (;;) {
    const [y, m, d] = randomDate(rng, 1950, 2019);
    const individual = y < 2000 ? int(rng, 0, 499) : int(rng, 500, 999);
    const day = variant === "d" ? d + 40 : d;
    const month = variant === "tenor" ? m + 80 : m;
    const base = `${pad(day)}${pad(month)}${pad(y % 100)}${pad(individual, 3)}`;
    const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const s1 = w1.reduce((s, w, i) => s + w * Number(base[i]), 0);
    let k1 = 11 - (s1 % 11);
    if (k1 === 11) k1 = 0;
    if (k1 === 10) continue;
    const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    const withK1 = base + String(k1);
    const s2 = w2.reduce((s, w, i) => s + w * Number(withK1[i]), 0);
    let k2 = 11 - (s2 % 11);
    if (k2 === 11) k2 = 0;
    if (k2 === 10) continue;
    return withK1 + String(k2);
  }
}

/** Danish CPR `DDMMYY-SSSS`, the 7th digit consistent with the century. */
export function danishNumber(rng: Rng): string {
  const [y, m, d] = randomDate(rng, 1950, 2019);
  const seventh = y < 2000 ? int(rng, 0, 3) : pick(rng, [4, 9]);
  return `${pad(d)}${pad(m)}${pad(y % 100)}-${String(seventh)}${pad(int(rng, 0, 999), 3)}`;
}

/** Finnish henkilötunnus with a century sign (old and 2023 letters) and check character. */
export function finnishNumber(rng: Rng): string {
  const [y, m, d] = randomDate(rng, 1950, 2019);
  const sign = y < 2000 ? pick(rng, ["-", "Y", "X", "W", "V", "U"]) : pick(rng, ["A", "B", "C", "D", "E", "F"]);
  const individual = pad(int(rng, 2, 999), 3);
  const digits = `${pad(d)}${pad(m)}${pad(y % 100)}${individual}`;
  const check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[Number(digits) % 31] ?? "0";
  return `${digits.slice(0, 6)}${sign}${individual}${check}`;
}

function mod97(numeric: string): number {
  let r = 0;
  for (const ch of numeric) r = (r * 10 + Number(ch)) % 97;
  return r;
}

/** A Swedish IBAN (24 characters) with correct check digits, printed in groups of four. */
export function swedishIban(rng: Rng): string {
  let bban = "";
  for (let i = 0; i < 20; i++) bban += String(int(rng, 0, 9));
  const numeric = `${bban}${String(28)}${String(14)}00`; // S=28, E=14
  const check = pad(98 - mod97(numeric));
  const compact = `SE${check}${bban}`;
  return compact.replace(/(.{4})/g, "$1 ").trim();
}

/** A Visa or Mastercard number with a correct Luhn digit, printed in groups of four or not. */
export function cardNumber(rng: Rng, grouped: boolean): string {
  let payload = pick(rng, ["4", "51", "52", "53", "54", "55", "2221", "2720"]);
  while (payload.length < 15) payload += String(int(rng, 0, 9));
  const full = payload + String(luhnDigit(payload));
  return grouped ? full.replace(/(.{4})/g, "$1 ").trim() : full;
}

/** A 10-digit number that passes Luhn but has an impossible date (month 13+ or 30 February). */
export function invalidDateLuhn(rng: Rng): string {
  const head = pick(rng, [
    `${pad(int(rng, 0, 99))}${String(int(rng, 13, 19))}${pad(int(rng, 1, 28))}`,
    `${pad(int(rng, 0, 99))}0230`,
  ]);
  const payload = head + pad(int(rng, 1, 999), 3);
  return `${payload.slice(0, 6)}-${payload.slice(6)}${String(luhnDigit(payload))}`;
}

/** An organisationsnummer (third digit >= 2) with a correct Luhn digit. */
export function organisationNumber(rng: Rng): string {
  const payload = `${pick(rng, ["2", "5", "7", "8", "9"])}${String(int(rng, 0, 9))}${String(int(rng, 2, 9))}${pad(int(rng, 0, 999999), 6)}`;
  return `${payload.slice(0, 6)}-${payload.slice(6)}${String(luhnDigit(payload))}`;
}

/** An OCR reference: digits with a Luhn check digit (often 10 digits, like a personnummer). */
export function ocrNumber(rng: Rng): string {
  const length = pick(rng, [9, 10, 11, 13, 15]);
  let payload = String(int(rng, 1, 9));
  while (payload.length < length) payload += String(int(rng, 0, 9));
  return payload + String(luhnDigit(payload));
}

/** Skatteverket test personnummer and samordningsnummer quoted in the research note. */
export const OFFICIAL_SWEDISH: readonly { readonly year: number; readonly ten: string; readonly snr: boolean }[] = [
  { year: 1986, ten: "8611239883", snr: false },
  { year: 1985, ten: "8501139995", snr: false },
  { year: 2015, ten: "1506152386", snr: false },
  { year: 2010, ten: "1001012390", snr: false },
  { year: 1980, ten: "8002292384", snr: false },
  { year: 1890, ten: "9001029819", snr: false },
  { year: 1964, ten: "6408233234", snr: false },
  { year: 1914, ten: "1401682396", snr: true },
];
/** DVV test henkilötunnus and Tenor/textbook Norwegian numbers from the research note. */
export const OFFICIAL_FINNISH = ["010594Y9032", "010516B903X", "020594X903P"] as const;
export const OFFICIAL_NORWEGIAN = ["01819012365", "31129956715"] as const;
