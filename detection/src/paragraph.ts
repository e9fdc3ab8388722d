// Scans one paragraph: keyword automaton, identifiers, custom patterns, person links and broadcast
// markers. Everything here is local to the paragraph, so results can be cached by paragraph text
// and reused after an edit elsewhere (see scanner.ts). Offsets are relative to the paragraph.
import { findTerms } from "./automaton.ts";
import { PERSONAL_GENERIC_CUES } from "./cues.ts";
import { isCommonWord } from "./common-words.ts";
import { FIRST_NAMES } from "./names.ts";
import type { Today } from "./calendar.ts";
import { isWordAt } from "./char-classes.ts";
import { scanIdentifiers, type ContextHit, type IdentifierHit } from "./identifiers.ts";
import type { CompiledRules, TermMeaning } from "./rules.ts";
import { normalise } from "./normalise.ts";
import { findSafeMatches } from "./safe-pattern.ts";
import { countBefore, indexBy } from "./sorted.ts";
import type { Category, Level } from "./types.ts";

export interface CategoryHit {
  readonly category: Category;
  readonly start: number;
  readonly end: number;
  readonly meaning: TermMeaning;
  /** A school topic ("en bok om en flicka med autism"), not a statement about a person. */
  readonly topic: boolean;
}

export interface CustomHit {
  readonly name: string;
  readonly category: Category;
  readonly level: Level;
  readonly start: number;
  readonly end: number;
}

/** What a unit (a sentence, a line, a table row) says about people. Bit flags. */
export const PERSON = {
  /** A name that is not staff in a title, greeting or signature ("Maja", "Liban Osman"). */
  name: 1,
  /** Kinship: "din son", "er dotter", "my daughter". */
  kin: 2,
  /** An identity number at medium or high. */
  id: 4,
  /** Initials: "O.K.", "D.S.". */
  initials: 8,
  /** A pupil by class: "eleven i 4B", "en elev i 7C", "a student in 8B". */
  classPupil: 16,
  /** A definite reference: "eleven", "pojken", "the student" (points back, like a pronoun). */
  definite: 32,
  /** A pronoun: han, hon, hen, he, she, … */
  pronoun: 64,
  /** The writer: "jag", "I", "min", "my" (a parent or a colleague writing about themselves). */
  self: 128,
  /** One unnamed pupil: "en elev", "ett barn", "a student" (enough for protected identity). */
  indefinite: 256,
  /** A pronoun opening the sentence as its subject ("Hon har astma."). */
  subjectPronoun: 512,
  /** "Vi är", "vår tro", "we are": a family about itself (counts for belief and origin only). */
  we: 1024,
  /** The reader: "du fick F", "you did not pass" (a mail to one person about themselves). */
  you: 2048,
} as const;
/** Flags that name one person by themselves. */
export const SPECIFIC = PERSON.name | PERSON.kin | PERSON.id | PERSON.initials | PERSON.classPupil;
/** Flags that point back at someone named before. */
export const ANAPHOR = PERSON.definite | PERSON.pronoun;

/** What kind of line a unit is, for the message-level reading of a thread. */
export type UnitKind =
  | "body"
  /** A mail header line (Från:, To:, Skickat:) or a quote header ("Den … skrev …:"): no subject there. */
  | "header"
  /** Starts an older mail in a thread ("-----Ursprungligt meddelande-----", "Forwarded message"). */
  | "break"
  /** A sign-off ("Mvh", "Best regards", "/Anna"): what follows is a signature. */
  | "signoff";

export interface Unit {
  readonly start: number;
  readonly end: number;
  readonly kind: UnitKind;
  /** PERSON flags found in the unit. */
  readonly person: number;
  /** Hypothetical or plural wording ("om ditt barn", "elever med", "if a pupil"). */
  readonly generic: boolean;
  /** Generic wording about a group, a service or a hypothetical child: a name there is no subject. */
  readonly group: boolean;
  /** Event, routine or statistics wording ("föreläsning", "rutin", "procent", "%"). */
  readonly event: boolean;
  /**
   * A routine's step in the passive with nobody in the sentence ("Medicin lämnas till ansvarig
   * lärare"): general, unless someone was named before it in the mail or beside it ("Det gäller
   * Kalle i 4B. Orosanmälan skickas till socialtjänsten." is his case).
   */
  readonly routine: boolean;
  /**
   * Introduces a list or table ("följande elever:", "Här är eleverna som …", a table's header row).
   * Only in a paragraph with a category word (the reading asks only about a category word's unit);
   * else false.
   */
  readonly intro: boolean;
  /** A form field: a short label and a colon ("Diagnos: …", "Medicin: …"). */
  readonly field: boolean;
  /**
   * The unit continues the line of the unit before it (a sentence after a full stop, not a new line).
   * Only in a paragraph with a category word (read beside a category word's unit); else false.
   */
  readonly continues: boolean;
  /** The unit ends with a question mark. */
  readonly question: boolean;
  /**
   * A list item: the line opens with a bullet or a number ("- ", "• ", "3. "). Like `continues`, only
   * in a paragraph with a category word; else false.
   */
  readonly item: boolean;
  /**
   * Opens with "PS" or "P.S.", or is a quoted greeting ("> Hej Karin,", a mail quoted without its
   * header): prose again after a signature.
   */
  readonly postscript: boolean;
  /** The unit's words in lower case, for units with a category word (the linker's features); else empty. */
  readonly words: readonly string[];
  /** The first names (lower case) that make the unit named, for units with a category word; else empty. */
  readonly names: readonly string[];
}

/**
 * A paragraph's scan, and what the message reading (scanner.ts) has worked out about it (ScanMemo),
 * kept on the scan itself: a field read is cheaper than a WeakMap lookup per paragraph of a long
 * text, and a field of its own than one of a memo object beside it (one object fewer to allocate
 * and for the collector to copy per scan, one fewer to read per paragraph).
 */
export interface ParagraphScan extends ScanMemo {
  readonly identifiers: readonly IdentifierHit[];
  /**
   * Category hits with the index of their unit, and whether the hit is a line's heading with text
   * after its colon ("Specialkost: jag har fått in 3 vegetarianer …"; see isLabel).
   */
  readonly categories: readonly (CategoryHit & {
    readonly unit: number;
    readonly label: boolean;
    /** The sentence's writer ("jag", "min") stands only in other clauses than the word (see selfApart). */
    readonly selfApart: boolean;
  })[];
  readonly customs: readonly CustomHit[];
  readonly units: readonly Unit[];
  /** Index of the first unit with a broadcast cue ("Hej alla vårdnadshavare", "Veckobrev"), or -1. */
  readonly broadcastUnit: number;
  /**
   * First names (lower case) this paragraph gives a job ("rektor Anna Berg", "Mats Hultgren
   * (rektor)", "Eva, kurator"): the reading (scanner.ts) takes them as staff in the whole mail.
   */
  readonly staff: readonly string[];
  /**
   * How many identifiers, category words and custom patterns the paragraph holds: most paragraphs
   * hold none, and the message reading then reads only this and the memo, not the three lists.
   */
  readonly hits: number;
}

/** The reading's per-paragraph memo; its values are scanner.ts's types, opaque here. */
export interface ScanMemo {
  /**
   * How the paragraph moves the reading state without category words, entered outside a signature
   * (`plain`) and inside one (`plainSigned`), and the same in a mail to many (`…Broadcast`, where
   * "ditt barn" names no one): a small code from scanner.ts, or -1 before the first.
   */
  plain: number;
  plainSigned: number;
  plainBroadcast: number;
  plainSignedBroadcast: number;
  /** The decision per entering state (a key from scanner.ts's decisionKey), or undefined before the first. */
  decided: Map<number | string, unknown> | undefined;
  /** The mail's staff (scanner.ts's staffOf) the units below were worked out for, and those units. */
  staffFor: unknown;
  staffUnits: readonly number[] | undefined;
}

/** Latin letters (a fast stand-in for \p{L} in the hot patterns), capitals and small letters. */
const L = "A-Za-zÀ-ÖØ-öø-ɏ";
const LU = "A-ZÀ-ÖØ-Þ";
const LL = "a-zß-öø-ÿ";

/** First names, for their possessive ("Liams mamma"). */
const FIRST_NAME_SET: ReadonlySet<string> = new Set(FIRST_NAMES);

/** Whether `lower` (a name in lower case) is in `names`, also in the possessive ("liams", "britts"). */
export function nameIn(names: ReadonlySet<string>, lower: string): boolean {
  return names.has(lower) || (lower.endsWith("s") && names.has(lower.slice(0, -1)));
}

/** The word starting at `at` in lower case: a name's first name ("Anna" of "Anna Berg"). */
function firstNameAt(text: string, at: number): string {
  return /^\p{L}+/u.exec(text.slice(at, at + 30))?.[0].toLowerCase() ?? "";
}

/** Capitalised words that are not people. */
const NOT_NAMES = new Set(
  (
    "i jag vi ni de den det du han hon hen om på och men för att med till från efter inför under " +
    "this that there these it we they you she he our your my all some each every nästa alla varje " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july " +
    "august september october november december måndag tisdag onsdag torsdag fredag lördag söndag " +
    "english swedish svenska engelska matte matematik math maths science history biology " +
    "skolverket skatteverket försäkringskassan kommun kommunen kommunal stad stads region regionen stockholm göteborg malmö " +
    "uppsala sverige sweden google teams zoom microsoft outlook gmail unikum schoolsoft vklass infomentor " +
    "dear hi hello hej thanks tack regards mvh please obs ps nb " +
    // Staff and pupils in the plural opening a routine's line ("- Vikarier ska alltid få …").
    "vikarier kollegor kolleger resurser studenter medarbetare anställda handledare praktikanter " +
    "här där vad vem vems hur när var vart varifrån varför vilken vilket vilka nu då sedan sen också även bara inte ingen inga " +
    "inget någon några något man detta denna dessa deras vår vårt våra er ert era min mitt mina din ditt dina sin " +
    "idag igår imorgon today tomorrow yesterday what who how when where why which here there everyone nobody " +
    "someone anyone hon han hen honom henne jag mig du dig oss er dem ja nej yes no ok okej tyvärr gärna " +
    "gott god glad trevlig bra skönt viktigt viktig påminnelse reminder info information fråga frågor svar " +
    "kontakt ansvarig elever elev eleven barn barnet föräldrar vårdnadshavare personal lärare klass klassen " +
    "skola skolan rektor mentor vecka veckan dag dagen termin terminen läsåret januari februari mars april maj " +
    "juni juli augusti oktober november december jan feb mar apr jun jul aug sep sept okt nov dec " +
    "grade year class klass åk årskurs room sal hus vecka week dos dose lektion grupp group tillfälle bilaga " +
    "kapitel sida punkt steg del fas nivå level step part page chapter item mål " +
    // Swedish puts the verb second: "Dessutom kommer …", "Tyvärr har …" are adverbs, not names.
    "dessutom därför därefter sedan också även alltså annars ibland ofta alltid aldrig snart redan senare " +
    "tidigare först sist slutligen äntligen vidare samtidigt precis kanske förhoppningsvis tydligen " +
    "egentligen faktiskt självklart givetvis naturligtvis vanligtvis oftast numera hittills efteråt innan " +
    "sammanfattningsvis totalt hemma ute inne igen bara endast nästan mycket lite mer mest många flera " +
    "också därmed dock ändå tyvärr lyckligtvis dessvärre tillsammans gärna kanske troligen möjligen " +
    "nytt nya ny viktigt kul roligt tråkigt svårt lätt möjligt klart sant fel rätt förra samma annan " +
    "olika hela halva lunch fritids frukost mellanmål " +
    "there this that it today tomorrow yesterday also however therefore then now unfortunately sadly " +
    "luckily please maybe perhaps finally first next last currently recently usually sometimes " +
    // Plural nouns opening a rule ("Schools must give …", "Parents can …"): nobody in particular.
    "schools teachers parents students pupils children families staff " +
    // Words of an English service's name ("under Student Health"), and a saint's name is a place
    // ("Sankt Eriks katolska domkyrka").
    "student health sankt sankta saint " +
    // A verb that is also a name's possessive ("Finns det …", not "Finn's").
    "finns " +
    // Quantities opening a statistics line ("Flest i åk 6 och 8"): no one in particular.
    "flest fler färre flertalet hälften majoriteten " +
    // School subjects heading a line ("Genetik åk 9 – ärftliga sjukdomar"), not a pupil in a class.
    "genetik fysik kemi biologi musik teknik slöjd idrott historia geografi religion samhällskunskap " +
    // Holidays in a school calendar ("Eid al-Fitr, Rosh Hashanah, Diwali, Christmas"), not people.
    "christmas easter diwali rosh hashanah yom jom kippur hanukkah chanukka chanukah pesach passover purim " +
    "nowruz newroz vesak holi lucia advent halloween thanksgiving midsommar valborg " +
    // Where an attachment is ("Attached is the calendar …", "Bifogat är schemat").
    "attached enclosed below above included bifogat bifogad bifogade nedan ovan"
  ).split(" "),
);

/**
 * Titles that greet, sign, quote or address a name without giving it a job ("Hej Anna", "Mvh
 * Anna", "Mrs Khan"): the name is not registered as staff for the rest of the mail (a parent can be
 * "Mrs Khan").
 */
const NO_JOB_TITLES: ReadonlySet<string> = new Set(
  (
    "hälsningar hälsning mvh vänligen hej hejsan hallå tack regards sincerely best thanks from dear hi hello " +
    "mrs mr ms miss sir skrev wrote kl kontakta"
  ).split(" "),
);

/** A capitalised word (Latin letters; checked to start with a capital below). Not /\p{Lu}\p{Ll}+/u: 3x slower. */
const CAPITALISED = /[A-ZÀ-ÖØ-ÞĀ-ɏ][a-zß-öø-ÿĀ-ɏ]+/g;
const PERSON_VERB =
  /^:?s? (?:har|hade|är|var|fick|får|blev|mår|ska|skulle|kommer|behöver|ligger|går|gick|kan|vill|slog|hotade|sa|berättade|has|had|is|was|got|gets|will|needs|did|does|can|went|told|said|hit|won't|can't|isn't|wasn't|doesn't|didn't|would|could|should|may|might|must|missed|felt|feels|seems|came|left|started|kom|började|slutade|verkar|känner|kände|mådde|missade|saknar|brukar|tar|tog|måste|borde|hamnade|blir|äter|åt|bor|bodde|gör|gjorde|säger|tycker|pratar|pratade|sitter|satt|spelar|läser|skriver|skrev|behövde|kan|får|fått|lämnade|glömde|vann|tappade|ramlade|skadade|föll|eats|lives|lived|says|plays|reads|writes|wrote|fell|hurt|won|lost|forgot|needed|wants|wanted|likes) /u;
const DEFINITE = /(?:en|an|et|na|rna|erna|arna)$/u;

/**
 * A noun in its definite form opening a sentence ("Bussen är", "Mötet har", "Flickan har"), not a
 * name. A word ending in "-an" is one only when it is a common word or its "-a" form is one
 * ("flickan", "klockan"): names end that way too ("Adnan har", "Dženan fick", "Kenan är"). The other
 * endings turn the word away as before (agent nouns such as "Föraren" are not in the common words).
 */
function definiteNoun(lower: string): boolean {
  if (!DEFINITE.test(lower)) return false;
  if (!lower.endsWith("an") || VERBAL_NOUN_AN.test(lower)) return true;
  return isCommonWord(lower) || isCommonWord(lower.slice(0, -1));
}

/** Nouns ending in "-an" that are no definite form, and compounds of them ("Ansökan kommer via …"). */
const VERBAL_NOUN_AN = /(?:anmälan|ansökan|inbjudan|början|önskan|väntan|tvekan|längtan|fruktan|förfrågan|begäran)$/u;

function isWordEdge(text: string, start: number, end: number): boolean {
  return !isWordAt(text, start - 1) && !isWordAt(text, end);
}

/** Applies a term's matching rules; returns the span to report, or null when it does not apply. */
function accept(text: string, start: number, end: number, m: TermMeaning): [number, number] | null {
  if (m.exactCase !== null && text.slice(start, end) !== m.exactCase) return null;
  if (m.capitalEnd && text.charCodeAt(end - 1) !== m.label.charCodeAt(m.label.length - 1)) return null;
  let s = start;
  let e = end;
  if (isWordAt(text, start - 1)) {
    if (!m.infix) return null;
    while (isWordAt(text, s - 1)) s--;
  }
  if (isWordAt(text, end)) {
    if (!m.prefix) return null;
    while (isWordAt(text, e)) e++;
  }
  return [s, e];
}

/**
 * Whether [from, end) may end in one of `words` (lower case), as a whole word, then blanks, and maybe
 * up to `more` further words of letters, each with its blanks: a cheap exact test before a pattern
 * anchored at the end as `(?:…|word)[ \t]+$` (or `(?:…|word)[ \t]+(?:\p{L}+[ \t]+){0,more}$`), each
 * of whose last words comes after a blank, a non-letter or the start. False when no blank ends the
 * range, or when the characters before the blanks are ASCII and spell none of the words in either case
 * (or only the end of a longer word). An ASCII letter in a pattern matches only itself in either case,
 * also with the `iu` flags, and of the other characters only "ſ" and "K" fold to ASCII letters ("s",
 * "k"), while an ASCII character never matches a non-ASCII one: so the answer is left to the pattern
 * (true) only where a non-ASCII character could match.
 */
function mayEndWith(text: string, from: number, end: number, ends: WordEnds, more = 0): boolean {
  let i = end - 1;
  for (let n = 0; ; n++) {
    if (i < from || !isBlank(text.charCodeAt(i))) return false;
    while (i >= from && isBlank(text.charCodeAt(i))) i--;
    if (i < from) return false;
    // Only the words ending in that ASCII character (in either case), or all of them after another.
    const c = text.charCodeAt(i);
    const words = c < 128 ? ends.byLast[isAsciiLetter(c) ? c | 0x20 : c] : ends.all;
    for (const word of words ?? []) if (mayEndIn(text, from, i, word, true)) return true;
    if (n === more) return false;
    // The word before the blanks, of letters.
    for (; i >= from; i--) {
      const c = text.charCodeAt(i);
      if (c >= 128) return true;
      if (!isAsciiLetter(c)) break;
    }
  }
}

/**
 * Whether the text ending at `last` (from `from` on) may end in `word` (lower case) as a pattern with
 * that word matches it, maybe case-insensitively (see mayEndWith); with `whole`, not as the end of a
 * longer word.
 */
function mayEndIn(text: string, from: number, last: number, word: string, whole: boolean): boolean {
  let j = last;
  for (let k = word.length - 1; k >= 0; k--, j--) {
    if (j < from) return false;
    const c = text.charCodeAt(j);
    const w = word.charCodeAt(k);
    if (c === w || (c < 128 && (c | 0x20) === w)) continue;
    // Only "ſ" and "K" fold to ASCII letters ("s", "k"); a non-ASCII letter may be the word's in another case.
    return c >= 128 && (w >= 128 || w === 0x73 || w === 0x6b);
  }
  if (!whole || j < from) return true;
  const c = text.charCodeAt(j);
  return c >= 128 || !isAsciiLetter(c);
}

/** Words (lower case) for mayEndWith: all of them, and by the code of their last character when it is ASCII. */
interface WordEnds {
  readonly all: readonly string[];
  readonly byLast: readonly (readonly string[])[];
}

/** The WordEnds of the space-separated `words`. */
function wordEnds(words: string): WordEnds {
  const all = words.split(" ");
  const byLast: string[][] = [];
  for (let code = 0; code < 128; code++) byLast.push(all.filter((w) => w.charCodeAt(w.length - 1) === code));
  return { all, byLast };
}

function isAsciiLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}

/** Whether [from, end) may end in one of `ends`, also as the end of a longer word: mayEndWith for `(?:…|word)$`. */
function mayEndInAny(text: string, from: number, end: number, ends: WordEnds): boolean {
  const c = text.charCodeAt(end - 1);
  const words = c < 128 ? ends.byLast[isAsciiLetter(c) ? c | 0x20 : c] : ends.all;
  for (const word of words ?? []) if (mayEndIn(text, from, end - 1, word, false)) return true;
  return false;
}

/**
 * The code of the character that starts the next word after the rest of the word at `end` and its
 * blanks, as a pattern starting `^[\p{L}-]*[ \t]+(?:word|…)` needs (the letters and hyphens must all
 * be taken, as a blank follows them): -1 when no blank follows the ASCII letters and hyphens there,
 * 128 when a non-ASCII character comes first (it may be a letter), NaN at the end of the text.
 */
function nextWordCode(text: string, end: number): number {
  let i = end;
  for (; ; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return 128;
    if (!isAsciiLetter(c) && c !== 45) break;
  }
  if (!isBlank(text.charCodeAt(i))) return -1;
  while (isBlank(text.charCodeAt(i))) i++;
  return text.charCodeAt(i);
}

/** Whether `pattern`, anchored at the end with `ends` as its last words, matches the `length` characters before `end`. */
function testBefore(text: string, end: number, length: number, pattern: RegExp, ends: WordEnds): boolean {
  const from = Math.max(0, end - length);
  return mayEndWith(text, from, end, ends) && pattern.test(text.slice(from, end));
}

// The words between may be a list ("materials on consent, contraception and LGBTQ+ identities").
// Also with an acronym or a bracket between ("about what ADHD is (and isn't), how diagnosis works").
const TOPIC_BEFORE = new RegExp(
  `(?:^|[^${L}])(?:([${L}]+)\\s+)?(?:om|about|on)\\s+((?:\\(?(?:[${LL}0-9]+(?:['’][${LL}]+)?|[${LU}]{2,5})\\)?,?\\s+){0,8})$`,
);
/** A group with the term ("barn med ångestsyndrom", "elever som tar medicin", "students with autism"). */
const GROUP_BEFORE =
  /(?:^|[^A-Za-zÀ-ÖØ-öø-ɏ])(?:barn|elever|ungdomar|unga|personer|flickor|pojkar|vuxna|familjer|children|students|pupils|people|young people|kids|families|girls|boys)[ \t]+(?:med|som[ \t]+(?:har|tar|lever[ \t]+med|behöver|är|får|drabbas[ \t]+av)|with|who[ \t]+(?:have|take|live[ \t]+with|need|are|get))[ \t]+(?:[a-zß-öø-ÿA-ZÅÄÖ-]+,?[ \t]+(?:(?:och|and|eller|or)[ \t]+)?){0,5}$/;
/** Whether `before` has the words GROUP_BEFORE needs (it is case-sensitive) before its list: "med", "som", "with", "who". */
function mayGroup(before: string): boolean {
  return before.includes("med") || before.includes("som") || before.includes("with") || before.includes("who");
}
const PERSONAL_WORDS = new Set(
  "att hens hans hennes din ditt dina er ert era min mitt mina vår vårt våra sin sitt sina his her their your my our".split(
    " ",
  ),
);
/**
 * A whole class or year as the object: "skolsköterskans vaccination av sexorna", "vaccinations for
 * year 6"; or a year right after the term, as in a heading ("Hälsosamtal åk 7: Göran har genomfört …").
 */
const GROUP_AFTER =
  /^[\p{L}-]*[ \t]+(?:(?:av|för|of|for)[ \t]+(?:alla[ \t]+|all[ \t]+|the[ \t]+|hela[ \t]+)?(?:klassen|klasserna|eleverna|the[ \t]+class|(?:ettor|tvåor|treor|fyror|femmor|sexor|sjuor|åttor|nior)na|(?:åk|årskurs|year|grade)[ \t]*\d)|(?:åk|årskurs)[ \t]*\d)/iu;

/** GROUP_AFTER after the term. */
function groupAfter(text: string, end: number): boolean {
  return mayGroupAfter(text, end) && GROUP_AFTER.test(text.slice(end, end + 32));
}

/** Whether GROUP_AFTER may match at `end`: its next word starts with "a", "f", "o" in either case, or "å". */
function mayGroupAfter(text: string, end: number): boolean {
  const next = nextWordCode(text, end);
  const lower = next | 0x20;
  return next >= 128 || lower === 0x61 || lower === 0x66 || lower === 0x6f;
}

/** The head of an English compound after the term: a school or event word. */
const TASK_AFTER =
  /^[ \t]+(?:lesson|lessons|course|project|week|day|training|policy|programme|program|workshop|workshops|talk|lecture|assembly|campaign|materials|module|curriculum|awareness|month|seminar|conference|charity|fundraiser|run|dog|dogs|fiction|novel|novels|podcast|podcasts|series|genre|drama|documentary)(?![\p{L}])/u;
/**
 * TASK_AFTER after the term: a blank right after it, then a word starting with one of TASK_AFTER's
 * first letters (the pattern is case-sensitive).
 */
function taskAfter(text: string, end: number): boolean {
  return mayTaskAfter(text, end) && TASK_AFTER.test(text.slice(end, end + 24));
}

/** Whether TASK_AFTER may match at `end` (see taskAfter). */
function mayTaskAfter(text: string, end: number): boolean {
  const next = isBlank(text.charCodeAt(end)) ? nextWordCode(text, end) : -1;
  return next >= 128 || TASK_FIRSTS.includes(String.fromCharCode(next));
}
/** The first letters of TASK_AFTER's words. */
const TASK_FIRSTS = "lcpwdtamsfrng";

/** A staff noun after a service word, then that member of staff's name: "learning support teacher, Ms. Novak". */
const STAFF_HEAD_AFTER =
  /^[\p{L}-]*[ \t]+(?:teacher|assistant|coordinator|co-ordinator|lead)[ \t]*,?[ \t]+(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+)?\p{Lu}\p{Ll}+/u;
/** Whether STAFF_HEAD_AFTER (case-sensitive) may match at `end`: its next word starts with "t", "a", "c" or "l". */
function mayStaffHeadAfter(text: string, end: number): boolean {
  const next = nextWordCode(text, end);
  return next >= 128 || next === 0x74 || next === 0x61 || next === 0x63 || next === 0x6c;
}
/** "Our", "the", "the school's" opening the sentence before it: not "he works with our …". */
const STAFF_OWNER_BEFORE = /(?:^|[.!?:\n][ \t]*)(?:our|the|the[ \t]+school['’]s)[ \t]+(?:\p{L}+[ \t]+)?$/iu;

/**
 * A role as someone's job or a colleague to help: "He has been our safeguarding lead", "Hon är
 * skolsköterska", "works as a counsellor", "börjar som elevassistent", "help the school nurse with";
 * also with the verb first after an adverbial ("Från januari jobbar Kerstin som psykolog").
 */
const JOB_BEFORE =
  /(?:^|[^\p{L}])(?:is|was|been|are|am|['’]m|är|var|varit|blir|blev|år[ \t]+som|years[ \t]+as|börjar[ \t]+som|började[ \t]+som|börjat[ \t]+som|starts[ \t]+as|started[ \t]+as|joins[ \t]+us[ \t]+as|help|helps|helping|assist|assists|assisting|hjälpa|hjälper|hjälpte|work[ \t]+as|works[ \t]+as|worked[ \t]+as|working[ \t]+as|har[ \t]+vi|we[ \t]+have|arbetar[ \t]+som|arbetade[ \t]+som|jobbar[ \t]+som|jobbade[ \t]+som|anställd[ \t]+som|(?:arbetar|arbetade|jobbar|jobbade|börjar|började)[ \t]+\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]+som|utbildad|trained[ \t]+as)[ \t]+(?:(?:our|the|a|an|vår|vårt|en|ett|skolans|the[ \t]+school's|new|ny|nya|legitimerad|qualified)[ \t]+){0,2}(?:(?:paediatric|pediatric|school|senior|registered|specialist|psychiatric|district)[ \t]+)?$/iu;

/** JOB_BEFORE's last words (see mayEndWith). */
const JOB_ENDS = wordEnds(
  "is was been are am 'm ’m är var varit blir blev som as help helps helping assist assists assisting hjälpa " +
    "hjälper hjälpte vi have utbildad our the a an vår vårt en ett skolans school's new ny nya legitimerad " +
    "qualified paediatric pediatric school senior registered specialist psychiatric district",
);

function isJob(text: string, start: number): boolean {
  return testBefore(text, start, 40, JOB_BEFORE, JOB_ENDS);
}

/** A staff role after "du som": the one reader in their job ("du som chef", "du som mentor"). */
const READER_ROLE_AFTER =
  /^[ \t]+(?:chef|förskolechef|enhetschef|rektor|mentor|klasslärare|klassföreståndare|arbetsledare|min[ \t]+chef|min[ \t]+mentor)(?![\p{L}])/u;

/** Conditions that are an indirect question after a verb of asking ("undrar om du kan", "asked if you could"). */
const ASKED_CUES: ReadonlySet<string> = new Set([
  "om du",
  "om ni",
  "om han",
  "om hon",
  "om hen",
  "if you",
  "if he",
  "if she",
  "if they",
]);
const ASKED_BEFORE =
  /(?:^|[^\p{L}])(?:undrar|undrade|undrat|frågar|frågade|frågat|vill[ \t]+veta|ville[ \t]+veta|hör[ \t]+efter|hörde[ \t]+efter|wonder|wonders|wondered|wondering|ask|asks|asked|asking)[ \t]+$/iu;

/** A service in the genitive owning a place: "elevhälsans väntrum", "BUP:s korridor". */
const PLACE_OWNED =
  /^(?:[:'’]s)?[ \t]+(?:\p{Ll}+[ \t]+)?(?:väntrum|väntrummet|rum|rummet|dörr|dörren|fönster|korridor|korridoren|lokaler|lokalerna|entré|entrén|hemsida|waiting room|office|corridor|door)(?![\p{L}])/u;

/** Someone there: "satt i elevhälsans väntrum", "waited outside the nurse's office" (a visit). */
const AT_PLACE = /(?:^|[^\p{L}])(?:i|på|utanför|vid|in|at|outside)[ \t]+(?:the[ \t]+)?$/iu;

/** A role or service in the genitive before a lowercase word: "kuratorns nya väntrum", "the nurse's office". */
const OWNER_AFTER = /^(?:[:'’]s)?[ \t]+\p{Ll}/u;

/**
 * A role or service owning a thing ("affischen till BUP:s väntrum", "skolsköterskans öppna hus",
 * "the nurse's office") is a place or a thing, not a visit: a visit is "hos kuratorn", "saw the nurse".
 */
function isOwner(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  const genitive =
    c === 58 || c === 39 || c === 8217
      ? text.charCodeAt(end + 1) === 115
      : text.charCodeAt(end - 1) === 115 && /(?:[nt]s)$/.test(text.slice(end - 2, end));
  return genitive && OWNER_AFTER.test(text.slice(end, end + 6));
}

/** Before a title that ends its line: the line start, or a name and a comma ("Lena Ek, skolsköterska", also as a list item). */
const TITLE_LINE_BEFORE =
  /(?:^|\n)[ \t>]*(?:(?:(?:\d{1,2}[.)]|[-•*–])[ \t]+)?\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+){0,2},[ \t]+(?:\p{Lu}\p{Ll}+[ \t]+)?)?$/u;

/**
 * A role that is a signature's title: alone on its line ("/Helena" / "Kurator") or after a name and
 * a comma up to the end of the line ("Liam Byrne, Designated Safeguarding Lead"). Not "Maja,
 * kuratorn vill träffa dig" (the line goes on).
 */
function isTitleLine(text: string, start: number, end: number): boolean {
  let e = end;
  while (e < text.length && isBlank(text.charCodeAt(e))) e++;
  if (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) return false;
  return TITLE_LINE_BEFORE.test(text.slice(Math.max(0, start - 50), start));
}

/** A name and a comma before a service that ends the line: "2. Sara Ali, BUP", "Karin Ek, habiliteringen". */
const AFFILIATION_LINE_BEFORE =
  /(?:^|\n)[ \t>]*(?:(?:\d{1,2}[.)]|[-•*–])[ \t]+)?\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+){0,2},[ \t]+$/u;

/**
 * A service after a name and a comma, ending the line, is where that person works in an agenda or
 * a programme (an event word before it in the paragraph): "Dagordning: … 2. Sara Ali, BUP". Not
 * "Sara Ali, BUP har …" (the line goes on), nor a list of pupils ("Elever med extern kontakt: - Leo
 * Berg, BUP").
 */
function isAffiliationLine(text: string, start: number, end: number): boolean {
  let e = end;
  while (e < text.length && (isBlank(text.charCodeAt(e)) || text.charCodeAt(e) === 46)) e++;
  if (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) return false;
  return AFFILIATION_LINE_BEFORE.test(text.slice(Math.max(0, start - 50), start));
}

/** A symptom's absence: "fever-free for a day", "feberfri i ett dygn". */
const SYMPTOM_FREE = /^-?(?:free|fri)(?![\p{L}])/iu;

/** Work somewhere or against something, right before the term (see isTopic). */
const WORK_BEFORE = new RegExp(
  `(?:^|[^${L}])(?:works?|working|worked|job|placement|experience|prao|praktik|praktiserar|apl|lia|arbetar|arbetade|jobbar|jobbade|sommarjobb|sommarjobbar|anställd|employed|volunteers?|volontär|[${LL}]*(?:läkare|sköterska|psykolog|kurator|sekreterare|behandlare)|nurse|doctor|paediatrician|pediatrician|psychologist|police[ \\t]+officer)[ \\t]+(?:(?:[${LL}]+[ \\t]+){0,3}?(?:at|på|vid|hos|mot|against|från|from)[ \\t]+)((?:[${LL}]+[ \\t]+){0,3})$|(?:^|[^${L}])(?:förebygga|förebygger|förebyggande|motverka|motverkar|prevent|preventing|prevention[ \\t]+of|tackle|tackling|against|(?:gör|göra|gjort|mer|arbetet|arbete|insatser|åtgärder|kampen|kampanj|kampanjen|skydd|plan|planen|planer|planerna|policy|policyn|strategi|strategin|measures|action|campaign|protection|more|strategy|[${LL}]*(?:grupp|gruppen|team|teamet|nätverk|nätverket|group))[ \\t]+(?:mot|against)|(?:dokumentation|dokumentationen|documentation|erfarenhet|erfarenheter|experience)[ \\t]+(?:av|kring|of|with|in)|(?:går|skickas|anmäls|sker|tas)[ \\t]+(?:som[ \\t]+vanligt[ \\t]+)?via|kommer[ \\t]+(?:närmast|senast|direkt)[ \\t]+från|trip[ \\t]+to|field[ \\t]+trip[ \\t]+to|excursion[ \\t]+to|studiebesök[ \\t]+(?:på|i|hos|till)|utflykt[ \\t]+till|exkursion[ \\t]+till)[ \\t]+(?:the[ \\t]+|a[ \\t]+|an[ \\t]+)?()$`,
  "i",
);
/** The last words of WORK_BEFORE's causes and visits (see mayEndWith). */
const WORK_ENDS = wordEnds(
  "förebygga förebygger förebyggande motverka motverkar prevent preventing of tackle tackling against mot av " +
    "kring with in via från to på i hos till the a an",
);
/** The words before WORK_BEFORE's workplace, which up to three words end (see mayEndWith). */
const WORK_PLACE_ENDS = wordEnds("at på vid hos mot against från from");

/**
 * "om", "on" or "about" before a character that may be white space (an ASCII one, or any non-ASCII
 * character): what TOPIC_BEFORE (case-sensitive) cannot match without.
 */
const TOPIC_WORD = /(?:o[mn]|about)[\t-\r \u0080-\uffff]/;

/**
 * Whether `before` has "om", "on" or "about" before a white-space character, as TOPIC_BEFORE needs.
 * A pattern, not a loop over the characters: `before` is a slice of a paragraph that is itself a
 * slice of the message, and each character read from such a string in a loop costs more than the
 * pattern's native scan (a third of isTopic()'s own instructions).
 */
function topicWordIn(before: string): boolean {
  return TOPIC_WORD.test(before);
}

/**
 * A class or a group on its way to a place ("Klass 8A åker till moskén", "the class is going to the
 * mosque"): a visit, not the pupils' faith. Not "vi" or a name: a family or a pupil going to their
 * mosque is.
 */
const CLASS_TRIP_BEFORE = new RegExp(
  `(?:^|[^${L}])(?:the[ \\t]+class|our[ \\t]+class|the[ \\t]+classes|the[ \\t]+group|klassen|klasserna|gruppen|grupperna|eleverna|the[ \\t]+(?:students|pupils)|(?:klass|class|year|åk|årskurs)[ \\t]+\\d{1,2}[${L}]?)[ \\t]+(?:(?:is|are|will|be|ska|kommer|att)[ \\t]+){0,3}(?:going|go|goes|åker|åka|går|gå|travels?|visits?|visiting|besöker|besöka)[ \\t]+(?:(?:to|till)[ \\t]+)?(?:the[ \\t]+|[${LU}][${LL}]+s[ \\t]+)?$`,
  "i",
);

/** CLASS_TRIP_BEFORE's last words (see mayEndWith), but for a name in the genitive ("Eriks"). */
const CLASS_TRIP_ENDS = wordEnds(
  "going go goes åker åka går gå travel travels visit visits visiting besöker besöka to till the",
);

/**
 * Whether [from, end) may end in a word ending in "s" and blanks, as CLASS_TRIP_BEFORE's name in the
 * genitive needs: false when the character before the blanks is ASCII and not "s" or "S" (see mayEndWith).
 */
function genitiveBefore(text: string, from: number, end: number): boolean {
  let i = end - 1;
  if (i < from || !isBlank(text.charCodeAt(i))) return false;
  while (i >= from && isBlank(text.charCodeAt(i))) i--;
  const c = text.charCodeAt(i);
  return i >= from && (c >= 128 || (c | 0x20) === 0x73);
}

/** Someone from a service, before it: "någon från BUP eller ungdomsmottagningen kan komma". */
const VISITOR_BEFORE = new RegExp(
  `(?:^|[^${L}])(?:någon|några|someone|somebody|besök|visit|visitors?)[ \\t]+(?:från|from)[ \\t]+(?:the[ \\t]+)?(?:[${L}]+[ \\t]+(?:eller|och|or|and)[ \\t]+)?$`,
  "i",
);

/**
 * A visitor from a service in a sentence that names or points at no one: where someone comes from,
 * not a visit ("Vi tänkte att någon från BUP kan komma"); "någon från BUP ringde om henne" stays one.
 */
function isVisitor(text: string, start: number, person: number): boolean {
  return (person & (SPECIFIC | ANAPHOR)) === 0 && VISITOR_BEFORE.test(text.slice(Math.max(0, start - 40), start));
}

/** A device opening a sentence (its subject), or right after the term: switched off, not suspended. */
const DEVICE_FIRST = /^[\s>•*\-–\d.)]*(?:\p{L}+[ \t]+)?(?:mobil|telefon|dator|surfplatt|ipad|skärm)/iu;
const DEVICE_AFTER = /^\p{L}*[ \t]+(?:mobil|telefon|dator|surfplatt|ipad|skärm)/iu;

/**
 * "Mobiler får tas med men ska vara avstängda", "en avstängd mobil": "avstängd" about a device. Only
 * when the device is the sentence's subject and no one stands between: "Eleven som filmade med
 * mobilen är avstängd" is not.
 */
function switchedOff(text: string, hit: CategoryHit, unitStart: number, unitEnd: number): boolean {
  if (!hit.meaning.label.startsWith("avstängd")) return false;
  if (DEVICE_AFTER.test(text.slice(hit.start, unitEnd))) return true;
  const device = DEVICE_FIRST.exec(text.slice(unitStart, hit.start));
  // Nobody else between the device and the term: "Mobilen var avstängd, men Leo i 8B är avstängd …".
  return device !== null && !SOMEONE.test(text.slice(unitStart + device[0].length, hit.start));
}

/** A capitalised word or a pronoun: someone else the term may be about. */
const SOMEONE = /\p{Lu}|(?:^|[^\p{L}])(?:han|hon|hen|he|she|they|eleven|barnet)(?![\p{L}])/u;

/** "en anmälan om kränkande behandling", "a report of bullying": a case, not a topic. */
const CASE_WORDS = new Set(
  (
    "anmälan anmälningar anmält anmäla oro misstanke beslut beslutat beslutade besluta information utredning " +
    "report concern complaint ansökt ansöker ansöka ansökan samtal samtalet möte mötet träff prata pratat pratade " +
    "pratar berätta berättat berättade informera informerat informerade orolig oroliga meeting talked spoke " +
    // Someone's own thoughts and worries: "he thinks about hurting himself", "hon tänker på att …".
    "tänker tänkte tänkt funderar think thinks thinking thought worried worries worry"
  ).split(" "),
);

/**
 * True when the term is the topic of "om"/"about" with only lowercase words between ("en bok om en
 * flicka med autism", "a project about asthma"). Possessives or a name in between ("om Majas
 * ångest", "om hens ångest") or "om att" keep it personal.
 */
function isTopic(text: string, start: number, end: number, stem: number, quotes: boolean): boolean {
  // A capitalised compound mid-sentence is a name of its own ("Barndiabetesloppet", "Cancerfonden"),
  // and a compound ending in a school word is a task or a subject ("religionsarbete", "NPF-utbildning").
  const word = wordAround(text, start, end);
  // An acronym opening a compound stays the word itself ("BUP-tid", "ADHD-medicin").
  if (
    word.length > stem + 3 &&
    (TASK_SUFFIX.test(word) || (/^\p{Lu}\p{Ll}/u.test(word) && !sentenceStartAt(text, start)))
  ) {
    return true;
  }
  if (quotes && insideQuotes(text, start)) return true;
  // A compound cut short before "och"/"and", sharing the next word's head: "Autism- och
  // Aspergerförbundet", "ADHD- och autismutbildningen". (Cheap test first: a hyphen ends the word.)
  let wordEnd = end;
  while (wordEnd < text.length && isWordAt(text, wordEnd)) wordEnd++;
  if (text.charCodeAt(wordEnd) === 45) {
    const shared = SHARED_HEAD_AFTER.exec(text.slice(end, end + 60));
    if (shared !== null && TASK_SUFFIX.test(shared[1] ?? "")) return true;
  }
  // An adjective made from the term ("det allergivänliga bordet", "an allergy-friendly menu"), part of
  // an institution's name ("Sjövik Hospital", "Katolska kyrkan", "Judiska församlingen"), a job
  // ("Susanne Dahl (förälder, sjuksköterska)", "Anna Weber, barnläkare på …"), a service's role or
  // where someone comes from ("socialtjänstens kontaktperson", "Från socialtjänsten kommer Malin"),
  // how something works ("hur insulinet fungerar").
  if (word.length > stem + 3 && FRIENDLY_END.test(word)) return true;
  if (institutionName(text, start, end)) return true;
  if (
    mayEndInAny(word, 0, word.length, PROFESSION_ENDS) &&
    PROFESSION_END.test(word) &&
    isProfession(text, start, end)
  ) {
    return true;
  }
  if (serviceRole(text, start, end) || howItWorks(text, start, end)) return true;
  // A cause ("anti-bullying", "antimobbning") or the first word of an English compound whose head is
  // a school or event word ("the religion unit", "a drugs awareness week").
  // Not a drug class, which is taken: "tar antidepressiva", "on antiepileptics".
  if ((ANTI.test(word) && !DRUG_CLASS.test(word)) || taskAfter(text, end)) return true;
  if (routineInfo(text, start, end)) return true;
  // The title of the member of staff named right after it: "Our learning support teacher, Ms. Novak,
  // has offered …" (not "he has a learning support assistant" or "he works with our learning
  // support teacher": that is his support).
  if (
    mayStaffHeadAfter(text, end) &&
    STAFF_HEAD_AFTER.test(text.slice(end, end + 36)) &&
    STAFF_OWNER_BEFORE.test(text.slice(Math.max(0, start - 24), start))
  ) {
    return true;
  }
  // The term being defined: "Skyddade personuppgifter innebär att …", "Self-harm means …".
  if (sentenceStartAt(text, start) && DEFINED_AFTER.test(text.slice(end, end + 80))) return true;
  // From the start of a compound written with a hyphen: "om typ 1-diabetes", "about NPF-diagnoses".
  let wordStart = start;
  while (wordStart > 0 && text.charCodeAt(wordStart - 1) === 45 && isWordAt(text, wordStart - 2)) {
    wordStart--;
    while (wordStart > 0 && isWordAt(text, wordStart - 1)) wordStart--;
  }
  const from = Math.max(0, wordStart - 60);
  const before = text.slice(from, wordStart);
  // A subject area or course being named: "för området Sjukdomar och hälsa", "temat psykisk hälsa".
  if (mayArea(text, from, wordStart) && AREA_BEFORE.test(before)) return true;
  // A course's or a training's content: "Vi går igenom anafylaxi, astmaanfall och …", "we will cover
  // asthma". Not with a name or a possessive between ("vi går igenom Elias astma", "hans astma").
  const content = mayContent(before) ? CONTENT_BEFORE.exec(before) : null;
  // Nor with a question word: "vi går igenom vilka extra anpassningar din son kan få" is his case.
  if (
    content !== null &&
    !(content[1] ?? "").split(/[\s,]+/).some((w) => PERSONAL_WORDS.has(w) || QUESTION_WORDS.has(w))
  ) {
    return true;
  }
  if ((mayGroup(before) && GROUP_BEFORE.test(before)) || groupAfter(text, end)) return true;
  // A workplace or a cause: "works at the eating disorder clinic", "gör prao på BUP", "elevrådet som
  // arbetar mot mobbning", "att förebygga mobbning". Not with a possessive between ("på sin ångest").
  if (mayClassTrip(text, from, wordStart) && CLASS_TRIP_BEFORE.test(before)) {
    return true;
  }
  const work = mayWork(text, from, wordStart) ? WORK_BEFORE.exec(before) : null;
  if (work !== null && !(work[1] ?? "").split(/\s+/).some((w) => PERSONAL_WORDS.has(w.toLowerCase()))) return true;
  const m = topicWordIn(before) ? TOPIC_BEFORE.exec(before) : null;
  if (m === null || (CASE_WORDS.has((m[1] ?? "").toLowerCase()) && !ownedByGroup(before, m))) return false;
  // "I am on sick leave after knee surgery", "she is on antidepressants": a person's state, not a topic.
  if (m[2] === "" && before.endsWith("on ") && PERSON_ON_BEFORE.test(before)) return false;
  // "kl 14.00 om åtgärdsprogrammet": a meeting about the case, not a topic ("Year 8 about Ramadan" is).
  if (
    m[1] === undefined &&
    /(?:\d[.:]\d\d|kl\.?[ \t]*\d{1,2})[ \t]+(?:om|about|on)[ \t]+$/.test(
      before.slice(0, before.length - (m[2] ?? "").length),
    )
  ) {
    return false;
  }
  // Nor a clause with its own subject between: "hon har bett om det sedan han blev inlagd på BUP".
  return !(m[2] ?? "").split(/[\s,]+/).some((w) => PERSONAL_WORDS.has(w) || CLAUSE_SUBJECTS.has(w));
}

/** A third person as a clause's subject: after "om"/"about" it starts a statement, not a topic. */
const CLAUSE_SUBJECTS = new Set(["han", "hon", "hen", "he", "she"]);

/** A person and "be" right before "on": "I am on", "she's on", "Maja is on" (not "the talk is on bullying"). */
const PERSON_ON_BEFORE =
  /(?:^|[^\p{L}])(?:i[ \t]+am|i['’]m|i[ \t]+was|(?:he|she|they|\p{Lu}\p{Ll}+)(?:[ \t]+(?:is|was|are|were)|['’]s|['’]re)|has[ \t]+been|have[ \t]+been)(?:[ \t]+(?:still|now|currently))?[ \t]+on[ \t]+$/iu;

/** The head of an English compound that is a routine's information: "the medication info". */
const INFO_AFTER =
  /^[ \t]+(?:info|information|routine|routines|procedure|procedures|guidelines|guidance)(?![\p{L}])(?![ \t]+(?:for|about|on)[ \t]+\p{Lu})/u;
/** "the", "our", "this" right before: the school's own routine, not "Leo's medication info". */
const ROUTINE_OWNER_BEFORE = /(?:^|[^\p{L}])(?:the|our|this|these|that)[ \t]+$/iu;

/**
 * "Can you send the medication info in English too?", "our allergy procedure": the school's routine
 * about the term, not anyone's case ("Leo's medication info", "the medication info for Leo" stay).
 */
function routineInfo(text: string, start: number, end: number): boolean {
  // Cheap test first: a blank and a lower-case "i", "r", "p" or "g" after the term.
  const next = text.charCodeAt(end + 1);
  if (!isBlank(text.charCodeAt(end)) || (next !== 0x69 && next !== 0x72 && next !== 0x70 && next !== 0x67)) {
    return false;
  }
  return (
    INFO_AFTER.test(text.slice(end, end + 40)) && ROUTINE_OWNER_BEFORE.test(text.slice(Math.max(0, start - 8), start))
  );
}

/**
 * Whether AREA_BEFORE may match [from, end): its word and blanks end there, or come right before a
 * quotation mark that ends it (see mayEndWith).
 */
function mayArea(text: string, from: number, end: number): boolean {
  const quote = text.charCodeAt(end - 1);
  const quoted = quote === 0x22 || quote === 0x27 || quote === 0x201c || quote === 0x201d || quote === 0x201e;
  return mayEndWith(text, from, quoted ? end - 1 : end, AREA_ENDS);
}

/** Whether CLASS_TRIP_BEFORE may match [from, end): one of its last words, or a name in the genitive. */
function mayClassTrip(text: string, from: number, end: number): boolean {
  return mayEndWith(text, from, end, CLASS_TRIP_ENDS) || genitiveBefore(text, from, end);
}

/** Whether WORK_BEFORE may match [from, end): a cause's or a visit's last word, or a workplace's word up to three words back. */
function mayWork(text: string, from: number, end: number): boolean {
  return mayEndWith(text, from, end, WORK_ENDS) || mayEndWith(text, from, end, WORK_PLACE_ENDS, 3);
}

/** A drug class named "anti-…" ("antidepressiva", "antiepileptika", "antidepressants"). */
const ANTI = /^anti-?/iu;
const DRUG_CLASS =
  /^anti-?(?:depressiv|epileptik|psykotik|biotik|histamin|depressant|psychotic|epileptic|biotic|histamine)\p{L}*$/iu;

/** A word naming a subject area, theme or course right before the term ("området Sjukdomar och hälsa"). */
const AREA_BEFORE =
  /(?:^|[^\p{L}])(?:området|arbetsområdet|ämnesområdet|temat|tema|momentet|avsnittet|kursen|kapitlet|the[ \t]+(?:topic|unit|module|theme|course))[ \t]+["“”„']?$/iu;
/** AREA_BEFORE's last words (see mayEndWith). */
const AREA_ENDS = wordEnds(
  "området arbetsområdet ämnesområdet temat tema momentet avsnittet kursen kapitlet topic unit module theme course",
);

/** "We" going through or practising a list of lowercase words before the term: a course's content. */
const QUESTION_WORDS = new Set(["vilka", "vilken", "vilket", "vad", "hur", "när", "which", "what", "how", "when"]);
const CONTENT_BEFORE =
  /(?:^|[^\p{L}])(?:[Vv]i|[Ww]e)[ \t]+(?:(?:går|ska[ \t]+gå|kommer[ \t]+att[ \t]+gå)[ \t]+igenom|övar[ \t]+på|(?:will|['’]ll)[ \t]+(?:go[ \t]+through|cover|practise|practice))[ \t]+((?:\p{Ll}[\p{Ll}-]*,?[ \t]+(?:(?:och|and|samt)[ \t]+)?){0,6})$/u;

/**
 * Whether `before` has the verb CONTENT_BEFORE needs (it is case-sensitive) before its list: "igenom",
 * "övar", "through", "cover", "practise" or "practice".
 */
function mayContent(before: string): boolean {
  return (
    before.includes("igenom") ||
    before.includes("övar") ||
    before.includes("through") ||
    before.includes("cover") ||
    before.includes("practi")
  );
}

const FRIENDLY_END = /(?:vänlig|vänliga|vänligt|friendly)$/iu;

/** The word before a case word: a network's, a course's or an association's ("NPF-nätverkets träff om"). */
const GROUP_OWNER_BEFORE = /([\p{L}-]+)[ \t]+$/u;

/**
 * A meeting or a talk that a network, a course or an association holds ("NPF-nätverkets träff om
 * autism", "föräldraföreningens möte om droger") is an event about the topic, not a meeting about
 * someone's case ("möte om åtgärdsprogrammet").
 */
function ownedByGroup(before: string, m: RegExpExecArray): boolean {
  const caseWord = m[1] ?? "";
  const at = m.index + m[0].indexOf(caseWord);
  const owner = GROUP_OWNER_BEFORE.exec(before.slice(Math.max(0, at - 30), at))?.[1] ?? "";
  return owner.endsWith("s") && TASK_SUFFIX.test(owner);
}

/** An institution's noun after a capitalised term: "Katolska kyrkan", "Judiska församlingen". */
const INSTITUTION_AFTER =
  /^\p{L}*[ \t]+(?:kyrkan|församlingen|samfundet|centret|föreningen|förbundet|Church|Community|Centre|Center|Society|Association|Hospital|Clinic)(?![\p{L}])/u;
const PLACE_OF_WORSHIP = /^(?:församling|kyrka|moské|synagog|tempel|templet|gurdwara)/u;
/** A capitalised word and one space before the term: "Sjövik Hospital", "Great Ormond Street Hospital". */
const CAPITAL_BEFORE = /(\p{Lu}\p{Ll}+) $/u;

/**
 * A capitalised term that is part of an institution's name: before an institution's noun ("Katolska
 * kyrkan"), or mid-sentence after another capitalised word that is not a first name ("Sjövik
 * Hospital"; not "Leo Astma" in a list).
 */
function institutionName(text: string, start: number, end: number): boolean {
  // A place of worship or a congregation after its name: "Judiska församlingen", "Sjöviks moské".
  if (PLACE_OF_WORSHIP.test(text.slice(start, end)) && capitalBefore(text, start)) return true;
  const first = text.charAt(start);
  if (
    first === first.toLowerCase() ||
    !isWordAt(text, start + 1) ||
    text.charAt(start + 1) !== text.charAt(start + 1).toLowerCase()
  ) {
    return false;
  }
  return INSTITUTION_AFTER.test(text.slice(end, end + 24)) || capitalBefore(text, start);
}

/** Whether CAPITAL_BEFORE may match before `start`: a space there and a lower-case letter before it (ASCII: a-z). */
function mayCapitalBefore(text: string, start: number): boolean {
  const last = text.charCodeAt(start - 2);
  return text.charCodeAt(start - 1) === 32 && !(last < 128 && (last < 0x61 || last > 0x7a));
}

/** A capitalised word that is not a first name (nor its genitive), mid-sentence, right before `start`. */
function capitalBefore(text: string, start: number): boolean {
  if (!mayCapitalBefore(text, start)) return false;
  const m = CAPITAL_BEFORE.exec(text.slice(Math.max(0, start - 24), start));
  if (m === null) return false;
  const lower = (m[1] ?? "").toLowerCase();
  return (
    !FIRST_NAME_SET.has(lower) &&
    !(lower.endsWith("s") && FIRST_NAME_SET.has(lower.slice(0, -1))) &&
    !sentenceStartAt(text, start - m[0].length)
  );
}

/**
 * A role word that names a job, as a title in front of or after a name: also in compounds and the
 * definite form ("Skolkurator", "diabetessjuksköterskan", "dietist", "specialpedagog").
 */
const JOB_WORD =
  /(?:läkare|läkaren|sköterska|sköterskan|psykolog|psykologen|kurator|kuratorn|terapeut|terapeuten|sekreterare|sekreteraren|behandlare|behandlaren|pedagog|pedagogen|dietist|dietisten|logoped|logopeden|nurse|counsellor|counselor|psychologist|therapist)$/iu;

/** Words that name a job ("barnläkare", "sjuksköterska", "nurse"). */
const PROFESSION_END =
  /(?:läkare|sköterska|psykolog|kurator|terapeut|sekreterare|behandlare|nurse|doctor|paediatrician|pediatrician|psychologist|therapist|counsellor|counselor)$/iu;
const PROFESSION_ENDS = wordEnds(
  "läkare sköterska psykolog kurator terapeut sekreterare behandlare nurse doctor paediatrician pediatrician " +
    "psychologist therapist counsellor counselor",
);
/** In brackets after a name, maybe after another job: "Susanne Dahl (förälder, sjuksköterska)". */
const BRACKET_JOB_BEFORE = /\p{Lu}\p{Ll}+[ \t]*\((?:[\p{Ll} ]+,[ \t]*)?$/u;
/** In apposition to a name: "Anna Weber, barnläkare på barndiabetesmottagningen". */
const APPOSITION_BEFORE = /\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)?,[ \t]+(?:\p{Ll}+[ \t]+)?$/u;
const WORKPLACE_AFTER = /^[\p{L}-]*[ \t]*(?:,|(?:på|vid|i|från|at|from|in)[ \t])/u;

/** A job word that is someone's job: in brackets after a name, in apposition with a workplace, after "är"/"works as". */
function isProfession(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  if (BRACKET_JOB_BEFORE.test(before) && /^[\p{L}-]*[ \t]*[,)]/u.test(text.slice(end, end + 12))) return true;
  return (APPOSITION_BEFORE.test(before) && WORKPLACE_AFTER.test(text.slice(end, end + 12))) || isJob(text, start);
}

/** A role a service gives someone: "socialtjänstens kontaktperson", "BUP:s representant". */
const ROLE_OWNED =
  /^(?:[:'’]s)?[ \t]+(?:kontaktperson|representant|samordnare|handläggare|företrädare|fältassistent|fältassistenter|fältassistenterna|fältsekreterare|socialsekreterare|socialsekreteraren|socialsekreterarna|contact[ \t]+person|representative|liaison)(?![\p{L}])/u;
/** "Från socialtjänsten kommer Malin Hedlund": where a visitor comes from, opening the sentence. */
const FROM_BEFORE = /(?:^|[.!?:]|\n)[ \t>]*(?:från|from)[ \t]+(?:the[ \t]+)?$/iu;
const COMES_AFTER = /^[\p{L}-]*[ \t]+(?:kommer|deltar|medverkar|närvarar|comes|come|joins)(?![\p{L}])/u;

function serviceRole(text: string, start: number, end: number): boolean {
  // Cheap tests first: a genitive or a blank after the term, "n"/"m" ending "från"/"from" before it.
  const next = text.charCodeAt(end);
  if (
    (text.charCodeAt(end - 1) === 115 || next === 58 || next === 39 || next === 8217) &&
    ROLE_OWNED.test(text.slice(end, end + 24))
  ) {
    return true;
  }
  const before = text.slice(Math.max(0, start - 12), start);
  return (
    (before.includes("rån") || before.includes("rom")) &&
    FROM_BEFORE.test(before) &&
    COMES_AFTER.test(text.slice(end, end + 20))
  );
}

/** "hur insulinet fungerar", "how the virus spreads": how something works, not what someone has. */
const HOW_BEFORE = /(?:^|[^\p{L}])(?:hur|how)[ \t]+((?:\p{Ll}+[ \t]+){0,3})$/u;
const WORKS_AFTER =
  /^[\p{L}-]*(?:[ \t]+\p{Ll}+){0,3}?[ \t]+(?:fungerar|funkar|fungerade|påverkar|påverkade|går[ \t]+till|uppstår|smittar|sprids|behandlas|works|affects|spreads|is[ \t]+treated)(?![\p{L}])/u;

function howItWorks(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  if (!before.includes("ur ") && !before.includes("ow ")) return false;
  const m = HOW_BEFORE.exec(before);
  return (
    m !== null &&
    !(m[1] ?? "").split(/\s+/).some((w) => PERSONAL_WORDS.has(w)) &&
    WORKS_AFTER.test(text.slice(end, end + 40))
  );
}

/** A definition's verb right after the term, maybe after a reference in brackets ("(gymnasieförordningen 4 kap. 6 §) innebär"). */
const DEFINED_AFTER =
  /^[\p{L}-]*[ \t]+(?:\([^()\n]{1,60}\)[ \t]+)?(?:innebär|betyder|means|is[ \t]+when|är[ \t]+när)(?![\p{L}])/u;

/** The whole word (with its compound parts) around [start, end). */
function wordAround(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s > 0 && (isWordAt(text, s - 1) || (text.charCodeAt(s - 1) === 45 && isWordAt(text, s - 2)))) s--;
  while (e < text.length && (isWordAt(text, e) || (text.charCodeAt(e) === 45 && isWordAt(text, e + 1)))) e++;
  return text.slice(s, e);
}

/** The rest of a compound cut short by a hyphen before "och"/"and": its head is the next word's. */
const SHARED_HEAD_AFTER = /^[\p{L}]*-[ \t]+(?:och|eller|samt|and|or)[ \t]+([\p{L}-]+)/u;

/** School and event words that end a compound made with a sensitive stem, also in the genitive ("NPF-nätverkets"). */
const TASK_SUFFIX =
  /(?:arbete|arbetet|uppgift|uppgiften|projekt|projektet|delen|avsnittet|momentet|kapitlet|blocket|lektion|lektionen|lektioner|undervisning|undervisningen|prov|provet|kunskap|kunskapen|utbildning|utbildningen|utbildningar|kurs|kursen|vecka|veckan|dagen|loppet|fonden|förbundet|föreningen|förening|materialet|material|boken|program|programmet|tema|temat|temadag|certifiering|certifieringen|certification|föreläsning|föreläsningen|seminarium|konferens|konferensen|nätverk|nätverket|-lagen|lagen|lagstiftning|reform|reformen|project|lesson|course|training|awareness|week|day|month|association|foundation|society|charity|trust|campaign|spel|spelet|mall|mallen|mallar|template|basket|basketen|innebandy|innebandyn|fotboll|fotbollen|sport|sporten)s?$/iu;

function sentenceStartAt(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i < 0 || /[.!?:\n\r•*>\-–"\t|(]/.test(text.charAt(i));
}

/** Quotation marks: " “ ” „ « » ' ‘ ’ (the apostrophes only between letters count as no quote). */
function isQuoteMark(code: number): boolean {
  return (
    code === 0x22 ||
    code === 0x201c ||
    code === 0x201d ||
    code === 0x201e ||
    code === 0xab ||
    code === 0xbb ||
    code === 0x27 ||
    code === 0x2018 ||
    code === 0x2019
  );
}

/** A sentence ending inside the quotation: a quoted letter or message, not a title. */
const SENTENCE_END = /[.!?][ \t]+\p{Lu}/u;
/** Double quotation marks (a cheap test before insideQuotes). */
const QUOTE_CHAR = /["“”„«»]/;
/** Every mark isQuoteMark() takes, apostrophes too: a paragraph without one has no word inside quotes. */
const ANY_QUOTE = /["“”„«»'‘’]/;

/** The characters insideQuotes() passes over without asking isQuoteMark(): no quotation mark, no line break. */
export const NO_QUOTE_FROM = 0x28;
export const NO_QUOTE_TO = 0xaa;

/**
 * True when an odd number of quotation marks precede `at` on its line: the term is in a title. Not
 * when a sentence ends between the opening mark and the term (a pasted message: "Mariam will be
 * absent on Monday. As Muslims we celebrate Eid.").
 */
function insideQuotes(text: string, at: number): boolean {
  let count = 0;
  let open = -1;
  for (let i = at - 1; i >= 0 && at - i < 200; i--) {
    const c = text.charCodeAt(i);
    // Neither a quotation mark nor a line break: letters, digits, most punctuation.
    if (c >= NO_QUOTE_FROM && c <= NO_QUOTE_TO) continue;
    if (c === 10) break;
    // An apostrophe inside a word ("children's") is no quote.
    if (isQuoteMark(c) && !((c === 0x27 || c === 0x2019) && isWordAt(text, i - 1) && isWordAt(text, i + 1))) {
      if (count === 0) open = i;
      count++;
    }
  }
  return count % 2 === 1 && !SENTENCE_END.test(text.slice(open + 1, at));
}

/** A line that opens by addressing someone, to its colon: "Till 4B:s mentor:", "To the class teacher:". */
const ADDRESSED_LINE = /(?:^|\n)[ \t>]*(?:till|to)[ \t]+(?:[^\n:.!?]|:s(?!\p{L})){1,40}:[ \t]*$/iu;
/** A name's surname and class, then its verb: the subject of a statement ("Alma Eriksson har …"). */
const SUBJECT_VERB_AFTER =
  /^(?:[ \t]+\p{Lu}[\p{Ll}-]+)?(?:[ \t]+(?:i|in)[ \t]+\d{1,2}[ \t]?\p{L}?)?[ \t]+(?:har|hade|är|var|fick|får|blev|ska|kommer|behöver|has|had|is|was|got|will|needs)(?![\p{L}])/u;

/**
 * Whether the title ending at `titleEnd` closes a line's address and the name after its colon, ending
 * at `nameEnd`, opens a statement ("Till 4B:s mentor: Alma Eriksson har nu fått diagnosen …"): the
 * line is about that pupil, not the mentor. Not "Till skolsköterskan: Karin, kan du …" (her name).
 */
function addressedBefore(text: string, titleEnd: number, nameEnd: number): boolean {
  const colon = text.indexOf(":", titleEnd);
  if (colon < 0 || colon - titleEnd > 2) return false;
  return (
    ADDRESSED_LINE.test(text.slice(Math.max(0, titleEnd - 50), colon + 1)) &&
    SUBJECT_VERB_AFTER.test(text.slice(nameEnd, nameEnd + 40))
  );
}

/** True when only spaces, commas or colons separate `from` and `to`. */
function adjacent(text: string, from: number, to: number): boolean {
  return to >= from && to - from <= 3 && /^[\s,:.)]*$/.test(text.slice(from, to));
}

/**
 * A word that ends like a place, an organisation or a thing, not a person ("Hovsjöskolan",
 * "Kompetensportalen", "Konferensrum Ekorren"), also in the genitive ("Regionens Kunskapscentrum").
 */
const NOT_A_NAME_ENDING =
  /(?:skolan|skola|gymnasiet|förskolan|portalen|kommun|kommunen|huset|gården|vägen|gatan|parken|hallen|salen|rummet|enheten|verket|kassan|centralen|torget|nämnden|förvaltningen|kontoret|banken|regionen|appen|systemet|planen|rapporten|möte|mötet|dagen|veckan|terminen|läsåret|gruppen|teamet|laget|klubben|ningen|heten|ationen|tjänsten|linjen|programmet|ing|tion|ment|ness|ship|ity|school|college|academy|council|centre|center|office|team|day|week|ast|igt|ligt|lig|iskt|isk|ande|ende|are|aste|centrum|centret|rum)s?$/u;

/** A name followed by a phone number or e-mail address is a contact person: "Kerstin Rehn, 0498-26 96 40". */
const CONTACT_AFTER =
  /^(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]*[,(:–-]?[ \t]*(?:(?:tel|telefon|tfn|mobil|phone|mob|e-post|mejl|mail|email)\.?:?[ \t]*)?(?:\+?\d[\d -]{6,}|<?[\w.+-]+@|(?:ext|ankn|anknytning)\.?[ \t]*\d)/u;
/**
 * A speaker or author credited at the end of a programme line: "… nya material, Leyla Kaya",
 * "Tidiga tecken på autism, Lena Sandberg, barnneurolog". Not a sentence about that person.
 */
function attribution(text: string, start: number, end: number): boolean {
  // A comma or a dash, then blanks, in the three characters before the name.
  const from = Math.max(0, start - 3);
  let i = start - 1;
  while (i >= from && isBlank(text.charCodeAt(i))) i--;
  if (i < from || (text.charCodeAt(i) !== 44 && text.charCodeAt(i) !== 0x2013)) return false;
  const lineEnd = text.indexOf("\n", end);
  const rest = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
  // A class after the name ("Vilgot Bergström (åk 8)") makes it a pupil, never a credit.
  if (rest.length > 60 || CLASS_AFTER.test(rest) || CLASS_AFTER.test(rest.replace(/^[ \t]+\S+/, ""))) return false;
  // Also inside brackets after an organisation: "(Skatteverket, Helena Wiklund)".
  return /^(?:[ \t]+[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ-]+)?[ \t]*(?:[,(][^.!?]{0,50})?[ \t]*\)?[ \t]*$/.test(rest);
}

/**
 * A name alone in brackets closing a list item after a dash or a colon: who presents the item
 * ("5. Hälsosamtal åk 8 – planering (Maria)"). Not "- Astma (Leo)".
 */
function bracketCredit(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start - 1) !== 40) return false;
  if (!/^(?:[ \t]+\p{Lu}\p{Ll}+)?\)[ \t.]*(?:\r?\n|$)/u.test(text.slice(end, end + 30))) return false;
  const lineStart = text.lastIndexOf("\n", start) + 1;
  return /^[ \t>]*(?:\d{1,2}[.)]|[-•*–])[ \t]+[^\n]*(?:[ \t][–-][ \t]|:[ \t])/u.test(text.slice(lineStart, start));
}

/** "(för närvarande Linda Åström)", "(currently …)": whoever holds a post now. */
const HOLDER_BEFORE =
  /\([ \t]*(?:(för[ \t]+närvarande|just[ \t]+nu|tills[ \t]+vidare|tillfälligt|currently|at[ \t]+present)[ \t:,]*)?$/iu;
/** A title, then lower-case words up to the bracket: "handläggaren på antagningsenheten (". */
const TITLE_TO_BRACKET = /^(?:[ \t]+\p{Ll}+){0,4}[ \t]*\($/u;

/**
 * A name alone in brackets after a title is who holds that job ("den utsedda handläggaren på
 * antagningsenheten (för närvarande Linda Åström)", "vår kurator (Amir Rahimi)"); so is a name after
 * "(för närvarande" or "(currently" anywhere. Not "- Astma (Leo)": no title before it.
 */
function bracketHolder(text: string, start: number, end: number, titles: TitleIndex): boolean {
  let open = start - 1;
  while (open >= start - 24 && open >= 0 && text.charCodeAt(open) !== 40) open--;
  if (open < start - 24 || open < 0) return false;
  const holder = HOLDER_BEFORE.exec(text.slice(Math.max(0, start - 24), start));
  if (holder === null || !/^(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]*\)/u.test(text.slice(end, end + 30))) return false;
  if (holder[1] !== undefined) return true;
  open = start - holder[0].length;
  return titles.endingIn(open - 50, open).some(([, t]) => TITLE_TO_BRACKET.test(text.slice(t, open + 1)));
}

/**
 * A visitor or colleague from an organisation: "Erik Wahlberg från lokalpolisen", "Dr Whitaker from
 * Mind"; a colleague at the school's office ("bokar grupprum via Ida på expeditionen").
 */
const AFFILIATION =
  /^(?:[ \t]+[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ-]+)?[ \t]+(?:från|from|på|at)[ \t]+(?!(?:klass|class|åk|årskurs|year|grade)?[ \t]*\d)(?:(?:the|a|an)[ \t]+(?:[a-zß-öø-ÿ-]+[ \t]+){0,3}(?:clinic|centre|center|hospital|unit|service|services|police|council|association|foundation|charity|university|organisation|organization|agency|authority|practice)\b|(?:[a-zß-öø-ÿ]+[ \t]+)?(?:[A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]*(?:polisen|kommun|kommunen|regionen|förvaltningen|enheten|mottagningen|kliniken|förbundet|fonden|skolan|elevhälsan)|elevhälsan|elevhälsoteamet)|polisen|kommunen|regionen|BUP|habiliteringen|socialtjänsten|Region|Polisen|Skolverket|Rädda|Mind|Bris|universitetet|högskolan|expeditionen|kansliet|receptionen|skolkontoret|administrationen|växeln)/u;

/** The school kitchen's staff: "Meddela specialkost till Anna i köket". */
const KITCHEN_AFTER =
  /^[ \t]+(?:i|in)[ \t]+(?:köket|storköket|skolköket|the[ \t]+(?:school[ \t]+)?kitchen)(?![\p{L}])/u;

/**
 * An affiliation or the kitchen after a name. Both patterns (case-sensitive) open with blanks, then
 * AFFILIATION's surname in capitals or its "från", "from", "på", "at", KITCHEN_AFTER's "i", "in".
 */
function placeAfter(text: string, end: number): boolean {
  let i = end;
  while (isBlank(text.charCodeAt(i))) i++;
  const c = i === end ? -1 : text.charCodeAt(i);
  return (
    ((isCapitalCode(c) || c === 102 || c === 112 || c === 97) && AFFILIATION.test(text.slice(end, end + 70))) ||
    (c === 105 && KITCHEN_AFTER.test(text.slice(end, end + 20)))
  );
}

/** What contactAfter() looks for first: a digit or an "@" (once per paragraph in findNamesIn). */
const DIGIT_OR_AT = /[0-9@]/;

/** Cheap test first: a digit or "@" soon after the name, then the pattern. */
function contactAfter(text: string, end: number): boolean {
  const limit = Math.min(text.length, end + 60);
  for (let i = end; i < limit; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 64) return CONTACT_AFTER.test(text.slice(end, limit));
    if (c === 10) return false;
  }
  return false;
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** The offset of the last character of [start, end) that is not white space (start - 1 when none). */
function lastNonBlank(text: string, start: number, end: number): number {
  let i = end - 1;
  while (i >= start && text.charCodeAt(i) <= 32) i--;
  return i;
}

function isSentenceEnd(code: number): boolean {
  return code === 46 || code === 33 || code === 63;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** A Latin capital letter: A–Z or À–Þ (not ×). */
function isCapitalCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 192 && code <= 222 && code !== 215);
}

/** True when [from, to) is not empty and holds only spaces and tabs. */
function blanksOnly(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/**
 * A role in brackets after a name: a guest or a member of staff ("Sara Lind (game developer)",
 * "Amir Haddad (barnläkare)"), a word ending like a job; not a reason ("Isak (knäskada)") or a class.
 */
const ROLE_AFTER =
  /^(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]*\([ \t]*(?:\p{Ll}+[ \t]+){0,2}\p{Ll}*(?:er|or|ist|ian|are|log|ör|ant|ent|chef)[ \t]*\)/u;

/** A role in brackets after a name, unless the bracket holds a sensitive word ("Isak (knäskada)"). */
function roleAfter(text: string, end: number, covered: Uint8Array): boolean {
  let bracket = end;
  const limit = Math.min(text.length, end + 20);
  while (bracket < limit && text.charCodeAt(bracket) !== 40) bracket++;
  if (bracket >= limit) return false;
  const m = ROLE_AFTER.exec(text.slice(end, end + 50));
  if (m === null) return false;
  const open = end + m[0].indexOf("(");
  for (let i = open + 1; i < end + m[0].length; i++) if (covered[i] === 1) return false;
  return true;
}

/** Staff after a name, maybe after an initial: "Eva, kurator", "Anna Berg (mentor)", "Ali S. (specialpedagog)". */
const TITLE_AFTER = /^(?:[ \t]+\p{Lu}\.)?[ \t]*(?:[,(–-]|(?:[,(–-][ \t]*)?(?:vår|vårt|er|ert|our|your)[ \t])[ \t]*$/u;

/**
 * The names in a paragraph that can be the subject of a sentence: known first names, and
 * capitalised words that are not at a sentence start, not known non-names and not places or
 * organisations; at a sentence start only a known first name, or a capitalised word before a person
 * verb ("Vilgot har ..."). A name right after a title or greeting, or right before a title, is staff.
 * @returns the start offsets of the names.
 */
function findNames(
  text: string,
  titleSpans: readonly [number, number][],
  taken: readonly [number, number][],
  unknownToo: boolean,
  staff: [number, string][],
): number[] {
  const names: number[] = [];
  // Offsets covered by lexicon words, titles and kin words: never names. One buffer for every
  // paragraph, cleared again below.
  if (coveredBuffer.length < text.length + 1)
    coveredBuffer = new Uint8Array(Math.max(text.length + 1, 2 * coveredBuffer.length));
  const covered = coveredBuffer;
  for (const [s, e] of taken) covered.fill(1, s, e);
  try {
    findNamesIn(text, titleSpans, unknownToo, covered, names, staff);
  } finally {
    for (const [s, e] of taken) covered.fill(0, s, e);
  }
  return names;
}

/** The word for an app, a system or a platform right before its name ("appen Tyra", "systemet Prorenata"). */
const PRODUCT_BEFORE =
  /(?:^|[^\p{L}])(?:appen|app|appar|systemet|system|plattformen|platform|programmet|verktyget|tool|tjänsten|portalen|portal)[ \t]+$/iu;

/** PRODUCT_BEFORE's words (see mayEndWith). */
const PRODUCT_ENDS = wordEnds(
  "appen app appar systemet system plattformen platform programmet verktyget tool tjänsten portalen portal",
);

/** Between two staff names in a list (after the first one's surname): a comma, "och", "and", "&", "samt". */
const STAFF_JOIN = /^(?:[ \t]+\p{Lu}[\p{Ll}-]+)?[ \t]*(?:,|(?:,[ \t]*)?(?:och|and|&|samt))[ \t]+$/u;
/** Between a staff name (and its surname) and the place they come from: " från ", " at ". */
const STAFF_FROM = /^(?:[ \t]+\p{Lu}[\p{Ll}-]+)?[ \t]+(?:från|from|hos|vid|at)[ \t]+$/u;
/** A plural title: "Kuratorerna", "specialpedagogerna", "skolsköterskorna", "lärarna". */
const PLURAL_TITLE = /(?:erna|arna|orna|rna)$/iu;
/** A team's members being listed: "Krisgruppen består av", "I elevhälsoteamet ingår", "The team consists of". */
const ROSTER =
  /(?:består[ \t]+av|bestod[ \t]+av|utgörs[ \t]+av|ingår|ingick|consists[ \t]+of|is[ \t]+made[ \t]+up[ \t]+of|members[ \t]+are)[ \t]/iu;

function isPluralTitle(text: string, start: number, end: number): boolean {
  let wordEnd = end;
  while (wordEnd < end + 8 && isWordAt(text, wordEnd)) wordEnd++;
  return PLURAL_TITLE.test(text.slice(start, wordEnd));
}

/** Whether the sentence before `at` lists a team's members (looked at in the 120 characters before). */
function rosterBefore(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 120), at);
  const m = /[.!?\n][^.!?\n]*$/u.exec(before);
  return ROSTER.test(m === null ? before : m[0]);
}

/** An English title goes on across "of", "and", "to", "for" ("Access to Information and Secrecy Act"). */
const TITLE_JOIN = /^[ \t]+(?:of|and|to|for|&)[ \t]+$/;

/** Farthest a title may end before the name it stands in apposition to (see appositionAfter). */
const APPOSITION_REACH = 36;
/** Below this many titles a paragraph's list is searched as it is. */
const TITLE_INDEX_MIN = 16;

/** A paragraph's titles by where they end and start, so each name asks only about those near it. */
interface TitleIndex {
  /** The titles ending in [from, to], in the order they were found. */
  endingIn(from: number, to: number): readonly [number, number][];
  /** The titles starting in [from, to], in the order they were found. */
  startingIn(from: number, to: number): readonly [number, number][];
}

/**
 * Indexes `spans` for the window lookups of findNamesIn. With few titles the whole list is the
 * answer (the checks test the distance themselves); with many (a long paragraph full of job words)
 * an index by end and one by start (sorted.ts), so that each name costs log n instead of n.
 */
function indexTitles(spans: readonly [number, number][]): TitleIndex {
  if (spans.length < TITLE_INDEX_MIN) return { endingIn: () => spans, startingIn: () => spans };
  const pick = (index: (from: number, to: number) => number[]) => (from: number, to: number) =>
    index(from, to).map((i): [number, number] => spans[i] ?? [0, 0]);
  const endingIn = pick(indexBy(spans, (span) => span[1]));
  const startingIn = pick(indexBy(spans, (span) => span[0]));
  return { endingIn, startingIn };
}

/** The words of `text` that start with a lower-case letter. */
function lowerCaseWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const m of text.matchAll(/(?<![\p{L}\d])\p{Ll}[\p{L}-]*/gu)) words.add(m[0]);
  return words;
}

/** One of lowerCaseWords()'s words, tried where it would start (sticky). */
const LOWER_CASE_WORD_AT = /(?<![\p{L}\d])\p{Ll}[\p{L}-]*/uy;
/** Longer paragraphs are asked through the list of all their words (see writesInLowerCase). */
const LOWER_CASE_SEARCH_MAX = 2000;

/**
 * Whether `word` (lower case) is one of lowerCaseWords(text), found by looking only where the text
 * holds it: the word starting there must be exactly `word`. Listing every word of the paragraph cost
 * more than the few capitalised words that ask. Right after a hyphen the place may be inside a longer
 * word that began before it ("skol-idrott" holds no word "idrott"), and there the list (`all`, built
 * once per paragraph) answers; so it does in a long paragraph, where each question would search it all.
 */
function writesInLowerCase(text: string, word: string, all: () => ReadonlySet<string>): boolean {
  if (text.length > LOWER_CASE_SEARCH_MAX) return all().has(word);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (text.charCodeAt(at - 1) === 45) return all().has(word);
    LOWER_CASE_WORD_AT.lastIndex = at;
    if (LOWER_CASE_WORD_AT.exec(text)?.[0].length === word.length) return true;
  }
  return false;
}

/** The shared buffer of {@link findNames} (all zero between calls). */
let coveredBuffer = new Uint8Array(4096);

function findNamesIn(
  text: string,
  titleSpans: readonly [number, number][],
  unknownToo: boolean,
  covered: Uint8Array,
  names: number[],
  jobs: [number, string][],
): void {
  const titles = indexTitles(titleSpans);
  CAPITALISED.lastIndex = 0;
  let previousExcludedEnd = -10;
  // Whether the last title before a staff name was plural ("Kuratorerna Leyla Haddad och …").
  let plural = false;
  let previousNameEnd = -10;
  // The last capitalised word that is no name: where it starts and where its title has got to.
  let rejectedStart = -10;
  let rejectedEnd = -10;
  // Names already seen as staff by what follows them ("Maria från BUP-konsultationen"): the same
  // name later in the paragraph is that colleague again ("Maria påminner om att …").
  let staff: Set<string> | undefined;
  // The paragraph's words written in lower case (built when an unknown name first asks).
  let lowerWords: Set<string> | undefined;
  // Whether the paragraph holds a bracket, and a digit or an "@": the checks after a name look for
  // one within a few characters of it (a role or a post's holder in brackets, a phone number or an
  // address), each name again; a paragraph without one answers for all its names at once.
  let brackets: boolean | undefined;
  let contacts: boolean | undefined;
  for (let m = CAPITALISED.exec(text); m !== null; m = CAPITALISED.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // Below U+0100 the pattern's first class holds capitals only; above it, ask the case mapping.
    const firstCode = text.charCodeAt(start);
    if (firstCode >= 0x100) {
      const first = text.charAt(start);
      if (first === first.toLowerCase()) continue;
    }
    if (isWordAt(text, start - 1) || isWordAt(text, end)) continue;
    // The second half of a double name ("Britt-Marie") belongs to the first.
    // So does the end of a range ("Mon–Thu").
    const dash = text.charCodeAt(start - 1);
    if ((dash === 45 || dash === 0x2013) && isWordAt(text, start - 2)) continue;
    if (covered[start] === 1 || covered[end - 1] === 1) continue;
    const lower = m[0].toLowerCase();
    if (NOT_NAMES.has(lower)) {
      rejectedStart = start;
      rejectedEnd = end;
      continue;
    }
    // A product's name after the word for it: "i appen Tyra", "i systemet Prorenata", "the app Tyra".
    if (testBefore(text, start, 14, PRODUCT_BEFORE, PRODUCT_ENDS)) {
      rejectedStart = start;
      rejectedEnd = end;
      continue;
    }
    // The name after a saint's title is a church, a school or a hospital ("Sankt Eriks domkyrka",
    // "Sankta Maria kyrka").
    if (start - rejectedEnd === 1 && /^(?:sankta?|saint)$/i.test(text.slice(rejectedStart, rejectedEnd))) {
      rejectedEnd = end;
      continue;
    }
    // A first name from the list (not in the keyword automaton: 3,000 names would double its size),
    // also in the possessive ("Liams mamma").
    const known = nameIn(FIRST_NAME_SET, lower);
    // A surname continues a name ("Liban Osman").
    const surname = start - previousNameEnd === 1 && isBlank(text.charCodeAt(previousNameEnd));
    // Without a category word or a class in the paragraph, only known first names are looked at (cheap):
    // such a paragraph matters only as the place where a pupil was named before.
    if (!unknownToo && !known && !surname) continue;
    // A title in capitals goes on after a word that is no name ("our Student Health Services").
    // Only when the title started mid-sentence: a capital at a sentence start says nothing
    // ("Regarding Mark Ivanov").
    if (
      !known &&
      ((start - rejectedEnd === 1 && isBlank(text.charCodeAt(rejectedEnd))) ||
        (start - rejectedEnd <= 6 && TITLE_JOIN.test(text.slice(rejectedEnd, start)))) &&
      !sentenceStartAt(text, rejectedStart)
    ) {
      rejectedEnd = end;
      continue;
    }
    // A word the paragraph also writes in lower case is a common noun opening a sentence ("Brev har
    // gått hem till alla … i sitt brev"), not a name (known first names are never asked); so is one
    // of the most frequent Swedish or English words ("Taxi är beställd", "Progress is assessed",
    // "Ungdomsmottagningen och Mind är tillfrågade").
    if (
      !known &&
      !surname &&
      (!unknownNameFits(text, start, end, lower, covered) ||
        isCommonWord(lower) ||
        writesInLowerCase(text, lower, () => (lowerWords ??= lowerCaseWords(text))))
    ) {
      rejectedStart = start;
      rejectedEnd = end;
      continue;
    }
    // A name right after a title or sign-off ("rektor Anna Berg", "Mvh Anna") is staff, not the subject.
    // The chain continues a name only across spaces ("Anna Berg"), not a comma: in "Hej Karin, Olle har"
    // Olle is the subject, not part of the greeting.
    const continuesName = start - previousExcludedEnd <= 3 && blanksOnly(text, previousExcludedEnd, start);
    const titleRight = titles
      .endingIn(start - 3, start)
      .find(
        ([, t]) =>
          adjacent(text, t, start) && !subjectAfterGreeting(text, t, start, end) && !addressedBefore(text, t, end),
      );
    if (titleRight !== undefined) plural = isPluralTitle(text, titleRight[0], titleRight[1]);
    const titleBefore =
      titleRight !== undefined ||
      titles.endingIn(start - APPOSITION_REACH, start).some(([, t]) => appositionAfter(text, t, start, end));
    // The next in a list of staff: "Kuratorerna Leyla Haddad och Joakim Brandt", "Krisgruppen
    // består av rektor, kurator Leyla, skolsköterska Samir och Jonas Ekberg".
    const listedStaff =
      !titleBefore &&
      start - previousExcludedEnd <= 30 &&
      STAFF_JOIN.test(text.slice(previousExcludedEnd, start)) &&
      (plural || rosterBefore(text, start));
    // Where a colleague comes from: "Psykolog Mariam Yousef från Röda Korset", "Dr Amir Haddad at Sahlgrenska".
    if (
      !titleBefore &&
      !listedStaff &&
      start - previousExcludedEnd <= 30 &&
      STAFF_FROM.test(text.slice(previousExcludedEnd, start))
    ) {
      rejectedStart = start;
      rejectedEnd = end;
      continue;
    }
    const afterOnly = !titleBefore && !continuesName && !listedStaff;
    // A job after the name ("Eva, kurator", "Mats Hultgren (rektor)"), not only a credit, a contact
    // or an affiliation: that one also makes the name staff in the whole mail (see `job` below).
    const jobRight =
      afterOnly &&
      (jobAfter(text, end, titles) || ((brackets ??= text.includes("(")) && bracketHolder(text, start, end, titles)));
    const titleAfter =
      jobRight ||
      (afterOnly &&
        (((contacts ??= DIGIT_OR_AT.test(text)) && contactAfter(text, end)) ||
          attribution(text, start, end) ||
          bracketCredit(text, start, end) ||
          ((brackets ??= text.includes("(")) && roleAfter(text, end, covered)) ||
          placeAfter(text, end)));
    const seenAsStaff = staff?.has(lower) === true;
    // A class after the name makes it a pupil, whatever stands before it ("Beslut från rektor: Molly
    // Nowak, 9A, får …").
    if ((titleBefore || continuesName || listedStaff || titleAfter || seenAsStaff) && !classAfterName(text, end)) {
      previousExcludedEnd = end;
      // Given a job by a title before or after it, not just greeted, signed, credited or reached at
      // a number ("Hej Anna", "Mvh Anna", "Urgent – Zara"): staff in the whole mail (see jobs).
      const job =
        listedStaff ||
        (titleBefore &&
          (titleRight === undefined || !NO_JOB_TITLES.has(text.slice(titleRight[0], titleRight[1]).toLowerCase()))) ||
        jobRight;
      if (titleAfter) {
        staff ??= new Set();
        staff.add(lower);
        // "Anna Berg, mentor": the first name was staff too.
        const first = surname ? names.pop() : undefined;
        if (first !== undefined) {
          const given = firstNameAt(text, first);
          staff.add(given);
          if (job) jobs.push([first, given]);
        }
      }
      if (job && !surname) jobs.push([start, lower]);
      continue;
    }
    if (!surname) names.push(start);
    previousNameEnd = end;
  }
}

/** A title right after a name: "Eva, kurator", "Mats Hultgren (rektor)", "Anna – vår mentor". */
function jobAfter(text: string, end: number, titles: TitleIndex): boolean {
  return titles.startingIn(end + 1, end + 8).some(([t]) => TITLE_AFTER.test(text.slice(end, t)));
}

/** A job's place or share between a title and a name in apposition: " på 50 %, ", " från socialtjänsten, ". */
const APPOSITION_GAP = /^[ \t]+(?:på|i|vid|från|at|in|from)[ \t]+[\p{Ll}\d %–-]{1,24},[ \t]+$/u;
/** The comma closing an apposition after the name (and its surname). */
const APPOSITION_CLOSE = /^(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]*,/u;

/**
 * A name set off by commas after a title and its place or share is who holds that job ("en
 * specialpedagog på 50 %, Marianne Kvist, som …", "en familjebehandlare från socialtjänsten, Malin
 * Grönlund, …").
 */
function appositionAfter(text: string, titleEnd: number, start: number, end: number): boolean {
  return (
    start > titleEnd &&
    start - titleEnd <= 36 &&
    text.charCodeAt(start - 2) === 44 &&
    APPOSITION_GAP.test(text.slice(titleEnd, start)) &&
    APPOSITION_CLOSE.test(text.slice(end, end + 24))
  );
}

/**
 * "Hej, Nadia kommer inte i dag": a greeting, a comma, then a name before a person verb (or in the
 * possessive) is the subject.
 */
function subjectAfterGreeting(text: string, titleEnd: number, start: number, end: number): boolean {
  // The title is adjacent (at most three characters before the name): look for the comma there.
  let comma = false;
  for (let i = titleEnd; i < start && !comma; i++) comma = text.charCodeAt(i) === 44;
  if (!comma) return false;
  const next = text.charCodeAt(end);
  // "Hi, Amira's father was arrested": nobody is greeted in the possessive.
  if ((next === 39 || next === 0x2019) && text.charCodeAt(end + 1) === 115) return true;
  return (next === 32 || next === 115 || next === 58) && PERSON_VERB.test(text.slice(end, end + 12));
}

/** A class after a name, or after its surname: "Molly Nowak, 9A", "Adrian i 8D". */
function classAfterName(text: string, end: number): boolean {
  const limit = Math.min(text.length, end + 40);
  let digit = false;
  for (let i = end; i < limit && !digit; i++) digit = text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  if (!digit) return false;
  const rest = text.slice(end, limit);
  return CLASS_AFTER.test(rest) || CLASS_AFTER.test(rest.replace(/^[ \t]+\p{Lu}\p{Ll}+/u, ""));
}

/**
 * A class right after a name: "i 7B", "(8A)", " 2A", ", 9C", "in 8B", "(åk 8)", "(Grade 3)", an English
 * year group ("(Y5)", "from Y10", "Yr 9"), and a
 * gymnasium class, a programme's letters with the year ("i NA3c", "EK22b", "(TE1A)").
 */
const CLASS_AFTER =
  /^[ \t]*(?:[(,][ \t]*)?(?:(?:i|in|från|from)[ \t]+)?(?:(?:[Kk]lass[ \t]+|[Cc]lass[ \t]+|[Åå]k\.?[ \t]*|[Åå]rskurs[ \t]+|[Yy]ear[ \t]+|[Gg]rade[ \t]+|Yr?\.?[ \t]?)\d{1,2}[ \t]?\p{Lu}?|\d{1,2}[ \t]?\p{Lu}|[A-ZÅÄÖ]{2,4}\d{1,2}\p{L}?)(?![\p{L}\d])/u;
/** Words before a name that make it a child: "min son Hugo", "eleven Ali", "dottern Selma". */
const CHILD_BEFORE =
  /(?:son|sonen|dotter|dottern|barnet|eleven|pojken|flickan|brother|sister|bror|brodern|syster|systern|kompis|klasskamrat|student|pupil|child|daughter|lillebror|lillasyster|storebror|storasyster|familjen|family)[ \t]+$/iu;
/** A support document and "för"/"for" right before a capitalised word: the pupil it is for. */
const PLAN_FOR_BEFORE =
  /(?:åtgärdsprogram(?:met)?|anpassningar(?:na)?|kartläggning(?:en)?|utredning(?:en)?|IEP|support[ \t]+plan|education[ \t]+plan)[ \t]+(?:för|for)[ \t]+$/iu;
const PLAN_FOR_ENDS = wordEnds("för for");
/** An article or possessive right before a capitalised word: a title or an organisation, not a person. */
const DETERMINER_BEFORE = /(?:^|[^\p{L}])(?:the|a|an|our|your|their|its|this|these)[ \t]+$/iu;
const DETERMINER_ENDS = wordEnds("the a an our your their its this these");
/** Longer capitalised words before a verb are compounds ("Skolavslutningar får"), not given names. */
const MAX_NAME_LENGTH = 10;
/**
 * The second word of an address or a place, not a surname: "Princes Street", "Gayfield Square",
 * "Abbey Road" (not words that are also surnames: Green, Hill, Park). English writes these as two capitalised words (Swedish as one: "Stationsgatan").
 */
const PLACE_WORDS: ReadonlySet<string> = new Set([
  "street",
  "st",
  "square",
  "road",
  "rd",
  "avenue",
  "gardens",
  "station",
  "bridge",
  "terrace",
  "crescent",
  "drive",
  "quay",
  "plaza",
  "boulevard",
  "mall",
  "market",
  "airport",
]);
/** A capitalised word after the candidate: a surname ("Liban Osman"). */
const SURNAME_AFTER = /^[ \t]+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?![\p{L}])/u;

/**
 * Whether an unknown capitalised word is a name: not a place or organisation ending, and a name's
 * company around it: a class ("Rojin i 7B"), a person verb ("Danylo har"), a child word before it
 * ("min son Guled"), or, away from a sentence start, a surname after it ("… med Liban Osman").
 */
function unknownNameFits(text: string, start: number, end: number, lower: string, covered: Uint8Array): boolean {
  if (end - start < 3 || NOT_A_NAME_ENDING.test(lower)) return false;
  // "the Public Access …", "our Student Health Services": a name does not take an article or possessive.
  if (testBefore(text, start, 8, DETERMINER_BEFORE, DETERMINER_ENDS)) return false;
  const after = text.slice(end, end + 24);
  // Each pattern is tried only when the one character it cannot do without is there: a digit after
  // the name (a class), a blank right before it (a child word), ":", "s" or a space right after it.
  // A class after it or after its surname ("Tom Hedlund (Year 2)").
  if (hasDigit(after) && classAfterName(text, end)) return true;
  if (
    start > 0 &&
    isBlank(text.charCodeAt(start - 1)) &&
    CHILD_BEFORE.test(text.slice(Math.max(0, start - 16), start))
  ) {
    return true;
  }
  // The pupil a support document is for: "förslag till åtgärdsprogram för Aatu", "an IEP for Tilde".
  if (testBefore(text, start, 40, PLAN_FOR_BEFORE, PLAN_FOR_ENDS)) return true;
  const next = text.charCodeAt(end);
  if (
    (next === 58 || next === 115 || next === 32) &&
    end - start <= MAX_NAME_LENGTH &&
    PERSON_VERB.test(text.slice(end, end + 12)) &&
    !definiteNoun(lower)
  ) {
    return true;
  }
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  const sentenceStart = i < 0 || /[.!?:\n\r•*>\-–"\t|(]/.test(text.charAt(i));
  // A full name: mid-sentence, or opening a list item or table cell ("- Freja Kjær, …", "| Iida Heikkinen |").
  // A single unknown capitalised word is as often a place, a system or a product ("i Vklass").
  const surname = SURNAME_AFTER.exec(after);
  if (surname === null) return false;
  const second = /\p{L}+/u.exec(after)?.[0].toLowerCase() ?? "";
  if (NOT_NAMES.has(second) || PLACE_WORDS.has(second)) return false;
  // "British Dyslexia Association": the second word is a sensitive term, or a compound holding one
  // ("Nationell Självskadeprojektets utbildare"), so the pair is no name.
  for (let k = end + surname[0].length - 1; k > end && isWordAt(text, k); k--) if (covered[k] === 1) return false;
  return !sentenceStart || /[\t|•*\-–]/.test(text.charAt(i)) || i < 0 || text.charAt(i) === "\n";
}

/** A class ("7B", "åk 8") or dotted initials somewhere in the text (cheap test before the patterns). */
const CLASS_OR_INITIALS =
  /\d[ \t]?[A-ZÅÄÖ](?![A-Za-zÅÄÖåäö\d])|[A-ZÅÄÖ]\.[ \t]?[A-ZÅÄÖ]\.|(?:åk|year|grade|klass|class|årskurs)[ \t.]*\d/i;

/**
 * Part of every match of CLASS_OR_INITIALS (same flags): its class branches hold a digit, its initials
 * a dot, maybe a blank, a letter and a dot. Both start with a character the regexp engine can look
 * for quickly, unlike CLASS_OR_INITIALS, whose initials branch is tried at every letter.
 */
const DIGIT_OR_INITIALS = /\d|\.[ \t]?[A-ZÅÄÖ]\./i;
const INITIALS = new RegExp(
  `(?<![${L}.\\d])(?:[${LU}]\\.[ \\t]?[${LU}]\\.(?![${L}])|[${LU}]\\.?(?:[ \\t]?[${LU}]\\.?)?(?=[ \\t]*(?:[(,][ \\t]*)?(?:(?:i|in)[ \\t]+)?(?:åk\\.?[ \\t]*)?\\d{1,2}[ \\t]?[${LU}](?![${L}\\d])))`,
  "g",
);
/**
 * A sticky pattern for the start of a unit, with the ASCII characters its text may open with after
 * the marks it skips (list bullets, quote marks, blanks). Eight such patterns ran at every unit's
 * start (about 94,000 calls a pass over the bench's 10 MB text); most units open with a letter none
 * of them can start with, which one table lookup now rules out. A non-ASCII character ("ä", "•", a
 * no-break space, the Kelvin sign that /iu reads as "k") always runs the pattern, so the result is
 * the pattern's own whatever the text. `first` must not hold a mark of `skip`: the pattern's own
 * marks then end where its next part starts.
 */
interface Opening {
  readonly re: RegExp;
  /** 1 for an ASCII character of the marks the pattern skips first. */
  readonly skip: Uint8Array;
  /** 1 for an ASCII character the rest of the pattern may start with (both cases of each letter). */
  readonly first: Uint8Array;
}

/** The ASCII part of `[ \t>•*\-–]*`, a list item's or a quote's marks. */
const LIST_MARKS = " \t>*-";
/** The ASCII part of `[\s>]*`, blanks and quote marks. */
const QUOTE_MARKS = " \t\n\v\f\r>";

/** An {@link Opening} for the sticky `re`, which skips `skip` and then opens with one of `first`. */
function opening(re: RegExp, skip: string, first: string): Opening {
  const table = (chars: string) => {
    const t = new Uint8Array(128);
    for (const c of chars + chars.toUpperCase()) t[c.charCodeAt(0)] = 1;
    return t;
  };
  return { re, skip: table(skip), first: table(first) };
}

/** False where the opening's pattern cannot match at `at`: its marks, then an ASCII character it cannot start with. */
function mayOpen(o: Opening, text: string, at: number): boolean {
  let i = at;
  let c = text.charCodeAt(i);
  while (c < 128 && o.skip[c] === 1) c = text.charCodeAt(++i);
  return !(c < 128 && o.first[c] === 0);
}

/** Whether the opening's pattern matches at `at` (as startsWith() would). */
function opens(o: Opening, text: string, at: number): boolean {
  return mayOpen(o, text, at) && startsWith(o.re, text, at);
}

const SUBJECT_PRONOUN = opening(
  /[ \t>•*\-–]*(?:han|hon|hen|he|she)[ \t]+(?:har|hade|är|var|fick|får|blev|mår|ska|behöver|berättade|sa|säger|has|had|is|was|got|will|needs|told|said|says|tells)(?![\p{L}])/iuy,
  LIST_MARKS,
  "hs",
);
/**
 * A condition with the verb first: "Är den misstänkta eleven …", "Har ett barn …", "Har ditt barn
 * behov av specialkost …, behöver ni …", "Should a pupil …"; or a member of staff in a condition:
 * "Om skolsköterskan ser något … kontaktar hon er" (a routine, whoever the pupil is).
 */
const CONDITION = opening(
  /[ \t>•*\-–]*(?:\d{1,2}[.)][ \t]*)?(?:(?:är|har|blir|finns|behöver|får|saknar|should|were)[ \t]+(?:den|det|en|ett|någon|något|man|eleven|barnet|ditt|ert|your|a|the|any)|(?:om|if)[ \t]+(?:the[ \t]+)?(?:skolsköterskan|kuratorn|skolläkaren|skolpsykologen|psykologen|specialpedagogen|mentorn|rektor|rektorn|läraren|school[ \t]+nurse|nurse|counsellor|teacher))[ \t]/iuy,
  LIST_MARKS,
  "0123456789hbfswoi",
);
/** The attendance line of minutes: "Närvarande:", "Deltagare:", "Present:". */
const ATTENDANCE = opening(
  /[ \t>•*\-–]*(?:närvarande|deltagare|deltog|frånvarande|anmält förhinder|present|attendees|attending|apologies)[ \t]*:/iuy,
  LIST_MARKS,
  "ndfap",
);
/** A share after a colon: "…: 21 %", "…: 7,5%". */
const SURVEY_SHARE = /:[ \t]*\d{1,3}(?:[,.]\d)?[ \t]?%$/u;
/** A word after the share that it measures: "needs access arrangements: 25% extra time" (not "21 % av eleverna"). */
const AMOUNT_AFTER = /^[ \t]*(?!av[^\p{L}]|of[^\p{L}]|of$|av$)\p{L}/u;
/** A request opening a sentence: "Meddela specialkost till mig", "Fyll i blanketten", "Please send …". */
const REQUEST = opening(
  /[ \t>•*\-–]*(?:meddela|anmäl|(?:fyll|skriv)(?:[ \t]+gärna)?[ \t]+i(?:n)?|(?:lämna|skicka)(?:[ \t]+gärna)?[ \t]+in|please[ \t]+(?:send|let[ \t]+me[ \t]+know|tell|fill[ \t]+in)|let[ \t]+me[ \t]+know)(?![\p{L}])/iuy,
  LIST_MARKS,
  "mafslp",
);
/**
 * Dashes after a grade letter make it a school's span of years ("Ängsskolan F–3", "F-6"): an en dash
 * there once made a school's name a failing grade ("skolan" ends in "an", as in "an F"; the words
 * before a grade are not held to word starts, which also finds "engelska F" in a grade list).
 */
const DASH_CLASS = "\\-\\u2010-\\u2015\\u2212";
/** A failing grade written as a letter: "F i engelska", "har han fortfarande F", "got an F". */
const GRADE_F = new RegExp(
  `(?<![${L}\\d-])F(?=[ \\t]+(?:i|in)[ \\t]+[${L}])|(?<=(?:har|hade|fick|får|blir|blev|ligger på|riskerar|betyget|betyg|ett|an|got|gets|get|a)(?:[ \\t]+[${LL}]+){0,2}[ \\t]+)F(?![${L}\\d${DASH_CLASS}])`,
  "g",
);
/** An indefinite article right before a word: "en elev", "ett barn", "a student", "an 8th grader". */
const INDEFINITE_BEFORE = /(?:^|[^\p{L}])(?:en|ett|a|an)[ \t]+$/iu;
const CLASS_PUPIL = new RegExp(
  `(?<![${L}])(?:elev(?:en)?|barnet|pojken|flickan|killen|tjejen|student(?:en)?|pupil|boy|girl)[ \\t]+(?:i|in|från|from|på)[ \\t]+(?:klass[ \\t]+|class[ \\t]+|åk\\.?[ \\t]*|årskurs[ \\t]+|year[ \\t]+|grade[ \\t]+)?\\d{1,2}[ \\t]?[${L}]?(?![${L}])`,
  "gi",
);

/** A line that is a mail header, or a quote header ("Den 3 dec. 2026 kl. 14:12 skrev …:"). */
const HEADER_LINE = opening(
  /[\s>]*(?:från|till|kopia|kopia till|skickat|datum|from|to|cc|bcc|sent|date|reply-to)[ \t]*:/iuy,
  QUOTE_MARKS,
  "ftksdcbr",
);
const FROM_LINE = opening(/[\s>]*(?:från|from)[ \t]*:/iuy, QUOTE_MARKS, "f");
const QUOTE_HEADER =
  /^[\s>]*(?:(?:den|on|am|le)[ \t]|\d{1,2}[ \t.].{0,40}\d{4}).{3,160}(?:skrev|wrote|schrieb|a écrit)[^\n]{0,160}:[ \t]*$/iu;
/**
 * The short quote header of some mail programs, without a date: "Ulf Söder <ulf@skolan.se> skrev:",
 * "Anna Berg wrote:" (a full name or an address, so "Mamma skrev:" before a quoted note stays prose).
 */
const SHORT_QUOTE_HEADER =
  /^[\s>]*\p{Lu}[\p{L}'’.-]*(?:(?:[ \t]+\p{Lu}[\p{L}'’.-]*){1,3}(?:[ \t]*<[^<>\s]+@[^<>\s]+>)?|[ \t]*<[^<>\s]+@[^<>\s]+>)[ \t]+(?:skrev|wrote|schrieb|a écrit)[ \t]*:[ \t]*$/u;
const BREAK_LINE = opening(
  /[\s>]*(?:-{2,}[ \t]*(?:ursprungligt meddelande|original message|vidarebefordrat meddelande|forwarded message|videresendt|välitetty)|_{8,}[ \t]*$|begin forwarded message|vidarebefordrat meddelande)/iuy,
  QUOTE_MARKS,
  "-_bv",
);
/** A sign-off's words (SIGN_OFF_WORDS), then the rest of a short line. */
const SIGN_OFF_WORDS =
  /^[\s>]*(?:(?:med )?(?:vänlig(?:a)?|bästa|varma|många) hälsningar|(?:med )?vänlig hälsning|hälsningar|hälsning|mvh|m\.v\.h\.?|vh|kram|(?:kind|best|warm|many) (?:regards|wishes|thanks)|regards|sincerely|yours sincerely|yours|cheers|tack på förhand|skickat från min \p{L}+|sent from my \p{L}+|\/{1,2}[ \t]*\p{Lu}[\p{L}-]*)/iu;
const SIGN_OFF = new RegExp(`${SIGN_OFF_WORDS.source}(?=[\\s,!.]|$)[^\\n]{0,60}$`, "iu");
/**
 * SIGN_OFF's marks and first letters, for mayOpen on the text at the unit's start. The pattern runs
 * on the unit alone: where the marks reach past it, the pattern fails there too.
 */
const SIGN_OFF_OPENING = opening(SIGN_OFF_WORDS, QUOTE_MARKS, "mvbhkwrsyct/");

const POSTSCRIPT = opening(/[\s>]*p\.?[ \t]?s\.?(?![\p{L}])/iuy, QUOTE_MARKS, "p");
/** A greeting on a quoted line of its own: "> Hej Karin,", "> Dear Mark,". */
const GREETING_LINE = /(?:hej|hejsan|hallå|hi|hello|dear)[ \t]+\p{Lu}[\p{L}-]*[ \t]*[,!]?[ \t]*(?:\n|$)/iuy;

/** Whether the unit at `start` is a greeting on a line quoted with ">" (the marks before or inside it). */
function quotedGreeting(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && (isBlank(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 62)) i--;
  if (i > 0 && text.charCodeAt(i - 1) !== 10) return false;
  let j = start;
  while (j < text.length && (isBlank(text.charCodeAt(j)) || text.charCodeAt(j) === 62)) j++;
  return text.slice(i, j).includes(">") && startsWith(GREETING_LINE, text, j);
}

/** True when the sticky `re` matches at `at` (no copy of the text). */
function startsWith(re: RegExp, text: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(text);
}

function unitKind(text: string, start: number, end: number): UnitKind {
  if (opens(BREAK_LINE, text, start)) return "break";
  // "Från:" / "From:" opens the header block of an older mail, also without a separator line.
  if (opens(FROM_LINE, text, start)) return "break";
  if (opens(HEADER_LINE, text, start)) return "header";
  if (end - start > 400) return "body";
  // A quote header ends with a colon: test that first (the pattern backtracks on lines with dates).
  const last = lastNonBlank(text, start, end);
  if (last >= start && text.charCodeAt(last) === 58) {
    const line = text.slice(start, end);
    if (QUOTE_HEADER.test(line) || SHORT_QUOTE_HEADER.test(line)) return "break";
  }
  if (end - start <= 90 && mayOpen(SIGN_OFF_OPENING, text, start) && SIGN_OFF.test(text.slice(start, end))) {
    return "signoff";
  }
  return "body";
}

/** Shortest line that a mail program's wrapping makes (it cuts at 72–76 characters, at a space). */
const WRAPPED_LINE = 50;
/**
 * Longest run of wrapped lines read as one sentence: past it a line break ends the unit again, so a
 * long text without punctuation (an attachment's table dump) does not become one unit that every
 * check then reads in full.
 */
const MAX_SENTENCE = 600;
/** How far into a line a label's colon stands ("Subject: …", "Ämne: …", "> Från: …"). */
const LABEL_WIDTH = 16;

/** A line opening with a short label and a colon (a subject or header line): never wrapped into the next. */
function labelLine(text: string, lineStart: number): boolean {
  // Only the line's first characters: a search to the colon could run through a whole attachment.
  const stop = Math.min(text.length, lineStart + LABEL_WIDTH + 1);
  for (let k = lineStart; k < stop; k++) {
    const c = text.charCodeAt(k);
    if (c === 58) return true;
    if (c === 10) return false;
  }
  return false;
}

/** The characters splitUnits() acts on: a line break, a full stop, "!" and "?". */
const UNIT_BREAK = /[\n.!?]/g;

/**
 * Splits a paragraph into units: lines (list items, table rows, headers) and sentences. A line that
 * a mail client wrapped (no end punctuation, and the next line goes on in lower case, or the line is
 * as long as a wrapped one) continues.
 */
function splitUnits(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  // Where the current line starts: a long line is what a mail program wraps.
  let lineStart = 0;
  const n = text.length;
  // Only line breaks and sentence ends start anything below: the pattern finds the next one (natively,
  // where a loop reading every character of a sliced paragraph paid tens of instructions for each).
  UNIT_BREAK.lastIndex = 0;
  while (UNIT_BREAK.test(text)) {
    const i = UNIT_BREAK.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 10) {
      let j = i + 1;
      while (j < n && (isBlank(text.charCodeAt(j)) || text.charCodeAt(j) === 62)) j++;
      let b = i;
      while (b > start && (isBlank(text.charCodeAt(b - 1)) || text.charCodeAt(b - 1) === 13)) b--;
      const last = b > 0 ? text.charCodeAt(b - 1) : -1;
      const next = j < n ? text.charCodeAt(j) : -1;
      const endsSentence = last === 46 || last === 33 || last === 63 || last === 58 || last === 59;
      const lowerNext = (next >= 97 && next <= 122) || (next >= 223 && next <= 255 && next !== 247);
      // A line wrapped by the mail program (plain text and quoted replies are cut at 72–76
      // characters): "> … Hon har\n> epilepsi och …", "… taken by Marcus\nHolt in Grade 10" are one
      // sentence each. The line does not end a sentence, and either the sentence is long and the next
      // line goes on in lower case, or the line itself is as long as a wrapped one and the next goes on
      // with a letter.
      const letterNext = lowerNext || isCapitalCode(next);
      const wrapped =
        !endsSentence &&
        b - start < MAX_SENTENCE &&
        ((b - start > 30 && lowerNext) || (b - lineStart >= WRAPPED_LINE && letterNext && !labelLine(text, lineStart)));
      lineStart = i + 1;
      if (!wrapped) {
        pushUnit(out, text, start, i);
        start = i + 1;
      }
    } else if (
      (c === 46 || c === 33 || c === 63) &&
      i + 1 < n &&
      isBlank(text.charCodeAt(i + 1)) &&
      !(c === 46 && listNumberBefore(text, start, i))
    ) {
      let j = i + 1;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
      const next = j < n ? text.charCodeAt(j) : -1;
      const upper = isCapitalCode(next);
      // A sign-off after the last sentence on the same line ("Ta med legitimation. /Karin") is one too.
      const slash = next === 47 && /\p{Lu}/u.test(text.charAt(j + 1));
      // A sentence opening with a number ("… i ryggsäcken. 2 puffar vid behov") after a word, not an
      // abbreviation ("kl. 14", "inkl. 25 %").
      const digit = next >= 48 && next <= 57 && c === 46 && longWordBefore(text, start, i);
      if (upper || slash || digit || next === 34 || next === 39 || next === 62 || next === 0x2013) {
        pushUnit(out, text, start, i + 1);
        start = i + 1;
      }
    }
  }
  pushUnit(out, text, start, n);
  return out;
}

/** True when at least 5 lower-case letters stand right before `dot` (a word, not "kl." or "inkl."). */
function longWordBefore(text: string, start: number, dot: number): boolean {
  let k = dot;
  while (k > start && dot - k < 5) {
    const c = text.charCodeAt(k - 1);
    if (!((c >= 97 && c <= 122) || (c >= 223 && c <= 255 && c !== 247))) return false;
    k--;
  }
  return dot - k === 5;
}

/** True when [start, dot) holds only a list number ("2. Läkemedel förvaras …" is one item, not two units). */
function listNumberBefore(text: string, start: number, dot: number): boolean {
  let i = start;
  while (i < dot && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 62 || text.charCodeAt(i) === 10)) i++;
  if (dot - i < 1 || dot - i > 2) return false;
  for (let k = i; k < dot; k++) if (text.charCodeAt(k) < 48 || text.charCodeAt(k) > 57) return false;
  return true;
}

/** Adds [start, end) as a unit unless it is only white space. */
function pushUnit(out: [number, number][], text: string, start: number, end: number): void {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) {
      out.push([start, end]);
      return;
    }
  }
}

/** A line holding only a name: one to three capitalised words. */
const BARE_NAME = /^[ \t>]*\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+){0,2}[ \t\r]*$/u;
/** Whether [start, end) opens with a list item's marker ("- ", "• ", "3. ", "12) "). */
function isItem(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 62)) i++;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 0x2022 || c === 42 || c === 0x2013) return isBlank(text.charCodeAt(i + 1));
  const digits = i;
  while (c >= 48 && c <= 57 && i - digits < 2) c = text.charCodeAt(++i);
  return i > digits && (c === 46 || c === 41) && isBlank(text.charCodeAt(i + 1));
}

/** Longer than any category word or phrase the lexicon finds (a compound included). */
const MAX_TERM = 100;

/** The index of the first of `hits` (sorted by start) that starts at or after `from`. */
function firstHitFrom(hits: readonly CategoryHit[], from: number): number {
  return countBefore(hits, (h) => h.start, from);
}

/** Whether one of `hits` (sorted by start) overlaps [start, end): a look near it, not over all of them. */
function overlapsHit(hits: readonly CategoryHit[], start: number, end: number): boolean {
  for (let i = firstHitFrom(hits, end) - 1; i >= 0; i--) {
    const h = hits[i];
    if (h === undefined || h.start < start - MAX_TERM) break;
    if (h.end > start) return true;
  }
  return false;
}

/**
 * An English reference right before a service word is its modifier, not a person: "the student
 * health record", "a pupil support plan". Services only ("the student self-harms" is about someone).
 */
function modifies(text: string, start: number, end: number, hit: CategoryHit): boolean {
  return (
    (hit.category === "care" || hit.category === "support") &&
    hit.start - end <= 2 &&
    blanksOnly(text, end, hit.start) &&
    /^(?:the|a|an)[ \t]/iu.test(text.slice(start, start + 4))
  );
}

/**
 * The term opens its unit (after a bullet or number) and a colon follows it, with more text after
 * the colon: a heading for what follows ("Specialkost: please send me a list …", "- Specialkost: vi
 * har meddelat vandrarhemmet"), so the writer or the "we" after it is not what the term is about.
 */
function isLabel(text: string, unitStart: number, unitEnd: number, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 58 || lastNonBlank(text, end + 1, unitEnd) <= end) return false;
  let i = unitStart;
  while (i < start && /[\s>•*\-–\d.)]/.test(text.charAt(i))) i++;
  return i === start;
}

/** A form field: a short label and a colon ("Diagnos: …", "Medicin: …"). */
const FIELD = /[\s>•*\-–]*\p{L}[\p{L} /-]{0,30}:/uy;
/** The ASCII part of FIELD's marks (`[\s>•*\-–]`). */
const FIELD_MARKS = opening(FIELD, QUOTE_MARKS + "*-", "").skip;

/**
 * An ASCII letter, then up to 30 ASCII letters, spaces, slashes, hyphens or non-ASCII characters,
 * then a colon: what isField() asks before FIELD when the label starts with an ASCII character (a
 * pattern, not a loop: each character read from a paragraph, a slice of the message, costs tens of
 * instructions).
 */
const LABEL_AHEAD = /[A-Za-z][A-Za-z /\-\u0080-\uffff]{0,30}:/y;

/**
 * Whether FIELD matches at `at` (its lastIndex then at the match's end). Most units open with a word
 * and no colon: after the marks, an ASCII character must be the label's first letter, and then the
 * colon must follow within 31 characters with only label characters before it (an ASCII one is a
 * letter, " ", "/" or "-"). Anything else non-ASCII is left to the pattern.
 */
function isField(text: string, at: number): boolean {
  let i = at;
  let c = text.charCodeAt(i);
  while (c < 128 && FIELD_MARKS[c] === 1) c = text.charCodeAt(++i);
  if (c < 128 && !startsWith(LABEL_AHEAD, text, i)) return false;
  return startsWith(FIELD, text, at);
}
/** A field's value that is a count alone: " 17", " 11 (fg år 9)", " ca 40 st". */
const COUNT_VALUE =
  /^[ \t]*(?:ca\.?[ \t]*|about[ \t]+|cirka[ \t]+)?\d[\d \t]*(?:st\.?|stycken)?[ \t]*(?:\([^)\n]{0,30}\))?[ \t]*$/u;
/** "… för Hugo", "… for Amara": the term is about the person named after it. */
const FOR_PERSON = /(?:för|for|hos|gällande|angående|regarding|åt)[ \t]+$/iu;

/**
 * The first unit that a broadcast cue opens ("Hej alla!", "Veckobrev v. 12", "Till alla
 * vårdnadshavare"); a cue further into a sentence is a mention ("vi såg i veckobrevet att").
 */
function broadcastUnit(spans: readonly [number, number][], cues: readonly number[]): number {
  for (const at of cues) {
    const u = unitAt(spans, at);
    const [s] = spans[u] ?? [0];
    if (u >= 0 && at - s <= 12) return u;
  }
  return -1;
}

const NO_WORDS: readonly string[] = [];
const WORD = /[a-zà-öø-ÿ]+/g;

/**
 * The distinct lower-case words of [start, end), in order of first use. Repeats are dropped in place:
 * a word is kept when its first index is its own (the kept words before it are the distinct ones
 * so far, so a repeat finds its first use among them); a Set only for a long sentence (n²).
 */
function wordsOf(text: string, start: number, end: number): readonly string[] {
  const words: string[] = text.slice(start, end).toLowerCase().match(WORD) ?? [];
  if (words.length > 40) return [...new Set(words)];
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? "";
    if (words.indexOf(w) === i) words[n++] = w;
  }
  words.length = n;
  return words;
}

/** Index of the unit holding offset `at` (units are sorted and disjoint); -1 if none. */
function unitAt(units: readonly [number, number][], at: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = units[mid] ?? [0, 0];
    if (at < s) hi = mid - 1;
    else if (at >= e) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** A capital F standing alone (cheap test before the grade patterns). */
const LONE_F = /(?:^|[^A-Za-z0-9À-ɏ-])F(?:$|[^A-Za-z0-9À-ɏ-])/;
const TABLE_F = /(?<=[\t|])[ \t]*F[ \t]*(?=[\t|\r\n]|$)/gu;

const GRADE_MEANING: TermMeaning = {
  role: "lexicon",
  label: "F",
  category: "results",
  prefix: false,
  infix: false,
  exactCase: "F",
  capitalEnd: false,
  weak: false,
  veryWeak: false,
  needsStrongLink: false,
  needsDiagnosis: false,
  fixedLevel: null,
};

/** What the keyword automaton's hits say about a paragraph, sorted by role (see collectTerms). */
interface TermFindings {
  readonly ctx: {
    se: ContextHit[];
    no: ContextHit[];
    dk: ContextHit[];
    fi: ContextHit[];
    negative: ContextHit[];
    company: ContextHit[];
  };
  readonly lexicon: CategoryHit[];
  readonly exclusions: [number, number][];
  readonly titleSpans: [number, number][];
  readonly taken: [number, number][];
  /** [offset, PERSON flag] */
  readonly marks: [number, number][];
  /** "the student", "en elev": [start, end, PERSON flag] */
  readonly references: [number, number, number][];
  /** [start, end, event] */
  readonly generics: [number, number, boolean][];
  /** Starts of generic cues about a group or a service. */
  readonly groups: number[];
  readonly broadcasts: number[];
  readonly intros: number[];
}

/**
 * Runs the keyword automaton over the paragraph and sorts its hits by role. (scanParagraph is cut
 * into functions of this size so that the JIT compiles each quickly: as one function it took the
 * optimising compiler about a second per attempt, and a paragraph scan ran unoptimised meanwhile.)
 */
function collectTerms(text: string, rules: CompiledRules): TermFindings {
  const hits = findTerms(rules.automaton, text, 0, text.length);
  const found: TermFindings = {
    ctx: { se: [], no: [], dk: [], fi: [], negative: [], company: [] },
    lexicon: [],
    exclusions: [],
    titleSpans: [],
    taken: [],
    marks: [],
    references: [],
    generics: [],
    groups: [],
    broadcasts: [],
    intros: [],
  };
  const { ctx, lexicon, exclusions, titleSpans, taken, marks, references, generics, groups, broadcasts, intros } =
    found;
  for (const hit of hits) {
    for (const m of rules.meanings[hit.id] ?? []) {
      const span = accept(text, hit.start, hit.end, m);
      // Words holding a lexicon stem are never names ("Christianity", "Islamic"); a whole-word term
      // inside another word is not a stem ("ill" in "Ville").
      if ((m.role === "lexicon" || m.role === "exclusion") && (m.prefix || span !== null)) {
        taken.push([hit.start, hit.end]);
      }
      if (span === null) continue;
      const [start, end] = span;
      // A context word's record is made in its own case only (made for every accepted meaning, most
      // of it was garbage at once).
      switch (m.role) {
        case "lexicon":
          if (m.category !== undefined && rules.categories.has(m.category)) {
            lexicon.push({ category: m.category, start, end, meaning: m, topic: false });
          }
          // A job word, also a compound ending in one, is a title for the name beside it
          // ("Skolkurator Sanna Ek", "astmasköterskan Åsa Karlberg", "Linnea Ros, dietist"): that
          // name holds the job.
          if (JOB_WORD.test(text.slice(start, end))) titleSpans.push(span);
          break;
        case "exclusion":
          exclusions.push(span);
          break;
        case "kw-se":
          ctx.se.push({ start, end, label: m.label });
          break;
        case "kw-no":
          ctx.no.push({ start, end, label: m.label });
          break;
        case "kw-dk":
          ctx.dk.push({ start, end, label: m.label });
          break;
        case "kw-fi":
          ctx.fi.push({ start, end, label: m.label });
          break;
        case "negative":
          ctx.negative.push({ start, end, label: m.label });
          break;
        case "company":
          ctx.company.push({ start, end, label: m.label });
          break;
        case "kin":
          marks.push([start, PERSON.kin]);
          taken.push(span);
          break;
        case "definite":
          references.push([start, end, PERSON.definite]);
          break;
        case "weak-link":
          if (isWordEdge(text, start, end)) marks.push([start, PERSON.pronoun]);
          break;
        case "generic":
        case "event":
          // "jag vill att du som chef vet att …": the reader in their job, not anyone who is one.
          if (m.label === "du som" && READER_ROLE_AFTER.test(text.slice(end, end + 24))) break;
          // "hon undrar om du kan …", "she asked if you could …": an indirect question, not a condition.
          if (ASKED_CUES.has(m.label) && ASKED_BEFORE.test(text.slice(Math.max(0, start - 24), start))) break;
          generics.push([start, end, m.role === "event"]);
          if (m.role === "generic" && !PERSONAL_GENERIC_CUES.has(m.label)) groups.push(start);
          break;
        case "self":
          // "10 min" is minutes, not "my".
          if (!/\d[ \t]*$/.test(text.slice(Math.max(0, start - 3), start))) marks.push([start, PERSON.self]);
          break;
        case "we":
          // "we have 6 vegetarian, 2 halal": a count of pupils, not a family about itself.
          if (!/^[ \t]+\d/.test(text.slice(end, end + 3))) marks.push([start, PERSON.we]);
          break;
        case "you":
          marks.push([start, PERSON.you]);
          break;
        case "indefinite":
          references.push([start, end, PERSON.indefinite]);
          break;
        case "intro":
          intros.push(start);
          break;
        case "broadcast":
          broadcasts.push(start);
          break;
        case "title":
          titleSpans.push(span);
          taken.push(span);
          break;
      }
    }
  }
  return found;
}

/** A failing grade written as a letter, and a grade table's cell holding only "F" (added to `lexicon`). */
function findGradeF(text: string, lexicon: CategoryHit[]): void {
  GRADE_F.lastIndex = 0;
  for (let m = GRADE_F.exec(text); m !== null; m = GRADE_F.exec(text)) {
    lexicon.push({ category: "results", start: m.index, end: m.index + 1, meaning: GRADE_MEANING, topic: false });
  }
  // A grade table: a cell holding only "F" ("| Erik Andreasson | F | E |", "Idun Blomqvist<TAB>HA25<TAB>F").
  TABLE_F.lastIndex = 0;
  for (let m = TABLE_F.exec(text); m !== null; m = TABLE_F.exec(text)) {
    const at = m.index + m[0].indexOf("F");
    lexicon.push({ category: "results", start: at, end: at + 1, meaning: GRADE_MEANING, topic: false });
  }
}

/**
 * "Ny"/"new" opening a line or sentence right before a role: staff news ("Ny specialpedagog på
 * Hemvägsskolan: …", "- Nya kuratorn heter …", "New SENCO from January"), not "Liv får ny specialpedagog".
 */
const NEW_ROLE_BEFORE = /(?:^|[\n•*>\-–][ \t]*|[.!?:][ \t]+)(?:ny|nya|nytt|new)[ \t]+$/iu;
/** Characters before a role that can hold "- Nya " (the slice the pattern above looks at). */
const NEW_ROLE_WINDOW = 10;

function announcedRole(text: string, start: number): boolean {
  // Cheap test first: the word before ends in "y", "a", "t" or "w" and a blank.
  const last = text.charCodeAt(start - 2) | 0x20;
  if (!isBlank(text.charCodeAt(start - 1)) || (last !== 0x79 && last !== 0x61 && last !== 0x74 && last !== 0x77)) {
    return false;
  }
  return NEW_ROLE_BEFORE.test(text.slice(Math.max(0, start - NEW_ROLE_WINDOW), start));
}

/** Whether a category word is a topic, a job, a place or a thing rather than something about someone. */
function isTopicHit(text: string, h: CategoryHit, firstEvent: number, quotes: boolean): boolean {
  return (
    isTopic(text, h.start, h.end, h.meaning.label.length, quotes) ||
    (h.meaning.needsStrongLink &&
      (isJob(text, h.start) ||
        rosterTitle(text, h.start, h.end) ||
        isOwner(text, h.end) ||
        isTitleLine(text, h.start, h.end) ||
        announcedRole(text, h.start) ||
        namedTitle(text, h.start, h.end))) ||
    (h.category === "care" &&
      PLACE_OWNED.test(text.slice(h.end, h.end + 24)) &&
      !AT_PLACE.test(text.slice(Math.max(0, h.start - 12), h.start))) ||
    (h.category === "care" && firstEvent < h.start && isAffiliationLine(text, h.start, h.end)) ||
    (h.meaning.weak && SYMPTOM_FREE.test(text.slice(h.end, h.end + 5))) ||
    testBefore(text, h.start, 20, BEING_BEFORE, BEING_ENDS) ||
    ((h.meaning.needsStrongLink ||
      (mayEndInAny(text, h.start, h.end, JOB_NOUN_ENDS) && JOB_NOUN_END.test(text.slice(h.start, h.end))) ||
      jobNounAfter(text, h.end)) &&
      testBefore(text, h.start, 40, OWN_JOB_BEFORE, OWN_JOB_ENDS)) ||
    staffTitle(text, h.start, h.end) ||
    signedAffiliation(text, h.start, h.end) ||
    (h.category === "special-category" && CULTURE_AFTER.test(text.slice(h.end, h.end + 30))) ||
    kindOfData(text, h.start) ||
    (ROW_START_BEFORE.test(lineBefore(text, h.start)) &&
      STATISTIC_ROW_AFTER.test(text.slice(h.end, lineEndAt(text, h.end)))) ||
    ((h.category === "care" || h.category === "social") && PHONE_AFTER.test(text.slice(h.end, h.end + 24)))
  );
}

/**
 * A statistics row: the term opening its line, maybe a note in brackets or a colon, then only figures
 * to the line's end (not a pupil's row: "Leo Berg   ADHD   12") ("Extra anpassningar   7,8   7,3   7,2", "Orosanmälningar: 11 (fg år 9)", "Kränkningar 29 %").
 */
const ROW_START_BEFORE = /^[ \t>|•*-]*(?:\d{1,2}[.)][ \t]*)?\p{L}*$/u;
const STATISTIC_ROW_AFTER =
  /^[\p{L}-]*(?:[ \t]*\([^()\n]{0,30}\))?[ \t]*[:|]?(?:[ \t|]+[<>≈~]?\d+(?:[ ,.]\d+)*[ \t]*%?)+(?:[ \t]*\([^()\n]{0,30}\))?[ \t|]*\r?$/u;

/**
 * An enumeration of kinds of data after the word for data: "Känsliga uppgifter (hälsa, diagnoser,
 * åtgärdsprogram, orosanmälan, skyddade personuppgifter, betyg F etc.)", "information such as health,
 * diagnoses or protected identity". The items are lowercase words or acronyms only: no name, no
 * "hans"/"her" ("uppgifter om Leo, t.ex. hans diagnos" stays his).
 */
const KINDS_OPENER =
  /(?:uppgifter|uppgift|personuppgifter|information|informationen|data|details)[ \t]*(?:\(|,?[ \t]*(?:(?:som[ \t]+)?t\.[ \t]?ex\.?|till[ \t]+exempel|såsom|such[ \t]+as|e\.g\.|like|:))/gu;
/** What may stand between the opener and the term: lowercase words and acronyms, commas, slashes. */
const KIND_ITEMS = /^[\p{L}\s,/.-]*$/u;
const OWNER_WORDS = /(?:^|[^\p{L}])(?:hans|hennes|hens|deras|sin|sitt|sina|his|her|their)(?![\p{L}])/u;

function kindOfData(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 160), start);
  // Cheap test first: a word for data in the slice.
  if (!/(?:uppgift|information|data|details)/u.test(before)) return false;
  let opened = -1;
  KINDS_OPENER.lastIndex = 0;
  for (let m = KINDS_OPENER.exec(before); m !== null; m = KINDS_OPENER.exec(before)) opened = m.index + m[0].length;
  if (opened < 0) return false;
  const items = before.slice(opened);
  // Lowercase words and acronyms only (no name, no sentence's end), and no owner.
  if (!KIND_ITEMS.test(items) || /\p{Lu}\p{Ll}/u.test(items) || /[.!?][ \t]/u.test(items) || OWNER_WORDS.test(items)) {
    return false;
  }
  // An enumeration: an item before the term, or one after it.
  return (
    /,|(?:^|[ \t])(?:och|eller|and|or)(?![\p{L}])/u.test(items) ||
    /^[\p{L}-]*[ \t]*,/u.test(text.slice(start, start + 40))
  );
}

/**
 * A people's or a faith's adjective before a thing of its culture, not a person: "samiska sånger",
 * "samisk språkvecka", "judiska högtider", "romsk musik".
 */
const CULTURE_AFTER =
  /^[\p{Ll}]*[ \t]+(?:språk\p{Ll}*|sång|sånger|sången|sångerna|musik|musiken|kultur\p{Ll}*|mat|maten|rätter|högtid\p{Ll}*|flagg\p{Ll}*|nationaldag\p{Ll}*|tradition\p{Ll}*|konst|konsten|litteratur\p{Ll}*|historia|historien|sagor|sagorna|dans|danser|hantverk\p{Ll}*|slöjd\p{Ll}*|jojk\p{Ll}*|film|filmer|böcker|bok|boken|ord|orden|namn)(?![\p{L}])/u;

/** A service's telephone number right after it: contact details ("Socialjouren 0530-170 99", "BUP: 08-123 45 67"). */
const PHONE_AFTER = /^[\p{L}-]*[ \t]*:?[ \t]*(?:\+46[ \t]?|0)\d{1,3}[ \t-]?\d{2,3}[ \t]?\d{2}/u;

/**
 * A signer's line: a name, a comma, then a few words of where they work, not a sentence ("Kristina
 * Bergman, BVC", "> Sonja, kvinnojouren Solbacken", "Jenny Ström, IFO & Eva Kronqvist, central
 * elevhälsa").
 */
const SIGNER_LINE =
  /^[ \t>]*\/?(?!(?:Hej|Hejsan|Hallå|Hi|Hello|Dear|Kära|Tack|Thanks|Hälsningar|Mvh)\b)\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}[\p{Ll}-]+)?,(?:[ \t]+[^\s,:;.!?]+){1,5}(?:[ \t]*(?:&|och|and)[ \t]+\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}[\p{Ll}-]+)?,(?:[ \t]+[^\s,:;.!?]+){1,5})?[ \t]*$/u;
/** A list item or a list's heading: the line is a pupil's entry, not a signature. */
const LIST_LINE = /^[ \t>]*(?:[-•*–]|\d{1,2}[.)])[ \t]|:[ \t]*$/u;

/**
 * A service in a signer's line that closes its message: the last line of the mail or of a quoted
 * message, after a blank line or a sentence, not one line of a list ("Elever med extern kontakt: - Leo
 * Berg, BUP"): where the writer works ("Kristina Bergman, BVC", "Jenny Ström, IFO & Eva Kronqvist,
 * central elevhälsa").
 */
function signedAffiliation(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = lineEndAt(text, end);
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
  if (!SIGNER_LINE.test(line) || LIST_LINE.test(line)) return false;
  // What follows: nothing, a blank line, a rule ("____", "--") or the end of the quoted message.
  const next = lineEnd >= text.length ? "" : text.slice(lineEnd + 1, lineEndAt(text, lineEnd + 1));
  const closes =
    /^[ \t>]*\r?$/.test(next) ||
    /^[ \t>]*(?:_{3,}|-{2,}[ \t]*\r?$)/.test(next) ||
    (/^[ \t]*>/.test(line) && !/^[ \t]*>/.test(next));
  if (!closes) return false;
  // What precedes: a line that is neither a list's item or heading nor another signer's line.
  const prev =
    lineStart === 0 ? "" : text.slice(text.lastIndexOf("\n", lineStart - 2) + 1, lineStart - 1).replace(/\r$/, "");
  return !LIST_LINE.test(prev) && !SIGNER_LINE.test(prev);
}

/** Where the line holding `at` ends (its newline, or the text's end). */
function lineEndAt(text: string, at: number): number {
  const nl = text.indexOf("\n", at);
  return nl < 0 ? text.length : nl;
}

/** A visit's verb or preposition right before a role: "går till skolsköterskan Eva Ek", "met with". */
const ROLE_VISIT_BEFORE =
  /(?:^|[^\p{L}])(?:till|hos|med|träffar|träffade|träffat|träffa|besöker|besökte|to|with|see|saw|sees|seen|seeing|visit|visited|visits|met)[ \t]+(?:the[ \t]+|a[ \t]+|en[ \t]+|sin[ \t]+|his[ \t]+|her[ \t]+)?(?:school[ \t]+)?$/iu;
/** A full name right after a role: "skolsköterskan Karin Falk", "kurator Samira Jaber". */
const FULL_NAME_AFTER = /^[ \t]+\p{Lu}\p{Ll}+[ \t]+\p{Lu}[\p{Ll}-]+(?![\p{L}])/u;
/** A role in brackets right after a name, first in the bracket: "Ali S. (specialpedagog)", "Hanan Sayed (studiehandledare arabiska)". */
const BRACKET_ROLE_BEFORE = /\p{Lu}[\p{Ll}.]*[ \t]*\([ \t]*$/u;
/** A full name and a comma before a role that ends the sentence: "contact Tove Malmberg, school counsellor." */
const NAME_COMMA_BEFORE = /\p{Lu}\p{Ll}+[ \t]+\p{Lu}[\p{Ll}-]+,[ \t]+(?:\p{Ll}+[ \t]+)?$/u;

/**
 * A role that is the title of the person named beside it: before a full name ("skolsköterskan Karin
 * Falk finns på plats"), first in a bracket after a name ("Ali S. (specialpedagog)") or after a full
 * name and a comma up to the sentence's end ("contact Tove Malmberg, school counsellor."). Not after
 * a visit's verb ("går till skolpsykologen Annika Berg"), and only a job, not a pupil's support
 * ("Melvin (elevassistent hela dagen)").
 */
function namedTitle(text: string, start: number, end: number): boolean {
  const word = wordAround(text, start, end);
  if (!JOB_WORD.test(word) && !/studiehandledare$/iu.test(word)) return false;
  if (FULL_NAME_AFTER.test(text.slice(end, end + 50))) {
    return !ROLE_VISIT_BEFORE.test(text.slice(Math.max(0, start - 30), start));
  }
  const before = text.slice(Math.max(0, start - 40), start);
  if (BRACKET_ROLE_BEFORE.test(before))
    return /^[\p{L}-]*(?:[ \t]+\p{Ll}+){0,2}[ \t]*\)/u.test(text.slice(end, end + 40));
  return NAME_COMMA_BEFORE.test(before) && /^[\p{L}-]*[ \t]*[.!]?[ \t]*(?:\r?\n|$)/u.test(text.slice(end, end + 20));
}

/** A line opening with a title and a name, then a dash, comma or bracket: a roster's line. */
const ROSTER_NAME_AFTER = /^[ \t]+\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}[\p{Ll}-]+)?[ \t]*[–,(:-]/u;

/**
 * A role opening its line before the name of who has it, as in a staff list ("Skolläkare Erik Sundin
 * – varannan onsdag, tid bokas via Anna", "Kurator Samira Jaber, tis–fre"): that person's title, not a
 * visit. Not "Kurator Anna träffade Leo idag" (a sentence goes on after the name).
 */
function rosterTitle(text: string, start: number, end: number): boolean {
  if (!isCapitalCode(text.charCodeAt(start))) return false;
  let lineStart = start;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  return /^[ \t>•*-]*$/u.test(text.slice(lineStart, start)) && ROSTER_NAME_AFTER.test(text.slice(end, end + 50));
}

/** Being something in general: "kommentarer om att vara bisexuell", "jokes about being gay". */
const BEING_BEFORE = /(?:^|[^\p{L}])(?:om[ \t]+att[ \t]+vara|about[ \t]+being)[ \t]+$/iu;
const BEING_ENDS = wordEnds("vara being");
/** A job's noun after a word that names its field: "diabetes nurse", "social worker", "BUP-sköterska". */
const JOB_NOUN_AFTER =
  /^[\p{L}-]*[ \t]+(?:nurse|worker|teacher|doctor|specialist|consultant|coordinator|counsellor|counselor|therapist|officer)(?![\p{L}])/iu;
/** A word that is itself a job: "social worker", "socialsekreterare". */
const JOB_NOUN_END =
  /(?:nurse|worker|teacher|doctor|specialist|consultant|coordinator|counsellor|counselor|therapist|officer|sekreterare|kurator|sköterska|psykolog|läkare|pedagog|assistent)$/iu;
const JOB_NOUN_ENDS = wordEnds(
  "nurse worker teacher doctor specialist consultant coordinator counsellor counselor therapist officer " +
    "sekreterare kurator sköterska psykolog läkare pedagog assistent",
);

/** JOB_NOUN_AFTER after the term; its next word starts with "n", "w", "t", "d", "s", "c" or "o" in either case. */
function jobNounAfter(text: string, end: number): boolean {
  return mayJobNounAfter(text, end) && JOB_NOUN_AFTER.test(text.slice(end, end + 24));
}

/** Whether JOB_NOUN_AFTER may match at `end` (see jobNounAfter). */
function mayJobNounAfter(text: string, end: number): boolean {
  const next = nextWordCode(text, end);
  return next >= 128 || JOB_NOUN_FIRSTS.includes(String.fromCharCode(next | 0x20));
}
const JOB_NOUN_FIRSTS = "nwtdsco";
/** The writer's own job: "I am a social worker in …", "I'm a diabetes nurse myself", "jag jobbar som kurator". */
const OWN_JOB_BEFORE =
  /(?:^|[^\p{L}])(?:I[ \t]+am|I['’]m|I[ \t]+work[ \t]+as|jag[ \t]+jobbar[ \t]+som|jag[ \t]+arbetar[ \t]+som|jag[ \t]+är[ \t]+utbildad|[Jj]ag[ \t]+är[ \t]+(?:själv|också|även))[ \t]+(?:a[ \t]+|an[ \t]+|en[ \t]+)?$/u;
const OWN_JOB_ENDS = wordEnds("am i'm i’m as som utbildad själv också även a an en");

/** A job's head word ending a title, to the end of its line: "… Special Needs Coordinator". */
const JOB_HEAD_TO_EOL =
  /^(?:[ \t]+\p{Lu}[\p{L}-]*){0,2}[ \t]+(?:Coordinator|Co-ordinator|Teacher|Lead|Assistant|Officer|Manager|Specialist|Samordnare|Lärare|Pedagog|Ansvarig|Assistent|Handledare|Team|Teamet)[ \t]*(?:\r?\n|$)/u;

/**
 * A member of staff's title in title case after their name, to the end of the line: "Fiona Walsh,
 * Special Needs Coordinator", "Omar Said, Elevhälsa Samordnare". Not "Leo Berg, Learning Support" (a
 * pupil's support in a list: no job word ends it), nor the word in lower case in a sentence.
 */
function staffTitle(text: string, start: number, end: number): boolean {
  if (!isCapitalCode(text.charCodeAt(start))) return false;
  return (
    JOB_HEAD_TO_EOL.test(text.slice(end, end + 60)) &&
    TITLE_LINE_BEFORE.test(text.slice(Math.max(0, start - 50), start))
  );
}

/**
 * The union's people or organisations as a party, in the plural: "de fackliga ombuden", "fackliga
 * företrädare" (not "en facklig företrädare", who may come with a member).
 */
const UNION_PARTY_AFTER =
  /^[ \t]+(?:ombuden|företrädarna|företrädare|representanterna|representanter|organisationerna|organisationer|parterna)(?![\p{L}])/u;
/** A line listing the parties ("Arbetstagarorganisationer: Sveriges Lärare, Vision, …"). */
const UNION_LABEL_BEFORE =
  /(?:arbetstagarorganisation(?:er|erna)?|arbetstagarparter(?:na)?|fackliga[ \t]+(?:organisationer|parter|företrädare)|(?:trade[ \t]+)?unions)[ \t]*:[^\n:]*$/iu;
/** The unions a group of representatives comes from ("Fackliga ombuden från Sveriges Lärare och Vision"). */
const UNION_FROM_BEFORE =
  /(?:ombuden|företrädarna|representanterna|representanter|representatives|reps)[ \t]+(?:från|för|from|for)[ \t]+(?:[\p{L}-]+[ \t]*(?:,|och|and|&)?[ \t]*){0,6}$/iu;
/**
 * The union as the second party an employer talks to: "pratat med Gunnar och med facket" (not "jag
 * har pratat med facket", the writer's own union).
 */
const UNION_CONTACT_BEFORE =
  /(?:^|[^\p{L}])(?:med|with)[ \t]+[^.!?\n]{1,40}[ \t](?:och|samt|and)[ \t]+(?:med[ \t]+|with[ \t]+)?(?:the[ \t]+)?$/iu;
/** Another pupil taken to a service by the one named: "walked the younger student to the nurse". */
const ESCORT_BEFORE =
  /(?:^|[^\p{L}])(?:walked|walks|took|takes|brought|brings|accompanied|escorted|helped|följde|följer|följt|tog|hjälpte)[ \t]+(?:med[ \t]+)?(?:the|a|an|another|en|ett|den|det)[ \t]+(?:\p{L}+[ \t]+)?(?:student|pupil|classmate|friend|child|boy|girl|kid|elev|eleven|kompis|kompisen|klasskamrat|klasskamraten|barn|barnet|pojke|pojken|flicka|flickan|kille|killen|tjej|tjejen)[ \t]+(?:to|till|upp[ \t]+till|ner[ \t]+till)[ \t]+(?:the[ \t]+)?(?:school[ \t]+)?$/iu;
const ESCORT_ENDS = wordEnds("to till the school");
/** The police talking to a class or all pupils: "polisen var här och pratade med 9A om inbrottet". */
const POLICE_CLASS_AFTER =
  /^[^.!?\n]{0,60}?(?:pratade|pratar|pratat|talade|talar|informerade|informerar|föreläste|föreläser|berättade|besökte|talked|spoke|talks|speaks|visited)[ \t]+(?:med[ \t]+|för[ \t]+|to[ \t]+|with[ \t]+)?(?:klass[ \t]+|class[ \t]+|year[ \t]+|grade[ \t]+|årskurs[ \t]+|åk[ \t]*)?(?:\d{1,2}[ \t]?\p{L}?(?![\p{L}\d])|klassen|klasserna|eleverna|alla[ \t]+elever|hela[ \t]+(?:klassen|skolan|årskursen)|the[ \t]+(?:class|students|pupils|year)|all[ \t]+(?:students|pupils))/iu;
/** Services as the parties of a collaboration: "samverkansmötet mellan BUP, elevhälsan och socialtjänsten". */
const PARTIES_BEFORE =
  /(?:samverkan|samverka|samverkans\p{L}*|samarbete\p{L}*|collaboration|partnership|cooperation)[ \t]+(?:mellan|between)[ \t]+[^.!?\n]{0,80}$/iu;
/** A collection for a charity: "a food drive for the local food bank", "samlade in till matbanken". */
const BENEFICIARY_BEFORE =
  /(?:drive|collection|collected|collecting|collects|donated|donating|donate|donation|donations|raised|raising|fundraiser|insamling\p{L}*|samlade[ \t]+in|samlar[ \t]+in|samla[ \t]+in|skänkte|skänker|skänka)[^.!?\n]{0,40}(?:for|to|till|åt)[ \t]+(?:the[ \t]+)?(?:local[ \t]+|lokala[ \t]+)?$/iu;
/** Helping a member of staff with their work: "hjälpa till med kuratorns affischer", "helps with the nurse's". */
const HELPER_BEFORE =
  /(?:^|[^\p{L}])(?:hjälpa|hjälper|hjälpte|hjälpt|help|helps|helped|helping)[ \t]+(?:till[ \t]+)?(?:med|åt|with)[ \t]+(?:the[ \t]+)?$/iu;
const HELPER_ENDS = wordEnds("med åt with the");
/**
 * An organisation's capitalised name after a full name and "från"/"from": "Hanna Wester från Suicide
 * Zero" (not a home or a service someone comes from: "Elever från HVB Tallåsen").
 */
const ORG_FROM_BEFORE = /\p{Lu}\p{Ll}+[ \t]+\p{Lu}[\p{Ll}-]+[ \t]+(?:från|from)[ \t]+$/u;
const ORG_FROM_ENDS = wordEnds("från from");

/** An example's, a count's or a criterion's words right before the word (see isNoCase). */
const EXAMPLE_COUNT_OR_CRITERION_BEFORE =
  /(?:(?:^|[^\p{L}])(?:till[ \t]+exempel|t\.[ \t]?ex\.|såsom|for[ \t]+example|e\.g\.|such[ \t]+as|efter|utifrån|based[ \t]+on)|,[ \t]+som|(?:^|[\s(,:])\d{1,4})[ \t]+$/iu;

/** A list line's count of places after a dash or a comma: "– 2 platser", ", 1 plats". */
const PLACES_ON_LINE = /[–,-][ \t]*\d{1,2}[ \t]+platse?r?(?![\p{L}])/u;

/** Whether the line at `at` offers places at a workplace (prao, APL, a summer job). */
function placementLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at) + 1;
  const newline = text.indexOf("\n", at);
  const line = text.slice(lineStart, newline < 0 ? text.length : newline);
  // The pattern is case-sensitive and needs "plats".
  return line.includes("plats") && PLACES_ON_LINE.test(line);
}

/**
 * A determiner that says there is none, or that means any or all of them, right before the word:
 * "ingen specialkost", "polisanmäla alla snatterier", "ansvarar för eventuell medicin", "any medication".
 */
const NEGATED_BEFORE =
  /(?:^|[^\p{L}])(?:ingen|inget|inga|no|alla|varje|eventuell|eventuella|eventuellt|all|every|any)[ \t]+$/iu;
const NEGATED_ENDS = wordEnds("ingen inget inga no alla varje eventuell eventuella eventuellt all every any");

/** Care and health institutions that take a place's name: "Vårdcentralen Norrby", "Sjöbacka Vårdcentral". */
const INSTITUTION_WORD =
  /^(?:vårdcentral|ungdomsmottagning|habilitering|barnhabilitering|barnklinik|kvinnoklinik|akutmottagning|närakut|sjukhus|psykiatri|barnpsykiatri|vuxenpsykiatri|counselling|counseling|hospital|socialtjänst|socialförvaltning|familjerätt|kvinnojour)/u;
/** A place's capitalised name before the institution ("– Sjöbacka Vårdcentral"), and what precedes it. */
const PLACE_NAME_BEFORE = /(^|[^\p{L}])(\p{Lu}\p{Ll}+)[ \t]+$/u;
/** … or after it ("Vårdcentralen Kungsgärdet |", "Counselling Office,"). */
const PLACE_NAME_AFTER = /^[ \t]+(\p{Lu}\p{Ll}+)(?![\p{L}])/u;
/** A visit's preposition before the institution's name ("tid på Vårdcentralen Norrby", "came to …"). */
const VISIT_BEFORE = /(?:^|[^\p{L}])(?:på|till|hos|vid|från|i|at|to|in|from|with)[ \t]+$/iu;

/**
 * A care or health institution by its proper name, capitalised and joined to a place's name, and not
 * visited: an address, a workplace, a list's column or a sentence's subject ("Saga Holm – Sjöbacka
 * Vårdcentral", "| Vårdcentralen Kungsgärdet | Nour Rahimi |", "Vårdcentralen Norrby tar emot två
 * praoelever"). Not after a preposition ("har tid på Vårdcentralen Norrby", "came to Counselling
 * Office"), not an acronym ("BUP Uppsala"), not the lower-case word, and not when the neighbour is a
 * known first name.
 */
function namedInstitution(text: string, h: CategoryHit): boolean {
  if (h.category !== "care" && h.category !== "health" && h.category !== "social") return false;
  const second = text.charCodeAt(h.start + 1);
  if (!isCapitalCode(text.charCodeAt(h.start)) || isCapitalCode(second)) return false;
  if (!INSTITUTION_WORD.test(text.slice(h.start, h.start + 20).toLowerCase())) return false;
  const before = text.slice(Math.max(0, h.start - 40), h.start);
  const placeBefore = PLACE_NAME_BEFORE.exec(before);
  const place = placeBefore?.[2] ?? PLACE_NAME_AFTER.exec(text.slice(h.end, h.end + 30))?.[1];
  if (place === undefined || FIRST_NAME_SET.has(place.toLowerCase()) || NOT_NAMES.has(place.toLowerCase()))
    return false;
  const lead = placeBefore === null ? before : before.slice(0, placeBefore.index + (placeBefore[1] ?? "").length);
  return !VISIT_BEFORE.test(lead);
}

/**
 * A union, a service or the police in a role that is about no one (the word is dropped, not kept as
 * a topic: a name in the same sentence would still make a topic likely): a party to a negotiation or a
 * collaboration, the union an employer talks to, the police talking to a class, a charity being given
 * to, an organisation's name, another pupil taken to the nurse.
 */
function isNoCase(text: string, h: CategoryHit): boolean {
  const before = text.slice(Math.max(0, h.start - 120), h.start);
  if (h.category === "special-category") {
    const word = text.slice(h.start, h.end).toLowerCase();
    if (/^fack\p{L}*a$/u.test(word) && UNION_PARTY_AFTER.test(text.slice(h.end, h.end + 24))) return true;
    if (UNION_LABEL_BEFORE.test(before) || UNION_FROM_BEFORE.test(before)) return true;
    if (/^fack(?:et|ets|förbundet)$/u.test(word) && UNION_CONTACT_BEFORE.test(before.slice(-60))) return true;
  }
  if (
    h.meaning.needsStrongLink &&
    (testBefore(text, h.start, 120, ESCORT_BEFORE, ESCORT_ENDS) ||
      testBefore(text, h.start, 30, HELPER_BEFORE, HELPER_ENDS))
  ) {
    return true;
  }
  if (
    h.category === "offence" &&
    /^polis|^police/u.test(text.slice(h.start, h.end).toLowerCase()) &&
    POLICE_CLASS_AFTER.test(text.slice(h.end, h.end + 120))
  )
    return true;
  if ((h.category === "care" || h.category === "social") && PARTIES_BEFORE.test(before)) return true;
  if (h.category === "social" && BENEFICIARY_BEFORE.test(before.slice(-70))) return true;
  if (namedInstitution(text, h)) return true;
  // A faith, an origin or a group named as an example, a count or a criterion: "till exempel Jehovas
  // vittnen", "grupper, som Nordiska motståndsrörelsen", "3 halal, 2 vegetariskt", "dela in eleverna
  // efter etnicitet".
  if (h.category === "special-category" && EXAMPLE_COUNT_OR_CRITERION_BEFORE.test(before.slice(-24))) return true;
  // A workplace in a list of placements ("Falu lasarett, ortopeden – via HR – 2 platser").
  if ((h.category === "care" || h.category === "health") && placementLine(text, h.start)) return true;
  // Said to be absent, or any or all of them: "ingen specialkost!", "alla snatterier", "any medication".
  if (testBefore(text, h.start, 12, NEGATED_BEFORE, NEGATED_ENDS)) return true;
  const c = text.charCodeAt(h.start);
  return (
    (h.category === "health" || h.category === "special-category") &&
    c >= 65 &&
    c <= 90 &&
    testBefore(text, h.start, 48, ORG_FROM_BEFORE, ORG_FROM_ENDS) &&
    /^[\p{L}-]*[ \t]+\p{Lu}/u.test(text.slice(h.end, h.end + 24))
  );
}

/** Where the paragraph's first event cue starts (Infinity when it has none). */
function firstEventCue(generics: readonly (readonly [number, number, boolean])[]): number {
  let first = Infinity;
  for (const [at, , isEvent] of generics) if (isEvent && at < first) first = at;
  return first;
}

/** The paragraph's category words: excluded words dropped, "diagnos" only with a diagnosis, topics marked. */
function keptCategories(
  text: string,
  lexicon: readonly CategoryHit[],
  exclusions: readonly [number, number][],
  generics: readonly [number, number, boolean][],
): CategoryHit[] {
  if (lexicon.length === 0) return [];
  const kept = lexicon.filter(
    (h) =>
      !exclusions.some(([s, e]) => s <= h.start && h.end <= e) && (h.meaning === GRADE_MEANING || !isNoCase(text, h)),
  );
  let firstEvent: number | undefined;
  // Whether the paragraph holds any quotation mark: without one no word is inside quotes (insideQuotes
  // walks back over the word's line for each word).
  let quotes: boolean | undefined;
  const hasDiagnosis = kept.some((h) => h.category === "health" && !h.meaning.needsDiagnosis && !h.meaning.weak);
  return dedupe(kept.filter((h) => !h.meaning.needsDiagnosis || hasDiagnosis)).map((h) =>
    h.meaning === GRADE_MEANING
      ? h
      : {
          category: h.category,
          start: h.start,
          end: h.end,
          meaning: h.meaning,
          topic: isTopicHit(text, h, (firstEvent ??= firstEventCue(generics)), (quotes ??= ANY_QUOTE.test(text))),
        },
  );
}

/** The matches of the policy's own patterns whose category is on. */
function findCustoms(text: string, rules: CompiledRules): CustomHit[] {
  const customs: CustomHit[] = [];
  for (const p of rules.patterns) {
    if (!rules.categories.has(p.category)) continue;
    for (const [start, end] of findSafeMatches(p.pattern, text)) {
      customs.push({ name: p.name, category: p.category, level: p.level, start, end });
    }
  }
  return customs;
}

/**
 * An array of `n` copies of `value`, built by pushing: the arrays Array.prototype.map made had a
 * different internal layout in optimised code than in the interpreter, and every unit loop over
 * them was thrown away by the compiler at least once per layout.
 */
function pushed<T>(n: number, value: T): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(value);
  return out;
}

/** Copied by {@link zeros} and {@link falses}: pushed arrays, so a copy has the same layout. */
const ZEROS: readonly number[] = pushed(64, 0);
const FALSES: readonly boolean[] = pushed(64, false);

/**
 * `n` zeros: a slice of a pushed array of them, which has the pushed layout and exactly `n` places
 * (pushing onto an empty array made room for 17 at once: about 6 MB of the 10 MB pass's garbage, in
 * the seven such arrays a paragraph gets).
 */
function zeros(n: number): number[] {
  return n <= ZEROS.length ? ZEROS.slice(0, n) : pushed(n, 0);
}

/** `n` falses, as {@link zeros}. */
function falses(n: number): boolean[] {
  return n <= FALSES.length ? FALSES.slice(0, n) : pushed(n, false);
}

/** Per unit: what kind of line it is, its PERSON flags and its generic, event, group and intro marks. */
interface UnitMarks {
  readonly kinds: UnitKind[];
  readonly flags: number[];
  readonly generic: boolean[];
  readonly event: boolean[];
  readonly group: boolean[];
  readonly intro: boolean[];
  readonly routine: boolean[];
  /** Per unit, where its names start (undefined for none, and when the paragraph has no category word). */
  readonly nameAt: readonly (readonly number[] | undefined)[];
  /** First names the paragraph gives a job (ParagraphScan.staff). */
  readonly staff: readonly string[];
}

/** The spans of the generic (not event) cues, sorted by start. */
function genericSpans(
  generics: readonly (readonly [number, number, boolean])[],
): (readonly [number, number, boolean])[] {
  return generics.filter(([, , isEvent]) => !isEvent).sort((a, b) => a[0] - b[0]);
}

/** Whether `at` lies inside one of `spans` (sorted by start, each shorter than MAX_TERM). */
function insideSpan(spans: readonly (readonly [number, number, boolean])[], at: number): boolean {
  for (let i = countBefore(spans, (span) => span[0], at, true) - 1; i >= 0; i--) {
    const span = spans[i];
    if (span === undefined || span[0] < at - MAX_TERM) break;
    if (at < span[1]) return true;
  }
  return false;
}

/** A mail's subject line up to a name on it ("Ämne: RE: Milan – ", "> Subject: "). */
const SUBJECT_LINE = /^[ \t>]*(?:ämne|subject|rubrik|re|sv|vb|fwd?)[ \t]*:/iu;

/** The text of the line of `at` before it. */
function lineBefore(text: string, at: number): string {
  return text.slice(text.lastIndexOf("\n", at - 1) + 1, at);
}

/** Reads who and what each unit is about from the marks, cues and patterns of the paragraph. */
function markUnits(
  text: string,
  spans: readonly [number, number][],
  found: TermFindings,
  categories: readonly CategoryHit[],
): UnitMarks {
  const { marks, titleSpans, taken, generics, groups, intros } = found;
  const kinds: UnitKind[] = [];
  for (const [s, e] of spans) kinds.push(unitKind(text, s, e));
  const flags = zeros(spans.length);
  const generic = falses(spans.length);
  const event = falses(spans.length);
  const jobs: [number, string][] = [];
  markNames(text, titleSpans, taken, categories.length > 0, marks, jobs);
  // Where each body unit's names start (only in a paragraph with a category word: see Unit.names).
  const nameAt: (number[] | undefined)[] = [];
  const withNames = categories.length > 0;
  markOpenings(text, spans, marks, generic, event);
  let quoted: boolean | undefined;
  // The generic cues' spans, sorted by start (built when a kin mark first asks).
  let genericCues: (readonly [number, number, boolean])[] | undefined;
  for (const [at, flag] of marks) {
    // "Om ditt barn …", "if your child …": a hypothetical child, nobody in particular.
    if (flag === PERSON.kin && insideSpan((genericCues ??= genericSpans(generics)), at)) continue;
    // A form's or a book's title: "blanketten "Viktigt om mitt barn"".
    if ((flag === PERSON.kin || flag === PERSON.self) && (quoted ??= QUOTE_CHAR.test(text)) && insideQuotes(text, at)) {
      continue;
    }
    const u = unitAt(spans, at);
    // Names in header lines and sign-offs are the writers, not the subject.
    if (u >= 0 && (kinds[u] === "body" || flag === PERSON.id)) flags[u] = (flags[u] ?? 0) | flag;
    if (u >= 0 && flag === PERSON.name && withNames) (nameAt[u] ??= []).push(at);
  }
  // A name alone on its line with a title on the next ("Britt\nSkolsköterska") signs the mail.
  for (let u = 0; u + 1 < spans.length; u++) {
    const [s, e] = spans[u] ?? [0, 0];
    const next = spans[u + 1]?.[0] ?? 0;
    if (
      flags[u] === PERSON.name &&
      kinds[u] === "body" &&
      e - s <= 40 &&
      BARE_NAME.test(text.slice(s, e)) &&
      titleSpans.some(([t]) => t >= next && t - next <= 3)
    ) {
      kinds[u] = "signoff";
      flags[u] = 0;
    }
  }
  let specificAt: number[] | undefined;
  for (const [start, end, isEvent] of generics) {
    // A cue inside a sensitive term is part of that term ("undervisningsgrupp" is no lesson).
    if (overlapsHit(categories, start, end)) continue;
    // Working with someone is their case, not a job's field: "Kuratorn arbetar med Leo kring hans
    // ångest", "jobbar med hennes läsning" (not "har jobbat med KBT i många år").
    if (isEvent && WITH_SOMEONE_AFTER.test(text.slice(end, end + 60)) && text.endsWith("med", end)) continue;
    const u = unitAt(spans, start);
    if (u < 0) continue;
    // A cue governs its own clause: "anmäl er gärna, eftersom Leia i 1A har fått en ny insulinpump"
    // states a fact about Leia after the comma and "eftersom".
    // (Both this and the next need a category word after the cue: not asked in a paragraph without.)
    if (
      categories.length > 0 &&
      factAfterClause(text, end, spans[u]?.[1] ?? end, categories, (specificAt ??= specificPositions(marks)))
    ) {
      continue;
    }
    // The course or the piece of work a grade is in ("saknar betyg i gymnasiearbetet", "sätta F på
    // kursen"): the pupil's schoolwork, not an event about a topic.
    if (isEvent && categories.length > 0 && gradedIn(text, start, categories, spans[u]?.[0] ?? 0)) continue;
    if (isEvent) event[u] = true;
    else generic[u] = true;
  }
  // "if a student in Year 11 tells us …", "om en elev i åk 9 …": one pupil of a class in a
  // hypothetical is any pupil of it, not one child (an indefinite before the pupil word).
  for (const [at, flag] of marks) {
    if (flag !== PERSON.classPupil) continue;
    const u = unitAt(spans, at);
    if (u >= 0 && generic[u] === true && INDEFINITE_BEFORE.test(text.slice(Math.max(0, at - 5), at))) {
      flags[u] = ((flags[u] ?? 0) & ~PERSON.classPupil) | PERSON.indefinite;
    }
  }
  const group = falses(spans.length);
  for (const at of groups) {
    const u = unitAt(spans, at);
    if (u >= 0 && generic[u] === true) group[u] = true;
  }
  // Read only for a category word's own unit (see Unit.intro): not looked for in a paragraph without.
  const intro = categories.length > 0 ? introUnits(text, spans, intros) : falses(spans.length);
  // Statistics ("11 % fick F") are about no one; "hans frånvaro är 24 %" is about him. A survey's
  // statement with its share after a colon ("- Jag har blivit kränkt …: 21 %") is about no one too.
  for (let at = text.indexOf("%"); at >= 0; at = text.indexOf("%", at + 1)) {
    const u = unitAt(spans, at);
    if (
      u >= 0 &&
      ((flags[u] ?? 0) === 0 ||
        (SURVEY_SHARE.test(text.slice(Math.max(0, at - 10), at + 1)) &&
          !AMOUNT_AFTER.test(text.slice(at + 1, at + 12))))
    ) {
      event[u] = true;
    }
  }
  // A count under its label ("Nya åtgärdsprogram: 17", "Orosanmälningar: 11 (fg år 9)"): statistics
  // in minutes or a report, about no one.
  if (categories.length > 0) {
    spans.forEach(([s, e], u) => {
      if (isField(text, s) && COUNT_VALUE.test(text.slice(FIELD.lastIndex, e))) event[u] = true;
    });
  }
  const routine = falses(spans.length);
  if (categories.length > 0) markRoutines(text, spans, categories, flags, generic, routine);
  // A programme line ("09.00 Föreläsning: … – Kristina Moberg"): the name is the speaker's, and "Hon
  // går igenom …" after it is the speaker too, so the line names no subject.
  for (let u = 0; u < spans.length; u++) {
    if (event[u] !== true || ((flags[u] ?? 0) & PERSON.name) === 0) continue;
    PROGRAMME_TIME.lastIndex = spans[u]?.[0] ?? 0;
    if (PROGRAMME_TIME.test(text)) flags[u] = (flags[u] ?? 0) & ~PERSON.name;
  }
  // Staff named in a sentence, not in a header or subject line ("Subject: Julia – school nurse").
  const staff =
    jobs.length === 0
      ? NO_WORDS
      : jobs
          .filter(([at]) => kinds[unitAt(spans, at)] === "body" && !SUBJECT_LINE.test(lineBefore(text, at)))
          .map(([, name]) => name);
  return { kinds, flags, generic, event, group, intro, routine, nameAt, staff };
}

/**
 * A routine in the passive: "Medicin lämnas till ansvarig lärare", "Orosanmälningar … ska inte
 * diarieföras", "Medication is handed to the teacher". Only a verb ending that a passive has: the
 * first-conjugation "-as" right after the subject, or any "-s" after a modal.
 */
const ROUTINE_PASSIVE =
  /^[ \t>•*\-–]*\p{L}+(?:[ \t]+\p{Ll}+)?[ \t]+\p{Ll}{3,}as(?![\p{L}])|(?:^|[ \t])(?:ska|skall|måste|bör|får)(?:[ \t]+(?:inte|aldrig|alltid))?[ \t]+\p{Ll}{3,}s(?![\p{L}])|(?:^|[ \t])(?:is|are)(?:[ \t]+(?:not|never|always))?[ \t]+(?:\p{Ll}{3,}(?:ed|en)|kept|held|sent|left|brought)(?![\p{L}])/u;
/** A day or time: a passive with one is something that happens once ("Orosanmälan skickas i dag"). */
const ONE_TIME =
  /(?:^|[^\p{L}])(?:i[ \t]?dag|i[ \t]?morgon|i[ \t]?går|nu|idag|imorgon|igår|på (?:måndag|tisdag|onsdag|torsdag|fredag)|today|tomorrow|yesterday|now|on (?:monday|tuesday|wednesday|thursday|friday))(?![\p{L}])/iu;
/** A sentence opening with one pupil of a kind: "En elev med skyddad identitet …", "A pupil with …". */
const KIND_OF_PUPIL =
  /[ \t>•*\-–]*(?:en|ett|an?)[ \t]+(?:elev|barn|student|pupil|child)[ \t]+(?:med|with|som|who|that)[ \t]/iuy;
/** What may or must be done: the rule for that kind of pupil ("får inte finnas med på listor"). */
const MODAL = /(?:^|[ \t])(?:får inte|får aldrig|ska|skall|måste|bör|must|should|may not|cannot|must not)(?![\p{L}])/iu;
/** Longest sentence looked at for a routine (a routine's step is short; a case report runs on). */
const ROUTINE_MAX = 240;

/**
 * Marks routines: a passive with nobody in the sentence and no day or time ("Medicin lämnas till
 * ansvarig lärare"; "Medicinen lämnas till Dinos lärare" names Dino, "Orosanmälan skickas i dag" is
 * one case) as a routine's step (general only with no one named before it or beside it, see
 * Unit.routine), and a rule for a kind of pupil ("En elev med skyddad identitet får inte …"; "Vi har
 * en elev med skyddad identitet" is one pupil, and says no "får/ska") as generic.
 */
function markRoutines(
  text: string,
  spans: readonly [number, number][],
  categories: readonly CategoryHit[],
  flags: number[],
  generic: boolean[],
  routine: boolean[],
): void {
  // Only sentences with a category word: elsewhere the mark changes nothing.
  const withWord = new Set<number>();
  for (const h of categories) withWord.add(unitAt(spans, h.start));
  for (const u of withWord) {
    const [s, e] = spans[u] ?? [0, 0];
    if (u < 0 || generic[u] === true || e - s > ROUTINE_MAX) continue;
    const person = flags[u] ?? 0;
    if (person === 0) {
      const sentence = text.slice(s, e);
      if (ROUTINE_PASSIVE.test(sentence) && !ONE_TIME.test(sentence)) routine[u] = true;
    } else if (person === PERSON.indefinite && startsWith(KIND_OF_PUPIL, text, s) && MODAL.test(text.slice(s, e))) {
      generic[u] = true;
    }
  }
}

/** A clock time opening a line of a programme: "09.00 ", "kl. 13:15–14:00 ". */
const PROGRAMME_TIME = /[ \t>•*\-–]*(?:kl\.?[ \t]*)?\d{1,2}[.:]\d{2}(?:[ \t]*[–-][ \t]*\d{1,2}[.:]\d{2})?[ \t]/y;

/** "i", "på", "in", "on" right before a course or a piece of work. */
const IN_BEFORE = /(?:^|[^\p{L}])(?:i|på|in|on|for)[ \t]+(?:the[ \t]+)?$/u;

/** A results word earlier in the unit, within 60 characters, and "i"/"på" right before the cue at `at`. */
function gradedIn(text: string, at: number, categories: readonly CategoryHit[], unitStart: number): boolean {
  return (
    IN_BEFORE.test(text.slice(Math.max(0, at - 8), at)) &&
    categories.some((h) => h.category === "results" && h.end <= at && h.start >= unitStart && at - h.end <= 60)
  );
}

/** A person or a possessive after "arbetar med": "… med Leo", "… med hans läsning", "… med programmet för Leo". */
const WITH_SOMEONE_AFTER =
  /^[ \t]+(?:[\p{Ll}-]+[ \t]+(?:för|åt|for)[ \t]+)?(?:\p{Lu}\p{Ll}+|hans|hennes|hens|din|ditt|dina|er|ert|era|min|mitt|mina|eleven|barnet)(?![\p{L}])/u;

/** A clause's break and its conjunction: ", eftersom", " – men obs att", "; but", ", som när". */
const CLAUSE_BREAK =
  /(?:,|;|[ \t][–—])[ \t]*(?:men[ \t]+obs[ \t]+att|men|eftersom|för[ \t]+att|då|som[ \t]+när|because|since|but|as)[ \t]/iu;
/** The marks that name one person: a name, initials, a pupil by class, kin, an identity number. */
const SPECIFIC_MARKS = PERSON.name | PERSON.initials | PERSON.classPupil | PERSON.kin | PERSON.id;

/** The sorted positions of the paragraph's marks that name one person. */
function specificPositions(marks: readonly [number, number][]): number[] {
  const at: number[] = [];
  for (const [position, flag] of marks) if ((flag & SPECIFIC_MARKS) !== 0) at.push(position);
  return at.sort((a, b) => a - b);
}

/** The first position in the sorted `positions` at or after `from`, or -1. */
function firstAtOrAfter(positions: readonly number[], from: number): number {
  return positions[countBefore(positions, (p) => p, from)] ?? -1;
}

/**
 * Whether, after a cue ending at `cueEnd`, the sentence (to `unitEnd`) breaks into a new clause that
 * names one person before a category word: that clause is a statement, not the cue's wording.
 */
function factAfterClause(
  text: string,
  cueEnd: number,
  unitEnd: number,
  categories: readonly CategoryHit[],
  specificAt: readonly number[],
): boolean {
  if (specificAt.length === 0 || unitEnd - cueEnd > MAX_SENTENCE) return false;
  const m = CLAUSE_BREAK.exec(text.slice(cueEnd, unitEnd));
  if (m === null) return false;
  const person = firstAtOrAfter(specificAt, cueEnd + m.index + m[0].length);
  return (
    person >= 0 && person < unitEnd && (categories[firstHitFrom(categories, person + 1)]?.start ?? unitEnd) < unitEnd
  );
}

/** Adds the names, initials and pupils by class of the paragraph to `marks`. */
function markNames(
  text: string,
  titleSpans: readonly [number, number][],
  taken: readonly [number, number][],
  anyCategory: boolean,
  marks: [number, number][],
  staff: [number, string][],
): void {
  const classes = DIGIT_OR_INITIALS.test(text) && CLASS_OR_INITIALS.test(text);
  for (const at of findNames(text, titleSpans, taken, classes || anyCategory, staff)) {
    marks.push([at, PERSON.name]);
  }
  if (classes) {
    INITIALS.lastIndex = 0;
    for (let m = INITIALS.exec(text); m !== null; m = INITIALS.exec(text)) marks.push([m.index, PERSON.initials]);
    CLASS_PUPIL.lastIndex = 0;
    for (let m = CLASS_PUPIL.exec(text); m !== null; m = CLASS_PUPIL.exec(text))
      marks.push([m.index, PERSON.classPupil]);
  }
}

/** What each unit's opening says: a subject pronoun (to `marks`), a condition or request, an attendance line. */
function markOpenings(
  text: string,
  spans: readonly [number, number][],
  marks: [number, number][],
  generic: boolean[],
  event: boolean[],
): void {
  // Where the last attendance line ends: its later sentences (after "Dr." or "Leg.") are on it too.
  let attendanceEnd = -1;
  spans.forEach(([s, e], u) => {
    if (opens(SUBJECT_PRONOUN, text, s)) marks.push([s, PERSON.subjectPronoun]);
    // "Är den misstänkta eleven under 15 år görs …": a verb first, then a subject, and no question
    // mark is a condition (Swedish "om"), about whoever it applies to.
    if (opens(CONDITION, text, s) && text.lastIndexOf("?", e - 1) < s) generic[u] = true;
    // "Meddela specialkost till mig senast fredag": a request to the readers, about none of them.
    if (opens(REQUEST, text, s)) generic[u] = true;
    // "Närvarande: Per N (kurator), Elin V (socialtjänsten)": who attended, with their jobs.
    if (opens(ATTENDANCE, text, s)) {
      event[u] = true;
      attendanceEnd = text.indexOf("\n", s);
      if (attendanceEnd < 0) attendanceEnd = text.length;
    } else if (s < attendanceEnd) {
      event[u] = true;
    }
  });
}

/** A list introduction: a cue word, a colon at the end, or a table header row (two tabs). */
function introUnits(text: string, spans: readonly [number, number][], intros: readonly number[]): boolean[] {
  const hasTab = text.includes("\t");
  const intro: boolean[] = [];
  for (const [s, e] of spans) {
    let b = e;
    while (b > s && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9 || text.charCodeAt(b - 1) === 13))
      b--;
    // Two tabs inside the unit (counted within it: searching the rest of the paragraph for each unit
    // was quadratic in long paragraphs).
    let tabs = 0;
    if (text.charCodeAt(b - 1) !== 58 && hasTab) {
      for (let i = s; i < e && tabs < 2; i++) if (text.charCodeAt(i) === 9) tabs++;
    }
    intro.push(text.charCodeAt(b - 1) === 58 || tabs >= 2);
  }
  for (const at of intros) {
    const u = unitAt(spans, at);
    if (u >= 0) intro[u] = true;
  }
  return intro;
}

/** The units with a category word in a paragraph without one. */
const NO_UNIT_SET: ReadonlySet<number> = new Set();

/** The units of the paragraph with everything the message-level reading needs. */
function buildUnits(
  text: string,
  spans: readonly [number, number][],
  marked: UnitMarks,
  categories: readonly CategoryHit[],
): Unit[] {
  const { kinds, flags, generic, group, event, intro, routine } = marked;
  // Read only in a paragraph with a category word (see Unit.continues and Unit.item).
  const any = categories.length > 0;
  // The units with a category word (a set made only when there are some: most paragraphs have none).
  let withCategory: ReadonlySet<number> = NO_UNIT_SET;
  if (any) {
    const units = new Set<number>();
    for (const h of categories) units.add(unitAt(spans, h.start));
    withCategory = units;
  }
  return spans.map(([start, end], i) => ({
    start,
    end,
    kind: kinds[i] ?? "body",
    person: flags[i] ?? 0,
    generic: generic[i] ?? false,
    group: group[i] ?? false,
    event: event[i] ?? false,
    routine: routine[i] ?? false,
    intro: intro[i] ?? false,
    field: withCategory.has(i) && isField(text, start),
    continues: any && i > 0 && isSentenceEnd(text.charCodeAt(start - 1)),
    question: text.charCodeAt(lastNonBlank(text, start, end)) === 63,
    item: any && isItem(text, start, end),
    postscript: opens(POSTSCRIPT, text, start) || quotedGreeting(text, start),
    words: withCategory.has(i) ? wordsOf(text, start, end) : NO_WORDS,
    names: withCategory.has(i) && (flags[i] ?? 0) & PERSON.name ? namesAt(text, marked.nameAt[i]) : NO_WORDS,
  }));
}

/** The first names (lower case) starting at `starts`. */
function namesAt(text: string, starts: readonly number[] | undefined): readonly string[] {
  return (starts ?? []).map((at) => firstNameAt(text, at));
}

/** The index of the first of `marks` (sorted by position) after `position`. */
function firstMarkAfter(marks: readonly [number, number][], position: number): number {
  return countBefore(marks, (m) => m[0], position, true);
}

/** Each category word with its unit, whether it is about no one after all, and whether it heads its line. */
function placeCategories(
  text: string,
  spans: readonly [number, number][],
  categories: readonly CategoryHit[],
  marks: readonly [number, number][],
  flags: readonly number[],
): ParagraphScan["categories"] {
  // The marks of people, by position (sorted once, when a topic first asks).
  let people: [number, number][] | undefined;
  // Where the writer ("jag", "min") is named, sorted (only the paragraph's self marks: see selfApart;
  // built when the first category word asks).
  let writer: number[] | undefined;
  return categories.map((h) => {
    const unit = Math.max(0, unitAt(spans, h.start));
    // "beslutat om anpassad studiegång för Hugo": a person after the term makes it no topic. (Looked
    // for only when the term is a topic, and only in the term's own sentence: over every mark for
    // every word, a long paragraph cost n².)
    const personAfter = () => {
      people ??= marks.filter(([, flag]) => (flag & (SPECIFIC | PERSON.pronoun)) !== 0).sort((a, b) => a[0] - b[0]);
      const unitEnd = spans[unit]?.[1] ?? 0;
      for (let i = firstMarkAfter(people, h.end); i < people.length; i++) {
        const at = people[i]?.[0] ?? unitEnd;
        if (at >= unitEnd) break;
        if (FOR_PERSON.test(text.slice(Math.max(h.end, at - 14), at))) return true;
      }
      return false;
    };
    return {
      category: h.category,
      start: h.start,
      end: h.end,
      meaning: h.meaning,
      topic:
        (h.topic && !personAfter()) ||
        isVisitor(text, h.start, flags[unit] ?? 0) ||
        switchedOff(text, h, spans[unit]?.[0] ?? 0, spans[unit]?.[1] ?? 0),
      unit,
      label: isLabel(text, spans[unit]?.[0] ?? 0, spans[unit]?.[1] ?? 0, h.start, h.end),
      selfApart: selfApart(text, spans[unit] ?? [0, 0], h, (writer ??= writerMarks(marks))),
    };
  });
}

/** The sorted positions of the paragraph's marks of the writer ("jag", "min", "I"). */
function writerMarks(marks: readonly [number, number][]): number[] {
  const at: number[] = [];
  for (const [position, flag] of marks) if (flag === PERSON.self) at.push(position);
  return at.sort((a, b) => a - b);
}

/**
 * Between two clauses of one sentence: a comma or dash before a conjunction, a semicolon, a dash, or
 * "hur/how". Not "att/that": "Jag vill informera om att vi har polisanmält en händelse där en elev …"
 * is as often a case as "… om att vi haft flera stölder" is a notice (one each on the tuned parts).
 */
const WRITER_CLAUSE_BREAK =
  /(?:[,;–—][ \t]*(?:och|men|så|eller|and|but|so|or)[ \t]|;|[ \t][–—][ \t]|[ \t](?:hur|how)[ \t])/iu;

/**
 * Whether the writer ("jag", "min", "I") stands in the word's sentence only in other clauses: "Det
 * skrivs kränkande kommentarer …, och jag tycker vi ska ha en lektion", "vill jag ta upp hur grupper
 * använder symboler som hakkors". Then the word is not about the writer ("Jag har fått diagnosen
 * diabetes" is).
 */
function selfApart(
  text: string,
  [unitStart, unitEnd]: readonly [number, number],
  h: CategoryHit,
  writer: readonly number[],
): boolean {
  let apart = false;
  // Only the writer's marks in the word's own sentence (sorted: found by binary search, not a scan
  // of every mark for every word, which a long paragraph would make n²).
  for (let i = countBefore(writer, (at) => at, unitStart); i < writer.length; i++) {
    const at = writer[i] ?? unitEnd;
    if (at >= unitEnd) break;
    const between = at < h.start ? text.slice(at, h.start) : text.slice(h.end, at);
    if (!WRITER_CLAUSE_BREAK.test(between)) return false;
    apart = true;
  }
  return apart;
}

/** Scans one paragraph with the compiled rules. */
export function scanParagraph(written: string, rules: CompiledRules, today: Today): ParagraphScan {
  const text = normalise(written);
  const found = collectTerms(text, rules);
  const identifiers = scanIdentifiers(text, found.ctx, today, rules.identifiers);
  for (const id of identifiers) if (id.level !== "low") found.marks.push([id.start, PERSON.id]);
  // Drop excluded words, and "diagnos" unless the paragraph names an actual diagnosis.
  if (rules.categories.has("results") && LONE_F.test(text)) findGradeF(text, found.lexicon);
  const categories = keptCategories(text, found.lexicon, found.exclusions, found.generics);
  // "the student" in "the student health team", "a student" in "a student council": part of a term.
  for (const [start, end, flag] of found.references) {
    const next = categories[firstHitFrom(categories, end)];
    if (!overlapsHit(categories, start, end) && !(next !== undefined && modifies(text, start, end, next))) {
      found.marks.push([start, flag]);
    }
  }
  const customs = findCustoms(text, rules);
  const spans = splitUnits(text);
  const marked = markUnits(text, spans, found, categories);
  const units = buildUnits(text, spans, marked, categories);
  const placed = placeCategories(text, spans, categories, found.marks, marked.flags);
  return {
    identifiers,
    categories: placed,
    customs,
    units,
    broadcastUnit: broadcastUnit(spans, found.broadcasts),
    staff: marked.staff,
    hits: identifiers.length + placed.length + customs.length,
    plain: -1,
    plainSigned: -1,
    plainBroadcast: -1,
    plainSignedBroadcast: -1,
    decided: undefined,
    staffFor: undefined,
    staffUnits: undefined,
  };
}

/**
 * One hit per span and category; a hit inside a longer hit of the same category is dropped, and of
 * hits on the same span the first is kept. One sort and one sweep per category (by start, longer
 * first, then first found): a hit is covered exactly when a hit before it in that order reaches as
 * far, so a paragraph with thousands of hits costs n log n, not n².
 */
function dedupe(hits: CategoryHit[]): CategoryHit[] {
  const order = hits.map((_, i) => i);
  order.sort((i, j) => {
    const a = hits[i];
    const b = hits[j];
    if (a === undefined || b === undefined) return 0;
    if (a.category !== b.category) return a.category < b.category ? -1 : 1;
    return a.start - b.start || b.end - a.end || i - j;
  });
  const keep = new Uint8Array(hits.length);
  let category = "";
  let reach = -1;
  for (const i of order) {
    const h = hits[i];
    if (h === undefined) continue;
    if (h.category !== category) {
      category = h.category;
      reach = -1;
    }
    if (reach < h.end) keep[i] = 1;
    if (h.end > reach) reach = h.end;
  }
  const out = hits.filter((_, i) => keep[i] === 1);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Each cheap pre-check above with the pattern it stands before: the pre-check may answer "no" only
 * where the pattern cannot match (test/pre-checks.test.ts holds them to that on generated text). A
 * pattern's words and its pre-check's word lists must change together.
 */
export const PRE_CHECKS: readonly {
  readonly pattern: RegExp;
  /** What the pattern is tested on: the text before a word, after it, the word itself or its line. */
  readonly on: "before" | "after" | "word" | "line";
  /** The pre-check on a text that is all of that (the pattern's whole input). */
  readonly admits: (s: string) => boolean;
}[] = [
  { pattern: TOPIC_BEFORE, on: "before", admits: topicWordIn },
  { pattern: GROUP_BEFORE, on: "before", admits: mayGroup },
  { pattern: CONTENT_BEFORE, on: "before", admits: mayContent },
  { pattern: AREA_BEFORE, on: "before", admits: (s) => mayArea(s, 0, s.length) },
  { pattern: CLASS_TRIP_BEFORE, on: "before", admits: (s) => mayClassTrip(s, 0, s.length) },
  { pattern: WORK_BEFORE, on: "before", admits: (s) => mayWork(s, 0, s.length) },
  { pattern: JOB_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, JOB_ENDS) },
  { pattern: BEING_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, BEING_ENDS) },
  { pattern: OWN_JOB_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, OWN_JOB_ENDS) },
  { pattern: ESCORT_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, ESCORT_ENDS) },
  { pattern: HELPER_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, HELPER_ENDS) },
  { pattern: NEGATED_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, NEGATED_ENDS) },
  { pattern: ORG_FROM_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, ORG_FROM_ENDS) },
  { pattern: CAPITAL_BEFORE, on: "before", admits: (s) => mayCapitalBefore(s, s.length) },
  { pattern: GROUP_AFTER, on: "after", admits: (s) => mayGroupAfter(s, 0) },
  { pattern: TASK_AFTER, on: "after", admits: (s) => mayTaskAfter(s, 0) },
  { pattern: STAFF_HEAD_AFTER, on: "after", admits: (s) => mayStaffHeadAfter(s, 0) },
  { pattern: JOB_NOUN_AFTER, on: "after", admits: (s) => mayJobNounAfter(s, 0) },
  { pattern: PROFESSION_END, on: "word", admits: (s) => mayEndInAny(s, 0, s.length, PROFESSION_ENDS) },
  { pattern: JOB_NOUN_END, on: "word", admits: (s) => mayEndInAny(s, 0, s.length, JOB_NOUN_ENDS) },
  { pattern: PLACES_ON_LINE, on: "line", admits: (s) => s.includes("plats") },
  { pattern: DETERMINER_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, DETERMINER_ENDS) },
  { pattern: PLAN_FOR_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, PLAN_FOR_ENDS) },
  { pattern: PRODUCT_BEFORE, on: "before", admits: (s) => mayEndWith(s, 0, s.length, PRODUCT_ENDS) },
  { pattern: CLASS_OR_INITIALS, on: "line", admits: (s) => DIGIT_OR_INITIALS.test(s) },
  { pattern: SIGN_OFF_WORDS, on: "line", admits: (s) => mayOpen(SIGN_OFF_OPENING, s, 0) },
  // The unit openings' first letters (opening()): each pattern is sticky, tried at the unit's start.
  ...[SUBJECT_PRONOUN, CONDITION, ATTENDANCE, REQUEST, HEADER_LINE, FROM_LINE, BREAK_LINE, POSTSCRIPT].map((o) => ({
    pattern: o.re,
    on: "line" as const,
    admits: (s: string) => mayOpen(o, s, 0),
  })),
];

export { isQuoteMark };
