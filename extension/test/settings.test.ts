import { describe, expect, it } from "vitest";
import { mergeSettings } from "../src/secure/settings.ts";

describe("settings under enterprise policy", () => {
  it("when nothing is set, then the defaults apply and nothing is locked", () => {
    expect(mergeSettings(undefined, undefined)).toEqual({
      serverUrl: null,
      organisationName: "Sigill",
      lockIdleMs: 900_000,
      lockedByPolicy: [],
    });
  });

  it("when both policy and the person set a field, then policy wins and locks it", () => {
    const s = mergeSettings(
      { serverUrl: "https://sigill.kommun.se", lockIdleMinutes: 5 },
      { serverUrl: "https://elsewhere.example", organisationName: "Skolan", lockIdleMinutes: 60 },
    );
    expect(s).toEqual({
      serverUrl: "https://sigill.kommun.se",
      organisationName: "Skolan",
      lockIdleMs: 300_000,
      lockedByPolicy: ["serverUrl", "lockIdleMinutes"],
    });
  });

  it.each([
    [{ serverUrl: "javascript:alert(1)" }],
    [{ serverUrl: "not a url" }],
    [{ lockIdleMinutes: 0 }],
    [{ lockIdleMinutes: 10_000 }],
    [{ organisationName: "" }],
    [{ lockIdleMinutes: "5" }],
  ])("when policy has a bad value %j, then it is ignored, not half-applied", (managed) => {
    const s = mergeSettings(managed, { serverUrl: "https://sigill.kommun.se" });
    expect(s.lockedByPolicy).toEqual([]);
    expect(s.serverUrl).toBe("https://sigill.kommun.se");
    expect(s.lockIdleMs).toBe(900_000);
  });
});
