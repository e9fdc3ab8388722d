// scanAttachment: one file in, the engine's findings with their places in the file out, or the
// reason it could not be read. It never throws; whatever goes wrong is an "unscannable" result,
// and the file name is scanned in every case.
import { detect, type DetectionResult } from "@sigill/detection";
import { decodeText } from "./decode-text.ts";
import { extractDocx } from "./docx.ts";
import { extractEml } from "./eml.ts";
import { AttachmentError } from "./errors.ts";
import { detectFormat, extensionOf, OOXML_EXTENSIONS, type Format } from "./formats.ts";
import { htmlToText } from "./html.ts";
import { extractOdt, ODT_MIMETYPE } from "./odt.ts";
import { extractPdf } from "./pdf.ts";
import { extractPptx } from "./pptx.ts";
import { NAME_LOCATION, nameOnlyScan, oneLine } from "./name-only.ts";
import { TextBuilder } from "./text-builder.ts";
import {
  DEFAULT_LIMITS,
  type AttachmentLimits,
  type AttachmentScan,
  type ScanLocation,
  type ScanOptions,
} from "./types.ts";
import { extractXlsx } from "./xlsx.ts";
import { openZip, type ZipArchive } from "./zip.ts";

const BODY: ScanLocation = { part: "body" };
/** Between the name and the content: a paragraph break, so no paragraph-local rule spans both. */
const GAP = "\n\n";

/** "EncryptionInfo" in UTF-16LE: the stream an encrypted Office package keeps in its OLE container. */
const ENCRYPTION_INFO = Uint8Array.from("EncryptionInfo".split("").flatMap((c) => [c.charCodeAt(0), 0]));

function contains(bytes: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (
    let at = bytes.indexOf(first ?? 0);
    at !== -1 && at + needle.length <= bytes.length;
    at = bytes.indexOf(first ?? 0, at + 1)
  ) {
    if (needle.every((b, i) => bytes[at + i] === b)) return true;
  }
  return false;
}

/** Which Office or ODF format a zip holds, from its members; null for any other zip. */
function zipFormat(zip: ZipArchive): Format | null {
  if (zip.has("word/document.xml")) return "docx";
  if (zip.has("xl/workbook.xml")) return "xlsx";
  if (zip.has("ppt/presentation.xml")) return "pptx";
  if (zip.has("content.xml") && zip.readText("mimetype")?.trim() === ODT_MIMETYPE) return "odt";
  return null;
}

async function extract(name: string, bytes: Uint8Array, limits: AttachmentLimits, out: TextBuilder): Promise<void> {
  let format = detectFormat(name, bytes);
  if (format === "ole") {
    // Office saves a password-protected .docx/.xlsx/.pptx as an OLE container holding the
    // encrypted package; any other OLE file is a legacy binary format (.doc, .xls, .msg).
    throw new AttachmentError(
      OOXML_EXTENSIONS.has(extensionOf(name)) || contains(bytes, ENCRYPTION_INFO) ? "encrypted" : "unsupported",
    );
  }
  let zip: ZipArchive | null = null;
  if (format === "zip" || format === "docx" || format === "xlsx" || format === "pptx" || format === "odt") {
    zip = openZip(bytes, limits);
    const inside = zipFormat(zip);
    // A zip that is none of the formats: corrupt when its name promised one, else not ours to read.
    if (inside === null) throw new AttachmentError(format === "zip" ? "unsupported" : "corrupt");
    if (format === "zip" && extensionOf(name) === "zip") throw new AttachmentError("unsupported");
    format = inside;
  }
  switch (format) {
    case "text":
      out.add(decodeText(bytes), BODY);
      return;
    case "html":
      out.add(htmlToText(decodeText(bytes)), BODY);
      return;
    case "eml":
      await extractEml(bytes, out);
      return;
    case "pdf":
      await extractPdf(bytes, out, limits.maxPages);
      return;
    case "docx":
      if (zip !== null) extractDocx(zip, out);
      return;
    case "xlsx":
      if (zip !== null) extractXlsx(zip, out, limits.maxPages);
      return;
    case "pptx":
      if (zip !== null) extractPptx(zip, out, limits.maxPages);
      return;
    case "odt":
      if (zip !== null) extractOdt(zip, out);
      return;
    default:
      throw new AttachmentError("unsupported");
  }
}

/**
 * Scans an attachment's name and text with the detection engine.
 *
 * The name and the extracted text are scanned as one message (name, a paragraph break, text), so
 * `result.sensitive` is the engine's own decision (some finding is medium or high) and
 * message-wide context applies across both, as it does for a mail's subject and body. Offsets of
 * findings in the name are into the name; all others are into the extracted text, and
 * `locations[i]` says which (`part: "name"`) and where (page, slide, sheet and cell, or part).
 *
 * Never throws and never rejects: a file that cannot be read is `status: "unscannable"` with the
 * reason, and its name is still scanned. The time limit is enforced by the caller (a worker).
 */
export async function scanAttachment(
  name: string,
  bytes: Uint8Array,
  options: ScanOptions = {},
): Promise<AttachmentScan> {
  const limits: AttachmentLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (bytes.length > limits.maxBytes) return nameOnlyScan(name, "too-large", options);
  const out = new TextBuilder(limits.maxTextChars);
  try {
    await extract(name, bytes, limits, out);
  } catch (error) {
    return nameOnlyScan(name, error instanceof AttachmentError ? error.code : "corrupt", options);
  }
  const head = oneLine(name) + GAP;
  let result: DetectionResult;
  try {
    result = detect(head + out.text(), {
      ...(options.policy && { policy: options.policy }),
      ...(options.clock && { clock: options.clock }),
    });
  } catch {
    return nameOnlyScan(name, "corrupt", options);
  }
  const locations: ScanLocation[] = [];
  const findings = result.findings.map((finding) => {
    if (finding.start < head.length) {
      locations.push(NAME_LOCATION);
      return finding;
    }
    locations.push(out.locate(finding.start - head.length));
    return { ...finding, start: finding.start - head.length, end: finding.end - head.length };
  });
  return { status: "scanned", name, result: { sensitive: result.sensitive, findings }, locations };
}
