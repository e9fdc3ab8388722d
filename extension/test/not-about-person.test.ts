// When the "not sent" dialog may offer "Det här handlar inte om en enskild person" (issue 19): only
// for a warning resting on category words alone. The findings come from the real detection engine
// (default policy, the organisation's keywords, a custom pattern), never written by hand; the
// messages that carry the attestation refuse every other kind; the policy copy without the setting
// reads as "not allowed".
import { detect, parsePolicy, policyFromOrg, type DetectionResult } from "@sigill/detection";
import { cachedPolicy, memoryArea } from "@sigill/client";
import { describe, expect, it } from "vitest";
import {
  NOT_ABOUT_PERSON_KINDS,
  notAboutPersonFindings,
  notAboutPersonKinds,
  withinAttested,
} from "../src/content/not-about-person.ts";
import { REQUESTS, notAboutPersonSchema } from "../src/protocol.ts";
import { ANSWERS } from "../src/wire.ts";

const PNR = "19121212-1212";
const kindsOf = (result: DetectionResult, filesCount = false) => {
  const findings = notAboutPersonFindings(result, filesCount);
  return findings === null ? null : notAboutPersonKinds(findings);
};

describe("which warnings rest on category words alone", () => {
  it.each([
    ["a health word about someone", "Maja har diabetes och tar insulin varje dag.", ["health"]],
    ["care words", "Olle har fått en remiss till BUP.", ["care"]],
    ["two categories", "Hon har ADHD och får särskilt stöd.", ["health", "support"]],
  ])("when the draft holds %s, then the offer rests on its categories", (_what, text, kinds) => {
    const result = detect(text);
    expect(result.sensitive).toBe(true);
    expect(kindsOf(result)).toEqual(kinds);
  });

  it.each([
    ["a personnummer alone", `Personnummer ${PNR}`],
    ["a personnummer beside a health word", `Maja ${PNR} har diabetes.`],
    ["a samordningsnummer", "Samordningsnummer 19121272-1219 gäller."],
    ["an IBAN", "Betala till SE45 5000 0000 0583 9825 7466 i dag."],
    ["a card number", "Kortet 4111 1111 1111 1111 är spärrat."],
    ["protected identity", "Eleven har skyddad identitet."],
    ["protected identity beside a health word", "Maja har skyddad identitet och diabetes."],
  ])("when the draft holds %s, then there is no offer", (_what, text) => {
    const result = detect(text);
    expect(result.sensitive, text).toBe(true);
    expect(kindsOf(result)).toBeNull();
  });

  it("when the organisation's own keyword flags the draft, alone or beside a health word, then there is no offer", () => {
    const policy = policyFromOrg({ disabledKinds: [], extraKeywords: ["åsneskolan"] });
    expect(kindsOf(detect("Hon går på Åsneskolan från måndag.", { policy }))).toBeNull();
    expect(kindsOf(detect("Maja har diabetes. Hon går på Åsneskolan.", { policy }))).toBeNull();
  });

  it("when a custom pattern of a category flags the draft, then there is no offer (it is not a word)", () => {
    const policy = parsePolicy({
      patterns: [{ name: "elev-id", pattern: "ELEV-\\d{6}", category: "support", level: "high" }],
    });
    const result = detect("Ärendet ELEV-123456 är klart.", { policy });
    expect(result.findings.map((f) => f.type)).toEqual(["custom"]);
    expect(kindsOf(result)).toBeNull();
  });

  it("when an attachment counts (a finding, a scan running, unscannable by policy), then there is no offer", () => {
    expect(kindsOf(detect("Maja har diabetes."), true)).toBeNull();
  });

  it("when nothing is sensitive, or only low findings remain (a topic, not a person), then there is no offer", () => {
    expect(kindsOf(detect("Hej! Vi ses på mötet i morgon."))).toBeNull();
    const topic = detect("Vi ska prata om rutiner för elever med diabetes på APT.");
    expect(topic.findings.length).toBeGreaterThan(0);
    expect(topic.sensitive).toBe(false);
    expect(kindsOf(topic)).toBeNull();
  });

  it("when a draft also holds low findings of other kinds, then only medium and high findings decide", () => {
    const result = detect("Maja har diabetes.\n\nVår rutin för orosanmälan ska uppdateras.");
    expect(result.findings.some((f) => f.level === "low" && f.category === "social")).toBe(true);
    expect(kindsOf(result)).toEqual(["health"]);
  });
});

describe("what the writer attested", () => {
  const attested = notAboutPersonFindings(detect("Maja har diabetes och tar insulin."), false) ?? [];

  it("when the draft is the same or text without findings moved or was added, then it is within what was attested", () => {
    expect(attested).toHaveLength(2);
    const moved = notAboutPersonFindings(detect("Hej alla! Maja tar insulin och har diabetes."), false) ?? [];
    expect(withinAttested(moved, attested)).toBe(true);
    expect(withinAttested(attested, attested)).toBe(true);
  });

  it("when a new word, another category or the same word once more appears, then it is not", () => {
    const more = (text: string) => notAboutPersonFindings(detect(text), false) ?? [];
    expect(withinAttested(more("Maja har diabetes och tar insulin. Hon har också epilepsi."), attested)).toBe(false);
    expect(withinAttested(more("Maja har diabetes och tar insulin och får särskilt stöd."), attested)).toBe(false);
    expect(withinAttested(more("Maja har diabetes och tar insulin. Olle har diabetes."), attested)).toBe(false);
  });
});

describe("the messages that carry it", () => {
  it("when the content script attests category kinds, then the request parses; any other kind, none, or the text is refused", () => {
    expect(notAboutPersonSchema.safeParse({ type: "sigill:not-about-person", kinds: ["health"] }).success).toBe(true);
    expect(
      notAboutPersonSchema.safeParse({ type: "sigill:not-about-person", kinds: [...NOT_ABOUT_PERSON_KINDS] }).success,
    ).toBe(true);
    for (const kinds of [
      [],
      ["se-personnummer"],
      ["health", "iban"],
      ["protected-identity"],
      ["org-keyword"],
      ["unscannable-attachment"],
      ["identifier"],
    ])
      expect(notAboutPersonSchema.safeParse({ type: "sigill:not-about-person", kinds }).success, kinds.join()).toBe(
        false,
      );
    // The background listens with this table: extra fields are dropped, only the kinds reach its
    // handler, and an identifier kind is refused there too.
    const parse = REQUESTS["sigill:not-about-person"];
    expect(parse({ type: "sigill:not-about-person", kinds: ["health"], text: "Maja" })).toEqual({
      type: "sigill:not-about-person",
      kinds: ["health"],
    });
    expect(() => parse({ type: "sigill:not-about-person", kinds: ["se-personnummer"] })).toThrow();
  });

  it("when the background's answer says nothing of it (an older background), then it is not allowed", () => {
    const parse = ANSWERS["sigill:override-allowed"];
    expect(parse({ allowed: true })).toEqual({ allowed: true, notAboutPerson: false });
    expect(parse({ allowed: false, notAboutPerson: true })).toEqual({
      allowed: false,
      notAboutPerson: true,
    });
  });

  it("when the stored policy copy predates the setting, then it reads as not allowed; a copy with it keeps it", async () => {
    const local = memoryArea();
    const stored = local.items;
    const old = {
      organisation: "Exempelskolan",
      allowPlainOverride: true,
      requireAccessCode: false,
      maxRetentionDays: 30,
      maxAttachmentBytes: 1_000_000,
      defaultExpiryDays: 14,
      accessCodeKinds: [],
      webmailDomains: [],
    };
    stored.set("orgPolicy", old);
    expect(await cachedPolicy(local)).toMatchObject({ allowPlainOverride: true, allowNotAboutPerson: false });
    stored.set("orgPolicy", { ...old, allowNotAboutPerson: true });
    expect(await cachedPolicy(local)).toMatchObject({ allowNotAboutPerson: true });
  });
});
