// Attachment files made by the tests themselves (well-kept generators: pdf-lib, docx, exceljs;
// PPTX and ODT packages zipped with fflate), shared by the scanner's tests in Node and the
// extension's tests in Chromium.
import { Document, Footer, Packer, Paragraph } from "docx";
import ExcelJS from "exceljs";
import { strToU8, zipSync, zlibSync, type Zippable } from "fflate";
import { PDFDocument, PDFHexString, PDFName, StandardFonts, rgb } from "pdf-lib";

/** A PDF with the given lines of text, one page each (pdf-lib draws a real text layer). */
export async function pdf(pages: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const line of pages) doc.addPage([595, 842]).drawText(line, { x: 50, y: 780, size: 12, font });
  return doc.save();
}

/** A PDF that asks for a password: a standard security handler whose empty user password does not open it. */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const ctx = doc.context;
  const encrypt = ctx.obj({ Filter: PDFName.of("Standard"), V: 1, R: 2, P: -44 });
  encrypt.set(PDFName.of("O"), PDFHexString.of("11".repeat(32)));
  encrypt.set(PDFName.of("U"), PDFHexString.of("22".repeat(32)));
  ctx.trailerInfo.Encrypt = ctx.register(encrypt);
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of("33".repeat(16)), PDFHexString.of("33".repeat(16))]);
  return doc.save({ useObjectStreams: false });
}

/** CRC-32 (PNG's chunk check), bit by bit: a few hundred bytes here. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small grey PNG (a stand-in for a scanned page's picture); no Node APIs, so it runs in Chromium too. */
function greyPng(size = 16): Uint8Array {
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const chunk = (type: string, data: Uint8Array) => {
    const body = new Uint8Array([...strToU8(type), ...data]);
    return [...u32(data.length), ...body, ...u32(crc32(body))];
  };
  const header = new Uint8Array([...u32(size), ...u32(size), 8, 0, 0, 0, 0]); // 8-bit greyscale
  const rows = new Uint8Array(size * (size + 1)).fill(0xc0);
  for (let y = 0; y < size; y++) rows[y * (size + 1)] = 0; // filter byte per row
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk("IHDR", header),
    ...chunk("IDAT", zlibSync(rows)),
    ...chunk("IEND", new Uint8Array(0)),
  ]);
}

/** A typed cover page, then `scanned` pages that are only a picture (no text layer): a scan sent on. */
export async function partlyScannedPdf(cover: string, scanned: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(cover, { x: 50, y: 780, size: 12, font });
  const picture = await doc.embedPng(greyPng());
  for (let i = 0; i < scanned; i++)
    doc.addPage([595, 842]).drawImage(picture, { x: 40, y: 40, width: 515, height: 762 });
  return doc.save();
}

/** A scanned-looking PDF: pages with drawn shapes and no text layer. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 2; i++) {
    doc.addPage([595, 842]).drawRectangle({ x: 40, y: 40, width: 515, height: 762, color: rgb(0.8, 0.8, 0.8) });
  }
  return doc.save();
}

export async function docx(paragraphs: readonly string[], footer?: string): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        ...(footer !== undefined && { footers: { default: new Footer({ children: [new Paragraph(footer)] }) } }),
        children: paragraphs.map((text) => new Paragraph(text)),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function xlsx(sheets: Record<string, readonly (readonly (string | number)[])[]>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const xml = (body: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PML = "http://schemas.openxmlformats.org/presentationml/2006/main";
const DML = "http://schemas.openxmlformats.org/drawingml/2006/main";

/** A minimal PowerPoint package: one text box per slide, listed in presentation.xml out of file order. */
export function pptx(slides: readonly string[]): Uint8Array {
  const files: Zippable = {
    "[Content_Types].xml": xml(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>`,
    ),
    "_rels/.rels": xml(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>`,
    ),
    "ppt/presentation.xml": xml(
      `<p:presentation xmlns:p="${PML}" xmlns:r="${REL}"><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${String(256 + i)}" r:id="rId${String(slides.length - i)}"/>`).join("")}</p:sldIdLst></p:presentation>`,
    ),
    "ppt/_rels/presentation.xml.rels": xml(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slides.map((_, i) => `<Relationship Id="rId${String(slides.length - i)}" Type="${REL}/slide" Target="slides/slide${String(i + 1)}.xml"/>`).join("")}</Relationships>`,
    ),
  };
  slides.forEach((text, i) => {
    files[`ppt/slides/slide${String(i + 1)}.xml`] = xml(
      `<p:sld xmlns:p="${PML}" xmlns:a="${DML}"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`,
    );
  });
  return zipSync(files);
}

/** A minimal OpenDocument text: the mimetype first and stored, then content.xml. */
export function odt(paragraphs: readonly string[]): Uint8Array {
  return zipSync({
    mimetype: [strToU8("application/vnd.oasis.opendocument.text"), { level: 0 }],
    "content.xml": xml(
      `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>${paragraphs.map((p) => `<text:p>${p}</text:p>`).join("")}</office:text></office:body></office:document-content>`,
    ),
  });
}
