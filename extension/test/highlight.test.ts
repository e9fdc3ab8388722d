// Locating a finding for the hover highlight: which field it is in, and which text nodes hold it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateInPieces, occurrencesBefore, spanOf } from "../src/content/highlight.ts";

describe("where a finding is", () => {
  it.each([
    [5, 0, 3, { field: "subject", start: 0, end: 3 }],
    [5, 2, 5, { field: "subject", start: 2, end: 5 }],
    [5, 7, 10, { field: "body", start: 0, end: 3 }],
    [0, 2, 15, { field: "body", start: 0, end: 13 }],
  ] as const)("when the subject is %i long and the finding is [%i, %i), then it is %j", (len, start, end, span) => {
    expect(spanOf(len, start, end)).toEqual(span);
  });

  it("when a needle is split over text nodes, then start and end point into the right nodes", () => {
    expect(locateInPieces(["Hej 1912", "1212-", "1212 då"], "19121212-1212", 0)).toEqual({
      startPiece: 0,
      startOffset: 4,
      endPiece: 2,
      endOffset: 4,
    });
    expect(locateInPieces(["ab", "ab", "ab"], "ab", 2)).toEqual({
      startPiece: 2,
      startOffset: 0,
      endPiece: 2,
      endOffset: 2,
    });
    expect(locateInPieces(["ab"], "ab", 1)).toBeNull();
    expect(locateInPieces(["ab"], "", 0)).toBeNull();
  });

  it("when the same text occurs several times, then the occurrence before an offset is counted", () => {
    expect(occurrencesBefore("x 123 y 123 z 123", "123", 8)).toBe(1);
    expect(occurrencesBefore("x 123 y 123 z 123", "123", 2)).toBe(0);
    expect(occurrencesBefore("x 123 y 123 z 123", "123", 100)).toBe(3);
  });

  it("when any text is cut into any pieces, then the located range spells the needle", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 6 }),
        fc.nat(59),
        fc.integer({ min: 1, max: 8 }),
        (text, cuts, from, width) => {
          const start = from % text.length;
          const needle = text.slice(start, start + width);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const bounds = [0, ...points, text.length];
          const pieceList = bounds.slice(1).map((end, k) => text.slice(bounds[k], end));
          const occurrence = occurrencesBefore(text, needle, start);
          const found = locateInPieces(pieceList, needle, occurrence);
          expect(found).not.toBeNull();
          if (found === null) return;
          const base = (i: number) => pieceList.slice(0, i).join("").length;
          const got = pieceList
            .join("")
            .slice(base(found.startPiece) + found.startOffset, base(found.endPiece) + found.endOffset);
          expect(got).toBe(needle);
        },
      ),
      { numRuns: 300 },
    );
  });
});
