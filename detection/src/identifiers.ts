// Finds and validates identifiers in one paragraph, and grades them with the context words of the
// same paragraph (research note §1.5: keyword, written form, closer negative context).
import type { Today } from "./calendar.ts";
import { isWordAt } from "./char-classes.ts";
import { isDanishCprDate } from "./dk-cpr.ts";
import { identifierExplanation, type ContextWord } from "./explain.ts";
import { isFinnishId } from "./fi-henkilotunnus.ts";
import { IBAN_LENGTHS, isIban } from "./iban.ts";
import { isNorwegianId } from "./no-fodselsnummer.ts";
import { isPaymentCard } from "./payment-card.ts";
import { indexBy } from "./sorted.ts";
import { isOrganisationsnummer, parseSwedishId } from "./se-personnummer.ts";
import type { Explanation, IdentifierType, Level } from "./types.ts";

/** A context word found in the paragraph. */
export interface ContextHit {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export interface IdentifierContext {
  readonly se: readonly ContextHit[];
  readonly no: readonly ContextHit[];
  readonly dk: readonly ContextHit[];
  readonly fi: readonly ContextHit[];
  readonly negative: readonly ContextHit[];
  readonly company: readonly ContextHit[];
}

export interface IdentifierHit {
  readonly type: IdentifierType;
  readonly start: number;
  readonly end: number;
  readonly level: Level;
  readonly explanation: Explanation;
  /** A keyword of the identifier's own family is near (decides "CPR 010190-1238" vs a personnummer). */
  readonly keyword: boolean;
}

/** Keywords count within this many characters (Purview and the research note use 300). */
const KEYWORD_WINDOW = 300;
/** Without a positive keyword, negative context counts only this close (before, after). */
const NEGATIVE_BEFORE = 60;
const NEGATIVE_AFTER = 25;

/**
 * Swedish numbers in every careless form: 10 or 12 digits; the date may be written as a date
 * (2015-03-16-5258, 2015.03.16-5258, 11.05.19-9333); before the serial a hyphen, plus, any Unicode
 * dash or a space, and after a dash a line break (a mail client wrapped the line, perhaps quoted).
 */
const SE_RE =
  /(?:(?:18|19|20)\d\d([-.]?)\d\d\1\d\d|\d\d(\.?)\d\d\2\d\d)(?:[ \t]?[-+/\u2010-\u2015\u2212](?:[ \t]*\r?\n[ \t>]*|[ \t]?)|[ \t])?\d{4}/g;
/** The separator before the serial, if any (a dash or plus; "" for none or a space). */
const SERIAL_SEPARATOR = /([-+/\u2010-\u2015\u2212])[\s>]*\d{4}$/;
const NO_RE = /\d{6}[ \t]?\d{5}/g;
const FI_RE = /\d{6}[-+\u2010-\u2015\u2212A-FU-Y]\d{3}[0-9A-Y]/g;
const IBAN_RE = /[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30}/g;
const CARD_RE = /\d(?:[ -]?\d){12,18}/g;
const HAS_DIGIT_RUN = /\d{4}|\d\d[ -]\d\d/;

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Rejects a match glued to letters, digits or a longer reference (`[-/.]\d`) on either side. */
function cleanEdges(text: string, start: number, end: number): boolean {
  if (isWordAt(text, start - 1) || isWordAt(text, end)) return false;
  const before = text.charAt(start - 1);
  if (before === "+") return false; // +46..., an international phone number
  if ((before === "-" || before === "/" || before === ".") && isDigitAt(text, start - 2)) return false;
  const after = text.charAt(end);
  if ((after === "-" || after === "/" || after === ".") && isDigitAt(text, end + 1)) return false;
  return true;
}

function distance(hit: ContextHit, start: number, end: number): number {
  if (hit.end <= start) return start - hit.end;
  if (hit.start >= end) return hit.start - end;
  return 0;
}

/** Longer than any context keyword's span. */
const MAX_KEYWORD = 64;
/** Each context list's index by start (built on first use; the lists never change after). */
const byStartOf = new WeakMap<readonly ContextHit[], (from: number, to: number) => number[]>();

/**
 * The positions in `hits` (in their own order) of the hits that may start in [from, to] (short lists
 * are returned whole: the callers test each hit): a look near a number instead of over every keyword
 * of the paragraph (a long class list made that n²).
 */
function startingIn(hits: readonly ContextHit[], from: number, to: number): number[] {
  if (hits.length <= 8) return hits.map((_, i) => i);
  let index = byStartOf.get(hits);
  if (index === undefined) {
    index = indexBy(hits, (h) => h.start);
    byStartOf.set(hits, index);
  }
  return index(from, to);
}

function nearest(hits: readonly ContextHit[], start: number, end: number, window: number): ContextHit | null {
  let best: ContextHit | null = null;
  let bestDistance = window + 1;
  for (const i of startingIn(hits, start - window - MAX_KEYWORD, end + window)) {
    const hit = hits[i];
    if (hit === undefined) continue;
    const d = distance(hit, start, end);
    if (d < bestDistance) [best, bestDistance] = [hit, d];
  }
  return best;
}

/** True when a sentence ends between `from` and `to` (". " or "! " etc.; a line break does not). */
function sentenceBreak(text: string, from: number, to: number): boolean {
  return /[.!?]\s/.test(text.slice(Math.max(0, from), Math.max(0, to)));
}

/**
 * Negative context that applies to [start, end): in the same sentence, and either before the
 * number and closer than the positive keyword (labels come before values), or right behind it
 * when there is no positive keyword ("0701740607 (mobil)").
 */
function negativeFor(
  text: string,
  ctx: IdentifierContext,
  start: number,
  end: number,
  positive: ContextHit | null,
  before = NEGATIVE_BEFORE,
  sameSentence = true,
  after = NEGATIVE_AFTER,
): ContextHit | null {
  let best: ContextHit | null = null;
  let bestDistance = Infinity;
  for (const hit of ctx.negative) {
    const d = distance(hit, start, end);
    const isBefore = hit.end <= start;
    // Labels of an invoice may sit lines above an IBAN (sameSentence false); never across a sentence after it.
    if (isBefore ? sameSentence && sentenceBreak(text, hit.end, start) : sentenceBreak(text, end, hit.start)) continue;
    let applies: boolean;
    if (positive !== null) {
      const positiveBefore = positive.end <= start;
      applies = isBefore
        ? !positiveBefore || d < distance(positive, start, end)
        : !positiveBefore && d <= NEGATIVE_AFTER;
    } else {
      applies = isBefore ? d <= before : d <= after;
    }
    if (applies && d < bestDistance) [best, bestDistance] = [hit, d];
  }
  return best;
}

/**
 * The label a number is written under, when that label says it is another kind of number: a
 * negative word right before it with only punctuation, "nr"/"nummer" between ("Tel: 0701234567",
 * "OCR-nummer 1234…", "Org.nr 556…"), or right after it in brackets ("0701740607 (mobil)").
 * A word elsewhere in the row or sentence ("…, skåp 738, kod 5548") is about another value and
 * does not lower this one.
 */
const LABEL_GAP = /^[\s:.#=(\-\u2010-\u2015]*(?:(?:nr|nummer|no|number|nbr)\.?[\s:.#=-]*)?$/iu;
const AFTER_GAP = /^[ \t]*[(,][ \t]*$/u;

function labelFor(
  text: string,
  hits: readonly ContextHit[],
  start: number,
  end: number,
  after = true,
): ContextHit | null {
  for (const i of startingIn(hits, start - 16 - MAX_KEYWORD, end + 4)) {
    const hit = hits[i];
    if (hit === undefined) continue;
    // The tail of a compound is not a label of its own: "id-kod" names an identity code.
    if (text.charAt(hit.start - 1) === "-" && isWordAt(text, hit.start - 2)) continue;
    if (hit.end <= start && start - hit.end <= 16 && LABEL_GAP.test(text.slice(hit.end, start))) return hit;
    if (after && hit.start >= end && hit.start - end <= 4 && AFTER_GAP.test(text.slice(end, hit.start))) return hit;
  }
  return null;
}

/** Splits a table row into cells: tabs, `|`, `;` or (two or more) commas separate them. */
function cellDelimiter(line: string): string | null {
  if (line.includes("\t")) return "\t";
  if (line.includes("|")) return "|";
  if (line.split(";").length > 2) return ";";
  if (line.split(",").length > 2) return ",";
  return null;
}

/** Start and end of the line around `at`. */
function lineAround(text: string, at: number): [number, number] {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const end = text.indexOf("\n", at);
  return [start, end < 0 ? text.length : end];
}

/**
 * The header cell above a table cell: the nearest earlier line of the paragraph that splits into
 * cells the same way and holds no number (a header row: "Namn<TAB>Personnummer<TAB>Telefon").
 * @returns the header cell's [start, end), or null when the number is not in a table.
 */
function headerCell(text: string, start: number): [number, number] | null {
  const [lineStart, lineEnd] = lineAround(text, start);
  const line = text.slice(lineStart, lineEnd);
  if (!/[\t|;,]/.test(line)) return null;
  const delimiter = cellDelimiter(line);
  if (delimiter === null) return null;
  const column = text.slice(lineStart, start).split(delimiter).length - 1;
  let prevEnd = lineStart - 1;
  for (let rows = 0; prevEnd > 0 && rows < 400; rows++) {
    const prevStart = text.lastIndexOf("\n", prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd);
    if (line.includes(delimiter) && !/\d{3}/.test(line)) {
      const cells = line.split(delimiter);
      if (column >= cells.length) return null;
      let at = prevStart;
      for (let i = 0; i < column; i++) at += (cells[i] ?? "").length + delimiter.length;
      return [at, at + (cells[column] ?? "").length];
    }
    prevEnd = prevStart - 1;
  }
  return null;
}

function within(hits: readonly ContextHit[], [start, end]: [number, number]): ContextHit | null {
  for (const i of startingIn(hits, start, end)) {
    const h = hits[i];
    if (h !== undefined && h.start >= start && h.end <= end) return h;
  }
  return null;
}

/** The positive keyword for a number: its column's header, else the nearest within the window. */
function keywordFor(
  text: string,
  hits: readonly ContextHit[],
  header: [number, number] | null,
  start: number,
  end: number,
): ContextHit | null {
  return (header === null ? null : within(hits, header)) ?? nearest(hits, start, end, KEYWORD_WINDOW);
}

/**
 * The negative label for a number: its own label, else its column's header. A number its own
 * kind's keyword labels right before ("personnummer 881011-2881, konto i Swedbank") is not
 * relabelled by a word after it: that word starts the next item of the sentence.
 */
function negativeLabel(
  text: string,
  ctx: IdentifierContext,
  header: [number, number] | null,
  start: number,
  end: number,
  own: readonly ContextHit[] = [],
): ContextHit | null {
  const labelled = labelFor(text, own, start, end, false) !== null;
  return labelFor(text, ctx.negative, start, end, !labelled) ?? (header === null ? null : within(ctx.negative, header));
}

/**
 * True when the match sits inside a URL or an e-mail address. A tag's end (`>`) or an opening
 * bracket stops the look-back (`<td>` is not a path), and a `#` right before the number is a
 * ticket or case mark ("#201211153471"), not a link.
 */
function insideLink(text: string, start: number, end: number): boolean {
  for (let i = start - 1; i >= 0 && start - i < 200; i--) {
    const c = text.charCodeAt(i);
    // whitespace, ">", "(" or "[" ends the token
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 160 || c === 62 || c === 40 || c === 91) break;
    if (c === 64 || c === 47 || c === 61 || c === 63 || c === 38 || (c === 35 && i < start - 1)) return true;
  }
  const c = text.charAt(end);
  return c === "@" || c === "/" || c === "=" || c === "&";
}

function ctxWord(hit: ContextHit | null): ContextWord | null {
  return hit === null ? null : { label: hit.label };
}

function push(
  out: IdentifierHit[],
  type: IdentifierType,
  start: number,
  end: number,
  level: Level,
  why: Parameters<typeof identifierExplanation>[1],
): void {
  out.push({ type, start, end, level, explanation: identifierExplanation(type, why), keyword: why.keyword !== null });
}

function scanSwedishAndDanish(text: string, ctx: IdentifierContext, today: Today, out: IdentifierHit[]): void {
  SE_RE.lastIndex = 0;
  for (let m = SE_RE.exec(text); m !== null; m = SE_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!cleanEdges(text, start, end)) {
      SE_RE.lastIndex = start + 1;
      continue;
    }
    const raw = m[0];
    const digits = raw.replace(/\D/g, "");
    const separator = SERIAL_SEPARATOR.exec(raw)?.[1] ?? "";
    const spaced = /[ \t]\d{4}$/.test(raw) && separator === "";
    const dated = (m[1] ?? m[2] ?? "") !== "";
    const dk = digits.length === 10 && ctx.dk.length > 0 && isDanishCprDate(digits);
    const id =
      dk || digits.length === 12 || digits.length === 10 ? parseSwedishId(digits, separator === "+", today) : null;
    if (!dk && id === null) {
      if (digits.length === 10 && isOrganisationsnummer(digits)) continue; // not personal data
      SE_RE.lastIndex = start + 1;
      continue;
    }
    const link = insideLink(text, start, end);
    const header = headerCell(text, start);

    if (dk) {
      const dkKeyword = keywordFor(text, ctx.dk, header, start, end);
      if (dkKeyword !== null) {
        const neg = negativeLabel(text, ctx, header, start, end, ctx.dk);
        const level: Level = neg !== null || link ? "low" : "high";
        push(out, "dk-cpr", start, end, level, {
          valid: "date",
          keyword: ctxWord(dkKeyword),
          negative: ctxWord(neg),
          link,
        });
        continue;
      }
    }
    if (id === null) {
      if (digits.length === 10 && isOrganisationsnummer(digits)) continue; // not personal data
      SE_RE.lastIndex = start + 1;
      continue;
    }
    const type: IdentifierType = id.kind === "personnummer" ? "se-personnummer" : "se-samordningsnummer";
    // Clearing number 3300 before a personnummer is a Nordea personkonto: the account is the PNR.
    const personkonto = /3300[ ,-]*$/.test(text.slice(Math.max(0, start - 8), start));
    const positive = personkonto ? { start, end, label: "3300" } : keywordFor(text, ctx.se, header, start, end);
    const neg = negativeLabel(text, ctx, header, start, end, ctx.se);
    // A 12-digit number, or one written with a separator or as a date, is strong evidence by itself.
    const separated = separator !== "" || spaced || dated || digits.length === 12;
    let level: Level;
    if (id.unverifiedDate) level = "low";
    else if (link) level = positive !== null ? "high" : separated ? "medium" : "low";
    else if (neg !== null) {
      const company = ctx.company.some((c) => c.start === neg.start && c.end === neg.end);
      level = company ? "medium" : "low"; // enskild firma: the orgnr is the owner's personnummer
    } else if (positive !== null || separated) level = "high";
    else if (digits.startsWith("07"))
      level = "low"; // ten digits starting 07: most likely a mobile number
    else level = "medium";
    push(out, type, start, end, level, {
      valid: "luhn",
      keyword: ctxWord(positive),
      negative: ctxWord(neg),
      separated,
      unverifiedDate: id.unverifiedDate,
      link,
    });
  }
}

function scanNorwegian(text: string, ctx: IdentifierContext, out: IdentifierHit[]): void {
  NO_RE.lastIndex = 0;
  for (let m = NO_RE.exec(text); m !== null; m = NO_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const digits = m[0].replace(/\D/g, "");
    if (!cleanEdges(text, start, end) || !isNorwegianId(digits)) {
      NO_RE.lastIndex = start + 1;
      continue;
    }
    const header = headerCell(text, start);
    const positive = keywordFor(text, ctx.no, header, start, end);
    const neg = negativeLabel(text, ctx, header, start, end, ctx.no);
    const link = insideLink(text, start, end);
    const level: Level = neg !== null || link ? "low" : positive !== null ? "high" : "medium";
    push(out, "no-fodselsnummer", start, end, level, {
      valid: "mod11",
      keyword: ctxWord(positive),
      negative: ctxWord(neg),
      link,
    });
  }
}

function scanFinnish(text: string, ctx: IdentifierContext, out: IdentifierHit[]): void {
  FI_RE.lastIndex = 0;
  for (let m = FI_RE.exec(text); m !== null; m = FI_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const raw = m[0];
    let sign = raw.charAt(6);
    if (/[\u2010-\u2015\u2212]/.test(sign)) sign = "-";
    const valid = cleanEdges(text, start, end) && isFinnishId(raw.slice(0, 6) + raw.slice(7, 10), sign, raw.charAt(10));
    if (!valid) {
      FI_RE.lastIndex = start + 1;
      continue;
    }
    const header = headerCell(text, start);
    const positive = keywordFor(text, ctx.fi, header, start, end);
    const neg = negativeLabel(text, ctx, header, start, end, ctx.fi);
    const link = insideLink(text, start, end);
    // "-" and "+" look like a Swedish number; only a Finnish keyword makes those high. A check
    // letter cannot end a Swedish number, so only a check digit leaves the doubt.
    const ambiguous = (sign === "-" || sign === "+") && isDigitAt(raw, 10);
    const level: Level = neg !== null || link || (ambiguous && positive === null) ? "low" : "high";
    push(out, "fi-henkilotunnus", start, end, level, {
      valid: "mod31",
      keyword: ctxWord(positive),
      negative: ctxWord(neg),
      link,
    });
  }
}

function scanIban(text: string, ctx: IdentifierContext, out: IdentifierHit[]): void {
  IBAN_RE.lastIndex = 0;
  for (let m = IBAN_RE.exec(text); m !== null; m = IBAN_RE.exec(text)) {
    const start = m.index;
    const length = IBAN_LENGTHS[m[0].slice(0, 2)];
    IBAN_RE.lastIndex = start + 1;
    if (length === undefined || isWordAt(text, start - 1)) continue;
    let compact = "";
    let end = start;
    while (end < text.length && compact.length < length) {
      const c = text.charAt(end);
      if (c !== " ") compact += c;
      end++;
    }
    if (compact.length !== length || isWordAt(text, end) || !isIban(compact)) continue;
    IBAN_RE.lastIndex = end;
    // An invoice names its own account: payment words before or after it (BIC, VAT, invoice) lower it.
    const neg = negativeFor(text, ctx, start, end, null, KEYWORD_WINDOW, false, KEYWORD_WINDOW);
    const link = insideLink(text, start, end);
    push(out, "iban", start, end, neg !== null || link ? "low" : "high", {
      valid: "mod97",
      keyword: null,
      negative: ctxWord(neg),
      link,
    });
  }
}

function scanCards(text: string, ctx: IdentifierContext, out: IdentifierHit[]): void {
  CARD_RE.lastIndex = 0;
  for (let m = CARD_RE.exec(text); m !== null; m = CARD_RE.exec(text)) {
    const start = m.index;
    CARD_RE.lastIndex = start + 1;
    if (isWordAt(text, start - 1) || text.charAt(start - 1) === "+") continue;
    // Try every group boundary, longest first: "4111 1111 1111 1111 12/26" is 16 digits, then a date.
    const raw = m[0];
    const ends: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (isDigitAt(raw, i) && !isDigitAt(raw, i + 1)) ends.push(i + 1);
    }
    for (let k = ends.length - 1; k >= 0; k--) {
      const end = start + (ends[k] ?? 0);
      const digits = text.slice(start, end).replace(/\D/g, "");
      if (!cleanEdges(text, start, end) || !isPaymentCard(digits)) continue;
      const neg = negativeFor(text, ctx, start, end, null);
      const link = insideLink(text, start, end);
      push(out, "payment-card", start, end, neg !== null || link ? "low" : "high", {
        valid: "luhn",
        keyword: null,
        negative: ctxWord(neg),
        link,
      });
      CARD_RE.lastIndex = end;
      break;
    }
  }
}

const TYPE_ORDER: readonly IdentifierType[] = [
  "se-personnummer",
  "se-samordningsnummer",
  "dk-cpr",
  "fi-henkilotunnus",
  "no-fodselsnummer",
  "payment-card",
  "iban",
];
const RANK: Readonly<Record<Level, number>> = { low: 0, medium: 1, high: 2 };

/** All identifiers in a paragraph, overlaps resolved (higher level first, then type order). */
export function scanIdentifiers(
  text: string,
  ctx: IdentifierContext,
  today: Today,
  enabled: ReadonlySet<IdentifierType>,
): IdentifierHit[] {
  if (!HAS_DIGIT_RUN.test(text)) return [];
  const all: IdentifierHit[] = [];
  scanSwedishAndDanish(text, ctx, today, all);
  scanFinnish(text, ctx, all);
  scanNorwegian(text, ctx, all);
  scanIban(text, ctx, all);
  scanCards(text, ctx, all);
  const candidates = all.filter((hit) => enabled.has(hit.type));
  candidates.sort(
    (a, b) =>
      RANK[b.level] - RANK[a.level] ||
      Number(b.keyword) - Number(a.keyword) ||
      b.end - b.start - (a.end - a.start) ||
      TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
      a.start - b.start,
  );
  const kept: IdentifierHit[] = [];
  for (const hit of candidates) {
    if (!kept.some((k) => k.start < hit.end && hit.start < k.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}
