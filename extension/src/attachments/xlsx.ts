// Excel (.xlsx): every sheet in workbook order (hidden ones too: they travel with the file), its
// name first, then one line per row with cells separated by tabs. Text comes from the shared
// strings, inline strings and cell values (numbers included: a personnummer is often a number).
// Each cell keeps its sheet and reference ("B7") as its location.
import { AttachmentError } from "./errors.ts";
import { mainPart, readPart, relationships } from "./ooxml.ts";
import type { TextBuilder } from "./text-builder.ts";
import { attribute } from "./xml.ts";
import type { ZipArchive } from "./zip.ts";

function sharedStrings(zip: ZipArchive, part: string | undefined): string[] {
  const strings: string[] = [];
  if (part === undefined) return strings;
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = false;
  zip.readXml(part, {
    open(name, _attributes, selfClosing) {
      if (name === "si") current = [];
      else if (name === "rPh") inPhonetic = !selfClosing;
      else if (name === "t") inText = !selfClosing;
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "si") {
        strings.push(current?.join("") ?? "");
        current = null;
      }
    },
    text(text) {
      if (inText && !inPhonetic) current?.push(text);
    },
  });
  return strings;
}

/** 0 -> "A", 25 -> "Z", 26 -> "AA". */
function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Columns in a sheet (A to XFD). */
const MAX_COLUMNS = 16_384;

/** "B7" -> column index 1; a longer run of letters than any sheet has stops at the last column. */
function columnIndex(reference: string): number {
  let index = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    // Unbounded, "AAAA…" grows to Infinity, and naming the next column would never end.
    index = Math.min(index * 26 + (code - 64), MAX_COLUMNS);
  }
  return index - 1;
}

function addSheet(zip: ZipArchive, part: string, sheet: string, strings: readonly string[], out: TextBuilder): void {
  let row = 0;
  let column = -1;
  let cellsInRow = 0;
  let reference: string | null = null;
  let type = "n";
  let value = "";
  let inline = "";
  let capture: "value" | "inline" | null = null;
  zip.readXml(part, {
    open(name, attributes, selfClosing) {
      switch (name) {
        case "row":
          row = Number.parseInt(attribute(attributes, "r") ?? "", 10) || row + 1;
          column = -1;
          cellsInRow = 0;
          break;
        case "c":
          reference = attribute(attributes, "r");
          column = reference === null ? column + 1 : columnIndex(reference);
          reference ??= `${columnName(column)}${String(row)}`;
          type = attribute(attributes, "t") ?? "n";
          value = "";
          inline = "";
          break;
        case "v":
          capture = selfClosing ? null : "value";
          break;
        case "t":
          if (type === "inlineStr") capture = selfClosing ? null : "inline";
          break;
      }
    },
    close(name) {
      if (name === "v" || name === "t") capture = null;
      else if (name === "c" && reference !== null) {
        // Booleans and errors carry no personal data; formulas are skipped, their cached values are kept.
        const text =
          type === "s"
            ? (strings[Number(value)] ?? "")
            : type === "inlineStr"
              ? inline
              : type === "b" || type === "e"
                ? ""
                : value;
        if (text.trim() !== "") {
          out.separate(cellsInRow === 0 ? "\n" : "\t");
          out.add(text, { sheet, cell: reference });
          cellsInRow++;
        }
        reference = null;
      }
    },
    text(text) {
      if (capture === "value") value += text;
      else if (capture === "inline") inline += text;
    },
  });
}

export function extractXlsx(zip: ZipArchive, out: TextBuilder, maxSheets: number): void {
  const workbook = mainPart(zip, "xl/workbook.xml");
  const related = relationships(zip, workbook);
  const byId = new Map(related.map((r) => [r.id, r]));
  const sheets: { name: string; target: string }[] = [];
  readPart(zip, workbook, {
    open(name, attributes) {
      if (name !== "sheet") return;
      const target = byId.get(attribute(attributes, "r:id") ?? "")?.target;
      if (target !== undefined) sheets.push({ name: attribute(attributes, "name") ?? "", target });
    },
  });
  if (sheets.length > maxSheets) throw new AttachmentError("too-many-pages");
  const sharedPart = related.find((r) => r.type === "sharedStrings")?.target;
  const strings = sharedStrings(zip, sharedPart);
  for (const { name, target } of sheets) {
    if (!zip.has(target)) continue; // a sheet the package names but does not hold
    out.separate("\n\n");
    out.add(name, { sheet: name });
    addSheet(zip, target, name, strings, out);
  }
}
