// HTML to text without a DOM: scripts, styles and comments dropped, block elements become line
// breaks (paragraphs and headings blank lines, so they are separate paragraphs for the engine),
// table cells tabs, entities decoded. Text in attributes (alt, title) is not read.
//
// Linear in the length of the page: every pattern below matches wherever it starts (markup that
// never ends runs to the end of the text), so no "<" is tried again from the next one, which is
// what made the old patterns quadratic (140 KB of "<script" took minutes). Markup that never
// ends is kept as text: what cannot be told apart from content is scanned, not dropped.
import { decodeEntities } from "./entities.ts";

const DROPPED = /<!--[\s\S]*?(?:-->|$)|<(script|style|template|noscript)\b[^>]*(?:>|$)[\s\S]*?(?:<\/\1\s*>|$)/gi;
const TAG = /<\/?([A-Za-z][\w:-]*)(?:[^>"']|"[^"]*(?:"|$)|'[^']*(?:'|$))*(?:>|$)|<[!?][^>]*(?:>|$)/g;
const PARAGRAPH = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "table",
  "ul",
  "ol",
  "pre",
  "hr",
  "title",
]);
const LINE = new Set([
  "br",
  "div",
  "li",
  "tr",
  "dt",
  "dd",
  "section",
  "article",
  "header",
  "footer",
  "address",
  "caption",
]);
const CELL = new Set(["td", "th"]);

/** The readable text of an HTML document or fragment. */
export function htmlToText(html: string): string {
  // Source line breaks and runs of spaces are layout in HTML, not text; markup decides the lines.
  const text = html
    .replace(DROPPED, (dropped: string, element: string | undefined) => {
      // The element is one of four fixed names, so building its end tag's pattern is safe.
      const ended =
        element === undefined ? dropped.endsWith("-->") : new RegExp(`</${element}\\s*>$`, "i").test(dropped);
      if (ended) return " ";
      if (element === undefined) return dropped.slice(4);
      const opened = dropped.indexOf(">");
      return dropped.slice(opened === -1 ? 1 + element.length : opened + 1);
    })
    .replace(/[ \t\r\n\f]+/g, " ")
    .replace(TAG, (tag: string, name: string | undefined) => {
      if (!tag.endsWith(">")) return tag.slice(1);
      const element = (name ?? "").toLowerCase();
      if (PARAGRAPH.has(element)) return "\n\n";
      if (LINE.has(element)) return "\n";
      if (CELL.has(element)) return "\t";
      return "";
    });
  // Removed tags leave runs of spaces; one pass makes each a single space, so the next finds
  // the spaces around a line break without trying every start in a long run.
  return decodeEntities(
    text
      .replace(/ {2,}/g, " ")
      .replace(/ ?\n ?/g, "\n")
      .replace(/\n{3,}/g, "\n\n"),
  ).trim();
}
