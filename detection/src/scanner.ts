// The scan: split into paragraphs, scan each (cached by its text), then decide at message level.
// `detect` is a one-shot scanner, so the incremental path and the full scan are the same code.
import { todayFrom, type Today } from "./calendar.ts";
import { DetectionError } from "./errors.ts";
import { probability, THRESHOLD } from "./linker.ts";
import { categoryExplanation, customExplanation, severalExplanation, type CategoryReason } from "./explain.ts";
import { ANAPHOR, nameIn, PERSON, scanParagraph, SPECIFIC, type ParagraphScan, type Unit } from "./paragraph.ts";
import { DEFAULT_POLICY, type Policy } from "./policy.ts";
import { compileRules, type CompiledRules } from "./rules.ts";
import type { Category, DetectionResult, Explanation, Finding, Level } from "./types.ts";

export interface ScanOptions {
  /** A policy from `parsePolicy`; defaults to every category and identifier on. */
  readonly policy?: Policy;
  /** The clock for the personnummer century rule (default: the system clock). */
  readonly clock?: () => Date;
}

/** An incremental scanner for one draft: call `update` with the whole text after every edit. */
export interface Scanner {
  /**
   * Scans `text`, reusing the results of paragraphs that did not change since the last call.
   * @throws DetectionError `INVALID_INPUT` when `text` is not a string.
   */
  update(text: string): DetectionResult;
}

/** Categories whose person-linked mentions are high (research note §4); the others are medium. */
const HIGH_CATEGORIES: ReadonlySet<Category> = new Set(["health", "social", "offence", "special-category"]);

const compiled = new WeakMap<Policy, CompiledRules>();

function rulesFor(policy: Policy): CompiledRules {
  let rules = compiled.get(policy);
  if (rules === undefined) {
    rules = compileRules(policy);
    compiled.set(policy, rules);
  }
  return rules;
}

/**
 * Paragraph boundaries: [start, end) pairs separated by blank lines, also inside a quoted reply ("> "
 * alone on its line): what /\n[ \t\r>]*\n/g finds, found with indexOf and a char loop (the regex
 * took a tenth of a full scan). `reuse` is an earlier result whose buffer may be written again (a
 * scanner keeps a spare one). An Int32Array grown by doubling, not a number[]: growing a plain array
 * to the 266,000 bounds of the bench's 10 MB text took about 25 ms a pass (a tenth of it), this 1.
 */
function paragraphs(text: string, reuse?: Int32Array): Int32Array {
  let bounds = reuse === undefined ? new Int32Array(64) : new Int32Array(reuse.buffer);
  let n = 0;
  let start = 0;
  for (let at = text.indexOf("\n"); at >= 0;) {
    // The longest run of spaces, tabs, CRs and quote marks after the line break, then a second one.
    let end = at + 1;
    for (let c = text.charCodeAt(end); c === 32 || c === 9 || c === 13 || c === 62; c = text.charCodeAt(end)) end++;
    if (text.charCodeAt(end) !== 10) {
      at = text.indexOf("\n", at + 1);
      continue;
    }
    if (at > start) {
      if (n + 2 > bounds.length) bounds = grown(bounds);
      bounds[n++] = start;
      bounds[n++] = at;
    }
    start = end + 1;
    at = text.indexOf("\n", start);
  }
  if (text.length > start) {
    if (n + 2 > bounds.length) bounds = grown(bounds);
    bounds[n++] = start;
    bounds[n++] = text.length;
  }
  return bounds.subarray(0, n);
}

/** A copy of `bounds` with twice the room (at least 64 entries). */
function grown(bounds: Int32Array): Int32Array {
  const larger = new Int32Array(Math.max(64, 2 * bounds.length));
  larger.set(bounds);
  return larger;
}

/** Characters compared at once by commonPrefix() and commonSuffix() (natively, as two slices). */
const COMPARE_CHUNK = 512;

/** The length of the longest common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + COMPARE_CHUNK <= n && a.slice(i, i + COMPARE_CHUNK) === b.slice(i, i + COMPARE_CHUNK)) i += COMPARE_CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (
    i + COMPARE_CHUNK <= limit &&
    a.slice(a.length - i - COMPARE_CHUNK, a.length - i) === b.slice(b.length - i - COMPARE_CHUNK, b.length - i)
  ) {
    i += COMPARE_CHUNK;
  }
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

const IDENTITY: ReadonlySet<string> = new Set([
  "se-personnummer",
  "se-samordningsnummer",
  "no-fodselsnummer",
  "dk-cpr",
  "fi-henkilotunnus",
]);

/** Where a unit sits in the message: its thread section and whether it is in a signature. */
export interface Place {
  readonly section: number;
  readonly signature: boolean;
  /** A unit of the same section, before this one, names someone (for pronouns and "eleven"). */
  readonly antecedent: boolean;
  /** The unit right before, in the same paragraph, names someone in a non-generic sentence. */
  readonly previousNames: boolean;
  /** The unit right before, in the same paragraph, holds an identity number. */
  readonly previousId: boolean;
  /**
   * A neighbouring sentence of the same paragraph is about someone: the one before names someone or
   * points back at someone named ("Hon har inte sovit hemma. Vi behöver göra en orosanmälan."), or
   * the one after names someone ("… har gjort en polisanmälan. Det gäller Adrian i 8D.").
   */
  readonly neighbour: boolean;
  /** One of the next few lines of the same mail names someone (the rows of a list or table). */
  readonly nextNames: boolean;
  /** The mail (this section of the thread) is about "ditt barn" / "your son": one child. */
  readonly aboutKin: boolean;
  /**
   * An earlier sentence of this paragraph introduced a pupil in general ("if a student has a seizure",
   * "när ett barn far illa") after the last one named: "eleven", "the student" point to that one.
   */
  readonly hypothetical: boolean;
}

/** How many following units a list introduction or table header looks at. */
const LIST_LOOKAHEAD = 3;

/** Whether one of the next few body units of the same thread section names someone (list rows). */
function namesAhead(scans: readonly ParagraphScan[], i: number, u: number): boolean {
  let seen = 0;
  for (let p = i; p < scans.length; p++) {
    const units = scans[p]?.units ?? [];
    for (let k = p === i ? u + 1 : 0; k < units.length; k++) {
      const unit = units[k];
      if (unit === undefined || unit.kind === "break" || unit.kind === "signoff") return false;
      if (unit.kind === "body" && (unit.person & SPECIFIC) !== 0) return true;
      if (++seen >= LIST_LOOKAHEAD) return false;
    }
  }
  return false;
}

/** The next unit of the paragraph names someone in a plain sentence (not a routine or an event). */
function namesNext(units: readonly Unit[], u: number): boolean {
  const next = units[u + 1];
  return (
    next !== undefined &&
    next.continues &&
    !next.question &&
    next.kind === "body" &&
    !next.generic &&
    !next.event &&
    (next.person & SPECIFIC) !== 0
  );
}

/** Words that make a sentence with a symptom an everyday absence note or a visit in the day's plan. */
const ABSENCE_WORDS: ReadonlySet<string> = new Set(
  (
    "hemma borta ledig ledigt frånvarande stannar stanna stannade sent senare " +
    "tandläkartid tandläkartiden läkartid läkartiden " +
    "home off absent late stay stays staying appointment"
  ).split(" "),
);

/**
 * A sick-note or a visit in the day's logistics: "Adnan är magsjuk så han stannar hemma", "Elias is
 * home with a fever". Not a pick-up ("mamma hämtar honom"): the sets disagree on those.
 */
function isAbsenceNote(unit: Unit, label: string): boolean {
  for (const w of unit.words) if (ABSENCE_WORDS.has(w)) return true;
  // A dentist's time or check-up ("Selma har tid hos tandläkaren kl 10 (kontroll)"): the day's
  // logistics, as every writer of the independent set labels it; a dentist who mends a broken tooth
  // is found by the injury's words.
  if (label.startsWith("tandläkar") || label === "dentist") {
    for (const w of unit.words) if (APPOINTMENT_WORDS.has(w)) return true;
  }
  return false;
}
const APPOINTMENT_WORDS: ReadonlySet<string> = new Set(["kl", "tid", "kontroll", "check-up", "checkup"]);

/** The subject line of a pasted or quoted mail ("Ämne: …", "Subject: …"). */
function isSubjectLine(unit: Unit): boolean {
  const first = unit.words[0];
  return unit.field && (first === "ämne" || first === "subject" || first === "rubrik");
}

/**
 * Offence words that are the writer's job when "jag"/"I" is their subject: a report made and a theft
 * or damage to the school's property ("Jag har polisanmält skadegörelsen", "vi har haft flera
 * stölder") in a sentence about no one else, not a fact about the writer as the one accused.
 */
const WRITERS_REPORT =
  /^(?:polisanmäl|brottsanmälan|anmält till polisen|anmälde till polisen|anmält det|anmälde det|police report|reported it|reported this|we have reported|stöld|stulit|stulen|stulna|stole|theft|skadegörelse|klotter|vandal|inbrott|burglary|break-in)/u;

/** The writer as the one accused ("Jag har blivit anklagad för stöld"): about the writer after all. */
const ACCUSED: ReadonlySet<string> = new Set(
  "anklagad anklagades anklagats misstänkt misstänks misstänkts dömd dömdes åtalad åtalas gripen greps accused suspected charged convicted arrested".split(
    " ",
  ),
);

function categoryLevel(
  hit: ParagraphScan["categories"][number],
  unit: Unit,
  person: number,
  place: Place,
  broadcast: boolean,
): [Level, CategoryReason] {
  const m = hit.meaning;
  if (m.fixedLevel !== null) return [m.fixedLevel, "policy"];
  if (unit.kind !== "body" || place.signature) return ["low", "signature"];
  // A heading with text after its colon introduces that text, not the names below it.
  const listed = unit.intro && place.nextNames && !unit.event && !hit.label;
  if (hit.topic && !listed) return ["low", "topic"];
  const p = person;
  // Weak words (feber, kräkts, tandläkare) count only with the child named in the same sentence, and
  // at medium; very weak ones ("sjuk idag") never, nor a weak one in a sick-note or an appointment
  // ("Ebba är hemma med feber idag", "Freddie will be late: dentist appointment").
  if (m.weak) {
    // A mail's subject line ("Ämne: Yusuf tandläkare") names the matter; its body says what it is.
    return !m.veryWeak && (p & SPECIFIC) !== 0 && !unit.event && !isAbsenceNote(unit, m.label) && !isSubjectLine(unit)
      ? ["medium", "named"]
      : ["low", "weak"];
  }
  const high: Level = HIGH_CATEGORIES.has(hit.category) || hit.category === "protected-identity" ? "high" : "medium";
  // An identity number, initials or "eleven i 4B" in the same sentence: about that child.
  if ((p & (SPECIFIC & ~PERSON.name & ~PERSON.kin)) !== 0) return [high, "person"];
  // "Din son", "er dotter": that child, unless the mail goes to many or the sentence is generic.
  if ((p & PERSON.kin) !== 0 && !broadcast && !unit.generic && !unit.event) return [high, "person"];
  // A name in the same sentence, unless it is an event or routine ("en föreläsning med Anna om ADHD")
  // or the sentence is about a group or a service ("ni som har barn som tar medicin lämnar den till Alva").
  if ((p & PERSON.name) !== 0 && !unit.event && !unit.group) return [high, "named"];
  // A list introduction or table header with names in the rows below ("Följande elever har F i Ma1b:").
  if (listed) return [high, "list"];
  // A family about its own faith or origin ("Vi är troende kristna", "our faith"); these three do
  // not reach a line's heading ("Specialkost: jag har fått in 3 vegetarianer").
  // (Both this and the reader's own result below: a plain sentence, not a heading, not to many.)
  const ownFact = (person: number, category: string) =>
    !hit.label && (p & person) !== 0 && hit.category === category && !unit.generic && !unit.event && !broadcast;
  // Not the kitchen's "vi" ("Vi har fler specialkoster nu"): a diet is the kitchen's word, not a faith.
  if (ownFact(PERSON.we, "special-category") && !m.label.startsWith("specialkost")) return [high, "self"];
  // The writer about themselves ("jag fick en cancerdiagnos", "where I am a member"); not in a
  // question about any child ("Måste jag vara säker på att ett barn far illa innan jag anmäler?").
  if (
    !hit.label &&
    (p & PERSON.self) !== 0 &&
    !hit.selfApart &&
    !(unit.question && (p & PERSON.indefinite) !== 0) &&
    high === "high" &&
    !m.needsStrongLink &&
    !unit.generic &&
    !unit.event &&
    !(
      hit.category === "offence" &&
      (p & ~(PERSON.self | PERSON.we | PERSON.you)) === 0 &&
      WRITERS_REPORT.test(m.label) &&
      !unit.words.some((w) => ACCUSED.has(w))
    )
  ) {
    return [high, "self"];
  }
  // The reader about their own result ("du fick F på Fysik 1a", "you did not pass"), in a mail to one
  // person; other categories with "du" are mostly instructions to staff ("du har anmälningsplikt").
  if (ownFact(PERSON.you, "results")) return [high, "self"];
  if (unit.generic || unit.event) return ["low", "generic"];
  // A routine's step in the passive, with no one named before it in the mail or beside it.
  if (unit.routine && !place.antecedent && !place.neighbour) return ["low", "generic"];
  // "Hon", "eleven", "the student": someone named in the same mail of the thread.
  if ((p & ANAPHOR) !== 0 && place.antecedent) return [high, "pronoun"];
  // Protected identity about "eleven", "hen", "en elev": even unnamed, it is one child. Not "eleven"
  // in a routine's step with no one named before ("2. Handläggaren registrerar eleven med
  // skyddsmarkering"): any pupil, as for the other categories below.
  if (
    (p & (ANAPHOR | PERSON.indefinite)) !== 0 &&
    hit.category === "protected-identity" &&
    !(unit.item && !place.antecedent && (p & (PERSON.pronoun | PERSON.indefinite)) === 0)
  ) {
    return [high, "pronoun"];
  }
  // "Hon har astma." opening a sentence: someone the reader knows, in a mail to few.
  if ((p & PERSON.subjectPronoun) !== 0 && !broadcast) return [high, "pronoun"];
  // A mail to a parent about "ditt barn": its other sentences are about that child.
  if (place.aboutKin && !broadcast && !m.needsStrongLink) return [high, "pronoun"];
  // "Eleven har varit hos skolpsykologen", "the father has a restraining order": one person, in a
  // mail to few.
  // Not in a list item with no one named before: a routine's steps say "eleven" about any pupil
  // ("- Akutläkemedel bärs alltid nära eleven").
  // Not a rule's "eleven" with no one named before it ("anpassningar ska motsvara det eleven redan
  // har"): any pupil.
  if (
    (p & PERSON.definite) !== 0 &&
    !broadcast &&
    !place.hypothetical &&
    (!unit.item || place.antecedent) &&
    (place.antecedent || !unit.words.some((w) => RULE_MODALS.has(w)))
  ) {
    return [high, "pronoun"];
  }
  // Roles and services (kurator, skolsköterska) need someone in their own sentence.
  if (m.needsStrongLink) return ["low", "unlinked"];
  // Named in the sentence just before ("Patient: Vincent Larsson" / "Diagnos: ...").
  // Named in the line just before a form field ("Patient: Vincent Larsson" / "Diagnos: …"), or an
  // identity number in the sentence just before.
  // Not in a mail to many: "Keeping your child at home\n- A fever: … fever-reducing medicine" in a
  // handbook is the same "your child" as any reader's.
  if ((place.previousNames && unit.field && !broadcast) || place.previousId) return [high, "nearby"];
  if (place.neighbour && !broadcast) return [high, "neighbour"];
  return ["low", broadcast ? "broadcast" : "unlinked"];
}

/**
 * The words of a rule, a habit or a definition ("ska", "bör", "alltid", "brukar", "innebär",
 * "should", "usually", "means"): with no one named before it, "eleven" there is whichever pupil it
 * applies to ("Vi prioriterar ärenden där eleven har hög frånvaro" is how it usually goes; after
 * "Leo …", "Eleven brukar ha ont på måndagar" is still Leo).
 */
const RULE_MODALS: ReadonlySet<string> = new Set([
  "ska",
  "bör",
  "måste",
  "alltid",
  "ofta",
  "ibland",
  "brukar",
  "vanligtvis",
  "normalt",
  "innebär",
  "betyder",
  "should",
  "must",
  "always",
  "usually",
  "often",
  "normally",
  "means",
]);

/** How many units from the top a broadcast cue may be: the subject, the greeting, the first lines. */
const BROADCAST_TOP = 4;

/**
 * A mail to many announces itself at the top ("Veckobrev v. 12", "Hej alla vårdnadshavare!"); the
 * same words further down are mentions ("vi såg i veckobrevet att …").
 */
function isBroadcast(scans: readonly ParagraphScan[]): boolean {
  let seen = 0;
  for (const scan of scans) {
    if (scan.broadcastUnit >= 0 && seen + scan.broadcastUnit < BROADCAST_TOP) return true;
    seen += scan.units.length;
    if (seen >= BROADCAST_TOP) return false;
  }
  return false;
}

/** No units (the staff-only units of a paragraph in a mail without staff). */
const NO_UNITS: readonly number[] = [];

/**
 * Whether a sentence's person flags name someone a later "barnet" or "hen" can point back at. In a
 * mail to many, "ditt barn" alone is every reader's child ("Hej föräldrar! Prata med ditt barn …
 * även om det är barnet själv"). (decideParagraph() and transition() both follow this.)
 */
function namesSomeone(person: number, broadcast: boolean): boolean {
  const specific = person & SPECIFIC;
  return specific !== 0 && !(broadcast && specific === PERSON.kin);
}

/**
 * How a paragraph without category words changes the reading state, for each entering signature
 * state and in a mail to few or to many, as a small code kept on the scan (ScanMemo; see
 * transitionCode). A number in a field of the scan, not an object in an array in it: the 100,000
 * such paragraphs of the bench's 10 MB text are repeats of a few thousand scans spread over memory,
 * and each read fewer is a cache miss fewer.
 */
function transition(scan: ParagraphScan, signatureIn: boolean, broadcast: boolean): number {
  const known = broadcast
    ? signatureIn
      ? scan.plainSignedBroadcast
      : scan.plainBroadcast
    : signatureIn
      ? scan.plainSigned
      : scan.plain;
  if (known >= 0) return known;
  // The same reading as decideParagraph() of a paragraph without category words (its rules for
  // breaks, signatures, names and kin, which this must follow), entered with nobody named yet:
  // "named" then says whether someone was named since the last break (or at all, without a break).
  // Only the state is followed here (decideParagraph() builds records for its words).
  let breaks = 0;
  let signature = signatureIn;
  let named = false;
  let kin = false;
  for (const unit of scan.units) {
    if (unit.kind === "break") {
      breaks++;
      signature = false;
      named = false;
      kin = false;
    } else if (unit.kind === "signoff") {
      signature = true;
    } else if (signature && (unit.end - unit.start > 100 || unit.postscript)) {
      signature = false;
    }
    const body = unit.kind === "body" && !signature;
    if (body && namesSomeone(unit.person, broadcast)) named = true;
    if (body && (unit.person & PERSON.kin) !== 0 && !unit.generic && !unit.event && !unit.question) kin = true;
  }
  const code = transitionCode({ breaks, signature, named, kin });
  if (broadcast) {
    if (signatureIn) scan.plainSignedBroadcast = code;
    else scan.plainBroadcast = code;
  } else if (signatureIn) scan.plainSigned = code;
  else scan.plain = code;
  return code;
}

/**
 * transition()'s codes for `scan`, entered outside and inside a signature, in a mail to few and to
 * many, and the codes of
 * decideParagraph()'s exit for the same (tests only: the two must agree).
 */
export function transitionsOf(scan: ParagraphScan): { readonly own: number[]; readonly decided: number[] } {
  const entering: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  return {
    own: entering.map(([signature, broadcast]) => transition(scan, signature, broadcast)),
    decided: entering.map(([signature, broadcast]) =>
      transitionCode(
        decideParagraph([], 0, scan, { section: 0, signature, named: false, kin: false }, broadcast, 0, NO_UNITS).exit,
      ),
    ),
  };
}

/**
 * A transition as a number: the breaks times 8, then signature (4), named (2) and kin (1). `named`:
 * after a break, whether someone was named since the last break; else whether anyone was.
 */
function transitionCode(exit: ParagraphDecision["exit"]): number {
  return exit.breaks * 8 + (exit.signature ? 4 : 0) + (exit.named ? 2 : 0) + (exit.kin ? 1 : 0);
}

/**
 * The linker model's last word on a rule decision: it confirms a link, withdraws one in general
 * wording, or links a word in a mail that is plainly about one person. Organisation keywords,
 * headers and signatures, "sjuk idag", an unlinked heading and protected identity about someone are
 * the rules' alone.
 */
function weigh(e: Evidence, veryWeak: boolean): [Level, CategoryReason] {
  if (e.reason === "policy" || e.reason === "signature" || veryWeak) return [e.level, e.reason];
  // Protected identity about someone is never withdrawn: a leak can put a child in danger.
  if (e.category === "protected-identity" && e.level !== "low") return [e.level, e.reason];
  const likely = probability(e) >= THRESHOLD;
  // A word the rules read as a topic ("en modell av hur insulinet fungerar") stays one: the model
  // links words the rules left unlinked, it does not overrule their reading of the sentence. Nor does
  // it link a service the rules left unlinked ("Jag har pratat med kurator Dilan …", "… svar från
  // BUP" in a mail to two named pupils about a lecture): a care word is a visit only when a sentence
  // says so, and the model's "likely" on such words flagged about three clean mails for each
  // sensitive one it found (7 December 2026, every part but the test half).
  if (likely && e.level === "low" && e.reason !== "topic" && e.category !== "care") {
    const level: Level = e.weak
      ? "medium"
      : HIGH_CATEGORIES.has(e.category) || e.category === "protected-identity"
        ? "high"
        : "medium";
    return [level, "likely"];
  }
  if (!likely && e.level !== "low") return ["low", "general"];
  return [e.level, e.reason];
}

/** What the linker saw for one category word (for training and tests; not part of the public API). */
export interface Evidence {
  readonly category: Category;
  readonly term: string;
  readonly level: Level;
  readonly reason: CategoryReason;
  readonly unit: Unit;
  /** The unit's PERSON flags as the reading took them (no name when it names only staff). */
  readonly person: number;
  readonly place: Place;
  readonly topic: boolean;
  readonly weak: boolean;
  readonly role: boolean;
  readonly broadcast: boolean;
  /** Identity numbers at medium or high anywhere in the message. */
  readonly identities: number;
}

/** The reading state when a paragraph starts. */
interface ReadingState {
  readonly section: number;
  readonly signature: boolean;
  readonly named: boolean;
  readonly kin: boolean;
}

/** A paragraph's decided category words (in `scan.categories` order) and the state after it. */
interface ParagraphDecision {
  readonly levels: readonly Level[];
  readonly explanations: readonly Explanation[];
  readonly exit: {
    readonly breaks: number;
    readonly signature: boolean;
    readonly named: boolean;
    readonly kin: boolean;
  };
}

/** Most list introductions with a category word that a small-number memo key holds. */
const AHEAD_BITS = 5;

/**
 * The memo key of a paragraph's decision: the entering state, the message-wide facts and what
 * namesAhead() says for each list introduction with a category word. A small integer in the common
 * case (no string to build and hash per paragraph and keystroke); a string when it does not fit.
 */
function decisionKey(
  scans: readonly ParagraphScan[],
  i: number,
  scan: ParagraphScan,
  state: ReadingState,
  broadcast: boolean,
  identities: number,
): number | string {
  let ahead = 1; // a leading 1, then one bit per introduction
  let count = 0;
  for (const hit of scan.categories) {
    if (scan.units[hit.unit]?.intro !== true) continue;
    ahead = 2 * ahead + (namesAhead(scans, i, hit.unit) ? 1 : 0);
    count++;
  }
  const flags =
    (state.section > 0 ? 1 : 0) |
    (state.signature ? 2 : 0) |
    (state.named ? 4 : 0) |
    (state.kin ? 8 : 0) |
    (broadcast ? 16 : 0);
  // Below 2^30: a small integer, which allocates nothing.
  if (count <= AHEAD_BITS && identities < 1 << 16) return (identities * 32 + flags) * 64 + ahead;
  let bits = "";
  for (const hit of scan.categories) {
    if (scan.units[hit.unit]?.intro === true) bits += namesAhead(scans, i, hit.unit) ? "1" : "0";
  }
  return `${String(flags)}:${String(identities)}:${bits}`;
}

function decideParagraph(
  scans: readonly ParagraphScan[],
  i: number,
  scan: ParagraphScan,
  entering: ReadingState,
  broadcast: boolean,
  identities: number,
  staffUnits: readonly number[],
  observe?: (evidence: Evidence) => void,
): ParagraphDecision {
  let { section, signature, named, kin } = entering;
  const levels: Level[] = [];
  const explanations: Explanation[] = [];
  const cats = scan.categories;
  let h = 0;
  let previous = false;
  let previousId = false;
  let previousLinked = false;
  let breaks = 0;
  let hypothetical = false;
  let nextStaff = 0; // the next of staffUnits (sorted) not yet reached
  const units = scan.units;
  for (let u = 0; u < units.length; u++) {
    const unit = units[u] as Unit;
    // A unit named only by staff ("Mats berättade att elevhälsan utökas med en kurator", Mats being
    // "Mats Hultgren (rektor)" above) names no one, until a pupil has been named: then it is often
    // what staff do in that pupil's case ("1. Zainab Hussein 7B" / "Leila remitterar till vårdcentralen").
    // (The flags as read, not a copy of the unit: a copy per call was 2 MB of garbage a 10 MB pass.)
    const staffOnly = staffUnits[nextStaff] === u;
    if (staffOnly) nextStaff++;
    const person = !named && staffOnly ? unit.person & ~PERSON.name : unit.person;
    // How breaks, signatures, names and kin move the state: transition() follows the same rules for a
    // paragraph without category words, and must change with them.
    if (unit.kind === "break") {
      section++;
      breaks++;
      signature = false;
      named = false;
      kin = false;
    } else if (unit.kind === "signoff") {
      signature = true;
    } else if (signature && (unit.end - unit.start > 100 || unit.postscript)) {
      signature = false; // prose again: a P.S. or a mail quoted without a header
    }
    const body = unit.kind === "body" && !signature;
    const specific = body && (person & SPECIFIC) !== 0;
    const namesOne = body && namesSomeone(person, broadcast);
    // "When should my child stay at home?" heads a section of a handbook: no mail about one child.
    const ownKin = body && (person & PERSON.kin) !== 0 && !unit.generic && !unit.event && !unit.question;
    if (h < cats.length && cats[h]?.unit === u) {
      const place: Place = {
        section,
        signature,
        antecedent: (named && !hypothetical) || namesOne,
        previousNames: previous,
        previousId,
        // The next sentence's name only when this one has no pronoun of its own pointing elsewhere.
        neighbour: (previousLinked && unit.continues) || ((person & ANAPHOR) === 0 && namesNext(scan.units, u)),
        nextNames: unit.intro && namesAhead(scans, i, u),
        aboutKin: kin || ownKin,
        hypothetical,
      };
      for (let hit = cats[h]; hit !== undefined && hit.unit === u; hit = cats[++h]) {
        const [ruled, why] = categoryLevel(hit, unit, person, place, broadcast);
        const evidence: Evidence = {
          category: hit.category,
          term: hit.meaning.label,
          level: ruled,
          reason: why,
          unit,
          person,
          place,
          topic: hit.topic,
          weak: hit.meaning.weak,
          role: hit.meaning.needsStrongLink,
          broadcast,
          identities,
        };
        observe?.(evidence);
        // A sick-note stays low whatever the mail around it says; so does a line's heading the rules
        // left unlinked ("Specialkost: please send me a list …"): what the line says is after its colon.
        const [level, reason] = weigh(
          evidence,
          hit.meaning.veryWeak ||
            (hit.meaning.weak && (isAbsenceNote(unit, hit.meaning.label) || isSubjectLine(unit))) ||
            (hit.label && ruled === "low"),
        );
        levels.push(level);
        explanations.push(categoryExplanation(hit.category, hit.meaning.label, reason));
      }
    }
    previous = specific && !unit.generic && !unit.event && !unit.question;
    previousId = unit.kind === "body" && (person & PERSON.id) !== 0;
    // A question ("When should my child stay at home?") is no statement about anyone.
    previousLinked =
      !unit.question &&
      (previous || (body && !unit.generic && !unit.event && (person & ANAPHOR) !== 0 && (named || specific)));
    // "if a student has a seizure", "när ett barn far illa": a hypothetical pupil, until someone is named.
    if (namesOne) {
      named = true;
      hypothetical = false;
    } else if (body && (person & PERSON.indefinite) !== 0) {
      hypothetical = true;
    }
    if (ownKin) kin = true;
  }
  return { levels, explanations, exit: { breaks, signature, named, kin } };
}

/** What decide() needs from the whole message before it reads it in order. */
interface Tally {
  /** How many findings it can report: every identifier, category word and custom pattern. */
  readonly findings: number;
  /** Identity numbers at medium or high in the message. */
  readonly identities: number;
  readonly anyCategory: boolean;
  /**
   * The first names the mail gives a job anywhere ("rektor Anna Berg", "Mats Hultgren (rektor)",
   * "Eva, kurator"), or undefined when it gives none or has no category word: a colleague named
   * again later ("Mats berättade …") is that colleague, not a pupil the sentence is about.
   */
  readonly staff: ReadonlySet<string> | undefined;
}

/**
 * The message's tally in one pass over its paragraphs (133,000 in the bench's 10 MB text; four passes
 * each reading every scan again cost about 4 ms of a 230 ms pass). A function of its own: in one
 * function with the reading below, the compiler's copy of this loop did not yet know the calls after
 * it, and each large text threw that copy away there.
 */
function tally(scans: readonly ParagraphScan[]): Tally {
  let findings = 0;
  let identities = 0;
  let anyCategory = false;
  let staff: Set<string> | undefined;
  for (let i = 0; i < scans.length; i++) {
    const scan = scans[i];
    if (scan === undefined) continue;
    const names = scan.staff;
    if (names.length > 0) {
      staff ??= new Set();
      for (let k = 0; k < names.length; k++) staff.add(names[k] ?? "");
    }
    if (scan.hits === 0) continue;
    findings += scan.hits;
    if (scan.categories.length > 0) anyCategory = true;
    for (const id of scan.identifiers) if (IDENTITY.has(id.type) && id.level !== "low") identities++;
  }
  return { findings, identities, anyCategory, staff: anyCategory ? staff : undefined };
}

/** Staff-only units up to this index fit a memo key as bits beside a numeric key (below 2^51). */
const STAFF_BITS = 21;

/**
 * A decision's memo key with the paragraph's staff-only units: the units as bits beside a numeric
 * key, negated so it never equals a key without them (no string to build per paragraph and call in
 * a long text that names staff); else a string.
 */
function withStaffUnits(key: number | string, units: readonly number[]): number | string {
  if (typeof key === "number" && (units[units.length - 1] ?? 0) < STAFF_BITS) {
    let mask = 0;
    for (const u of units) mask |= 1 << u;
    return -(key * 2 ** STAFF_BITS + mask) - 1;
  }
  return `${String(key)}|${units.join(",")}`;
}

const NO_NAMES: readonly string[] = [];

/** The units of `scan` with a category word whose every name is staff (in the possessive too: "Britts"). */
function staffOnlyUnits(scan: ParagraphScan, staff: ReadonlySet<string>): readonly number[] {
  // Once per scan and mail: a paragraph repeated in a long text asks again with the same staff.
  if (scan.staffFor === staff && scan.staffUnits !== undefined) return scan.staffUnits;
  const units = staffOnlyUnitsOf(scan, staff);
  scan.staffFor = staff;
  scan.staffUnits = units;
  return units;
}

/** The work of {@link staffOnlyUnits}. */
function staffOnlyUnitsOf(scan: ParagraphScan, staff: ReadonlySet<string>): readonly number[] {
  let out: number[] | undefined;
  for (const hit of scan.categories) {
    const names = scan.units[hit.unit]?.names ?? NO_NAMES;
    // The hits come in the order of their units: a unit already taken is the last one taken.
    if (names.length === 0 || out?.[out.length - 1] === hit.unit) continue;
    if (names.every((n) => nameIn(staff, n))) (out ??= []).push(hit.unit);
  }
  return out ?? NO_UNITS;
}

/** Findings in order of position: by start, then by end. */
const byPosition = (a: Finding, b: Finding): number => a.start - b.start || a.end - b.end;

/**
 * Sorts one paragraph's findings, `findings[from, to)`, by position, ties kept in order (the sort is
 * stable). A paragraph's findings lie inside it and paragraphs come in order, so this sorts the
 * message's findings as one sort of all of them did, without that sort (54,000 findings in the
 * bench's 10 MB text, of which a few hundred are out of order).
 */
function sortRange(findings: Finding[], from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    if (byPosition(findings[k - 1] as Finding, findings[k] as Finding) > 0) {
      const sorted = findings.slice(from, to).sort(byPosition);
      for (let j = 0; j < sorted.length; j++) findings[from + j] = sorted[j] as Finding;
      return;
    }
  }
}

/** Decides every finding of a message; paragraph `i` starts at `bounds[2 * i]` (see paragraphs()). */
function decide(
  scans: readonly ParagraphScan[],
  bounds: Int32Array,
  observe?: (evidence: Evidence) => void,
): DetectionResult {
  // Sized once: pushing the 54,000 findings of the bench's 10 MB text grew the array step by step
  // (copying it each time) and cost about a tenth of the time outside the paragraph scans.
  const { findings: count, identities, anyCategory, staff } = tally(scans);
  const findings = new Array<Finding>(count);
  let n = 0;
  const broadcast = anyCategory && isBroadcast(scans);
  // The message read in order (only when some paragraph has a category word): thread sections,
  // signatures, and who was named before.
  let section = 0;
  let signature = false;
  let named = false;
  let kin = false;
  for (let i = 0; i < scans.length; i++) {
    const scan = scans[i];
    if (scan === undefined) continue;
    // Most paragraphs have nothing to report: their three lists are not read at all.
    const plain = scan.hits === 0 || scan.categories.length === 0;
    if (anyCategory && plain) {
      // No category word here: only how the paragraph moves the reading state matters (cached).
      const t = transition(scan, signature, broadcast);
      if (t >= 8) {
        section += t >> 3;
        named = (t & 2) !== 0;
        kin = (t & 1) !== 0;
      } else {
        named ||= (t & 2) !== 0;
        kin ||= (t & 1) !== 0;
      }
      signature = (t & 4) !== 0;
    }
    if (scan.hits === 0) continue;
    const offset = bounds[2 * i] ?? 0;
    const first = n;
    for (const id of scan.identifiers) {
      // Several identity numbers in one message (a class list) are stronger evidence together.
      const several = identities >= 2 && id.level === "medium" && IDENTITY.has(id.type);
      findings[n++] = {
        type: id.type,
        category: "identifier",
        start: id.start + offset,
        end: id.end + offset,
        level: several ? "high" : id.level,
        explanation: several ? severalExplanation(id.explanation) : id.explanation,
      };
    }
    if (anyCategory && !plain) {
      // The words' levels depend only on the paragraph, the state the reading enters it with, the
      // message-wide facts and the list rows after it: remembered per paragraph scan, so a
      // keystroke elsewhere in a long draft re-weighs nothing here (and allocates almost nothing).
      const state: ReadingState = { section, signature, named, kin };
      let decided: ParagraphDecision | undefined;
      const staffUnits = staff === undefined ? NO_UNITS : staffOnlyUnits(scan, staff);
      if (observe === undefined) {
        let key = decisionKey(scans, i, scan, state, broadcast, identities);
        if (staffUnits.length > 0) key = withStaffUnits(key, staffUnits);
        // Decisions remembered per paragraph scan and entering state.
        let byKey = scan.decided as Map<number | string, ParagraphDecision> | undefined;
        if (byKey === undefined) {
          byKey = new Map();
          scan.decided = byKey;
        }
        decided = byKey.get(key);
        if (decided === undefined) {
          decided = decideParagraph(scans, i, scan, state, broadcast, identities, staffUnits);
          byKey.set(key, decided);
        }
      } else {
        decided = decideParagraph(scans, i, scan, state, broadcast, identities, staffUnits, observe);
      }
      const cats = scan.categories;
      for (let h = 0; h < cats.length; h++) {
        const hit = cats[h];
        const explanation = decided.explanations[h];
        if (hit === undefined || explanation === undefined) continue; // every word has one (decideParagraph)
        findings[n++] = {
          type: "category",
          category: hit.category,
          start: hit.start + offset,
          end: hit.end + offset,
          level: decided.levels[h] ?? "low",
          explanation,
        };
      }
      section += decided.exit.breaks;
      signature = decided.exit.signature;
      named = decided.exit.named;
      kin = decided.exit.kin;
    }
    for (const c of scan.customs) {
      findings[n++] = {
        type: "custom",
        category: c.category,
        start: c.start + offset,
        end: c.end + offset,
        level: c.level,
        explanation: customExplanation(c.name, c.category, c.level),
      };
    }
    sortRange(findings, first, n);
  }
  findings.length = n;
  return { sensitive: findings.some((f) => f.level !== "low"), findings };
}

/**
 * A copy of `part` that does not keep the whole draft alive: a slice of a 20 KB draft would pin
 * every old draft in the cache and make each garbage collection copy them.
 */
function ownCopy(part: string): string {
  const joined = ` ${part}`;
  Number(joined); // flattens the concatenation, so the slice below points into a small string
  return joined.slice(1);
}

/** Scans each paragraph of `text` (collectEvidence: no dedupe, every paragraph scanned). */
function scanParagraphs(
  text: string,
  scan: (paragraph: string) => ParagraphScan,
): { scans: ParagraphScan[]; bounds: Int32Array } {
  const bounds = paragraphs(text);
  const scans = new Array<ParagraphScan>(bounds.length / 2);
  for (let i = 0; i < scans.length; i++) scans[i] = scan(text.slice(bounds[2 * i], bounds[2 * i + 1]));
  return { scans, bounds };
}

/**
 * Most paragraphs of one length and shape that detect() remembers (more are scanned each time). Not
 * 8: mail written from a template (a signature with another name or class, a receipt with another
 * card number) shares length and shape, up to 19 distinct paragraphs in the bench corpus, and each
 * paragraph past the eighth was scanned again at every repeat (784 of 5,788 scans a pass).
 */
const SHAPE_BUCKET = 32;

/**
 * The paragraphs scanOnce() remembers, as a chain per slot of a hash table on their shape, in typed
 * arrays kept from one call to the next (a Map of arrays of records was made afresh at each call,
 * its table a large allocation in a 10 MB text). Entries count from 1; 0 ends a chain.
 */
let slots: Int32Array = new Int32Array(0); // per slot: the last paragraph remembered in its chain
let chain: Int32Array = new Int32Array(0); // per remembered paragraph: the one before it in its chain
let shapes: Int32Array = new Int32Array(0); // per remembered paragraph: its shape
let indexes: Int32Array = new Int32Array(0); // per remembered paragraph: its index in the message
const remembered: string[] = []; // per remembered paragraph: its text (emptied by detect())

/**
 * The one-shot dedupe of detect(): a paragraph repeated in the text (a greeting, a quoted signature)
 * is scanned once. Paragraphs are found again by their length and three of their characters and then
 * compared, rather than hashing the text of every paragraph for a Map (a tenth of a large scan). The
 * paragraphs after a repeated one are often repeated in the same order too (a quoted reply, a mail
 * pasted twice): repeatedRun() takes those over with one comparison for several of them.
 * It calls scanParagraph() itself: given a closure made afresh by each detect() call, its compiled
 * code held that closure and was thrown away when the closure died, so every call of a process that
 * calls detect() again (the attachment worker, the bench's passes) ran its loop uncompiled at first.
 */
function scanOnce(
  text: string,
  bounds: Int32Array,
  scans: ParagraphScan[],
  rules: CompiledRules,
  today: Today,
): ParagraphScan[] {
  const count = bounds.length / 2;
  // Every entry is written below (a paragraph's own scan, or the scan of the paragraph it repeats).
  scans.length = count;
  // At least twice as many slots as remembered paragraphs, a power of two (the slot is the top bits
  // of a hash), doubled as they come: sized for all the paragraphs of the bench's 10 MB text, the
  // table was 512 KB for its 5,004 distinct ones, and nearly every lookup missed the cache.
  let bits = 6;
  slots = rehashed(slots, bits, 0);
  let seen = 0;
  for (let i = 0; i < count; i++) {
    const paragraph = text.slice(bounds[2 * i], bounds[2 * i + 1]);
    const n = paragraph.length;
    // Below 2^30: a small integer key, which allocates nothing.
    const shape =
      (((n * 31 + paragraph.charCodeAt(0)) * 31 + paragraph.charCodeAt(n >> 1)) * 31 + paragraph.charCodeAt(n - 1)) &
      0x3fffffff;
    let slot = Math.imul(shape, 0x9e3779b1) >>> (32 - bits);
    let earlier = -1;
    let together = 0; // paragraphs after this one found again with it (see alongside())
    let alike = 0; // remembered paragraphs of this shape
    for (let k = slots[slot] ?? 0; k > 0; k = chain[k - 1] ?? 0) {
      if (shapes[k - 1] !== shape) continue;
      const copy = indexes[k - 1] ?? 0;
      together = alongside(text, bounds, copy, i);
      if (together > 0 || remembered[k - 1] === paragraph) {
        earlier = copy;
        break;
      }
      alike++;
    }
    if (earlier < 0) {
      scans[i] = scanParagraph(paragraph, rules, today);
      if (alike < SHAPE_BUCKET) {
        if (2 * (seen + 1) > 1 << bits) {
          slots = rehashed(slots, ++bits, seen);
          slot = Math.imul(shape, 0x9e3779b1) >>> (32 - bits);
        }
        if (seen === shapes.length) {
          shapes = grown(shapes);
          chain = grown(chain);
          indexes = grown(indexes);
        }
        shapes[seen] = shape;
        indexes[seen] = i;
        chain[seen] = slots[slot] ?? 0;
        remembered[seen++] = paragraph;
        slots[slot] = seen;
      }
    } else {
      for (let j = 0; j <= together; j++) scans[i + j] = scans[earlier + j] as ParagraphScan;
      i += together + repeatedRun(text, bounds, earlier + together, i + together, scans);
    }
  }
  return scans;
}

/**
 * Most paragraphs after a looked-up one that alongside() compares with it: a mail's worth (the
 * bench's mails have four on average). A comparison that fails stops at the first difference.
 */
const ALONGSIDE = 16;

/**
 * How many paragraphs after paragraph `i` (at most ALONGSIDE) are found again with it after its
 * possible copy `earlier`, both compared in one comparison: those whose offsets agree with the ones
 * after `earlier`, and then the text from the start of `i` to the end of the last of them. 0 when
 * none agree or the text differs (then `i` alone may still equal `earlier`). A mail of a few
 * paragraphs found again costs one comparison instead of one for its first paragraph and one or two
 * for the run after it (repeatedRun), each about 60 ns of call and two slices before its text.
 */
function alongside(text: string, bounds: Int32Array, earlier: number, i: number): number {
  const shift = (bounds[2 * i] ?? 0) - (bounds[2 * earlier] ?? 0);
  const n = agreeing(bounds, earlier, i, shift, ALONGSIDE);
  if (n === 0) return 0;
  const from = bounds[2 * i] ?? 0;
  const to = bounds[2 * (i + n) + 1] ?? 0;
  return text.slice(from, to) === text.slice(from - shift, to - shift) ? n : 0;
}

/**
 * `table` (or a larger one) with its first 2^bits slots holding the chains of the first `seen`
 * remembered paragraphs, in the order they were remembered (each chain's last first).
 */
function rehashed(table: Int32Array, bits: number, seen: number): Int32Array {
  const size = 1 << bits;
  const out = table.length < size ? new Int32Array(size) : table;
  out.fill(0, 0, size);
  for (let e = 0; e < seen; e++) {
    const slot = Math.imul(shapes[e] ?? 0, 0x9e3779b1) >>> (32 - bits);
    chain[e] = out[slot] ?? 0;
    out[slot] = e + 1;
  }
  return out;
}

/** The number of paragraphs repeatedRun() compares at first; each comparison that holds doubles it. */
const FIRST_RUN = 2;

/**
 * How many paragraphs after paragraph `i` repeat, in order and with the same text between them,
 * those after the equal paragraph `earlier`; their scans are copied into `scans`. Saves slicing,
 * hashing and comparing each of them (most of a 10 MB pass over repeated mail). Paragraphs are
 * compared in chunks of doubling size, each with one comparison of the text from the end of the
 * last paragraph taken to the end of the chunk, once their offsets agree; a chunk that differs ends
 * the run, so the comparisons cost at most about twice the text they take over plus one chunk.
 */
function repeatedRun(text: string, bounds: Int32Array, earlier: number, i: number, scans: ParagraphScan[]): number {
  const shift = (bounds[2 * i] ?? 0) - (bounds[2 * earlier] ?? 0);
  let taken = 0;
  for (let chunk = FIRST_RUN; ; chunk *= 2) {
    const n = agreeing(bounds, earlier + taken, i + taken, shift, chunk);
    if (n === 0) return taken;
    const from = bounds[2 * (i + taken) + 1] ?? 0;
    const to = bounds[2 * (i + taken + n) + 1] ?? 0;
    if (text.slice(from, to) !== text.slice(from - shift, to - shift)) return taken;
    for (let j = 1; j <= n; j++) scans[i + taken + j] = scans[earlier + taken + j] as ParagraphScan;
    taken += n;
    if (n < chunk) return taken;
  }
}

/**
 * How many paragraphs after paragraph `i` (at most `most`) lie where those after paragraph
 * `earlier` lie, moved by `shift`: the same lengths and the same gaps between them.
 */
function agreeing(bounds: Int32Array, earlier: number, i: number, shift: number, most: number): number {
  const count = bounds.length / 2;
  let n = 0;
  while (n < most && i + n + 1 < count) {
    const next = 2 * (i + n + 1);
    const before = 2 * (earlier + n + 1);
    if ((bounds[before] ?? 0) + shift !== bounds[next] || (bounds[before + 1] ?? 0) + shift !== bounds[next + 1]) break;
    n++;
  }
  return n;
}

/** A scanner's cached paragraph: its scan and the update that last used it. */
interface CacheEntry {
  readonly scan: ParagraphScan;
  used: number;
}

/** Creates an incremental scanner (compiling the policy once; cached per policy object). */
export function createScanner(options: ScanOptions = {}): Scanner {
  const rules = rulesFor(options.policy ?? DEFAULT_POLICY);
  const clock = options.clock ?? (() => new Date());
  // Paragraph text -> its entry. Stale entries are swept only when the cache has grown to twice the
  // live size, so a keystroke allocates almost nothing.
  let cache = new Map<string, CacheEntry>();
  let cacheDay = -1;
  let generation = 0;
  // The last update: its text, paragraph bounds and entries in order. An edit changes the text
  // between a common prefix and a common suffix; the paragraphs wholly inside those are the same
  // entries again, found without slicing, comparing or hashing each of them.
  let lastText = "";
  let lastBounds: Int32Array = new Int32Array(0);
  let last: CacheEntry[] = [];
  // Arrays for the next update, reused so that a keystroke allocates none (decide() keeps none).
  let spareBounds: Int32Array = new Int32Array(0);
  let spare: CacheEntry[] = [];
  const scans: ParagraphScan[] = [];

  const lookUp = (paragraph: string, today: Today): CacheEntry => {
    let entry = cache.get(paragraph);
    if (entry === undefined) {
      const own = ownCopy(paragraph);
      entry = { scan: scanParagraph(paragraph, rules, today), used: generation };
      cache.set(own, entry);
    }
    return entry;
  };

  return {
    update(text: string): DetectionResult {
      if (typeof text !== "string") throw new DetectionError("INVALID_INPUT", "text must be a string");
      const today: Today = todayFrom(clock());
      if (today.key !== cacheDay) {
        cache = new Map();
        lastText = "";
        lastBounds = new Int32Array(0);
        last = [];
        cacheDay = today.key;
      }
      generation++;
      const bounds = paragraphs(text, spareBounds);
      const count = bounds.length / 2;
      const prefix = commonPrefix(lastText, text);
      const suffixStart = text.length - commonSuffix(lastText, text, Math.min(lastText.length, text.length) - prefix);
      const shift = text.length - lastText.length;
      const fromEnd = last.length - count;
      const entries = spare;
      entries.length = count;
      scans.length = count;
      for (let i = 0; i < count; i++) {
        const start = bounds[2 * i] ?? 0;
        const end = bounds[2 * i + 1] ?? 0;
        const j = i + fromEnd;
        let entry: CacheEntry | undefined;
        if (end <= prefix && lastBounds[2 * i] === start && lastBounds[2 * i + 1] === end) entry = last[i];
        else if (start >= suffixStart && lastBounds[2 * j] === start - shift && lastBounds[2 * j + 1] === end - shift) {
          entry = last[j];
        }
        entry ??= lookUp(text.slice(start, end), today);
        entry.used = generation;
        entries[i] = entry;
        scans[i] = entry.scan;
      }
      spare = last;
      spareBounds = lastBounds;
      last = entries;
      lastBounds = bounds;
      lastText = text;
      if (cache.size > 2 * count + 64) {
        for (const [key, entry] of cache) if (entry.used !== generation) cache.delete(key);
      }
      return decide(scans, bounds);
    },
  };
}

/** Scans `text` once and reports what the linker saw for each category word (training and tests only). */
export function collectEvidence(text: string, options: ScanOptions = {}): Evidence[] {
  const rules = rulesFor(options.policy ?? DEFAULT_POLICY);
  const today = todayFrom((options.clock ?? (() => new Date()))());
  const { scans, bounds } = scanParagraphs(text, (paragraph) => scanParagraph(paragraph, rules, today));
  const out: Evidence[] = [];
  decide(scans, bounds, (e) => out.push(e));
  return out;
}

/**
 * detect()'s paragraph bounds and its array of scans, kept from one call to the next: for a 10 MB
 * text they hold 266,802 and 133,401 entries, and making them afresh took about 3 ms each a call (a
 * large allocation's new memory is faulted in page by page, which costs most on a virtual machine).
 * The scans are emptied after each call, as are scanOnce()'s remembered paragraphs: they must not
 * keep a message alive.
 */
let detectBounds: Int32Array | undefined;
const detectScans: ParagraphScan[] = [];

/**
 * Scans a whole text once.
 * @returns every finding (UTF-16 offsets) and whether to propose a secure message.
 * @throws DetectionError `INVALID_INPUT` when `text` is not a string.
 */
export function detect(text: string, options: ScanOptions = {}): DetectionResult {
  const rules = rulesFor(options.policy ?? DEFAULT_POLICY);
  if (typeof text !== "string") throw new DetectionError("INVALID_INPUT", "text must be a string");
  const today = todayFrom((options.clock ?? (() => new Date()))());
  const bounds = paragraphs(text, detectBounds);
  detectBounds = bounds;
  try {
    return decide(scanOnce(text, bounds, detectScans, rules, today), bounds);
  } finally {
    (detectScans as (ParagraphScan | undefined)[]).fill(undefined);
    // The shapes are a hash of each paragraph's length and three of its characters: not kept either.
    shapes.fill(0, 0, remembered.length);
    remembered.length = 0;
  }
}
