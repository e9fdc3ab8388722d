// docs/operations.md's configuration table is generated from the schema (scripts/config-doc.ts);
// this fails when someone changes src/config.ts without regenerating it, or edits the table by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS_DOC, renderOperationsDoc } from "../scripts/config-doc.ts";
import { configSchema } from "../src/config.ts";

describe("configuration reference", () => {
  it("when docs/operations.md is read, then its configuration table is exactly what the config schema yields", async () => {
    const current = readFileSync(OPERATIONS_DOC, "utf8");
    expect(await renderOperationsDoc(current), "run: pnpm --filter @sigill/server docs:config").toBe(current);
  });

  it("when the schema is read, then every variable has a description for the table", () => {
    for (const [name, field] of Object.entries(configSchema.shape))
      expect(field.description, `${name} has no .describe()`).toBeTruthy();
  });
});
