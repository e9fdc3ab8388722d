// The content script every webmail page loads, as built (test/global-setup.ts builds it): at most
// 120 KiB gzipped at level 9, and without zod, which alone was about 23 KiB of it (the content
// script parses what it receives with src/wire.ts; lint keeps zod's modules out of its imports,
// this checks what the bundler actually put in).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const built = join(new URL("..", import.meta.url).pathname, ".output", "chrome-mv3", "content-scripts", "webmail.js");

describe("the built content script", () => {
  const script = readFileSync(built);

  it("when gzipped at level 9, then it is at most 120 KiB", () => {
    expect(gzipSync(script, { level: 9 }).length / 1024).toBeLessThanOrEqual(120);
  });

  it("when read, then it holds none of zod's classes", () => {
    // Every zod schema and error is made by these (zod 4 core: $ZodType, $ZodObject, ZodError, ...).
    expect(script.toString("utf8")).not.toMatch(/\$Zod[A-Z]|ZodError/);
  });
});
