// What the Office Open XML formats share: relationship parts, which name the other parts of a
// package and where they are.
import { AttachmentError } from "./errors.ts";
import { attribute, type XmlHandler } from "./xml.ts";
import type { ZipArchive } from "./zip.ts";

export interface Relationship {
  readonly id: string;
  /** The last segment of the relationship type URI ("officeDocument", "worksheet", "header"). */
  readonly type: string;
  /** The target's member name in the zip. */
  readonly target: string;
}

/** "word/document.xml" -> "word/_rels/document.xml.rels"; "" -> "_rels/.rels". */
function relsPath(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the folder of the part that refers to it. */
function resolveTarget(part: string, target: string): string {
  const segments = target.startsWith("/") ? [] : part.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") segments.pop();
    else if (segment !== "." && segment !== "") segments.push(segment);
  }
  return segments.join("/");
}

/** The relationships of `part` ("" for the package itself), in document order. */
export function relationships(zip: ZipArchive, part: string): Relationship[] {
  const found: Relationship[] = [];
  zip.readXml(relsPath(part), {
    open(name, attributes) {
      if (name !== "Relationship" || attribute(attributes, "TargetMode") === "External") return;
      const id = attribute(attributes, "Id");
      const type = attribute(attributes, "Type");
      const target = attribute(attributes, "Target");
      if (id === null || type === null || target === null) return;
      found.push({ id, type: type.slice(type.lastIndexOf("/") + 1), target: resolveTarget(part, target) });
    },
  });
  return found;
}

/** The package's main part (word/document.xml, xl/workbook.xml, ppt/presentation.xml). */
export function mainPart(zip: ZipArchive, fallback: string): string {
  const main = relationships(zip, "").find((r) => r.type === "officeDocument")?.target ?? fallback;
  if (!zip.has(main)) throw new AttachmentError("corrupt");
  return main;
}

/** Walks a part that must exist. @throws AttachmentError "corrupt" when it is missing. */
export function readPart(zip: ZipArchive, part: string, handler: XmlHandler): void {
  if (!zip.readXml(part, handler)) throw new AttachmentError("corrupt");
}
