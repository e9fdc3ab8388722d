// Reads single members of a zip (Office Open XML and ODF files are zips) without unpacking the
// rest, within one budget for the whole file: the bytes inflated from all members together, the
// members listed and read (a member read twice counts twice, so several parts pointing at one
// huge member cost what reading it that often costs), and how deep XML elements nest. Sizes are
// checked before inflating and again while inflating, so a zip bomb stops at the budget whatever
// its header claims. fflate does the inflating.
import { Inflate } from "fflate";
import { AttachmentError } from "./errors.ts";
import type { AttachmentLimits } from "./types.ts";
import { walkXml, type XmlHandler } from "./xml.ts";

/** The limits that bound reading one file's zip. */
export type ZipLimits = Pick<AttachmentLimits, "maxUnzippedBytes" | "maxZipEntries" | "maxXmlDepth">;

interface Entry {
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

export interface ZipArchive {
  /** Member names in central-directory order. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /**
   * A member's bytes, or null when absent. Every call spends from the file's budget.
   * @throws AttachmentError "too-large" past the budget, "corrupt", "encrypted".
   */
  read(name: string): Uint8Array | null;
  /** A member as UTF-8 text, or null when absent. @throws as `read`. */
  readText(name: string): string | null;
  /**
   * Walks a member's XML (see walkXml) within the file's nesting limit; false when absent.
   * @throws as `read`, and as walkXml.
   */
  readXml(name: string, handler: XmlHandler): boolean;
  /** Bytes inflated (or stored bytes read) so far, over every read. */
  readonly inflatedBytes: number;
  /** Member reads so far. */
  readonly entriesRead: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes fed to the inflater per step; bounds how far one step can overshoot the limit. */
const STEP = 16 * 1024;

const corrupt = (cause?: unknown) => new AttachmentError("corrupt", { cause });

/**
 * Opens a zip's central directory; reads then spend from one budget set by `limits`.
 * @throws AttachmentError "corrupt" when it cannot be read, "too-large" when it lists more than
 *   `maxZipEntries` members.
 */
export function openZip(bytes: Uint8Array, limits: ZipLimits): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => {
    const value = view.getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt();
    return Number(value);
  };
  const entries = new Map<string, Entry>();
  try {
    let eocd = -1;
    for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
      if (u32(at) === EOCD) {
        eocd = at;
        break;
      }
    }
    if (eocd < 0) throw corrupt();
    let count = u16(eocd + 10);
    let offset = u32(eocd + 16);
    if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
      const record = u64(eocd - 12);
      if (u32(record) !== ZIP64_EOCD) throw corrupt();
      count = u64(record + 32);
      offset = u64(record + 48);
    }
    if (count > limits.maxZipEntries) throw new AttachmentError("too-large");
    const names = new TextDecoder();
    for (let i = 0; i < count; i++) {
      if (u32(offset) !== CENTRAL) throw corrupt();
      const flags = u16(offset + 8);
      const nameLength = u16(offset + 28);
      const extraLength = u16(offset + 30);
      const commentLength = u16(offset + 32);
      let compressedSize = u32(offset + 20);
      let size = u32(offset + 24);
      let localOffset = u32(offset + 42);
      const nameStart = offset + 46;
      const name = names.decode(bytes.subarray(nameStart, nameStart + nameLength));
      // Zip64: the 64-bit values are in extra field 1, in this order, for each 32-bit field that is all ones.
      for (let at = nameStart + nameLength; at + 4 <= nameStart + nameLength + extraLength;) {
        const id = u16(at);
        const length = u16(at + 2);
        if (id === 1) {
          let field = at + 4;
          if (size === 0xffffffff) {
            size = u64(field);
            field += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(field);
            field += 8;
          }
          if (localOffset === 0xffffffff) localOffset = u64(field);
        }
        at += 4 + length;
      }
      entries.set(name, { method: u16(offset + 10), encrypted: (flags & 1) !== 0, compressedSize, size, localOffset });
      offset = nameStart + nameLength + extraLength + commentLength;
    }
  } catch (error) {
    // DataView reads past the end throw RangeError: a truncated file.
    throw error instanceof AttachmentError ? error : corrupt(error);
  }

  let inflatedBytes = 0;
  let entriesRead = 0;
  const read = (name: string): Uint8Array | null => {
    const entry = entries.get(name);
    if (entry === undefined) return null;
    if (entry.encrypted) throw new AttachmentError("encrypted");
    if (++entriesRead > limits.maxZipEntries) throw new AttachmentError("too-large");
    const left = limits.maxUnzippedBytes - inflatedBytes;
    // A size header can lie low (inflating checks again) but never gets more than is left.
    if (entry.size > left) throw new AttachmentError("too-large");
    let data: Uint8Array;
    try {
      const at = entry.localOffset;
      if (u32(at) !== LOCAL) throw corrupt();
      const start = at + 30 + u16(at + 26) + u16(at + 28);
      if (start + entry.compressedSize > bytes.length) throw corrupt();
      data = bytes.subarray(start, start + entry.compressedSize);
    } catch (error) {
      throw error instanceof AttachmentError ? error : corrupt(error);
    }
    if (entry.method !== 0 && entry.method !== 8) throw corrupt();
    if (entry.method === 0 && data.length > left) throw new AttachmentError("too-large");
    const out = entry.method === 0 ? data : inflateBounded(data, left);
    inflatedBytes += out.length;
    return out;
  };
  const readText = (name: string): string | null => {
    const data = read(name);
    if (data === null) return null;
    try {
      return new TextDecoder("utf-8", { fatal: false }).decode(data);
    } catch (error) {
      throw corrupt(error);
    }
  };

  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    read,
    readText,
    readXml(name, handler) {
      const xml = readText(name);
      if (xml === null) return false;
      walkXml(xml, handler, limits.maxXmlDepth);
      return true;
    },
    get inflatedBytes() {
      return inflatedBytes;
    },
    get entriesRead() {
      return entriesRead;
    },
  };
}

/** Inflates step by step and stops as soon as the output passes `limit` (a lying size header); the chunk that passes it is dropped. */
function inflateBounded(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const state = { ended: false };
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) throw new AttachmentError("too-large");
    chunks.push(chunk);
    if (final) state.ended = true;
  });
  try {
    for (let at = 0; at < data.length; at += STEP) {
      inflater.push(data.subarray(at, at + STEP), at + STEP >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    throw error instanceof AttachmentError ? error : corrupt(error);
  }
  if (!state.ended) throw corrupt();
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
