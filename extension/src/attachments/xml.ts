// A small streaming XML reader for Office and ODF parts: tags, attributes and text, no DOM (the
// scan also runs in workers, where there is no DOMParser). Element names are compared without
// their namespace prefix ("w:t" -> "t").
//
// It is linear in the length of the part: every search (indexOf) starts where the last one ended,
// so each character is looked at a few times at most and a hostile part costs what its size
// costs. Markup that never ends (an unterminated comment, CDATA section, processing instruction,
// tag or quoted attribute) is a damaged part, not text to retry from the next "<": that retrying
// made the old regular-expression tokenizer quadratic. Only the five XML entities and character
// references are decoded; a DOCTYPE's own entities are never expanded (no "billion laughs").
import { decodeEntities } from "./entities.ts";
import { AttachmentError } from "./errors.ts";

export interface XmlHandler {
  readonly open?: (name: string, attributes: string, selfClosing: boolean) => void;
  readonly close?: (name: string) => void;
  readonly text?: (text: string) => void;
}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);
const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
/** What may start an element name: a letter (any script), "_". */
const isNameStart = (code: number) =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code >= 0xc0;
/** What may not be in an element or attribute name (NaN: past the end). */
const endsName = (code: number) =>
  isSpace(code) ||
  code === 0x3d /* = */ ||
  code === 0x2f /* / */ ||
  code === 0x3e /* > */ ||
  code === 0x22 /* " */ ||
  code === 0x27 /* ' */ ||
  code === 0x3c /* < */ ||
  Number.isNaN(code);

/** Where the name at `at` ends, or -1 when no name starts there (element names must start with a letter or "_"). */
function nameEnd(xml: string, at: number, element: boolean): number {
  const first = xml.charCodeAt(at);
  if (element ? !isNameStart(first) : endsName(first)) return -1;
  let end = at + 1;
  while (!endsName(xml.charCodeAt(end))) end++;
  return end;
}

function skipSpace(xml: string, at: number): number {
  let next = at;
  while (isSpace(xml.charCodeAt(next))) next++;
  return next;
}

/** The index just past `token`'s first occurrence from `at`. @throws AttachmentError "corrupt" when it never comes. */
function past(xml: string, token: string, at: number): number {
  const found = xml.indexOf(token, at);
  if (found === -1) throw new AttachmentError("corrupt");
  return found + token.length;
}

/**
 * Calls `handler` for each start tag, end tag and piece of text (entities decoded) in order; a
 * self-closing tag is an open followed by a close. End tags are not matched against start tags.
 *
 * @throws AttachmentError "corrupt" for markup that does not end or is not markup (a bare "<")
 *   and for a part without any element, "too-large" when elements nest deeper than `maxDepth`.
 */
export function walkXml(xml: string, handler: XmlHandler, maxDepth: number): void {
  const { open, close, text } = handler;
  const corrupt = () => new AttachmentError("corrupt");
  let depth = 0;
  let elements = false;
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const textEnd = lt === -1 ? xml.length : lt;
    if (text !== undefined && textEnd > at) text(decodeEntities(xml.slice(at, textEnd)));
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        at = past(xml, "-->", lt + 4);
      } else if (xml.startsWith("<![CDATA[", lt)) {
        at = past(xml, "]]>", lt + 9);
        text?.(xml.slice(lt + 9, at - 3));
      } else if (xml.startsWith("<!DOCTYPE", lt)) {
        // Its internal subset ("[...]") may hold ">", so then it ends at the first ">" after a "]".
        const gt = past(xml, ">", lt);
        let bracket = lt;
        while (bracket < gt && xml.charCodeAt(bracket) !== 0x5b /* [ */) bracket++;
        at = bracket < gt ? past(xml, ">", past(xml, "]", bracket)) : gt;
      } else throw corrupt();
    } else if (next === 0x3f /* ? */) {
      at = past(xml, "?>", lt + 2);
    } else {
      const closing = next === 0x2f; // "/"
      const nameStart = lt + (closing ? 2 : 1);
      const end = nameEnd(xml, nameStart, true);
      if (end === -1) throw corrupt();
      const name = localName(xml.slice(nameStart, end));
      // Attributes: each is whitespace, a name, "=", and a quoted value found by indexOf.
      let p = end;
      for (;;) {
        const spaced = skipSpace(xml, p);
        const code = xml.charCodeAt(spaced);
        if (code === 0x3e /* > */ || (code === 0x2f /* / */ && xml.charCodeAt(spaced + 1) === 0x3e)) {
          p = spaced;
          break;
        }
        if (closing || spaced === p) throw corrupt();
        const attributeEnd = nameEnd(xml, spaced, false);
        if (attributeEnd === -1) throw corrupt();
        const equals = skipSpace(xml, attributeEnd);
        if (xml.charCodeAt(equals) !== 0x3d /* = */) throw corrupt();
        const quoteAt = skipSpace(xml, equals + 1);
        const quote = xml.charAt(quoteAt);
        if (quote !== '"' && quote !== "'") throw corrupt();
        p = past(xml, quote, quoteAt + 1);
      }
      const selfClosing = xml.charCodeAt(p) === 0x2f;
      if (closing && selfClosing) throw corrupt();
      at = p + (selfClosing ? 2 : 1);
      if (closing) {
        depth = Math.max(0, depth - 1);
        close?.(name);
      } else {
        elements = true;
        open?.(name, xml.slice(end, p), selfClosing);
        if (selfClosing) close?.(name);
        else if (++depth > maxDepth) throw new AttachmentError("too-large");
      }
    }
  }
  // Not one element: not XML at all (a binary member, another zip inside this one).
  if (!elements) throw corrupt();
}

/**
 * The value of attribute `name` (as written, prefix included: "r:id"), entities decoded; null when
 * absent or when `attributes` is not a run of name="value" pairs. Linear in `attributes`.
 */
export function attribute(attributes: string, name: string): string | null {
  let p = 0;
  for (;;) {
    const start = skipSpace(attributes, p);
    if (start >= attributes.length) return null;
    const end = nameEnd(attributes, start, false);
    if (end === -1) return null;
    const equals = skipSpace(attributes, end);
    if (attributes.charCodeAt(equals) !== 0x3d) return null;
    const quoteAt = skipSpace(attributes, equals + 1);
    const quote = attributes.charAt(quoteAt);
    if (quote !== '"' && quote !== "'") return null;
    const valueEnd = attributes.indexOf(quote, quoteAt + 1);
    if (valueEnd === -1) return null;
    if (end - start === name.length && attributes.startsWith(name, start)) {
      return decodeEntities(attributes.slice(quoteAt + 1, valueEnd));
    }
    p = valueEnd + 1;
  }
}
