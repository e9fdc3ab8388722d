// HTML to text without a DOM: scripts, styles and comments dropped, block elements become line
// breaks (paragraphs and headings blank lines, so they are separate paragraphs for the engine),
// table cells tabs, entities decoded. Text in attributes (alt, title) is not read.
//
// Linear in the length of the page: the patterns for comments, scripts and styles match wherever
// they start (markup that never ends runs to the end of the text) and tags are found by hand, so
// no "<" is tried again from the next one, which is what made the old patterns quadratic (140 KB
// of "<script" took minutes). Markup that never ends is kept as text: what cannot be told apart
// from content is scanned, not dropped.
import { decodeEntities } from "./entities.ts";

const DROPPED = /<!--[\s\S]*?(?:-->|$)|<(script|style|template|noscript)\b[^>]*(?:>|$)[\s\S]*?(?:<\/\1\s*>|$)/gi;
const TAG_NAME = /\/?([A-Za-z][\w:-]*)/y;
const QUOTE_OR_END = /[>"']/g;
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

/** What a tag becomes in the text: a paragraph break, a line break, a tab, or nothing. */
function tagText(name: string): string {
  const element = name.toLowerCase();
  if (PARAGRAPH.has(element)) return "\n\n";
  if (LINE.has(element)) return "\n";
  if (CELL.has(element)) return "\t";
  return "";
}

/**
 * Replaces each tag by tagText, by hand rather than with one pattern: a pattern repeating over a
 * tag's characters and quoted runs keeps a backtracking entry for each and overflows the stack on
 * a tag some megabytes long (an 8 MiB one did). A tag ends at the first ">" outside quotes; one that never ends (or whose
 * quote never closes) is kept as text, with everything after it.
 */
function replaceTags(text: string): string {
  const out: string[] = [];
  let at = 0;
  for (let lt = text.indexOf("<"); lt !== -1; lt = text.indexOf("<", at)) {
    out.push(text.slice(at, lt));
    let end = -1;
    let name = "";
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      end = text.indexOf(">", lt);
    } else {
      TAG_NAME.lastIndex = lt + 1;
      const tag = TAG_NAME.exec(text);
      if (tag === null) {
        out.push("<"); // not a tag: text
        at = lt + 1;
        continue;
      }
      name = tag[1] ?? "";
      QUOTE_OR_END.lastIndex = TAG_NAME.lastIndex;
      for (let m = QUOTE_OR_END.exec(text); m !== null; m = QUOTE_OR_END.exec(text)) {
        if (m[0] === ">") {
          end = m.index;
          break;
        }
        const closing = text.indexOf(m[0], m.index + 1);
        if (closing === -1) break;
        QUOTE_OR_END.lastIndex = closing + 1;
      }
    }
    if (end === -1) {
      // Never ends: the rest is text (without its "<"), and there is nothing after it to scan.
      out.push(text.slice(lt + 1));
      return out.join("");
    }
    out.push(tagText(name));
    at = end + 1;
  }
  out.push(text.slice(at));
  return out.join("");
}

/** The readable text of an HTML document or fragment. */
export function htmlToText(html: string): string {
  // Source line breaks and runs of spaces are layout in HTML, not text; markup decides the lines.
  const text = replaceTags(
    html
      .replace(DROPPED, (dropped: string, element: string | undefined) => {
        // The element is one of four fixed names, so building its end tag's pattern is safe.
        const ended =
          element === undefined ? dropped.endsWith("-->") : new RegExp(`</${element}\\s*>$`, "i").test(dropped);
        if (ended) return " ";
        if (element === undefined) return dropped.slice(4);
        const opened = dropped.indexOf(">");
        return dropped.slice(opened === -1 ? 1 + element.length : opened + 1);
      })
      .replace(/[ \t\r\n\f]+/g, " "),
  );
  // Removed tags leave runs of spaces; one pass makes each a single space, so the next finds
  // the spaces around a line break without trying every start in a long run.
  return decodeEntities(
    text
      .replace(/ {2,}/g, " ")
      .replace(/ ?\n ?/g, "\n")
      .replace(/\n{3,}/g, "\n\n"),
  ).trim();
}
