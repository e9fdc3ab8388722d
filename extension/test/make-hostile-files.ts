// Hostile attachments for the scanner's limits, built byte by byte: a deflate stream that is one
// repeated pattern (a gibibyte from a few megabytes, made in milliseconds, where a compressor
// would take seconds per hundred megabytes) and a zip writer that puts any member, size header
// and central directory into real zip bytes, so a test can lie exactly where an attacker would.
import { deflateSync, strToU8 } from "fflate";

/** A deflate bit writer: LSB first, Huffman codes MSB first (RFC 1951, 3.1.1). */
class Bits {
  readonly bytes: Uint8Array;
  private at = 0;

  constructor(maxBits: number) {
    this.bytes = new Uint8Array(Math.ceil(maxBits / 8) + 1);
  }

  value(value: number, length: number): void {
    for (let i = 0; i < length; i++) this.bit((value >> i) & 1);
  }

  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bit((code >> i) & 1);
  }

  end(): Uint8Array {
    return this.bytes.subarray(0, Math.ceil(this.at / 8));
  }

  private bit(bit: number): void {
    const byte = this.at >> 3;
    this.bytes[byte] = (this.bytes[byte] ?? 0) | (bit << (this.at & 7));
    this.at++;
  }
}

/**
 * A raw deflate stream (one fixed-Huffman block): `prefix`, then `pattern` (1 to 4 bytes, so the
 * distance code needs no extra bits) repeated past `minSize` bytes, then `suffix`. The repeats
 * are matches of 258 bytes at distance `pattern.length`, 13 bits each (about 1:1,270).
 * @returns the stream and the exact size it inflates to.
 */
export function repeatedDeflate(
  pattern: string,
  minSize: number,
  prefix = "",
  suffix = "",
): { data: Uint8Array; size: number } {
  const unit = strToU8(pattern);
  const [head, tail] = [strToU8(prefix), strToU8(suffix)];
  if (unit.length < 1 || unit.length > 4) throw new Error("pattern: 1-4 bytes");
  if ([...head, ...unit, ...tail].some((b) => b > 143)) throw new Error("ASCII only");
  const matches = Math.max(0, Math.ceil((minSize - unit.length) / 258));
  const bits = new Bits(3 + (head.length + unit.length + tail.length) * 8 + matches * 13 + 7);
  bits.value(1, 1); // BFINAL
  bits.value(1, 2); // BTYPE 01: fixed Huffman codes
  const literals = (bytes: Uint8Array) => {
    for (const b of bytes) bits.code(0x30 + b, 8); // literals 0-143: 8 bits from 0x30
  };
  literals(head);
  literals(unit);
  for (let i = 0; i < matches; i++) {
    bits.code(0xc5, 8); // length code 285: 258 bytes
    bits.code(unit.length - 1, 5); // distance codes 0-3: distances 1-4
  }
  literals(tail);
  bits.code(0, 7); // end of block (256)
  return { data: bits.end(), size: head.length + unit.length + matches * 258 + tail.length };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (CRC_TABLE[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface RawMember {
  readonly name: string;
  /** The member's bytes as stored in the zip (deflated when `method` is 8). */
  readonly data: Uint8Array;
  readonly method: 0 | 8;
  /** The uncompressed size written in both headers (may be a lie). */
  readonly size: number;
  /** CRC-32 of the uncompressed bytes; 0 where they were never made (the scanner does not check it). */
  readonly crc: number;
}

/** A member from text, deflated for real, with its true size and CRC. */
export function textMember(name: string, text: string): RawMember {
  const bytes = strToU8(text);
  return { name, data: deflateSync(bytes), method: 8, size: bytes.length, crc: crc32(bytes) };
}

/**
 * A member that inflates to `around[0]`, `pattern` repeated past `minSize` bytes, `around[1]`;
 * `claimedSize` is what its headers say (the truth when not given).
 */
export function repeatedMember(
  name: string,
  pattern: string,
  minSize: number,
  options: { around?: readonly [string, string]; claimedSize?: number } = {},
): RawMember & { realSize: number } {
  const [prefix, suffix] = options.around ?? ["", ""];
  const { data, size } = repeatedDeflate(pattern, minSize, prefix, suffix);
  return { name, data, method: 8, size: options.claimedSize ?? size, crc: 0, realSize: size };
}

/** Zip bytes: local headers and data, the central directory, and its end record (no zip64). */
export function zipRaw(members: readonly RawMember[], options: { claimedCount?: number } = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const member of members) {
    const name = strToU8(member.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, member.method, true);
    local.setUint32(14, member.crc, true);
    local.setUint32(18, member.data.length, true);
    local.setUint32(22, member.size, true);
    local.setUint16(26, name.length, true);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(10, member.method, true);
    entry.setUint32(16, member.crc, true);
    entry.setUint32(20, member.data.length, true);
    entry.setUint32(24, member.size, true);
    entry.setUint16(28, name.length, true);
    entry.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), name, member.data);
    central.push(new Uint8Array(entry.buffer), name);
    offset += 30 + name.length + member.data.length;
  }
  const centralSize = central.reduce((sum, c) => sum + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  const count = options.claimedCount ?? members.length;
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Math.min(count, 0xffff), true);
  end.setUint16(10, Math.min(count, 0xffff), true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const WML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

const relationships = (rels: readonly { id: string; type: string; target: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS}">${rels.map((r) => `<Relationship Id="${r.id}" Type="${REL}/${r.type}" Target="${r.target}"/>`).join("")}</Relationships>`;

/** What comes before and after a Word body's content. */
export const WORD_BODY = [
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${WML}"><w:body>`,
  "</w:body></w:document>",
] as const;

/** The text of a Word body holding `inner` (raw WordprocessingML, not escaped). */
export const wordDocument = (inner: string): string => WORD_BODY[0] + inner + WORD_BODY[1];

/** A paragraph of plain text. */
export const wordParagraph = (text: string): string => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

/**
 * A Word package with the given document.xml member and any other members, whose document
 * relationships are `related` (header, footer, footnotes ...).
 */
export function docxWith(
  document: RawMember,
  related: readonly { id: string; type: string; target: string }[] = [],
  extra: readonly RawMember[] = [],
): Uint8Array {
  return zipRaw([
    textMember(
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    textMember("_rels/.rels", relationships([{ id: "rId1", type: "officeDocument", target: "word/document.xml" }])),
    document,
    textMember("word/_rels/document.xml.rels", relationships(related)),
    ...extra,
  ]);
}

/** An Excel package whose workbook lists one sheet per entry of `sheetTargets` (several may name the same member). */
export function xlsxWith(sheetTargets: readonly string[], members: readonly RawMember[]): Uint8Array {
  const sheets = sheetTargets.map(
    (_, i) => `<sheet name="Blad${String(i + 1)}" sheetId="${String(i + 1)}" r:id="rId${String(i + 1)}"/>`,
  );
  return zipRaw([
    textMember(
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    ),
    textMember("_rels/.rels", relationships([{ id: "rId1", type: "officeDocument", target: "xl/workbook.xml" }])),
    textMember(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${SML}" xmlns:r="${REL}"><sheets>${sheets.join("")}</sheets></workbook>`,
    ),
    textMember(
      "xl/_rels/workbook.xml.rels",
      relationships(sheetTargets.map((target, i) => ({ id: `rId${String(i + 1)}`, type: "worksheet", target }))),
    ),
    ...members,
  ]);
}

/** What comes before and after a worksheet's rows. */
export const SHEET_DATA = [
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${SML}"><sheetData>`,
  "</sheetData></worksheet>",
] as const;

/** A worksheet's XML around `rows` (raw SpreadsheetML). */
export const worksheet = (rows: string): string => SHEET_DATA[0] + rows + SHEET_DATA[1];
