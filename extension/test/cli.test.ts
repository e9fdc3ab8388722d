import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const run = (args: string[], input = "") =>
  spawnSync(join(root, "node_modules", ".bin", "tsx"), [join(root, "src", "detection", "cli.ts"), ...args], {
    input,
    encoding: "utf8",
    cwd: root,
    env: { ...process.env, INIT_CWD: root },
  });

describe("command line", () => {
  it("when given JSON lines, then it writes one result line per input in the documented shape", () => {
    const out = run(["--jsonl"], '{"id":"a","text":"Personnummer: 640823-3234"}\n{"id":"b","text":"Hej!"}\n');
    expect(out.status).toBe(0);
    expect(
      out.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      {
        id: "a",
        sensitive: true,
        findings: [{ type: "se-personnummer", start: 14, end: 25, level: "high", category: "identifier" }],
      },
      { id: "b", sensitive: false, findings: [] },
    ]);
  });

  it("when a line is bad, then it writes an error object and a clear stderr message without the text, and exits 1", () => {
    const secret = "640823-3234 hemlig";
    const out = run(["--jsonl"], `{"id":"a","text":1}\n{not json ${secret}\n{"id":"c","text":"ok"}\n`);
    expect(out.status).toBe(1);
    const lines = out.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.error ?? "ok")).toEqual(['"text" must be a string', "not valid JSON", "ok"]);
    expect(out.stderr).toContain("line 2: not valid JSON");
    expect(out.stderr + out.stdout).not.toContain(secret);
    expect(out.stderr).not.toContain("at ");
  });

  it("when given a missing file, then it fails with a usage message and exit code 2", () => {
    const out = run(["no-such-file.txt"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("cannot read file no-such-file.txt");
  });
});
