import { describe, expect, it } from "vitest";
import { ids, scan } from "./helpers.ts";

describe("Swedish personnummer and samordningsnummer", () => {
  it.each([
    ["Personnummer 640823-3234", "640823-3234", "se-personnummer"], // Skatteverket's example
    ["pnr 19861123-9883", "19861123-9883", "se-personnummer"],
    ["pnr 861123-9883", "861123-9883", "se-personnummer"],
    ["pnr 198611239883", "198611239883", "se-personnummer"],
    ["personnummer 8611239883", "8611239883", "se-personnummer"],
    ["pnr 861123 9883", "861123 9883", "se-personnummer"],
    ["pnr 861123 - 9883", "861123 - 9883", "se-personnummer"],
    ["pnr 19800229-2384", "19800229-2384", "se-personnummer"], // leap day
    ["pnr 900102+9819", "900102+9819", "se-personnummer"], // + means 100 or older: 1890
    ["pnr 140168+2396", "140168+2396", "se-samordningsnummer"], // day + 60
    ["samordningsnummer 701063-2391", "701063-2391", "se-samordningsnummer"],
  ])("when the text is %j, then %j is found as %s at level high", (text, match, type) => {
    expect(ids(text)).toEqual([[type, match, "high"]]);
  });

  it.each(["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"])(
    "when the separator is the Unicode dash U+%s, then the number is found",
    (dash) => {
      expect(ids(`pnr 640823${dash}3234`)).toEqual([["se-personnummer", `640823${dash}3234`, "high"]]);
    },
  );

  it.each([
    ["640823-3235", "the Luhn digit is wrong"],
    ["991332-2385", "month 13 (Luhn passes)"],
    ["990229-2383", "29 February in a non-leap year (Luhn passes)"],
    ["640823-0004", "serial 000"],
    ["212000-0142", "an organisationsnummer (Stockholms stad)"],
    ["556036-0793", "an organisationsnummer (Saab)"],
    ["16212000-0142", "the 12-digit organisationsnummer form"],
    ["12-640823-3234", "glued to a longer reference"],
    ["640823-3234/12", "glued to a longer reference"],
    ["x640823-3234", "glued to letters"],
    ["6408233234567", "part of a longer number"],
  ])("when the text is %j (%s), then no identifier is high", (text) => {
    expect(ids(`pnr ${text}`).filter(([, , level]) => level === "high")).toEqual([]);
  });

  it("when a samordningsnummer has month 00, then it is found at level low", () => {
    expect(ids("samordningsnummer 19150072-2390")).toEqual([["se-samordningsnummer", "19150072-2390", "low"]]);
  });

  it("when ten contiguous digits have no keyword, then the level is medium", () => {
    expect(ids("Anmälan: Kalle 8611239883.")).toEqual([["se-personnummer", "8611239883", "medium"]]);
  });

  it("when the PTS fiction phone number appears after 'ring', then it is low", () => {
    expect(ids("Ring mig på 0701740607")).toEqual([["se-samordningsnummer", "0701740607", "low"]]);
  });

  it("when an OCR label precedes a valid number, then it is low", () => {
    expect(ids("OCR: 8611239883")).toEqual([["se-personnummer", "8611239883", "low"]]);
  });

  it("when a company keyword precedes a personnummer (enskild firma), then it is medium", () => {
    expect(ids("Enskild firma, org.nr 640823-3234")).toEqual([["se-personnummer", "640823-3234", "medium"]]);
  });

  it("when the keyword is closer than the phone word, then it stays high", () => {
    expect(ids("Telefon 08-123 45 67. Personnummer: 640823-3234")).toEqual([
      ["se-personnummer", "640823-3234", "high"],
    ]);
  });

  it.each([
    ["https://example.se/a?id=6408233234", "low", "ten plain digits in a link are most likely an id of the site"],
    ["https://example.se/a?id=640823-3234", "medium", "written as a personnummer, even in a link"],
    ["https://skola.se/elev?pnr=201104121155&termin=HT26", "high", "the link names it: pnr="],
    ["anna.640823-3234@example.se", "medium", "inside an e-mail address, but in personnummer form"],
  ])("when the number is inside a link or address (%j), then it is %s (%s)", (text, level) => {
    expect(ids(text).map(([, , l]) => l)).toEqual([level]);
  });

  it("when a dash-written date lies after today, then it is rejected ('-' cannot mean 100 years old)", () => {
    expect(ids("pnr 251231-2380")).toEqual([]);
  });
});

describe("Norwegian fødselsnummer", () => {
  it.each([
    ["01819012365", "Tenor synthetic, classic check digits"],
    ["31129956715", "textbook example"],
    ["01819012373", "valid only under the 2032 rule"],
    ["01819012381", "valid only under the 2032 rule"],
  ])("when the text is fødselsnummer %s (%s), then it is found at level high", (n) => {
    expect(ids(`fødselsnummer ${n}`)).toEqual([["no-fodselsnummer", n, "high"]]);
  });

  it.each([["01819012366"], ["31129956716"], ["32129956715"]])(
    "when k2 or the date is wrong (%s), then nothing is found",
    (n) => {
      expect(ids(`fødselsnummer ${n}`)).toEqual([]);
    },
  );
});

describe("Danish CPR", () => {
  it("when a CPR keyword and a valid date are present, then it is found at level high", () => {
    expect(ids("CPR-nr 010190-1238")).toEqual([["dk-cpr", "010190-1238", "high"]]);
  });

  it("when the mod-11 check fails but the date is valid, then it is still found (no mod-11 rejection)", () => {
    expect(ids("CPR 010190-1239")).toEqual([["dk-cpr", "010190-1239", "high"]]);
  });

  it("when there is no Danish keyword, then it is not a CPR number", () => {
    expect(ids("nummer 010190-1238").some(([type]) => type === "dk-cpr")).toBe(false);
  });

  it("when the date is invalid (day 32), then it is not a CPR number", () => {
    expect(ids("CPR 320190-1238").some(([type]) => type === "dk-cpr")).toBe(false);
  });
});

describe("Finnish henkilötunnus", () => {
  it.each([
    ["010594Y9032", "Y = 1900s (2023 letters)"],
    ["010516B903X", "B = 2000s"],
    ["020594X903P", "X = 1900s"],
    ["131052-308T", "- = 1900s"],
  ])("when the text is hetu %s (%s), then it is found at level high", (n) => {
    expect(ids(`hetu ${n}`)).toEqual([["fi-henkilotunnus", n, "high"]]);
  });

  it("when a hyphenated number ends in a check letter, then it is high without a Finnish keyword (no Swedish number ends in a letter)", () => {
    expect(ids("Vårdnadshavare | VH id\nJukka Salo | 131052-308T")).toEqual([
      ["fi-henkilotunnus", "131052-308T", "high"],
    ]);
  });

  it("when a hyphenated number ends in a check digit and has no Finnish keyword, then it is not a high Finnish number", () => {
    expect(
      ids("Vårdnadshavare: 240779-2010").some(([type, , level]) => type === "fi-henkilotunnus" && level === "high"),
    ).toBe(false);
  });

  it.each([["010594Y9033"], ["010594G9032"], ["310294Y9032"], ["010594Y0012"]])(
    "when the check character, sign, date or individual number is wrong (%s), then nothing is found",
    (n) => {
      expect(ids(`hetu ${n}`).filter(([type]) => type === "fi-henkilotunnus")).toEqual([]);
    },
  );
});

describe("IBAN and payment cards", () => {
  it("when a Swedish IBAN with correct mod-97 is written in groups, then the whole span is found", () => {
    expect(ids("Mitt IBAN: SE94 1230 0000 0000 0000 0000, tack.")).toEqual([
      ["iban", "SE94 1230 0000 0000 0000 0000", "high"],
    ]);
  });

  it("when the IBAN check digits are wrong, then nothing is found", () => {
    expect(ids("IBAN SE95 1230 0000 0000 0000 0000")).toEqual([]);
  });

  it("when an IBAN is on an invoice, then it is low", () => {
    expect(ids("Faktura 123. Betala till IBAN SE94 1230 0000 0000 0000 0000")).toEqual([
      ["iban", "SE94 1230 0000 0000 0000 0000", "low"],
    ]);
  });

  it.each([["4111 1111 1111 1111"], ["5555555555554444"], ["4111-1111-1111-1111"]])(
    "when the card number %s passes Luhn with a network prefix, then it is found",
    (n) => {
      expect(ids(`kort ${n} 08/27`)).toEqual([["payment-card", n, "high"]]);
    },
  );

  it.each([["4111 1111 1111 1112"], ["6111 1111 1111 1116"], ["070-174 06 07"], ["5560360793"]])(
    "when %s fails Luhn, has no network prefix or is a phone/orgnr, then no card is found",
    (n) => {
      expect(ids(`kort ${n}`).filter(([type]) => type === "payment-card")).toEqual([]);
    },
  );

  it("when a Luhn-valid 16-digit OCR number follows an OCR label, then it is low", () => {
    expect(ids("OCR 4111111111111111")).toEqual([["payment-card", "4111111111111111", "low"]]);
  });
});

describe("spans", () => {
  it("when emoji, combining marks and astral characters precede a match, then offsets are UTF-16 exact", () => {
    const prefix = "😀👩‍👩‍👧 e\u0301 𝔘 Personnummer ";
    const text = `${prefix}19861123-9883 ✓`;
    const [finding] = scan(text).findings;
    expect(finding?.start).toBe(prefix.length);
    expect(finding?.end).toBe(prefix.length + 13);
    expect(text.slice(finding?.start, finding?.end)).toBe("19861123-9883");
  });
});

describe("careless forms and class lists (issue 19)", () => {
  it.each([
    ["Personnummer 20170304-\n1002, klass 3A", "20170304-\n1002", "a line break right after the hyphen"],
    ["> Min son, 20170304-\n> 1374, går i 3A", "20170304-\n> 1374", "wrapped inside a quoted reply"],
    ["Hans personnummer är 2017-03-04-1747 och han går i 3A.", "2017-03-04-1747", "written as an ISO date"],
    ["Pnr: 2017.03.04-2117", "2017.03.04-2117", "a dotted long date"],
    ["Personnr: 17.03.04-2489", "17.03.04-2489", "a dotted short date"],
    ["Ärende #201703042851 (Hamza, 8B)", "201703042851", "after a ticket mark"],
    ["(201703043222)", "201703043222", "in brackets"],
    ["170304 3594", "170304 3594", "a space instead of the hyphen"],
    ["170304–3966 kom i går", "170304–3966", "an en dash at the start of a line"],
  ])("when a number is written %j, then %j is found at medium or high (%s)", (text, match) => {
    const found = ids(text).filter(([, m, level]) => m === match && level !== "low");
    expect(found.length).toBe(1);
  });

  it("when a word such as 'kod' or 'tel' is elsewhere in the row, then it does not lower the number", () => {
    expect(ids("Liv (201703044337), 4E, skåp 738, kod 5548")).toEqual([["se-personnummer", "201703044337", "high"]]);
    expect(ids("Ali Ek, 201409211370, 3B, tel. hem 08-123 456")).toEqual([["se-personnummer", "201409211370", "high"]]);
  });

  it.each([
    ["Betalare: Petra Ek, personnummer 881011−2881, konto i Swedbank.", "881011−2881", "an account after it"],
    ["Pnr 170304-3594, tel 070-123 45 67", "170304-3594", "a phone after it"],
    ["personnummer: 1703043594, mobil 0701234567", "1703043594", "a phone word after it, ten digits"],
  ])(
    "when a number is labelled personnummer right before, then a negative word after it does not lower it (%j)",
    (text, match) => {
      expect(ids(text).filter(([, m, level]) => m === match && level === "high")).toHaveLength(1);
    },
  );

  it("when there is no positive label before, then a phone word right after still lowers a bare number", () => {
    expect(ids("1703045078, mobil").every(([, , level]) => level === "low")).toBe(true);
  });

  it.each([
    ["Tel: 0703041002", "a phone label right before"],
    ["OCR-nummer: 1703044709", "an OCR label"],
    ["1703045078 (mobil)", "a phone word in brackets right after"],
  ])("when the number carries its own negative label (%j), then it is low (%s)", (text) => {
    expect(ids(text).every(([, , level]) => level === "low")).toBe(true);
  });

  it("when a table column says what it holds, then the header decides: Telefon lowers, Personnummer raises", () => {
    const table = "Namn\tPersonnummer\tTelefon\nAli Ek\t1703045441\t0703045813\nLiv Ek\t1409211743\t0709211743";
    const found = ids(table);
    expect(found.filter(([, m]) => m === "1703045441" || m === "1409211743").map(([, , l]) => l)).toEqual([
      "high",
      "high",
    ]);
    expect(found.filter(([, m]) => m.startsWith("070")).every(([, , l]) => l === "low")).toBe(true);
  });

  it("when several valid numbers are in one message, then plain ten-digit ones are high too", () => {
    expect(ids("Ali 1703046183\nLiv 1409212113").map(([, , l]) => l)).toEqual(["high", "high"]);
    expect(ids("Ali 1703046183").map(([, , l]) => l)).toEqual(["medium"]);
  });

  it("when a Finnish number uses a new century letter and 'id-kod' labels it, then it is high", () => {
    expect(ids("Vår dotter har finsk id-kod 261112B810V.").map(([t, , l]) => [t, l])).toEqual([
      ["fi-henkilotunnus", "high"],
    ]);
  });

  it.each([
    ["Laskuttaja: Koulukuljetus Oy, Y-tunnus 2471144-9, IBAN FI21 1234 5600 0007 85.", "FI21 1234 5600 0007 85"],
    ["Busselskab ApS, CVR 12345678, IBAN DK50 0040 0440 1162 43.", "DK50 0040 0440 1162 43"],
  ])("when an IBAN stands beside a neighbour country's business id (%j), then it is low", (text, iban) => {
    expect(ids(text)).toContainEqual(["iban", iban, "low"]);
  });

  it("when an IBAN is an invoice's own account (VAT, company number after it), then it is low", () => {
    const invoice = "Bank: Barclays, IBAN GB29 NWBK 6016 1331 9268 19\nCompany number: 08812345\nVAT: GB 123 4567 89";
    expect(ids(invoice)).toEqual([["iban", "GB29 NWBK 6016 1331 9268 19", "low"]]);
  });
});
