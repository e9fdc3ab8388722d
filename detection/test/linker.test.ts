import { describe, expect, it } from "vitest";
import { features, probability, THRESHOLD } from "../src/linker.ts";
import { collectEvidence } from "../src/scanner.ts";
import { cats, NOW } from "./helpers.ts";

const evidence = (text: string) => collectEvidence(text, { clock: () => NOW });

describe("the linker model over the rules' evidence", () => {
  it("when a sentence names a pupil with a diagnosis, then the rules link it and the model agrees", () => {
    const [e] = evidence("Jag vill berätta att Maja i 4B har fått diagnosen ADHD.");
    expect(e?.reason).toBe("named");
    expect(features(e as never)).toEqual(expect.arrayContaining(["cat:health", "p:name", "w:maja", "w:adhd"]));
    expect(probability(e as never)).toBeGreaterThanOrEqual(THRESHOLD);
    expect(cats("Jag vill berätta att Maja i 4B har fått diagnosen ADHD.").map(([, , l]) => l)).toContain("high");
  });

  it("when the wording is an invitation to a talk, then the model keeps the word low", () => {
    const text = "Välkomna på föreläsning om ADHD och autism i aulan på torsdag kl 18, alla föräldrar är välkomna.";
    for (const e of evidence(text)) expect(probability(e)).toBeLessThan(THRESHOLD);
    expect(cats(text).every(([, , level]) => level === "low")).toBe(true);
  });

  it("when an organisation keyword or protected identity about a pupil is found, then the model cannot withdraw it", () => {
    expect(cats("Hej alla vårdnadshavare!\n\nEn elev har skyddad identitet, ta inga klassfoton.")[0]?.[2]).toBe("high");
  });

  it("when a theme day for staff mentions mental health, then nothing is about a person", () => {
    expect(cats("Temadag om psykisk ohälsa för personal, se bilaga.").every(([, , level]) => level === "low")).toBe(
      true,
    );
  });
});

describe("a line's heading the rules left unlinked (issue 19, parts j and k)", () => {
  const mail = (line: string) =>
    "Hej Maria!\n\nTack för att Noah fick följa med på utflykten, han hade en fin dag och pratade mycket om djuren. " +
    `Han var trött på bussen hem.\n\n${line}\n\nVänliga hälsningar\nSara`;

  it("when a mail about one pupil has a logistics line under a heading, then the model does not raise the heading", () => {
    const text = mail("Specialkost: vi har meddelat köket inför lägerskolan utifrån blanketten ni fyllde i.");
    expect(cats(text).find(([, m]) => m === "Specialkost")?.[2]).toBe("low");
  });

  it("when the same word is a fact in a sentence, then it is still linked", () => {
    const text = mail("Noah äter specialkost av religiösa skäl, det har vi meddelat köket.");
    expect(["medium", "high"]).toContain(cats(text).find(([, m]) => m === "specialkost")?.[2]);
  });
});

describe("the linker's fast sum", () => {
  it("when a word is scored, then the fast sum equals the sum over its named features", async () => {
    const { MODEL } = await import("../src/linker-model.ts");
    const texts = [
      "Jag vill berätta att Maja i 4B har fått diagnosen ADHD.",
      "Välkomna på föreläsning om ADHD och autism i aulan.",
      "Hej!\n\nVincent är en omtyckt kamrat. Som ni vet har han fortfarande F i engelska.",
    ];
    for (const e of texts.flatMap((t) => evidence(t))) {
      const z = features(e).reduce((sum, f) => sum + (MODEL.weights[f] ?? 0), MODEL.bias);
      expect(probability(e)).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    }
  });
});
