import { describe, expect, it } from "vitest";
import { isDetectionError, kindName, parsePolicy, policyFromOrg } from "../src/index.ts";
import { cats, scan } from "./helpers.ts";

describe("parsePolicy", () => {
  it("when the policy is empty, then every default applies", () => {
    expect(parsePolicy({})).toEqual({ categories: {}, identifiers: {}, keywords: [], patterns: [] });
  });

  it.each([
    [null, "INVALID_POLICY"],
    [[], "INVALID_POLICY"],
    [{ extra: 1 }, "INVALID_POLICY"],
    [{ version: 2 }, "INVALID_POLICY"],
    [{ categories: { health: "no" } }, "INVALID_POLICY"],
    [{ categories: { nonsense: false } }, "INVALID_POLICY"],
    [{ identifiers: { "se-personnummer": 0 } }, "INVALID_POLICY"],
    [{ keywords: [{ term: "", category: "health" }] }, "INVALID_POLICY"],
    [{ keywords: [{ term: "x<y", category: "health" }] }, "INVALID_POLICY"],
    [{ keywords: [{ term: "ok", category: "nope" }] }, "INVALID_POLICY"],
    [{ keywords: [{ term: "ok", category: "health", level: "urgent" }] }, "INVALID_POLICY"],
    [{ patterns: [{ name: "p", pattern: "(a)\\1", category: "health", level: "high" }] }, "UNSAFE_PATTERN"],
    [{ patterns: [{ name: "p", pattern: "(?=a)b", category: "health", level: "high" }] }, "UNSAFE_PATTERN"],
    [{ patterns: [{ name: "p", pattern: "(?<!a)b", category: "health", level: "high" }] }, "UNSAFE_PATTERN"],
    [{ patterns: [{ name: "p", pattern: "a{1,1000}", category: "health", level: "high" }] }, "UNSAFE_PATTERN"],
    [{ patterns: [{ name: "p", pattern: "x".repeat(201), category: "health", level: "high" }] }, "INVALID_POLICY"],
    [{ patterns: [{ name: "p", pattern: "a*", category: "health", level: "high" }] }, "UNSAFE_PATTERN"],
  ])("when the policy is %j, then it is refused with %s", (input, code) => {
    let error: unknown;
    try {
      parsePolicy(input);
    } catch (e) {
      error = e;
    }
    expect(isDetectionError(error, code as "INVALID_POLICY" | "UNSAFE_PATTERN")).toBe(true);
  });
});

describe("policy effects", () => {
  it("when a category is switched off, then its terms are not reported", () => {
    const policy = parsePolicy({ categories: { health: false } });
    expect(cats("Maja har diabetes.", { policy })).toEqual([]);
  });

  it("when an identifier type is switched off, then it is not reported", () => {
    const policy = parsePolicy({ identifiers: { "se-personnummer": false } });
    expect(scan("pnr 640823-3234", { policy }).findings).toEqual([]);
  });

  it("when the org adds a keyword with a prefix star, then its inflections follow the category rules", () => {
    const policy = parsePolicy({ keywords: [{ term: "stödteam*", category: "support" }] });
    expect(cats("Maja har fått stödteamet.", { policy })).toEqual([["support", "stödteamet", "medium"]]);
  });

  it("when the org adds a keyword with a fixed level, then the level is used as is", () => {
    const policy = parsePolicy({ keywords: [{ term: "fritidsklubb", category: "care", level: "high" }] });
    expect(cats("Anmälan till fritidsklubb", { policy })).toEqual([["care", "fritidsklubb", "high"]]);
  });

  it("when the org adds a pattern, then matches are custom findings with its category and level", () => {
    const policy = parsePolicy({
      patterns: [{ name: "elev-id", pattern: "ELEV-\\d{6}", category: "support", level: "high" }],
    });
    const result = scan("Elevens id är elev-123456 och ELEV-12.", { policy });
    expect(result.findings.map((f) => [f.type, f.category, f.level, f.start, f.end])).toEqual([
      ["custom", "support", "high", 14, 25],
    ]);
    expect(result.sensitive).toBe(true);
  });

  it.each([["(a+)+b"], ["(a|a)*b"], ["(x*)*y"]])(
    "when a classic catastrophic pattern %s is given, then it is accepted and runs in linear time (Pike VM)",
    (pattern) => {
      const policy = parsePolicy({ patterns: [{ name: "p", pattern, category: "health", level: "low" }] });
      const start = performance.now();
      scan("a".repeat(20_000) + "x".repeat(20_000), { policy });
      expect(performance.now() - start).toBeLessThan(2000);
    },
  );
});

describe("the organisation's detection settings (policyFromOrg, GET /api/policy)", () => {
  const org = (disabledKinds: string[], extraKeywords: string[] = []) =>
    policyFromOrg({ disabledKinds, extraKeywords });

  it("when a category is switched off, then its terms are not flagged and the draft is not sensitive", () => {
    const text = "Maja har diabetes och behöver sin insulin.";
    expect(cats(text).map(([c]) => c)).toContain("health");
    expect(cats(text, { policy: org(["health"]) })).toEqual([]);
    expect(scan(text, { policy: org(["health"]) }).sensitive).toBe(false);
  });

  it("when an identifier type is switched off, then it is not flagged, but others still are", () => {
    const text = "IBAN SE94 1230 0000 0000 0000 0000, personnummer 640823-3234";
    const types = (options = {}) => scan(text, options).findings.map((f) => f.type);
    expect(types()).toEqual(["iban", "se-personnummer"]);
    expect(types({ policy: org(["iban"]) })).toEqual(["se-personnummer"]);
  });

  it("when the server names an always-on or unknown kind, then it stays on (personnummer, samordningsnummer, protected identity)", () => {
    const policy = org(["se-personnummer", "se-samordningsnummer", "protected-identity", "made-up"]);
    expect(scan("pnr 640823-3234", { policy }).findings.map((f) => f.type)).toEqual(["se-personnummer"]);
    expect(scan("samordningsnummer 701063-2391", { policy }).findings.map((f) => f.type)).toEqual([
      "se-samordningsnummer",
    ]);
    expect(cats("Eleven har skyddad identitet.", { policy })).toEqual([
      ["protected-identity", "skyddad identitet", "high"],
    ]);
  });

  it("when the organisation adds keywords, then they are found case-insensitively, as whole words, with Swedish letters", () => {
    const policy = org([], ["resursenheten björken", "åsneskolan", "överklag*"]);
    // Only the organisation's words (the lexicon may see "resursenhet" too).
    const found = (text: string) => cats(text, { policy }).filter(([category]) => category === "org-keyword");
    expect(found("Hon går i RESURSENHETEN Björken sedan i höstas.")).toEqual([
      ["org-keyword", "RESURSENHETEN Björken", "medium"],
    ]);
    expect(found("Åsneskolan ringer.")).toEqual([["org-keyword", "Åsneskolan", "medium"]]);
    expect(found("Vi har fått ett överklagande.")).toEqual([["org-keyword", "överklagande", "medium"]]);
    // Whole words only: no match inside a longer word without the star, nor in a near miss.
    expect(found("Resursenheten björkenäs och åsneskolans gård.")).toEqual([]);
    expect(found("asneskolan")).toEqual([]);
  });

  it("when an extra keyword is found, then the draft is sensitive and the finding says the organisation added the word", () => {
    const result = scan("Lunch med åsneskolan på fredag.", { policy: org([], ["åsneskolan"]) });
    expect(result.sensitive).toBe(true);
    const [finding] = result.findings;
    expect(finding).toMatchObject({ type: "category", category: "org-keyword", level: "medium" });
    expect(finding?.explanation.sv).toBe("'åsneskolan' är ett ord som er organisation har lagt till som känsligt");
    expect(finding?.explanation.en).toBe("'åsneskolan' is a word your organisation added as sensitive");
    expect(kindName("org-keyword")).toEqual({
      sv: "Ord som er organisation har lagt till",
      en: "A word your organisation added",
    });
  });

  it("when a keyword cannot be matched (a character outside the alphabet, too short, a star inside), then it is skipped, not fatal", () => {
    const policy = org([], ["ok ord", "x", "emoji 🙂", "a*b", "ordet"]);
    expect(policy.keywords.map((k) => k.term)).toEqual(["ok ord", "ordet"]);
    expect(cats("Ett ok ord och ordet.", { policy }).map(([, t]) => t)).toEqual(["ok ord", "ordet"]);
  });
});
