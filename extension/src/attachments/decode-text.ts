// Bytes to text for plain-text formats: UTF-8 when the bytes are valid UTF-8, else windows-1252,
// which is what Swedish text from older Windows programs usually is. A BOM is kept as U+FEFF so
// that offsets match the file as any UTF-8 reader sees it (the engine ignores it).

// windows-1252 differs from Latin-1 only in 0x80-0x9F; the five undefined bytes stay C1 controls.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const codes = Array.from(bytes.subarray(at, at + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b,
    );
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join("");
}

/** Decodes a text file: UTF-8 if valid, otherwise windows-1252. Never throws. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Whether the bytes look like text (used only when a file has no known extension). */
export function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  // NUL and C0 controls other than tab, line feed, form feed, carriage return and escape mean binary.
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) return false;
  return true;
}
