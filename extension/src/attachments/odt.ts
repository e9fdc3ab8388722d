// OpenDocument text (.odt): the body of content.xml, then the page headers and footers kept in
// styles.xml. Paragraphs and headings are lines; <text:s/>, tabs and line breaks are kept.
import { AttachmentError } from "./errors.ts";
import type { TextBuilder } from "./text-builder.ts";
import type { ScanLocation } from "./types.ts";
import { attribute, walkXml } from "./xml.ts";
import type { ZipArchive } from "./zip.ts";

export const ODT_MIMETYPE = "application/vnd.oasis.opendocument.text";

const BODY: ScanLocation = { part: "body" };
const HEADER: ScanLocation = { part: "header" };

/** Adds the text of paragraphs inside `scope` elements (body, or header/footer styles). */
function addOdfText(xml: string, out: TextBuilder, location: ScanLocation, scopes: readonly string[]): void {
  let scope = 0;
  let paragraph = 0;
  walkXml(xml, {
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
  });
}

export function extractOdt(zip: ZipArchive, out: TextBuilder): void {
  const content = zip.readText("content.xml");
  if (content === null) throw new AttachmentError("corrupt");
  addOdfText(content, out, BODY, ["body"]);
  const styles = zip.readText("styles.xml");
  if (styles !== null) {
    out.separate("\n\n");
    addOdfText(styles, out, HEADER, ["header", "footer", "header-left", "footer-left", "header-first", "footer-first"]);
  }
}
