// Shows where a finding is while the person hovers (or focuses) it in the banner: boxes drawn over
// the compose window's subject or body, in a closed shadow root of our own. Nothing in the page's
// editors changes (no selection, no markup), so neither the webmail nor the draft notices.

/** Where a finding sits in the scanned text, which is `subject + "\n\n" + body`. */
export interface FindingSpan {
  readonly field: "subject" | "body";
  readonly start: number;
  readonly end: number;
}

/** Maps an offset range in the scanned text to the field it is in. */
export function spanOf(subjectLength: number, start: number, end: number): FindingSpan {
  if (start < subjectLength) return { field: "subject", start, end: Math.min(end, subjectLength) };
  const offset = subjectLength + 2;
  return { field: "body", start: Math.max(0, start - offset), end: Math.max(0, end - offset) };
}

/**
 * The position of the `occurrence`-th (0-based) appearance of `needle` in the concatenation of
 * `pieces`, as [piece index, offset] pairs for its start and end; null when it is not there.
 * Used to find a finding (located in the editor's `innerText`) among its text nodes.
 */
export function locateInPieces(
  pieces: readonly string[],
  needle: string,
  occurrence: number,
): { startPiece: number; startOffset: number; endPiece: number; endOffset: number } | null {
  if (needle === "") return null;
  const joined = pieces.join("");
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = joined.indexOf(needle, at + 1);
    if (at < 0) return null;
  }
  const position = (offset: number, preferNext: boolean) => {
    let base = 0;
    for (const [i, piece] of pieces.entries()) {
      const inside = preferNext ? offset < base + piece.length : offset <= base + piece.length;
      if (inside) return { piece: i, offset: offset - base };
      base += piece.length;
    }
    return { piece: pieces.length - 1, offset: pieces.at(-1)?.length ?? 0 };
  };
  const start = position(at, true);
  const end = position(at + needle.length, false);
  return { startPiece: start.piece, startOffset: start.offset, endPiece: end.piece, endOffset: end.offset };
}

/** How often `needle` occurs in `text` before `offset` (to pick the same occurrence in the DOM). */
export function occurrencesBefore(text: string, needle: string, offset: number): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0 && at < offset; at = text.indexOf(needle, at + 1)) n++;
  return n;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Copies what decides line wrapping from a text field onto a mirror element. */
const MIRRORED = [
  "boxSizing",
  "width",
  "height",
  "paddingTop",
  "paddingRight",
  "paddingBottom",
  "paddingLeft",
  "borderTopWidth",
  "borderRightWidth",
  "borderBottomWidth",
  "borderLeftWidth",
  "fontFamily",
  "fontSize",
  "fontWeight",
  "fontStyle",
  "letterSpacing",
  "lineHeight",
  "textTransform",
  "wordSpacing",
  "tabSize",
  "textIndent",
] as const;

/** Boxes (viewport coordinates) around text[start, end) in a textarea or input, via a mirror. */
function fieldBoxes(win: Window, field: HTMLTextAreaElement | HTMLInputElement, start: number, end: number): Box[] {
  const doc = field.ownerDocument;
  const style = win.getComputedStyle(field);
  const rect = field.getBoundingClientRect();
  const mirror = doc.createElement("div");
  for (const p of MIRRORED) mirror.style[p] = style[p];
  Object.assign(mirror.style, {
    position: "fixed",
    left: `${String(rect.left)}px`,
    top: `${String(rect.top)}px`,
    visibility: "hidden",
    overflow: "hidden",
    whiteSpace: field.tagName === "TEXTAREA" ? "pre-wrap" : "pre",
    overflowWrap: "break-word",
    borderStyle: "solid",
  });
  const value = field.value;
  const mark = doc.createElement("span");
  mark.textContent = value.slice(start, end) || "\u200b";
  mirror.append(value.slice(0, start), mark, value.slice(end));
  doc.body.append(mirror);
  // Bring the finding into view inside the field if it is scrolled away.
  if (mark.offsetTop < field.scrollTop || mark.offsetTop + mark.offsetHeight > field.scrollTop + field.clientHeight)
    field.scrollTop = Math.max(0, mark.offsetTop - field.clientHeight / 3);
  const boxes = [...mark.getClientRects()].map((r) => ({
    left: r.left - field.scrollLeft,
    top: r.top - field.scrollTop,
    width: r.width,
    height: r.height,
  }));
  mirror.remove();
  // Only what is visible inside the field.
  return boxes.filter((b) => b.top + b.height > rect.top && b.top < rect.bottom);
}

/** Boxes around the `occurrence`-th `needle` in a rich editor's text nodes (viewport coordinates). */
function richBoxes(editor: HTMLElement, needle: string, occurrence: number): Box[] {
  const doc = editor.ownerDocument;
  const walker = doc.createTreeWalker(editor, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) nodes.push(n as Text);
  const found = locateInPieces(
    nodes.map((n) => n.data),
    needle,
    occurrence,
  );
  const startNode = found === null ? undefined : nodes[found.startPiece];
  const endNode = found === null ? undefined : nodes[found.endPiece];
  if (found === null || startNode === undefined || endNode === undefined) return [];
  const range = doc.createRange();
  range.setStart(startNode, found.startOffset);
  range.setEnd(endNode, found.endOffset);
  startNode.parentElement?.scrollIntoView({ block: "nearest" });
  // A rich editor may live in an iframe (TinyMCE): shift its rectangles into the top viewport.
  const frame = doc.defaultView?.frameElement;
  const shift = frame?.getBoundingClientRect() ?? { left: 0, top: 0 };
  return [...range.getClientRects()].map((r) => ({
    left: r.left + shift.left,
    top: r.top + shift.top,
    width: r.width,
    height: r.height,
  }));
}

export interface Highlighter {
  /** Draws boxes around `span` in `subject` or `body`; `text` is the field's text as scanned. */
  show(span: FindingSpan, editors: { subject: HTMLInputElement | null; body: HTMLElement | null }, text: string): void;
  clear(): void;
  remove(): void;
}

export function createHighlighter(win: Window): Highlighter {
  const doc = win.document;
  const host = doc.createElement("sigill-highlight");
  const root = host.attachShadow({ mode: "closed" });
  const style = doc.createElement("style");
  style.textContent = `:host { all: initial; position: fixed; inset: 0; pointer-events: none; z-index: 2147483647; }
.box { position: fixed; background: rgba(255, 196, 0, .35); outline: 2px solid #8a1c1c; border-radius: 2px; }`;
  root.append(style);
  let attached = false;
  const clear = () => {
    for (const b of root.querySelectorAll(".box")) b.remove();
  };
  return {
    show(span, editors, text) {
      clear();
      const needle = text.slice(span.start, span.end);
      const field = span.field === "subject" ? editors.subject : editors.body;
      if (field === null || needle === "") return;
      const boxes =
        field.tagName === "TEXTAREA" || field.tagName === "INPUT"
          ? fieldBoxes(win, field as HTMLTextAreaElement, span.start, span.end)
          : richBoxes(field, needle, occurrencesBefore(text, needle, span.start));
      if (!attached) {
        doc.documentElement.append(host);
        attached = true;
      }
      for (const b of boxes) {
        const box = doc.createElement("div");
        box.className = "box";
        Object.assign(box.style, {
          left: `${String(b.left - 1)}px`,
          top: `${String(b.top - 1)}px`,
          width: `${String(b.width + 2)}px`,
          height: `${String(b.height + 2)}px`,
        });
        root.append(box);
      }
    },
    clear,
    remove() {
      host.remove();
      attached = false;
    },
  };
}
