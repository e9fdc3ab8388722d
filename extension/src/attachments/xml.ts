// A small streaming XML reader for Office and ODF parts: tags, attributes and text, no DOM (the
// scan also runs in workers, where there is no DOMParser). Element names are compared without
// their namespace prefix ("w:t" -> "t"). Malformed input never throws; it yields what it can.
import { decodeEntities } from "./entities.ts";

export interface XmlHandler {
  readonly open?: (name: string, attributes: string, selfClosing: boolean) => void;
  readonly close?: (name: string) => void;
  readonly text?: (text: string) => void;
}

const TOKEN =
  /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<[?!][^>]*>/g;

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/** Calls `handler` for each start tag, end tag and piece of text (entities decoded) in order. */
export function walkXml(xml: string, handler: XmlHandler): void {
  const { open, close, text } = handler;
  const re = new RegExp(TOKEN.source, "g");
  let last = 0;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    if (text !== undefined && m.index > last) text(decodeEntities(xml.slice(last, m.index)));
    last = re.lastIndex;
    const name = m[2];
    if (name !== undefined) {
      if (m[1] === "/") close?.(localName(name));
      else {
        const selfClosing = m[4] === "/";
        open?.(localName(name), m[3] ?? "", selfClosing);
        if (selfClosing) close?.(localName(name));
      }
    } else if (m[5] !== undefined) text?.(m[5]);
  }
  if (text !== undefined && last < xml.length) text(decodeEntities(xml.slice(last)));
}

const ATTRIBUTE_CACHE = new Map<string, RegExp>();

/** The value of attribute `name` (as written, prefix included: "r:id"), entities decoded; null when absent. */
export function attribute(attributes: string, name: string): string | null {
  let re = ATTRIBUTE_CACHE.get(name);
  if (re === undefined) {
    re = new RegExp(`(?:^|\\s)${name.replace(".", "\\.")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTE_CACHE.set(name, re);
  }
  const m = re.exec(attributes);
  if (m === null) return null;
  return decodeEntities(m[1] ?? m[2] ?? "");
}
