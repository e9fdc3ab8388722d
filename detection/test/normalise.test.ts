import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalise } from "../src/normalise.ts";
import { ids } from "./helpers.ts";

describe("the same-length view of a paragraph", () => {
  it("when the text needs no folding, then the very same string comes back (no copy)", () => {
    const text = "Hej! Maja i 4B har ett åtgärdsprogram.";
    expect(normalise(text)).toBe(text);
  });

  it.each([
    ["２０１７０３０４－１７４７", "20170304-1747"],
    ["Personnummer：１４０９２１-２１１３", "Personnummer:140921-2113"],
    ["a\u3000b", "a b"],
  ])("when full-width forms are pasted from a PDF (%j), then they read as ASCII (%j)", (text, view) => {
    expect(normalise(text)).toBe(view);
  });

  it("when a class list is pasted as an HTML table, then cells become tabs, rows line breaks, and offsets stay", () => {
    const text = "<table><tr><td>Liv Ek</td><td>20170304-1374</td></tr>\n  <tr><td>Ali Ek</td></tr></table>";
    const view = normalise(text);
    expect(view.length).toBe(text.length);
    expect(view.slice(text.indexOf("20170304"), text.indexOf("20170304") + 13)).toBe("20170304-1374");
    const rows = view.split("\n").filter((line) => /\S/.test(line));
    expect(
      rows.map((r) =>
        r
          .trim()
          .split(/\t\s*/)
          .filter((c) => c.trim() !== ""),
      ),
    ).toEqual([["Liv Ek", "20170304-1374"], ["Ali Ek"]]);
  });

  it("when entities are in the text, then they are blanked, not decoded (offsets stay)", () => {
    expect(normalise("A&nbsp;B &amp; C")).toBe("A      B       C");
  });

  it("when any text is given, then the view has exactly its length (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), fc.string({ maxLength: 40 }), (a, b) => {
        const text = `${a}<td>${b}</td>＆１${a}&amp;`;
        expect(normalise(text).length).toBe(text.length);
      }),
    );
  });

  it("when a personnummer is in full-width digits or an HTML cell, then it is found where it is written", () => {
    const text = "Namn: Liam\nPersonnummer: ２０１７０３０４－１００２";
    expect(ids(text)).toEqual([["se-personnummer", "２０１７０３０４－１００２", "high"]]);
    expect(ids("<tr><td>Jana Kassem</td><td>20140921-1008</td></tr>")).toEqual([
      ["se-personnummer", "20140921-1008", "high"],
    ]);
  });
});
