// Short explanations the UI shows next to a finding, in Swedish and English. They quote lexicon
// and keyword labels, never the scanned text itself.
import type { Category, Explanation, IdentifierType, Level } from "./types.ts";

export interface ContextWord {
  readonly label: string;
}

export interface IdentifierReasons {
  readonly valid: "luhn" | "mod11" | "mod31" | "mod97" | "date";
  readonly keyword: ContextWord | null;
  readonly negative: ContextWord | null;
  readonly separated?: boolean;
  readonly unverifiedDate?: boolean;
  readonly link?: boolean;
}

const ID_NAMES: Readonly<Record<IdentifierType, Explanation>> = {
  "se-personnummer": { sv: "Personnummer", en: "Swedish personal identity number" },
  "se-samordningsnummer": { sv: "Samordningsnummer", en: "Swedish coordination number" },
  "no-fodselsnummer": { sv: "Norskt fødselsnummer", en: "Norwegian national identity number" },
  "dk-cpr": { sv: "Danskt CPR-nummer", en: "Danish CPR number" },
  "fi-henkilotunnus": { sv: "Finsk personbeteckning (henkilötunnus)", en: "Finnish personal identity code" },
  iban: { sv: "IBAN-kontonummer", en: "IBAN account number" },
  "payment-card": { sv: "Kortnummer", en: "Payment card number" },
};

const VALID: Readonly<Record<IdentifierReasons["valid"], Explanation>> = {
  luhn: { sv: "kontrollsiffran stämmer", en: "check digit correct" },
  mod11: { sv: "båda kontrollsiffrorna stämmer", en: "both check digits correct" },
  mod31: { sv: "kontrolltecknet stämmer", en: "check character correct" },
  mod97: { sv: "kontrollsiffrorna stämmer", en: "check digits correct" },
  date: { sv: "giltigt födelsedatum", en: "valid birth date" },
};

export function identifierExplanation(type: IdentifierType, why: IdentifierReasons): Explanation {
  const name = ID_NAMES[type];
  const valid = VALID[why.valid];
  let sv = `${name.sv} (${valid.sv})`;
  let en = `${name.en} (${valid.en})`;
  if (why.link === true) {
    sv += ", men inuti en länk eller e-postadress";
    en += ", but inside a link or e-mail address";
  } else if (why.negative !== null) {
    sv += ` nära ordet '${why.negative.label}' – kanske ett annat slags nummer`;
    en += ` near the word '${why.negative.label}' – perhaps another kind of number`;
  } else if (why.keyword !== null) {
    sv += ` nära ordet '${why.keyword.label}'`;
    en += ` near the word '${why.keyword.label}'`;
  } else if (why.separated === true) {
    sv += ", skrivet som ett personnummer";
    en += ", written in identity-number form";
  } else if (why.separated === false) {
    sv += ", tio siffror utan sammanhang";
    en += ", ten digits without context";
  }
  if (why.unverifiedDate === true) {
    sv += "; födelsedatumet är okänt (månad 00 eller dag 60)";
    en += "; the birth date is unknown (month 00 or day 60)";
  }
  return { sv, en };
}

const CATEGORY_NAMES: Readonly<Record<Category, Explanation>> = {
  health: { sv: "Hälsa", en: "Health" },
  care: { sv: "Elevhälsa och vård", en: "Student health and care" },
  social: { sv: "Sociala förhållanden", en: "Social circumstances" },
  "protected-identity": { sv: "Skyddad identitet", en: "Protected identity" },
  offence: { sv: "Kränkning eller brott", en: "Harassment or offence" },
  support: { sv: "Stöd och anpassningar", en: "Support and adaptations" },
  results: { sv: "Resultat och disciplin", en: "Results and discipline" },
  "special-category": {
    sv: "Känsliga personuppgifter (ursprung, religion, politik, sexualitet, facktillhörighet, biometri)",
    en: "Special category data (origin, religion, politics, sexuality, union, biometrics)",
  },
  "org-keyword": { sv: "Ord som er organisation har lagt till", en: "A word your organisation added" },
};

export type CategoryReason =
  | "person"
  | "named"
  | "pronoun"
  | "nearby"
  | "neighbour"
  | "list"
  | "self"
  | "likely"
  | "general"
  | "unlinked"
  | "generic"
  | "signature"
  | "broadcast"
  | "topic"
  | "weak"
  | "always"
  | "policy";

const CATEGORY_REASONS: Readonly<Record<CategoryReason, Explanation>> = {
  person: {
    sv: "om ett visst barn (ett personnummer, initialer, en klass eller 'din son'/'er dotter' i samma mening)",
    en: "about a specific child (an identity number, initials, a class or 'your son'/'your daughter' in the same sentence)",
  },
  named: { sv: "i samma mening som ett namn", en: "in the same sentence as a name" },
  pronoun: {
    sv: "om en person som nämnts tidigare i mejlet (han, hon, hen, eleven)",
    en: "about a person named earlier in the mail (he, she, they, the student)",
  },
  nearby: { sv: "direkt efter en rad som nämner en person", en: "right after a line that names a person" },
  neighbour: {
    sv: "i en mening bredvid en som handlar om en viss person",
    en: "in a sentence next to one about a particular person",
  },
  self: { sv: "om den som skriver (jag, min)", en: "about the writer (I, my)" },
  likely: {
    sv: "i ett mejl som handlar om en viss person (sammanvägd bedömning av meningen och mejlet)",
    en: "in a mail about a particular person (weighing the sentence and the mail)",
  },
  general: {
    sv: "allmänt formulerat, inte om en viss person (sammanvägd bedömning av meningen)",
    en: "general wording, not about a particular person (weighing the sentence)",
  },
  list: {
    sv: "i inledningen till en lista eller tabell med namn",
    en: "introducing a list or table of names",
  },
  unlinked: { sv: "utan koppling till en viss person", en: "not linked to a specific person" },
  generic: {
    sv: "i en allmän mening (rutin, inbjudan, 'om ditt barn …'), inte om en viss person",
    en: "in a general sentence (a routine, an invitation, 'if your child …'), not about a specific person",
  },
  signature: { sv: "i en rubrik eller signatur", en: "in a header or signature" },
  broadcast: { sv: "i ett utskick till många", en: "in a message to many recipients" },
  topic: { sv: "som ämne, inte om en viss person", en: "as a topic, not about a specific person" },
  weak: { sv: "svag indikation", en: "weak indication" },
  always: { sv: "alltid hög nivå", en: "always high level" },
  policy: { sv: "enligt organisationens regler", en: "by your organisation's rules" },
};

/** Explanations by category, reason and term: the same few strings for every hit of a word. */
const memo = new Map<Category, Map<CategoryReason, Map<string, Explanation>>>();

export function categoryExplanation(category: Category, term: string, reason: CategoryReason): Explanation {
  let byReason = memo.get(category);
  if (byReason === undefined) {
    byReason = new Map();
    memo.set(category, byReason);
  }
  let byTerm = byReason.get(reason);
  if (byTerm === undefined) {
    byTerm = new Map();
    byReason.set(reason, byTerm);
  }
  let explanation = byTerm.get(term);
  if (explanation === undefined) {
    const name = CATEGORY_NAMES[category];
    const r = CATEGORY_REASONS[reason];
    explanation =
      category === "org-keyword"
        ? Object.freeze({
            sv: `'${term}' är ett ord som er organisation har lagt till som känsligt`,
            en: `'${term}' is a word your organisation added as sensitive`,
          })
        : Object.freeze({ sv: `${name.sv}: '${term}' ${r.sv}`, en: `${name.en}: '${term}' ${r.en}` });
    if (byTerm.size < 2_000) byTerm.set(term, explanation);
  }
  return explanation;
}

export function customExplanation(name: string, category: Category, level: Level): Explanation {
  const c = CATEGORY_NAMES[category];
  return {
    sv: `Organisationens mönster '${name}' (${c.sv}, nivå ${level})`,
    en: `Your organisation's pattern '${name}' (${c.en}, level ${level})`,
  };
}

/** An identity number that is one of several in the message (a class list): high. */
export function severalExplanation(one: Explanation): Explanation {
  return {
    sv: `${one.sv}; ett av flera personnummer i meddelandet`,
    en: `${one.en}; one of several identity numbers in the message`,
  };
}

/** What a finding is about: its identifier type, or its category (lexicon and policy findings). */
export function findingKind(f: { readonly type: string; readonly category: string }): IdentifierType | Category {
  return (f.category === "identifier" ? f.type : f.category) as IdentifierType | Category;
}

/** The display name of an identifier type or category, in Swedish and English. */
export function kindName(kind: IdentifierType | Category): Explanation {
  return kind in ID_NAMES ? ID_NAMES[kind as IdentifierType] : CATEGORY_NAMES[kind as Category];
}
