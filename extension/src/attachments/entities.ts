// Character references in XML and HTML: numeric ones in full, named ones for XML's five and the
// HTML names Swedish and Western European text uses (Latin-1, typographic punctuation).
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  shy: "\u00ad",
  ndash: "–",
  mdash: "—",
  minus: "−",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  euro: "€",
  pound: "£",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  sect: "§",
  para: "¶",
  times: "×",
  divide: "÷",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  zwnj: "\u200c",
  zwj: "\u200d",
};
// Latin-1 letters by their HTML names (Aring -> Å, auml -> ä, oslash -> ø, ...).
const LATIN1 =
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml _ Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig".split(
    " ",
  );
LATIN1.forEach((name, i) => {
  if (name === "_") return;
  NAMED[name] = String.fromCharCode(0xc0 + i);
  if (name !== "szlig") NAMED[name.charAt(0).toLowerCase() + name.slice(1)] = String.fromCharCode(0xe0 + i);
});
NAMED.yuml = "ÿ";

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

function fromCodePoint(code: number): string {
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
}

/** Replaces character references; unknown names are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    REFERENCE,
    (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
      if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
      return (name !== undefined ? NAMED[name] : undefined) ?? whole;
    },
  );
}
