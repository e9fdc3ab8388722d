// What survives a webmail's class-name churn: roles, accessible names and titles. These helpers
// find controls and fields by what a screen reader would announce, in the UI languages our users
// run (Swedish and English first), so the adapters and the generic guard need no generated
// class names to recognise Send, the body, the subject or the recipient wells.
import { isElement } from "./types.ts";

/** Bidirectional marks Gmail wraps around "(Ctrl-Enter)" in its labels, and other invisible format characters. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu;

/** A label as a person reads it: no invisible marks, single spaces, trimmed. */
export function cleanLabel(text: string): string {
  return text.replace(INVISIBLE, "").replace(/\s+/gu, " ").trim();
}

/**
 * The first words of a send control's name in the webmails' UI languages: Swedish, English,
 * Norwegian and Danish ("Send"), Finnish, German, French, Spanish, Polish. A name counts when it
 * is one of these, alone or followed by something that is not a letter ("Send (Ctrl+Enter)",
 * "Skicka ‪(Ctrl-Enter)‬") or by another word ("Skicka senare": sending later is sending too).
 */
export const SEND_WORDS = ["send", "skicka", "sänd", "lähetä", "senden", "envoyer", "enviar", "wyślij"] as const;

const SEND_RE = new RegExp(`^(${SEND_WORDS.join("|")})(?![\\p{L}\\p{N}])`, "iu");

/** Whether a control named `name` sends (see {@link SEND_WORDS}). */
export function isSendName(name: string): boolean {
  return SEND_RE.test(cleanLabel(name));
}

/** Elements a person can activate: what a click, Enter or Space on a send control lands on. */
export const CONTROLS =
  "button, [role=button], [role=menuitem], input[type=submit], input[type=button], input[type=image], a[href]";

/** The text of the elements `aria-labelledby` points at ("" when none resolve). */
function labelledBy(el: Element): string {
  const ids = el.getAttribute("aria-labelledby");
  if (ids === null) return "";
  const doc = el.ownerDocument;
  return ids
    .split(/\s+/u)
    .map((id) => (id === "" ? "" : (doc.getElementById(id)?.textContent ?? "")))
    .join(" ");
}

/**
 * The names a control is known by, most specific first: aria-labelledby, aria-label, an input's
 * value, its text, its title, and a `data-tooltip` (Gmail's tooltip text). Not the full ARIA
 * algorithm: every one of them is checked, so a title "Send (Ctrl+Enter)" on a button whose text
 * is an icon still counts.
 */
export function namesOf(el: Element): string[] {
  const names = [
    labelledBy(el),
    el.getAttribute("aria-label") ?? "",
    el.tagName === "INPUT" ? (el as HTMLInputElement).value : "",
    el.tagName === "INPUT" ? "" : el.textContent.slice(0, 200),
    el.getAttribute("title") ?? "",
    el.getAttribute("data-tooltip") ?? "",
    el.getAttribute("name") ?? "",
  ];
  return names.map(cleanLabel).filter((n) => n !== "");
}

/** Whether `el` is a control whose name says it sends. */
export function isSendControlElement(el: Element): boolean {
  return namesOf(el).some(isSendName);
}

/**
 * The controls among `controls` that send when pressed: a menu button beside Send ("More send
 * options", the schedule-send arrow) only opens its menu. (It is still stopped on a sensitive draft:
 * scheduling a send is sending.)
 */
export function pressable<T extends Element>(controls: readonly T[]): T[] {
  return controls.filter((c) => !["true", "menu"].includes(c.getAttribute("aria-haspopup") ?? ""));
}

/** The send control `target` is (inside), or null: only the nearest control counts, never a container's text. */
export function sendControlOf(target: EventTarget | null): Element | null {
  if (!isElement(target)) return null;
  const control = target.closest(CONTROLS);
  return control !== null && !inEditedText(control) && isSendControlElement(control) ? control : null;
}

/** Every send control under `root`, in document order. */
export function sendControlsIn(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CONTROLS)].filter((c) => !inEditedText(c) && isSendControlElement(c));
}

/** A link or button inside the text being written (a draft that quotes "Skicka") is content, not a control. */
function inEditedText(el: Element): boolean {
  return (
    el.parentElement?.closest("[contenteditable=''], [contenteditable=true], [contenteditable=plaintext-only]") != null
  );
}

/**
 * Whether a field's label (aria-label, placeholder, title or name) starts with one of `labels`,
 * compared case-insensitively and followed by nothing or by something that is not a letter: the
 * label "Message body, press Alt+F10 to exit" starts with "Message body".
 */
export function labelStartsWith(el: Element, labels: readonly string[]): boolean {
  const own = ["aria-label", "placeholder", "title"].map((a) => cleanLabel(el.getAttribute(a) ?? ""));
  own.push(cleanLabel(labelledBy(el)));
  return own.some((label) => {
    const lower = label.toLocaleLowerCase("sv");
    return labels.some((l) => {
      const want = l.toLocaleLowerCase("sv");
      return lower.startsWith(want) && !/[\p{L}\p{N}]/u.test(lower.charAt(want.length));
    });
  });
}

/** Whether a field's label is exactly one of `labels` (case-insensitive, invisible marks ignored). */
export function labelIs(el: Element, labels: readonly string[]): boolean {
  const own = ["aria-label", "placeholder", "title"].map((a) => cleanLabel(el.getAttribute(a) ?? ""));
  own.push(cleanLabel(labelledBy(el)));
  return own.some((label) => labels.some((l) => label.localeCompare(l, "sv", { sensitivity: "accent" }) === 0));
}

/**
 * Whether `el` is drawn on the page. Hidden editors (Gmail's plain-text twin, Roundcube's recipient
 * textareas) are not what a person types into. Documents without layout (linkedom in tests) have
 * no `getClientRects`: there everything counts as shown.
 */
export function isShown(el: Element): boolean {
  const rects = (el as Partial<Element>).getClientRects?.();
  if (rects === undefined) return !el.closest("[hidden]");
  return rects.length > 0;
}

/**
 * The compose window around `start`: its nearest ancestor that holds one of `markers[0]` (the
 * page's send controls), else one of `markers[1]` (say, a To well or a subject), and so on; else
 * the nearest ancestor matching `fallback`; else `start`'s parent. A group may be given as a
 * function: it is looked up only when the groups before it found nothing.
 */
export function regionAround(
  start: Element,
  markers: readonly (readonly Element[] | (() => readonly Element[]))[],
  fallback?: string,
): Element {
  for (const entry of markers) {
    const group = typeof entry === "function" ? entry() : entry;
    if (group.length === 0) continue;
    for (let el = start.parentElement; el !== null; el = el.parentElement) {
      if (group.some((c) => el.contains(c))) return el;
    }
  }
  const around = fallback === undefined ? null : (start.parentElement?.closest(fallback) ?? null);
  return around ?? start.parentElement ?? start;
}

/** An editor and the element of the page that holds it: itself, or the iframe its document is in. */
export interface PlacedEditor {
  readonly el: HTMLElement;
  readonly host: Element;
}

/** The document of a same-origin iframe; null for another origin (not readable, and not ours to guard). */
export function frameDocument(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    return null;
  }
}

/**
 * Elements matching `selector` in `doc` and in the documents of its same-origin iframes (one level:
 * TinyMCE, CKEditor and classic OWA put the editor in an iframe of the compose page), each with the
 * element of `doc` that holds it. A frame whose body is itself the editor (design mode) counts as
 * one editor, its body.
 */
export function placedEditors(doc: Document, selector: string): PlacedEditor[] {
  const out: PlacedEditor[] = [];
  for (const el of doc.querySelectorAll<HTMLElement>(`${selector}, iframe`)) {
    if (el.tagName !== "IFRAME") {
      out.push({ el, host: el });
      continue;
    }
    const inner = frameDocument(el as HTMLIFrameElement);
    const body = inner?.body ?? null;
    if (inner === null || body === null || !isShown(el)) continue;
    if (inner.designMode === "on" || body.getAttribute("contenteditable") === "true" || body.isContentEditable)
      out.push({ el: body, host: el });
    else for (const e of inner.querySelectorAll<HTMLElement>(selector)) out.push({ el: e, host: el });
  }
  return out;
}
