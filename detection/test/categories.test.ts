import { describe, expect, it } from "vitest";
import { cats, scan } from "./helpers.ts";

describe("lexicon: inflections and compounds", () => {
  it.each([
    ["Maja har nötallergi.", "health", "nötallergi"],
    ["Maja är allergisk mot nötter.", "health", "allergisk"],
    ["Maja har fått diagnosen ADHD.", "health", "ADHD"],
    ["Maja har epilepsi.", "health", "epilepsi"],
    ["Maja har träffat skolkuratorn.", "care", "skolkuratorn"],
    ["Vi har gjort en orosanmälan om Maja.", "social", "orosanmälan"],
    ["Maja har blivit nätmobbad.", "offence", "nätmobbad"],
    ["Maja har blivit mobbad.", "offence", "mobbad"],
    ["Maja får extra anpassningar.", "support", "extra anpassningar"],
    ["Maja har ett åtgärdsprogram.", "support", "åtgärdsprogram"],
    ["Maja fick betyget F i matte.", "results", "betyget F"],
    ["Maja är muslim.", "special-category", "muslim"],
  ])("when the text is %j, then %s is found on %j", (text, category, match) => {
    expect(cats(text).some(([c, m]) => c === category && m === match)).toBe(true);
  });

  it.each([
    ["Vi har diagnos i matte på fredag.", "'diagnos' is a maths test"],
    ["Hej alla vårdnadshavare!", "'vårdnadshavare' is in every mail"],
    ["I hockeyn fick Maja en utvisning.", "'utvisning' is sports or classroom discipline"],
    ["Vi läser samhällskunskap och religionskunskap.", "school subjects"],
    ["Maja fick betyget E i matte.", "an E is a pass"],
    ["Please add Maja to the list.", "English 'add' is not ADD"],
    ["Vi ses på rasten.", "'rast' is not 'ras'"],
  ])("when the text is %j (%s), then no category reaches medium", (text) => {
    expect(cats(text).filter(([, , level]) => level !== "low")).toEqual([]);
  });
});

describe("person links", () => {
  it("when a health term is linked to a named child, then it is high", () => {
    expect(cats("Jag vill berätta att Maja har diabetes.")).toEqual([["health", "diabetes", "high"]]);
  });

  it("when a health term is not linked to anyone, then it is low", () => {
    expect(cats("Diabetes är en vanlig sjukdom.").map(([, , level]) => level)).toEqual(["low", "low"]);
  });

  it.each([["Ditt barn har astma."], ["Eleven har astma."], ["Hon har astma."], ["Your son has asthma."]])(
    "when %j, then the health term is high",
    (text) => {
      expect(cats(text).map(([, , level]) => level)).toEqual(["high"]);
    },
  );

  it("when support, care or results terms are linked, then they are medium", () => {
    expect(cats("Vi behöver ett åtgärdsprogram för Maja.")).toEqual([["support", "åtgärdsprogram", "medium"]]);
  });

  it("when a staff name follows a role ('kurator Eva Lind'), then the role is not linked", () => {
    expect(cats("Kurator Eva Lind har telefontid på tisdagar.")).toEqual([["care", "Kurator", "low"]]);
  });

  it("when a greeting is followed by the pupil's name after a comma ('Hej Karin, Olle har'), then Olle is linked", () => {
    // Regression: the greeting's name chain used to swallow the next name across the comma.
    const r = scan("Hej Karin, Olle har fått en remiss till BUP.");
    expect(r.sensitive).toBe(true);
    expect(scan("Hej Karin Lind, vi ses på mötet om BUP-remisser i allmänhet.").sensitive).toBe(false);
  });

  it("when the person is in an earlier paragraph and 'ditt barn' anchors the mail, then it is linked", () => {
    expect(cats("Det gäller ditt barn.\n\nVi har fått ett läkarintyg.")[0]?.[2]).toBe("high");
  });

  it("when protected identity is mentioned as a topic or routine, then it is low (issue 19: no person, no alarm)", () => {
    expect(cats("Information om skyddad identitet finns på Skatteverket.")).toEqual([
      ["protected-identity", "skyddad identitet", "low"],
    ]);
    expect(cats("Rutin: elever med skyddade personuppgifter får inte synas på bild.")[0]?.[2]).toBe("low");
  });

  it.each([
    ["Eleven har skyddad identitet."],
    ["En elev i klassen har skyddad identitet, ta inga klassfoton."],
    ["Hen har sekretessmarkering, lämna inte ut adressen."],
  ])("when protected identity is about one pupil, even unnamed (%j), then it is high", (text) => {
    expect(cats(text)[0]?.[2]).toBe("high");
  });

  it("when the term is a school topic ('en bok om en flicka med autism'), then it is low", () => {
    expect(cats("Maja läser en bok om en flicka med autism.")).toEqual([["health", "autism", "low"]]);
  });

  it("when 'om' is followed by a possessive ('om Majas ångest'), then it stays personal", () => {
    expect(cats("Vi pratade med Maja om hennes ångest.")[0]?.[2]).toBe("high");
  });
});

describe("broadcasts", () => {
  it.each([
    ["Hej alla vårdnadshavare!\n\nOm ditt barn har allergi, meddela köket."],
    ["Matsedel vecka 12\n\nTisdag: Lasagne (nötfri pga allergi)"],
    ["Nyhetsbrev\n\nSkolsköterskan Eva har telefontid. Maja i 4B vann tävlingen."],
    ["Dear parents,\n\nIf your child has an allergy, please tell the kitchen."],
  ])("when the mail is a broadcast (%j), then it is not sensitive", (text) => {
    expect(scan(text).sensitive).toBe(false);
  });

  it("when a broadcast mentions protected identity, then it is still high", () => {
    expect(scan("Hej alla vårdnadshavare!\n\nEn elev har skyddad identitet, ta inga klassfoton.").sensitive).toBe(true);
  });
});

describe("message-level decision", () => {
  it("when any finding is medium or high, then the message is sensitive", () => {
    expect(scan("Maja får extra anpassningar i matte.").sensitive).toBe(true);
  });

  it("when only low findings exist, then the message is not sensitive", () => {
    expect(scan("Maja är sjuk idag.").sensitive).toBe(false);
  });

  it("when every finding has an explanation in both languages, then the UI can show them", () => {
    const { findings } = scan("Maja har ADHD. Personnummer 640823-3234.");
    expect(findings.length).toBe(2);
    for (const f of findings) {
      expect(f.explanation.sv.length).toBeGreaterThan(5);
      expect(f.explanation.en.length).toBeGreaterThan(5);
    }
    expect(findings[1]?.explanation.sv).toBe("Personnummer (kontrollsiffran stämmer) nära ordet 'personnummer'");
  });
});

describe("results, origin and union words (issue 19, parts l and m)", () => {
  it.each([
    ["Hej Lena! Linnea i 9B nådde inte E på nationella provet i engelska.", "nådde inte E"],
    ["Hej! Omid är hazara och familjen har berättat att han blivit retad för det.", "hazara"],
    ["Hej Eva, jag gick med i facket i våras men avgiften dras inte på lönen.", "gick med i facket"],
    ["Inför samverkan: Karin är fackligt förtroendevald sedan i höstas.", "fackligt förtroendevald"],
  ])("when %j, then %j is found about that person", (text, term) => {
    expect(
      cats(text)
        .filter(([, m, level]) => m === term && level !== "low")
        .map(([c]) => c),
    ).toHaveLength(1);
  });

  it.each([
    ["Hej alla! Fackklubben har årsmöte på torsdag kl. 16 i personalrummet."],
    ["På SO-lektionen läser vi om hazarernas historia i Afghanistan."],
    ["Elever som inte nådde E på provet erbjuds omprov den 3 juni."],
  ])("when %j, then it is not sensitive", (text) => {
    expect(scan(text).sensitive).toBe(false);
  });
});
