import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const run = (args: string[], input = "") =>
  spawnSync(join(root, "node_modules", ".bin", "tsx"), [join(root, "src", "detect-cli.ts"), ...args], {
    input,
    encoding: "utf8",
    cwd: root,
    env: { ...process.env, INIT_CWD: root },
  });

// Each test starts the command line as its own process (tsx compiles it first): seconds on a busy machine.
describe("command line", { timeout: 60_000 }, () => {
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

describe("command line on files", { timeout: 60_000 }, () => {
  const PNR = "19121212-1212"; // Skatteverket's published test number
  let dir = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sigill-cli-"));
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const line of ["Intyg om närvaro", `Eleven Olle, personnummer ${PNR}.`]) {
      pdf.addPage([595, 842]).drawText(line, { x: 50, y: 780, size: 12, font });
    }
    writeFileSync(join(dir, "intyg.pdf"), await pdf.save());
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Klass 7B");
    sheet.addRow(["Namn", "Personnummer"]);
    sheet.addRow(["Olle Svensson", PNR]);
    writeFileSync(join(dir, "klass.xlsx"), new Uint8Array(await workbook.xlsx.writeBuffer()));
    writeFileSync(join(dir, "utkast.txt"), `Hej!\nPersonnummer: ${PNR}\n`);
    writeFileSync(join(dir, `${PNR}.pdf`), "not a pdf");
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("when given a PDF, an XLSX and a text file, then it reports each finding with page, sheet and cell, or line:column, and exits 0", () => {
    const out = run([join(dir, "intyg.pdf"), join(dir, "klass.xlsx"), join(dir, "utkast.txt")]);
    expect(out.status).toBe(0);
    const lines = out.stdout.split("\n");
    expect(lines).toContain(`${join(dir, "intyg.pdf")}: SENSITIVE – propose a secure message (1 findings)`);
    expect(lines).toContain("  high   se-personnummer              [44, 57) at page 2");
    expect(lines).toContain('  high   se-personnummer              [41, 54) at sheet "Klass 7B" cell B2');
    expect(lines).toContain("  high   se-personnummer              [19, 32) at 2:15");
    expect(out.stdout).not.toContain(PNR);
  });

  it("when a file cannot be scanned, then it says why, still reports findings in its name, and exits 1", () => {
    const out = run([join(dir, `${PNR}.pdf`), join(dir, "utkast.txt")]);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(
      "UNSCANNABLE corrupt (damaged or not what its name says); file name: SENSITIVE – propose a secure message (1 findings)",
    );
    expect(out.stdout).toContain("  high   se-personnummer              [0, 13) in the file name");
  });

  it("when given files with --jsonl, then it writes one JSON line per file with status, reason and locations", () => {
    const pdf = join(dir, "intyg.pdf");
    const broken = join(dir, `${PNR}.pdf`);
    const out = run(["--jsonl", pdf, broken]);
    expect(out.status).toBe(1);
    expect(
      out.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      {
        id: pdf,
        status: "scanned",
        sensitive: true,
        findings: [
          { type: "se-personnummer", start: 44, end: 57, level: "high", category: "identifier", location: { page: 2 } },
        ],
      },
      {
        id: broken,
        status: "unscannable",
        reason: "corrupt",
        sensitive: true,
        findings: [
          {
            type: "se-personnummer",
            start: 0,
            end: 13,
            level: "high",
            category: "identifier",
            location: { part: "name" },
          },
        ],
      },
    ]);
  });

  it("when given no file and no --jsonl, then it fails with a usage message and exit code 2", () => {
    const out = run([]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("usage: detect");
  });
});
