// Word (.docx): the body (word/document.xml) with footnotes, endnotes and comments, then headers
// and footers. Each paragraph is a line; tabs and breaks are kept.
import { mainPart, readPart, relationships } from "./ooxml.ts";
import type { TextBuilder } from "./text-builder.ts";
import type { ScanLocation } from "./types.ts";
import type { XmlHandler } from "./xml.ts";
import type { ZipArchive } from "./zip.ts";

const BODY: ScanLocation = { part: "body" };
const HEADER: ScanLocation = { part: "header" };

/** A WordprocessingML part's text as a handler that adds it to `out`. */
function wordText(out: TextBuilder, location: ScanLocation): XmlHandler {
  let inText = false;
  return {
    open(name, _attributes, selfClosing) {
      if (name === "t" || name === "delText") inText = !selfClosing;
      else if (name === "tab") out.separate("\t");
      else if (name === "br" || name === "cr") out.separate("\n");
    },
    close(name) {
      if (name === "t" || name === "delText") inText = false;
      else if (name === "p") out.separate("\n");
    },
    text(text) {
      if (inText) out.add(text, location);
    },
  };
}

export function extractDocx(zip: ZipArchive, out: TextBuilder): void {
  const document = mainPart(zip, "word/document.xml");
  readPart(zip, document, wordText(out, BODY));
  const related = relationships(zip, document);
  const ofType = (...types: string[]) => related.filter((r) => types.includes(r.type));
  for (const r of ofType("footnotes", "endnotes", "comments")) {
    if (!zip.has(r.target)) continue;
    out.separate("\n\n");
    zip.readXml(r.target, wordText(out, BODY));
  }
  for (const r of ofType("header", "footer")) {
    if (!zip.has(r.target)) continue;
    out.separate("\n\n");
    zip.readXml(r.target, wordText(out, HEADER));
  }
}
