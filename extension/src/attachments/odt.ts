// OpenDocument text (.odt): the body of content.xml, then the page headers and footers kept in
// styles.xml. Paragraphs and headings are lines; <text:s/>, tabs and line breaks are kept.
import { AttachmentError } from "./errors.ts";
import type { TextBuilder } from "./text-builder.ts";
import type { ScanLocation } from "./types.ts";
import { attribute, type XmlHandler } from "./xml.ts";
import type { ZipArchive } from "./zip.ts";

export const ODT_MIMETYPE = "application/vnd.oasis.opendocument.text";

const BODY: ScanLocation = { part: "body" };
const HEADER: ScanLocation = { part: "header" };

/** The text of paragraphs inside `scopes` elements (body, or header/footer styles) as a handler that adds it to `out`. */
function odfText(out: TextBuilder, location: ScanLocation, scopes: readonly string[]): XmlHandler {
  let scope = 0;
  let paragraph = 0;
  return {
    // walkXml closes self-closing elements too, so every open is matched by a close.
    open(name, attributes) {
      if (scopes.includes(name)) scope++;
      if (scope === 0) return;
      if (name === "p" || name === "h") paragraph++;
      else if (name === "s") out.separate(" ".repeat(Math.min(Number(attribute(attributes, "text:c") ?? 1) || 1, 100)));
      else if (name === "tab") out.separate("\t");
      else if (name === "line-break") out.separate("\n");
    },
    close(name) {
      if (scope === 0) return;
      if (name === "p" || name === "h") {
        paragraph--;
        out.separate("\n");
      }
      if (scopes.includes(name)) scope--;
    },
    text(text) {
      if (scope > 0 && paragraph > 0) out.add(text, location);
    },
  };
}

export function extractOdt(zip: ZipArchive, out: TextBuilder): void {
  if (!zip.readXml("content.xml", odfText(out, BODY, ["body"]))) throw new AttachmentError("corrupt");
  if (zip.has("styles.xml")) {
    out.separate("\n\n");
    zip.readXml(
      "styles.xml",
      odfText(out, HEADER, ["header", "footer", "header-left", "footer-left", "header-first", "footer-first"]),
    );
  }
}
