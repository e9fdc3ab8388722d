import { describe, expect, it } from "vitest";
import { personalDataInNote } from "../src/index.ts";

describe("personal data in a note kept for ever (an override's reason)", () => {
  it.each([
    ["Olle 19121212-1212", ["se-personnummer", "long-number"]],
    ["Elevens nummer är 121212-1212", ["se-personnummer", "long-number"]],
    ["Eleven har diabetes och mamma vill ha mejl", ["health"]],
    ["BUP-remiss för Kalle", ["care"]],
    ["Skicka till anna.svensson@example.org", ["email-address"]],
    ["Ring 070-123 45 67 först", ["long-number"]],
    ["Ärende 2026/1234567", ["long-number"]],
    ["Konto SE45 5000 0000 0583 9825 7466", ["iban", "long-number"]],
  ])("when the note is %j, then it holds %j", (note, kinds) => {
    expect(personalDataInNote(note)).toEqual(kinds);
  });

  it.each([
    "Mottagaren saknar säker e-post",
    "Rutiner för diabetes på skolan",
    "Skolverket kräver e-post, se beslut 2026",
    "Brådskande, Sigill svarar inte",
    "",
  ])("when the note is %j, then it holds nothing", (note) => {
    expect(personalDataInNote(note)).toEqual([]);
  });
});
