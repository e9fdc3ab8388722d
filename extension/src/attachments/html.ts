// HTML to text without a DOM: scripts, styles and comments dropped, block elements become line
// breaks (paragraphs and headings blank lines, so they are separate paragraphs for the engine),
// table cells tabs, entities decoded. Text in attributes (alt, title) is not read.
import { decodeEntities } from "./entities.ts";

const DROPPED = /<!--[\s\S]*?(?:-->|$)|<(script|style|template|noscript)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const TAG = /<\/?([A-Za-z][\w:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>|<![^>]*>|<\?[^>]*>/g;
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
    .replace(DROPPED, " ")
    .replace(/[ \t\r\n\f]+/g, " ")
    .replace(TAG, (_tag, name: string | undefined) => {
      const element = (name ?? "").toLowerCase();
      if (PARAGRAPH.has(element)) return "\n\n";
      if (LINE.has(element)) return "\n";
      if (CELL.has(element)) return "\t";
      return "";
    });
  return decodeEntities(text.replace(/ *\n */g, "\n").replace(/\n{3,}/g, "\n\n")).trim();
}
