// Generates the labelled evaluation set (eval/data.jsonl) from seeded templates.
//   tsx eval/generate.ts [--seed N] [--count N]
// Labels come from how each text is built, never from running the detector (this file does not
// import src/detection). Each line: { id, lang, kind, text, sensitive, identifiers, categories }.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  cardNumber,
  danishNumber,
  finnishNumber,
  int,
  invalidDateLuhn,
  norwegianNumber,
  ocrNumber,
  OFFICIAL_FINNISH,
  OFFICIAL_NORWEGIAN,
  OFFICIAL_SWEDISH,
  organisationNumber,
  pick,
  seeded,
  swedishIban,
  swedishNumber,
  writeSwedish,
  type Rng,
  type SwedishForm,
  type SwedishNumber,
} from "./numbers.ts";

export type GoldLevel = "high" | "medium";
export interface GoldIdentifier {
  type: string;
  start: number;
  end: number;
  level: GoldLevel;
}
export interface GoldCategory {
  category: string;
  linked: boolean;
}
export interface Sample {
  id: string;
  lang: "sv" | "en";
  kind: string;
  text: string;
  sensitive: boolean;
  identifiers: GoldIdentifier[];
  categories: GoldCategory[];
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const CHILDREN = [
  "Tindra",
  "Wilmer",
  "Nelly",
  "Ebbe",
  "Kian",
  "Dante",
  "Idun",
  "Vide",
  "Malte",
  "Juno",
  "Alvin",
  "Colin",
  "Tage",
  "Elis",
  "Lykke",
  "Ture",
  "Svea",
  "Milo",
  "Noelle",
  "Hamza",
  "Yara",
  "Sami",
  "Leia",
  "Otto",
  "Astrid",
  "Elsa",
  "Hugo",
  "Liam",
  "Maja",
  "Nils",
  "Olivia",
  "Sixten",
  "Ebba",
  "Amir",
  "Fatima",
  "Theo",
  // less common names, to measure names the detector does not know
  "Zelda",
  "Vilgot",
  "Orvar",
  "Dorotea",
  "Tyko",
  "Bianca",
  "Ivy",
  "Henning",
  "Ilse",
  "Kaspian",
  "Rosa",
  "Elton",
];
const SURNAMES = ["Lind", "Berg", "Holm", "Nyström", "Ekman", "Sandberg", "Öberg", "Karimi", "Haddad", "Virtanen"];
const STAFF = ["Karin Ek", "Jonas Ström", "Lena Wall", "Per Sjö", "Mona Dahl", "Erik Falk", "Sofia Alm"];
const CLASSES = ["4B", "5A", "7C", "8B", "9A", "3C", "6B", "2A"];
const SUBJECTS_SV = ["matte", "svenska", "engelska", "NO", "SO", "idrott", "bild", "slöjd"];
const SUBJECTS_EN = ["maths", "English", "science", "history", "PE", "art", "music"];

interface Ctx {
  rng: Rng;
  child: string;
  full: string;
  cls: string;
  staff: string;
  subject: string;
}

/** Text with identifier slots: `{ID}` placeholders are filled in order and their spans recorded. */
interface Piece {
  text: string;
  ids?: { value: string; type: string; level: GoldLevel | null }[];
}

function assemble(pieces: Piece[]): { text: string; identifiers: GoldIdentifier[] } {
  let text = "";
  const identifiers: GoldIdentifier[] = [];
  for (const piece of pieces) {
    const parts = piece.text.split("{ID}");
    parts.forEach((part, i) => {
      text += part;
      const id = piece.ids?.[i];
      if (i < parts.length - 1 && id !== undefined) {
        const start = text.length;
        text += id.value;
        if (id.level !== null) identifiers.push({ type: id.type, start, end: text.length, level: id.level });
      }
    });
  }
  return { text, identifiers };
}

const fill = (c: Ctx, s: string): string =>
  s
    .replaceAll("{child}", c.child)
    .replaceAll("{full}", c.full)
    .replaceAll("{class}", c.cls)
    .replaceAll("{staff}", c.staff)
    .replaceAll("{subject}", c.subject);

function greetingSv(c: Ctx): string {
  return pick(c.rng, [`Hej ${c.staff.split(" ")[0] ?? ""}!`, "Hej!", "Hejsan,", "Hej,", `Hej ${c.staff}`]);
}
function signSv(c: Ctx): string {
  return pick(c.rng, [
    `Med vänliga hälsningar\n${c.staff}\nMentor ${c.cls}`,
    "Mvh\nAnna Karlsson",
    `Hälsningar\n${c.staff}`,
    "Tack på förhand!\nPeter",
    `/${c.staff.split(" ")[0] ?? ""}`,
  ]);
}
function greetingEn(c: Ctx): string {
  return pick(c.rng, ["Hi,", "Hello,", `Dear ${c.staff},`, "Good morning,", `Hi ${c.staff.split(" ")[0] ?? ""},`]);
}
function signEn(c: Ctx): string {
  return pick(c.rng, [
    `Kind regards,\n${c.staff}`,
    "Best wishes,\nSarah",
    `Thanks,\n${c.staff}\nClass teacher ${c.cls}`,
  ]);
}

function letter(c: Ctx, lang: "sv" | "en", body: Piece[]): Piece[] {
  const sep = { text: "\n\n" };
  const head = { text: lang === "sv" ? greetingSv(c) : greetingEn(c) };
  const tail = { text: lang === "sv" ? signSv(c) : signEn(c) };
  const out: Piece[] = [head, sep];
  body.forEach((p, i) => {
    out.push(p);
    if (i < body.length - 1) out.push(pick(c.rng, [sep, { text: " " }]));
  });
  out.push(sep, tail);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sensitive sentences: each is about one named or referenced child (person-linked).

type Linked = readonly [category: string, templates: readonly string[]];

const LINKED_SV: readonly Linked[] = [
  [
    "health",
    [
      "{child} har fått diagnosen ADHD och behöver korta pauser under lektionerna.",
      "Jag vill meddela att {child} har diabetes och måste kunna äta mellanmål.",
      "{child} har svår nötallergi och har alltid en adrenalinpenna i väskan.",
      "Vi har fått ett läkarintyg som visar att {child} har epilepsi.",
      "{child} mår inte bra just nu, hon har mycket ångest inför proven.",
      "Ditt barn har berättat att hen har astma och glömt sin inhalator.",
      "{full} har autism och blir lätt överväldigad i matsalen.",
      "{child} har en hörselnedsättning och behöver sitta längst fram.",
      "Vi misstänker att {child} har dyslexi och vill göra en utredning.",
      "{child} ligger på sjukhus sedan i fredags och kommer inte till skolan denna vecka.",
      "Min dotter har celiaki och kan inte äta vanligt bröd.",
      "{child} har börjat med medicinering för sin depression.",
    ],
  ],
  [
    "care",
    [
      "{child} har fått en remiss till BUP efter samtalet med skolsköterskan.",
      "Vi tog upp {child} på elevhälsomötet i tisdags.",
      "Kuratorn har haft tre samtal med din son om situationen hemma.",
      "Eleven har varit hos skolpsykologen två gånger den här månaden.",
      "{child} har tid hos logopeden på torsdag, så hen går tidigare.",
      "Elevhälsoteamet vill träffa er angående {child}.",
    ],
  ],
  [
    "social",
    [
      "Vi har gjort en orosanmälan till socialtjänsten gällande {child}.",
      "{child} är placerad i familjehem sedan i somras, så kontakta socialsekreteraren i stället för mamman.",
      "Socialtjänsten har kallat till möte om {child} nästa vecka.",
      "Det pågår en vårdnadstvist och pappan har kontaktförbud mot {child}.",
      "{child} bor på HVB-hem och har en god man som ska få all information.",
      "Familjen får försörjningsstöd och {child} kan inte betala för resan.",
      "{child} kom som ensamkommande och väntar fortfarande på uppehållstillstånd.",
    ],
  ],
  [
    "protected-identity",
    [
      "{child} har skyddad identitet, så lämna aldrig ut adressen.",
      "Observera att eleven har skyddade personuppgifter och inte får synas på klassfotot.",
      "{child} har sekretessmarkering i folkbokföringen.",
    ],
  ],
  [
    "offence",
    [
      "{child} har blivit mobbad av några äldre elever på rasten.",
      "Vi har fått en anmälan om kränkande behandling där {child} blev utsatt.",
      "{child} blev slagen och vi har gjort en polisanmälan.",
      "Din son har hotat en klasskamrat och vi måste prata om det.",
      "{child} blir utfryst i klassen och har fått elaka meddelanden, det är nätmobbning.",
      "Hen är misstänkt för stöld från omklädningsrummet.",
    ],
  ],
  [
    "support",
    [
      "Vi behöver upprätta ett åtgärdsprogram för {child} i {subject}.",
      "{child} får extra anpassningar i form av förlängd skrivtid.",
      "Rektor har beslutat om särskilt stöd för {child}.",
      "Specialpedagogen har gjort en pedagogisk kartläggning av din dotter.",
      "{child} kommer att gå i en särskild undervisningsgrupp från januari.",
      "{child} har problematisk skolfrånvaro och vi vill planera en anpassad studiegång.",
    ],
  ],
  [
    "results",
    [
      "{child} riskerar att få F i {subject} om inte inlämningen kommer in.",
      "Tyvärr fick {child} betyget F i {subject} denna termin.",
      "{child} har fuskat på provet och får göra om det.",
      "{child} blev avstängd i två dagar efter händelsen.",
      "{child} är underkänd på den muntliga delen.",
      "Vi skickar en skriftlig varning till {child} efter upprepade förseelser.",
    ],
  ],
  [
    "special-category",
    [
      "{child} firar ramadan och kommer inte att äta lunch den här månaden.",
      "{child} är muslim och behöver halal kost.",
      "{child} är jehovas vittne och deltar inte i julavslutningen.",
      "Min son har berättat att han är homosexuell och vill inte att det sprids.",
      "{child} tillhör den romska minoriteten och familjen vill ha modersmålsundervisning.",
      "{child} äter fläskfri specialkost av religiösa skäl.",
    ],
  ],
];

const LINKED_EN: readonly Linked[] = [
  [
    "health",
    [
      "{child} has been diagnosed with ADHD and needs short breaks.",
      "I want to let you know that {child} has diabetes and must be allowed snacks.",
      "{child} has a severe nut allergy and carries an EpiPen.",
      "We received a medical certificate showing that {child} has epilepsy.",
      "Your daughter has told us she suffers from anxiety before tests.",
      "{child} is in hospital and will miss the rest of the week.",
    ],
  ],
  [
    "care",
    [
      "{child} has been referred to CAMHS after meeting the school nurse.",
      "The student health team discussed {child} on Tuesday.",
      "The counsellor has met your son three times this month.",
    ],
  ],
  [
    "social",
    [
      "We have contacted social services about {child}.",
      "{child} is now living with a foster family.",
      "There is a custody dispute and the father has a restraining order.",
    ],
  ],
  [
    "protected-identity",
    [
      "{child} has a protected identity, so never share the address.",
      "Please note that the student has protected personal data.",
    ],
  ],
  [
    "offence",
    [
      "{child} has been bullied by older students during break.",
      "{child} was assaulted on the way home and we filed a police report.",
      "Your son threatened a classmate yesterday.",
    ],
  ],
  [
    "support",
    [
      "We need to write an individual education plan for {child}.",
      "{child} will receive special support in {subject} from next week.",
    ],
  ],
  [
    "results",
    [
      "{child} is at risk of a failing grade in {subject}.",
      "{child} was suspended for two days after the incident.",
      "{child} was caught cheating on the test.",
    ],
  ],
  [
    "special-category",
    [
      "{child} is fasting for Ramadan and will skip lunch.",
      "{child} is Jewish and needs kosher meals.",
      "Your son told us he is gay and does not want it shared.",
    ],
  ],
];

// ---------------------------------------------------------------------------------------------
// Non-sensitive material: broadcasts, menus, schedules, invoices, meetings, and the distractors.

const BROADCAST_SV = [
  "Hej alla vårdnadshavare!\n\nNästa vecka har vi utvecklingssamtal. Boka en tid i Unikum.",
  "Veckobrev vecka {week}\n\nI {subject} arbetar vi med bråk. På fredag är det diagnos i matte för hela klassen.",
  "Till alla vårdnadshavare i klass {class}\n\nOm ditt barn har allergi eller behöver specialkost, meddela köket senast fredag.",
  "Matsedel vecka {week}\n\nMåndag: Fiskgratäng\nTisdag: Vegetarisk lasagne (nötfri, laktosfri pga allergi)\nOnsdag: Kycklinggryta med ris",
  "Hej alla!\n\nSkolsköterskan har telefontid tisdagar 8–9. Vaccinationerna för årskurs 5 sker i vecka {week}.",
  "Nyhetsbrev december\n\nVi har arbetat med vår plan mot kränkande behandling och mobbning. Läs den på skolans webbplats.",
  "Kära föräldrar,\n\nPå fredag är det friluftsdag. Eleverna ska ha med matsäck och kläder efter väder.",
  "Hej alla vårdnadshavare,\n\nInfluensan går runt. Håll barnet hemma om det är sjukt och har feber.",
  "Informationsbrev från elevhälsan\n\nElevhälsan består av skolsköterska, kurator, specialpedagog och skolpsykolog. Kontakta oss om du undrar något.",
];
const BROADCAST_EN = [
  "Dear parents,\n\nNext week we have parent-teacher meetings. Please book a time.",
  "Newsletter week {week}\n\nThis week we practise fractions. There is a diagnostic test in maths on Friday.",
  "Lunch menu for week {week}\n\nMonday: Fish pie\nTuesday: Veggie lasagne (nut free due to allergies)",
  "Dear parents and guardians,\n\nThe school nurse is available on Tuesdays. If your child has an allergy, please inform the kitchen.",
];

const ORDINARY_SV = [
  "Kan vi flytta utvecklingssamtalet för {child} till torsdag kl 15?",
  "{child} glömde sin gympapåse i omklädningsrummet.",
  "Tack för en fin termin! {child} har trivts jättebra i {class}.",
  "{child} är sjuk idag och stannar hemma.",
  "Vi läser om kristendom, islam och judendom i religionskunskap den här perioden.",
  "I hockeyn fick {child} en utvisning på två minuter, men laget vann ändå.",
  "Glöm inte att lämna in läxan i {subject} senast på måndag.",
  "Jag är ledig på fredag, {staff} vikarierar.",
  "Vi har diagnos i matte nästa vecka, så repetera kapitel 3.",
  "Klassen ska på studiebesök till Tekniska museet på onsdag.",
  "{child} har varit duktig på att hjälpa kompisarna i {subject}.",

  "Bussen till skidresan går kl 07.30 från skolan.",
  "Vi har fått nya läromedel i {subject} som ni kan titta på hemma.",
];
const ORDINARY_EN = [
  "Could we move the parent meeting for {child} to Thursday at 3pm?",
  "{child} left the PE kit in the changing room.",
  "Thanks for a great term! {child} has enjoyed {class} a lot.",
  "We will study world religions in the next unit, including Islam and Christianity.",
  "Please remember the {subject} homework is due on Monday.",
  "The class trip to the science museum is on Wednesday.",
];

/** Hard negatives: a named child and a category word that is a school topic, not about the child. */
const TOPIC_SV = [
  "{child} och hens grupp ska redovisa om diabetes i NO på torsdag.",
  "{child} skrev en fin text om andra världskriget och förintelsen av judar.",
  "{child} har läst en bok om en flicka med autism och vill berätta om den på lektionen.",
  "Kan {child} vara med i elevrådet? Vi ska prata om skolans arbete mot mobbning.",
  "{child} vill göra sitt gymnasiearbete om hur astma påverkar idrottare.",
];
const TOPIC_EN = [
  "{child}'s group will present a project about asthma in science on Thursday.",
  "{child} wrote a great essay about the history of the trade union movement.",
  "{child} is reading a novel about a boy with dyslexia for the book club.",
];

// ---------------------------------------------------------------------------------------------
// Identifier pieces

const SE_FORMS: readonly SwedishForm[] = ["dash", "contiguous", "twelve", "twelve-dash", "space", "unicode-dash"];
const SE_KEYWORDS = ["personnummer", "personnr", "pnr", "pers.nr", "Personnummer:", "p-nr", "Personnumret är"];
const SE_KEYWORDS_EN = ["personal identity number", "personnummer", "Swedish ID number"];

function swedishPiece(c: Ctx, lang: "sv" | "en"): Piece {
  const rng = c.rng;
  let n: SwedishNumber;
  let type = "se-personnummer";
  const r = rng();
  if (r < 0.25) {
    const o = pick(rng, OFFICIAL_SWEDISH);
    n = { year: o.year, ten: o.ten };
    if (o.snr) type = "se-samordningsnummer";
  } else if (r < 0.35) {
    n = swedishNumber(rng, 1960, 2015, true);
    type = "se-samordningsnummer";
  } else {
    n = swedishNumber(rng, 2008, 2019);
  }
  let form = pick(rng, SE_FORMS);
  if (n.year < 1925 && rng() < 0.7) form = "plus";
  const value = writeSwedish(rng, n, form);
  const withKeyword = form === "contiguous" ? rng() < 0.8 : rng() < 0.6;
  // Gold level from the written form: a keyword or a separated/12-digit form is high.
  const level: GoldLevel = withKeyword || form !== "contiguous" ? "high" : "medium";
  const ids = [{ value, type, level }];
  if (lang === "en") {
    return withKeyword
      ? { text: fill(c, `{child}'s ${pick(rng, SE_KEYWORDS_EN)} is {ID}.`), ids }
      : { text: fill(c, "For the trip registration: {full}, {ID}."), ids };
  }
  if (withKeyword) {
    const kw = pick(rng, SE_KEYWORDS);
    return {
      text: fill(
        c,
        pick(rng, [
          `Här kommer ${kw} för {child}: {ID}`,
          `{full}, ${kw} {ID}, börjar i {class} på måndag.`,
          `Kan du registrera {child} i systemet? ${kw}: {ID}`,
          `${kw} {ID} ({full})`,
        ]),
      ),
      ids,
    };
  }
  return {
    text: fill(
      c,
      pick(rng, [
        "Anmälan till simskolan: {full} {ID}.",
        "{full} ({ID}) ska läggas till på klasslistan för {class}.",
        "Uppgifter för försäkringen: {ID}, {full}.",
      ]),
    ),
    ids,
  };
}

function nordicPiece(c: Ctx): Piece {
  const rng = c.rng;
  const which = int(rng, 0, 4);
  if (which === 0) {
    const v =
      rng() < 0.3 ? pick(rng, OFFICIAL_NORWEGIAN) : norwegianNumber(rng, pick(rng, ["plain", "d", "tenor"] as const));
    return {
      text: fill(c, `{child} flyttar hit från Norge. Norskt fødselsnummer: {ID}.`),
      ids: [{ value: v, type: "no-fodselsnummer", level: "high" }],
    };
  }
  if (which === 1) {
    const v = norwegianNumber(rng, "plain");
    return {
      text: fill(c, "{child} (fnr {ID}) börjar hos oss efter lovet."),
      ids: [{ value: v, type: "no-fodselsnummer", level: "high" }],
    };
  }
  if (which === 2) {
    const v = danishNumber(rng);
    return {
      text: fill(c, pick(rng, ["{child} kommer från Danmark, CPR-nr {ID}.", "Dansk CPR: {ID} för {full}."])),
      ids: [{ value: v, type: "dk-cpr", level: "high" }],
    };
  }
  const v = rng() < 0.3 ? pick(rng, OFFICIAL_FINNISH) : finnishNumber(rng);
  return {
    text: fill(c, pick(rng, ["{child} har finsk henkilötunnus {ID}.", "Finskt personnummer (hetu): {ID}, {full}."])),
    ids: [{ value: v, type: "fi-henkilotunnus", level: "high" }],
  };
}

function paymentPiece(c: Ctx, lang: "sv" | "en"): Piece {
  const rng = c.rng;
  if (rng() < 0.5) {
    const v = swedishIban(rng);
    return lang === "sv"
      ? {
          text: pick(rng, [
            "Pengarna för resan kan sättas in på mitt konto, IBAN {ID}.",
            "Återbetalningen kan gå till {ID} (mitt IBAN).",
          ]).replace("mitt konto, ", ""),
          ids: [{ value: v, type: "iban", level: "high" }],
        }
      : {
          text: "Please refund the trip to my account, IBAN {ID}.".replace("my account, ", ""),
          ids: [{ value: v, type: "iban", level: "high" }],
        };
  }
  const v = cardNumber(rng, rng() < 0.6);
  return lang === "sv"
    ? {
        text: "Ni kan dra avgiften på mitt kort {ID}, giltigt till 08/27.",
        ids: [{ value: v, type: "payment-card", level: "high" }],
      }
    : {
        text: "You can charge the fee to my card {ID}, expiry 08/27.",
        ids: [{ value: v, type: "payment-card", level: "high" }],
      };
}

/** Distractors that look like identifiers but are not personal (never labelled). */
function distractorPiece(c: Ctx, lang: "sv" | "en"): Piece {
  const rng = c.rng;
  const none = (value: string) => [{ value, type: "none", level: null }];
  switch (int(rng, 0, 9)) {
    case 0:
      return {
        text: pick(rng, ["Ring mig på {ID} om något händer.", "Tel: {ID}", "Mobil {ID}", "Call me on {ID}."]),
        ids: none(
          pick(rng, ["070-174 06 07", "0701740607", "070-1740612", "08-123 456 78", "+46 70 174 06 50", "0731234567"]),
        ),
      };
    case 1:
      return {
        text: "Faktura 2025-{week}. Betala till bankgiro 5050-1055 med OCR {ID} senast 30 dagar.",
        ids: none(ocrNumber(rng)),
      };
    case 2:
      return {
        text: pick(rng, ["Leverantör: Skolfoto AB, org.nr {ID}.", "Organisationsnummer: {ID}"]),
        ids: none(organisationNumber(rng)),
      };
    case 3:
      return {
        text: pick(rng, ["Ärendenummer {ID}.", "Referens: {ID}", "Artikelnr {ID}"]),
        ids: none(invalidDateLuhn(rng)),
      };
    case 4:
      return {
        text: pick(rng, ["Teams-möte. Mötes-ID: {ID} Lösenord: x7Yk2", "Meeting ID: {ID}"]),
        ids: none(
          `${String(int(rng, 100, 999))} ${String(int(rng, 100, 999))} ${String(int(rng, 100, 999))} ${String(int(rng, 10, 99))}`,
        ),
      };
    case 5:
      return {
        text: "Boken har ISBN {ID} och finns på biblioteket.",
        ids: none(`978-91-${String(int(rng, 10, 99))}-${String(int(rng, 10000, 99999))}-${String(int(rng, 0, 9))}`),
      };
    case 6:
      return {
        text: lang === "sv" ? "Mötet är den {ID} kl 14.00 i aulan." : "The meeting is on {ID} at 2pm.",
        ids: none(`2025-${String(int(rng, 10, 12))}-${String(int(rng, 10, 28))}`),
      };
    case 7:
      return { text: "Ordernummer {ID}, leverans inom 5 dagar.", ids: none(ocrNumber(rng)) };
    case 8:
      return { text: "Betala till IBAN {ID} och ange fakturanummer 88812.", ids: none(swedishIban(rng)) };
    default:
      return { text: "Kvitto: kortbetalning ****{ID}, OCR 55512.", ids: none(String(int(rng, 1000, 9999))) };
  }
}

// ---------------------------------------------------------------------------------------------
// Samples

function makeCtx(rng: Rng, lang: "sv" | "en"): Ctx {
  const child = pick(rng, CHILDREN);
  return {
    rng,
    child,
    full: `${child} ${pick(rng, SURNAMES)}`,
    cls: pick(rng, CLASSES),
    staff: pick(rng, STAFF),
    subject: pick(rng, lang === "sv" ? SUBJECTS_SV : SUBJECTS_EN),
  };
}

function sample(rng: Rng, index: number): Sample {
  const lang: "sv" | "en" = rng() < 0.72 ? "sv" : "en";
  const c = makeCtx(rng, lang);
  const week = String(int(rng, 2, 50));
  const r = rng();
  const categories: GoldCategory[] = [];
  let body: Piece[];
  let kind: string;
  let broadcast = false;
  const ordinary = () => ({ text: fill(c, pick(rng, lang === "sv" ? ORDINARY_SV : ORDINARY_EN)) });

  if (r < 0.2) {
    kind = "linked-category";
    const [category, templates] = pick(rng, lang === "sv" ? LINKED_SV : LINKED_EN);
    categories.push({ category, linked: true });
    body = [ordinary(), { text: fill(c, pick(rng, templates)) }];
    if (rng() < 0.5) body.push(ordinary());
    if (rng() < 0.5) body.reverse();
  } else if (r < 0.33) {
    kind = "identifier";
    const p = rng();
    const piece = p < 0.6 ? swedishPiece(c, lang) : p < 0.8 ? nordicPiece(c) : paymentPiece(c, lang);
    body = [ordinary(), piece];
    if (rng() < 0.4) body.push(distractorPiece(c, lang));
  } else if (r < 0.36) {
    kind = "identifier-and-category";
    const [category, templates] = pick(rng, lang === "sv" ? LINKED_SV : LINKED_EN);
    categories.push({ category, linked: true });
    body = [{ text: fill(c, pick(rng, templates)) }, swedishPiece(c, lang)];
  } else if (r < 0.62) {
    kind = "broadcast";
    broadcast = true;
    const text = pick(rng, lang === "sv" ? BROADCAST_SV : BROADCAST_EN).replaceAll("{week}", week);
    body = [{ text: fill(c, text) }];
    if (/allergi|specialkost|mobbning|kränkande|elevhälsan|skolsköterska|school nurse|allerg/i.test(text)) {
      categories.push({ category: "unlinked", linked: false });
    }
  } else if (r < 0.67) {
    kind = "topic";
    body = [{ text: fill(c, pick(rng, lang === "sv" ? TOPIC_SV : TOPIC_EN)) }];
    if (rng() < 0.5) body.push(ordinary());
  } else if (r < 0.82) {
    kind = "distractor";
    body = [ordinary(), distractorPiece(c, lang)];
    if (rng() < 0.5) body.push(distractorPiece(c, lang));
  } else {
    kind = "ordinary";
    body = [ordinary()];
    if (rng() < 0.6) body.push(ordinary());
  }

  const pieces = broadcast
    ? [...body, { text: "\n\n" }, { text: lang === "sv" ? signSv(c) : signEn(c) }]
    : letter(c, lang, body);
  const { text, identifiers } = assemble(pieces.map((p) => ({ ...p, text: p.text.replaceAll("{week}", week) })));
  const sensitive = identifiers.length > 0 || categories.some((x) => x.linked);
  return {
    id: `${lang}-${String(index).padStart(4, "0")}`,
    lang,
    kind,
    text,
    sensitive,
    identifiers,
    categories: categories.filter((x) => x.category !== "unlinked"),
  };
}

export function generate(seed: number, count: number): Sample[] {
  const rng = seeded(seed);
  return Array.from({ length: count }, (_, i) => sample(rng, i));
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const samples = generate(arg("--seed", 20251123), arg("--count", 1200));
  const out = join(dirname(fileURLToPath(import.meta.url)), "data.jsonl");
  writeFileSync(out, samples.map((s) => JSON.stringify(s)).join("\n") + "\n");
  const sensitive = samples.filter((s) => s.sensitive).length;
  console.log(`wrote ${String(samples.length)} samples (${String(sensitive)} sensitive) to eval/data.jsonl`);
}
