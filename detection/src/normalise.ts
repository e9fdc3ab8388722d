// A same-length view of a paragraph for the rules: offsets into the view are offsets into the text,
// so findings still point at what the person wrote. Only what changes a match is folded:
//   - full-width forms pasted from PDFs and Asian input methods (１２３４, －, ：) become ASCII,
//     and the ideographic space a space;
//   - HTML markup pasted as text (a class list copied as a table) is blanked: a cell boundary
//     (<td>, <th>) becomes a tab, a row or block boundary (<tr>, <br>, <p>, <div>, <li>) a line
//     break, any other tag spaces; entities (&nbsp;, &amp;, &#160;) become spaces.
// Paragraphs with none of these (almost all) are returned as they are, without a copy.

const NEEDS_WORK = /[<&\u3000\uff01-\uff5e]/;
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,400}>|&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[\da-fA-F]{1,6});/g;
const CELL_TAGS = new Set(["td", "th"]);
const ROW_TAGS = new Set(["tr", "br", "p", "div", "li", "table", "thead", "tbody", "ul", "ol", "h1", "h2", "h3", "h4"]);

/**
 * `part` with full-width forms as ASCII and the ideographic space as a space. A function of the
 * module, not a closure made at each call: V8 compiled each call's closure again.
 */
function fold(part: string): string {
  let folded = "";
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) folded += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) folded += " ";
    else folded += part.charAt(i);
  }
  return folded;
}

/** The same-length view of `text` (the same string when nothing needs folding). */
export function normalise(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  let out = "";
  let last = 0;
  TAG.lastIndex = 0;
  let tags = 0;
  for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
    const between = text.slice(last, m.index);
    // Line breaks between two tags are layout ("<tr>\n  <td>"): the row stays one line.
    out += tags > 0 && m[1] !== undefined && /^\s*$/.test(between) ? between.replace(/[\r\n]/g, " ") : fold(between);
    if (m[1] !== undefined) tags++;
    const name = (m[1] ?? "").toLowerCase();
    const first = name === "" ? " " : CELL_TAGS.has(name) ? "\t" : ROW_TAGS.has(name) ? "\n" : " ";
    out += first + " ".repeat(m[0].length - 1);
    last = m.index + m[0].length;
  }
  return out + fold(text.slice(last));
}
