import { describe, expect, it } from "vitest";
import { LABELS } from "../src/kdf.ts";
import protocol from "../../docs/protocol.md?raw";

describe("docs/protocol.md", () => {
  it("when the label table is read, then it lists exactly the labels the code uses", () => {
    const section = protocol.split("## Labels")[1]?.split("\n## ")[0] ?? "";
    const documented = [...section.matchAll(/^\|\s*`(sigill\/v1\/[^`]+)`\s*\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.values(LABELS).sort());
  });
});
