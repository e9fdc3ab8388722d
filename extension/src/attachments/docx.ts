// Word (.docx): the body (word/document.xml) with footnotes, endnotes and comments, then headers
// and footers. Each paragraph is a line; tabs and breaks are kept.
import { mainPart, readPart, relationships } from "./ooxml.ts";
import type { TextBuilder } from "./text-builder.ts";
import type { ScanLocation } from "./types.ts";
import { walkXml } from "./xml.ts";
import type { ZipArchive } from "./zip.ts";

const BODY: ScanLocation = { part: "body" };
const HEADER: ScanLocation = { part: "header" };

/** Adds a WordprocessingML part's text; shared with the text boxes and tables inside it. */
function addWordText(xml: string, out: TextBuilder, location: ScanLocation): void {
  let inText = false;
  walkXml(xml, {
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
  });
}

export function extractDocx(zip: ZipArchive, out: TextBuilder): void {
  const document = mainPart(zip, "word/document.xml");
  addWordText(readPart(zip, document), out, BODY);
  const related = relationships(zip, document);
  const ofType = (...types: string[]) => related.filter((r) => types.includes(r.type));
  for (const r of ofType("footnotes", "endnotes", "comments")) {
    const xml = zip.readText(r.target);
    if (xml === null) continue;
    out.separate("\n\n");
    addWordText(xml, out, BODY);
  }
  for (const r of ofType("header", "footer")) {
    const xml = zip.readText(r.target);
    if (xml === null) continue;
    out.separate("\n\n");
    addWordText(xml, out, HEADER);
  }
}
