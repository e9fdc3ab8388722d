// Which reader a file needs: by its magic bytes where they are decisive (PDF, zip, OLE), else by
// its extension. A file whose bytes contradict its extension is read by its bytes. Only the name
// and the first FORMAT_HEAD_BYTES decide; no reader is imported here (the content script uses it).
import { looksLikeText } from "./decode-text.ts";

export type Format = "text" | "html" | "eml" | "pdf" | "docx" | "xlsx" | "pptx" | "odt" | "zip" | "ole" | "unsupported";

const BY_EXTENSION: Record<string, Format> = {
  txt: "text",
  text: "text",
  csv: "text",
  tsv: "text",
  md: "text",
  log: "text",
  json: "text",
  xml: "text",
  vcf: "text",
  ics: "text",
  html: "html",
  htm: "html",
  xhtml: "html",
  eml: "eml",
  pdf: "pdf",
  docx: "docx",
  docm: "docx",
  dotx: "docx",
  xlsx: "xlsx",
  xlsm: "xlsx",
  xltx: "xlsx",
  pptx: "pptx",
  pptm: "pptx",
  ppsx: "pptx",
  potx: "pptx",
  odt: "odt",
};

/** Extensions of the Office Open XML formats: an OLE file with one of them is an encrypted package. */
export const OOXML_EXTENSIONS = new Set([
  "docx",
  "docm",
  "dotx",
  "xlsx",
  "xlsm",
  "xltx",
  "pptx",
  "pptm",
  "ppsx",
  "potx",
]);

export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

/** How many leading bytes `detectFormat` looks at: the same answer for the head as for the whole file. */
export const FORMAT_HEAD_BYTES = 4096;

/** Whether the file starts with the PDF header. */
export function isPdf(bytes: Uint8Array): boolean {
  return [0x25, 0x50, 0x44, 0x46, 0x2d].every((b, i) => bytes[i] === b);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isOle(bytes: Uint8Array): boolean {
  return OLE.every((b, i) => bytes[i] === b);
}

/** The format to read `bytes` as; "zip" means a zip whose members decide (see the zip readers). */
export function detectFormat(name: string, bytes: Uint8Array): Format {
  const extension = extensionOf(name);
  if (isOle(bytes)) return "ole";
  if (isZip(bytes)) return "zip";
  if (isPdf(bytes)) return "pdf";
  const format = BY_EXTENSION[extension];
  if (format !== undefined) return format;
  // No extension at all: plain text is read as text, anything else is not guessed at.
  return extension === "" && looksLikeText(bytes) ? "text" : "unsupported";
}
