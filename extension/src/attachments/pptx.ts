// PowerPoint (.pptx): slides in presentation order, each followed by its speaker notes; every
// paragraph is a line, and everything on or under a slide has that slide as its location.
import { AttachmentError } from "./errors.ts";
import { mainPart, readPart, relationships } from "./ooxml.ts";
import type { TextBuilder } from "./text-builder.ts";
import type { ScanLocation } from "./types.ts";
import { attribute, type XmlHandler } from "./xml.ts";
import type { ZipArchive } from "./zip.ts";

/** DrawingML text (a slide's or its notes') as a handler that adds it to `out`. */
function drawingText(out: TextBuilder, location: ScanLocation): XmlHandler {
  let inText = false;
  return {
    open(name, _attributes, selfClosing) {
      if (name === "t") inText = !selfClosing;
      else if (name === "br") out.separate("\n");
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "p") out.separate("\n");
    },
    text(text) {
      if (inText) out.add(text, location);
    },
  };
}

export function extractPptx(zip: ZipArchive, out: TextBuilder, maxSlides: number): void {
  const presentation = mainPart(zip, "ppt/presentation.xml");
  const byId = new Map(relationships(zip, presentation).map((r) => [r.id, r]));
  const slides: string[] = [];
  readPart(zip, presentation, {
    open(name, attributes) {
      if (name !== "sldId") return;
      const target = byId.get(attribute(attributes, "r:id") ?? "")?.target;
      if (target !== undefined) slides.push(target);
    },
  });
  if (slides.length > maxSlides) throw new AttachmentError("too-many-pages");
  slides.forEach((part, index) => {
    if (!zip.has(part)) return;
    const location: ScanLocation = { slide: index + 1 };
    out.separate("\n\n");
    zip.readXml(part, drawingText(out, location));
    for (const notes of relationships(zip, part).filter((r) => r.type === "notesSlide")) {
      if (!zip.has(notes.target)) continue;
      out.separate("\n\n");
      zip.readXml(notes.target, drawingText(out, location));
    }
  });
}
